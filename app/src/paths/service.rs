//! The learning path interface; implemented by the server's `learning::paths` module.
use super::types::{PathAdmin, PathForm, PathSummary, StepForm, TrainingPlan};
use crate::{accounts::service::Caller, error::AppError};

#[async_trait::async_trait]
pub trait PathService: Send + Sync + 'static {
    /// Published paths, and whether the caller follows each.
    async fn paths(&self, who: Caller) -> Result<Vec<PathSummary>, AppError>;
    /// The caller starts following a published path.
    async fn join(&self, who: Caller, code: &str) -> Result<(), AppError>;
    /// «Opplæringsplan» of the caller.
    async fn plan(&self, who: Caller, code: &str) -> Result<TrainingPlan, AppError>;

    /// Every path, published or not (course administrators and instructors).
    async fn admin_paths(&self, who: Caller) -> Result<Vec<PathSummary>, AppError>;
    /// Creates (`original_code` empty) or changes a path; returns its code.
    async fn save_path(&self, who: Caller, original_code: &str, form: PathForm) -> Result<String, AppError>;
    async fn path_admin(&self, who: Caller, code: &str) -> Result<PathAdmin, AppError>;
    async fn add_step(&self, who: Caller, code: &str, form: StepForm) -> Result<(), AppError>;
    async fn remove_step(&self, who: Caller, code: &str, step_id: i64) -> Result<(), AppError>;
    /// Assigns a person (by e-mail) to the path.
    async fn assign(&self, who: Caller, code: &str, email: &str) -> Result<(), AppError>;
    /// Names an instructor (by e-mail) on a path; course administrators only.
    async fn add_instructor(&self, who: Caller, code: &str, email: &str) -> Result<(), AppError>;
    /// Takes an instructor off a path; course administrators only.
    async fn remove_instructor(&self, who: Caller, code: &str, account_id: i64) -> Result<(), AppError>;
    /// An instructor or examiner signs off a practical exam or practice step, with date and comment.
    async fn sign_off(
        &self,
        who: Caller,
        code: &str,
        account_id: i64,
        step_id: i64,
        date: &str,
        comment: &str,
    ) -> Result<(), AppError>;
}
