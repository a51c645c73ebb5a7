//! `/api/v1/competence/events`: the transfer feed as events, read after a cursor, one by one,
//! or as xAPI statements. Scope transfers:read, like the transfer records.
use super::{ApiError, Caller, Problem, query};
use crate::competence::{clients::Scope, employees::Issue, events};
use crate::http::state::AppState;
use axum::{
    Json,
    extract::{Path, Query, State, rejection::QueryRejection},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct CursorQuery {
    /// The id of the last event already stored (default 0: from the beginning)
    #[param(minimum = 0)]
    after: Option<i64>,
    /// How many events at most (default 100)
    #[param(minimum = 1, maximum = 500)]
    limit: Option<u64>,
}

/// The cursor and the page size, or the fields to fix.
pub(super) fn cursor(after: Option<i64>, limit: Option<u64>) -> Result<(i64, u64), ApiError> {
    let (after, limit) = (after.unwrap_or(0), limit.unwrap_or(100));
    let mut issues = Vec::new();
    if after < 0 {
        issues.push(Issue {
            field: "after",
            message: "The cursor is 0 or an id.".into(),
        });
    }
    if !(1..=500).contains(&limit) {
        issues.push(Issue {
            field: "limit",
            message: "The limit is 1 to 500.".into(),
        });
    }
    if issues.is_empty() {
        Ok((after, limit))
    } else {
        Err(ApiError::Invalid(issues))
    }
}

/// A page of events and the cursor to ask after next.
#[derive(Serialize, ToSchema)]
pub(super) struct EventPage {
    events: Vec<events::Event>,
    next_cursor: i64,
}

/// Events after a cursor, oldest first.
///
/// Scope transfers:read. Every change of an employee's competence is one event: `completed`,
/// `corrected`, `revoked`, `expired` (of a course completion or a learning path) and
/// `path_completed`. Ids increase in the order events are written and an event never changes,
/// so keeping `next_cursor` is all a reader needs; a person's events come in the order things
/// happened to them. Completions of an external profile join the feed when it is merged into
/// an employee's.
#[utoipa::path(
    get,
    path = "/api/v1/competence/events",
    operation_id = "listEvents",
    params(CursorQuery),
    responses(
        (status = 200, description = "A page", body = EventPage),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, response = Problem),
    )
)]
pub(super) async fn list_events(
    State(state): State<AppState>,
    caller: Caller,
    page: Result<Query<CursorQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    caller.require(Scope::TransfersRead)?;
    let page = query(page)?;
    let (after, limit) = cursor(page.after, page.limit)?;
    events::sweep::record(&state.db).await?;
    let items = events::page(&state.db, &state.public_url, after, limit).await?;
    let next_cursor = items.last().map_or(after, |e| e.id);
    Ok(Json(EventPage {
        events: items,
        next_cursor,
    })
    .into_response())
}

/// An event's id in its address.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // read by the handlers as text, so a bad id is a 404
pub(super) struct EventPath {
    #[param(minimum = 1)]
    id: i64,
}

/// One event.
///
/// Scope transfers:read.
#[utoipa::path(
    get,
    path = "/api/v1/competence/events/{id}",
    operation_id = "getEvent",
    params(EventPath),
    responses(
        (status = 200, description = "The event", body = events::Event),
        (status = 401, response = Problem),
        (status = 403, response = Problem),
        (status = 404, response = Problem),
    )
)]
pub(super) async fn one_event(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(Json(event(&state, &caller, &id).await?).into_response())
}

/// One event as an xAPI 1.0.3 statement.
///
/// Scope transfers:read. A revocation is a voiding statement whose object is the statement of
/// what it revokes; a correction refers to the statement it corrects in `context.statement`.
#[utoipa::path(
    get,
    path = "/api/v1/competence/events/{id}/xapi",
    operation_id = "getEventXapi",
    params(EventPath),
    responses(
        (status = 200, description = "An xAPI statement", body = Object),
        (status = 401, response = Problem),
        (status = 403, response = Problem),
        (status = 404, response = Problem),
    )
)]
pub(super) async fn event_xapi(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let item = event(&state, &caller, &id).await?;
    Ok(Json(events::xapi::statement(&item, &state.public_url)).into_response())
}

async fn event(state: &AppState, caller: &Caller, id: &str) -> Result<events::Event, ApiError> {
    caller.require(Scope::TransfersRead)?;
    let id = id.parse::<i64>().map_err(|_| ApiError::NotFound)?;
    events::one(&state.db, &state.public_url, id)
        .await?
        .ok_or(ApiError::NotFound)
}
