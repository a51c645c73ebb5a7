//! Deactivating and reactivating an account, and enrolling or withdrawing someone on their
//! behalf.
use super::Desk;
use crate::{
    accounts::{
        desk::{person_in, reason, refuse_closed, refuse_gone},
        mails,
    },
    audit,
    enrolment::{self, Actor, service::refused},
    entity::company,
};
use app::{
    accounts::{service::Caller, types::Role},
    error::AppError,
};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set, TransactionTrait};

/// «Deaktiver» / «Aktiver igjen». Deactivated: the sessions end, nothing more is mailed, and
/// every seat and queue place in a coming session is released to the queue, in one
/// transaction. Reactivated: the person may log in again (released seats stay released).
pub(super) async fn set_active(
    desk: &Desk,
    actor: &Caller,
    account_id: i64,
    active: bool,
    why: &str,
) -> Result<(), AppError> {
    let why = reason(why)?;
    let txn = desk.db.begin().await?;
    crate::db::write_lock(&txn).await?;
    let person = person_in(&txn, account_id).await?;
    refuse_gone(&person)?;
    let now = Utc::now();
    let (id, name, email) = (person.id, person.full_name.clone(), person.email.clone());
    let language = person.chosen_language();
    if active {
        if person.deactivated_at.is_none() {
            return Err(AppError::Conflict {
                message: "Kontoen er ikke deaktivert.".into(),
            });
        }
        let mut row = person.into_active_model();
        row.deactivated_at = Set(None);
        row.update(&txn).await?;
        if let Some(email) = &email {
            desk.mailer
                .enqueue(&txn, mails::reactivated(&desk.links, email, &name, language))
                .await?;
        }
        audit::record(
            &txn,
            Some(actor.account_id),
            "support.reactivate",
            Some(id),
            Some(why.into()),
        )
        .await?;
    } else {
        refuse_closed(&person)?;
        if person.id == actor.account_id {
            return Err(AppError::Conflict {
                message: "Du kan ikke deaktivere din egen konto.".into(),
            });
        }
        if Role::parse(&person.role) == Some(Role::Admin) {
            return Err(AppError::Conflict {
                message: "Personen er administrator. Ta administratorrollen fra dem først.".into(),
            });
        }
        let generation = person.session_generation;
        let mut row = person.into_active_model();
        row.deactivated_at = Set(Some(now));
        row.session_generation = Set(generation + 1);
        row.update(&txn).await?;
        let released = enrolment::release_all(&txn, &desk.mailer, &desk.links, id, now)
            .await
            .map_err(refused)?;
        audit::record(
            &txn,
            Some(actor.account_id),
            "support.deactivate",
            Some(id),
            Some(format!("{why} ({released} seats and waitlist places released)")),
        )
        .await?;
    }
    txn.commit().await?;
    tracing::info!(
        account_id = id,
        by = actor.account_id,
        active,
        "account activity changed by support"
    );
    Ok(())
}

/// Enrols the person in a session on their behalf: a seat, or the end of the queue; the
/// enrolment deadline does not apply to staff.
pub(super) async fn enrol(
    desk: &Desk,
    actor: &Caller,
    account_id: i64,
    session_id: i64,
    why: &str,
) -> Result<(), AppError> {
    let why = reason(why)?;
    let person = desk.accounts.desk_account(account_id).await?;
    refuse_closed(&person)?;
    let outcome = enrolment::enrol_as(
        &desk.db,
        session_id,
        person.id,
        (
            company::billing(&desk.db, &person, crate::common::time::today())
                .await?
                .employer_id(),
            person.invoice_reference.clone(),
        ),
        Utc::now(),
        Actor::Staff,
    )
    .await
    .map_err(|error| match error {
        enrolment::EnrolmentError::NoSession => AppError::invalid("session_id", "Velg en kursdato i listen."),
        error => refused(error),
    })?;
    let place = match outcome {
        enrolment::Enrolled::Seat => "seat".to_string(),
        enrolment::Enrolled::Waitlist { position } => format!("waitlist place {position}"),
    };
    audit::record(
        &desk.db,
        Some(actor.account_id),
        "support.enrol",
        Some(person.id),
        Some(format!("session {session_id}, {place}: {why}")),
    )
    .await?;
    enrolment::service::confirm(
        &desk.db,
        &desk.mailer,
        &desk.links,
        &person,
        session_id,
        outcome.place(),
    )
    .await;
    Ok(())
}

/// Withdraws the person from a session on their behalf; a freed seat goes to the queue.
pub(super) async fn withdraw(
    desk: &Desk,
    actor: &Caller,
    account_id: i64,
    session_id: i64,
    why: &str,
) -> Result<(), AppError> {
    let why = reason(why)?;
    let person = desk.accounts.desk_account(account_id).await?;
    enrolment::cancel_as(
        &desk.db,
        &desk.mailer,
        &desk.links,
        session_id,
        person.id,
        Utc::now(),
        Actor::Staff,
    )
    .await
    .map_err(|error| match error {
        enrolment::EnrolmentError::NotEnrolled => AppError::Conflict {
            message: "Personen er ikke påmeldt denne kursenheten.".into(),
        },
        error => refused(error),
    })?;
    audit::record(
        &desk.db,
        Some(actor.account_id),
        "support.withdraw",
        Some(person.id),
        Some(format!("session {session_id}: {why}")),
    )
    .await?;
    Ok(())
}
