//! The weekly digest: each leader and company contact who chose it gets one mail a week listing
//! the people they see whose requirements are not held (missing, overdue, expired) or expire
//! within 60 days. Each week's mail is claimed by inserting its `digest_sends` row as the first
//! statement of the transaction that queues it, so several instances on one database send it
//! once; a week with nothing to report is claimed without a mail.
use super::{
    overview::{Question, Sight, Walker},
    requirements::Rulebook,
};
use crate::{
    accounts::mails::Links,
    common::time::day,
    entity::{account, digest_send, digest_subscription},
    mail::{Mailer, OutgoingMail, texts},
};
use app::{competence::types::RequirementStatus, error::AppError};
use chrono::{Datelike, NaiveDate, Utc};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, EntityTrait, Set, TransactionTrait, sea_query::OnConflict,
};

/// How far ahead the digest looks for what expires.
pub const HORIZON_DAYS: i64 = 60;
/// Most people listed in one mail; the rest are counted and on the overview.
const LISTED: usize = 200;

/// The ISO week of `today`, as the claim's key: `2026-W49`.
pub fn week_of(today: NaiveDate) -> String {
    let week = today.iso_week();
    format!("{}-W{:02}", week.year(), week.week())
}

/// What the digest reports of a cell: not held, or held and expiring within the horizon.
fn reported(status: RequirementStatus, valid_until: Option<NaiveDate>, today: NaiveDate) -> bool {
    match status {
        RequirementStatus::Missing | RequirementStatus::Overdue | RequirementStatus::Expired => true,
        RequirementStatus::Valid | RequirementStatus::Expiring => {
            valid_until.is_some_and(|until| (until - today).num_days() <= HORIZON_DAYS)
        }
        RequirementStatus::InProgress => false,
    }
}

/// A recipient of this week's digest not yet sent, with what they see and what is reported.
struct Recipient {
    person: account::Model,
    sight: Option<Sight>,
    lines: Vec<String>,
    total: usize,
}

/// Everyone the recipients see, walked once: each reported cell goes to each recipient who
/// sees the person, as «Name: Course – status (last valid day)».
async fn collect<C: ConnectionTrait>(
    conn: &C,
    book: &Rulebook,
    recipients: &mut [Recipient],
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut union: Option<Sight> = None;
    for sight in recipients.iter().filter_map(|r| r.sight.as_ref()) {
        union = Some(match (union, sight) {
            (Some(Sight::All), _) | (_, Sight::All) => Sight::All,
            (None, some) => some.clone(),
            (
                Some(Sight::Some {
                    mut units,
                    mut employers,
                }),
                Sight::Some {
                    units: u,
                    employers: e,
                },
            ) => {
                units.extend(u);
                employers.extend(e);
                Sight::Some { units, employers }
            }
        });
    }
    let Some(union) = union else {
        return Ok(());
    };
    let question = Question::everything();
    let mut walker = Walker::new(conn, book, &union, &question, None, today).await?;
    let titles: std::collections::HashMap<_, _> = book.things().into_iter().collect();
    while let Some(batch) = walker.next_batch().await? {
        for line in batch {
            let cells: Vec<_> = line
                .cells
                .iter()
                .filter(|(_, s)| reported(s.status, s.valid_until, today))
                .collect();
            if cells.is_empty() {
                continue;
            }
            for recipient in recipients
                .iter_mut()
                .filter(|r| r.sight.as_ref().is_some_and(|s| s.sees(&line.account)))
            {
                recipient.total += cells.len();
                let language = recipient.person.chosen_language();
                for (thing, standing) in cells.iter().take(LISTED.saturating_sub(recipient.lines.len())) {
                    let status = texts::text("requirement_status", standing.status.as_str(), language, &[]);
                    let until = standing
                        .valid_until
                        .map(|d| format!(" ({})", day(d)))
                        .unwrap_or_default();
                    let title = titles.get(thing).map(|t| t.title.as_str()).unwrap_or_default();
                    recipient
                        .lines
                        .push(format!("- {}: {title} – {status}{until}", line.account.full_name));
                }
            }
        }
    }
    Ok(())
}

fn digest_mail(
    links: &Links,
    to: &str,
    person: &account::Model,
    lines: &[String],
    total: usize,
) -> OutgoingMail {
    let more = total.saturating_sub(lines.len());
    let overview = links.page("/kompetanse");
    crate::accounts::mails::compose(
        links,
        to,
        person.chosen_language(),
        "competence_digest",
        &[
            ("name", &person.full_name),
            ("count", &total.to_string()),
            ("list", &lines.join("\n")),
            (
                "more",
                &if more > 0 {
                    format!("(+{more})")
                } else {
                    String::new()
                },
            ),
            ("overview", &overview),
        ],
    )
}

