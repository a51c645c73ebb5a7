//! Finds the changes that have no event yet and writes their events. Each kind of change is a
//! query the database answers by itself (`NOT EXISTS` an event of that kind for that row), 500
//! rows at a time; what one pass finds is written in the order it happened, in one transaction.
//!
//! A change's event is only written once the event it refers to exists (a revocation after the
//! completion, a correction after it), so a person's events are always in the order of what
//! happened to them. On PostgreSQL the transaction first locks the table against other
//! writers: ids are taken in commit order, so a reader at a cursor never skips an event a
//! slower transaction writes below it. (SQLite has one writer at a time anyway.)
use super::{Body, Kind};
use crate::entity::{account, company, completion, course, event, follower, path, transfer};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, LoaderTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, Statement, TransactionTrait,
    sea_query::{Expr, OnConflict, SimpleExpr},
};
use std::collections::HashMap;

/// How many rows of one kind a pass reads.
const BATCH: u64 = 500;

/// A change without its event.
#[derive(Debug)]
struct Found {
    kind: Kind,
    account_id: i64,
    completion_id: Option<i64>,
    follower_id: Option<i64>,
    revision: i32,
    occurred_at: DateTime<Utc>,
    body: Body,
}

impl Found {
    fn key(&self) -> String {
        match (self.completion_id, self.follower_id) {
            (Some(id), _) if matches!(self.kind, Kind::Completed | Kind::Revoked) => {
                format!("{}:{id}", self.kind.as_str())
            }
            (Some(id), _) => format!("{}:{id}:{}", self.kind.as_str(), self.revision),
            (None, Some(id)) => format!("path_{}:{id}", self.kind.as_str().trim_start_matches("path_")),
            (None, None) => unreachable!("an event is about a completion or a path"),
        }
    }
}

/// Writes the events of every change that has none; returns how many were written. Safe to
/// run from several instances at once: an event's key is unique, a second writer adds nothing.
pub async fn record(db: &DatabaseConnection) -> Result<usize, DbErr> {
    // The old feed's records first, so a completion's event carries its record's statement id.
    super::super::transfers::sweep(db).await?;
    let mut written = 0;
    // A pass writes what the next may refer to (a completion, then its expiry), so passes go on
    // until one finds nothing.
    loop {
        let found = find(db).await?;
        if found.is_empty() {
            return Ok(written);
        }
        written += write(db, found).await?;
    }
}

/// `EXISTS` an event of `kind` for the row of `table` (`completion_id` or `follower_id`).
fn has(kind: Kind, column: &str, table: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM competence_events e WHERE e.{column} = {table}.id AND e.kind = '{}')",
        kind.as_str()
    )
}

/// The event of the completion's current revision (its completion or its last correction).
const SAME_REVISION: &str = "EXISTS (SELECT 1 FROM competence_events e WHERE e.completion_id = completions.id \
     AND e.kind IN ('completed', 'corrected') AND e.revision = completions.revision)";
const EXPIRED_THIS_REVISION: &str = "EXISTS (SELECT 1 FROM competence_events e WHERE e.completion_id = completions.id \
     AND e.kind = 'expired' AND e.revision = completions.revision)";

fn employee(table: &str) -> SimpleExpr {
    Expr::cust(format!(
        "{table}.account_id IN (SELECT id FROM accounts WHERE staff_code IS NOT NULL AND merged_into IS NULL)"
    ))
}

fn not(sql: impl Into<String>) -> SimpleExpr {
    Expr::cust(format!("NOT {}", sql.into()))
}

/// The completions whose `kind` of event is missing.
fn completions_missing(kind: Kind) -> sea_orm::Select<completion::Entity> {
    use completion::Column;
    let table = "completions";
    let completed = has(Kind::Completed, "completion_id", table);
    let query = completion::Entity::find();
    let query = match kind {
        Kind::Completed => query
            .filter(Column::ToRegister.eq(true))
            .filter(employee(table))
            .filter(not(completed)),
        Kind::Corrected => query
            .filter(Column::Revision.gt(0))
            .filter(Expr::cust(completed))
            .filter(not(SAME_REVISION)),
        Kind::Revoked => query
            .filter(Column::RevokedAt.is_not_null())
            .filter(Expr::cust(completed))
            .filter(not(has(Kind::Revoked, "completion_id", table))),
        Kind::Expired => query
            .filter(Column::ExpiredAt.is_not_null())
            .filter(Column::RevokedAt.is_null())
            .filter(Expr::cust(completed))
            .filter(not(EXPIRED_THIS_REVISION)),
        Kind::PathCompleted => unreachable!("a path's event"),
    };
    query.order_by_asc(Column::Id).limit(BATCH)
}

