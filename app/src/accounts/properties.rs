//! Property tests of every parser a person's typing reaches (issue 14): arbitrary input never
//! panics and gets either a value or a message; valid values come back unchanged when parsed
//! again. The test command runs proptest's default 256 cases each; `./kursportal.sh fuzz`
//! runs a million (`PROPTEST_CASES`).
use super::{
    fields::{Email, PersonName, check_new_password},
    identity::{
        CalendarDate, DriverLicenceNumber, HmsCardNumber, MobileNumber, NationalId, OrgNumber, StaffCode,
        mod11,
    },
    registration::{invoice_reference, parse},
    types::{RegistrationForm, RegistrationPolicy},
};
use proptest::prelude::*;

/// Any text at all: every Unicode scalar, control characters and emoji included.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "\\PC{0,40}", "[0-9 .+-]{0,20}"]
}

/// A day that exists, in the years the portal meets.
fn calendar_date() -> impl Strategy<Value = CalendarDate> {
    (1854i32..=2039, 1u32..=12, 1u32..=31)
        .prop_filter_map("a real day", |(y, m, d)| CalendarDate::new(y, m, d))
}

/// A valid fødselsnummer or D-nummer: a birth date, an individual number in the range of its
/// century, and both check digits (skipping the individual numbers that give none).
fn national_id() -> impl Strategy<Value = String> {
    (calendar_date(), 0u32..500, any::<bool>()).prop_filter_map(
        "check digits exist",
        |(date, n, d_number)| {
            let year2 = date.year.rem_euclid(100) as u32;
            let individual = match date.year {
                1854..=1899 => 500 + n % 250,
                1900..=1999 => n,
                _ => 500 + n,
            };
            let day = if d_number { date.day + 40 } else { date.day };
            let first9 = format!("{day:02}{:02}{year2:02}{individual:03}", date.month);
            let d: Vec<u32> = first9.chars().filter_map(|c| c.to_digit(10)).collect();
            let k1 = mod11(&d, &[3, 7, 6, 1, 8, 9, 4, 5, 2])?;
            let mut ten = d;
            ten.push(k1);
            let k2 = mod11(&ten, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2])?;
            Some(format!("{first9}{k1}{k2}"))
        },
    )
}

/// A valid organisasjonsnummer.
fn org_number() -> impl Strategy<Value = String> {
    "[89][0-9]{7}".prop_filter_map("a check digit exists", |first8| {
        let d: Vec<u32> = first8.chars().filter_map(|c| c.to_digit(10)).collect();
        mod11(&d, &[3, 2, 7, 6, 5, 4, 3, 2]).map(|k| format!("{first8}{k}"))
    })
}

