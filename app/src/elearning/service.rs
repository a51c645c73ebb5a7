//! The e-learning interface; implemented by the server's `learning::elearning` module.
use super::types::{
    Access, AttemptResult, Content, Lesson, OrderLine, PackageAttemptDetail, PackageAttemptLine,
    PackageSummary, Player, QuestionDraft, Quiz,
};
use crate::{accounts::service::Caller, error::AppError};

#[async_trait::async_trait]
pub trait ElearningService: Send + Sync + 'static {
    /// The course as the learner sees it, with where they left off (on any device).
    async fn player(&self, who: Caller, code: &str) -> Result<Player, AppError>;
    /// Opens a lesson and remembers the place.
    async fn lesson(&self, who: Caller, code: &str, position: u32) -> Result<Lesson, AppError>;
    /// The quiz, without its answers.
    async fn quiz(&self, who: Caller, code: &str) -> Result<Quiz, AppError>;
    /// Scores the chosen options on the server; passing records the completion.
    async fn submit(&self, who: Caller, code: &str, selected: Vec<i64>) -> Result<AttemptResult, AppError>;

    /// Whether the visitor may take the course in the player, and if not, what it takes.
    async fn access(&self, who: Option<Caller>, code: &str) -> Result<Access, AppError>;
    /// Orders a priced e-learning course, invoiced to the learner's employer (or the learner)
    /// with `invoice_reference` (the profile's when none is given). Ordering twice is harmless.
    async fn order(&self, who: Caller, code: &str, invoice_reference: Option<String>)
    -> Result<(), AppError>;
    /// The orders of a course, oldest first, for invoicing (course administrators).
    async fn orders(&self, who: Caller, code: &str) -> Result<Vec<OrderLine>, AppError>;

    /// The editor (course administrators).
    async fn content(&self, who: Caller, code: &str) -> Result<Content, AppError>;
    /// Creates (`lesson_id` 0) or changes a lesson; returns its id.
    async fn save_lesson(
        &self,
        who: Caller,
        code: &str,
        lesson_id: i64,
        title: &str,
        body: &str,
    ) -> Result<i64, AppError>;
    async fn delete_lesson(&self, who: Caller, code: &str, lesson_id: i64) -> Result<(), AppError>;
    /// Moves a lesson one place up (or down).
    async fn move_lesson(&self, who: Caller, code: &str, lesson_id: i64, up: bool) -> Result<(), AppError>;
    /// Creates (`id` 0) or changes a question; returns its id.
    async fn save_question(&self, who: Caller, code: &str, draft: QuestionDraft) -> Result<i64, AppError>;
    async fn delete_question(&self, who: Caller, code: &str, question_id: i64) -> Result<(), AppError>;
    async fn save_quiz_settings(
        &self,
        who: Caller,
        code: &str,
        pass_mark: &str,
        max_attempts: &str,
    ) -> Result<(), AppError>;
    /// Checks a package from an authoring tool (a SCORM zip) and stores it as the course's
    /// next version; refused with the reason, storing nothing, when it is not a sound package.
    async fn upload_package(
        &self,
        who: Caller,
        code: &str,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Result<PackageSummary, AppError>;
    /// Removes the course's package (every version and its files).
    async fn remove_package(&self, who: Caller, code: &str) -> Result<(), AppError>;
    /// The attempts at the course's package, latest activity first (course administrators).
    async fn package_attempts(&self, who: Caller, code: &str) -> Result<Vec<PackageAttemptLine>, AppError>;
    /// One attempt with each SCO's state and its interactions.
    async fn package_attempt(
        &self,
        who: Caller,
        code: &str,
        id: i64,
    ) -> Result<PackageAttemptDetail, AppError>;
    /// Removes an attempt (audited): the learner's next launch starts a new one. A completion
    /// it recorded stays (revoking a kursbevis is its own act).
    async fn reset_package_attempt(&self, who: Caller, code: &str, id: i64) -> Result<(), AppError>;
    /// The HTML a lesson's Markdown becomes (the editor's preview).
    async fn preview(&self, who: Caller, markdown: &str) -> Result<String, AppError>;
}
