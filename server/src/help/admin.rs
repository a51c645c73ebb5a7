//! «Hjelp» in the admin area: answers and topics added, changed and removed by
//! administrators, each change in the audit trail.
use super::{HelpRepo, contacts, search_text};
use crate::{
    audit,
    common::text::fold,
    entity::{help_answer, help_topic},
};
use app::{
    accounts::{service::Caller, types::Role},
    error::{AppError, FieldIssue},
    help::{
        LINKED,
        types::{AnswerForm, AnswerSource, ContactKind, HelpSources, LinkedAnswer, TopicForm, TopicSource},
    },
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set,
    TransactionTrait,
};

/// The longest answer kept (a long answer is better split in two questions).
const BODY_MAX: usize = 20_000;
const SLUG_MAX: usize = 80;

/// An answer's or a topic's address: lower-case letters a–z, digits and single hyphens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug(String);

impl Slug {
    /// An address as typed by an administrator.
    pub fn parse(text: &str) -> Result<Self, &'static str> {
        let text = text.trim();
        let valid = (2..=SLUG_MAX).contains(&text.len())
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !text.starts_with('-')
            && !text.ends_with('-')
            && !text.contains("--");
        if valid {
            Ok(Self(text.to_string()))
        } else {
            Err(
                "Adressen kan bare ha små bokstaver a–z, sifre og enkle bindestreker (2–80 tegn), for eksempel «glemt-passord».",
            )
        }
    }

    /// The address made from a question or a title: its folded words joined by hyphens,
    /// cut at a word.
    pub fn from_words(text: &str) -> Option<Self> {
        let mut slug = String::new();
        for word in fold(text).split(' ').filter(|w| !w.is_empty()) {
            let word: String = word.chars().filter(char::is_ascii_alphanumeric).collect();
            if word.is_empty() {
                continue;
            }
            if slug.len() + word.len() + 1 > SLUG_MAX {
                break;
            }
            if !slug.is_empty() {
                slug.push('-');
            }
            slug.push_str(&word);
        }
        Self::parse(&slug).ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn admin(who: &Caller) -> Result<(), AppError> {
    if who.role() == Role::Admin {
        Ok(())
    } else {
        tracing::warn!(account_id = who.account_id, "help editing refused");
        Err(AppError::Forbidden)
    }
}

/// A place on the page: a whole number from 0 to 9999, 0 when left empty.
fn position(text: &str) -> Result<i32, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(0);
    }
    text.parse::<i32>()
        .ok()
        .filter(|n| (0..=9999).contains(n))
        .ok_or("Plassen er et helt tall fra 0 til 9999 (lavest først).")
}

struct Issues(Vec<FieldIssue>);

impl Issues {
    fn add(&mut self, field: &str, message: &'static str) {
        self.0.push(FieldIssue {
            field: field.into(),
            message: message.into(),
        });
    }

    fn done(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::InvalidForm { fields: self.0 })
        }
    }
}

pub(super) async fn sources(repo: &HelpRepo, who: Caller) -> Result<HelpSources, AppError> {
    admin(&who)?;
    let (topics, answers) = repo.everything().await?;
    let linked = LINKED
        .iter()
        .map(|slug| LinkedAnswer {
            slug: slug.to_string(),
            answered: answers.iter().any(|a| a.slug == *slug),
        })
        .collect();
    Ok(HelpSources {
        topics: topics
            .into_iter()
            .map(|t| TopicSource {
                id: t.id,
                contact: ContactKind::parse(&t.contact).unwrap_or(ContactKind::Support),
                slug: t.slug,
                title: t.title,
                position: t.position,
            })
            .collect(),
        answers: answers
            .into_iter()
            .map(|a| AnswerSource {
                id: a.id,
                topic_id: a.topic_id,
                slug: a.slug,
                question: a.question,
                body_markdown: a.body_markdown,
                position: a.position,
            })
            .collect(),
        contacts: contacts::all(repo).await?,
        linked,
    })
}

