//! Folding for search: case, accents, Norwegian letters and hyphens do not matter.

/// Folds a text to lower-case ASCII-like letters: «Æ» → «ae», «Ø» → «o», «Å» → «a», «é» → «e».
/// Anything that is not a letter or digit separates words, except a hyphen inside a word, which
/// is dropped («e-læring» → «elaering»).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        for lower in c.to_lowercase() {
            match lower {
                'a'..='z' | '0'..='9' => out.push(lower),
                'æ' | 'ä' => out.push_str("ae"),
                'ø' | 'ö' | 'ó' | 'ò' | 'ô' | 'õ' => out.push('o'),
                'å' | 'á' | 'à' | 'â' | 'ã' => out.push('a'),
                'é' | 'è' | 'ê' | 'ë' => out.push('e'),
                'í' | 'ì' | 'î' | 'ï' => out.push('i'),
                'ú' | 'ù' | 'û' | 'ü' => out.push('u'),
                'ý' | 'ÿ' => out.push('y'),
                'ç' => out.push('c'),
                'ñ' => out.push('n'),
                'ß' => out.push_str("ss"),
                '-' | '\u{2010}' | '\u{2011}' | '\u{00ad}'
                    if !out.is_empty()
                        && !out.ends_with(' ')
                        && chars.peek().is_some_and(|n| n.is_alphanumeric()) => {}
                other if other.is_alphanumeric() => out.push(other),
                _ => {
                    if !out.is_empty() && !out.ends_with(' ') {
                        out.push(' ');
                    }
                }
            }
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The words of a query, folded; at most eight, each at most 64 characters.
pub fn query_words(query: &str) -> Vec<String> {
    fold(query)
        .split(' ')
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| w.chars().take(64).collect())
        .collect()
}

/// A field's words, folded, as « w1 w2 w3 » so that `contains(" w")` is a word-prefix test.
/// Hyphenated words are kept joined and also as their parts («e-læring» → «elaering e laering»).
pub(super) fn field_text(text: &str) -> String {
    let mut words: Vec<String> = fold(text).split(' ').map(String::from).collect();
    for raw in text.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
        if raw.contains('-') {
            for part in raw.split('-').map(fold) {
                if !part.is_empty() && !words.contains(&part) {
                    words.push(part);
                }
            }
        }
    }
    format!(" {} ", words.join(" "))
}
