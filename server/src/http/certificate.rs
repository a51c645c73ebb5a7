//! `GET /kursbevis/{code}/kursbevis.pdf`: the certificate as a PDF, for its holder and for
//! course administrators (the same rule as the page; 404 for anyone else).
use crate::http::state::AppState;
use axum::{
    extract::{Path, State},
    http::StatusCode,
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
    let certificate = match state.services.learning.certificate(who, &code).await {
        Ok(certificate) => certificate,
        Err(error) => return super::refused(&error),
    };
    match crate::learning::certificate::pdf(&certificate) {
        Ok(pdf) => super::attachment(
            "application/pdf",
            &format!("kursbevis-{}-{}.pdf", certificate.course_code, certificate.code),
            pdf,
        ),
        Err(error) => {
            tracing::error!(%error, "kursbevis PDF");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
