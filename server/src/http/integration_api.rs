//! `/api/v1`: the integration API for the HR system and the competence register. Bearer
//! tokens with scopes; every authenticated call is audited; errors are RFC 9457 problem
//! documents with the fields to fix.
mod error;
mod events;
mod openapi;

pub use error::ApiError;

use super::state::AppState;
use crate::competence::{
    clients::{self, Scope},
    employees::{EmployeeJson, Issue, Saved},
    transfers,
};
use app::accounts::identity::StaffCode;
use axum::{
    Json, Router,
    body::Bytes,
    extract::{FromRequestParts, Path, Query, State, rejection::QueryRejection},
    http::{HeaderMap, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
    routing::get,
};
use openapi::Problem;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, OpenApi, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

/// The integration client behind the request's bearer token.
pub struct Caller(pub clients::Model);

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = bearer(&parts.headers).ok_or(ApiError::Unauthenticated)?;
        let client = clients::authenticate(&state.db, token).await?.ok_or_else(|| {
            tracing::warn!("integration API: unknown or revoked token");
            ApiError::Unauthenticated
        })?;
        let route = parts
            .extensions
            .get::<axum::extract::MatchedPath>()
            .map_or_else(|| parts.uri.path().to_string(), |p| p.as_str().to_string());
        crate::audit::record(
            &state.db,
            None,
            "api.call",
            None,
            Some(format!(
                "client {} «{}»: {} {route}",
                client.id, client.name, parts.method
            )),
        )
        .await?;
        clients::touch(&state.db, client.id).await?;
        Ok(Caller(client))
    }
}

impl Caller {
    fn require(&self, scope: Scope) -> Result<&clients::Model, ApiError> {
        if self.0.has(scope) {
            Ok(&self.0)
        } else {
            tracing::warn!(client = self.0.id, %scope, "integration API: scope missing");
            Err(ApiError::MissingScope(scope))
        }
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token.trim())
}

fn staff_code(text: &str) -> Result<StaffCode, ApiError> {
    StaffCode::parse(text).map_err(|e| {
        ApiError::Invalid(vec![Issue {
            field: "staff_code",
            message: e.0.to_string(),
        }])
    })
}

/// Create or update an employee.
///
/// Scope employees:write. When the national ID matches an external profile, that profile is
/// merged into this one in the same transaction.
#[utoipa::path(
    put,
    path = "/api/v1/employees/{staff_code}",
    operation_id = "putEmployee",
    params(StaffCodePath),
    request_body = EmployeeJson,
    responses(
        (status = 200, description = "Updated", body = Saved),
        (status = 201, description = "Created", body = Saved),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, response = Problem),
        (status = 409, response = Problem),
    )
)]
async fn put_employee(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let client = caller.require(Scope::EmployeesWrite)?;
    let json: EmployeeJson = object(&body).map_err(|error| {
        ApiError::Invalid(vec![Issue {
            field: "body",
            message: format!("The body must be a JSON employee object: {error}"),
        }])
    })?;
    let employee = json.parse(&code).map_err(ApiError::Invalid)?;
    let saved = state.hr.put(client, employee).await?;
    let status = if saved.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(saved)).into_response())
}

/// The staff code in an employee's address.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // read by the handlers as text, so a bad code is named in the problem
struct StaffCodePath {
    /// 4–6 letters or digits, case-insensitive
    #[param(pattern = "^[A-Za-z0-9]{4,6}$")]
    staff_code: String,
}

/// A transfer record's id in its address.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // read by the handlers as text, so a bad id is a 404
struct TransferPath {
    #[param(minimum = 1)]
    id: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct EndQuery {
    /// The last working day (default: today)
    #[param(value_type = Option<chrono::NaiveDate>)]
    last_day: Option<String>,
}

/// A JSON object body as `T`. serde would also build a struct from a JSON array of its fields
/// in order (`[[1, 2]]` as `{"ids": [1, 2]}`); the API takes objects only, as its document says.
fn object<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    match serde_json::from_slice::<serde_json::Value>(body).map_err(|e| e.to_string())? {
        value @ serde_json::Value::Object(_) => serde_json::from_value(value).map_err(|e| e.to_string()),
        _ => Err("expected a JSON object".into()),
    }
}

/// The query string, or a 400 problem document that says what is wrong with it.
fn query<T>(query: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    query.map(|Query(q)| q).map_err(|e| {
        ApiError::Invalid(vec![Issue {
            field: "query",
            message: e.body_text(),
        }])
    })
}

