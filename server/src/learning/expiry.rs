//! The background job of validity: marks expired completions and mails reminders before
//! expiry at the configured lead times. It keeps nothing in memory: each run reads the
//! state from the database, so it survives restarts, and each reminder is claimed by
//! inserting its row in the transaction that queues the mail, so several instances on one
//! database send it once.
use crate::{
    accounts::mails::Links,
    entity::{account, course},
    mail::{Mailer, OutgoingMail},
};
use crate::{
    entity::{completion, follower, path, path_reminder, reminder},
    learning::rules::{LeadTimes, reminder_due},
};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait, sea_query::OnConflict,
};
use std::collections::HashMap;

/// Marks completions and completed paths whose last valid day is before `today`; returns
/// how many.
pub async fn mark_expired(db: &DatabaseConnection, today: NaiveDate) -> Result<u64, DbErr> {
    let now = sea_orm::sea_query::Expr::value(Utc::now());
    let courses = completion::Entity::update_many()
        .col_expr(completion::Column::ExpiredAt, now.clone())
        .filter(completion::Column::ValidUntil.lt(today))
        .filter(completion::Column::ExpiredAt.is_null())
        .exec(db)
        .await?;
    let paths = follower::Entity::update_many()
        .col_expr(follower::Column::ExpiredAt, now)
        .filter(follower::Column::ValidUntil.lt(today))
        .filter(follower::Column::ExpiredAt.is_null())
        .filter(follower::Column::CompletedAt.is_not_null())
        .exec(db)
        .await?;
    Ok(courses.rows_affected + paths.rows_affected)
}

/// What a reminder is about: a course completion or a completed learning path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Held {
    Course(i64),
    Path(i64),
}

/// One certificate that expires within the horizon.
struct Expiring {
    held: Held,
    account_id: i64,
    valid_until: NaiveDate,
    /// «Sikkerhetskurs», for the subject line.
    title: String,
    /// «SIK-100 – Sikkerhetskurs», for the text.
    label: String,
    /// Where to renew it, relative to the portal.
    renew_at: String,
}

/// Sends the reminders due on `today` for course completions and completed learning
/// paths; returns how many mails were queued.
pub async fn send_reminders(
    db: &DatabaseConnection,
    mailer: &Mailer,
    links: &Links,
    leads: &LeadTimes,
    today: NaiveDate,
) -> Result<usize, DbErr> {
    let horizon = today + Duration::days(i64::from(leads.days().first().copied().unwrap_or(0)));
    let mut expiring = expiring_courses(db, today, horizon).await?;
    expiring.extend(expiring_paths(db, today, horizon).await?);
    let mut sent = 0;
    for item in expiring {
        let handled = handled(db, item.held).await?;
        let Some(plan) = reminder_due(item.valid_until, today, leads, &handled) else {
            continue;
        };
        let txn = db.begin().await?;
        // The claim is the transaction's first statement (a write): one instance wins.
        if claim(&txn, item.held, plan.send, true).await? {
            for lead in &plan.skip {
                claim(&txn, item.held, *lead, false).await?;
            }
            let person = account::Entity::find_by_id(item.account_id).one(&txn).await?;
            if let Some(person) = person
                && let Some(email) = person.email.as_deref()
            {
                mailer
                    .enqueue(&txn, expiring_mail(links, email, &person, &item))
                    .await?;
                sent += 1;
            }
        }
        txn.commit().await?;
    }
    Ok(sent)
}

async fn expiring_courses(
    db: &DatabaseConnection,
    today: NaiveDate,
    horizon: NaiveDate,
) -> Result<Vec<Expiring>, DbErr> {
    let candidates = completion::Entity::find()
        .filter(completion::Column::ValidUntil.gte(today))
        .filter(completion::Column::ValidUntil.lte(horizon))
        .filter(completion::Column::RevokedAt.is_null())
        .order_by_asc(completion::Column::Id)
        .limit(1000)
        .find_also_related(course::Entity)
        .all(db)
        .await?;
    let mut found = Vec::new();
    for (item, course) in candidates {
        let Some(valid_until) = item.valid_until else {
            continue;
        };
        if renewed(db, &item, valid_until).await? {
            continue;
        }
        if let Some(course) = course {
            found.push(Expiring {
                held: Held::Course(item.id),
                account_id: item.account_id,
                valid_until,
                title: course.title.clone(),
                label: format!("{} – {}", course.code, course.title),
                renew_at: format!("/kurs/{}", course.code),
            });
        }
    }
    Ok(found)
}

