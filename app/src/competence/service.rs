//! The competence administration interface; implemented by the server's `competence::admin`.
use super::types::{
    ApiClient, FullList, HistoryReport, ImportReport, MyRequirements, NewApiClient, OrganisationSetup,
    Overview, OverviewFilter, PersonOverview, RequirementForm, UnitForm,
};
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
    /// `full_list`: the file is the complete list of an employer's employees.
    async fn preview_import(
        &self,
        who: Caller,
        csv: &str,
        full_list: Option<FullList>,
    ) -> Result<ImportReport, AppError>;
    /// Saves an HR file, all lines or none, if it still does what the preview with
    /// `fingerprint` showed.
    async fn apply_import(
        &self,
        who: Caller,
        csv: &str,
        full_list: Option<FullList>,
        fingerprint: &str,
    ) -> Result<ImportReport, AppError>;
    /// What a file of historic completions would do; nothing is saved.
    async fn preview_history(
        &self,
        who: Caller,
        csv: &str,
        to_register: bool,
    ) -> Result<HistoryReport, AppError>;
    /// Saves a file of historic completions, all lines or none, if it still does what the
    /// preview with `fingerprint` showed.
    async fn apply_history(
        &self,
        who: Caller,
        csv: &str,
        to_register: bool,
        fingerprint: &str,
    ) -> Result<HistoryReport, AppError>;
}

/// The organisation and its requirements, and who is qualified; implemented by the server's
/// `competence::organisation`.
#[async_trait::async_trait]
pub trait OrganisationService: Send + Sync + 'static {
    /// Units, requirements and company contacts (administrators).
    async fn setup(&self, who: Caller) -> Result<OrganisationSetup, AppError>;
    async fn save_unit(&self, who: Caller, form: UnitForm) -> Result<(), AppError>;
    async fn remove_unit(&self, who: Caller, code: &str) -> Result<(), AppError>;
    async fn add_requirement(&self, who: Caller, form: RequirementForm) -> Result<(), AppError>;
    async fn remove_requirement(&self, who: Caller, id: i64) -> Result<(), AppError>;
    /// Makes the person (e-mail address or staff code) a contact of the employer (organisation number).
    async fn add_contact(&self, who: Caller, employer: &str, person: &str) -> Result<(), AppError>;
    async fn remove_contact(&self, who: Caller, company_id: i64, account_id: i64) -> Result<(), AppError>;
    /// The caller's own requirements.
    async fn mine(&self, who: Caller) -> Result<MyRequirements, AppError>;
    /// «Kompetanseoversikt» of the people the caller sees.
    async fn overview(&self, who: Caller, filter: OverviewFilter) -> Result<Overview, AppError>;
    /// Chooses (or stops) the weekly digest of the people the caller sees.
    async fn choose_digest(&self, who: Caller, weekly: bool) -> Result<(), AppError>;
    /// One person the caller sees: requirements and history.
    async fn person(&self, who: Caller, account_id: i64) -> Result<PersonOverview, AppError>;
}
