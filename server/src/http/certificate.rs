//! `GET /kursbevis/{code}/kursbevis.pdf`: the certificate as a PDF, for its holder and for
//! course administrators (the same rule as the page; 404 for anyone else).
use crate::http::state::AppState;
use axum::{
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};

pub async fn certificate_pdf(
    State(state): State<AppState>,
    Path(code): Path<String>,
    visitor: tower_sessions::Session,
) -> Response {
    let Ok(Some(who)) = app::services::caller_of(&visitor, &state.services).await else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    match state.services.learning.certificate(who, &code).await {
        Ok(certificate) => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!(
                        "attachment; filename=\"kursbevis-{}-{}.pdf\"",
                        certificate.course_code, certificate.code
                    ),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            crate::learning::certificate::pdf(&certificate),
        )
            .into_response(),
        Err(error) => StatusCode::from_u16(error.status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            .into_response(),
    }
}
