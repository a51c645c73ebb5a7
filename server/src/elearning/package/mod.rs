//! E-learning packages from authoring tools (SCORM 1.2 and 2004): an uploaded zip is checked
//! entry by entry ([`unpack`]), its manifest read ([`manifest`]), and the whole stored in the
//! database as a new version of the course's package ([`store`]), so that every instance of the
//! portal serves the same files and a backup of the database holds them.
pub mod attempts;
pub mod launch;
pub mod manifest;
pub mod report;
pub mod runtime;
pub mod store;
pub mod unpack;

use app::{error::AppError, messages::Message};
pub use manifest::{Item, Launch, Manifest, ScormVersion, flattened, launchable};

/// What a package may be (`KURSPORTAL_PACKAGE_MAX_MB`, `…_MAX_UNPACKED_MB`, `…_MAX_FILES`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The zip file as uploaded.
    pub max_upload_bytes: u64,
    /// Every file unpacked, counted while inflating.
    pub max_unpacked_bytes: u64,
    /// Entries in the zip, folders included.
    pub max_files: usize,
}

impl Default for Limits {
    /// 300 MB uploaded, 1,000 MB unpacked, 10,000 entries: more than the largest packages
    /// Storyline and Rise export with video, and far less than a zip bomb.
    fn default() -> Self {
        Self {
            max_upload_bytes: 300 << 20,
            max_unpacked_bytes: 1000 << 20,
            max_files: 10_000,
        }
    }
}

/// Why a package was not taken, in words for the person who uploaded it.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub Message);

impl From<Refused> for AppError {
    fn from(refused: Refused) -> Self {
        AppError::invalid("package", refused.0)
    }
}

/// The refusal of an upload larger than `KURSPORTAL_PACKAGE_MAX_MB` (also when the HTTP body
/// limit stops it before it is read).
pub fn upload_too_large(limits: &Limits) -> Refused {
    Refused(
        Message::new("Pakken er større enn {max} MB og tas ikke imot.")
            .arg("max", limits.max_upload_bytes >> 20),
    )
}

/// A package read and checked, ready to be stored.
#[derive(Debug)]
pub struct Checked {
    pub manifest: Manifest,
    pub listing: unpack::Listing,
}

/// Reads and checks an uploaded zip: every refusal of the list happens here, before
/// anything is stored.
pub fn check(bytes: &[u8], limits: &Limits) -> Result<Checked, Refused> {
    if bytes.is_empty() {
        return Err(Refused(Message::new("Velg en pakke (.zip) å laste opp.")));
    }
    if bytes.len() as u64 > limits.max_upload_bytes {
        return Err(upload_too_large(limits));
    }
    let listing = unpack::list(bytes, limits)?;
    let entry = listing
        .entries
        .iter()
        .find(|e| e.path == unpack::MANIFEST)
        .ok_or_else(|| {
            Refused(Message::new(
                "Pakken har ingen imsmanifest.xml. En SCORM-pakke har manifestet øverst i zip-filen.",
            ))
        })?;
    let text = unpack::read(bytes, entry, limits)?;
    let text =
        String::from_utf8(text).map_err(|_| Refused(Message::new("imsmanifest.xml er ikke UTF-8-tekst.")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let paths: std::collections::HashSet<&str> = listing.entries.iter().map(|e| e.path.as_str()).collect();
    let manifest = manifest::parse(text, |path| paths.contains(path))?;
    Ok(Checked { manifest, listing })
}

/// The content type a file of a package is served with (with `nosniff`, so it must be right).
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "xml" | "xsd" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "mp4" | "m4v" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "wav" => "audio/wav",
        "ogg" => "audio/ogg",
        "vtt" => "text/vtt; charset=utf-8",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "swf" => "application/x-shockwave-flash",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}
