//! Norwegian identifiers as types: fødselsnummer/D-nummer, organisasjonsnummer, HMS card
//! number, staff code and mobile number. Each can only exist valid.
use super::fields::{FieldError, valid_text};
use serde::{Deserialize, Serialize};
use std::fmt;

fn digits_only(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
        .collect()
}

/// Modulus 11 check digit over `digits` with `weights`; `None` when the rest makes it 10.
pub(super) fn mod11(digits: &[u32], weights: &[u32]) -> Option<u32> {
    let sum: u32 = digits.iter().zip(weights).map(|(d, w)| d * w).sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        k => Some(k),
    }
}

valid_text!(
    OrgNumber,
    HmsCardNumber,
    StaffCode,
    UnitCode,
    MobileNumber,
    DriverLicenceNumber
);

/// A calendar date of birth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CalendarDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl CalendarDate {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days).contains(&day).then_some(Self { year, month, day })
    }
}

impl CalendarDate {
    /// Reads a date as a date input sends it (åååå-mm-dd) or as people write it (dd.mm.åååå).
    pub fn parse(input: &str) -> Option<Self> {
        let input = input.trim();
        let parts: Vec<&str> = if input.contains('-') {
            input.split('-').collect()
        } else {
            input.split('.').rev().collect()
        };
        let [year, month, day] = parts.as_slice() else {
            return None;
        };
        if year.len() != 4 {
            return None;
        }
        Self::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
    }

    /// åååå-mm-dd, as a date input and the database expect it.
    pub fn to_iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}.{:02}.{}", self.day, self.month, self.year)
    }
}

/// A fødselsnummer or D-nummer: 11 digits, a real birth date, both mod-11 check digits.
/// Never printed whole: `Debug` hides it and `masked()` shows the birth date and dots.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct NationalId {
    digits: String,
    birth_date: CalendarDate,
    d_number: bool,
}

impl NationalId {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let digits = digits_only(input);
        if digits.is_empty() {
            return Err(FieldError("Skriv inn fødselsnummer eller D-nummer (11 siffer)."));
        }
        if digits.len() != 11 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(FieldError("Fødselsnummer og D-nummer har 11 siffer."));
        }
        let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
        let k1 = mod11(&d[..9], &[3, 7, 6, 1, 8, 9, 4, 5, 2]);
        let k2 = k1.and_then(|k1| {
            let mut first10 = d[..9].to_vec();
            first10.push(k1);
            mod11(&first10, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2])
        });
        if k1 != Some(d[9]) || k2 != Some(d[10]) {
            return Err(FieldError(
                "Nummeret stemmer ikke. Sjekk at alle 11 sifrene er riktige.",
            ));
        }
        let d_number = d[0] >= 4;
        let day = (if d_number { d[0] - 4 } else { d[0] }) * 10 + d[1];
        let month = d[2] * 10 + d[3];
        let year2 = (d[4] * 10 + d[5]) as i32;
        let individual = d[6] * 100 + d[7] * 10 + d[8];
        let century = match (individual, year2) {
            (0..=499, _) => 1900,
            (500..=749, 54..=99) => 1800,
            (500..=999, 0..=39) => 2000,
            (900..=999, 40..=99) => 1900,
            _ => {
                return Err(FieldError(
                    "Nummeret stemmer ikke. Sjekk at alle 11 sifrene er riktige.",
                ));
            }
        };
        let birth_date = CalendarDate::new(century + year2, month, day)
            .ok_or(FieldError("Nummeret begynner ikke med en gyldig fødselsdato."))?;
        Ok(Self {
            digits,
            birth_date,
            d_number,
        })
    }

    pub fn birth_date(&self) -> CalendarDate {
        self.birth_date
    }

    pub fn is_d_number(&self) -> bool {
        self.d_number
    }

    /// The 11 digits, for encryption and the keyed hash only.
    pub fn expose_digits(&self) -> &str {
        &self.digits
    }

    /// What a page may show: the six date digits and dots.
    pub fn masked(&self) -> String {
        format!("{}•••••", &self.digits[..6])
    }
}

impl fmt::Debug for NationalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NationalId(***)")
    }
}

/// An organisasjonsnummer: 9 digits with a mod-11 check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgNumber(String);

impl OrgNumber {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let digits = digits_only(input);
        if digits.len() != 9 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(FieldError(
                "Organisasjonsnummeret har 9 siffer, for eksempel 974 760 673.",
            ));
        }
        let d: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
        if mod11(&d[..8], &[3, 2, 7, 6, 5, 4, 3, 2]) != Some(d[8]) {
            return Err(FieldError(
                "Organisasjonsnummeret stemmer ikke. Sjekk sifrene i Brønnøysundregistrene.",
            ));
        }
        Ok(Self(digits))
    }
}

