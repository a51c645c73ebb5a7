//! `GET /kalender/kursenhet/{id}`: one session as an iCalendar file.
use crate::{
    catalogue::visibility,
    enrolment::ical,
    entity::{course, session},
    http::state::AppState,
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
    let who = app::services::caller_of(&visitor, &state.services)
        .await
        .ok()
        .flatten();
    let found = async {
        let session = session::Entity::find_by_id(id).one(&state.db).await?;
        let Some(session) = session else { return Ok(None) };
        let course = course::Entity::find_by_id(session.course_id)
            .one(&state.db)
            .await?;
        let free_only = visibility::free_only(who.as_ref());
        Ok::<_, sea_orm::DbErr>(
            course
                .filter(|c| c.published && visibility::visible(c, free_only))
                .map(|c| (c, session)),
        )
    }
    .await;
    match found {
        Ok(Some((course, session))) => super::attachment(
            "text/calendar; charset=utf-8",
            &format!("{}-{}.ics", course.code, session.id),
            ical::session_ics(&course, &session, &state.public_url, chrono::Utc::now()),
        ),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "calendar file failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `GET /kalender/mine/{account}/{token}.ics`: the learner's enrolments (seats and waitlist
/// places) from the last 30 days on, for calendar apps. No cookie: the address is the secret.
pub async fn personal_feed(
    State(state): State<AppState>,
    Path((account_id, token)): Path<(i64, String)>,
) -> Response {
    use crate::enrolment::{self, ENROLLED, WAITLISTED};
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    let token = token.strip_suffix(".ics").unwrap_or(&token);
    let found = async {
        let Some(person) = crate::entity::account::Entity::find_by_id(account_id)
            .one(&state.db)
            .await?
            .filter(|p| p.activated_at.is_some())
        else {
            return Ok(None);
        };
        if !state
            .feed
            .verify(person.id, person.calendar_feed_generation, token)
        {
            return Ok(None);
        }
        let rows = enrolment::Entity::find()
            .filter(enrolment::Column::AccountId.eq(person.id))
            .filter(enrolment::Column::Status.is_in([ENROLLED, WAITLISTED]))
            .all(&state.db)
            .await?;
        let sessions = session::Entity::find()
            .filter(session::Column::Id.is_in(rows.iter().map(|r| r.session_id).collect::<Vec<_>>()))
            .filter(session::Column::EndsAt.gt(chrono::Utc::now() - chrono::Duration::days(30)))
            .order_by_asc(session::Column::StartsAt)
            .all(&state.db)
            .await?;
        let courses = course::Entity::find()
            .filter(course::Column::Id.is_in(sessions.iter().map(|s| s.course_id).collect::<Vec<_>>()))
            .all(&state.db)
            .await?;
        Ok::<_, sea_orm::DbErr>(Some((sessions, courses)))
    }
    .await;
    match found {
        Ok(Some((sessions, courses))) => {
            let events: Vec<(&course::Model, &session::Model)> = sessions
                .iter()
                .filter_map(|s| courses.iter().find(|c| c.id == s.course_id).map(|c| (c, s)))
                .collect();
            (
                [
                    (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                    (header::CACHE_CONTROL, "private, max-age=900"),
                ],
                ical::calendar(
                    &events,
                    &state.public_url,
                    chrono::Utc::now(),
                    Some("Mine kurs – Kursportalen"),
                ),
            )
                .into_response()
        }
        // A wrong or outdated address says no more than an unknown one.
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "calendar feed failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
