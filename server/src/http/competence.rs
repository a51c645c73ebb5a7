//! `GET /kompetanse.csv` and `GET /kompetanse.xlsx`: «Kompetanseoversikt» for a spreadsheet,
//! with the page's filters (`enhet`, `krav`, `status`, `dager`). The CSV is streamed a batch of
//! people at a time: the whole organisation's export holds one batch in memory, and a cancelled
//! download stops the reading. The workbook is written the same way into a temporary file (its
//! rows in constant memory), which is then streamed.
use super::{participants::cell, state::AppState};
use app::competence::types::OverviewFilter;
use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use std::collections::HashMap;

/// The export the request asks for, started: its rows arrive on the receiver a batch at a time.
async fn started(
    state: &AppState,
    query: &HashMap<String, String>,
    visitor: &tower_sessions::Session,
) -> Result<tokio::sync::mpsc::Receiver<Vec<Vec<String>>>, Response> {
    let Ok(Some(who)) = app::services::caller_of(visitor, &state.services).await else {
        return Err(StatusCode::UNAUTHORIZED.into_response());
    };
    let value = |key: &str| query.get(key).cloned().unwrap_or_default();
    let filter = OverviewFilter {
        unit: value("enhet"),
        required: value("krav"),
        status: value("status"),
        within_days: value("dager"),
        after: None,
    };
    let export = crate::competence::overview::Export::prepare(&state.db, &who, &filter)
        .await
        .map_err(|error| super::refused(&error))?;
    let (sender, receiver) = tokio::sync::mpsc::channel::<Vec<Vec<String>>>(2);
    let db = state.db.clone();
    tokio::spawn(async move {
        if let Err(error) = export.run(&db, sender).await {
            // The rows sent so far have gone out; the file ends early and the fault is logged.
            tracing::error!(%error, "the competence overview export stopped");
        }
    });
    Ok(receiver)
}

pub async fn overview_csv(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    visitor: tower_sessions::Session,
) -> Response {
    let receiver = match started(&state, &query, &visitor).await {
        Ok(receiver) => receiver,
        Err(refused) => return refused,
    };
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

pub async fn overview_xlsx(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    visitor: tower_sessions::Session,
) -> Response {
    let receiver = match started(&state, &query, &visitor).await {
        Ok(receiver) => receiver,
        Err(refused) => return refused,
    };
    let written =
        tokio::task::spawn_blocking(move || crate::competence::overview::xlsx::write(receiver)).await;
    let saved = match written {
        Ok(Ok(saved)) => saved,
        Ok(Err(error)) => return super::refused(&app::error::AppError::fault(error)),
        Err(error) => return super::refused(&app::error::AppError::fault(error)),
    };
    let file = match tokio::fs::File::open(saved.path()).await {
        Ok(file) => file,
        Err(error) => return super::refused(&app::error::AppError::fault(error)),
    };
    // The temporary file goes with the stream and is removed when the download ends.
    let stream = futures_util::stream::unfold((file, saved), |(mut file, saved)| async move {
        use tokio::io::AsyncReadExt;
        let mut chunk = vec![0u8; 64 * 1024];
        match file.read(&mut chunk).await {
            Ok(0) => None,
            Ok(n) => {
                chunk.truncate(n);
                Some((Ok::<_, std::io::Error>(chunk), (file, saved)))
            }
            Err(error) => Some((Err(error), (file, saved))),
        }
    });
    super::attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "kompetanseoversikt.xlsx",
        axum::body::Body::from_stream(stream),
    )
}