/// The number printed on an HMS card (byggekort). We accept 6 to 10 digits, spaces allowed,
/// since the number's length is not published as a rule; it is renewed every two years.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct HmsCardNumber(String);

impl HmsCardNumber {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let digits = digits_only(input);
        if digits.is_empty() {
            return Err(FieldError("Skriv inn nummeret på HMS-kortet ditt."));
        }
        if !(6..=10).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(FieldError(
                "HMS-kortnummeret består av 6 til 10 siffer. Du finner det på kortet.",
            ));
        }
        Ok(Self(digits))
    }
}

/// An employee's 4–6 character staff code (e.g. KAR12), case-insensitive, kept upper case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StaffCode(String);

impl StaffCode {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let code = input.trim().to_uppercase();
        if !(4..=6).contains(&code.chars().count()) || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(FieldError(
                "Ansattkoden har 4 til 6 bokstaver eller siffer, for eksempel KAR12.",
            ));
        }
        Ok(Self(code))
    }
}

/// A unit's code in the HR system (e.g. `OPS-NORD`): 1 to 40 letters, digits, `-`, `_` or `.`,
/// case-insensitive, kept upper case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UnitCode(String);

impl UnitCode {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let code = input.trim().to_uppercase();
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
        if !(1..=40).contains(&code.chars().count()) || !code.chars().all(allowed) {
            return Err(FieldError(
                "Enhetskoden har 1 til 40 bokstaver (a–z), siffer, bindestrek, understrek eller punktum, for eksempel OPS-NORD.",
            ));
        }
        Ok(Self(code))
    }
}

/// A mobile number in international form: `+47` and 8 digits starting with 4 or 9, or another
/// country's `+` number of 8 to 15 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MobileNumber(String);

impl MobileNumber {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        let international = if let Some(rest) = compact.strip_prefix("+") {
            rest.to_string()
        } else if let Some(rest) = compact.strip_prefix("00") {
            rest.to_string()
        } else {
            format!("47{compact}")
        };
        if !international.chars().all(|c| c.is_ascii_digit()) {
            return Err(FieldError(
                "Mobilnummeret kan bare ha siffer, for eksempel 912 34 567.",
            ));
        }
        let valid = match international.strip_prefix("47") {
            Some(national) => national.len() == 8 && (national.starts_with('4') || national.starts_with('9')),
            None => (8..=15).contains(&international.len()),
        };
        if !valid {
            return Err(FieldError(
                "Et norsk mobilnummer har 8 siffer og begynner på 4 eller 9.",
            ));
        }
        Ok(Self(format!("+{international}")))
    }
}

/// The number of a train driver's licence (førerbevis), letters and digits as printed on it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DriverLicenceNumber(String);

