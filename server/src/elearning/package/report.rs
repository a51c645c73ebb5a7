//! The attempts at a course's package as course administrators see them: per learner the
//! status, score, time spent and last activity, each SCO's state with the interactions it
//! reported, a CSV of them all, and resetting an attempt (audited).
use super::{attempts, store};
use crate::{
    common::time::moment,
    entity::{
        account, elearning_package as package, elearning_package_attempt as attempt,
        elearning_package_sco as sco,
    },
};
use app::{
    elearning::types::{InteractionLine, PackageAttemptDetail, PackageAttemptLine, ScoLine},
    error::AppError,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, LoaderTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use serde_json::Value;

/// `H:MM:SS`.
pub fn time_spent(seconds: i64) -> String {
    let seconds = seconds.max(0);
    format!("{}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60)
}

fn line(
    row: &attempt::Model,
    person: Option<&account::Model>,
    version: Option<&package::Model>,
) -> PackageAttemptLine {
    PackageAttemptLine {
        id: row.id,
        name: person.map(|p| p.full_name.clone()).unwrap_or_default(),
        email: person.and_then(|p| p.email.clone()).unwrap_or_default(),
        version: version.map_or(0, |v| v.version),
        status: row.status.clone(),
        score: row.score_percent,
        time_spent: time_spent(row.total_seconds),
        started_at: moment(row.started_at),
        last_activity: moment(row.updated_at),
        completed_at: row.completed_at.map(moment),
    }
}

/// Every attempt at the course's package, latest activity first.
pub async fn list(db: &DatabaseConnection, course_id: i64) -> Result<Vec<PackageAttemptLine>, AppError> {
    let rows = attempt::Entity::find()
        .filter(attempt::Column::CourseId.eq(course_id))
        .order_by_desc(attempt::Column::UpdatedAt)
        .order_by_desc(attempt::Column::Id)
        .all(db)
        .await?;
    let people = rows.load_one(account::Entity, db).await?;
    let versions = rows.load_one(package::Entity, db).await?;
    Ok(rows
        .iter()
        .zip(people)
        .zip(versions)
        .map(|((row, person), version)| line(row, person.as_ref(), version.as_ref()))
        .collect())
}

/// One attempt of the course with each SCO of its version, in the order of the contents.
pub async fn detail(
    db: &DatabaseConnection,
    course_id: i64,
    id: i64,
) -> Result<PackageAttemptDetail, AppError> {
    let row = attempt::Entity::find_by_id(id)
        .filter(attempt::Column::CourseId.eq(course_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let person = account::Entity::find_by_id(row.account_id).one(db).await?;
    let version = package::Entity::find_by_id(row.package_id).one(db).await?;
    let states = attempts::scos(db, row.id).await?;
    let items = version.as_ref().map(store::items).unwrap_or_default();
    let scos = super::launchable(&items)
        .into_iter()
        .filter(|item| item.is_sco())
        .map(|item| {
            let state = states.iter().find(|s| s.item == item.identifier);
            sco_line(&item.title, state)
        })
        .collect();
    Ok(PackageAttemptDetail {
        line: line(&row, person.as_ref(), version.as_ref()),
        scos,
    })
}

fn sco_line(title: &str, state: Option<&sco::Model>) -> ScoLine {
    let interactions = state
        .and_then(|s| serde_json::from_str::<Vec<Value>>(&s.interactions).ok())
        .unwrap_or_default();
    ScoLine {
        title: title.to_string(),
        status: state.map_or("not attempted".into(), |s| s.status.clone()),
        score: state.and_then(|s| s.score_percent),
        time_spent: time_spent(state.map_or(0, |s| s.total_seconds)),
        commits: state.map_or(0, |s| s.commits),
        last_activity: state.map(|s| moment(s.updated_at)).unwrap_or_default(),
        interactions: interactions.iter().map(interaction).collect(),
    }
}

/// An interaction of either version: 1.2 `student_response`, 2004 `learner_response`; the
/// correct responses are a list of patterns.
fn interaction(value: &Value) -> InteractionLine {
    let text = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| value.get(*k).and_then(Value::as_str))
            .unwrap_or_default()
            .chars()
            .take(500)
            .collect::<String>()
    };
    let correct = match value.get("correct_responses") {
        Some(Value::Object(map)) => map
            .values()
            .filter_map(|v| v.get("pattern").and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join(" | "),
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(|v| v.get("pattern").and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join(" | "),
        _ => String::new(),
    };
    InteractionLine {
        id: text(&["id"]),
        kind: text(&["type"]),
        response: text(&["learner_response", "student_response"]),
        correct: correct.chars().take(500).collect(),
        result: text(&["result"]),
        time: text(&["timestamp", "time"]),
    }
}

/// Removes the attempt and its SCO states; audited with the learner and what it held.
pub async fn reset(db: &DatabaseConnection, course_id: i64, id: i64, by: i64) -> Result<(), AppError> {
    let txn = db.begin().await?;
    crate::db::write_lock(&txn).await?;
    let row = attempt::Entity::find_by_id(id)
        .filter(attempt::Column::CourseId.eq(course_id))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    remove(&txn, row.id).await?;
    crate::audit::record(
        &txn,
        Some(by),
        "elearning.package_attempt_reset",
        Some(row.account_id),
        Some(format!(
            "course {} attempt {} ({}, {} s)",
            course_id, row.id, row.status, row.total_seconds
        )),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn remove<C: ConnectionTrait>(txn: &C, attempt_id: i64) -> Result<(), AppError> {
    sco::Entity::delete_many()
        .filter(sco::Column::AttemptId.eq(attempt_id))
        .exec(txn)
        .await?;
    attempt::Entity::delete_by_id(attempt_id).exec(txn).await?;
    Ok(())
}
