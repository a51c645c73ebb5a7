//! Text for matching in the database: the same folding and LIKE patterns wherever people are
//! searched for (support, employers) or courses are.

/// Folds a text to lower-case ASCII-like letters: «Æ» → «ae», «Ø» → «o», «Å» → «a», «é» → «e»,
/// and the Latin letters of the names the portal meets beyond Norwegian to their base letter
/// («Čuoŋománnu» → «cuonomannu», «Łukasz Wiśniewski» → «lukasz wisniewski», «Nguyễn» →
/// «nguyen»). Anything that is not a letter or digit separates words, except a hyphen inside a
/// word, which is dropped («e-læring» → «elaering»).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        for lower in c.to_lowercase() {
            match lower {
                'a'..='z' | '0'..='9' => out.push(lower),
                'æ' | 'ä' => out.push_str("ae"),
                'ø' | 'ö' => out.push('o'),
                'ß' => out.push_str("ss"),
                'œ' => out.push_str("oe"),
                'þ' => out.push_str("th"),
                'đ' | 'ð' => out.push('d'),
                'ł' => out.push('l'),
                'ŋ' => out.push('n'),
                'ŧ' => out.push('t'),
                'ħ' => out.push('h'),
                'ı' => out.push('i'),
                '-' | '\u{2010}' | '\u{2011}' | '\u{00ad}'
                    if !out.is_empty()
                        && !out.ends_with(' ')
                        && chars.peek().is_some_and(|n| n.is_alphanumeric()) => {}
                // A combining mark typed on its own (a name pasted in decomposed form).
                mark if is_combining_mark(mark) => {}
                other if other.is_alphanumeric() => match base_letter(other) {
                    Some(base) => out.push(base),
                    None => out.push(other),
                },
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

/// The ASCII letter a Latin letter with diacritics is built on («č» → «c», «ễ» → «e»), from its
/// canonical decomposition; none for anything else.
fn base_letter(c: char) -> Option<char> {
    use unicode_normalization::UnicodeNormalization;
    let mut parts = std::iter::once(c).nfd();
    let base = parts.next().filter(char::is_ascii_lowercase)?;
    parts.all(is_combining_mark).then_some(base)
}

fn is_combining_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// What a person's or a company's name is stored as for searching (`name_search`): the words in
/// lower case as written, and, when it differs, the folded form too («søren ødegård soren
/// odegard»), so a search finds the name typed either way («Čuoŋománnu» by «cuonomannu»).
pub fn search_key(name: &str) -> String {
    let written = fold_for_search(name);
    let plain = fold(name);
    if plain.is_empty() || plain == written {
        written
    } else {
        format!("{written} {plain}")
    }
}

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
    fn names_in_every_latin_alphabet_fold_to_their_base_letters() {
        assert_eq!(fold("Máret Čuoŋománnu"), "maret cuonomannu");
        assert_eq!(fold("Áilu Đuolja"), "ailu duolja");
        assert_eq!(fold("Łukasz Wiśniewski"), "lukasz wisniewski");
        assert_eq!(fold("Jonas Kairys, Jānis Bērziņš"), "jonas kairys janis berzins");
        assert_eq!(fold("Dvořák Šťastný"), "dvorak stastny");
        assert_eq!(fold("Nguyễn Thị Ánh"), "nguyen thi anh");
        assert_eq!(
            fold("Nguye\u{0302}\u{0303}n"),
            "nguyen",
            "decomposed marks are dropped"
        );
        assert_eq!(fold("Anne-Lise O'Brien"), "annelise o brien");
        assert_eq!(fold("Ærlig Øvelse Åpen, Müller"), "aerlig ovelse apen muller");
    }

    #[test]
    fn a_stored_name_is_found_as_written_and_folded() {
        assert_eq!(search_key("Søren Ødegård"), "søren ødegård soren odegard");
        assert_eq!(search_key("Kari Nordmann"), "kari nordmann");
        assert_eq!(
            search_key("Máret Čuoŋománnu"),
            "máret čuoŋománnu maret cuonomannu"
        );
    }

    #[test]
    fn like_patterns_take_wildcards_literally() {
        assert_eq!(contains_pattern("100%"), "%100\\%%");
        assert_eq!(contains_pattern("a_b"), "%a\\_b%");
        assert_eq!(contains_pattern("spor"), "%spor%");
    }
}
