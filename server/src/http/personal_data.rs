//! «Last ned mine data»: the person's own data as a JSON file (`/min-konto/mine-data.json`),
//! with the national ID in full after the current password (a form posted to the same path),
//! and support producing it for a person on request (`/brukerstotte/{id}/data.json`, audited).
use super::{attachment, refused, state::AppState};
use app::{accounts::service::Reauthentication, error::AppError};
use axum::{
    Form,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};

pub async fn own_data(State(state): State<AppState>, visitor: tower_sessions::Session) -> Response {
    download(&state, &visitor, None).await
}

/// The form «Last ned med fødselsnummer»: the current password (empty for an account without
/// one, which signed in at work just now).
#[derive(serde::Deserialize)]
pub struct Proof {
    #[serde(default)]
    current: String,
}

/// The own data in full. A refused proof goes back to «Din konto» with the reason in the
/// address (`?mine-data=avvist|vent`), which the page shows at the password field (the account page
/// knows whether the person has a password or signs in at work).
pub async fn own_data_in_full(
    State(state): State<AppState>,
    visitor: tower_sessions::Session,
    Form(proof): Form<Proof>,
) -> Response {
    let Ok(Some(who)) = app::services::caller_of(&visitor, &state.services).await else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let proof = Reauthentication {
        current_password: proof.current,
        fresh_login_at_work: app::services::fresh_login_at_work_in(&visitor).await,
    };
    match state.services.support.own_data_in_full(who, proof).await {
        Ok(document) => attachment("application/json; charset=utf-8", "mine-data.json", document),
        Err(error) => match refusal(&error) {
            Some(reason) => {
                Redirect::to(&format!("/min-konto?mine-data={reason}#data-title")).into_response()
            }
            None => refused(&error),
        },
    }
}

/// Why the proof was refused, as the account page names it.
fn refusal(error: &AppError) -> Option<&'static str> {
    match error {
        AppError::RateLimited { .. } => Some("vent"),
        AppError::Invalid { field, .. } if field == "current" => Some("avvist"),
        _ => None,
    }
}

pub async fn person_data(
    State(state): State<AppState>,
    Path(id): Path<String>,
    visitor: tower_sessions::Session,
) -> Response {
    match id.parse::<i64>() {
        Ok(id) => download(&state, &visitor, Some(id)).await,
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn download(state: &AppState, visitor: &tower_sessions::Session, account_id: Option<i64>) -> Response {
    let Ok(Some(who)) = app::services::caller_of(visitor, &state.services).await else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let file_name = match account_id {
        None => "mine-data.json".to_string(),
        Some(id) => format!("persondata-{id}.json"),
    };
    match state.services.support.personal_data(who, account_id).await {
        Ok(document) => attachment("application/json; charset=utf-8", &file_name, document),
        Err(error) => refused(&error),
    }
}
