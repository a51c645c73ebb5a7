//! Roles: who is an instructor, a course administrator, support or an administrator. An
//! administrator grants and revokes them in the browser («Brukere og roller», `/admin/brukere`)
//! or on the command line (`kursportal role grant|revoke`). Each change is audited with who and
//! why, takes effect at the person's next request (the caller is read afresh every request),
//! and is told to the person by mail. The last administrator cannot be removed.
use crate::{
    accounts::mails::{self, Links},
    accounts::service::{AccountRepo, role_of},
    audit,
    entity::account,
    mail::Mailer,
};
use app::{
    accounts::{
        service::Caller,
        types::{PersonRole, Role},
    },
    error::AppError,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait, sea_query::Expr,
};

/// Why a role change was refused.
#[derive(Debug, thiserror::Error)]
pub enum RoleError {
    #[error("no such account")]
    NoSuchPerson,
    #[error("{0}")]
    Reason(&'static str),
    #[error("Det må være minst én administrator. Gi en annen administratorrollen først.")]
    LastAdministrator,
    #[error("database: {0}")]
    Database(#[from] DbErr),
}

impl From<RoleError> for AppError {
    fn from(error: RoleError) -> Self {
        match error {
            RoleError::NoSuchPerson => AppError::NotFound,
            RoleError::Reason(message) => AppError::invalid("reason", message),
            RoleError::LastAdministrator => AppError::Conflict {
                message: error.to_string(),
            },
            RoleError::Database(error) => AppError::fault(error),
        }
    }
}

/// One change of a person's role.
pub struct RoleChange<'a> {
    pub account_id: i64,
    pub role: Role,
    pub reason: &'a str,
    /// The administrator who made it; none from the command line.
    pub by: Option<i64>,
}

/// What a change did: the role before, and whether anything changed.
#[derive(Debug, PartialEq, Eq)]
pub struct Changed {
    pub before: Role,
    pub after: Role,
}

/// Sets a person's role. In one transaction: the administrators' rows are locked first (so two
/// administrators demoting each other at once cannot leave none), the change is refused if it
/// would remove the last administrator, then written, audited and the person's mail queued.
pub async fn change(
    db: &DatabaseConnection,
    mailer: &Mailer,
    links: &Links,
    change: RoleChange<'_>,
) -> Result<Changed, RoleError> {
    let reason = audit::reason(
        change.reason,
        1,
        "Skriv hvorfor rollen endres; det lagres i loggen.",
    )
    .map_err(RoleError::Reason)?;
    let txn = db.begin().await?;
    lock_administrators(&txn).await?;
    let person = account::Entity::find_by_id(change.account_id)
        .one(&txn)
        .await?
        .ok_or(RoleError::NoSuchPerson)?;
    let before = role_of(&person);
    if before == change.role {
        return Ok(Changed {
            before,
            after: before,
        });
    }
    if before == Role::Admin && person.activated_at.is_some() && administrators(&txn).await? <= 1 {
        return Err(RoleError::LastAdministrator);
    }
    account::Entity::update_many()
        .col_expr(account::Column::Role, Expr::value(change.role.as_str()))
        .filter(account::Column::Id.eq(person.id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        change.by,
        "account.role_changed",
        Some(person.id),
        Some(format!("{before} → {}: {reason}", change.role)),
    )
    .await?;
    if let Some(email) = &person.email {
        mailer
            .enqueue(
                &txn,
                mails::role_changed(links, email, &person.full_name, change.role),
            )
            .await?;
    }
    txn.commit().await?;
    tracing::info!(account_id = person.id, by = ?change.by, role = %change.role, "role changed");
    Ok(Changed {
        before,
        after: change.role,
    })
}

/// The first statement of the transaction, a write to every administrator's row: PostgreSQL
/// holds those rows until commit, SQLite takes its write lock.
async fn lock_administrators<C: ConnectionTrait>(conn: &C) -> Result<(), DbErr> {
    account::Entity::update_many()
        .col_expr(account::Column::Role, Expr::col(account::Column::Role).into())
        .filter(account::Column::Role.eq(Role::Admin.as_str()))
        .exec(conn)
        .await?;
    Ok(())
}

async fn administrators<C: ConnectionTrait>(conn: &C) -> Result<u64, DbErr> {
    account::Entity::find()
        .filter(account::Column::Role.eq(Role::Admin.as_str()))
        .filter(account::Column::ActivatedAt.is_not_null())
        .count(conn)
        .await
}

/// «Brukere og roller»: everyone with a role other than learner, or, with a query, the people
/// whose name, e-mail address or staff code matches it.
pub(super) async fn people(
    repo: &AccountRepo,
    who: Caller,
    query: &str,
) -> Result<Vec<PersonRole>, AppError> {
    repo.admin_actor(who)?;
    let query = query.trim();
    let condition = if query.is_empty() {
        Condition::all().add(account::Column::Role.ne(Role::Learner.as_str()))
    } else {
        account::matching(query)
    };
    let people = account::Entity::find()
        .filter(condition)
        .order_by_asc(account::Column::FullName)
        .limit(100)
        .all(&repo.db)
        .await?;
    Ok(people
        .into_iter()
        .map(|a| PersonRole {
            id: a.id,
            role: role_of(&a),
            full_name: a.full_name,
            email: a.email,
            staff_code: a.staff_code,
            activated: a.activated_at.is_some(),
        })
        .collect())
}

/// An administrator's change in the browser.
pub(super) async fn set_role(
    repo: &AccountRepo,
    who: Caller,
    account_id: i64,
    role: &str,
    reason: &str,
) -> Result<(), AppError> {
    let admin = repo.admin_actor(who)?;
    let role = Role::parse(role).ok_or_else(|| AppError::invalid("role", "Velg en av rollene i listen."))?;
    change(
        &repo.db,
        &repo.settings.mailer,
        &repo.settings.links,
        RoleChange {
            account_id,
            role,
            reason,
            by: Some(admin.account_id),
        },
    )
    .await?;
    Ok(())
}
