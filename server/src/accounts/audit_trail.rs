//! The audit trail in the browser («Logg», administrators): who did what to whom and when,
//! filtered by actor, subject person, action and period, newest first, paged by keyset (the
//! next page starts below the last id shown, so new entries never shift a page), and as a CSV
//! file. Nothing here changes or deletes an entry: the application has no way to.
use crate::{
    accounts::service::{AccountRepo, to_naive},
    audit,
    common::time::moment,
    entity::account,
};
use app::{
    accounts::{
        identity::CalendarDate,
        service::Caller,
        types::{AuditEntry, AuditPage, AuditQuery},
    },
    error::AppError,
};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Oslo;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{BTreeSet, HashMap};

/// The most entries one CSV file holds.
pub const FILE: u64 = 100_000;
/// The most people one name or address stands for in a filter.
const PEOPLE: u64 = 500;

/// One page of the trail (`limit` entries at most), for administrators.
pub(super) async fn audit_trail(
    repo: &AccountRepo,
    who: Caller,
    query: AuditQuery,
    limit: u64,
) -> Result<AuditPage, AppError> {
    repo.admin_actor(who)?;
    let limit = limit.clamp(1, FILE);
    let condition = condition(repo, &query).await?;
    let mut rows = match condition {
        Some(condition) => {
            audit::Entity::find()
                .filter(condition)
                .order_by_desc(audit::Column::Id)
                .limit(limit + 1)
                .all(&repo.db)
                .await?
        }
        None => Vec::new(),
    };
    let next = (rows.len() as u64 > limit).then(|| rows[limit as usize - 1].id);
    rows.truncate(limit as usize);
    let names = names(repo, &rows).await?;
    let name = |id: Option<i64>| id.map(|id| names.get(&id).cloned().unwrap_or_else(|| format!("#{id}")));
    let entries = rows
        .into_iter()
        .map(|row| AuditEntry {
            id: row.id,
            at: moment(row.at),
            actor: name(row.actor_id),
            action: row.action,
            subject: name(row.subject_id),
            detail: row.detail.unwrap_or_default(),
        })
        .collect();
    let actions = audit::Entity::find()
        .select_only()
        .column(audit::Column::Action)
        .distinct()
        .order_by_asc(audit::Column::Action)
        .into_tuple::<String>()
        .all(&repo.db)
        .await?;
    Ok(AuditPage {
        entries,
        next,
        actions,
    })
}

/// The filter as a condition; `None` when a person named in it matches nobody (no entries).
async fn condition(repo: &AccountRepo, query: &AuditQuery) -> Result<Option<Condition>, AppError> {
    let from = day(&query.from, "from")?;
    let to = day(&query.to, "to")?;
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        return Err(AppError::invalid(
            "to",
            "Til-datoen kan ikke være før fra-datoen.",
        ));
    }
    let mut condition = Condition::all();
    if let Some(before) = query.before {
        condition = condition.add(audit::Column::Id.lt(before));
    }
    let action = query.action.trim();
    if !action.is_empty() {
        condition = condition.add(audit::Column::Action.eq(action));
    }
    if let Some(from) = from {
        condition = condition.add(audit::Column::At.gte(start_of(from)));
    }
    if let Some(to) = to {
        condition = condition.add(audit::Column::At.lt(start_of(to + chrono::Duration::days(1))));
    }
    for (text, column) in [
        (&query.actor, audit::Column::ActorId),
        (&query.subject, audit::Column::SubjectId),
    ] {
        if text.trim().is_empty() {
            continue;
        }
        let ids = people(repo, text).await?;
        if ids.is_empty() {
            return Ok(None);
        }
        condition = condition.add(column.is_in(ids));
    }
    Ok(Some(condition))
}

/// A day typed as dd.mm.åååå, or none when left empty.
fn day(text: &str, field: &str) -> Result<Option<NaiveDate>, AppError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    CalendarDate::parse(text)
        .and_then(to_naive)
        .map(Some)
        .ok_or_else(|| AppError::invalid(field, "Skriv datoen som dd.mm.åååå."))
}

/// Midnight in Norway at the start of `day`.
fn start_of(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    Oslo.from_local_datetime(&midnight)
        .earliest()
        .map_or_else(|| Utc.from_utc_datetime(&midnight), |t| t.with_timezone(&Utc))
}

/// The accounts a name, e-mail address or staff code in a filter stands for.
async fn people(repo: &AccountRepo, text: &str) -> Result<Vec<i64>, AppError> {
    Ok(account::Entity::find()
        .select_only()
        .column(account::Column::Id)
        .filter(account::matching(text))
        .limit(PEOPLE)
        .into_tuple()
        .all(&repo.db)
        .await?)
}

/// The names of the actors and subjects of `rows` (the two columns point at the same table,
/// so one query answers both), asked for a thousand at a time: a CSV file's many people stay
/// under SQLite's and PostgreSQL's limits on bound values.
async fn names(repo: &AccountRepo, rows: &[audit::Model]) -> Result<HashMap<i64, String>, AppError> {
    let ids: BTreeSet<i64> = rows
        .iter()
        .flat_map(|r| [r.actor_id, r.subject_id])
        .flatten()
        .collect();
    let ids: Vec<i64> = ids.into_iter().collect();
    let mut names = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(1000) {
        let people = account::Entity::find()
            .filter(account::Column::Id.is_in(chunk.iter().copied()))
            .all(&repo.db)
            .await?;
        names.extend(people.into_iter().map(|a| (a.id, a.full_name)));
    }
    Ok(names)
}
