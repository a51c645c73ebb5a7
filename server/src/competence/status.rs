//! Where a person stands with a requirement: pure rules of dates, driven by `today` in tests.
use app::competence::types::RequirementStatus;
use chrono::{Days, NaiveDate};

/// How many days before its last valid day something held counts as expiring.
pub const EXPIRING_DAYS: i64 = 90;

/// What a person has towards one required course or path.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Evidence {
    /// The best completion not revoked: `Some(None)` never expires, `Some(Some(day))` is valid
    /// through `day`.
    pub held: Option<Option<NaiveDate>>,
    /// Enrolled or waitlisted on a session to come, or started the e-learning or the path.
    pub in_progress: bool,
}

impl Evidence {
    /// Adds a completion valid through `until` (none: without end); the one valid longest counts.
    pub fn hold(&mut self, until: Option<NaiveDate>) {
        self.held = Some(match (self.held, until) {
            (None, until) => until,
            (Some(None), _) | (_, None) => None,
            (Some(Some(a)), Some(b)) => Some(a.max(b)),
        });
    }
}

/// The status on `today`, given the evidence and the deadline (`due`) of a new person.
///
/// Held and valid through today: valid, or expiring when the last valid day is at most 90 days
/// away. Not held: in progress when started, else expired when held once, else overdue after
/// the deadline's day, else missing.
pub fn status(evidence: Evidence, due: Option<NaiveDate>, today: NaiveDate) -> RequirementStatus {
    match evidence.held {
        Some(None) => return RequirementStatus::Valid,
        Some(Some(until)) if until >= today => {
            return if (until - today).num_days() <= EXPIRING_DAYS {
                RequirementStatus::Expiring
            } else {
                RequirementStatus::Valid
            };
        }
        _ => {}
    }
    if evidence.in_progress {
        RequirementStatus::InProgress
    } else if evidence.held.is_some() {
        RequirementStatus::Expired
    } else if due.is_some_and(|due| today > due) {
        RequirementStatus::Overdue
    } else {
        RequirementStatus::Missing
    }
}

/// The deadline of a person who started on `start` for a requirement made on `made` with
/// `deadline_days`: counted from the later of the two (people already there when the
/// requirement came get the same time as a new person).
pub fn due(start: NaiveDate, made: NaiveDate, deadline_days: Option<i32>) -> Option<NaiveDate> {
    let days = u64::try_from(deadline_days?).ok()?;
    start.max(made).checked_add_days(Days::new(days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use RequirementStatus::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn held(until: Option<NaiveDate>) -> Evidence {
        Evidence {
            held: Some(until),
            in_progress: false,
        }
    }

    #[test]
    fn held_is_valid_through_its_last_day_and_expiring_from_90_days_before() {
        let until = day(2027, 3, 31);
        assert_eq!(
            status(held(Some(until)), None, day(2026, 12, 30)),
            Valid,
            "91 days before"
        );
        assert_eq!(
            status(held(Some(until)), None, day(2026, 12, 31)),
            Expiring,
            "90 days before"
        );
        assert_eq!(
            status(held(Some(until)), None, until),
            Expiring,
            "the last valid day"
        );
        assert_eq!(
            status(held(Some(until)), None, day(2027, 4, 1)),
            Expired,
            "the day after"
        );
        assert_eq!(status(held(None), None, day(2090, 1, 1)), Valid, "without end");
    }

    #[test]
    fn leap_days_count() {
        // 29 February 2028 is a day of its own: 90 days before 29 May 2028 is 29 February.
        let until = day(2028, 5, 29);
        assert_eq!(status(held(Some(until)), None, day(2028, 2, 28)), Valid);
        assert_eq!(status(held(Some(until)), None, day(2028, 2, 29)), Expiring);
        // Valid through 29 February; expired on 1 March.
        let leap = day(2028, 2, 29);
        assert_eq!(status(held(Some(leap)), None, leap), Expiring);
        assert_eq!(status(held(Some(leap)), None, day(2028, 3, 1)), Expired);
    }

    #[test]
    fn not_held_is_in_progress_expired_overdue_or_missing() {
        let today = day(2026, 12, 6);
        let started = Evidence {
            held: Some(Some(day(2026, 1, 1))),
            in_progress: true,
        };
        assert_eq!(
            status(started, None, today),
            InProgress,
            "re-taking an expired course"
        );
        assert_eq!(status(held(Some(day(2026, 12, 5))), None, today), Expired);
        assert_eq!(
            status(Evidence::default(), Some(today), today),
            Missing,
            "due today"
        );
        assert_eq!(
            status(Evidence::default(), Some(day(2026, 12, 5)), today),
            Overdue
        );
        assert_eq!(status(Evidence::default(), None, today), Missing);
        let progressing = Evidence {
            held: None,
            in_progress: true,
        };
        assert_eq!(status(progressing, Some(day(2026, 1, 1)), today), InProgress);
    }

    #[test]
    fn the_completion_valid_longest_counts() {
        let mut evidence = Evidence::default();
        evidence.hold(Some(day(2026, 1, 1)));
        evidence.hold(Some(day(2027, 1, 1)));
        evidence.hold(Some(day(2025, 1, 1)));
        assert_eq!(evidence.held, Some(Some(day(2027, 1, 1))));
        evidence.hold(None);
        evidence.hold(Some(day(2028, 1, 1)));
        assert_eq!(evidence.held, Some(None));
    }

    #[test]
    fn the_deadline_counts_from_the_start_or_from_the_requirement() {
        let made = day(2026, 11, 1);
        assert_eq!(due(day(2026, 12, 1), made, Some(30)), Some(day(2026, 12, 31)));
        assert_eq!(due(day(2020, 1, 1), made, Some(30)), Some(day(2026, 12, 1)));
        assert_eq!(due(day(2026, 12, 1), made, None), None);
        assert_eq!(due(day(2026, 12, 1), made, Some(-1)), None);
    }
}
