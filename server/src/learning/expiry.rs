//! The background job of validity: marks expired completions and mails reminders before
//! expiry at the configured lead times. It keeps nothing in memory: each run reads the
//! state from the database, so it survives restarts, and each reminder is claimed by
//! inserting its row in the transaction that queues the mail, so several instances on one
//! database send it once.
use super::{
    completion, reminder,
    rules::{LeadTimes, reminder_due},
};
use crate::{
    accounts::{entity as account, mails::Links},
    courses::course,
    mail::{Mailer, OutgoingMail},
};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait, sea_query::OnConflict,
};
use std::collections::HashMap;

/// Marks completions whose last valid day is before `today`; returns how many.
pub async fn mark_expired(db: &DatabaseConnection, today: NaiveDate) -> Result<u64, DbErr> {
    let marked = completion::Entity::update_many()
        .col_expr(
            completion::Column::ExpiredAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(completion::Column::ValidUntil.lt(today))
        .filter(completion::Column::ExpiredAt.is_null())
        .exec(db)
        .await?;
    Ok(marked.rows_affected)
}

/// Sends the reminders due on `today`; returns how many mails were queued.
pub async fn send_reminders(
    db: &DatabaseConnection,
    mailer: &Mailer,
    links: &Links,
    leads: &LeadTimes,
    today: NaiveDate,
) -> Result<usize, DbErr> {
    let horizon = today + Duration::days(i64::from(leads.days().first().copied().unwrap_or(0)));
    let candidates = completion::Entity::find()
        .filter(completion::Column::ValidUntil.gte(today))
        .filter(completion::Column::ValidUntil.lte(horizon))
        .filter(completion::Column::RevokedAt.is_null())
        .order_by_asc(completion::Column::Id)
        .limit(1000)
        .all(db)
        .await?;
    let mut sent = 0;
    for item in candidates {
        let Some(valid_until) = item.valid_until else {
            continue;
        };
        if renewed(db, &item, valid_until).await? {
            continue;
        }
        let handled: Vec<u32> = reminder::Entity::find()
            .filter(reminder::Column::CompletionId.eq(item.id))
            .all(db)
            .await?
            .into_iter()
            .filter_map(|r| u32::try_from(r.lead_days).ok())
            .collect();
        let Some(plan) = reminder_due(valid_until, today, leads, &handled) else {
            continue;
        };
        let txn = db.begin().await?;
        // The claim is the transaction's first statement (a write): one instance wins.
        if claim(&txn, item.id, plan.send, true).await? {
            for lead in &plan.skip {
                claim(&txn, item.id, *lead, false).await?;
            }
            let person = account::Entity::find_by_id(item.account_id).one(&txn).await?;
            let course = course::Entity::find_by_id(item.course_id).one(&txn).await?;
            if let (Some(person), Some(course)) = (person, course)
                && let Some(email) = person.email.as_deref()
            {
                mailer
                    .enqueue(
                        &txn,
                        expiring_mail(links, email, &person.full_name, &course, valid_until),
                    )
                    .await?;
                sent += 1;
            }
        }
        txn.commit().await?;
    }
    Ok(sent)
}

/// True when the learner has a later completion of the same course (recertified): the old
/// one expires quietly.
async fn renewed(
    db: &DatabaseConnection,
    item: &completion::Model,
    valid_until: NaiveDate,
) -> Result<bool, DbErr> {
    Ok(completion::Entity::find()
        .filter(completion::Column::AccountId.eq(item.account_id))
        .filter(completion::Column::CourseId.eq(item.course_id))
        .filter(completion::Column::RevokedAt.is_null())
        .filter(completion::Column::ValidUntil.gt(valid_until))
        .one(db)
        .await?
        .is_some())
}

async fn claim<C: sea_orm::ConnectionTrait>(
    conn: &C,
    completion_id: i64,
    lead: u32,
    mailed: bool,
) -> Result<bool, DbErr> {
    let inserted = reminder::Entity::insert(reminder::ActiveModel {
        completion_id: Set(completion_id),
        lead_days: Set(i32::try_from(lead).unwrap_or(i32::MAX)),
        mailed: Set(mailed),
        created_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::columns([reminder::Column::CompletionId, reminder::Column::LeadDays])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(inserted == 1)
}

fn expiring_mail(
    links: &Links,
    to: &str,
    name: &str,
    course: &course::Model,
    valid_until: NaiveDate,
) -> OutgoingMail {
    OutgoingMail {
        to: to.to_string(),
        subject: format!(
            "Kursbeviset ditt for «{}» utløper {}",
            course.title,
            crate::courses::time::day(valid_until)
        ),
        body_text: format!(
            "Hei {name},\n\nKursbeviset ditt for {} – {} er gyldig til og med {}. Planlegg repetisjon i god tid: \
             meld deg på kurset igjen her:\n\n{}/kurs/{}\n\nAlle kursene dine står under «Historikk»: {}/historikk\n\n\
             Hilsen\nKursportalen\n\nSpørsmål? Skriv til {}.\n",
            course.code,
            course.title,
            crate::courses::time::day(valid_until),
            links.public_url,
            course.code,
            links.public_url,
            links.support_email,
        ),
        attachment: None,
    }
}

/// Runs both at start and then every hour; `leads` from `KURSPORTAL_REMINDER_DAYS`.
pub async fn run(db: DatabaseConnection, mailer: Mailer, links: Links, leads: LeadTimes) {
    let mut interval = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        interval.tick().await;
        let today = crate::courses::time::today();
        if let Err(error) = mark_expired(&db, today).await {
            tracing::warn!(%error, "marking expired completions failed; retrying in an hour");
        }
        match send_reminders(&db, &mailer, &links, &leads, today).await {
            Ok(0) => {}
            Ok(sent) => tracing::info!(sent, "expiry reminders queued"),
            Err(error) => tracing::warn!(%error, "expiry reminders failed; retrying in an hour"),
        }
    }
}

/// How many of each lead time a completion has had (for tests and support).
pub async fn reminders_of(db: &DatabaseConnection, completion_id: i64) -> Result<HashMap<i32, bool>, DbErr> {
    Ok(reminder::Entity::find()
        .filter(reminder::Column::CompletionId.eq(completion_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.lead_days, r.mailed))
        .collect())
}
