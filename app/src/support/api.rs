//! Server functions of the support desk. Each reads the session, takes the desk from context
//! and calls one method; the desk decides whether the caller may act.
use super::types::PersonFile;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::services::{require_caller, respond, services};

#[server(prefix = "/api", endpoint = "support/person")]
pub async fn load_person(account_id: i64) -> Result<PersonFile, AppError> {
    let who = require_caller().await?;
    respond(services()?.support.person(who, account_id).await)
}

#[server(prefix = "/api", endpoint = "support/change-email")]
pub async fn support_change_email(account_id: i64, email: String, reason: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .support
            .change_login_email(who, account_id, &email, &reason)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "support/send-reset")]
pub async fn support_send_reset(account_id: i64, reason: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .support
            .send_reset_link(who, account_id, &reason)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "support/lift-lock")]
pub async fn support_lift_lock(account_id: i64, reason: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .support
            .lift_login_lock(who, account_id, &reason)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "support/set-active")]
pub async fn support_set_active(account_id: i64, active: bool, reason: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .support
            .set_active(who, account_id, active, &reason)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "support/enrol")]
pub async fn support_enrol(account_id: i64, session_id: i64, reason: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .support
            .enrol(who, account_id, session_id, &reason)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "support/withdraw")]
pub async fn support_withdraw(account_id: i64, session_id: i64, reason: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .support
            .withdraw(who, account_id, session_id, &reason)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "support/merge")]
pub async fn support_merge(account_id: i64, other_email: String, reason: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .support
            .merge(who, account_id, &other_email, &reason)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "support/anonymise")]
pub async fn support_anonymise(account_id: i64, reason: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.support.anonymise(who, account_id, &reason).await)
}
