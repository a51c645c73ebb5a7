//! Server-side context: the domain services a server function calls.
//!
//! The traits live here so that `app` names what it needs; `server` implements them.
use crate::{catalogue::service::CatalogueService, error::AppError, site::SiteInfo};
use leptos::prelude::*;
use std::sync::Arc;

/// Everything a server function may take from context.
#[derive(Clone)]
pub struct Services {
    pub catalogue: Arc<dyn CatalogueService>,
    pub site: SiteInfo,
}

/// The services of the current request.
pub fn services() -> Result<Services, AppError> {
    use_context::<Services>().ok_or(AppError::Internal)
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