impl DriverLicenceNumber {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>()
            .to_uppercase();
        if !(4..=20).contains(&compact.len()) || !compact.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(FieldError(
                "Førerbevisnummeret har 4 til 20 bokstaver og siffer, slik det står på førerbeviset.",
            ));
        }
        Ok(Self(compact))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Completes nine digits with both check digits: how the synthetic test numbers are made.
    fn national_id(first9: &str) -> String {
        let d: Vec<u32> = first9.chars().filter_map(|c| c.to_digit(10)).collect();
        let k1 = mod11(&d, &[3, 7, 6, 1, 8, 9, 4, 5, 2]).expect("k1");
        let mut ten = d.clone();
        ten.push(k1);
        let k2 = mod11(&ten, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]).expect("k2");
        format!("{first9}{k1}{k2}")
    }

    /// The first individual number from `start` that gives valid check digits.
    fn valid_with(date: &str, start: u32) -> String {
        (start..start + 100)
            .map(|i| format!("{date}{i:03}"))
            .find(|nine| {
                let d: Vec<u32> = nine.chars().filter_map(|c| c.to_digit(10)).collect();
                mod11(&d, &[3, 7, 6, 1, 8, 9, 4, 5, 2]).is_some_and(|k1| {
                    let mut ten = d.clone();
                    ten.push(k1);
                    mod11(&ten, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]).is_some()
                })
            })
            .map(|nine| national_id(&nine))
            .expect("a valid individual number")
    }

    #[test]
    fn a_fodselsnummer_gives_its_birth_date() {
        let number = valid_with("150385", 100);
        let id = NationalId::parse(&number).unwrap();
        assert_eq!(id.birth_date(), CalendarDate::new(1985, 3, 15).unwrap());
        assert!(!id.is_d_number());
        assert_eq!(id.masked(), "150385•••••");
        assert_eq!(format!("{id:?}"), "NationalId(***)");
    }

    #[test]
    fn a_d_number_has_four_added_to_the_first_digit() {
        let number = valid_with("550190", 100); // 15 January 1990
        let id = NationalId::parse(&number).unwrap();
        assert!(id.is_d_number());
        assert_eq!(id.birth_date().to_string(), "15.01.1990");
    }

    #[test]
    fn the_individual_number_sets_the_century() {
        assert_eq!(
            NationalId::parse(&valid_with("010105", 500))
                .unwrap()
                .birth_date()
                .year,
            2005
        );
        assert_eq!(
            NationalId::parse(&valid_with("010165", 900))
                .unwrap()
                .birth_date()
                .year,
            1965
        );
        assert_eq!(
            NationalId::parse(&valid_with("010165", 100))
                .unwrap()
                .birth_date()
                .year,
            1965
        );
    }

    #[test]
    fn leap_days_are_real_dates_only_in_leap_years() {
        assert!(NationalId::parse(&valid_with("290288", 100)).is_ok());
        assert!(NationalId::parse(&valid_with("290289", 100)).is_err());
        assert!(
            NationalId::parse(&valid_with("290200", 500)).is_ok(),
            "2000 is a leap year"
        );
    }

    #[test]
    fn wrong_numbers_are_refused_with_a_reason() {
        let good = valid_with("150385", 100);
        let mut bad = good.clone();
        let last = bad.pop().unwrap().to_digit(10).unwrap();
        bad.push(char::from_digit((last + 1) % 10, 10).unwrap());
        assert!(NationalId::parse(&bad).is_err(), "wrong check digit");
        assert!(NationalId::parse("1234").is_err());
        assert!(NationalId::parse("").is_err());
        assert!(NationalId::parse("abcdefghijk").is_err());
        assert!(NationalId::parse(&valid_with("321385", 100)).is_err(), "day 32");
        assert!(NationalId::parse(&valid_with("150085", 100)).is_err(), "month 0");
        assert!(
            NationalId::parse(&format!("{} ", good.replace("", " "))).is_ok(),
            "spaces are ignored"
        );
    }

    #[test]
    fn dates_are_read_in_both_notations() {
        assert_eq!(CalendarDate::parse("2027-02-28"), CalendarDate::new(2027, 2, 28));
        assert_eq!(CalendarDate::parse("29.02.2028"), CalendarDate::new(2028, 2, 29));
        assert_eq!(CalendarDate::parse("29.02.2027"), None);
        assert_eq!(CalendarDate::parse("27-02-28"), None);
        assert_eq!(CalendarDate::new(2027, 1, 5).unwrap().to_iso(), "2027-01-05");
        assert!(CalendarDate::new(2027, 1, 5) < CalendarDate::new(2027, 2, 1));
    }

    #[test]
    fn driver_licence_numbers() {
        assert_eq!(
            DriverLicenceNumber::parse("no 1234-567").unwrap().as_str(),
            "NO1234567"
        );
        assert!(DriverLicenceNumber::parse("12").is_err());
        assert!(DriverLicenceNumber::parse("NO/123456").is_err());
    }

    #[test]
    fn organisation_numbers_have_a_check_digit() {
        assert_eq!(OrgNumber::parse("974 760 673").unwrap().as_str(), "974760673");
        assert!(OrgNumber::parse("974760674").is_err());
        assert!(OrgNumber::parse("12345678").is_err());
    }

    #[test]
    fn hms_cards_staff_codes_and_mobiles() {
        assert_eq!(HmsCardNumber::parse("1234 567").unwrap().as_str(), "1234567");
        assert!(HmsCardNumber::parse("12A4567").is_err());
        assert!(HmsCardNumber::parse("123").is_err());
        assert_eq!(StaffCode::parse(" kar12 ").unwrap().as_str(), "KAR12");
        assert!(StaffCode::parse("KA").is_err());
        assert!(StaffCode::parse("KARI-1").is_err());
        assert_eq!(UnitCode::parse(" ops-nord ").unwrap().as_str(), "OPS-NORD");
        assert!(UnitCode::parse("").is_err());
        assert!(UnitCode::parse("Drift Nord").is_err());
        assert!(UnitCode::parse(&"A".repeat(41)).is_err());
        assert_eq!(MobileNumber::parse("912 34 567").unwrap().as_str(), "+4791234567");
        assert_eq!(
            MobileNumber::parse("+47 412 34 567").unwrap().as_str(),
            "+4741234567"
        );
        assert_eq!(
            MobileNumber::parse("0046 70 123 45 67").unwrap().as_str(),
            "+46701234567"
        );
        assert!(MobileNumber::parse("22 33 44 55").is_err(), "a landline");
        assert!(MobileNumber::parse("9123").is_err());
    }
}
