//! Times as Norwegians read them: Norwegian weekday names, Europe/Oslo, 24-hour clock.
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Oslo;

use app::messages::Language;

const WEEKDAYS: [&str; 7] = [
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
];
const WEEKDAYS_NN: [&str; 7] = [
    "måndag", "tysdag", "onsdag", "torsdag", "fredag", "laurdag", "søndag",
];
const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// «tirsdag 01.12.2026 kl. 08:30–15:30» in Norwegian time.
pub fn when(starts: DateTime<Utc>, ends: DateTime<Utc>) -> String {
    when_in(starts, ends, Language::Nb)
}

/// [`when`] in `language`: «tysdag 01.12.2026 kl. 08:30–15:30», «Tuesday 01.12.2026, 08:30–15:30»
/// (Norwegian time in every language: the course is held in Norway).
pub fn when_in(starts: DateTime<Utc>, ends: DateTime<Utc>, language: Language) -> String {
    use chrono::Datelike;
    let (s, e) = (starts.with_timezone(&Oslo), ends.with_timezone(&Oslo));
    let weekday = s.weekday().num_days_from_monday() as usize;
    let (day, at) = match language {
        Language::Nb => (WEEKDAYS[weekday], " kl."),
        Language::Nn => (WEEKDAYS_NN[weekday], " kl."),
        Language::En => (WEEKDAYS_EN[weekday], ","),
    };
    if s.date_naive() == e.date_naive() {
        format!(
            "{day} {}{at} {}–{}",
            s.format("%d.%m.%Y"),
            s.format("%H:%M"),
            e.format("%H:%M")
        )
    } else {
        format!(
            "{day} {}{at} {} – {}",
            s.format("%d.%m.%Y"),
            s.format("%H:%M"),
            e.format("%d.%m.%Y %H:%M")
        )
    }
}

/// Today's date in Norway.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&Oslo).date_naive()
}

/// «01.12.2026».
pub fn day(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

/// «01.12.2026 kl. 23:59» in Norwegian time.
pub fn moment(at: DateTime<Utc>) -> String {
    moment_in(at, Language::Nb)
}

/// [`moment`] in `language` («01.12.2026, 23:59» in English).
pub fn moment_in(at: DateTime<Utc>, language: Language) -> String {
    let format = match language {
        Language::En => "%d.%m.%Y, %H:%M",
        Language::Nb | Language::Nn => "%d.%m.%Y kl. %H:%M",
    };
    at.with_timezone(&Oslo).format(format).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_are_shown_in_norwegian_time() {
        // 07:30 UTC in December is 08:30 in Oslo; in June (summer time) 09:30.
        let winter = Utc.with_ymd_and_hms(2026, 12, 1, 7, 30, 0).unwrap();
        assert_eq!(
            when(winter, winter + chrono::Duration::hours(7)),
            "tirsdag 01.12.2026 kl. 08:30–15:30"
        );
        let summer = Utc.with_ymd_and_hms(2026, 6, 1, 7, 30, 0).unwrap();
        assert_eq!(moment(summer), "01.06.2026 kl. 09:30");
    }
}
