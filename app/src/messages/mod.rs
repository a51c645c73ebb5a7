//! Messages for people, in their language.
//!
//! A [`Message`] is a key in the message catalogue with its arguments. The key is the bokmål
//! text with `{name}` for each argument (as gettext does: the default language is the key, so
//! a message the catalogue lacks still reads well in Norwegian). The server puts the text into
//! the reader's language where an error leaves for its reader (`AppError::translate`), so the
//! browser receives words it can show and carries no catalogue.
//!
//! The catalogue (`catalogue.json`) gives the nynorsk and English text of every key; the test
//! `server/tests/messages.rs` checks that every message written in the code is there and that
//! each translation has the same arguments.
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A language the portal speaks: bokmål (the default), nynorsk, English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Nb,
    Nn,
    En,
}

impl Language {
    /// `nb`, `nn` or `en`; anything else is no language of ours.
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "nb" => Some(Self::Nb),
            "nn" => Some(Self::Nn),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Nb => "nb",
            Self::Nn => "nn",
            Self::En => "en",
        }
    }

    /// A stored choice (an account's), bokmål when there is none.
    pub fn or_default(code: Option<&str>) -> Self {
        code.and_then(Self::parse).unwrap_or_default()
    }

    /// The reader's language from a request's headers: the server has replaced the browser's
    /// `Accept-Language` with the language chosen in the portal, or removed it (bokmål).
    pub fn of_request(headers: &http::HeaderMap) -> Self {
        Self::or_default(
            headers
                .get(http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok()),
        )
    }

    /// The language of the request a server function or page is answering.
    #[cfg(feature = "ssr")]
    pub fn of_current_request() -> Self {
        leptos::prelude::use_context::<http::request::Parts>()
            .map(|parts| Self::of_request(&parts.headers))
            .unwrap_or_default()
    }
}

/// Words that exist in bokmål only, each with a nynorsk form (ikkje, kva, viss, kvar, nokon,
/// brukar, eg, enno, korleis, kven, frå, no, …): the tests find them in nynorsk texts (pages,
/// messages, mails), where they would be bokmål left untranslated.
pub const BOKMAL_ONLY_WORDS: &[&str] = &[
    "ikke", "hva", "hvis", "hvor", "noen", "bruker", "brukere", "jeg", "ennå", "hvordan", "hvem", "fra",
    "nå", "kommer", "hjemme", "mulig", "hvorfor", "gjelder", "finner", "tegn", "velg", "høyst",
];

/// The bokmål-only words in `text`.
pub fn bokmal_words_in(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| BOKMAL_ONLY_WORDS.contains(word))
        .map(String::from)
        .collect()
}

/// A message: its catalogue key, its arguments and its text in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    key: Cow<'static, str>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    args: Vec<Arg>,
    text: String,
}

/// One argument of a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arg {
    pub name: String,
    pub value: String,
    /// The value is itself a catalogue key (a field's name), translated with the message.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub keyed: bool,
}

impl Message {
    /// The message `key` (bokmål, with `{name}` for each argument given with [`Message::arg`]).
    pub fn new(key: &'static str) -> Self {
        Self {
            key: Cow::Borrowed(key),
            args: Vec::new(),
            text: key.to_string(),
        }
    }

    /// The argument `name`, put in for `{name}`.
    pub fn arg(self, name: &str, value: impl std::fmt::Display) -> Self {
        self.with(name, value.to_string(), false)
    }

    fn with(mut self, name: &str, value: String, keyed: bool) -> Self {
        self.args.push(Arg {
            name: name.to_string(),
            value,
            keyed,
        });
        self.text = fill(
            &self.key,
            self.args.iter().map(|a| (a.name.as_str(), a.value.as_str())),
        );
        self
    }

    /// The argument `name` that is itself a catalogue key (a field's name in bokmål: «Tittelen»),
    /// put into the reader's language with the message.
    pub fn arg_key(self, name: &str, key: &'static str) -> Self {
        self.with(name, key.to_string(), true)
    }

