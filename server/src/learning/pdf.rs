//! A small PDF writer: one A4 page of text in the standard Helvetica fonts and filled
//! rectangles. Enough for a certificate, with no font files and no native libraries;
//! Norwegian letters travel in WinAnsiEncoding, so text extractors read them back.
use std::fmt::Write as _;

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;

#[derive(Debug, Clone, Copy)]
pub enum Font {
    Regular,
    Bold,
}

/// The drawing operations of one page, in PDF's coordinates (origin bottom left, points).
#[derive(Debug, Default)]
pub struct Page {
    content: String,
}

impl Page {
    pub fn text(&mut self, x: f32, y: f32, font: Font, size: f32, text: &str) {
        let name = match font {
            Font::Regular => "F1",
            Font::Bold => "F2",
        };
        let _ = writeln!(
            self.content,
            "BT /{name} {size:.1} Tf {x:.2} {y:.2} Td ({}) Tj ET",
            encode(text)
        );
    }

    /// A filled rectangle in grey level `gray` (0 black, 1 white).
    pub fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, gray: f32) {
        let _ = writeln!(self.content, "{gray:.2} g {x:.2} {y:.2} {w:.2} {h:.2} re f 0 g");
    }

    /// A rectangle outline.
    pub fn stroke_rect(&mut self, x: f32, y: f32, w: f32, h: f32, line_width: f32) {
        let _ = writeln!(self.content, "{line_width:.2} w {x:.2} {y:.2} {w:.2} {h:.2} re S");
    }

    /// The finished document.
    pub fn into_pdf(self, title: &str) -> Vec<u8> {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] \
                 /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"
            ),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
                .to_string(),
            format!(
                "<< /Length {} >>\nstream\n{}endstream",
                self.content.len(),
                self.content
            ),
            format!("<< /Title ({}) /Producer (Kursportal) >>", encode(title)),
        ];
        let mut out = String::from("%PDF-1.4\n");
        let mut offsets = Vec::with_capacity(objects.len());
        for (index, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            let _ = write!(out, "{} 0 obj\n{body}\nendobj\n", index + 1);
        }
        let xref = out.len();
        let _ = write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
        for offset in offsets {
            let _ = writeln!(out, "{offset:010} 00000 n ");
        }
        let _ = write!(
            out,
            "trailer\n<< /Size {} /Root 1 0 R /Info 7 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        );
        out.into_bytes()
    }
}

/// A PDF string literal's inside: WinAnsi bytes, with everything outside printable ASCII
/// as an octal escape so the file stays 7-bit.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let byte = win_ansi(c);
        match byte {
            b'(' | b')' | b'\\' => {
                out.push('\\');
                out.push(byte as char);
            }
            0x20..=0x7e => out.push(byte as char),
            _ => {
                let _ = write!(out, "\\{byte:03o}");
            }
        }
    }
    out
}

/// The WinAnsiEncoding byte of a character; `?` for what the standard fonts cannot show.
fn win_ansi(c: char) -> u8 {
    match c {
        ' '..='~' => c as u8,
        '\u{a0}'..='\u{ff}' => c as u32 as u8,
        '–' => 0x96,
        '—' => 0x97,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '€' => 0x80,
        '…' => 0x85,
        _ => b'?',
    }
}

/// Splits `text` into lines of at most `width` characters at spaces.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norwegian_letters_and_delimiters_are_escaped() {
        assert_eq!(encode("Blåbær (ø)"), "Bl\\345b\\346r \\(\\370\\)");
        assert_eq!(encode("a\\b"), "a\\\\b");
        assert_eq!(encode("ABC–DEF"), "ABC\\226DEF");
        assert_eq!(encode("日本"), "??");
    }

    #[test]
    fn the_cross_reference_table_points_at_each_object() {
        let mut page = Page::default();
        page.text(72.0, 700.0, Font::Bold, 20.0, "Kursbevis");
        let pdf = page.into_pdf("Kursbevis");
        let text = String::from_utf8(pdf.clone()).unwrap();
        assert!(text.starts_with("%PDF-1.4"));
        let startxref: usize = text
            .rsplit("startxref\n")
            .next()
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(text[startxref..].starts_with("xref"));
        for (number, line) in text[startxref..].lines().skip(3).take(7).enumerate() {
            let offset: usize = line[..10].parse().unwrap();
            assert!(
                text[offset..].starts_with(&format!("{} 0 obj", number + 1)),
                "object {}",
                number + 1
            );
        }
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(
            wrap("Arbeid på og ved spor for entreprenører", 16),
            vec!["Arbeid på og ved", "spor for", "entreprenører"]
        );
    }
}
