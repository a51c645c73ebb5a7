//! The state every handler reaches: the database, the services, the metrics and the
//! HTTP-side helpers (single sign-on, the HR feed, the page cache).
use super::{metrics::Metrics, page_cache::PageCache};
use app::services::Services;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// What every handler can reach: one `Arc`, because axum clones the state (and every handler
/// and layer holding it) for each request.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The contents of [`AppState`].
pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub metrics: Arc<Metrics>,
    pub services: Services,
    /// The address people reach the portal at, for links in files and mails.
    pub public_url: String,
    /// Checks the secret addresses of personal calendar feeds.
    pub feed: crate::enrolment::feed::FeedKey,
    /// The HR feed of the integration API.
    pub hr: crate::competence::employees::Feed,
    /// «Logg inn på jobb» (OpenID Connect).
    pub sso: crate::accounts::sso::Sso,
    /// Anonymous visitors' catalogue pages (`http::page_cache`).
    pub page_cache: PageCache,
    /// False once the instance is shutting down (`/readyz`).
    pub readiness: crate::http::health::Readiness,
    /// What an uploaded e-learning package may be.
    pub package_limits: crate::elearning::package::Limits,
    /// Where packages play (the content origin), the only source of frames on portal pages.
    pub content_url: String,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl FromRef<AppState> for DatabaseConnection {
    fn from_ref(state: &AppState) -> Self {
        state.db.clone()
    }
}

impl FromRef<AppState> for Arc<Metrics> {
    fn from_ref(state: &AppState) -> Self {
        state.metrics.clone()
    }
}
