//! Text for matching in the database: the same folding and LIKE patterns wherever people are
//! searched for (support, employers) or courses are.

/// Folds text for matching: lower case (Æ → æ as well as A → a), words separated by one space.
pub fn fold_for_search(text: &str) -> String {
    text.split_whitespace()
        .map(|word| word.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A LIKE pattern that matches `term` anywhere, with `%`, `_` and `\` taken literally.
pub fn contains_pattern(term: &str) -> String {
    let mut pattern = String::with_capacity(term.len() + 2);
    pattern.push('%');
    for c in term.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_handles_norwegian_letters() {
        assert_eq!(
            fold_for_search("  Grunnkurs   SIKKERHET på Spor "),
            "grunnkurs sikkerhet på spor"
        );
        assert_eq!(fold_for_search("ÆRLIG ØVELSE ÅPEN"), "ærlig øvelse åpen");
    }

    #[test]
    fn like_patterns_take_wildcards_literally() {
        assert_eq!(contains_pattern("100%"), "%100\\%%");
        assert_eq!(contains_pattern("a_b"), "%a\\_b%");
        assert_eq!(contains_pattern("spor"), "%spor%");
    }
}
