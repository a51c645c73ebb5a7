//! Server functions of learning paths: read the session, call the service.
use super::types::{PathAdmin, PathForm, PathSummary, StepForm, TrainingPlan};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::services::{require_caller, respond, services};

#[server(prefix = "/api", endpoint = "paths/list")]
pub async fn load_paths() -> Result<Vec<PathSummary>, AppError> {
    let who = require_caller().await?;
    respond(services()?.paths.paths(who).await)
}

#[server(prefix = "/api", endpoint = "paths/join")]
pub async fn join_path(code: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.paths.join(who, &code).await)
}

#[server(prefix = "/api", endpoint = "paths/plan")]
pub async fn load_plan(code: String) -> Result<TrainingPlan, AppError> {
    let who = require_caller().await?;
    respond(services()?.paths.plan(who, &code).await)
}

#[server(prefix = "/api", endpoint = "paths/admin-list")]
pub async fn load_admin_paths() -> Result<Vec<PathSummary>, AppError> {
    let who = require_caller().await?;
    respond(services()?.paths.admin_paths(who).await)
}

#[server(prefix = "/api", endpoint = "paths/save")]
pub async fn save_path(original_code: String, form: PathForm) -> Result<String, AppError> {
    let who = require_caller().await?;
    let saved = respond(services()?.paths.save_path(who, &original_code, form).await)?;
    // The path continues on its own page (see `save_course`).
    leptos_axum::redirect(&format!("/admin/opplaeringslop/{saved}"));
    Ok(saved)
}

#[server(prefix = "/api", endpoint = "paths/admin")]
pub async fn load_path_admin(code: String) -> Result<PathAdmin, AppError> {
    let who = require_caller().await?;
    respond(services()?.paths.path_admin(who, &code).await)
}

#[server(prefix = "/api", endpoint = "paths/add-step")]
pub async fn add_step(code: String, form: StepForm) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.paths.add_step(who, &code, form).await)
}

#[server(prefix = "/api", endpoint = "paths/remove-step")]
pub async fn remove_step(code: String, step_id: i64) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.paths.remove_step(who, &code, step_id).await)
}

#[server(prefix = "/api", endpoint = "paths/assign")]
pub async fn assign_path(code: String, email: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.paths.assign(who, &code, &email).await)
}

#[server(prefix = "/api", endpoint = "paths/add-instructor")]
pub async fn add_instructor(code: String, email: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.paths.add_instructor(who, &code, &email).await)
}

#[server(prefix = "/api", endpoint = "paths/remove-instructor")]
pub async fn remove_instructor(code: String, account_id: i64) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.paths.remove_instructor(who, &code, account_id).await)
}

#[server(prefix = "/api", endpoint = "paths/sign-off")]
pub async fn sign_off(
    code: String,
    account_id: i64,
    step_id: i64,
    date: String,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .paths
            .sign_off(who, &code, account_id, step_id, &date, &comment)
            .await,
    )
}
