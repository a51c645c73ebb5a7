//! The rules of validity, expiry and reminders, and the shape of a certificate code.
//! Pure functions of dates: the tests drive the clock by passing `today`.
use chrono::{Months, NaiveDate};
use std::{fmt, str::FromStr};

/// The last day a completion is valid: the completion date plus the course's validity in
/// months. A month without that day ends the validity on its last day (29 February + 12
/// months is 28 February).
pub fn valid_until(completed_on: NaiveDate, validity_months: Option<i32>) -> Option<NaiveDate> {
    let months = u32::try_from(validity_months?).ok().filter(|m| *m > 0)?;
    completed_on.checked_add_months(Months::new(months))
}

/// Valid through `valid_until`; expired from the day after.
pub fn is_expired(valid_until: Option<NaiveDate>, today: NaiveDate) -> bool {
    valid_until.is_some_and(|until| today > until)
}

/// How many days before expiry reminders go out, largest first («90,30,7» by default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadTimes(Vec<u32>);

impl LeadTimes {
    pub fn days(&self) -> &[u32] {
        &self.0
    }
}

impl Default for LeadTimes {
    fn default() -> Self {
        Self(vec![90, 30, 7])
    }
}

impl fmt::Display for LeadTimes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days: Vec<String> = self.0.iter().map(u32::to_string).collect();
        f.write_str(&days.join(","))
    }
}

impl FromStr for LeadTimes {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut days = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part.parse::<u32>() {
                Ok(day) if (1..=730).contains(&day) => days.push(day),
                _ => {
                    return Err(format!(
                        "«{part}» is not a number of days between 1 and 730 (write e.g. 90,30,7)"
                    ));
                }
            }
        }
        if days.is_empty() {
            return Err("give at least one number of days (e.g. 90,30,7)".into());
        }
        days.sort_unstable_by(|a, b| b.cmp(a));
        days.dedup();
        Ok(Self(days))
    }
}

/// What the reminder job does for one completion today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderPlan {
    /// The lead time whose mail goes out now.
    pub send: u32,
    /// Earlier lead times whose moment passed unsent (the completion was recorded late, or
    /// the job was down): marked as done without a mail, so the learner gets one mail, the
    /// most urgent, not three at once.
    pub skip: Vec<u32>,
}

/// The reminder due today, if any. A lead time is reached `lead` days before the last valid
/// day; each is handled once (`handled` lists those already sent or skipped). None once
/// the completion has expired.
pub fn reminder_due(
    valid_until: NaiveDate,
    today: NaiveDate,
    leads: &LeadTimes,
    handled: &[u32],
) -> Option<ReminderPlan> {
    if today > valid_until {
        return None;
    }
    let days_left = (valid_until - today).num_days();
    let mut reached: Vec<u32> = leads
        .days()
        .iter()
        .copied()
        .filter(|lead| i64::from(*lead) >= days_left && !handled.contains(lead))
        .collect();
    // Largest first: the last one is the most urgent, and the one to send.
    let send = reached.pop()?;
    if handled.iter().any(|h| *h < send) {
        // A more urgent reminder went out already; an older one is never sent after it.
        return None;
    }
    Some(ReminderPlan { send, skip: reached })
}

/// The characters of certificate codes: no 0/O, 1/I/L, so a code read off paper is typed right.
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LEN: usize = 10;

/// A certificate's short code, «ABCDE-23456» on paper; parsed from what a person types.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CertificateCode(String);

impl CertificateCode {
    /// A fresh random code.
    pub fn generate() -> Self {
        use rand::Rng;
        let mut rng = rand::thread_rng();
        let code: String = (0..CODE_LEN)
            .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
            .collect();
        Self(code)
    }

