//! Server functions of completions and certificates: read the session, call the service.
use super::types::{Certificate, HistoryRow, Outcome, Verification};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::services::{require_caller, respond, services};

#[server(prefix = "/api", endpoint = "learning/history")]
pub async fn history() -> Result<Vec<HistoryRow>, AppError> {
    let who = require_caller().await?;
    respond(services()?.learning.history(who).await)
}

#[server(prefix = "/api", endpoint = "learning/certificate")]
pub async fn load_certificate(code: String) -> Result<Certificate, AppError> {
    let who = require_caller().await?;
    respond(services()?.learning.certificate(who, &code).await)
}

#[server(prefix = "/api", endpoint = "learning/verify")]
pub async fn verify(code: String) -> Result<Verification, AppError> {
    let client = crate::services::client_ip().await;
    respond(services()?.learning.verify(&code, client).await)
}

#[server(prefix = "/api", endpoint = "learning/revoke")]
pub async fn revoke_certificate(code: String, reason: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.learning.revoke(who, &code, &reason).await)
}

#[server(prefix = "/api", endpoint = "learning/record-outcome")]
pub async fn record_outcome(session_id: i64, account_id: i64, outcome: Outcome) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .learning
            .record_outcome(who, session_id, account_id, outcome)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "learning/record-remaining")]
pub async fn record_remaining(session_id: i64, outcome: Outcome) -> Result<usize, AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .learning
            .record_remaining(who, session_id, outcome)
            .await,
    )
}
