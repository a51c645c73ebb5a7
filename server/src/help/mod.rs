//! «Hjelp»: the questions people ask, grouped by topic, searched with the same fold as the
//! course search, each answer at its own address; the contacts per kind of question; and
//! their editing by administrators (`admin`), audited.
pub mod admin;
pub mod contacts;

use crate::{
    common::{markdown, text::fold},
    entity::{help_answer, help_topic},
};
use app::{
    accounts::service::Caller,
    error::AppError,
    help::{
        service::HelpService,
        types::{
            Answer, AnswerForm, Contact, ContactForm, ContactKind, Found, HelpIndex, HelpSources, Question,
            Topic, TopicForm,
        },
    },
};
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};

/// The longest search the help page takes.
const QUERY_MAX: usize = 200;
/// At most this many answers are listed for a search.
const FOUND_MAX: usize = 30;
/// A search result shows this much of its answer.
const EXCERPT_CHARS: usize = 180;

/// The help service on the portal's database.
#[derive(Clone)]
pub struct HelpRepo {
    pub(crate) db: DatabaseConnection,
    /// The configured support address: the contact of a kind nobody set.
    pub(crate) support_email: String,
}

impl HelpRepo {
    pub fn new(db: DatabaseConnection, support_email: String) -> Self {
        Self { db, support_email }
    }

    /// Every topic and every answer, each in its order.
    async fn everything(&self) -> Result<(Vec<help_topic::Model>, Vec<help_answer::Model>), AppError> {
        let topics = help_topic::Entity::find()
            .order_by_asc(help_topic::Column::Position)
            .order_by_asc(help_topic::Column::Id)
            .all(&self.db)
            .await?;
        let answers = help_answer::Entity::find()
            .order_by_asc(help_answer::Column::Position)
            .order_by_asc(help_answer::Column::Id)
            .all(&self.db)
            .await?;
        Ok((topics, answers))
    }
}

/// What an answer is found by: its question and its text without markup, folded.
pub(crate) fn search_text(question: &str, body_markdown: &str) -> String {
    fold(&format!("{question}\n{}", markdown::to_plain_text(body_markdown)))
}

/// The answers that hold every word of `query` (folded: «HMS-kort» and «hms kort» alike),
/// those with the words in the question first, then in their order on the page.
fn search<'a>(query: &str, answers: &'a [help_answer::Model]) -> Vec<&'a help_answer::Model> {
    let words: Vec<String> = fold(query)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    let joined = words.concat();
    let mut found: Vec<(usize, usize, &help_answer::Model)> = answers
        .iter()
        .enumerate()
        .filter_map(|(order, answer)| {
            let text = &answer.search_text;
            let unspaced = text.replace(' ', "");
            let holds = |word: &str| text.contains(word) || unspaced.contains(word);
            let all = words.iter().all(|w| holds(w)) || (words.len() > 1 && unspaced.contains(&joined));
            all.then(|| {
                let question = fold(&answer.question);
                let in_question = words.iter().filter(|w| question.contains(w.as_str())).count();
                (usize::MAX - in_question, order, answer)
            })
        })
        .collect();
    found.sort_by_key(|(rank, order, _)| (*rank, *order));
    found
        .into_iter()
        .take(FOUND_MAX)
        .map(|(_, _, answer)| answer)
        .collect()
}

/// The start of an answer's text, cut at a word.
fn excerpt(body_markdown: &str) -> String {
    let text = markdown::to_plain_text(body_markdown);
    if text.chars().count() <= EXCERPT_CHARS {
        return text;
    }
    let cut: String = text.chars().take(EXCERPT_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(start, _)| start);
    format!("{cut} …")
}

fn question(answer: &help_answer::Model) -> Question {
    Question {
        slug: answer.slug.clone(),
        question: answer.question.clone(),
    }
}

#[async_trait::async_trait]
impl HelpService for HelpRepo {
    async fn index(&self, query: &str) -> Result<HelpIndex, AppError> {
        let query = query.trim();
        if query.chars().count() > QUERY_MAX {
            return Err(AppError::invalid("q", "Søket kan ha høyst 200 tegn."));
        }
        let (topics, answers) = self.everything().await?;
        let found = (!query.is_empty()).then(|| {
            search(query, &answers)
                .into_iter()
                .map(|answer| Found {
                    slug: answer.slug.clone(),
                    question: answer.question.clone(),
                    topic: topics
                        .iter()
                        .find(|t| t.id == answer.topic_id)
                        .map(|t| t.title.clone())
                        .unwrap_or_default(),
                    excerpt: excerpt(&answer.body_markdown),
                })
                .collect()
        });
        let topics = topics
            .into_iter()
            .map(|topic| Topic {
                questions: answers
                    .iter()
                    .filter(|a| a.topic_id == topic.id)
                    .map(question)
                    .collect(),
                slug: topic.slug,
                title: topic.title,
            })
            .filter(|topic| !topic.questions.is_empty())
            .collect();
        Ok(HelpIndex {
            topics,
            contacts: contacts::all(self).await?,
            found,
        })
    }

