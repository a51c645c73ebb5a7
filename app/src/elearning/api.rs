//! Server functions of e-learning: read the session, call the service.
use super::types::{
    Access, AttemptResult, Content, Lesson, PackageAttemptDetail, PackageAttemptLine, Player, QuestionDraft,
    Quiz,
};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::services::{caller, require_caller, respond, services};

#[server(prefix = "/api", endpoint = "elearning/access")]
pub async fn course_access(code: String) -> Result<Access, AppError> {
    let who = caller().await?;
    respond(services()?.elearning.access(who, &code).await)
}

/// Orders a priced e-learning course; the browser goes on to the player.
#[server(prefix = "/api", endpoint = "elearning/order")]
pub async fn order_course(code: String, invoice_reference: Option<String>) -> Result<(), AppError> {
    let who = require_caller().await?;
    let code = code.trim().to_uppercase();
    respond(services()?.elearning.order(who, &code, invoice_reference).await)?;
    // Only a real course is ordered, and course codes are letters, digits and hyphens.
    leptos_axum::redirect(&format!("/kurs/{code}/e-laering"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "elearning/player")]
pub async fn load_player(code: String) -> Result<Player, AppError> {
    let who = require_caller().await?;
    respond(services()?.elearning.player(who, &code).await)
}

#[server(prefix = "/api", endpoint = "elearning/lesson")]
pub async fn load_lesson(code: String, position: u32) -> Result<Lesson, AppError> {
    let who = require_caller().await?;
    respond(services()?.elearning.lesson(who, &code, position).await)
}

#[server(prefix = "/api", endpoint = "elearning/quiz")]
pub async fn load_quiz(code: String) -> Result<Quiz, AppError> {
    let who = require_caller().await?;
    respond(services()?.elearning.quiz(who, &code).await)
}

#[server(prefix = "/api", endpoint = "elearning/submit")]
pub async fn submit_quiz(
    code: String,
    #[server(default)] selected: Vec<i64>,
) -> Result<AttemptResult, AppError> {
    let who = require_caller().await?;
    respond(services()?.elearning.submit(who, &code, selected).await)
}

#[server(prefix = "/api", endpoint = "elearning/content")]
pub async fn load_content(code: String) -> Result<Content, AppError> {
    let who = require_caller().await?;
    let mut content = respond(services()?.elearning.content(who, &code).await)?;
    // A refused upload posted as a plain form left its reason here (`http::packages`).
    content.package_refusal = crate::services::session()
        .await?
        .remove::<String>(super::types::PACKAGE_REFUSAL_KEY)
        .await
        .ok()
        .flatten();
    Ok(content)
}

/// Removes the course's package; the editor shows the course's own lessons again.
#[server(prefix = "/api", endpoint = "elearning/remove-package")]
pub async fn remove_package(code: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.elearning.remove_package(who, &code).await)?;
    leptos_axum::redirect(&format!(
        "/admin/kurs/{}/e-laering?pakke=fjernet#pakke",
        code.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
    ));
    Ok(())
}

#[server(prefix = "/api", endpoint = "elearning/save-lesson")]
pub async fn save_lesson(code: String, lesson_id: i64, title: String, body: String) -> Result<i64, AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .elearning
            .save_lesson(who, &code, lesson_id, &title, &body)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "elearning/delete-lesson")]
pub async fn delete_lesson(code: String, lesson_id: i64) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.elearning.delete_lesson(who, &code, lesson_id).await)
}

#[server(prefix = "/api", endpoint = "elearning/move-lesson")]
pub async fn move_lesson(code: String, lesson_id: i64, direction: String) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .elearning
            .move_lesson(who, &code, lesson_id, direction == "up")
            .await,
    )
}

#[server(prefix = "/api", endpoint = "elearning/save-question")]
pub async fn save_question(code: String, draft: QuestionDraft) -> Result<i64, AppError> {
    let who = require_caller().await?;
    respond(services()?.elearning.save_question(who, &code, draft).await)
}

#[server(prefix = "/api", endpoint = "elearning/delete-question")]
pub async fn delete_question(code: String, question_id: i64) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .elearning
            .delete_question(who, &code, question_id)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "elearning/quiz-settings")]
pub async fn save_quiz_settings(
    code: String,
    pass_mark: String,
    max_attempts: String,
) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(
        services()?
            .elearning
            .save_quiz_settings(who, &code, &pass_mark, &max_attempts)
            .await,
    )
}

#[server(prefix = "/api", endpoint = "elearning/preview")]
pub async fn preview_markdown(markdown: String) -> Result<String, AppError> {
    let who = require_caller().await?;
    respond(services()?.elearning.preview(who, &markdown).await)
}

/// The attempts at the course's package (course administrators).
#[server(prefix = "/api", endpoint = "elearning/package-attempts")]
pub async fn package_attempts(code: String) -> Result<Vec<PackageAttemptLine>, AppError> {
    let who = require_caller().await?;
    respond(services()?.elearning.package_attempts(who, &code).await)
}

#[server(prefix = "/api", endpoint = "elearning/package-attempt")]
pub async fn package_attempt(code: String, id: i64) -> Result<PackageAttemptDetail, AppError> {
    let who = require_caller().await?;
    respond(services()?.elearning.package_attempt(who, &code, id).await)
}

/// Resets an attempt; the list says so.
#[server(prefix = "/api", endpoint = "elearning/reset-attempt")]
pub async fn reset_package_attempt(code: String, id: i64) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.elearning.reset_package_attempt(who, &code, id).await)?;
    leptos_axum::redirect(&format!(
        "/admin/kurs/{}/forsok?nullstilt=1",
        code.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
    ));
    Ok(())
}