/// End an employment (profile and history are kept).
///
/// Scope employees:write.
#[utoipa::path(
    delete,
    path = "/api/v1/employees/{staff_code}",
    operation_id = "endEmployee",
    params(StaffCodePath, EndQuery),
    responses(
        (status = 200, description = "Ended", body = Saved),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, response = Problem),
        (status = 404, response = Problem),
    )
)]
async fn end_employee(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    end: Result<Query<EndQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let client = caller.require(Scope::EmployeesWrite)?;
    let code = staff_code(&code)?;
    let query = query(end)?;
    let last_day = match query.last_day.as_deref() {
        Some(text) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            ApiError::Invalid(vec![Issue {
                field: "last_day",
                message: "Datoen skrives ÅÅÅÅ-MM-DD.".into(),
            }])
        })?,
        None => crate::common::time::today(),
    };
    let saved = state.hr.end(client, &code, last_day).await?;
    Ok(Json(saved).into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct PageQuery {
    /// The last record id already stored (default 0)
    #[param(minimum = 0)]
    after: Option<i64>,
    /// How many records at most (default 100)
    #[param(minimum = 1, maximum = 500)]
    limit: Option<u64>,
    /// Only records not acknowledged yet
    pending: Option<bool>,
}

/// A page of transfer records and the cursor to ask after next.
#[derive(Serialize, ToSchema)]
struct TransferPage {
    transfers: Vec<transfers::Transfer>,
    next_cursor: i64,
}

/// Transfer records after a cursor, oldest first.
///
/// Scope transfers:read. The feed before the events (`/api/v1/competence/events`), kept so
/// that what a register has read stays readable: one record per completion, whose `revoked`
/// flag changes in place. Stable ids in increasing order; delivered at least once: keep
/// `next_cursor` and acknowledge what you stored.
#[utoipa::path(
    get,
    path = "/api/v1/competence/transfers",
    operation_id = "listTransfers",
    params(PageQuery),
    responses(
        (status = 200, description = "A page", body = TransferPage),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, response = Problem),
    )
)]
async fn list_transfers(
    State(state): State<AppState>,
    caller: Caller,
    page: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    caller.require(Scope::TransfersRead)?;
    let query = query(page)?;
    let (after, limit) = events::cursor(query.after, query.limit)?;
    transfers::sweep(&state.db).await?;
    let items = transfers::page(
        &state.db,
        &state.public_url,
        after,
        limit,
        query.pending.unwrap_or(false),
    )
    .await?;
    let next_cursor = items.last().map_or(after, |t| t.id);
    Ok(Json(TransferPage {
        transfers: items,
        next_cursor,
    })
    .into_response())
}

/// One transfer record.
///
/// Scope transfers:read.
#[utoipa::path(
    get,
    path = "/api/v1/competence/transfers/{id}",
    operation_id = "getTransfer",
    params(TransferPath),
    responses(
        (status = 200, description = "The record", body = transfers::Transfer),
        (status = 401, response = Problem),
        (status = 403, response = Problem),
        (status = 404, response = Problem),
    )
)]
async fn one_transfer(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let item = transfer(&state, &caller, &id).await?;
    Ok(Json(item).into_response())
}

/// The record whose id is in the address (404 for an id that is not a number), for a caller
/// who may read transfers.
async fn transfer(state: &AppState, caller: &Caller, id: &str) -> Result<transfers::Transfer, ApiError> {
    caller.require(Scope::TransfersRead)?;
    let id = id.parse::<i64>().map_err(|_| ApiError::NotFound)?;
    transfers::one(&state.db, &state.public_url, id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// One transfer record as an xAPI 1.0.3 statement.
///
/// Scope transfers:read. The statement id is stable per record.
#[utoipa::path(
    get,
    path = "/api/v1/competence/transfers/{id}/xapi",
    operation_id = "getTransferXapi",
    params(TransferPath),
    responses(
        (status = 200, description = "An xAPI statement", body = Object),
        (status = 401, response = Problem),
        (status = 403, response = Problem),
        (status = 404, response = Problem),
    )
)]
async fn transfer_xapi(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let item = transfer(&state, &caller, &id).await?;
    Ok(Json(transfers::xapi(&item, &state.public_url)).into_response())
}

/// The records the register has stored.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct Ack {
    #[schema(max_items = 1000)]
    ids: Vec<i64>,
}

/// How many records were newly acknowledged.
#[derive(Serialize, ToSchema)]
struct Acknowledged {
    acknowledged: u64,
}

/// Acknowledge stored records.
///
/// Scope transfers:read.
#[utoipa::path(
    post,
    path = "/api/v1/competence/transfers/ack",
    operation_id = "acknowledgeTransfers",
    request_body = Ack,
    responses(
        (status = 200, description = "How many were newly acknowledged", body = Acknowledged),
        (status = 400, response = Problem),
        (status = 401, response = Problem),
        (status = 403, response = Problem),
    )
)]
async fn acknowledge(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> Result<Response, ApiError> {
    caller.require(Scope::TransfersRead)?;
    let ack: Ack = object(&body).map_err(|error| {
        ApiError::Invalid(vec![Issue {
            field: "ids",
            message: format!("The body must be {{\"ids\": [1, 2]}}: {error}"),
        }])
    })?;
    if ack.ids.len() > 1000 {
        return Err(ApiError::Invalid(vec![Issue {
            field: "ids",
            message: "At most 1000 ids at a time.".into(),
        }]));
    }
    let acknowledged = transfers::acknowledge(&state.db, &ack.ids).await?;
    Ok(Json(Acknowledged { acknowledged }).into_response())
}

/// The integration API's routes, and its OpenAPI document built from the same list.
pub fn routes() -> Router<AppState> {
    let (router, api) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(put_employee, end_employee))
        .routes(routes!(list_transfers))
        .routes(routes!(acknowledge))
        .routes(routes!(one_transfer))
        .routes(routes!(transfer_xapi))
        .routes(routes!(events::list_events))
        .routes(routes!(events::one_event))
        .routes(routes!(events::event_xapi))
        .split_for_parts();
    let api = Arc::new(api);
    router.route(
        "/api/v1/openapi.json",
        get(move |State(state): State<AppState>| {
            let api = api.clone();
            async move { Json(openapi::document(&api, &state.public_url)).into_response() }
        }),
    )
}
