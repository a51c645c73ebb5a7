//! Every message the code writes for a person is in the catalogue
//! (`app/src/messages/catalogue.json`) in nynorsk and English, with the same arguments
//! (`cargo test -p server --lib message`).
//!
//! A message is found the way a reader would find it: a string literal in `server/src` or
//! `app/src` (tests and demo data left out) that reads as a Norwegian sentence, starting with a
//! capital letter and ending with a full stop, question mark or exclamation mark. Texts that are
//! not messages to the person on the page (log lines, the integration API's English, the text
//! of a document) are in files listed in [`NOT_MESSAGES`].
use crate::layout_tests::sources_under;
use app::messages::catalogue;
use std::{collections::BTreeSet, path::Path};

/// Files whose Norwegian sentences are not messages shown with a form or page: documents (the
/// kursbevis, the data export), the integration API (English for integrators) and the command
/// line.
const NOT_MESSAGES: &[&str] = &[
    "learning/certificate.rs",
    "support/export.rs",
    "http/integration_api.rs",
    "cli.rs",
];

/// The string literals of `code`, with their escapes and line continuations resolved.
fn literals(code: &str) -> Vec<String> {
    let bytes: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            '/' if bytes.get(i + 1) == Some(&'/') => {
                while i < bytes.len() && bytes[i] != '\n' {
                    i += 1;
                }
            }
            '\'' => {
                // A char literal ('"', '\'') or a lifetime ('a).
                if bytes.get(i + 1) == Some(&'\\') {
                    i += 4;
                } else if bytes.get(i + 2) == Some(&'\'') {
                    i += 3;
                } else {
                    i += 1;
                }
            }
            'r' if bytes.get(i + 1) == Some(&'#') || bytes.get(i + 1) == Some(&'"') => {
                let hashes = bytes[i + 1..].iter().take_while(|c| **c == '#').count();
                let start = i + 1 + hashes;
                if bytes.get(start) != Some(&'"') || (i > 0 && bytes[i - 1].is_alphanumeric()) {
                    i += 1;
                    continue;
                }
                let close: String = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', hashes))
                    .collect();
                let rest: String = bytes[start + 1..].iter().collect();
                let end = rest.find(&close).unwrap_or(rest.len());
                i = start + 1 + rest[..end].chars().count() + close.chars().count();
            }
            '"' => {
                let mut text = String::new();
                i += 1;
                while i < bytes.len() && bytes[i] != '"' {
                    if bytes[i] == '\\' {
                        match bytes.get(i + 1) {
                            Some('\n') => {
                                i += 2;
                                while i < bytes.len() && bytes[i].is_whitespace() {
                                    i += 1;
                                }
                                continue;
                            }
                            Some('n') => text.push('\n'),
                            Some(other) => text.push(*other),
                            None => {}
                        }
                        i += 2;
                    } else {
                        text.push(bytes[i]);
                        i += 1;
                    }
                }
                i += 1;
                out.push(text);
            }
            _ => i += 1,
        }
    }
    out
}

/// Whether a literal reads as a Norwegian sentence for a person.
fn is_message(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "er", "og", "kan", "ikke", "må", "en", "et", "på", "til", "med", "som", "har", "du", "fra", "Skriv",
        "Velg", "eller", "finnes", "allerede",
    ];
    let starts_capital = text.chars().next().is_some_and(|c| c.is_uppercase() || c == '«');
    let ends_sentence = text.trim_end().ends_with(['.', '?', '!']);
    let norwegian = text.contains(['æ', 'ø', 'å', 'Æ', 'Ø', 'Å'])
        || text
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| WORDS.contains(&word));
    text.chars().count() >= 8 && starts_capital && ends_sentence && norwegian && !text.contains("{}")
}

fn placeholders(template: &str) -> BTreeSet<&str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// The messages the code writes, each with the file it is in.
fn messages_in_code() -> Vec<(String, String)> {
    let server = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let app = server.join("../../app/src");
    let mut found = Vec::new();
    for root in [&server, &app] {
        for (path, code) in sources_under(root) {
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if relative.starts_with("demo/") || NOT_MESSAGES.contains(&relative.as_str()) {
                continue;
            }
            // Log lines are for operators, in English; skip the macros' arguments.
            let code: String = code
                .lines()
                .filter(|line| !line.trim_start().starts_with("tracing::"))
                .collect::<Vec<_>>()
                .join("\n");
            for text in literals(&code).into_iter().filter(|t| is_message(t)) {
                found.push((text, relative.clone()));
            }
        }
    }
    found
}

#[test]
fn the_literal_reader_reads_continued_lines_and_skips_chars_and_raw_strings() {
    let code = "let a = '\"'; let b = r#\"Ikke \"dette\".\"#; f(\"Skriv inn \\\n        navnet ditt.\");";
    assert_eq!(literals(code), vec!["Skriv inn navnet ditt.".to_string()]);
    assert!(is_message("Skriv inn navnet ditt."));
    assert!(!is_message("the form is too large"));
}

#[test]
fn every_message_in_the_code_is_in_the_catalogue() {
    let entries = catalogue::entries();
    assert!(!entries.is_empty(), "catalogue.json does not parse");
    let missing: BTreeSet<String> = messages_in_code()
        .into_iter()
        .filter(|(text, _)| !entries.contains_key(text))
        .map(|(text, file)| format!("{file}: {text}"))
        .collect();
    assert!(
        missing.is_empty(),
        "{} messages are not in app/src/messages/catalogue.json:\n{}",
        missing.len(),
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn every_translation_has_the_arguments_of_its_key() {
    let parsed: std::collections::HashMap<String, catalogue::Entry> =
        serde_json::from_str(catalogue::SOURCE).expect("catalogue.json parses");
    for (key, entry) in &parsed {
        for (language, text) in [("nn", &entry.nn), ("en", &entry.en)] {
            assert_eq!(placeholders(key), placeholders(text), "{language} of «{key}»");
            assert!(!text.trim().is_empty(), "{language} of «{key}» is empty");
        }
    }
}
