//! Wire types of «Hjelp».
use serde::{Deserialize, Serialize};

/// Who a kind of question goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    /// Accounts, courses, enrolment: the support desk.
    Support,
    /// Employers, invoices, paid courses.
    Invoicing,
    /// Logging in, e-learning that does not work.
    Technical,
}

impl ContactKind {
    pub const ALL: [ContactKind; 3] = [
        ContactKind::Support,
        ContactKind::Invoicing,
        ContactKind::Technical,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ContactKind::Support => "support",
            ContactKind::Invoicing => "invoicing",
            ContactKind::Technical => "technical",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

/// One contact: a name people recognise («Brukerstøtte»), an address, and optionally a phone
/// number and opening hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub kind: ContactKind,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub hours: Option<String>,
}

/// A question as listed: its text and address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub slug: String,
    pub question: String,
}

/// A topic on «Hjelp» with its questions in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub slug: String,
    pub title: String,
    pub questions: Vec<Question>,
}

/// A question found by a search, with the start of its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Found {
    pub slug: String,
    pub question: String,
    pub topic: String,
    pub excerpt: String,
}

/// «Hjelp»: every topic, the contacts, and what a search found (when there was one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpIndex {
    pub topics: Vec<Topic>,
    pub contacts: Vec<Contact>,
    pub found: Option<Vec<Found>>,
}

/// One answer's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub slug: String,
    pub question: String,
    /// The answer, rendered by the portal's safe Markdown renderer.
    pub html: String,
    pub topic_slug: String,
    pub topic: String,
    /// Who to ask when the answer is not enough.
    pub contact: Contact,
    /// The other questions of the topic.
    pub related: Vec<Question>,
    /// Last changed (dd.mm.åååå).
    pub updated: String,
}

/// A topic as administrators edit it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicSource {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub contact: ContactKind,
    pub position: i32,
}

/// An answer as administrators edit it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerSource {
    pub id: i64,
    pub topic_id: i64,
    pub slug: String,
    pub question: String,
    pub body_markdown: String,
    pub position: i32,
}

/// An address the portal's pages link to, and whether an answer has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedAnswer {
    pub slug: String,
    pub answered: bool,
}

/// «Hjelp» in the admin area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpSources {
    pub topics: Vec<TopicSource>,
    pub answers: Vec<AnswerSource>,
    pub contacts: Vec<Contact>,
    pub linked: Vec<LinkedAnswer>,
}

/// An answer as posted from the admin form (`id` none for a new one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AnswerForm {
    #[serde(default)]
    pub id: Option<i64>,
    pub topic_id: String,
    #[serde(default)]
    pub slug: String,
    pub question: String,
    pub body_markdown: String,
    #[serde(default)]
    pub position: String,
}

/// A topic as posted from the admin form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TopicForm {
    #[serde(default)]
    pub id: Option<i64>,
    pub title: String,
    #[serde(default)]
    pub slug: String,
    pub contact: String,
    #[serde(default)]
    pub position: String,
}

/// A contact as posted from the admin form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ContactForm {
    pub kind: String,
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub hours: String,
}
