//! The transfer feed as events: every change of an employee's competence (a completion, its
//! correction, revocation and expiry, a completed learning path and its revocation and expiry)
//! is one row of `competence_events`, written once and never changed, with an increasing id
//! that is the register's cursor. External profiles' changes join the feed when the profile is
//! merged into an employee's (their completions become the employee's). The records of
//! `competence_transfers` (one per completion, the feed before this one) stay readable.
//!
//! The events are found by [`sweep::record`] from the state of the tables, so no code that
//! completes, corrects or revokes anything has to remember the feed, and nothing is missed
//! when a change happens while the portal is stopping: a change without its event is found
//! the next time.
pub mod sweep;
pub mod xapi;

use crate::entity::event;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub use event::{Column, Entity, Model};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Completed,
    PathCompleted,
    Corrected,
    Expired,
    Revoked,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Completed,
        Kind::PathCompleted,
        Kind::Corrected,
        Kind::Expired,
        Kind::Revoked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Completed => "completed",
            Kind::PathCompleted => "path_completed",
            Kind::Corrected => "corrected",
            Kind::Expired => "expired",
            Kind::Revoked => "revoked",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

/// What an event says, as written when it was found (JSON in `body`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Body {
    pub staff_code: String,
    pub name: String,
    pub employer_org_number: Option<String>,
    /// course | path
    pub subject: String,
    pub code: String,
    pub title: String,
    pub completed_on: NaiveDate,
    pub result: String,
    pub score: Option<i32>,
    pub source: String,
    pub imported_from: Option<String>,
    pub valid_until: Option<NaiveDate>,
    pub certificate_code: String,
    /// Why it was revoked.
    pub reason: Option<String>,
}

/// One event as the competence register receives it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Event {
    /// The cursor: ids increase in the order events are written.
    pub id: i64,
    #[schema(pattern = "^(completed|corrected|revoked|expired|path_completed)$")]
    pub kind: String,
    /// When the change happened in the portal.
    pub occurred_at: DateTime<Utc>,
    /// The earlier event of the same completion or path this one corrects, revokes or ends.
    pub refers_to: Option<i64>,
    pub staff_code: String,
    pub name: String,
    pub employer_org_number: Option<String>,
    /// What was completed: a course or a learning path.
    #[schema(pattern = "^(course|path)$")]
    pub subject: String,
    /// The course's or the path's code.
    pub code: String,
    pub title: String,
    pub completed_on: NaiveDate,
    pub result: String,
    pub score: Option<i32>,
    /// quiz | package | instructor | import | path
    pub source: String,
    /// For imported completions: the system they came from.
    pub imported_from: Option<String>,
    pub valid_until: Option<NaiveDate>,
    pub certificate_code: String,
    pub verify_url: String,
    /// Why a certificate was revoked.
    pub reason: Option<String>,
    /// The id of the event's xAPI statement (stable; a completion the register had as a
    /// transfer record keeps that record's statement id).
    pub statement_id: String,
    /// The statement this one refers to (voids, for a revocation).
    pub refers_to_statement_id: Option<String>,
}

/// Up to `limit` events after the cursor `after`, oldest first.
pub async fn page(
    db: &DatabaseConnection,
    public_url: &str,
    after: i64,
    limit: u64,
) -> Result<Vec<Event>, DbErr> {
    let rows = Entity::find()
        .filter(Column::Id.gt(after))
        .order_by_asc(Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    describe(db, public_url, rows).await
}

pub async fn one(db: &DatabaseConnection, public_url: &str, id: i64) -> Result<Option<Event>, DbErr> {
    let rows = Entity::find_by_id(id).all(db).await?;
    Ok(describe(db, public_url, rows).await?.into_iter().next())
}

/// The events of rows, with the statement ids of the events they refer to.
pub async fn describe(
    db: &DatabaseConnection,
    public_url: &str,
    rows: Vec<Model>,
) -> Result<Vec<Event>, DbErr> {
    let referred: Vec<i64> = rows.iter().filter_map(|row| row.refers_to).collect();
    let transfers: HashMap<i64, Option<i64>> = if referred.is_empty() {
        HashMap::new()
    } else {
        Entity::find()
            .select_only()
            .column(Column::Id)
            .column(Column::TransferId)
            .filter(Column::Id.is_in(referred))
            .into_tuple::<(i64, Option<i64>)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            // A body that does not read (written by a later release) is left out, not a 500.
            let body: Body = serde_json::from_str(&row.body)
                .inspect_err(|error| tracing::warn!(event = row.id, %error, "event body does not read"))
                .ok()?;
            let refers_to_statement_id = row
                .refers_to
                .map(|id| statement_id(public_url, id, transfers.get(&id).copied().flatten()).to_string());
            Some(Event {
                id: row.id,
                kind: row.kind,
                occurred_at: row.occurred_at,
                refers_to: row.refers_to,
                staff_code: body.staff_code,
                name: body.name,
                employer_org_number: body.employer_org_number,
                subject: body.subject,
                code: body.code,
                title: body.title,
                completed_on: body.completed_on,
                result: body.result,
                score: body.score,
                source: body.source,
                imported_from: body.imported_from,
                valid_until: body.valid_until,
                verify_url: format!("{public_url}/verifiser/{}", body.certificate_code),
                certificate_code: body.certificate_code,
                reason: body.reason,
                statement_id: statement_id(public_url, row.id, row.transfer_id).to_string(),
                refers_to_statement_id,
            })
        })
        .collect())
}

/// The xAPI statement id of an event: the one its transfer record had, if the register had
/// the completion as a record, so a learning record store keeps one statement for it.
pub fn statement_id(public_url: &str, event_id: i64, transfer_id: Option<i64>) -> uuid::Uuid {
    match transfer_id {
        Some(record) => uuid_of(&format!("{public_url}/api/v1/competence/transfers/{record}")),
        None => uuid_of(&format!("{public_url}/api/v1/competence/events/{event_id}")),
    }
}

/// A UUID made from the first 16 bytes of the SHA-256 of `text`.
pub fn uuid_of(text: &str) -> uuid::Uuid {
    let digest = <sha2::Sha256 as sha2::Digest>::digest(text);
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(Kind::parse("deleted"), None);
    }

    #[test]
    fn a_completion_the_register_had_keeps_its_statement_id() {
        let url = "https://kurs.example.no";
        assert_eq!(
            statement_id(url, 40, Some(7)),
            uuid_of("https://kurs.example.no/api/v1/competence/transfers/7")
        );
        assert_ne!(statement_id(url, 40, None), statement_id(url, 41, None));
    }
}
