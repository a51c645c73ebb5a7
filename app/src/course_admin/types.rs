//! Wire types of course administration.
use crate::catalogue::types::CourseKind;
use serde::{Deserialize, Serialize};

/// A course in the administrator's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminCourseRow {
    pub code: String,
    pub title: String,
    pub category: String,
    pub kind: CourseKind,
    pub published: bool,
    pub upcoming_sessions: u64,
    pub open_requests: u64,
}

/// A subject area as a choice in a form: the slug and the full path («Jernbane › Signal»).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryOption {
    pub slug: String,
    pub path: String,
}

/// The course form, as typed (the server parses it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseForm {
    pub code: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub agenda: String,
    pub prerequisites: String,
    pub target_group: String,
    pub kind: String,
    pub category: String,
    pub duration: String,
    pub place: String,
    pub price_nok: String,
    pub validity_months: String,
    pub keywords: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    /// "on" when ticked (an HTML checkbox).
    #[serde(default)]
    pub published: Option<String>,
}

/// A new subject area.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryForm {
    pub name: String,
    /// The parent's slug; empty for a top-level area.
    #[serde(default)]
    pub parent: String,
}

/// A session as administrators and instructors see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminSession {
    pub id: i64,
    pub course_code: String,
    pub course_title: String,
    /// «tirsdag 01.12.2026 kl. 08:30–15:30».
    pub when: String,
    /// For the edit form, Norwegian time: `2026-12-01T08:30`.
    pub starts_local: String,
    pub ends_local: String,
    pub deadline_local: String,
    pub place: String,
    pub instructor: Option<String>,
    pub instructor_account_id: Option<i64>,
    pub capacity: u32,
    pub enrolled: u32,
    pub waiting: u32,
    pub cancelled: bool,
}

/// The session form; times are `YYYY-MM-DDTHH:MM` in Norwegian time (`<input type="datetime-local">`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionForm {
    pub starts: String,
    pub ends: String,
    pub deadline: String,
    pub place: String,
    pub capacity: String,
    /// An instructor's account id, or empty.
    #[serde(default)]
    pub instructor: String,
}

/// Someone in a session: a seat or a queue place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub employer: Option<String>,
    /// Whether the employer billed was named by the employer itself (its HR feed), not only
    /// chosen by the participant.
    pub employer_confirmed: bool,
    pub invoice_reference: Option<String>,
    /// `None` for a seat, the queue position otherwise.
    pub waiting_position: Option<u64>,
    /// «01.12.2026 kl. 08:30».
    pub since: String,
    /// The result recorded after the session, if any.
    pub outcome: Option<crate::learning::types::Outcome>,
}

/// Everything the participant page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRoster {
    pub session: AdminSession,
    pub participants: Vec<Participant>,
    /// Other upcoming sessions of the course, to move people to: (id, when and place).
    pub other_sessions: Vec<(i64, String)>,
    /// Whether the viewer may change the list (course administrators; instructors only read).
    pub can_edit: bool,
    /// Whether the viewer may record results: the session has started, and they administer
    /// courses or teach it.
    pub can_record: bool,
}

/// A learner who could not find a session that suits them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRequestInfo {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub preferred_place: String,
    pub preferred_period: String,
    pub note: String,
    pub asked: String,
}

/// Open requests of one course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRequestGroup {
    pub course_code: String,
    pub course_title: String,
    pub requests: Vec<SessionRequestInfo>,
}

/// An instructor who can be chosen for a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstructorOption {
    pub account_id: i64,
    pub name: String,
}

/// «Be om ny kursenhet», as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRequestForm {
    pub preferred_place: String,
    pub preferred_period: String,
    #[serde(default)]
    pub note: String,
}