    /// Accepts lower case, spaces and hyphens: «abcde 23456» is «ABCDE-23456».
    pub fn parse(text: &str) -> Result<Self, &'static str> {
        let code: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if code.len() != CODE_LEN {
            return Err("En kode har 10 tegn, for eksempel ABCDE-23456.");
        }
        if !code.bytes().all(|b| ALPHABET.contains(&b)) {
            return Err("Koden inneholder tegn som ikke brukes i koder (bare A–Z uten I, L og O, og 2–9).");
        }
        Ok(Self(code))
    }

    /// As stored: ten characters, no hyphen.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CertificateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", &self.0[..5], &self.0[5..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn validity_adds_months_and_clamps_to_the_month_end() {
        assert_eq!(valid_until(d(2026, 3, 15), Some(24)), Some(d(2028, 3, 15)));
        assert_eq!(valid_until(d(2024, 2, 29), Some(12)), Some(d(2025, 2, 28)));
        assert_eq!(valid_until(d(2024, 2, 29), Some(48)), Some(d(2028, 2, 29)));
        assert_eq!(valid_until(d(2026, 1, 31), Some(1)), Some(d(2026, 2, 28)));
        assert_eq!(valid_until(d(2026, 1, 1), None), None);
        assert_eq!(valid_until(d(2026, 1, 1), Some(0)), None);
        assert_eq!(valid_until(d(2026, 1, 1), Some(-3)), None);
    }

    #[test]
    fn expired_from_the_day_after_the_last_valid_day() {
        let until = Some(d(2027, 6, 30));
        assert!(!is_expired(until, d(2027, 6, 30)));
        assert!(is_expired(until, d(2027, 7, 1)));
        assert!(!is_expired(None, d(2099, 1, 1)));
    }

    #[test]
    fn lead_times_parse_sorted_and_reject_nonsense() {
        assert_eq!("7, 90,30,30".parse::<LeadTimes>().unwrap().days(), &[90, 30, 7]);
        assert_eq!(LeadTimes::default().to_string(), "90,30,7");
        assert!("".parse::<LeadTimes>().is_err());
        assert!("90,abc".parse::<LeadTimes>().is_err());
        assert!("0".parse::<LeadTimes>().is_err());
        assert!("-7".parse::<LeadTimes>().is_err());
    }

    #[test]
    fn each_lead_time_fires_once_on_its_day() {
        let leads = LeadTimes::default();
        let until = d(2027, 6, 30);
        let mut handled = Vec::new();
        let mut sent = Vec::new();
        let mut day = d(2026, 12, 1);
        while day <= d(2027, 8, 1) {
            if let Some(plan) = reminder_due(until, day, &leads, &handled) {
                assert!(plan.skip.is_empty(), "nothing skipped when the job runs daily");
                sent.push((plan.send, day));
                handled.push(plan.send);
            }
            day = day.succ_opt().unwrap();
        }
        assert_eq!(
            sent,
            vec![(90, d(2027, 4, 1)), (30, d(2027, 5, 31)), (7, d(2027, 6, 23))]
        );
    }

    #[test]
    fn lead_times_already_past_send_only_the_most_urgent() {
        let leads = LeadTimes::default();
        let until = d(2027, 1, 20);
        // Recorded (imported) with 20 days left: 90 and 30 are past; one mail, for 30.
        let plan = reminder_due(until, d(2026, 12, 31), &leads, &[]).unwrap();
        assert_eq!(
            plan,
            ReminderPlan {
                send: 30,
                skip: vec![90]
            }
        );
        // Nothing more until the 7-day mark.
        assert_eq!(reminder_due(until, d(2027, 1, 5), &leads, &[90, 30]), None);
        assert_eq!(
            reminder_due(until, d(2027, 1, 13), &leads, &[90, 30]),
            Some(ReminderPlan {
                send: 7,
                skip: vec![]
            })
        );
        // On the last valid day with nothing handled: only the 7-day mail.
        assert_eq!(
            reminder_due(until, until, &leads, &[]),
            Some(ReminderPlan {
                send: 7,
                skip: vec![90, 30]
            })
        );
        // Expired: nothing.
        assert_eq!(reminder_due(until, d(2027, 1, 21), &leads, &[]), None);
    }

    #[test]
    fn a_reminder_is_never_sent_after_a_more_urgent_one() {
        let leads = LeadTimes::default();
        assert_eq!(reminder_due(d(2027, 1, 20), d(2026, 11, 1), &leads, &[7]), None);
    }

    #[test]
    fn reminders_around_a_leap_day() {
        let leads: LeadTimes = "30".parse().unwrap();
        // Valid until 29 March 2028: 30 days before is 28 February (2028 has 29 February).
        assert_eq!(reminder_due(d(2028, 3, 29), d(2028, 2, 27), &leads, &[]), None);
        assert!(reminder_due(d(2028, 3, 29), d(2028, 2, 28), &leads, &[]).is_some());
    }

    #[test]
    fn codes_parse_as_people_type_them() {
        let code = CertificateCode::generate();
        assert_eq!(code.as_str().len(), 10);
        let printed = code.to_string();
        assert_eq!(CertificateCode::parse(&printed).unwrap(), code);
        assert_eq!(
            CertificateCode::parse(" abcde 23456 ").unwrap().to_string(),
            "ABCDE-23456"
        );
        assert!(CertificateCode::parse("ABCDE-2345").is_err());
        assert!(
            CertificateCode::parse("ABCDE-2345O").is_err(),
            "O is not in the alphabet"
        );
        assert!(CertificateCode::parse("'; drop table").is_err());
    }
}
