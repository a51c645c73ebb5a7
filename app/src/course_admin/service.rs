//! The course administration interface; implemented by the server's `courses` module.
use super::types::{
    AdminCourseRow, AdminSession, CategoryForm, CategoryOption, CourseForm, InstructorOption, SessionForm,
    SessionRequestForm, SessionRequestGroup, SessionRoster,
};
use crate::{accounts::service::Caller, enrolment::types::MyPlace, error::AppError};

/// Every method checks the caller's role on the server: course administrators (and
/// administrators) change things; instructors read their own sessions.
#[async_trait::async_trait]
pub trait CourseAdminService: Send + Sync + 'static {
    async fn courses(&self, who: Caller, text: &str) -> Result<Vec<AdminCourseRow>, AppError>;
    async fn categories(&self, who: Caller) -> Result<Vec<CategoryOption>, AppError>;
    async fn add_category(&self, who: Caller, form: CategoryForm) -> Result<String, AppError>;
    /// Renames a subject area and/or moves it under another; its address (slug) stays.
    async fn update_category(&self, who: Caller, slug: &str, form: CategoryForm) -> Result<(), AppError>;
    /// The form of an existing course, filled in.
    async fn course_form(&self, who: Caller, code: &str) -> Result<CourseForm, AppError>;
    /// Creates (`original_code` empty) or changes a course; returns its code.
    async fn save_course(
        &self,
        who: Caller,
        original_code: &str,
        form: CourseForm,
    ) -> Result<String, AppError>;
    /// Every session of a course, newest last, cancelled ones too.
    async fn sessions(&self, who: Caller, code: &str) -> Result<Vec<AdminSession>, AppError>;
    async fn instructors(&self, who: Caller) -> Result<Vec<InstructorOption>, AppError>;
    /// Creates a session. With `answer_requests`, the open requests for the course are answered
    /// and the people who asked are told by mail.
    async fn add_session(
        &self,
        who: Caller,
        code: &str,
        form: SessionForm,
        answer_requests: bool,
    ) -> Result<i64, AppError>;
    /// Changes a session; more seats promote from the waitlist at once.
    async fn update_session(&self, who: Caller, session_id: i64, form: SessionForm) -> Result<(), AppError>;
    /// Cancels a session; everyone on it is told by mail.
    async fn cancel_session(&self, who: Caller, session_id: i64, reason: &str) -> Result<(), AppError>;
    /// Participants and waitlist; for course administrators, or the session's own instructor.
    async fn roster(&self, who: Caller, session_id: i64) -> Result<SessionRoster, AppError>;
    async fn add_participant(&self, who: Caller, session_id: i64, email: &str) -> Result<MyPlace, AppError>;
    async fn remove_participant(&self, who: Caller, session_id: i64, account_id: i64)
    -> Result<(), AppError>;
    async fn move_participant(
        &self,
        who: Caller,
        session_id: i64,
        account_id: i64,
        to_session: i64,
    ) -> Result<MyPlace, AppError>;
    /// Open «Be om ny kursenhet» requests, grouped by course.
    async fn requests(&self, who: Caller) -> Result<Vec<SessionRequestGroup>, AppError>;
    /// «Mine kursenheter»: the instructor's own upcoming sessions.
    async fn teaching(&self, who: Caller) -> Result<Vec<AdminSession>, AppError>;
    /// A learner asks for a new session of a course they can see.
    async fn request_session(
        &self,
        who: Caller,
        code: &str,
        form: SessionRequestForm,
    ) -> Result<(), AppError>;
}
