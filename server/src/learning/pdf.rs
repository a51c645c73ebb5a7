//! One A4 page of text and rectangles, written as PDF by `krilla` with the DejaVu Sans fonts
//! embedded (subset to the glyphs used), so every name prints as written: Norwegian, Sámi
//! (Čuoŋománnu, Đuolja), Polish, Baltic, Czech, German, French, Vietnamese Latin. The text
//! stays extractable (`pdftotext` reads it back). The fonts and their licence are in
//! `server/assets/fonts/`; they are compiled into the binary, so nothing is read at run time.
//!
//! Coordinates are PDF's own (origin bottom left, points), as the kursbevis layout uses them.
use krilla::{
    Document,
    color::luma,
    geom::{PathBuilder, Point, Rect},
    metadata::Metadata,
    num::NormalizedF32,
    page::PageSettings,
    paint::{Fill, Stroke},
    text::{Font as Face, TextDirection},
};
use std::sync::LazyLock;

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The two faces, parsed once.
static FACES: LazyLock<Option<(Face, Face)>> =
    LazyLock::new(|| Some((Face::new(REGULAR.into(), 0)?, Face::new(BOLD.into(), 0)?)));

#[derive(Debug, Clone, Copy)]
pub enum Font {
    Regular,
    Bold,
}

/// What the page draws, in order.
#[derive(Debug)]
enum Op {
    Text {
        x: f32,
        y: f32,
        font: Font,
        size: f32,
        text: String,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        gray: f32,
    },
    Stroke {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        line_width: f32,
    },
}

/// The drawing operations of one page, in PDF's coordinates (origin bottom left, points).
#[derive(Debug, Default)]
pub struct Page {
    ops: Vec<Op>,
}

/// Why a page could not be written (the embedded fonts did not parse, or krilla refused).
#[derive(Debug, thiserror::Error)]
#[error("the PDF could not be written: {0}")]
pub struct PdfError(String);

impl Page {
    pub fn text(&mut self, x: f32, y: f32, font: Font, size: f32, text: &str) {
        self.ops.push(Op::Text {
            x,
            y,
            font,
            size,
            text: text.to_string(),
        });
    }

    /// A filled rectangle in grey level `gray` (0 black, 1 white).
    pub fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, gray: f32) {
        self.ops.push(Op::Fill { x, y, w, h, gray });
    }

    /// A rectangle outline.
    pub fn stroke_rect(&mut self, x: f32, y: f32, w: f32, h: f32, line_width: f32) {
        self.ops.push(Op::Stroke {
            x,
            y,
            w,
            h,
            line_width,
        });
    }

    /// The finished document.
    pub fn into_pdf(self, title: &str) -> Result<Vec<u8>, PdfError> {
        let (regular, bold) = FACES
            .clone()
            .ok_or_else(|| PdfError("the embedded fonts did not parse".into()))?;
        let mut document = Document::new();
        document.set_metadata(
            Metadata::new()
                .title(title.to_string())
                .producer("Kursportal".to_string()),
        );
        let settings =
            PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or_else(|| PdfError("the page size".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        // krilla's origin is the top left, y downwards.
        let flip = |y: f32| PAGE_HEIGHT - y;
        for op in self.ops {
            match op {
                Op::Text {
                    x,
                    y,
                    font,
                    size,
                    text,
                } => {
                    let face = match font {
                        Font::Regular => regular.clone(),
                        Font::Bold => bold.clone(),
                    };
                    surface.set_fill(Some(Fill::default()));
                    surface.draw_text(
                        Point::from_xy(x, flip(y)),
                        face,
                        size,
                        &text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Op::Fill { x, y, w, h, gray } => {
                    let Some(path) = rectangle(x, flip(y + h), w, h) else {
                        continue;
                    };
                    surface.set_stroke(None);
                    surface.set_fill(Some(Fill {
                        paint: luma::Color::new((gray.clamp(0.0, 1.0) * 255.0).round() as u8).into(),
                        ..Fill::default()
                    }));
                    surface.draw_path(&path);
                }
                Op::Stroke {
                    x,
                    y,
                    w,
                    h,
                    line_width,
                } => {
                    let Some(path) = rectangle(x, flip(y + h), w, h) else {
                        continue;
                    };
                    surface.set_fill(None);
                    surface.set_stroke(Some(Stroke {
                        width: line_width,
                        opacity: NormalizedF32::ONE,
                        ..Stroke::default()
                    }));
                    surface.draw_path(&path);
                    surface.set_stroke(None);
                }
            }
        }
        surface.finish();
        page.finish();
        document.finish().map_err(|error| PdfError(format!("{error:?}")))
    }
}

fn rectangle(x: f32, top: f32, w: f32, h: f32) -> Option<krilla::geom::Path> {
    let mut builder = PathBuilder::new();
    builder.push_rect(Rect::from_xywh(x, top, w, h)?);
    builder.finish()
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
    fn a_page_is_a_pdf_with_the_fonts_embedded() {
        let mut page = Page::default();
        page.text(72.0, 700.0, Font::Bold, 20.0, "Máret Čuoŋománnu");
        page.text(72.0, 670.0, Font::Regular, 12.0, "Łukasz Wiśniewski");
        page.fill_rect(72.0, 600.0, 10.0, 10.0, 0.0);
        page.stroke_rect(40.0, 40.0, 500.0, 760.0, 1.5);
        let pdf = page.into_pdf("Kursbevis").unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/FontFile2"), "a TrueType font is embedded");
        assert!(text.contains("DejaVuSans-Bold"), "by name");
        assert!(
            text.contains("/ToUnicode"),
            "text extractors can map the glyphs back"
        );
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(
            wrap("Arbeid på og ved spor for entreprenører", 16),
            vec!["Arbeid på og ved", "spor for", "entreprenører"]
        );
    }
}
