//! The help service's interface; implemented by the server's `help` module.
use super::types::{Answer, AnswerForm, Contact, ContactForm, HelpIndex, HelpSources, TopicForm};
use crate::{accounts::service::Caller, error::AppError};

#[async_trait::async_trait]
pub trait HelpService: Send + Sync + 'static {
    /// Every topic with its questions and the contacts; with a query, also the answers that
    /// match every word of it (folded as the course search folds).
    async fn index(&self, query: &str) -> Result<HelpIndex, AppError>;

    /// One answer by its address.
    async fn answer(&self, slug: &str) -> Result<Answer, AppError>;

    /// The contacts, one per kind (a kind nobody configured: the site's support address).
    async fn contacts(&self) -> Result<Vec<Contact>, AppError>;

    /// Everything as administrators edit it (administrators only).
    async fn sources(&self, who: Caller) -> Result<HelpSources, AppError>;

    /// Adds or changes an answer (audited); returns its address.
    async fn save_answer(&self, who: Caller, form: AnswerForm) -> Result<String, AppError>;

    /// Removes an answer (audited).
    async fn delete_answer(&self, who: Caller, answer_id: i64) -> Result<(), AppError>;

    /// Adds or changes a topic (audited).
    async fn save_topic(&self, who: Caller, form: TopicForm) -> Result<(), AppError>;

    /// Sets who answers one kind of question (audited).
    async fn save_contact(&self, who: Caller, form: ContactForm) -> Result<(), AppError>;
}
