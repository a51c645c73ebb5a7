//! The words of every mail in every language, from `texts.toml`: a subject and a body per mail
//! and language, with `{name}` for each value filled in.
use super::OutgoingMail;
use app::messages::Language;
use std::{collections::HashMap, sync::LazyLock};

/// Mail → language → part (`subject`, `body`, …) → template.
type Texts = HashMap<String, HashMap<String, HashMap<String, String>>>;

const SOURCE: &str = include_str!("texts.toml");

/// The texts, read once. The tests read the same file, so a file that does not parse or lacks
/// a language never reaches a release.
fn texts() -> &'static Texts {
    static TEXTS: LazyLock<Texts> = LazyLock::new(|| toml::from_str(SOURCE).unwrap_or_default());
    &TEXTS
}

/// Part `part` of mail `id` in `language` (bokmål where a language lacks it), filled with `args`.
pub fn text(id: &str, part: &str, language: Language, args: &[(&str, &str)]) -> String {
    let Some(languages) = texts().get(id) else {
        tracing::error!(id, "no such mail text");
        return String::new();
    };
    let template = languages
        .get(language.code())
        .and_then(|parts| parts.get(part))
        .or_else(|| languages.get("nb").and_then(|parts| parts.get(part)));
    let mut text = template.cloned().unwrap_or_default();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// Mail `id` to `to` in `language`: its subject and body filled with `args`, then the signature
/// with the support address.
pub fn compose(to: &str, language: Language, support: &str, id: &str, args: &[(&str, &str)]) -> OutgoingMail {
    let body = text(id, "body", language, args);
    let signature = text("signature", "body", language, &[("support", support)]);
    OutgoingMail {
        to: to.to_string(),
        subject: text(id, "subject", language, args),
        body_text: format!("{}\n\n{signature}\n", body.trim_end()),
        attachment: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(template: &str) -> BTreeSet<String> {
        template
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
            .collect()
    }

    #[test]
    fn every_mail_is_written_in_every_language_with_the_same_placeholders() {
        let parsed: Texts = toml::from_str(SOURCE).expect("texts.toml parses");
        assert!(parsed.len() > 20, "{} mails", parsed.len());
        for (id, languages) in &parsed {
            let nb = &languages["nb"];
            for code in ["nn", "en"] {
                let other = languages
                    .get(code)
                    .unwrap_or_else(|| panic!("{id} has no {code}"));
                let parts = |p: &HashMap<String, String>| p.keys().cloned().collect::<BTreeSet<_>>();
                assert_eq!(parts(nb), parts(other), "{id}.{code} has other parts");
                for (part, template) in nb {
                    assert_eq!(
                        placeholders(template),
                        placeholders(&other[part]),
                        "{id}.{code}.{part} has other placeholders"
                    );
                }
            }
            assert_eq!(languages.len(), 3, "{id}: only nb, nn and en");
            for (part, text) in &languages["nn"] {
                let words = app::messages::bokmal_words_in(text);
                assert!(words.is_empty(), "{id}.nn.{part} has bokmål words: {words:?}");
            }
        }
    }

    #[test]
    fn a_mail_is_filled_and_signed_in_its_language() {
        let mail = compose(
            "kari@eksempel.no",
            Language::En,
            "support@kursportal.test",
            "password_changed",
            &[("name", "Kari"), ("forgot", "https://k.test/glemt-passord")],
        );
        assert_eq!(mail.subject, "Your password has been changed");
        assert!(
            mail.body_text.starts_with("Hello Kari,\n\n"),
            "{}",
            mail.body_text
        );
        assert!(mail.body_text.contains("https://k.test/glemt-passord"));
        assert!(
            mail.body_text
                .ends_with("Questions? Write to support@kursportal.test.\n")
        );
        assert!(!mail.body_text.contains('{'));
    }
}