/// The completed paths whose `kind` of event is missing.
fn paths_missing(kind: Kind) -> sea_orm::Select<follower::Entity> {
    use follower::Column;
    let table = "path_enrolments";
    let completed = has(Kind::PathCompleted, "follower_id", table);
    let query = follower::Entity::find();
    let query = match kind {
        Kind::PathCompleted => query
            .filter(Column::CompletedAt.is_not_null())
            .filter(Column::CertificateCode.is_not_null())
            .filter(employee(table))
            .filter(not(completed)),
        Kind::Revoked => query
            .filter(Column::RevokedAt.is_not_null())
            .filter(Expr::cust(completed))
            .filter(not(has(Kind::Revoked, "follower_id", table))),
        Kind::Expired => query
            .filter(Column::ExpiredAt.is_not_null())
            .filter(Column::RevokedAt.is_null())
            .filter(Expr::cust(completed))
            .filter(not(has(Kind::Expired, "follower_id", table))),
        Kind::Completed | Kind::Corrected => unreachable!("a course's event"),
    };
    query.order_by_asc(Column::Id).limit(BATCH)
}

/// One pass: every kind's missing events (500 of each at most), in the order they happened.
async fn find(db: &DatabaseConnection) -> Result<Vec<Found>, DbErr> {
    let mut found = Vec::new();
    for kind in [Kind::Completed, Kind::Corrected, Kind::Revoked, Kind::Expired] {
        let rows = completions_missing(kind).all(db).await?;
        found.extend(of_completions(db, kind, rows).await?);
    }
    for kind in [Kind::PathCompleted, Kind::Revoked, Kind::Expired] {
        let rows = paths_missing(kind).all(db).await?;
        found.extend(of_paths(db, kind, rows).await?);
    }
    found.sort_by_key(|f| (f.occurred_at, rank(f.kind), f.completion_id, f.follower_id));
    Ok(found)
}

/// Within the same instant, what came first.
fn rank(kind: Kind) -> u8 {
    match kind {
        Kind::Completed | Kind::PathCompleted => 0,
        Kind::Corrected => 1,
        Kind::Expired => 2,
        Kind::Revoked => 3,
    }
}

/// The people of `ids` as the register knows them: the account and the employer's number.
async fn people(
    db: &DatabaseConnection,
    ids: impl Iterator<Item = i64>,
) -> Result<HashMap<i64, (account::Model, Option<String>)>, DbErr> {
    let mut ids: Vec<i64> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    let accounts = account::Entity::find()
        .filter(account::Column::Id.is_in(ids))
        .all(db)
        .await?;
    let employers = accounts.load_one(company::Entity, db).await?;
    Ok(accounts
        .into_iter()
        .zip(employers)
        .map(|(person, employer)| (person.id, (person, employer.map(|e| e.org_number))))
        .collect())
}

async fn of_completions(
    db: &DatabaseConnection,
    kind: Kind,
    rows: Vec<completion::Model>,
) -> Result<Vec<Found>, DbErr> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let courses = rows.load_one(course::Entity, db).await?;
    let persons = people(db, rows.iter().map(|row| row.account_id)).await?;
    Ok(rows
        .into_iter()
        .zip(courses)
        .filter_map(|(row, course)| {
            let (person, employer) = persons.get(&row.account_id)?;
            let course = course?;
            let occurred_at = match kind {
                Kind::Completed | Kind::PathCompleted => row.created_at,
                Kind::Corrected => row.corrected_at.unwrap_or(row.created_at),
                Kind::Revoked => row.revoked_at?,
                Kind::Expired => row.expired_at?,
            };
            Some(Found {
                kind,
                account_id: row.account_id,
                completion_id: Some(row.id),
                follower_id: None,
                revision: row.revision,
                occurred_at,
                body: Body {
                    staff_code: person.staff_code.clone().unwrap_or_default(),
                    name: person.full_name.clone(),
                    employer_org_number: employer.clone(),
                    subject: "course".into(),
                    code: course.code,
                    title: course.title,
                    completed_on: row.completed_on,
                    result: row.result,
                    score: row.score,
                    source: row.source,
                    imported_from: row.imported_from,
                    valid_until: row.valid_until,
                    certificate_code: row.certificate_code,
                    reason: row.revoked_reason.filter(|_| kind == Kind::Revoked),
                },
            })
        })
        .collect())
}

