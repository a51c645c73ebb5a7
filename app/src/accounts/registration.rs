//! «Registrer deg»: the typed form behind the registration page, checked field by field.
use super::{
    fields::{Email, FieldError, PersonName},
    identity::{CalendarDate, DriverLicenceNumber, HmsCardNumber, MobileNumber, NationalId},
    types::{FieldIssue, RegistrationForm, RegistrationPolicy, UserType},
};

/// What the driver training («Fører») needs beyond the full catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DriverDetails {
    /// Only those who already hold a licence have a number; trainees do not.
    pub licence_number: Option<DriverLicenceNumber>,
    /// The railway health certificate (helseattest) must be valid when training starts.
    pub health_certificate_until: CalendarDate,
}

/// A registration that can only exist valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub user_type: UserType,
    pub full_name: PersonName,
    pub email: Email,
    pub mobile: MobileNumber,
    pub national_id: Option<NationalId>,
    pub hms_card: Option<HmsCardNumber>,
    pub hms_card_expires_on: Option<CalendarDate>,
    /// The chosen company's id; the server checks that it exists and is approved.
    pub employer_id: Option<i64>,
    pub invoice_reference: Option<String>,
    pub driver: Option<DriverDetails>,
}

/// Collects the problems of every field, so the page can show them all at once.
#[derive(Default)]
struct Issues(Vec<FieldIssue>);

impl Issues {
    fn check<T>(&mut self, field: &str, result: Result<T, FieldError>) -> Option<T> {
        result.map_err(|error| self.add(field, error.0)).ok()
    }

    fn add(&mut self, field: &str, message: &'static str) {
        self.0.push(FieldIssue {
            field: field.to_string(),
            message: message.into(),
        });
    }
}

/// An optional field: blank means absent, anything else must parse.
fn optional<T>(value: &str, parse: impl Fn(&str) -> Result<T, FieldError>) -> Result<Option<T>, FieldError> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        parse(value).map(Some)
    }
}

fn required_when<T>(
    required: bool,
    value: &str,
    parse: impl Fn(&str) -> Result<T, FieldError>,
) -> Result<Option<T>, FieldError> {
    if required {
        parse(value).map(Some)
    } else {
        optional(value, parse)
    }
}

fn date(value: &str) -> Result<CalendarDate, FieldError> {
    CalendarDate::parse(value).ok_or(FieldError("Skriv datoen som dd.mm.åååå."))
}

/// «Referansenummer for fakturering»: optional free text of at most 100 characters.
pub fn invoice_reference(value: &str) -> Result<Option<String>, FieldError> {
    let value = value.trim();
    if value.chars().count() > 100 {
        return Err(FieldError("Referansenummeret kan ha høyst 100 tegn."));
    }
    Ok((!value.is_empty()).then(|| value.to_string()))
}

/// Checks every field of `form`; `today` decides which dates lie in the past.
pub fn parse(
    form: &RegistrationForm,
    policy: &RegistrationPolicy,
    today: CalendarDate,
) -> Result<Registration, Vec<FieldIssue>> {
    let mut issues = Issues::default();
    let user_type = UserType::parse(form.user_type.trim()).filter(|t| policy.offers(*t));
    if user_type.is_none() {
        issues.add("user_type", "Velg hva slags bruker du vil registrere.");
    }
    let full_name = issues.check("full_name", PersonName::parse(&form.full_name));
    let email = issues.check("email", Email::parse(&form.email));
    let mobile = issues.check("mobile", MobileNumber::parse(&form.mobile));
    let national_id = issues.check(
        "national_id",
        required_when(policy.require_national_id, &form.national_id, NationalId::parse),
    );
    // Where the organisation does not ask for an HMS card, whatever was posted is left out.
    let hms_card = if policy.ask_hms_card {
        issues.check(
            "hms_card",
            required_when(policy.require_hms_card, &form.hms_card, HmsCardNumber::parse),
        )
    } else {
        Some(None)
    };
    let hms_card_expires_on = if policy.ask_hms_card {
        issues
            .check("hms_card_expires_on", optional(&form.hms_card_expires_on, date))
            .flatten()
    } else {
        None
    };
    if hms_card_expires_on.is_some_and(|d| d < today) {
        issues.add(
            "hms_card_expires_on",
            "HMS-kortet er utløpt. Bestill et nytt kort og registrer det nye nummeret.",
        );
    }

    let needs_employer = user_type.is_some_and(UserType::needs_employer);
    let employer_id = needs_employer
        .then(|| employer(&mut issues, &form.employer_id))
        .flatten();
    let invoice_reference = issues
        .check("invoice_reference", invoice_reference(&form.invoice_reference))
        .flatten()
        .filter(|_| needs_employer);

    let driver = (user_type == Some(UserType::Driver))
        .then(|| driver(&mut issues, form, today))
        .flatten();

    if !issues.0.is_empty() {
        return Err(issues.0);
    }
    match (user_type, full_name, email, mobile, national_id, hms_card) {
        (Some(user_type), Some(full_name), Some(email), Some(mobile), Some(national_id), Some(hms_card)) => {
            Ok(Registration {
                user_type,
                full_name,
                email,
                mobile,
                national_id,
                hms_card,
                hms_card_expires_on,
                employer_id,
                invoice_reference,
                driver,
            })
        }
        _ => Err(vec![FieldIssue {
            field: String::new(),
            message: "Skjemaet er ikke fullstendig.".into(),
        }]),
    }
}

