//! Server-side context: the domain services a server function calls.
//!
//! The traits live here so that `app` names what it needs; `server` implements them.
use crate::{
    accounts::service::AccountService, catalogue::service::CatalogueService, error::AppError, site::SiteInfo,
};
use leptos::prelude::*;
use std::sync::Arc;

/// Everything a server function may take from context.
#[derive(Clone)]
pub struct Services {
    pub accounts: Arc<dyn AccountService>,
    pub catalogue: Arc<dyn CatalogueService>,
    pub site: SiteInfo,
}

/// The services of the current request.
pub fn services() -> Result<Services, AppError> {
    use_context::<Services>().ok_or(AppError::Internal)
}

/// The visitor's session (tower-sessions, stored in the portal's database).
pub async fn session() -> Result<tower_sessions::Session, AppError> {
    leptos_axum::extract::<tower_sessions::Session>()
        .await
        .map_err(|_| AppError::Internal)
}

/// Sets the HTTP status of the response from the outcome, then returns it.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result
        && let Some(options) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(error.status())
    {
        options.set_status(status);
    }
    result
}
