//! Server functions of enrolment: read the session, call the service.
use super::types::{CourseCalendar, MyEnrolment, MyPlace, SessionInfo};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::services::{caller, require_caller, respond, services};

#[server(prefix = "/api", endpoint = "enrolment/sessions")]
pub async fn course_sessions(code: String) -> Result<Vec<SessionInfo>, AppError> {
    let who = caller().await?;
    respond(services()?.enrolment.sessions(who, &code).await)
}

#[server(prefix = "/api", endpoint = "enrolment/enrol")]
pub async fn enrol(session_id: i64, invoice_reference: Option<String>) -> Result<MyPlace, AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .enrolment
            .enrol(who, session_id, invoice_reference)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "enrolment/cancel")]
pub async fn cancel_enrolment(session_id: i64) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.enrolment.cancel(who, session_id).await)
}

#[server(prefix = "/api", endpoint = "enrolment/mine")]
pub async fn my_enrolments() -> Result<Vec<MyEnrolment>, AppError> {
    let who = require_caller().await?;
    respond(services()?.enrolment.mine(who).await)
}

#[server(prefix = "/api", endpoint = "enrolment/calendar")]
pub async fn load_course_calendar(
    month: Option<String>,
    place: Option<String>,
) -> Result<CourseCalendar, AppError> {
    let who = caller().await?;
    let month = month.as_deref().and_then(crate::catalogue::types::Month::parse);
    let place = place.map(|p| p.trim().to_string()).filter(|p| !p.is_empty());
    respond(services()?.enrolment.calendar(who, month, place).await)
}

#[server(prefix = "/api", endpoint = "enrolment/calendar-feed")]
pub async fn calendar_feed() -> Result<String, AppError> {
    let who = require_caller().await?;
    respond(services()?.enrolment.calendar_feed(who).await)
}

#[server(prefix = "/api", endpoint = "enrolment/new-calendar-feed")]
pub async fn new_calendar_feed() -> Result<String, AppError> {
    let who = require_caller().await?;
    respond(services()?.enrolment.new_calendar_feed(who).await)
}