    /// The catalogue key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The arguments, by name.
    pub fn args(&self) -> &[Arg] {
        &self.args
    }

    /// The text to show: in the reader's language once the server has translated it, in bokmål
    /// before.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text in `language`; bokmål where the catalogue has no entry.
    #[cfg(feature = "ssr")]
    pub fn translate(&mut self, language: Language) {
        self.text = self.in_language(language);
    }

    /// This message's text in `language`, leaving the message as it is.
    #[cfg(feature = "ssr")]
    pub fn in_language(&self, language: Language) -> String {
        let template = catalogue::lookup(&self.key, language).unwrap_or(&self.key);
        let args = self.args.iter().map(|arg| {
            let value = match arg.keyed {
                true => catalogue::lookup(&arg.value, language).unwrap_or(&arg.value),
                false => arg.value.as_str(),
            };
            (arg.name.as_str(), value)
        });
        fill(template, args)
    }
}

/// `template` with each `{name}` replaced by its argument.
fn fill<'a>(template: &str, args: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut text = template.to_string();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

impl From<&'static str> for Message {
    fn from(key: &'static str) -> Self {
        Self::new(key)
    }
}

/// A text made at run time (a file's line-by-line report, say): it is its own key, translated
/// only when the catalogue happens to hold it.
impl From<String> for Message {
    fn from(text: String) -> Self {
        Self {
            key: Cow::Owned(text.clone()),
            args: Vec::new(),
            text,
        }
    }
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(feature = "ssr")]
pub mod catalogue {
    //! The catalogue, read once from `catalogue.json` (built into the server binary).
    use std::{collections::HashMap, sync::LazyLock};

    /// One entry: the message in nynorsk and English (bokmål is the key).
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Entry {
        pub nn: String,
        pub en: String,
    }

    /// The catalogue's source.
    pub const SOURCE: &str = include_str!("catalogue.json");

    /// Every entry by its key. A catalogue that does not parse is caught by the tests, which
    /// read it before any server can start with it.
    pub fn entries() -> &'static HashMap<String, Entry> {
        static ENTRIES: LazyLock<HashMap<String, Entry>> =
            LazyLock::new(|| serde_json::from_str(SOURCE).unwrap_or_default());
        &ENTRIES
    }

    /// The template for `key` in `language`, when it is not bokmål and the catalogue has it.
    pub fn lookup(key: &str, language: super::Language) -> Option<&'static str> {
        let entry = entries().get(key)?;
        match language {
            super::Language::Nn => Some(&entry.nn),
            super::Language::En => Some(&entry.en),
            super::Language::Nb => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_fill_their_places() {
        let message = Message::new("Beskjeden kan ha høyst {max} tegn.").arg("max", 2000);
        assert_eq!(message.text(), "Beskjeden kan ha høyst 2000 tegn.");
        assert_eq!(message.key(), "Beskjeden kan ha høyst {max} tegn.");
    }

    #[test]
    fn a_message_survives_the_wire() {
        let message = Message::new("Linje {line}: {what}")
            .arg("line", 3)
            .arg("what", "x");
        let json = serde_json::to_string(&message).unwrap();
        assert_eq!(serde_json::from_str::<Message>(&json).unwrap(), message);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_message_is_put_into_the_readers_language() {
        let mut message = Message::new("Skriv inn e-postadressen din.");
        message.translate(Language::En);
        assert_eq!(message.text(), "Enter your e-mail address.");
        message.translate(Language::Nb);
        assert_eq!(message.text(), "Skriv inn e-postadressen din.");
        let mut unknown = Message::from(String::from("Noe helt annet."));
        unknown.translate(Language::En);
        assert_eq!(
            unknown.text(),
            "Noe helt annet.",
            "bokmål where the catalogue has nothing"
        );
    }
}
