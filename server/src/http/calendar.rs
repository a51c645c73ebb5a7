//! `GET /kalender/kursenhet/{id}`: one session as an iCalendar file.
use crate::{
    courses::{course, ical, session, visibility},
    startup::AppState,
};
use axum::{
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use sea_orm::EntityTrait;

pub async fn session_ics(
    State(state): State<AppState>,
    Path(id): Path<String>,
    visitor: tower_sessions::Session,
) -> Response {
    let Some(id) = id.strip_suffix(".ics").unwrap_or(&id).parse::<i64>().ok() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let who = app::services::account_of(&visitor).await.ok().flatten();
    let found = async {
        let session = session::Entity::find_by_id(id).one(&state.db).await?;
        let Some(session) = session else { return Ok(None) };
        let course = course::Entity::find_by_id(session.course_id)
            .one(&state.db)
            .await?;
        let free_only = visibility::free_only(&state.db, who).await?;
        Ok::<_, sea_orm::DbErr>(
            course
                .filter(|c| c.published && visibility::visible(c, free_only))
                .map(|c| (c, session)),
        )
    }
    .await;
    match found {
        Ok(Some((course, session))) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{}-{}.ics\"", course.code, session.id),
                ),
            ],
            ical::session_ics(&course, &session, &state.public_url, chrono::Utc::now()),
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "calendar file failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