/// An answer as typed, checked field by field: (topic, question, address, text, place).
fn parse_answer(form: &AnswerForm) -> Result<(i64, String, Slug, String, i32), AppError> {
    let mut issues = Issues(Vec::new());
    let topic_id = form.topic_id.trim().parse::<i64>().ok();
    if topic_id.is_none() {
        issues.add("topic_id", "Velg emnet spørsmålet hører til.");
    }
    let question = form.question.trim();
    if !(5..=200).contains(&question.chars().count()) {
        issues.add("question", "Skriv spørsmålet slik folk stiller det (5–200 tegn).");
    }
    let slug = if form.slug.trim().is_empty() {
        Slug::from_words(question)
            .ok_or("Skriv en adresse med små bokstaver a–z, for eksempel «glemt-passord».")
    } else {
        Slug::parse(&form.slug)
    };
    if let Err(message) = &slug {
        issues.add("slug", message);
    }
    let body = form.body_markdown.trim();
    if body.is_empty() {
        issues.add("body_markdown", "Skriv svaret.");
    } else if body.chars().count() > BODY_MAX {
        issues.add(
            "body_markdown",
            "Svaret kan ha høyst 20 000 tegn. Del det gjerne i flere spørsmål.",
        );
    }
    let place = position(&form.position);
    if let Err(message) = place {
        issues.add("position", message);
    }
    issues.done()?;
    match (topic_id, slug, place) {
        (Some(topic_id), Ok(slug), Ok(place)) => {
            Ok((topic_id, question.to_string(), slug, body.to_string(), place))
        }
        _ => Err(AppError::Internal),
    }
}

pub(super) async fn save_answer(repo: &HelpRepo, who: Caller, form: AnswerForm) -> Result<String, AppError> {
    admin(&who)?;
    let (topic_id, question, slug, body, place) = parse_answer(&form)?;
    let tx = repo.db.begin().await?;
    crate::db::write_lock(&tx).await?;
    if help_topic::Entity::find_by_id(topic_id).one(&tx).await?.is_none() {
        return Err(AppError::invalid("topic_id", "Velg emnet spørsmålet hører til."));
    }
    let mut taken = help_answer::Entity::find().filter(help_answer::Column::Slug.eq(slug.as_str()));
    if let Some(id) = form.id {
        taken = taken.filter(help_answer::Column::Id.ne(id));
    }
    if taken.count(&tx).await? > 0 {
        return Err(AppError::invalid(
            "slug",
            app::messages::Message::new("Et annet svar har adressen «{slug}». Velg en annen.")
                .arg("slug", slug.as_str()),
        ));
    }
    let mut active = match form.id {
        Some(id) => help_answer::Entity::find_by_id(id)
            .one(&tx)
            .await?
            .ok_or(AppError::NotFound)?
            .into_active_model(),
        None => <help_answer::ActiveModel as Default>::default(),
    };
    active.topic_id = Set(topic_id);
    active.slug = Set(slug.as_str().to_string());
    active.search_text = Set(search_text(&question, &body));
    active.question = Set(question.clone());
    active.body_markdown = Set(body);
    active.position = Set(place);
    active.updated_at = Set(chrono::Utc::now());
    active.updated_by = Set(Some(who.account_id));
    let saved = active.save(&tx).await?;
    let id = saved.id.clone().unwrap();
    let action = if form.id.is_some() {
        "help.answer_changed"
    } else {
        "help.answer_added"
    };
    audit::record(
        &tx,
        Some(who.account_id),
        action,
        None,
        Some(format!("«{question}» (/hjelp/{}, #{id})", slug.as_str())),
    )
    .await?;
    tx.commit().await?;
    Ok(slug.0)
}

