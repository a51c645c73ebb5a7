//! The HTTP adapters: the state handlers share, the routes outside the server functions
//! (single sign-on, the integration API, downloads, media) and cross-cutting concerns (health,
//! metrics, response headers, the page cache). Domain code never imports from here.
pub mod audit;
pub mod calendar;
pub mod certificate;
pub mod competence;
pub mod content;
mod content_player;
pub mod forms;
pub mod headers;
pub mod health;
pub mod integration_api;
pub mod media;
pub mod metrics;
pub mod orders;
pub mod packages;
pub mod page_cache;
pub mod participants;
pub mod personal_data;
pub mod sso;
pub mod state;

/// A file to download: its type, its name in the browser's «Save as», never kept in a shared
/// cache.
pub fn attachment(
    content_type: &'static str,
    file_name: &str,
    body: impl Into<axum::body::Body>,
) -> axum::response::Response {
    use axum::{http::header, response::IntoResponse};
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        body.into(),
    )
        .into_response()
}

/// A refused download: the error's status and nothing more.
pub fn refused(error: &app::error::AppError) -> axum::response::Response {
    use axum::{http::StatusCode, response::IntoResponse};
    StatusCode::from_u16(error.status())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
        .into_response()
}