    async fn answer(&self, slug: &str) -> Result<Answer, AppError> {
        let (topics, answers) = self.everything().await?;
        let answer = answers
            .iter()
            .find(|a| a.slug == slug)
            .ok_or(AppError::NotFound)?;
        let topic = topics
            .iter()
            .find(|t| t.id == answer.topic_id)
            .ok_or(AppError::NotFound)?;
        let kind = ContactKind::parse(&topic.contact).unwrap_or(ContactKind::Support);
        let contact = contacts::all(self)
            .await?
            .into_iter()
            .find(|c| c.kind == kind)
            .ok_or(AppError::Internal)?;
        Ok(Answer {
            slug: answer.slug.clone(),
            question: answer.question.clone(),
            html: markdown::to_html_from(&answer.body_markdown, 2),
            topic_slug: topic.slug.clone(),
            topic: topic.title.clone(),
            contact,
            related: answers
                .iter()
                .filter(|a| a.topic_id == topic.id && a.id != answer.id)
                .map(question)
                .collect(),
            updated: crate::common::time::day(
                answer
                    .updated_at
                    .with_timezone(&chrono_tz::Europe::Oslo)
                    .date_naive(),
            ),
        })
    }

    async fn contacts(&self) -> Result<Vec<Contact>, AppError> {
        contacts::all(self).await
    }

    async fn sources(&self, who: Caller) -> Result<HelpSources, AppError> {
        admin::sources(self, who).await
    }

    async fn save_answer(&self, who: Caller, form: AnswerForm) -> Result<String, AppError> {
        admin::save_answer(self, who, form).await
    }

    async fn delete_answer(&self, who: Caller, answer_id: i64) -> Result<(), AppError> {
        admin::delete_answer(self, who, answer_id).await
    }

    async fn save_topic(&self, who: Caller, form: TopicForm) -> Result<(), AppError> {
        admin::save_topic(self, who, form).await
    }

    async fn save_contact(&self, who: Caller, form: ContactForm) -> Result<(), AppError> {
        contacts::save(self, who, form).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(id: i64, question: &str, body: &str) -> help_answer::Model {
        help_answer::Model {
            id,
            topic_id: 1,
            slug: format!("svar-{id}"),
            question: question.into(),
            body_markdown: body.into(),
            search_text: search_text(question, body),
            position: 0,
            updated_at: chrono::Utc::now(),
            updated_by: None,
        }
    }

    #[test]
    fn a_search_folds_like_the_course_search() {
        let answers = [
            answer(
                1,
                "Hvor får jeg HMS-kort?",
                "Bestill **HMS-kortet** hos arbeidsgiveren.",
            ),
            answer(2, "Glemt passord", "Bruk «Glemt passord» på innloggingen."),
            answer(
                3,
                "Fødselsnummer",
                "Uten fødselsnummer blir ingenting overført til HMS kort-registeret.",
            ),
        ];
        let slugs = |q: &str| search(q, &answers).iter().map(|a| a.id).collect::<Vec<_>>();
        assert_eq!(slugs("hms-kort"), vec![1, 3], "hyphenated or not, question first");
        assert_eq!(slugs("HMS kort"), vec![1, 3]);
        assert_eq!(slugs("hmskort"), vec![1, 3]);
        assert_eq!(slugs("fodselsnummer"), vec![3], "æøå typed plainly");
        assert_eq!(
            slugs("Fødselsnummer overført"),
            vec![3],
            "every word must be there"
        );
        assert_eq!(slugs("passord innloggingen"), vec![2]);
        assert!(slugs("ukjent").is_empty());
        assert!(slugs("  ,. ").is_empty(), "no words, nothing found");
    }

    #[test]
    fn an_excerpt_is_plain_text_cut_at_a_word() {
        assert_eq!(
            excerpt("Bruk **«Glemt passord»** [her](/glemt-passord)."),
            "Bruk «Glemt passord» her."
        );
        let long = "ord ".repeat(100);
        let cut = excerpt(&long);
        assert!(
            cut.ends_with(" …") && cut.chars().count() <= EXCERPT_CHARS + 2,
            "{cut}"
        );
        assert!(!cut.contains("or …"), "cut between words: {cut}");
    }
}
