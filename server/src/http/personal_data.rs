//! «Last ned mine data»: the person's own data as a JSON file (`/min-konto/mine-data.json`),
//! and support producing it for a person on request (`/brukerstotte/{id}/data.json`, audited).
use super::{attachment, refused, state::AppState};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};

pub async fn own_data(State(state): State<AppState>, visitor: tower_sessions::Session) -> Response {
    download(&state, &visitor, None).await
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
