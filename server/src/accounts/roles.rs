//! Roles: who is an instructor, a course administrator, support or an administrator. An
//! administrator grants and revokes them in the browser («Brukere og roller», `/admin/brukere`)
//! or on the command line (`kursportal role grant|revoke`). Each change is audited with who and
//! why, takes effect at the person's next request (the caller is read afresh every request),
//! and is told to the person by mail. The last administrator cannot be removed.
//!
//! A course administrator can be limited to subject areas (`catalogue::scope`): set here, in the
//! same way (audited with a reason, mailed, effective at the next request); taking the role
//! away also takes the areas away.
use crate::{
    accounts::mails::{self, Links},
    accounts::service::{AccountRepo, role_of},
    audit,
    catalogue::scope,
    entity::{account, course_admin_area},
    mail::Mailer,
};
use app::{
    accounts::{
        service::Caller,
        types::{AreaChoice, PersonRole, Role},
    },
    error::AppError,
};
use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait, sea_query::Expr,
};
use std::collections::{BTreeSet, HashMap};

/// Why a role change was refused.
#[derive(Debug, thiserror::Error)]
pub enum RoleError {
    #[error("no such account")]
    NoSuchPerson,
    #[error("{0}")]
    Reason(&'static str),
    #[error("{LAST_ADMINISTRATOR}")]
    LastAdministrator,
    #[error("database: {0}")]
    Database(#[from] DbErr),
}

const LAST_ADMINISTRATOR: &str = "Det må være minst én administrator. Gi en annen administratorrollen først.";

impl From<RoleError> for AppError {
    fn from(error: RoleError) -> Self {
        match error {
            RoleError::NoSuchPerson => AppError::NotFound,
            RoleError::Reason(message) => AppError::invalid("reason", message),
            RoleError::LastAdministrator => AppError::conflict(LAST_ADMINISTRATOR),
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
    // Subject areas belong to the course administrator role: a new grant starts unlimited.
    course_admin_area::Entity::delete_many()
        .filter(course_admin_area::Column::AccountId.eq(person.id))
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
                mails::role_changed(
                    links,
                    email,
                    &person.full_name,
                    change.role,
                    person.chosen_language(),
                ),
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
    let course_admins: Vec<i64> = people
        .iter()
        .filter(|a| role_of(a) == Role::CourseAdmin)
        .map(|a| a.id)
        .collect();
    let (areas, chosen) = if course_admins.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        let chosen: Vec<(i64, i64)> = course_admin_area::Entity::find()
            .select_only()
            .column(course_admin_area::Column::AccountId)
            .column(course_admin_area::Column::CategoryId)
            .filter(course_admin_area::Column::AccountId.is_in(course_admins))
            .into_tuple()
            .all(&repo.db)
            .await?;
        (scope::paths(&scope::flat(&repo.db).await?), chosen)
    };
    Ok(people
        .into_iter()
        .map(|a| {
            let role = role_of(&a);
            let areas = if role == Role::CourseAdmin {
                areas
                    .iter()
                    .map(|area| AreaChoice {
                        slug: area.slug.clone(),
                        path: area.path.clone(),
                        chosen: chosen.contains(&(a.id, area.id)),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            PersonRole {
                id: a.id,
                role,
                full_name: a.full_name,
                email: a.email,
                staff_code: a.staff_code,
                activated: a.activated_at.is_some(),
                areas,
            }
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

/// An administrator limits a course administrator to subject areas `slugs` (none: all areas).
/// In one transaction, audited with the areas before and after and the reason; the person is
/// told by mail. Refused for anyone who is not a course administrator, and for an unknown area.
pub(super) async fn set_areas(
    repo: &AccountRepo,
    who: Caller,
    account_id: i64,
    slugs: &[String],
    reason: &str,
) -> Result<(), AppError> {
    let admin = repo.admin_actor(who)?;
    let reason = audit::reason(
        reason,
        1,
        "Skriv hvorfor fagområdene endres; det lagres i loggen.",
    )
    .map_err(|message| AppError::invalid("reason", message))?;
    let areas = scope::paths(&scope::flat(&repo.db).await?);
    let by_slug: HashMap<&str, i64> = areas.iter().map(|a| (a.slug.as_str(), a.id)).collect();
    let mut wanted = BTreeSet::new();
    for slug in slugs {
        let id = by_slug
            .get(slug.trim())
            .ok_or_else(|| AppError::invalid("areas", "Velg fagområdene fra listen."))?;
        wanted.insert(*id);
    }
    let txn = repo.db.begin().await?;
    crate::db::write_lock(&txn).await?;
    let person = account::Entity::find_by_id(account_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if role_of(&person) != Role::CourseAdmin {
        return Err(AppError::Conflict {
            message: "Bare en kursadministrator kan begrenses til fagområder. Gi rollen først.".into(),
        });
    }
    let before: BTreeSet<i64> = scope::chosen(&txn, person.id).await?.into_iter().collect();
    if before == wanted {
        return Ok(());
    }
    course_admin_area::Entity::delete_many()
        .filter(course_admin_area::Column::AccountId.eq(person.id))
        .exec(&txn)
        .await?;
    let now = Utc::now();
    if !wanted.is_empty() {
        course_admin_area::Entity::insert_many(wanted.iter().map(|id| course_admin_area::ActiveModel {
            account_id: Set(person.id),
            category_id: Set(*id),
            added_by: Set(Some(admin.account_id)),
            created_at: Set(now),
            ..Default::default()
        }))
        .exec(&txn)
        .await?;
    }
    let named = |ids: &BTreeSet<i64>| -> Vec<String> {
        areas
            .iter()
            .filter(|a| ids.contains(&a.id))
            .map(|a| a.path.clone())
            .collect()
    };
    let listed = |ids: &BTreeSet<i64>| match named(ids) {
        names if names.is_empty() => "alle fagområder".to_string(),
        names => names.join(", "),
    };
    audit::record(
        &txn,
        Some(admin.account_id),
        "account.areas_changed",
        Some(person.id),
        Some(format!("{} → {}: {reason}", listed(&before), listed(&wanted))),
    )
    .await?;
    if let Some(email) = &person.email {
        repo.settings
            .mailer
            .enqueue(
                &txn,
                mails::areas_changed(
                    &repo.settings.links,
                    email,
                    &person.full_name,
                    &named(&wanted),
                    person.chosen_language(),
                ),
            )
            .await?;
    }
    txn.commit().await?;
    tracing::info!(
        account_id = person.id,
        by = admin.account_id,
        areas = wanted.len(),
        "course administrator's areas changed"
    );
    Ok(())
}
