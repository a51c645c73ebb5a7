//! Folding for search: case, accents, Norwegian letters and hyphens do not matter. The fold
//! itself is `common::text::fold`, shared with the people search.
pub use crate::common::text::fold;

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
