//! Server functions of course administration: read the session, call the service.
use super::types::{
    AdminCourseRow, AdminSession, CategoryForm, CategoryOption, CourseForm, InstructorOption, SessionForm,
    SessionRequestForm, SessionRequestGroup, SessionRoster,
};
use crate::{enrolment::types::MyPlace, error::AppError};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::services::{require_caller, respond, services};

#[server(prefix = "/api", endpoint = "admin/courses")]
pub async fn admin_courses(text: String) -> Result<Vec<AdminCourseRow>, AppError> {
    let who = require_caller().await?;
    respond(services()?.course_admin.courses(who, &text).await)
}

#[server(prefix = "/api", endpoint = "admin/categories")]
pub async fn admin_categories() -> Result<Vec<CategoryOption>, AppError> {
    let who = require_caller().await?;
    respond(services()?.course_admin.categories(who).await)
}

#[server(prefix = "/api", endpoint = "admin/add-category")]
pub async fn add_category(form: CategoryForm) -> Result<String, AppError> {
    let who = require_caller().await?;
    respond(services()?.course_admin.add_category(who, form).await)
}

#[server(prefix = "/api", endpoint = "admin/update-category")]
pub async fn update_category(slug: String, form: CategoryForm) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.course_admin.update_category(who, &slug, form).await)
}

#[server(prefix = "/api", endpoint = "admin/course-form")]
pub async fn load_course_form(code: String) -> Result<CourseForm, AppError> {
    let who = require_caller().await?;
    respond(services()?.course_admin.course_form(who, &code).await)
}

#[server(prefix = "/api", endpoint = "admin/save-course")]
pub async fn save_course(original_code: String, form: CourseForm) -> Result<String, AppError> {
    let who = require_caller().await?;
    let saved = respond(
        services()?
            .course_admin
            .save_course(who, &original_code, form)
            .await,
    )?;
    // A new course continues on its own page: said here, by the function, so a form posted
    // without JavaScript is answered 303 at once rather than by the page it was on.
    if original_code.trim().is_empty() {
        leptos_axum::redirect(&format!("/admin/kurs/{saved}"));
    }
    Ok(saved)
}

#[server(prefix = "/api", endpoint = "admin/sessions")]
pub async fn admin_sessions(code: String) -> Result<Vec<AdminSession>, AppError> {
    let who = require_caller().await?;
    respond(services()?.course_admin.sessions(who, &code).await)
}

#[server(prefix = "/api", endpoint = "admin/instructors")]
pub async fn instructors() -> Result<Vec<InstructorOption>, AppError> {
    let who = require_caller().await?;
    respond(services()?.course_admin.instructors(who).await)
}

#[server(prefix = "/api", endpoint = "admin/add-session")]
pub async fn add_session(
    code: String,
    form: SessionForm,
    answer_requests: Option<String>,
) -> Result<i64, AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .course_admin
            .add_session(who, &code, form, answer_requests.is_some())
            .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/update-session")]
pub async fn update_session(session_id: i64, form: SessionForm) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .course_admin
            .update_session(who, session_id, form)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/cancel-session")]
pub async fn cancel_session(session_id: i64, reason: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .course_admin
            .cancel_session(who, session_id, &reason)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/roster")]
pub async fn roster(session_id: i64) -> Result<SessionRoster, AppError> {
    let who = require_caller().await?;
    respond(services()?.course_admin.roster(who, session_id).await)
}

#[server(prefix = "/api", endpoint = "admin/add-participant")]
pub async fn add_participant(session_id: i64, email: String) -> Result<MyPlace, AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .course_admin
            .add_participant(who, session_id, &email)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/remove-participant")]
pub async fn remove_participant(session_id: i64, account_id: i64) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .course_admin
            .remove_participant(who, session_id, account_id)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/move-participant")]
pub async fn move_participant(
    session_id: i64,
    account_id: i64,
    to_session: i64,
) -> Result<MyPlace, AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .course_admin
            .move_participant(who, session_id, account_id, to_session)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/session-requests")]
pub async fn session_requests() -> Result<Vec<SessionRequestGroup>, AppError> {
    let who = require_caller().await?;
    respond(services()?.course_admin.requests(who).await)
}

#[server(prefix = "/api", endpoint = "instructor/sessions")]
pub async fn teaching() -> Result<Vec<AdminSession>, AppError> {
    let who = require_caller().await?;
    respond(services()?.course_admin.teaching(who).await)
}

#[server(prefix = "/api", endpoint = "enrolment/request-session")]
pub async fn request_session(code: String, form: SessionRequestForm) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.course_admin.request_session(who, &code, form).await)
}
