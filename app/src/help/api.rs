//! Server functions of «Hjelp». Reading is open to everyone; editing is for administrators,
//! which the service decides.
use super::types::{Answer, AnswerForm, Contact, ContactForm, HelpIndex, HelpSources, TopicForm};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::services::{require_caller, respond, services};

#[server(prefix = "/api", endpoint = "help/index")]
pub async fn load_help(#[server(default)] q: String) -> Result<HelpIndex, AppError> {
    respond(services()?.help.index(&q).await)
}

#[server(prefix = "/api", endpoint = "help/answer")]
pub async fn load_answer(slug: String) -> Result<Answer, AppError> {
    respond(services()?.help.answer(&slug).await)
}

#[server(prefix = "/api", endpoint = "help/contacts")]
pub async fn load_contacts() -> Result<Vec<Contact>, AppError> {
    respond(services()?.help.contacts().await)
}

#[server(prefix = "/api", endpoint = "admin/help")]
pub async fn load_help_sources() -> Result<HelpSources, AppError> {
    let who = require_caller().await?;
    respond(services()?.help.sources(who).await)
}

#[server(prefix = "/api", endpoint = "admin/help/answer")]
pub async fn save_help_answer(form: AnswerForm) -> Result<String, AppError> {
    let who = require_caller().await?;
    respond(services()?.help.save_answer(who, form).await)
}

#[server(prefix = "/api", endpoint = "admin/help/answer-delete")]
pub async fn delete_help_answer(answer_id: i64) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.help.delete_answer(who, answer_id).await)
}

#[server(prefix = "/api", endpoint = "admin/help/topic")]
pub async fn save_help_topic(form: TopicForm) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.help.save_topic(who, form).await)
}

#[server(prefix = "/api", endpoint = "admin/help/contact")]
pub async fn save_help_contact(form: ContactForm) -> Result<(), AppError> {
    let who = require_caller().await?;
    respond(services()?.help.save_contact(who, form).await)
}