/// `digits` as people type them: spaced in threes.
fn spaced(digits: &str) -> String {
    digits
        .as_bytes()
        .chunks(3)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

proptest! {
    #[test]
    fn no_input_makes_a_parser_panic(text in any_text()) {
        let _ = NationalId::parse(&text);
        let _ = OrgNumber::parse(&text);
        let _ = HmsCardNumber::parse(&text);
        let _ = StaffCode::parse(&text);
        let _ = MobileNumber::parse(&text);
        let _ = DriverLicenceNumber::parse(&text);
        let _ = Email::parse(&text);
        let _ = PersonName::parse(&text);
        let _ = CalendarDate::parse(&text);
        let _ = check_new_password(&text);
        let _ = invoice_reference(&text);
    }

    #[test]
    fn no_registration_form_makes_the_checks_panic(
        fields in proptest::collection::vec(any_text(), 11),
        policy in (any::<bool>(), any::<bool>()),
        today in calendar_date(),
    ) {
        let mut fields = fields.into_iter();
        let mut next = || fields.next().unwrap_or_default();
        let form = RegistrationForm {
            user_type: next(), full_name: next(), email: next(), mobile: next(), national_id: next(),
            hms_card: next(), hms_card_expires_on: next(), employer_id: next(), invoice_reference: next(),
            driver_licence_number: next(), health_certificate_until: next(),
        };
        let policy = RegistrationPolicy { require_national_id: policy.0, require_hms_card: policy.1, ..Default::default() };
        if let Err(issues) = parse(&form, &policy, today) {
            prop_assert!(!issues.is_empty());
            prop_assert!(issues.iter().all(|issue| !issue.message.text().is_empty()));
        }
    }

    #[test]
    fn national_ids_round_trip(digits in national_id()) {
        let id = NationalId::parse(&digits).expect("a valid number");
        prop_assert_eq!(id.expose_digits(), digits.as_str());
        prop_assert_eq!(NationalId::parse(&spaced(&digits)).expect("spaced"), id.clone());
        prop_assert_eq!(id.is_d_number(), digits.starts_with(['4', '5', '6', '7']));
        prop_assert!(!format!("{id:?}").contains(&digits), "Debug never shows the number");
    }

    #[test]
    fn a_changed_digit_is_caught(digits in national_id(), at in 0usize..11, by in 1u32..10) {
        let mut changed: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
        changed[at] = (changed[at] + by) % 10;
        let changed: String = changed.iter().map(|d| char::from_digit(*d, 10).unwrap_or('0')).collect();
        prop_assert!(NationalId::parse(&changed).is_err(), "{} passed", changed);
    }

    #[test]
    fn org_numbers_round_trip(digits in org_number()) {
        let number = OrgNumber::parse(&spaced(&digits)).expect("a valid number");
        prop_assert_eq!(OrgNumber::parse(number.as_str()).expect("again"), number);
    }

    #[test]
    fn hms_cards_round_trip(digits in "[0-9]{6,10}") {
        let card = HmsCardNumber::parse(&spaced(&digits)).expect("6 to 10 digits");
        prop_assert_eq!(card.as_str(), digits.as_str());
        prop_assert_eq!(HmsCardNumber::parse(card.as_str()).expect("again"), card);
    }

    #[test]
    fn staff_codes_round_trip(code in "[A-Za-z0-9]{4,6}") {
        let parsed = StaffCode::parse(&format!(" {code} ")).expect("4 to 6 letters or digits");
        prop_assert_eq!(parsed.as_str(), code.to_uppercase());
        prop_assert_eq!(StaffCode::parse(parsed.as_str()).expect("again"), parsed);
    }

    #[test]
    fn mobile_numbers_round_trip(national in "[49][0-9]{7}") {
        let parsed = MobileNumber::parse(&spaced(&national)).expect("a Norwegian mobile number");
        prop_assert_eq!(parsed.as_str(), format!("+47{national}"));
        prop_assert_eq!(MobileNumber::parse(parsed.as_str()).expect("again"), parsed);
    }

    #[test]
    fn driver_licences_round_trip(number in "[A-Za-z0-9]{4,20}") {
        let parsed = DriverLicenceNumber::parse(&number).expect("4 to 20 letters or digits");
        prop_assert_eq!(DriverLicenceNumber::parse(parsed.as_str()).expect("again"), parsed);
    }

    #[test]
    fn emails_round_trip(local in "[a-zA-Z0-9][a-zA-Z0-9._+-]{0,20}", domain in "[a-z0-9]{1,20}(\\.[a-z0-9]{1,10}){0,2}\\.[a-z]{2,6}") {
        let address = format!("{local}@{domain}");
        if let Ok(email) = Email::parse(&address) {
            prop_assert_eq!(email.as_str(), address.to_lowercase());
            prop_assert_eq!(Email::parse(email.as_str()).expect("again"), email);
        }
    }

    #[test]
    fn names_round_trip(name in "[A-ZÆØÅa-zæøå]{1,20}( [A-ZÆØÅa-zæøå-]{1,20}){0,3}") {
        let parsed = PersonName::parse(&name).expect("letters are a name");
        prop_assert_eq!(PersonName::parse(parsed.as_str()).expect("again"), parsed);
    }

    #[test]
    fn dates_round_trip(date in calendar_date()) {
        prop_assert_eq!(CalendarDate::parse(&date.to_string()), Some(date));
        prop_assert_eq!(CalendarDate::parse(&date.to_iso()), Some(date));
    }
}
