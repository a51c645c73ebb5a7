//! Erasure (GDPR article 17): an administrator anonymises a person. The account row stays,
//! without a name, contact data, national ID or birth date, so that completions still count in
//! the statistics per course and the audit trail keeps its meaning; the employer's own
//! competence register keeps what was transferred to it under its own legal basis. The
//! person's mails (they hold the name) and links are deleted, and every session ends.
use super::Desk;
use crate::{
    accounts::desk::{person_in, reason},
    audit,
    enrolment::{ENROLLED, WAITLISTED},
    entity::{account, account_token, enrolment, outbox, session},
};
use app::{
    accounts::{service::Caller, types::Role},
    error::AppError,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QuerySelect,
    Set, TransactionTrait,
};

/// The name an anonymised person is shown with.
pub const ANONYMOUS: &str = "Anonymisert person";

pub(super) async fn anonymise(
    desk: &Desk,
    actor: &Caller,
    account_id: i64,
    why: &str,
) -> Result<(), AppError> {
    let why = reason(why)?;
    let txn = desk.db.begin().await?;
    crate::db::write_lock(&txn).await?;
    let person = person_in(&txn, account_id).await?;
    if person.anonymised_at.is_some() {
        return Err(AppError::Conflict {
            message: "Personen er allerede anonymisert.".into(),
        });
    }
    if person.id == actor.account_id || Role::parse(&person.role) == Some(Role::Admin) {
        return Err(AppError::Conflict {
            message: "En administrator kan ikke anonymiseres. Ta administratorrollen fra personen først."
                .into(),
        });
    }
    let not_ended: Vec<i64> = session::Entity::find()
        .select_only()
        .column(session::Column::Id)
        .filter(session::Column::EndsAt.gt(Utc::now()))
        .filter(session::Column::CancelledAt.is_null())
        .into_tuple()
        .all(&txn)
        .await?;
    let open = enrolment::Entity::find()
        .filter(enrolment::Column::AccountId.eq(person.id))
        .filter(enrolment::Column::Status.is_in([ENROLLED, WAITLISTED]))
        .filter(enrolment::Column::SessionId.is_in(not_ended))
        .count(&txn)
        .await?;
    if open > 0 {
        return Err(AppError::conflict(
            app::messages::Message::new(
                "Personen har {open} påmelding(er) eller ventelisteplass(er) til kurs som ikke er over. Meld dem av først.",
            )
            .arg("open", open),
        ));
    }
    // Profiles merged into this one are the same person: their names and addresses go too.
    let id = person.id;
    let mut rows = account::Entity::find()
        .filter(account::Column::MergedInto.eq(id))
        .all(&txn)
        .await?;
    rows.push(person);
    let addresses: Vec<String> = rows
        .iter()
        .flat_map(|row| {
            [
                row.email.clone(),
                row.private_email.clone(),
                row.merged_email.clone(),
            ]
        })
        .flatten()
        .collect();
    outbox::Entity::delete_many()
        .filter(outbox::Column::Recipient.is_in(addresses))
        .exec(&txn)
        .await?;
    account_token::Entity::delete_many()
        .filter(account_token::Column::AccountId.is_in(rows.iter().map(|row| row.id)))
        .exec(&txn)
        .await?;
    let now = Utc::now();
    for row in rows {
        scrub(row, now).update(&txn).await?;
    }
    audit::record(
        &txn,
        Some(actor.account_id),
        "account.anonymised",
        Some(id),
        Some(why.into()),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(account_id = id, by = actor.account_id, "person anonymised");
    Ok(())
}

/// The row without anything that names or reaches the person, closed for good.
fn scrub(person: account::Model, now: chrono::DateTime<Utc>) -> account::ActiveModel {
    let generation = person.session_generation;
    let mut row = person.into_active_model();
    row.full_name = Set(ANONYMOUS.into());
    row.name_search = Set(None);
    row.email = Set(None);
    row.private_email = Set(None);
    row.merged_email = Set(None);
    row.staff_code = Set(None);
    row.mobile = Set(None);
    row.national_id_sealed = Set(None);
    row.national_id_key = Set(None);
    row.birth_date = Set(None);
    row.hms_card_number = Set(None);
    row.hms_card_expires_on = Set(None);
    row.driver_licence_number = Set(None);
    row.health_certificate_until = Set(None);
    row.invoice_reference = Set(None);
    row.password_hash = Set(None);
    row.role = Set(Role::Learner.as_str().into());
    row.session_generation = Set(generation + 1);
    row.deactivated_at = Set(Some(now));
    row.anonymised_at = Set(Some(now));
    row
}
