//! `GET /kompetanse.csv`: «Kompetanseoversikt» for a spreadsheet, with the page's filters
//! (`enhet`, `krav`, `status`, `dager`). Streamed a batch of people at a time: the whole
//! organisation's export holds one batch in memory, and a cancelled download stops the reading.
use super::{participants::cell, state::AppState};
use app::competence::types::OverviewFilter;
use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use std::collections::HashMap;

pub async fn overview_csv(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    visitor: tower_sessions::Session,
) -> Response {
    let Ok(Some(who)) = app::services::caller_of(&visitor, &state.services).await else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let value = |key: &str| query.get(key).cloned().unwrap_or_default();
    let filter = OverviewFilter {
        unit: value("enhet"),
        required: value("krav"),
        status: value("status"),
        within_days: value("dager"),
        after: None,
    };
    let export = match crate::competence::overview::Export::prepare(&state.db, &who, &filter).await {
        Ok(export) => export,
        Err(error) => return super::refused(&error),
    };
    let (sender, receiver) = tokio::sync::mpsc::channel::<Vec<Vec<String>>>(2);
    let db = state.db.clone();
    tokio::spawn(async move {
        if let Err(error) = export.run(&db, sender).await {
            // The rows sent so far have gone out; the file ends early and the fault is logged.
            tracing::error!(%error, "the competence overview export stopped");
        }
    });
    let mut first = true;
    let stream = futures_util::stream::unfold(receiver, move |mut receiver| {
        let bom = std::mem::take(&mut first);
        async move {
            let rows = receiver.recv().await?;
            let mut text = String::from(if bom { "\u{feff}" } else { "" });
            for row in rows {
                let cells: Vec<String> = row.iter().map(|v| cell(v)).collect();
                text.push_str(&cells.join(";"));
                text.push_str("\r\n");
            }
            Some((Ok::<_, std::io::Error>(text), receiver))
        }
    });
    super::attachment(
        "text/csv; charset=utf-8",
        "kompetanseoversikt.csv",
        axum::body::Body::from_stream(stream),
    )
}
