//! Mail that failed: messages that used up their attempts stay in the outbox «for a person to
//! look at». Support and administrators see them (recipient, subject, the last error, the
//! attempts) and send one again or discard it; each is audited. Discarded messages are kept
//! (their status says so) until the outbox is purged like sent ones.
use crate::{
    accounts::service::AccountRepo,
    audit,
    entity::company,
    mail::outbox::{self, Column, STATUS_DISCARDED, STATUS_FAILED, STATUS_PENDING},
};
use app::{
    accounts::{
        service::Caller,
        types::{AdminOverview, FailedMail, Role},
    },
    error::AppError,
};
use chrono::Utc;
use sea_orm::{
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
    sea_query::Expr,
};

/// The most failed messages one page lists (the oldest are shown first; each dealt with
/// makes room for the next).
const LISTED: u64 = 200;

pub(super) async fn failed_mail(repo: &AccountRepo, who: Caller) -> Result<Vec<FailedMail>, AppError> {
    repo.support_actor(who)?;
    let rows = outbox::Entity::find()
        .filter(Column::Status.eq(STATUS_FAILED))
        .order_by_asc(Column::CreatedAt)
        .order_by_asc(Column::Id)
        .limit(LISTED)
        .all(&repo.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|m| FailedMail {
            id: m.id,
            recipient: m.recipient,
            subject: m.subject,
            last_error: m.last_error.unwrap_or_default(),
            attempts: u32::try_from(m.attempts).unwrap_or(0),
            created_at: crate::common::time::moment(m.created_at),
        })
        .collect())
}

/// «Administrasjon»: what waits for the caller; learners have no such page.
pub(super) async fn overview(repo: &AccountRepo, who: Caller) -> Result<AdminOverview, AppError> {
    let role = who.role();
    if role == Role::Learner {
        return Err(AppError::Forbidden);
    }
    let pending_companies = if role == Role::Admin {
        company::Entity::find()
            .filter(company::Column::Status.eq(company::STATUS_PENDING))
            .count(&repo.db)
            .await?
    } else {
        0
    };
    let failed_mail = if role.can_support() {
        outbox::depth(&repo.db).await?.failed
    } else {
        0
    };
    Ok(AdminOverview {
        role,
        pending_companies,
        failed_mail,
    })
}

/// «Send på nytt» (`retry`) or «Forkast»: only a message that failed, once.
pub(super) async fn settle_failed_mail(
    repo: &AccountRepo,
    who: Caller,
    id: i64,
    retry: bool,
) -> Result<(), AppError> {
    let actor = repo.support_actor(who)?;
    let txn = repo.db.begin().await?;
    let mut update = outbox::Entity::update_many()
        .filter(Column::Id.eq(id))
        .filter(Column::Status.eq(STATUS_FAILED));
    update = if retry {
        update
            .col_expr(Column::Status, Expr::value(STATUS_PENDING))
            .col_expr(Column::Attempts, Expr::value(0))
            .col_expr(Column::NextAttemptAt, Expr::value(Utc::now()))
            .col_expr(
                Column::LockedUntil,
                Expr::value(Option::<chrono::DateTime<Utc>>::None),
            )
    } else {
        update.col_expr(Column::Status, Expr::value(STATUS_DISCARDED))
    };
    if update.exec(&txn).await?.rows_affected != 1 {
        return Err(match outbox::Entity::find_by_id(id).one(&txn).await? {
            None => AppError::NotFound,
            Some(_) => AppError::Conflict {
                message: "Meldingen er allerede sendt på nytt eller forkastet.".into(),
            },
        });
    }
    let action = if retry { "mail.retried" } else { "mail.discarded" };
    audit::record(
        &txn,
        Some(actor.account_id),
        action,
        None,
        Some(format!("outbox message {id}")),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
