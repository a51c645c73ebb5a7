//! The competence administration interface; implemented by the server's `competence::admin`.
use super::types::{ApiClient, ImportReport, NewApiClient};
use crate::{accounts::service::Caller, error::AppError};

#[async_trait::async_trait]
pub trait CompetenceAdminService: Send + Sync + 'static {
    /// Every integration client, live and revoked (administrators).
    async fn api_clients(&self, who: Caller) -> Result<Vec<ApiClient>, AppError>;
    /// Makes a client with these scopes; its token is in the answer and nowhere else.
    async fn create_api_client(
        &self,
        who: Caller,
        name: &str,
        scopes: &[&str],
    ) -> Result<NewApiClient, AppError>;
    async fn revoke_api_client(&self, who: Caller, id: i64) -> Result<(), AppError>;
    /// What an HR file would do; nothing is saved.
    async fn preview_import(&self, who: Caller, csv: &str) -> Result<ImportReport, AppError>;
    /// Saves an HR file, all lines or none, if it still does what the preview with
    /// `fingerprint` showed.
    async fn apply_import(&self, who: Caller, csv: &str, fingerprint: &str)
    -> Result<ImportReport, AppError>;
}
