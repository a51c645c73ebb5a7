//! «Logg» as a CSV file (`/admin/logg.csv`, administrators): every entry the filter on the page
//! matches, newest first, up to 100,000.
use super::{
    participants::{cell, spreadsheet},
    refused,
    state::AppState,
};
use app::accounts::types::{AuditEntry, AuditQuery};
use axum::{
    extract::{Query, State},
    response::Response,
};
use std::collections::HashMap;

pub async fn audit_csv(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
    visitor: tower_sessions::Session,
) -> Response {
    let Ok(Some(who)) = app::services::caller_of(&visitor, &state.services).await else {
        return axum::response::IntoResponse::into_response(axum::http::StatusCode::UNAUTHORIZED);
    };
    let text = |name: &str| params.get(name).cloned().unwrap_or_default();
    let query = AuditQuery {
        actor: text("actor"),
        subject: text("subject"),
        action: text("action"),
        from: text("from"),
        to: text("to"),
        before: None,
    };
    let limit = crate::accounts::audit_trail::FILE;
    match state.services.accounts.audit_trail(who, query, limit).await {
        Ok(page) => spreadsheet("logg.csv".into(), audit_csv_text(&page.entries)),
        Err(error) => refused(&error),
    }
}

/// Semicolon-separated with a BOM, as Excel in Norway opens it.
fn audit_csv_text(entries: &[AuditEntry]) -> String {
    let mut out = String::from("\u{feff}Tid;Utført av;Handling;Gjelder;Detaljer\r\n");
    for entry in entries {
        let row = [
            cell(&entry.at),
            cell(entry.actor.as_deref().unwrap_or("Systemet")),
            cell(&entry.action),
            cell(entry.subject.as_deref().unwrap_or("")),
            cell(&entry.detail),
        ];
        out.push_str(&row.join(";"));
        out.push_str("\r\n");
    }
    out
}
