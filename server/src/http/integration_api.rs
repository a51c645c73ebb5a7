//! `/api/v1`: the integration API for the HR system and the competence register. Bearer
//! tokens with scopes; every authenticated call is audited; errors are RFC 9457 problem
//! documents with the fields to fix.
mod openapi;

use super::state::AppState;
use crate::competence::{
    clients::{self, Scope},
    employees::{EmployeeJson, FeedError, Issue},
    transfers,
};
use app::accounts::identity::StaffCode;
use axum::{
    Json, Router,
    body::Bytes,
    extract::{FromRequestParts, Path, Query, State, rejection::QueryRejection},
    http::{HeaderMap, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
    routing::{get, post, put},
};
use serde::Deserialize;

/// The one error type of the integration API.
#[derive(Debug)]
pub enum ApiError {
    Unauthenticated,
    MissingScope(Scope),
    NotFound,
    Invalid(Vec<Issue>),
    Conflict { field: &'static str, message: String },
    Internal,
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(error: sea_orm::DbErr) -> Self {
        tracing::error!(%error, "integration API: database error");
        ApiError::Internal
    }
}

impl From<FeedError> for ApiError {
    fn from(error: FeedError) -> Self {
        match error {
            FeedError::Conflict { field, message } => ApiError::Conflict { field, message },
            FeedError::NotFound => ApiError::NotFound,
            FeedError::Database(e) => e.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, title, detail, errors) = match self {
            ApiError::Unauthenticated => (
                StatusCode::UNAUTHORIZED,
                "Unauthenticated",
                "Send «Authorization: Bearer <token>» with a live token.".to_string(),
                Vec::new(),
            ),
            ApiError::MissingScope(scope) => (
                StatusCode::FORBIDDEN,
                "Forbidden",
                format!("This token lacks the scope «{scope}»."),
                Vec::new(),
            ),
            ApiError::NotFound => (
                StatusCode::NOT_FOUND,
                "Not found",
                "No such resource.".into(),
                Vec::new(),
            ),
            ApiError::Invalid(issues) => (
                StatusCode::BAD_REQUEST,
                "Invalid request",
                "Some fields need fixing; nothing was changed.".into(),
                issues,
            ),
            ApiError::Conflict { field, message } => (
                StatusCode::CONFLICT,
                "Conflict",
                message.clone(),
                vec![Issue { field, message }],
            ),
            ApiError::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Internal error",
                "Something went wrong on our side; nothing was changed.".into(),
                Vec::new(),
            ),
        };
        let mut response = (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            Json(serde_json::json!({
                "type": "about:blank",
                "title": title,
                "status": status.as_u16(),
                "detail": detail,
                "errors": errors,
            })),
        )
            .into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

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

async fn put_employee(
    State(state): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let client = caller.require(Scope::EmployeesWrite)?;
    let json: EmployeeJson = serde_json::from_slice(&body).map_err(|error| {
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

#[derive(Debug, Deserialize)]
struct EndQuery {
    last_day: Option<String>,
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

#[derive(Debug, Deserialize)]
struct PageQuery {
    after: Option<i64>,
    limit: Option<u64>,
    pending: Option<bool>,
}

async fn list_transfers(
    State(state): State<AppState>,
    caller: Caller,
    page: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    caller.require(Scope::TransfersRead)?;
    let query = query(page)?;
    let after = query.after.unwrap_or(0);
    let limit = query.limit.unwrap_or(100);
    let mut issues = Vec::new();
    if after < 0 {
        issues.push(Issue {
            field: "after",
            message: "The cursor is 0 or a record id.".into(),
        });
    }
    if !(1..=500).contains(&limit) {
        issues.push(Issue {
            field: "limit",
            message: "The limit is 1 to 500.".into(),
        });
    }
    if !issues.is_empty() {
        return Err(ApiError::Invalid(issues));
    }
    transfers::sweep(&state.db).await?;
    let items = transfers::page(
        &state.db,
        &state.public_url,
        after,
        limit,
        query.pending.unwrap_or(false),
    )
    .await?;
    let next = items.last().map_or(after, |t| t.id);
    Ok(Json(serde_json::json!({ "transfers": items, "next_cursor": next })).into_response())
}

async fn one_transfer(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    caller.require(Scope::TransfersRead)?;
    let id = id.parse::<i64>().map_err(|_| ApiError::NotFound)?;
    let item = transfers::one(&state.db, &state.public_url, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(item).into_response())
}

async fn transfer_xapi(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    caller.require(Scope::TransfersRead)?;
    let id = id.parse::<i64>().map_err(|_| ApiError::NotFound)?;
    let item = transfers::one(&state.db, &state.public_url, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(transfers::xapi(&item, &state.public_url)).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Ack {
    ids: Vec<i64>,
}

async fn acknowledge(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> Result<Response, ApiError> {
    caller.require(Scope::TransfersRead)?;
    let ack: Ack = serde_json::from_slice(&body).map_err(|error| {
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
    Ok(Json(serde_json::json!({ "acknowledged": acknowledged })).into_response())
}

async fn document(State(state): State<AppState>) -> Response {
    Json(openapi::document(&state.public_url)).into_response()
}

/// The integration API's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(document))
        .route(
            "/api/v1/employees/{staff_code}",
            put(put_employee).delete(end_employee),
        )
        .route("/api/v1/competence/transfers", get(list_transfers))
        .route("/api/v1/competence/transfers/ack", post(acknowledge))
        .route("/api/v1/competence/transfers/{id}", get(one_transfer))
        .route("/api/v1/competence/transfers/{id}/xapi", get(transfer_xapi))
}
