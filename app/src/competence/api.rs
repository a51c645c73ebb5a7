//! Server functions of the competence administration: read the session, call the service.
use super::types::{ApiClient, ImportReport, NewApiClient};
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

#[server(prefix = "/api", endpoint = "admin/employee-import-preview")]
pub async fn preview_employee_import(csv: String) -> Result<ImportReport, AppError> {
    let who = require_caller().await?;
    respond(services()?.competence.preview_import(who, &csv).await)
}

#[server(prefix = "/api", endpoint = "admin/employee-import-apply")]
pub async fn apply_employee_import(csv: String, fingerprint: String) -> Result<ImportReport, AppError> {
    let who = require_caller().await?;
    respond(services()?.competence.apply_import(who, &csv, &fingerprint).await)
}
