//! The integration API's one error type, answered as an RFC 9457 problem document.
use super::openapi::Problem;
use crate::competence::{
    clients::Scope,
    employees::{FeedError, Issue},
};
use axum::{
    Json,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};

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
            Json(Problem {
                kind: "about:blank",
                title,
                status: status.as_u16(),
                detail,
                errors,
            }),
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
