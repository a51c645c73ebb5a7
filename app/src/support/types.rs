//! Wire types of the support desk.
use crate::accounts::types::{Role, UserType};
use serde::{Deserialize, Serialize};

/// Everything the support desk sees of one person (never the national ID itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonFile {
    pub id: i64,
    pub full_name: String,
    /// The login address.
    pub email: Option<String>,
    /// An employee's private address («Glemt passord» sends there).
    pub private_email: Option<String>,
    /// The address of an external profile merged into this one, or this one's own before a merge.
    pub earlier_email: Option<String>,
    pub staff_code: Option<String>,
    pub birth_date: Option<String>,
    pub user_type: Option<UserType>,
    pub employer: Option<String>,
    pub role: Role,
    pub activated: bool,
    /// When support deactivated the account (dd.mm.åååå tt:mm, Norwegian time).
    pub deactivated_at: Option<String>,
    /// Until when wrong passwords have locked the login (Norwegian time).
    pub locked_until: Option<String>,
    pub last_login_at: Option<String>,
    /// The profile this one was merged into: it is closed.
    pub merged_into: Option<i64>,
    pub has_national_id: bool,
    /// Seats and waitlist places in sessions that have not ended.
    pub enrolments: Vec<PersonEnrolment>,
    /// Completed courses, newest first, with their kursbevis.
    pub history: Vec<PersonCompletion>,
    /// Sessions support may enrol the person in (upcoming, not cancelled).
    pub bookable: Vec<SessionChoice>,
    /// When an administrator anonymised the person.
    pub anonymised_at: Option<String>,
    /// Whether the caller may anonymise people (administrators).
    pub can_anonymise: bool,
}

/// A seat or a waitlist place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonEnrolment {
    pub session_id: i64,
    pub course_title: String,
    pub starts_at: String,
    pub place: String,
    /// The place in the queue; none for a seat.
    pub waitlist_position: Option<u64>,
}

/// A completed course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonCompletion {
    pub course_title: String,
    pub completed_on: String,
    pub result: String,
    pub certificate_code: String,
    pub valid_until: Option<String>,
    pub revoked: bool,
}

/// An upcoming session in the «Meld på» list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionChoice {
    pub session_id: i64,
    pub label: String,
}
