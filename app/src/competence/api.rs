//! Server functions of the competence administration: read the session, call the service.
#[cfg(feature = "ssr")]
use super::types::FullList;
use super::types::{ApiClient, HistoryReport, ImportReport, NewApiClient};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::services::{require_caller, respond, services};

#[server(prefix = "/api", endpoint = "admin/api-clients")]
pub async fn load_api_clients() -> Result<Vec<ApiClient>, AppError> {
    let who = require_caller().await?;
    respond(services()?.competence.api_clients(who).await)
}

/// A checkbox per scope: present ("on") when ticked.
#[server(prefix = "/api", endpoint = "admin/api-client-create")]
pub async fn create_api_client(
    name: String,
    employees_write: Option<String>,
    transfers_read: Option<String>,
) -> Result<NewApiClient, AppError> {
    let who = require_caller().await?;
    let mut scopes = Vec::new();
    if employees_write.is_some() {
        scopes.push("employees:write");
    }
    if transfers_read.is_some() {
        scopes.push("transfers:read");
    }
    respond(
        services()?
            .competence
            .create_api_client(who, &name, &scopes)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/api-client-revoke")]
pub async fn revoke_api_client(id: i64) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.competence.revoke_api_client(who, id).await)
}

/// The full-list choice of the HR file form: ticked, with its employer and last day.
#[cfg(feature = "ssr")]
fn full_list(ticked_box: &Option<String>, employer: String, last_day: String) -> Option<FullList> {
    ticked(ticked_box).then_some(FullList { employer, last_day })
}

#[server(prefix = "/api", endpoint = "admin/employee-import-preview")]
pub async fn preview_employee_import(
    csv: String,
    #[server(default)] full: Option<String>,
    #[server(default)] employer: String,
    #[server(default)] last_day: String,
) -> Result<ImportReport, AppError> {
    let who = require_caller().await?;
    let list = full_list(&full, employer, last_day);
    respond(services()?.competence.preview_import(who, &csv, list).await)
}

#[server(prefix = "/api", endpoint = "admin/employee-import-apply")]
pub async fn apply_employee_import(
    csv: String,
    #[server(default)] full: Option<String>,
    #[server(default)] employer: String,
    #[server(default)] last_day: String,
    fingerprint: String,
) -> Result<ImportReport, AppError> {
    let who = require_caller().await?;
    let list = full_list(&full, employer, last_day);
    respond(
        services()?
            .competence
            .apply_import(who, &csv, list, &fingerprint)
            .await,
    )
}

/// A ticked checkbox sends «on»; an unticked one sends nothing.
#[cfg(feature = "ssr")]
fn ticked(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| !v.is_empty() && v != "false")
}

#[server(prefix = "/api", endpoint = "admin/history-import-preview")]
pub async fn preview_history_import(
    csv: String,
    #[server(default)] to_register: Option<String>,
) -> Result<HistoryReport, AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .competence
            .preview_history(who, &csv, ticked(&to_register))
            .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/history-import-apply")]
pub async fn apply_history_import(
    csv: String,
    #[server(default)] to_register: Option<String>,
    fingerprint: String,
) -> Result<HistoryReport, AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .competence
            .apply_history(who, &csv, ticked(&to_register), &fingerprint)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/organisation-setup")]
pub async fn load_organisation_setup() -> Result<super::types::OrganisationSetup, AppError> {
    let who = require_caller().await?;
    respond(services()?.organisation.setup(who).await)
}

#[server(prefix = "/api", endpoint = "admin/unit-save")]
pub async fn save_unit(code: String, name: String, parent: String, leader: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    let form = super::types::UnitForm {
        code,
        name,
        parent,
        leader,
    };
    respond(services()?.organisation.save_unit(who, form).await)
}

#[server(prefix = "/api", endpoint = "admin/unit-remove")]
pub async fn remove_unit(code: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.organisation.remove_unit(who, &code).await)
}

#[server(prefix = "/api", endpoint = "admin/requirement-add")]
pub async fn add_requirement(
    required: String,
    #[server(default)] scope: String,
    #[server(default)] unit: String,
    #[server(default)] user_type: String,
    #[server(default)] employer: String,
    #[server(default)] deadline_days: String,
) -> Result<(), AppError> {
    let who = require_caller().await?;
    let form = super::types::RequirementForm {
        required,
        scope,
        unit,
        user_type,
        employer,
        deadline_days,
    };
    respond(services()?.organisation.add_requirement(who, form).await)
}

#[server(prefix = "/api", endpoint = "admin/requirement-remove")]
pub async fn remove_requirement(id: i64) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.organisation.remove_requirement(who, id).await)
}

#[server(prefix = "/api", endpoint = "admin/company-contact-add")]
pub async fn add_company_contact(employer: String, person: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .organisation
            .add_contact(who, &employer, &person)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/company-contact-remove")]
pub async fn remove_company_contact(company_id: i64, account_id: i64) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .organisation
            .remove_contact(who, company_id, account_id)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "competence/mine", input = server_fn::codec::GetUrl)]
pub async fn my_requirements() -> Result<super::types::MyRequirements, AppError> {
    let who = require_caller().await?;
    respond(services()?.organisation.mine(who).await)
}

#[server(prefix = "/api", endpoint = "competence/overview", input = server_fn::codec::GetUrl)]
pub async fn load_overview(
    #[server(default)] unit: String,
    #[server(default)] required: String,
    #[server(default)] status: String,
    #[server(default)] within_days: String,
    #[server(default)] after: Option<i64>,
) -> Result<super::types::Overview, AppError> {
    let who = require_caller().await?;
    let filter = super::types::OverviewFilter {
        unit,
        required,
        status,
        within_days,
        after,
    };
    respond(services()?.organisation.overview(who, filter).await)
}

#[server(prefix = "/api", endpoint = "competence/person", input = server_fn::codec::GetUrl)]
pub async fn load_person_overview(id: i64) -> Result<super::types::PersonOverview, AppError> {
    let who = require_caller().await?;
    respond(services()?.organisation.person(who, id).await)
}

/// The weekly digest's checkbox: present ("on") when ticked.
#[server(prefix = "/api", endpoint = "competence/digest")]
pub async fn choose_digest(#[server(default)] weekly: Option<String>) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .organisation
            .choose_digest(who, weekly.is_some())
            .await,
    )
}
