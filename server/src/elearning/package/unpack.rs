//! Reading an uploaded zip file without trusting it: every entry's name is checked before
//! anything else (no `..`, no absolute path, no drive letter, no symbolic link), the number of
//! entries and the unpacked size are limited, and the size is counted while inflating, so a
//! header that understates it (a zip bomb) is caught at the limit, not after.
use super::{Limits, Refused};
use app::messages::Message;
use std::io::{Cursor, Read};

/// The name of the manifest every package has at its root.
pub const MANIFEST: &str = "imsmanifest.xml";

/// A checked entry: its path inside the package (after any single top folder the package was
/// zipped in), and where it is in the zip.
#[derive(Debug, Clone)]
pub struct Entry {
    pub path: String,
    index: usize,
    pub size: u64,
}

/// The zip's file entries, checked; directories are left out (they are implied by the paths).
#[derive(Debug, Clone)]
pub struct Listing {
    pub entries: Vec<Entry>,
    pub unpacked_bytes: u64,
}

impl Listing {
    pub fn contains(&self, path: &str) -> bool {
        self.entries.iter().any(|e| e.path == path)
    }
}

fn open(bytes: &[u8]) -> Result<zip::ZipArchive<Cursor<&[u8]>>, Refused> {
    zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
        Refused(Message::new(
            "Filen er ikke en zip-fil. Last opp pakken slik forfatterverktøyet eksporterte den (SCORM-pakke, .zip).",
        ))
    })
}

/// Lists and checks every entry; inflates each to count its real size (nothing is kept).
pub fn list(bytes: &[u8], limits: &Limits) -> Result<Listing, Refused> {
    let mut archive = open(bytes)?;
    if archive.len() > limits.max_files {
        return Err(Refused(
            Message::new("Pakken har {count} filer; mer enn {max} tas ikke imot.")
                .arg("count", archive.len())
                .arg("max", limits.max_files),
        ));
    }
    let mut entries = Vec::new();
    let mut unpacked_bytes = 0u64;
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).map_err(|_| unreadable())?;
        let raw = file.name().map_err(|_| unreadable())?.to_string();
        let path = safe_path(&raw)?;
        if file.is_symlink() {
            return Err(Refused(
                Message::new("Pakken inneholder en snarvei («{name}»). Snarveier tas ikke imot.")
                    .arg("name", shown(&raw)),
            ));
        }
        if file.is_dir() {
            continue;
        }
        if file.encrypted() {
            return Err(Refused(Message::new(
                "Pakken er passordbeskyttet. Last opp en pakke uten passord.",
            )));
        }
        // Counted while inflating: the header's size may lie.
        let room = limits.max_unpacked_bytes.saturating_sub(unpacked_bytes);
        let size =
            std::io::copy(&mut (&mut file).take(room + 1), &mut std::io::sink()).map_err(|_| unreadable())?;
        if size > room {
            return Err(too_large(limits));
        }
        unpacked_bytes += size;
        entries.push(Entry { path, index, size });
    }
    strip_single_top_folder(&mut entries);
    Ok(Listing {
        entries,
        unpacked_bytes,
    })
}

/// The bytes of one checked entry.
pub fn read(bytes: &[u8], entry: &Entry, limits: &Limits) -> Result<Vec<u8>, Refused> {
    let mut archive = open(bytes)?;
    read_from(&mut archive, entry, limits)
}

/// Inflates every entry in order and hands each to `take` (for storing one at a time).
pub fn each(
    bytes: &[u8],
    listing: &Listing,
    limits: &Limits,
    mut take: impl FnMut(&Entry, Vec<u8>) -> bool,
) -> Result<(), Refused> {
    let mut archive = open(bytes)?;
    for entry in &listing.entries {
        let data = read_from(&mut archive, entry, limits)?;
        if !take(entry, data) {
            break;
        }
    }
    Ok(())
}

fn read_from(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    entry: &Entry,
    limits: &Limits,
) -> Result<Vec<u8>, Refused> {
    let file = archive.by_index(entry.index).map_err(|_| unreadable())?;
    let mut data = Vec::with_capacity(entry.size.min(64 << 20) as usize);
    file.take(limits.max_unpacked_bytes + 1)
        .read_to_end(&mut data)
        .map_err(|_| unreadable())?;
    if data.len() as u64 > limits.max_unpacked_bytes {
        return Err(too_large(limits));
    }
    Ok(data)
}

fn unreadable() -> Refused {
    Refused(Message::new(
        "Zip-filen er skadet og kan ikke leses. Eksporter pakken på nytt fra forfatterverktøyet.",
    ))
}

fn too_large(limits: &Limits) -> Refused {
    Refused(
        Message::new("Pakken blir større enn {max} MB når den pakkes ut, og tas ikke imot.")
            .arg("max", limits.max_unpacked_bytes >> 20),
    )
}

/// A name as it may be shown: at most 120 characters, no control characters.
fn shown(raw: &str) -> String {
    raw.chars().filter(|c| !c.is_control()).take(120).collect()
}

/// The entry's path with `/` separators, refused if it could leave the package.
pub fn safe_path(raw: &str) -> Result<String, Refused> {
    let refused = || {
        Refused(
            Message::new(
                "Pakken inneholder en fil som peker ut av pakken («{name}»). Slike pakker tas ikke imot.",
            )
            .arg("name", shown(raw)),
        )
    };
    let path = raw.replace('\\', "/");
    let drive = path.as_bytes().get(1) == Some(&b':');
    if path.starts_with('/') || drive || path.contains('\0') {
        return Err(refused());
    }
    let mut parts = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err(refused()),
            part => parts.push(part),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Ok(joined)
}

/// A package zipped with its folder (`golf/imsmanifest.xml`, `golf/shared/…`) is read as if
/// the folder's content had been zipped.
fn strip_single_top_folder(entries: &mut [Entry]) {
    if entries.iter().any(|e| e.path == MANIFEST) {
        return;
    }
    let Some(top) = entries
        .iter()
        .find_map(|e| {
            e.path
                .strip_suffix(MANIFEST)
                .filter(|p| p.matches('/').count() == 1)
        })
        .map(str::to_string)
    else {
        return;
    };
    if entries.iter().all(|e| e.path.starts_with(&top)) {
        for entry in entries.iter_mut() {
            entry.path = entry.path[top.len()..].to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_package_are_refused() {
        for bad in [
            "../evil.html",
            "a/../../evil.html",
            "/etc/passwd",
            "\\windows\\evil.dll",
            "C:/evil.html",
            "c:\\evil.html",
            "a/b/..\\..\\..\\evil",
            "nul\0byte.html",
        ] {
            assert!(safe_path(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            safe_path("shared/launchpage.html").unwrap(),
            "shared/launchpage.html"
        );
        assert_eq!(safe_path("./a//b.html").unwrap(), "a/b.html");
        assert_eq!(safe_path("content\\page.html").unwrap(), "content/page.html");
    }
}