pub(super) async fn delete_answer(repo: &HelpRepo, who: Caller, answer_id: i64) -> Result<(), AppError> {
    admin(&who)?;
    let tx = repo.db.begin().await?;
    crate::db::write_lock(&tx).await?;
    let answer = help_answer::Entity::find_by_id(answer_id)
        .one(&tx)
        .await?
        .ok_or(AppError::NotFound)?;
    help_answer::Entity::delete_by_id(answer.id).exec(&tx).await?;
    audit::record(
        &tx,
        Some(who.account_id),
        "help.answer_removed",
        None,
        Some(format!("«{}» (/hjelp/{})", answer.question, answer.slug)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn save_topic(repo: &HelpRepo, who: Caller, form: TopicForm) -> Result<(), AppError> {
    admin(&who)?;
    let mut issues = Issues(Vec::new());
    let title = form.title.trim();
    if !(2..=120).contains(&title.chars().count()) {
        issues.add("title", "Skriv emnets navn (2–120 tegn).");
    }
    let contact = ContactKind::parse(form.contact.trim());
    if contact.is_none() {
        issues.add("contact", "Velg hvem spørsmålene i emnet går til.");
    }
    let place = position(&form.position);
    if let Err(message) = place {
        issues.add("position", message);
    }
    let slug = match form.slug.trim() {
        "" => Slug::from_words(title),
        typed => Slug::parse(typed).ok(),
    };
    if slug.is_none() && issues.0.is_empty() {
        issues.add(
            "title",
            "Skriv emnets navn med minst én bokstav a–z eller et siffer.",
        );
    }
    issues.done()?;
    let (Some(contact), Ok(place), Some(slug)) = (contact, place, slug) else {
        return Err(AppError::Internal);
    };
    let tx = repo.db.begin().await?;
    crate::db::write_lock(&tx).await?;
    let mut taken = help_topic::Entity::find().filter(help_topic::Column::Slug.eq(slug.as_str()));
    if let Some(id) = form.id {
        taken = taken.filter(help_topic::Column::Id.ne(id));
    }
    if taken.count(&tx).await? > 0 {
        return Err(AppError::invalid("title", "Et annet emne har samme navn."));
    }
    let mut active = match form.id {
        Some(id) => help_topic::Entity::find_by_id(id)
            .one(&tx)
            .await?
            .ok_or(AppError::NotFound)?
            .into_active_model(),
        None => <help_topic::ActiveModel as Default>::default(),
    };
    active.slug = Set(slug.as_str().to_string());
    active.title = Set(title.to_string());
    active.contact = Set(contact.as_str().to_string());
    active.position = Set(place);
    active.save(&tx).await?;
    let action = if form.id.is_some() {
        "help.topic_changed"
    } else {
        "help.topic_added"
    };
    audit::record(
        &tx,
        Some(who.account_id),
        action,
        None,
        Some(format!("«{title}» ({})", contact.as_str())),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_made_from_the_question() {
        let slug = |text: &str| Slug::from_words(text).map(|s| s.0);
        assert_eq!(
            slug("Jeg har glemt passordet. Hva gjør jeg?").as_deref(),
            Some("jeg-har-glemt-passordet-hva-gjor-jeg")
        );
        assert_eq!(
            slug("Fant du ikke firmaet ditt?").as_deref(),
            Some("fant-du-ikke-firmaet-ditt")
        );
        assert_eq!(
            slug("Hvor får jeg HMS-kort?").as_deref(),
            Some("hvor-far-jeg-hmskort")
        );
        assert_eq!(slug("Čuoŋománnu").as_deref(), Some("cuonomannu"));
        assert!(slug(&"langt ".repeat(40)).is_some_and(|s| s.len() <= SLUG_MAX && !s.ends_with('-')));
        assert_eq!(slug("?!"), None);
    }

    #[test]
    fn a_typed_address_is_checked() {
        assert!(Slug::parse("glemt-passord").is_ok());
        assert!(Slug::parse(" hms-kort-2 ").is_ok(), "trimmed");
        for bad in [
            "",
            "a",
            "Glemt",
            "glemt passord",
            "-glemt",
            "glemt-",
            "glemt--passord",
            "glemt/../x",
            "æøå",
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_place_is_a_small_whole_number() {
        assert_eq!(position(""), Ok(0));
        assert_eq!(position(" 12 "), Ok(12));
        assert!(position("-1").is_err() && position("10000").is_err() && position("to").is_err());
    }
}
