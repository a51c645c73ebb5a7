//! Wire types of enrolment.
use serde::{Deserialize, Serialize};

/// Where the signed-in person stands in a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum MyPlace {
    Enrolled,
    Waitlisted { position: u64 },
}

/// One upcoming session as the course page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub id: i64,
    /// «tirsdag 01.12.2026 kl. 08:30–15:30», in Norwegian time.
    pub when: String,
    pub place: String,
    pub instructor: Option<String>,
    pub capacity: u32,
    pub free_seats: u32,
    pub waiting: u32,
    /// «Påmeldingsfrist» in Norwegian time.
    pub deadline: String,
    pub open: bool,
    pub mine: Option<MyPlace>,
    /// The course has a price: the enrolment records the employer and an invoice reference.
    #[serde(default)]
    pub priced: bool,
    /// The visitor's invoice reference from the profile, offered for editing on a paid course.
    #[serde(default)]
    pub invoice_reference: Option<String>,
}

/// «Mine kurs»: one enrolment or waitlist place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyEnrolment {
    pub session: SessionInfo,
    pub course_code: String,
    pub course_title: String,
}

/// One session in «Kurskalender».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarEntry {
    pub course_code: String,
    pub course_title: String,
    pub session: SessionInfo,
}

/// «Kurskalender» for one month, optionally one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseCalendar {
    pub month: crate::catalogue::types::Month,
    pub place: Option<String>,
    /// Months and places that have upcoming sessions at all.
    pub options: crate::catalogue::types::FilterOptions,
    pub entries: Vec<CalendarEntry>,
}
