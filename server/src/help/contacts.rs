//! Who answers which kind of question: support (accounts, courses), invoicing (employers,
//! invoices, paid courses) and technical (logging in, e-learning). Set by administrators; a kind
//! nobody set is answered by the configured support address.
use super::HelpRepo;
use crate::{audit, entity::help_contact};
use app::{
    accounts::{fields::Email, service::Caller, types::Role},
    error::{AppError, FieldIssue},
    help::types::{Contact, ContactForm, ContactKind},
};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set, TransactionTrait};

/// The name a kind has until an administrator names it.
fn default_name(kind: ContactKind) -> &'static str {
    match kind {
        ContactKind::Support => "Brukerstøtte",
        ContactKind::Invoicing => "Firma og faktura",
        ContactKind::Technical => "Teknisk støtte",
    }
}

/// The three contacts, in the order support, invoicing, technical.
pub(super) async fn all(repo: &HelpRepo) -> Result<Vec<Contact>, AppError> {
    let rows = help_contact::Entity::find().all(&repo.db).await?;
    Ok(ContactKind::ALL
        .into_iter()
        .map(|kind| match rows.iter().find(|row| row.kind == kind.as_str()) {
            Some(row) => Contact {
                kind,
                name: row.name.clone(),
                email: row.email.clone(),
                phone: row.phone.clone(),
                hours: row.hours.clone(),
            },
            None => Contact {
                kind,
                name: default_name(kind).to_string(),
                email: repo.support_email.clone(),
                phone: None,
                hours: None,
            },
        })
        .collect())
}

/// A contact as typed, checked field by field.
fn parse(form: &ContactForm) -> Result<(ContactKind, Contact), AppError> {
    let kind = ContactKind::parse(form.kind.trim())
        .ok_or_else(|| AppError::invalid("kind", "Velg hvilken kontakt det gjelder."))?;
    let mut issues = Vec::new();
    let mut issue = |field: &str, message: &'static str| {
        issues.push(FieldIssue {
            field: field.into(),
            message: message.into(),
        })
    };
    let name = form.name.trim();
    if name.chars().count() < 2 || name.chars().count() > 120 {
        issue(
            "name",
            "Skriv et navn folk kjenner igjen (2–120 tegn), for eksempel «Brukerstøtte».",
        );
    }
    let email = Email::parse(&form.email);
    if let Err(error) = &email {
        issue("email", error.0);
    }
    let phone = form.phone.trim();
    if !phone.is_empty()
        && (phone.chars().count() > 40
            || !phone.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c))
            || phone.chars().filter(char::is_ascii_digit).count() < 5)
    {
        issue(
            "phone",
            "Skriv et telefonnummer med sifre, for eksempel «+47 22 00 00 00», eller la feltet stå tomt.",
        );
    }
    let hours = form.hours.trim();
    if hours.chars().count() > 120 {
        issue("hours", "Åpningstiden kan ha høyst 120 tegn.");
    }
    match email {
        Ok(email) if issues.is_empty() => Ok((
            kind,
            Contact {
                kind,
                name: name.to_string(),
                email: email.as_str().to_string(),
                phone: (!phone.is_empty()).then(|| phone.to_string()),
                hours: (!hours.is_empty()).then(|| hours.to_string()),
            },
        )),
        _ => Err(AppError::InvalidForm { fields: issues }),
    }
}

/// Sets one contact (administrators only), audited with what it was.
pub(super) async fn save(repo: &HelpRepo, who: Caller, form: ContactForm) -> Result<(), AppError> {
    if who.role() != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let (kind, contact) = parse(&form)?;
    let before = all(repo).await?.into_iter().find(|c| c.kind == kind);
    let tx = repo.db.begin().await?;
    crate::db::write_lock(&tx).await?;
    let row = help_contact::ActiveModel {
        kind: Set(kind.as_str().to_string()),
        name: Set(contact.name.clone()),
        email: Set(contact.email.clone()),
        phone: Set(contact.phone.clone()),
        hours: Set(contact.hours.clone()),
        updated_at: Set(chrono::Utc::now()),
    };
    match help_contact::Entity::find_by_id(kind.as_str()).one(&tx).await? {
        Some(existing) => {
            let mut active = existing.into_active_model();
            active.name = row.name;
            active.email = row.email;
            active.phone = row.phone;
            active.hours = row.hours;
            active.updated_at = row.updated_at;
            active.update(&tx).await?;
        }
        None => {
            row.insert(&tx).await?;
        }
    }
    let was = before.map_or_else(String::new, |c| format!("{} <{}>", c.name, c.email));
    audit::record(
        &tx,
        Some(who.account_id),
        "help.contact_changed",
        None,
        Some(format!(
            "{}: {was} → {} <{}>",
            kind.as_str(),
            contact.name,
            contact.email
        )),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