/// The chosen employer of a learner whose user type needs one.
fn employer(issues: &mut Issues, value: &str) -> Option<i64> {
    match value.trim().parse::<i64>() {
        Ok(id) if id > 0 => Some(id),
        _ => {
            issues.add(
                "employer_id",
                "Velg arbeidsgiveren din. Finner du den ikke, kan du be om at firmaet legges til.",
            );
            None
        }
    }
}

/// A driver's licence number and valid health certificate (føreropplæring).
fn driver(issues: &mut Issues, form: &RegistrationForm, today: CalendarDate) -> Option<DriverDetails> {
    let licence_number = issues
        .check(
            "driver_licence_number",
            optional(&form.driver_licence_number, DriverLicenceNumber::parse),
        )
        .flatten();
    let until = if form.health_certificate_until.trim().is_empty() {
        issues.add(
            "health_certificate_until",
            "Skriv inn datoen helseattesten din gjelder til. Føreropplæring krever gyldig helseattest.",
        );
        None
    } else {
        issues.check("health_certificate_until", date(&form.health_certificate_until))
    };
    if until.is_some_and(|d| d < today) {
        issues.add(
            "health_certificate_until",
            "Helseattesten er utløpt. Du trenger en gyldig helseattest for føreropplæring.",
        );
    }
    until.map(|health_certificate_until| DriverDetails {
        licence_number,
        health_certificate_until,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: CalendarDate = CalendarDate {
        year: 2026,
        month: 11,
        day: 24,
    };

    fn full_form() -> RegistrationForm {
        RegistrationForm {
            user_type: "full_catalogue".into(),
            full_name: "Kari Nordmann".into(),
            email: "kari@eksempel.no".into(),
            mobile: "912 34 567".into(),
            national_id: "15038510190".into(),
            hms_card: "1234567".into(),
            employer_id: "3".into(),
            invoice_reference: "PRJ-42".into(),
            ..Default::default()
        }
    }

    fn fields(issues: &[FieldIssue]) -> Vec<&str> {
        issues.iter().map(|i| i.field.as_str()).collect()
    }

    #[test]
    fn a_complete_full_catalogue_registration_parses() {
        let registration = parse(&full_form(), &RegistrationPolicy::default(), TODAY).unwrap();
        assert_eq!(registration.user_type, UserType::FullCatalogue);
        assert_eq!(registration.employer_id, Some(3));
        assert_eq!(registration.invoice_reference.as_deref(), Some("PRJ-42"));
        assert_eq!(registration.mobile.as_str(), "+4791234567");
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let form = RegistrationForm {
            user_type: "full_catalogue".into(),
            email: "kari".into(),
            national_id: "15038510191".into(),
            ..Default::default()
        };
        let issues = parse(&form, &RegistrationPolicy::default(), TODAY).unwrap_err();
        assert_eq!(
            fields(&issues),
            [
                "full_name",
                "email",
                "mobile",
                "national_id",
                "hms_card",
                "employer_id"
            ]
        );
    }

    #[test]
    fn the_policy_makes_national_id_and_hms_card_optional() {
        let form = RegistrationForm {
            national_id: String::new(),
            hms_card: String::new(),
            ..full_form()
        };
        assert!(parse(&form, &RegistrationPolicy::default(), TODAY).is_err());
        let hospital = RegistrationPolicy {
            require_national_id: false,
            require_hms_card: false,
            ..Default::default()
        };
        let registration = parse(&form, &hospital, TODAY).unwrap();
        assert_eq!(registration.national_id, None);
        // Optional still means valid when given.
        let form = RegistrationForm {
            national_id: "123".into(),
            ..form
        };
        assert_eq!(
            fields(&parse(&form, &hospital, TODAY).unwrap_err()),
            ["national_id"]
        );
    }

    #[test]
    fn the_hospital_profile_offers_no_driver_and_asks_for_no_hms_card() {
        let hospital = RegistrationPolicy::preset(crate::accounts::types::Preset::Hospital);
        let form = RegistrationForm {
            national_id: String::new(),
            hms_card: "ikke et kort".into(),
            hms_card_expires_on: "2001-01-01".into(),
            ..full_form()
        };
        let registration = parse(&form, &hospital, TODAY).unwrap();
        assert_eq!(
            (
                registration.national_id,
                registration.hms_card,
                registration.hms_card_expires_on
            ),
            (None, None, None)
        );
        let driver = RegistrationForm {
            user_type: "driver".into(),
            ..form
        };
        assert_eq!(
            fields(&parse(&driver, &hospital, TODAY).unwrap_err()),
            ["user_type"]
        );
    }

    #[test]
    fn an_organisation_profile_is_read_from_its_form() {
        use crate::accounts::types::{HmsCardRule, Preset, ProfileForm};
        let form = ProfileForm {
            preset: "helseforetak".into(),
            open: true,
            transfer_warning: "  Uten fødselsnummer blir kursene ikke overført.  ".into(),
            ..Default::default()
        };
        let profile = form.parse().unwrap();
        assert_eq!(
            (
                profile.preset,
                profile.hms_card_rule(),
                profile.require_national_id
            ),
            (Preset::Hospital, HmsCardRule::NotAsked, false)
        );
        assert_eq!(
            profile.transfer_warning.as_deref(),
            Some("Uten fødselsnummer blir kursene ikke overført.")
        );
        let own = ProfileForm {
            preset: "egen".into(),
            user_types: vec!["free_elearning".into()],
            national_id: "required".into(),
            hms_card: "optional".into(),
            ..Default::default()
        };
        let profile = own.parse().unwrap();
        assert_eq!(
            (profile.user_types.len(), profile.hms_card_rule(), profile.open),
            (1, HmsCardRule::Optional, false)
        );
        let bad = ProfileForm {
            preset: "egen".into(),
            user_types: vec!["pilot".into()],
            national_id: "kanskje".into(),
            hms_card: String::new(),
            transfer_warning: "x".repeat(601),
            ..Default::default()
        };
        let issues: Vec<String> = bad.parse().unwrap_err().into_iter().map(|i| i.field).collect();
        assert_eq!(
            issues,
            ["transfer_warning", "user_types", "national_id", "hms_card"]
        );
        assert!(
            ProfileForm {
                preset: "fly".into(),
                ..Default::default()
            }
            .parse()
            .is_err()
        );
    }

    #[test]
    fn free_elearning_needs_no_employer_and_drops_the_reference() {
        let form = RegistrationForm {
            user_type: "free_elearning".into(),
            employer_id: String::new(),
            ..full_form()
        };
        let registration = parse(&form, &RegistrationPolicy::default(), TODAY).unwrap();
        assert_eq!(
            (registration.employer_id, registration.invoice_reference),
            (None, None)
        );
    }

    #[test]
    fn drivers_need_a_valid_health_certificate() {
        let form = RegistrationForm {
            user_type: "driver".into(),
            ..full_form()
        };
        let issues = parse(&form, &RegistrationPolicy::default(), TODAY).unwrap_err();
        assert_eq!(fields(&issues), ["health_certificate_until"]);
        let expired = RegistrationForm {
            health_certificate_until: "2026-11-23".into(),
            ..form.clone()
        };
        assert!(parse(&expired, &RegistrationPolicy::default(), TODAY).is_err());
        let valid = RegistrationForm {
            health_certificate_until: "2027-06-30".into(),
            driver_licence_number: "no 12345".into(),
            ..form
        };
        let driver = parse(&valid, &RegistrationPolicy::default(), TODAY)
            .unwrap()
            .driver
            .unwrap();
        assert_eq!(driver.licence_number.unwrap().as_str(), "NO12345");
    }

    #[test]
    fn an_expired_hms_card_is_refused() {
        let form = RegistrationForm {
            hms_card_expires_on: "01.01.2026".into(),
            ..full_form()
        };
        let issues = parse(&form, &RegistrationPolicy::default(), TODAY).unwrap_err();
        assert_eq!(fields(&issues), ["hms_card_expires_on"]);
    }
}