/// Sends this week's digest to each recipient who has not had it; returns how many mails were
/// queued.
pub async fn send_due(
    db: &DatabaseConnection,
    mailer: &Mailer,
    links: &Links,
    today: NaiveDate,
) -> Result<usize, AppError> {
    let week = week_of(today);
    let book = Rulebook::load(db).await?;
    let mut recipients = Vec::new();
    for subscription in digest_subscription::Entity::find().all(db).await? {
        let id = subscription.account_id;
        if digest_send::Entity::find_by_id((id, week.clone()))
            .one(db)
            .await?
            .is_some()
        {
            continue;
        }
        let Some(person) = account::Entity::find_by_id(id)
            .one(db)
            .await?
            .filter(|p| p.deactivated_at.is_none() && p.anonymised_at.is_none() && p.merged_into.is_none())
        else {
            continue;
        };
        let sight = match Sight::of_account(db, &book, &person).await {
            Ok(sight) => Some(sight),
            Err(AppError::Forbidden) => None,
            Err(other) => return Err(other),
        };
        recipients.push(Recipient {
            person,
            sight,
            lines: Vec::new(),
            total: 0,
        });
    }
    collect(db, &book, &mut recipients, today).await?;
    let mut sent = 0;
    for recipient in &recipients {
        let person = &recipient.person;
        let txn = db.begin().await?;
        let claimed = digest_send::Entity::insert(digest_send::ActiveModel {
            account_id: Set(person.id),
            week: Set(week.clone()),
            sent_at: Set(Utc::now()),
        })
        .on_conflict(
            OnConflict::columns([digest_send::Column::AccountId, digest_send::Column::Week])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?
            == 1;
        if claimed
            && let Some(email) = person.email.as_deref()
            && recipient.total > 0
        {
            mailer
                .enqueue(
                    &txn,
                    digest_mail(links, email, person, &recipient.lines, recipient.total),
                )
                .await?;
            sent += 1;
        }
        txn.commit().await?;
    }
    Ok(sent)
}

/// Chooses or stops the weekly digest for the caller, who must see someone.
pub async fn choose<C: ConnectionTrait>(
    conn: &C,
    account_id: i64,
    weekly: bool,
) -> Result<(), sea_orm::DbErr> {
    if weekly {
        digest_subscription::Entity::insert(digest_subscription::ActiveModel {
            account_id: Set(account_id),
            created_at: Set(Utc::now()),
        })
        .on_conflict(
            OnConflict::column(digest_subscription::Column::AccountId)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    } else {
        digest_subscription::Entity::delete_by_id(account_id)
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// Whether the person chose the digest.
pub async fn chosen<C: ConnectionTrait>(conn: &C, account_id: i64) -> Result<bool, sea_orm::DbErr> {
    Ok(digest_subscription::Entity::find_by_id(account_id)
        .one(conn)
        .await?
        .is_some())
}

/// Runs at start and then every hour: the first run of each ISO week sends that week's digest.
pub async fn run(db: DatabaseConnection, mailer: Mailer, links: Links) {
    let mut interval = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        interval.tick().await;
        match send_due(&db, &mailer, &links, crate::common::time::today()).await {
            Ok(0) => {}
            Ok(sent) => tracing::info!(sent, "weekly competence digests queued"),
            Err(error) => tracing::warn!(%error, "the weekly competence digest failed; retrying in an hour"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_are_iso_weeks() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(week_of(day(2026, 12, 6)), "2026-W49");
        assert_eq!(week_of(day(2026, 12, 7)), "2026-W50");
        // 1 January 2027 is a Friday: still the last week of 2026.
        assert_eq!(week_of(day(2027, 1, 1)), "2026-W53");
    }

    #[test]
    fn the_digest_reports_what_is_not_held_or_expires_within_60_days() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let in_days = |n| Some(today + chrono::Duration::days(n));
        assert!(reported(RequirementStatus::Missing, None, today));
        assert!(reported(RequirementStatus::Overdue, None, today));
        assert!(reported(RequirementStatus::Expired, in_days(-1), today));
        assert!(reported(RequirementStatus::Expiring, in_days(60), today));
        assert!(!reported(RequirementStatus::Expiring, in_days(61), today));
        assert!(!reported(RequirementStatus::Valid, None, today));
        assert!(!reported(RequirementStatus::InProgress, None, today));
    }
}
