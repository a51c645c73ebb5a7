//! `POST /admin/kurs/{code}/pakke`: a package from an authoring tool, uploaded by a course
//! administrator as a plain form (multipart, works without JavaScript) or by a script. A
//! script (`Accept: application/json`) gets the stored package's summary (201) or the error
//! with its field-level message (400, or 401/403/404), in the reader's language; a browser is sent
//! back to the editor, where the outcome is shown.
use super::state::AppState;
use app::{elearning::types::PACKAGE_REFUSAL_KEY, error::AppError, messages::Language};
use axum::{
    Json,
    extract::{Multipart, Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};

pub async fn upload(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
    visitor: tower_sessions::Session,
    form: Multipart,
) -> Response {
    let script = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    let language = Language::of_request(&headers);
    let outcome = stored(&state, &code, &visitor, form).await;
    let back = format!("/admin/kurs/{}/e-laering", super::media::urlencode(&code));
    match (outcome, script) {
        (Ok(summary), true) => (StatusCode::CREATED, Json(summary)).into_response(),
        (Ok(summary), false) => {
            Redirect::to(&format!("{back}?pakke={}#pakke", summary.version)).into_response()
        }
        (Err(mut error), true) => {
            error.translate(language);
            let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, Json(error)).into_response()
        }
        (Err(AppError::Unauthenticated), false) => Redirect::to("/logg-inn").into_response(),
        (Err(AppError::Invalid { mut message, .. }), false) => {
            message.translate(language);
            let shown = message.text().to_string();
            if visitor.insert(PACKAGE_REFUSAL_KEY, shown).await.is_err() {
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
            Redirect::to(&format!("{back}?pakkefeil=1#pakke")).into_response()
        }
        (Err(error), false) => StatusCode::from_u16(error.status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            .into_response(),
    }
}

async fn stored(
    state: &AppState,
    code: &str,
    visitor: &tower_sessions::Session,
    mut form: Multipart,
) -> Result<app::elearning::types::PackageSummary, AppError> {
    let who = app::services::caller_of(visitor, &state.services)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let too_large = || AppError::from(crate::elearning::package::upload_too_large(&state.package_limits));
    let broken = |error: axum::extract::multipart::MultipartError| {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            AppError::invalid(
                "package",
                "Opplastingen ble avbrutt før hele filen kom fram. Prøv igjen.",
            )
        }
    };
    let mut upload = None;
    while let Some(field) = form.next_field().await.map_err(broken)? {
        if field.name() == Some("package") {
            let name = field.file_name().unwrap_or("pakke.zip").to_string();
            upload = Some((name, field.bytes().await.map_err(broken)?));
        }
    }
    let (name, bytes) = upload.unwrap_or_default();
    state
        .services
        .elearning
        .upload_package(who, code, &name, bytes.into())
        .await
}

/// `GET /admin/kurs/{code}/forsok.csv`: every attempt at the course's package, for a spreadsheet.
pub async fn attempts_csv(
    State(state): State<AppState>,
    Path(code): Path<String>,
    visitor: tower_sessions::Session,
) -> Response {
    let Ok(Some(who)) = app::services::caller_of(&visitor, &state.services).await else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let code = code.trim().to_uppercase();
    match state.services.elearning.package_attempts(who, &code).await {
        // The code named a course, so it is letters, digits and hyphens.
        Ok(lines) => super::participants::spreadsheet(format!("forsok-{code}.csv"), attempts_table(&lines)),
        Err(error) => super::refused(&error),
    }
}

/// Semicolon-separated with a byte-order mark, like the other lists for spreadsheets.
pub fn attempts_table(lines: &[app::elearning::types::PackageAttemptLine]) -> String {
    use super::participants::cell;
    let mut out = String::from(
        "\u{feff}Navn;E-post;Pakkeversjon;Status;Poeng (%);Tid brukt;Startet;Sist aktiv;Fullført\r\n",
    );
    for line in lines {
        let row = [
            cell(&line.name),
            cell(&line.email),
            cell(&line.version.to_string()),
            cell(&line.status),
            cell(&line.score.map(|s| s.to_string()).unwrap_or_default()),
            cell(&line.time_spent),
            cell(&line.started_at),
            cell(&line.last_activity),
            cell(line.completed_at.as_deref().unwrap_or("")),
        ];
        out.push_str(&row.join(";"));
        out.push_str("\r\n");
    }
    out
}
