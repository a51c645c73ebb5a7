//! `/healthz` (the process answers) and `/readyz` (the database answers too).
use axum::{extract::State, http::StatusCode};
use sea_orm::DatabaseConnection;

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(db): State<DatabaseConnection>) -> (StatusCode, &'static str) {
    match db.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(error) => {
            tracing::warn!(%error, "readiness check: database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
