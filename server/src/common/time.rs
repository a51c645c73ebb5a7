//! Times as Norwegians read them: Norwegian weekday names, Europe/Oslo, 24-hour clock.
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::Oslo;

const WEEKDAYS: [&str; 7] = [
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
];

/// «tirsdag 01.12.2026 kl. 08:30–15:30» in Norwegian time.
pub fn when(starts: DateTime<Utc>, ends: DateTime<Utc>) -> String {
    use chrono::Datelike;
    let (s, e) = (starts.with_timezone(&Oslo), ends.with_timezone(&Oslo));
    let day = WEEKDAYS[s.weekday().num_days_from_monday() as usize];
    if s.date_naive() == e.date_naive() {
        format!(
            "{day} {} kl. {}–{}",
            s.format("%d.%m.%Y"),
            s.format("%H:%M"),
            e.format("%H:%M")
        )
    } else {
        format!(
            "{day} {} kl. {} – {}",
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
    at.with_timezone(&Oslo).format("%d.%m.%Y kl. %H:%M").to_string()
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
