//! `/healthz` (the process answers) and `/readyz` (the database answers, and the instance is
//! not shutting down).
use super::state::AppState;
use axum::{extract::State, http::StatusCode};
use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

pub async fn healthz() -> &'static str {
    "ok"
}

/// Whether this instance takes new work: false from SIGTERM on, so a load balancer that asks
/// `/readyz` stops sending requests here while the ones in flight finish.
#[derive(Clone, Default)]
pub struct Readiness(Arc<AtomicBool>);

impl Readiness {
    pub fn start_draining(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn draining(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

pub async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if state.readiness.draining() {
        return (StatusCode::SERVICE_UNAVAILABLE, "shutting down");
    }
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(error) => {
            tracing::warn!(%error, "readiness check: database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
