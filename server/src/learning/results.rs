//! Results an instructor records for a session: «passed» creates the completion (with
//! validity and a certificate), a correction withdraws the completion it replaces. Every
//! change is audited with the result before and after.
use crate::{
    audit,
    enrolment::{self, ENROLLED, EnrolmentError, lock_session},
    entity::{course, session},
};
use crate::{entity::completion, learning::rules};
use app::learning::types::Outcome;
use chrono::{DateTime, Utc};
use chrono_tz::Europe::Oslo;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set, sea_query::Expr,
};

#[derive(Debug, thiserror::Error)]
pub enum ResultError {
    #[error("no such participant")]
    NotParticipant,
    #[error("the session has not started")]
    NotStarted,
    #[error("the session is cancelled")]
    Cancelled,
    #[error("no such session")]
    NoSession,
    #[error("database: {0}")]
    Database(#[from] DbErr),
}

impl From<EnrolmentError> for ResultError {
    fn from(error: EnrolmentError) -> Self {
        match error {
            EnrolmentError::Cancelled => Self::Cancelled,
            EnrolmentError::Database(e) => Self::Database(e),
            _ => Self::NoSession,
        }
    }
}

/// The words a certificate and the history use for a result.
pub fn result_text(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Passed => "Bestått",
        Outcome::Failed => "Ikke bestått",
        Outcome::NoShow => "Ikke møtt",
    }
}

/// Records `outcome` for each of `account_ids` (seated participants of the session) in one
/// transaction; returns how many changed. `only_unset` leaves recorded results alone.
pub async fn record<C: ConnectionTrait>(
    txn: &C,
    recorded_by: i64,
    session_id: i64,
    account_ids: Option<&[i64]>,
    outcome: Outcome,
    only_unset: bool,
    now: DateTime<Utc>,
) -> Result<usize, ResultError> {
    let session = lock_session(txn, session_id).await?;
    if session.starts_at > now {
        return Err(ResultError::NotStarted);
    }
    let course = course::Entity::find_by_id(session.course_id)
        .one(txn)
        .await?
        .ok_or(ResultError::NoSession)?;
    let mut query = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(session_id))
        .filter(enrolment::Column::Status.eq(ENROLLED));
    if let Some(ids) = account_ids {
        query = query.filter(enrolment::Column::AccountId.is_in(ids.to_vec()));
    }
    let rows = query.all(txn).await?;
    if let Some(ids) = account_ids
        && rows.len() != ids.len()
    {
        return Err(ResultError::NotParticipant);
    }
    let mut changed = 0;
    for row in rows {
        let before = row.outcome.as_deref().and_then(Outcome::parse);
        if before == Some(outcome) || (only_unset && before.is_some()) {
            continue;
        }
        apply(txn, recorded_by, &session, &course, row, before, outcome, now).await?;
        changed += 1;
    }
    Ok(changed)
}

#[allow(clippy::too_many_arguments)]
async fn apply<C: ConnectionTrait>(
    txn: &C,
    recorded_by: i64,
    session: &session::Model,
    course: &course::Model,
    row: enrolment::Model,
    before: Option<Outcome>,
    outcome: Outcome,
    now: DateTime<Utc>,
) -> Result<(), ResultError> {
    let (enrolment_id, account_id) = (row.id, row.account_id);
    let mut active: enrolment::ActiveModel = row.into();
    active.outcome = Set(Some(outcome.as_str().to_string()));
    active.outcome_at = Set(Some(now));
    active.outcome_by = Set(Some(recorded_by));
    active.update(txn).await?;
    if before == Some(Outcome::Passed) {
        completion::Entity::update_many()
            .col_expr(completion::Column::RevokedAt, Expr::value(now))
            .col_expr(
                completion::Column::RevokedReason,
                Expr::value(format!("Resultatet ble rettet til «{}».", result_text(outcome))),
            )
            .filter(completion::Column::EnrolmentId.eq(enrolment_id))
            .filter(completion::Column::RevokedAt.is_null())
            .exec(txn)
            .await?;
    }
    if outcome == Outcome::Passed {
        let completed_on = session.ends_at.with_timezone(&Oslo).date_naive();
        completion::ActiveModel {
            account_id: Set(account_id),
            course_id: Set(course.id),
            enrolment_id: Set(Some(enrolment_id)),
            completed_on: Set(completed_on),
            result: Set(result_text(Outcome::Passed).to_string()),
            score: Set(None),
            source: Set(completion::SOURCE_INSTRUCTOR.to_string()),
            valid_until: Set(rules::valid_until(completed_on, course.validity_months)),
            expired_at: Set(None),
            certificate_code: Set(rules::CertificateCode::generate().as_str().to_string()),
            revoked_at: Set(None),
            revoked_reason: Set(None),
            recorded_by: Set(Some(recorded_by)),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    audit::record(
        txn,
        Some(recorded_by),
        "result.recorded",
        Some(account_id),
        Some(format!(
            "session {}: {} → {}",
            session.id,
            before.map_or("–", Outcome::as_str),
            outcome.as_str()
        )),
    )
    .await?;
    Ok(())
}