async fn of_paths(
    db: &DatabaseConnection,
    kind: Kind,
    rows: Vec<follower::Model>,
) -> Result<Vec<Found>, DbErr> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let paths = rows.load_one(path::Entity, db).await?;
    let persons = people(db, rows.iter().map(|row| row.account_id)).await?;
    Ok(rows
        .into_iter()
        .zip(paths)
        .filter_map(|(row, path)| {
            let (person, employer) = persons.get(&row.account_id)?;
            let path = path?;
            let completed_at = row.completed_at?;
            let occurred_at = match kind {
                Kind::Revoked => row.revoked_at?,
                Kind::Expired => row.expired_at?,
                _ => completed_at,
            };
            Some(Found {
                kind,
                account_id: row.account_id,
                completion_id: None,
                follower_id: Some(row.id),
                revision: 0,
                occurred_at,
                body: Body {
                    staff_code: person.staff_code.clone().unwrap_or_default(),
                    name: person.full_name.clone(),
                    employer_org_number: employer.clone(),
                    subject: "path".into(),
                    code: path.code,
                    title: path.title,
                    completed_on: completed_at.with_timezone(&chrono_tz::Europe::Oslo).date_naive(),
                    result: "Fullført".into(),
                    score: None,
                    source: "path".into(),
                    imported_from: None,
                    valid_until: row.valid_until,
                    certificate_code: row.certificate_code.unwrap_or_default(),
                    reason: row.revoked_reason.filter(|_| kind == Kind::Revoked),
                },
            })
        })
        .collect())
}

/// The records of `competence_transfers` of these completions: (record id, pushed at).
async fn records<C: ConnectionTrait>(
    conn: &C,
    completions: Vec<i64>,
) -> Result<HashMap<i64, (i64, Option<DateTime<Utc>>)>, DbErr> {
    if completions.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(transfer::Entity::find()
        .filter(transfer::Column::CompletionId.is_in(completions))
        .all(conn)
        .await?
        .into_iter()
        .map(|record| (record.completion_id, (record.id, record.pushed_at)))
        .collect())
}

/// The last event of a completion (`true`) or a path.
async fn latest<C: ConnectionTrait>(conn: &C, (course, id): (bool, i64)) -> Result<Option<i64>, DbErr> {
    let column = if course {
        event::Column::CompletionId
    } else {
        event::Column::FollowerId
    };
    Ok(event::Entity::find()
        .select_only()
        .column_as(event::Column::Id.max(), "last")
        .filter(column.eq(id))
        .into_tuple::<Option<i64>>()
        .one(conn)
        .await?
        .flatten())
}

/// Writes one pass's events in one transaction; returns how many were new.
async fn write(db: &DatabaseConnection, found: Vec<Found>) -> Result<usize, DbErr> {
    let txn = db.begin().await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute(Statement::from_string(
            DbBackend::Postgres,
            "LOCK TABLE competence_events IN SHARE ROW EXCLUSIVE MODE",
        ))
        .await?;
    }
    let completed: Vec<i64> = found
        .iter()
        .filter(|f| f.kind == Kind::Completed)
        .filter_map(|f| f.completion_id)
        .collect();
    let legacy = records(&txn, completed).await?;
    // The last event of each completion or path, as this pass writes them.
    let mut last: HashMap<(bool, i64), i64> = HashMap::new();
    let now = Utc::now();
    let mut written = 0;
    for f in found {
        let subject = match (f.completion_id, f.follower_id) {
            (Some(id), _) => (true, id),
            (None, Some(id)) => (false, id),
            (None, None) => continue,
        };
        let refers_to = match f.kind {
            Kind::Completed | Kind::PathCompleted => None,
            _ => match last.get(&subject) {
                Some(id) => Some(*id),
                None => latest(&txn, subject).await?,
            },
        };
        let (transfer_id, pushed_at) = match f.kind {
            Kind::Completed => legacy
                .get(&subject.1)
                .map_or((None, None), |(record, pushed)| (Some(*record), *pushed)),
            _ => (None, None),
        };
        let inserted = event::Entity::insert(event::ActiveModel {
            key: Set(f.key()),
            kind: Set(f.kind.as_str().to_string()),
            account_id: Set(f.account_id),
            completion_id: Set(f.completion_id),
            follower_id: Set(f.follower_id),
            revision: Set(f.revision),
            refers_to: Set(refers_to),
            transfer_id: Set(transfer_id),
            body: Set(serde_json::to_string(&f.body).unwrap_or_default()),
            occurred_at: Set(f.occurred_at),
            created_at: Set(now),
            pushed_at: Set(pushed_at),
            push_attempts: Set(0),
            next_push_at: Set(None),
            ..Default::default()
        })
        .on_conflict(OnConflict::column(event::Column::Key).do_nothing().to_owned())
        .exec(&txn)
        .await;
        match inserted {
            Ok(done) => {
                last.insert(subject, done.last_insert_id);
                written += 1;
            }
            // Another instance wrote it first.
            Err(DbErr::RecordNotInserted) => {}
            Err(error) => return Err(error),
        }
    }
    txn.commit().await?;
    Ok(written)
}
