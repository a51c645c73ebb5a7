//! The certificate («kursbevis») as a QR code and as a one-page A4 PDF.
use crate::learning::pdf::{Font, PAGE_HEIGHT, PAGE_WIDTH, Page, PdfError, wrap};
use app::learning::types::{Certificate, CertificateStatus};
use qrcode::{Color, QrCode};

/// The QR code of `url` as an SVG path (one `h1v1h-1z` square per dark module) and its size
/// in modules, quiet zone excluded.
pub fn qr_path(url: &str) -> (String, u32) {
    let Ok(code) = QrCode::new(url.as_bytes()) else {
        return (String::new(), 0);
    };
    let width = code.width();
    let mut path = String::new();
    for (index, color) in code.to_colors().into_iter().enumerate() {
        if color == Color::Dark {
            path.push_str(&format!("M{} {}h1v1h-1z", index % width, index / width));
        }
    }
    (path, u32::try_from(width).unwrap_or(0))
}

fn qr_modules(url: &str) -> (Vec<bool>, usize) {
    match QrCode::new(url.as_bytes()) {
        Ok(code) => (
            code.to_colors().into_iter().map(|c| c == Color::Dark).collect(),
            code.width(),
        ),
        Err(_) => (Vec::new(), 0),
    }
}

/// The printable PDF of a certificate.
pub fn pdf(certificate: &Certificate) -> Result<Vec<u8>, PdfError> {
    let mut page = Page::default();
    let margin = 56.0;
    page.stroke_rect(
        margin - 16.0,
        margin - 16.0,
        PAGE_WIDTH - 2.0 * (margin - 16.0),
        PAGE_HEIGHT - 2.0 * (margin - 16.0),
        1.5,
    );
    let mut y = PAGE_HEIGHT - margin - 40.0;
    page.text(margin, y, Font::Bold, 32.0, "KURSBEVIS");
    y -= 22.0;
    page.text(margin, y, Font::Regular, 12.0, &certificate.issuer);
    y -= 48.0;
    for line in wrap(&certificate.course_title, 34) {
        page.text(margin, y, Font::Bold, 20.0, &line);
        y -= 26.0;
    }
    page.text(
        margin,
        y,
        Font::Regular,
        12.0,
        &format!("Kurskode: {}", certificate.course_code),
    );
    y -= 44.0;
    let rows = [
        ("Navn", certificate.holder_name.clone()),
        (
            "Fødselsdato",
            certificate.birth_date.clone().unwrap_or_else(|| "–".into()),
        ),
        ("Gjennomført", certificate.completed_on.clone()),
        ("Resultat", certificate.result.clone()),
        (
            "Gyldig til",
            certificate
                .valid_until
                .clone()
                .unwrap_or_else(|| "Ingen utløpsdato".into()),
        ),
        ("Utstedt av", certificate.issuer.clone()),
        ("Kode", certificate.code.clone()),
    ];
    for (label, value) in rows {
        page.text(margin, y, Font::Regular, 11.0, label);
        page.text(margin + 110.0, y, Font::Bold, 13.0, &value);
        y -= 26.0;
    }
    status_line(&mut page, margin, y - 10.0, certificate.status);
    qr_code(&mut page, margin, &certificate.verify_url);
    page.text(
        margin,
        margin + 70.0,
        Font::Regular,
        10.0,
        "Kontroller kursbeviset:",
    );
    page.text(margin, margin + 56.0, Font::Bold, 10.0, &certificate.verify_url);
    page.into_pdf(&format!(
        "Kursbevis {} {}",
        certificate.course_code, certificate.code
    ))
}

/// «UTLØPT» or «TRUKKET TILBAKE» under the rows, for a certificate that no longer holds.
fn status_line(page: &mut Page, margin: f32, y: f32, status: CertificateStatus) {
    match status {
        CertificateStatus::Valid => {}
        CertificateStatus::Expired => {
            page.text(
                margin,
                y,
                Font::Bold,
                16.0,
                "UTLØPT – dette kursbeviset er ikke lenger gyldig.",
            );
        }
        CertificateStatus::Revoked => {
            page.text(
                margin,
                y,
                Font::Bold,
                16.0,
                "TRUKKET TILBAKE – dette kursbeviset gjelder ikke.",
            );
        }
    }
}

/// The QR code at the bottom right (the address is printed beside it for those without a camera).
fn qr_code(page: &mut Page, margin: f32, url: &str) {
    let (modules, width) = qr_modules(url);
    if width > 0 {
        let size = 130.0;
        let cell = size / width as f32;
        let (left, bottom) = (PAGE_WIDTH - margin - size, margin + 20.0);
        for (index, dark) in modules.iter().enumerate() {
            if *dark {
                let (x, row) = ((index % width) as f32, (index / width) as f32);
                page.fill_rect(
                    left + x * cell,
                    bottom + size - (row + 1.0) * cell,
                    cell,
                    cell,
                    0.0,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_qr_path_draws_the_finder_patterns() {
        let (path, size) = qr_path("https://kurs.example.no/verifiser/ABCDE-23456");
        assert!(size >= 21);
        // The top-left finder pattern starts with a dark module at (0, 0).
        assert!(path.starts_with("M0 0h1v1h-1z"));
    }
}
