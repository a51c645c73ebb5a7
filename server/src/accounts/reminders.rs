//! «HMS-kortet ditt utløper snart»: one reminder per registered card, a month before it
//! expires, sent by a background job that is safe with several instances.
use crate::mail::Mailer;
use crate::{
    accounts::mails::{self, Links},
    entity::account,
};
use chrono::{Duration, NaiveDate};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QuerySelect,
    TransactionTrait, sea_query::Expr,
};

/// How long before the expiry date the reminder goes out.
pub const LEAD_TIME: Duration = Duration::days(30);

/// Sends the reminders due on `today`; returns how many were sent. Each is claimed with a
/// conditional update in the same transaction as its mail, so it goes out exactly once.
pub async fn send_due(
    db: &DatabaseConnection,
    mailer: &Mailer,
    links: &Links,
    today: NaiveDate,
) -> Result<usize, DbErr> {
    let due = account::Entity::find()
        .filter(account::Column::HmsCardExpiresOn.lte(today + LEAD_TIME))
        .filter(account::Column::HmsCardExpiresOn.gte(today))
        .filter(account::Column::Email.is_not_null())
        .filter(account::Column::ActivatedAt.is_not_null())
        .filter(
            Condition::any()
                .add(account::Column::HmsReminderSentFor.is_null())
                .add(
                    Expr::col(account::Column::HmsReminderSentFor)
                        .ne(Expr::col(account::Column::HmsCardExpiresOn)),
                ),
        )
        .limit(500)
        .all(db)
        .await?;
    let mut sent = 0;
    for account in due {
        let (Some(expires_on), Some(email)) = (account.hms_card_expires_on, account.email.clone()) else {
            continue;
        };
        let txn = db.begin().await?;
        let claimed = account::Entity::update_many()
            .col_expr(account::Column::HmsReminderSentFor, Expr::value(expires_on))
            .filter(account::Column::Id.eq(account.id))
            .filter(account::Column::HmsCardExpiresOn.eq(expires_on))
            .filter(
                Condition::any()
                    .add(account::Column::HmsReminderSentFor.is_null())
                    .add(account::Column::HmsReminderSentFor.ne(expires_on)),
            )
            .exec(&txn)
            .await?;
        if claimed.rows_affected == 1 {
            let date = expires_on.format("%d.%m.%Y").to_string();
            mailer
                .enqueue(
                    &txn,
                    mails::hms_card_expiring(
                        links,
                        &email,
                        &account.full_name,
                        &date,
                        account.chosen_language(),
                    ),
                )
                .await?;
            sent += 1;
        }
        txn.commit().await?;
    }
    Ok(sent)
}

/// Runs [`send_due`] at start and then every hour.
pub async fn run(db: DatabaseConnection, mailer: Mailer, links: Links) {
    let mut interval = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        interval.tick().await;
        match send_due(&db, &mailer, &links, chrono::Utc::now().date_naive()).await {
            Ok(0) => {}
            Ok(sent) => tracing::info!(sent, "HMS card reminders sent"),
            Err(error) => tracing::warn!(%error, "HMS card reminders failed; retrying in an hour"),
        }
    }
}
