//! The enrolment service interface; implemented by the server's `courses` module.
use super::types::{CourseCalendar, MyEnrolment, MyPlace, SessionInfo};
use crate::{accounts::service::Caller, error::AppError};

#[async_trait::async_trait]
pub trait EnrolmentService: Send + Sync + 'static {
    /// The upcoming sessions of a course, with free seats (always shown) and the visitor's place.
    async fn sessions(&self, who: Option<Caller>, course_code: &str) -> Result<Vec<SessionInfo>, AppError>;
    /// Enrols in one session: a seat while there is one, else the waitlist.
    /// On a paid course, `invoice_reference` replaces the profile's for this enrolment.
    async fn enrol(
        &self,
        who: Caller,
        session_id: i64,
        invoice_reference: Option<String>,
    ) -> Result<MyPlace, AppError>;
    /// Leaves a session or its waitlist before the deadline; a freed seat goes to the first in line.
    async fn cancel(&self, who: Caller, session_id: i64) -> Result<(), AppError>;
    /// «Mine kurs».
    async fn mine(&self, who: Caller) -> Result<Vec<MyEnrolment>, AppError>;
    /// «Kurskalender»: upcoming sessions in a month (default: this month), optionally one place.
    async fn calendar(
        &self,
        who: Option<Caller>,
        month: Option<crate::catalogue::types::Month>,
        place: Option<String>,
    ) -> Result<CourseCalendar, AppError>;
    /// The secret address of the learner's calendar feed.
    async fn calendar_feed(&self, who: Caller) -> Result<String, AppError>;
    /// A new secret address; the old one stops working.
    async fn new_calendar_feed(&self, who: Caller) -> Result<String, AppError>;
}