/// A path is followed once per person, so a completed path is never renewed by a later
/// row: its reminders run until it expires.
async fn expiring_paths(
    db: &DatabaseConnection,
    today: NaiveDate,
    horizon: NaiveDate,
) -> Result<Vec<Expiring>, DbErr> {
    let candidates = follower::Entity::find()
        .filter(follower::Column::ValidUntil.gte(today))
        .filter(follower::Column::ValidUntil.lte(horizon))
        .filter(follower::Column::RevokedAt.is_null())
        .filter(follower::Column::CertificateCode.is_not_null())
        .order_by_asc(follower::Column::Id)
        .limit(1000)
        .find_also_related(path::Entity)
        .all(db)
        .await?;
    let mut found = Vec::new();
    for (item, path) in candidates {
        let Some(valid_until) = item.valid_until else {
            continue;
        };
        if let Some(path) = path {
            found.push(Expiring {
                held: Held::Path(item.id),
                account_id: item.account_id,
                valid_until,
                title: path.title.clone(),
                label: format!("opplæringsløpet {} – {}", path.code, path.title),
                renew_at: format!("/opplaeringsplan/{}", path.code),
            });
        }
    }
    Ok(found)
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

/// The lead times already handled (mailed or skipped) for one certificate.
async fn handled(db: &DatabaseConnection, held: Held) -> Result<Vec<u32>, DbErr> {
    Ok(reminders(db, held)
        .await?
        .into_keys()
        .filter_map(|lead| u32::try_from(lead).ok())
        .collect())
}

async fn reminders(db: &DatabaseConnection, held: Held) -> Result<HashMap<i32, bool>, DbErr> {
    Ok(match held {
        Held::Course(id) => reminder::Entity::find()
            .filter(reminder::Column::CompletionId.eq(id))
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.lead_days, r.mailed))
            .collect(),
        Held::Path(id) => path_reminder::Entity::find()
            .filter(path_reminder::Column::PathEnrolmentId.eq(id))
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.lead_days, r.mailed))
            .collect(),
    })
}

/// Inserts the reminder row unless another instance has; true when this call did.
async fn claim<C: sea_orm::ConnectionTrait>(
    conn: &C,
    held: Held,
    lead: u32,
    mailed: bool,
) -> Result<bool, DbErr> {
    let lead_days = i32::try_from(lead).unwrap_or(i32::MAX);
    let inserted = match held {
        Held::Course(id) => {
            reminder::Entity::insert(reminder::ActiveModel {
                completion_id: Set(id),
                lead_days: Set(lead_days),
                mailed: Set(mailed),
                created_at: Set(Utc::now()),
            })
            .on_conflict(
                OnConflict::columns([reminder::Column::CompletionId, reminder::Column::LeadDays])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(conn)
            .await?
        }
        Held::Path(id) => {
            path_reminder::Entity::insert(path_reminder::ActiveModel {
                path_enrolment_id: Set(id),
                lead_days: Set(lead_days),
                mailed: Set(mailed),
                created_at: Set(Utc::now()),
            })
            .on_conflict(
                OnConflict::columns([
                    path_reminder::Column::PathEnrolmentId,
                    path_reminder::Column::LeadDays,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(conn)
            .await?
        }
    };
    Ok(inserted == 1)
}

fn expiring_mail(links: &Links, to: &str, person: &account::Model, item: &Expiring) -> OutgoingMail {
    let until = crate::common::time::day(item.valid_until);
    let (renew, history) = (links.page(&item.renew_at), links.page("/historikk"));
    crate::accounts::mails::compose(
        links,
        to,
        person.chosen_language(),
        "certificate_expiring",
        &[
            ("name", &person.full_name),
            ("title", &item.title),
            ("until", &until),
            ("label", &item.label),
            ("renew", &renew),
            ("history", &history),
        ],
    )
}

/// Runs both at start and then every hour; `leads` from `KURSPORTAL_REMINDER_DAYS`.
pub async fn run(db: DatabaseConnection, mailer: Mailer, links: Links, leads: LeadTimes) {
    let mut interval = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        interval.tick().await;
        let today = crate::common::time::today();
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

/// Which lead times a completion has had, and whether each was mailed (for tests and support).
pub async fn reminders_of(db: &DatabaseConnection, completion_id: i64) -> Result<HashMap<i32, bool>, DbErr> {
    reminders(db, Held::Course(completion_id)).await
}

/// Which lead times a completed path (its follower row) has had.
pub async fn path_reminders_of(
    db: &DatabaseConnection,
    path_enrolment_id: i64,
) -> Result<HashMap<i32, bool>, DbErr> {
    reminders(db, Held::Path(path_enrolment_id)).await
}
