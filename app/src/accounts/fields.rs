//! Parse, don't validate: values that can only exist valid, with messages a person understands.
use serde::{Deserialize, Serialize};

/// Why a value was refused, in words for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FieldError(pub &'static str);

/// Every message of the field types (this file, `identity.rs`, `registration.rs`): the server
/// gives an island that checks fields in the browser their text in the reader's language. A
/// test checks that the list holds every `FieldError` these files write.
pub const FIELD_MESSAGES: &[&str] = &[
    "Ansattkoden har 4 til 6 bokstaver eller siffer, for eksempel KAR12.",
    "Dette ser ikke ut som en e-postadresse. Sjekk at den er skrevet riktig.",
    "E-postadressen er for lang.",
    "E-postadressen mangler @, for eksempel ola@eksempel.no.",
    "Enhetskoden har 1 til 40 bokstaver (a–z), siffer, bindestrek, understrek eller punktum, for eksempel OPS-NORD.",
    "Et norsk mobilnummer har 8 siffer og begynner på 4 eller 9.",
    "Fødselsnummer og D-nummer har 11 siffer.",
    "Førerbevisnummeret har 4 til 20 bokstaver og siffer, slik det står på førerbeviset.",
    "HMS-kortnummeret består av 6 til 10 siffer. Du finner det på kortet.",
    "Mobilnummeret kan bare ha siffer, for eksempel 912 34 567.",
    "Navnet kan ha høyst 200 tegn.",
    "Nummeret begynner ikke med en gyldig fødselsdato.",
    "Nummeret stemmer ikke. Sjekk at alle 11 sifrene er riktige.",
    "Organisasjonsnummeret har 9 siffer, for eksempel 974 760 673.",
    "Organisasjonsnummeret stemmer ikke. Sjekk sifrene i Brønnøysundregistrene.",
    "Passordet kan ha høyst 1024 tegn.",
    "Passordet må ha minst 12 tegn. En setning du husker er et godt passord.",
    "Referansenummeret kan ha høyst 100 tegn.",
    "Skriv datoen som dd.mm.åååå.",
    "Skriv inn e-postadressen din.",
    "Skriv inn fullt navn.",
    "Skriv inn fødselsnummer eller D-nummer (11 siffer).",
    "Skriv inn nummeret på HMS-kortet ditt.",
    "Skriv navnet med bokstaver, slik det står i legitimasjonen din.",
];

/// For a text value that can only exist valid (its `parse` is the only way in): `as_str`,
/// `Display`, and serde through `parse`, so a value read from the wire is checked too.
macro_rules! valid_text {
    ($($name:ident),+ $(,)?) => {$(
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = FieldError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    )+};
}
pub(crate) use valid_text;

valid_text!(Email, PersonName);

/// An e-mail address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let value = input.trim().to_lowercase();
        if value.is_empty() {
            return Err(FieldError("Skriv inn e-postadressen din."));
        }
        if value.chars().count() > 254 {
            return Err(FieldError("E-postadressen er for lang."));
        }
        let Some((local, domain)) = value.split_once('@') else {
            return Err(FieldError(
                "E-postadressen mangler @, for eksempel ola@eksempel.no.",
            ));
        };
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && labels.last().is_some_and(|tld| tld.len() >= 2);
        if !local_ok || !domain_ok {
            return Err(FieldError(
                "Dette ser ikke ut som en e-postadresse. Sjekk at den er skrevet riktig.",
            ));
        }
        Ok(Self(value))
    }
}

/// A person's full name as they write it: trimmed, inner spaces collapsed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let value = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if value.is_empty() {
            return Err(FieldError("Skriv inn fullt navn."));
        }
        if value.chars().count() > 200 {
            return Err(FieldError("Navnet kan ha høyst 200 tegn."));
        }
        if !value.chars().any(char::is_alphabetic) || value.chars().any(char::is_control) {
            return Err(FieldError(
                "Skriv navnet med bokstaver, slik det står i legitimasjonen din.",
            ));
        }
        Ok(Self(value))
    }
}

/// The shortest password the portal accepts; long passphrases are welcome.
pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_CHARS: usize = 1024;

/// Checks a new password's length; what it says never repeats the password.
pub fn check_new_password(password: &str) -> Result<(), FieldError> {
    let chars = password.chars().count();
    if chars < PASSWORD_MIN_CHARS {
        return Err(FieldError(
            "Passordet må ha minst 12 tegn. En setning du husker er et godt passord.",
        ));
    }
    if chars > PASSWORD_MAX_CHARS {
        return Err(FieldError("Passordet kan ha høyst 1024 tegn."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_message_is_listed_for_the_islands() {
        for source in [
            include_str!("fields.rs"),
            include_str!("identity.rs"),
            include_str!("registration.rs"),
        ] {
            let code = source.split("#[cfg(test)]").next().unwrap_or_default();
            for piece in code.split("FieldError(").skip(1) {
                let Some(literal) = piece.trim_start().strip_prefix('"') else {
                    continue;
                };
                let message = &literal[..literal.find('"').unwrap()];
                assert!(
                    FIELD_MESSAGES.contains(&message),
                    "not in FIELD_MESSAGES: {message}"
                );
            }
        }
    }

    #[test]
    fn accepts_ordinary_addresses_and_normalises_them() {
        assert_eq!(
            Email::parse("  Kari.Nordmann@Eksempel.NO ").unwrap().as_str(),
            "kari.nordmann@eksempel.no"
        );
        assert!(Email::parse("ola+kurs@sub.eksempel.no").is_ok());
        assert!(Email::parse("bjørn@bane.no").is_ok());
    }

    #[test]
    fn refuses_what_is_not_an_address() {
        for bad in [
            "",
            "kari",
            "kari@",
            "@eksempel.no",
            "kari@eksempel",
            "kari@@eksempel.no",
            "ka ri@eksempel.no",
            "kari@eksempel..no",
            ".kari@eksempel.no",
            "kari@-eks.no",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn names_are_tidied_and_need_letters() {
        assert_eq!(
            PersonName::parse("  Kari   Nordmann ").unwrap().as_str(),
            "Kari Nordmann"
        );
        assert!(PersonName::parse("   ").is_err());
        assert!(PersonName::parse("12345").is_err());
        assert!(PersonName::parse(&"å".repeat(201)).is_err());
    }

    #[test]
    fn passwords_need_twelve_characters_counted_as_letters() {
        assert!(check_new_password("kort").is_err());
        assert!(
            check_new_password("ærlig-øl-å").is_err(),
            "ten letters, sixteen bytes"
        );
        assert!(check_new_password("ærlig-øl-på").is_err(), "eleven");
        assert!(check_new_password("ærlig-øl-påå").is_ok());
        assert!(check_new_password(&"x".repeat(2000)).is_err());
    }
}
