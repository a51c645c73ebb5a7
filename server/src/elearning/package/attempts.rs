//! Attempts at a package: each on the version it started (a new upload is for new attempts; one
//! in progress keeps its version), with the state of each SCO as the package last committed
//! it. When every SCO of the attempt is done, the course's completion is recorded in the same
//! transaction as the commit that finished it.
use super::{Item, Launch, ScormVersion, launch::Ticket, launchable, runtime, store};
use crate::{
    elearning::completing,
    entity::{
        account, completion, course, elearning_package as package, elearning_package_attempt as attempt,
        elearning_package_sco as sco,
    },
};
use app::error::AppError;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use serde_json::Value;

/// A SCO's status in an attempt: what its last commit said, or not attempted.
pub fn status_of(states: &[sco::Model], item: &Item) -> runtime::Status {
    states
        .iter()
        .find(|s| s.item == item.identifier)
        .map_or(runtime::Status::NotAttempted, |s| {
            runtime::Status::parse(&s.status)
        })
}

/// The learner's attempt to show: the latest, unless it is completed and the completion no longer
/// counts (expired or revoked), in which case a new one starts on the course's current version.
/// `None` when the course has no package.
pub async fn for_learner(
    db: &DatabaseConnection,
    account_id: i64,
    course_id: i64,
    completion_counts: bool,
) -> Result<Option<(attempt::Model, package::Model)>, AppError> {
    if let Some(found) = latest(db, account_id, course_id, completion_counts).await? {
        return Ok(Some(found));
    }
    let txn = db.begin().await?;
    crate::db::write_lock(&txn).await?;
    crate::entity::account::Entity::find_by_id(account_id)
        .lock_exclusive()
        .one(&txn)
        .await?;
    // Another request of the same learner may have started it meanwhile.
    if let Some(found) = latest(&txn, account_id, course_id, completion_counts).await? {
        txn.commit().await?;
        return Ok(Some(found));
    }
    let Some(current) = store::current(&txn, course_id).await? else {
        return Ok(None);
    };
    let now = Utc::now();
    let started = attempt::ActiveModel {
        package_id: Set(current.id),
        course_id: Set(course_id),
        account_id: Set(account_id),
        status: Set(runtime::Status::NotAttempted.as_str().into()),
        score_percent: Set(None),
        total_seconds: Set(0),
        started_at: Set(now),
        updated_at: Set(now),
        completed_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(Some((started, current)))
}

async fn latest<C: ConnectionTrait>(
    db: &C,
    account_id: i64,
    course_id: i64,
    completion_counts: bool,
) -> Result<Option<(attempt::Model, package::Model)>, AppError> {
    let Some(found) = attempt::Entity::find()
        .filter(attempt::Column::AccountId.eq(account_id))
        .filter(attempt::Column::CourseId.eq(course_id))
        .order_by_desc(attempt::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if found.completed_at.is_some() && !completion_counts {
        return Ok(None);
    }
    Ok(package::Entity::find_by_id(found.package_id)
        .one(db)
        .await?
        .map(|version| (found, version)))
}

/// Each SCO's state in an attempt.
pub async fn scos<C: ConnectionTrait>(db: &C, attempt_id: i64) -> Result<Vec<sco::Model>, AppError> {
    Ok(sco::Entity::find()
        .filter(sco::Column::AttemptId.eq(attempt_id))
        .all(db)
        .await?)
}

/// A file of the package version the ticket's attempt is on.
pub async fn file(
    db: &DatabaseConnection,
    ticket: &Ticket,
    path: &str,
) -> Result<crate::entity::elearning_package_file::Model, AppError> {
    use crate::entity::elearning_package_file as stored;
    let found = attempt::Entity::find_by_id(ticket.attempt_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    stored::Entity::find()
        .filter(stored::Column::PackageId.eq(found.package_id))
        .filter(stored::Column::Path.eq(path.trim_start_matches('/')))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// What the content origin needs to play one launch.
pub struct Opened {
    pub attempt: attempt::Model,
    pub course_code: String,
    /// The learner's language, for the player's few words.
    pub language: app::messages::Language,
    pub version: ScormVersion,
    pub item: Item,
    pub launch: Launch,
    pub starting_data: Value,
}

/// The launch a verified ticket names, with the data the SCO's session starts from.
pub async fn open(db: &DatabaseConnection, ticket: &Ticket) -> Result<Opened, AppError> {
    let (found, version_row) = attempt_and_version(db, ticket.attempt_id, false).await?;
    let (item, launch, version) = item_of(&version_row, ticket.item)?;
    let learner = account::Entity::find_by_id(found.account_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let earlier = sco::Entity::find_by_id((found.id, item.identifier.clone()))
        .one(db)
        .await?;
    let runtime_before = earlier
        .as_ref()
        .map(|e| serde_json::from_str(&e.runtime).unwrap_or(Value::Null));
    let starting_data = runtime::starting_data(
        version,
        &launch,
        &runtime::Learner {
            id: format!("kp-{}", learner.id),
            name: learner.full_name.clone(),
        },
        earlier
            .as_ref()
            .zip(runtime_before.as_ref())
            .map(|(e, runtime)| runtime::Earlier {
                runtime,
                status: runtime::Status::parse(&e.status),
                total_seconds: e.total_seconds,
            }),
        found.completed_at.is_some(),
    );
    let course_code = course::Entity::find_by_id(found.course_id)
        .one(db)
        .await?
        .map(|c| c.code)
        .unwrap_or_default();
    Ok(Opened {
        course_code,
        language: learner.chosen_language(),
        attempt: found,
        version,
        item,
        launch,
        starting_data,
    })
}

/// The attempt (locked until the transaction ends when `lock`, on PostgreSQL; the write lock
/// does it on SQLite) and the package version it is on.
async fn attempt_and_version<C: ConnectionTrait>(
    db: &C,
    attempt_id: i64,
    lock: bool,
) -> Result<(attempt::Model, package::Model), AppError> {
    let mut query = attempt::Entity::find_by_id(attempt_id);
    if lock {
        query = query.lock_exclusive();
    }
    let found = query.one(db).await?.ok_or(AppError::NotFound)?;
    let version = package::Entity::find_by_id(found.package_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((found, version))
}

fn item_of(version: &package::Model, index: u32) -> Result<(Item, Launch, ScormVersion), AppError> {
    let items = store::items(version);
    let item = launchable(&items)
        .get(index as usize)
        .map(|item| (*item).clone())
        .ok_or(AppError::NotFound)?;
    let launch = item.launch.clone().ok_or(AppError::NotFound)?;
    let scorm = store::version(version).ok_or(AppError::NotFound)?;
    Ok((item, launch, scorm))
}

/// A commit as the player posts it: its session (one per page load), the seconds since the
/// page loaded, whether the SCO finished, and the runtime data.
#[derive(Debug, serde::Deserialize)]
pub struct Posted {
    pub session: String,
    #[serde(default)]
    pub elapsed: f64,
    #[serde(default)]
    pub terminated: bool,
    pub cmi: Value,
}

/// What a commit did to the attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committed {
    pub status: String,
    /// Set by the commit that completed the course: the kursbevis code.
    pub certificate_code: Option<String>,
}

/// Stores a commit: the SCO's state (the last commit wins), the attempt's status, score and
/// time, and the completion when this commit finished the last SCO. An attempt that is completed
/// is in review: its commits change nothing.
pub async fn commit(db: &DatabaseConnection, ticket: &Ticket, posted: Posted) -> Result<Committed, AppError> {
    let txn = db.begin().await?;
    crate::db::write_lock(&txn).await?;
    let (found, version_row) = attempt_and_version(&txn, ticket.attempt_id, true).await?;
    if found.completed_at.is_some() {
        return Ok(Committed {
            status: found.status,
            certificate_code: None,
        });
    }
    let (item, launch, version) = item_of(&version_row, ticket.item)?;
    let read = runtime::evaluate(version, &launch, &posted.cmi, posted.terminated)
        .map_err(|message| AppError::invalid("cmi", message))?;
    if let Some(malformed) = &read.malformed_time {
        tracing::warn!(attempt_id = found.id, session_time = %malformed, "a package sent a session time that is not a SCORM time; the wall clock counts");
    }
    store_sco(&txn, &found, &item, &posted, read).await?;
    let committed = settle(&txn, found, &version_row).await?;
    txn.commit().await?;
    Ok(committed)
}

async fn store_sco<C: ConnectionTrait>(
    txn: &C,
    found: &attempt::Model,
    item: &Item,
    posted: &Posted,
    read: runtime::Evaluated,
) -> Result<(), AppError> {
    let earlier = sco::Entity::find_by_id((found.id, item.identifier.clone()))
        .one(txn)
        .await?;
    let session = posted.session.chars().take(64).collect::<String>();
    // A new player page is a new session: the time of the ones before is kept.
    let seconds_before = match &earlier {
        Some(e) if e.session_key == session => e.seconds_before,
        Some(e) => e.total_seconds,
        None => 0,
    };
    let wall_clock = posted.elapsed.clamp(0.0, 24.0 * 3600.0);
    let session_seconds = read.session_seconds.unwrap_or(wall_clock).round() as i64;
    let kept = earlier
        .as_ref()
        .and_then(|e| serde_json::from_str::<Vec<Value>>(&e.interactions).ok())
        .unwrap_or_default();
    let interactions = runtime::merge_interactions(kept, read.interactions);
    let row = sco::ActiveModel {
        attempt_id: Set(found.id),
        item: Set(item.identifier.clone()),
        status: Set(read.status.as_str().into()),
        score_percent: Set(read.score_percent),
        runtime: Set(read.runtime.to_string()),
        interactions: Set(Value::Array(interactions).to_string()),
        session_key: Set(session),
        seconds_before: Set(seconds_before),
        total_seconds: Set(seconds_before + session_seconds),
        commits: Set(earlier.as_ref().map_or(0, |e| e.commits) + 1),
        updated_at: Set(Utc::now()),
    };
    if earlier.is_some() {
        row.update(txn).await?;
    } else {
        row.insert(txn).await?;
    }
    Ok(())
}

/// The attempt's status, score and time from its SCOs; the completion when every SCO is done.
async fn settle<C: ConnectionTrait>(
    txn: &C,
    found: attempt::Model,
    version_row: &package::Model,
) -> Result<Committed, AppError> {
    let items = store::items(version_row);
    let states = scos(txn, found.id).await?;
    let statuses: Vec<runtime::Status> = launchable(&items)
        .into_iter()
        .filter(|item| item.is_sco())
        .map(|item| status_of(&states, item))
        .collect();
    let done = !statuses.is_empty() && statuses.iter().all(|s| s.satisfied());
    let status = overall(&statuses);
    let scores: Vec<i32> = states.iter().filter_map(|s| s.score_percent).collect();
    let score = (!scores.is_empty()).then(|| scores.iter().sum::<i32>() / scores.len() as i32);
    let total: i64 = states.iter().map(|s| s.total_seconds).sum();
    let now = Utc::now();
    let account_id = found.account_id;
    let course_id = found.course_id;
    let mut row: attempt::ActiveModel = found.into();
    row.status = Set(status.as_str().into());
    row.score_percent = Set(score);
    row.total_seconds = Set(total);
    row.updated_at = Set(now);
    if done {
        row.completed_at = Set(Some(now));
    }
    row.update(txn).await?;
    let mut committed = Committed {
        status: status.as_str().to_string(),
        certificate_code: None,
    };
    if !done {
        return Ok(committed);
    }
    let course = course::Entity::find_by_id(course_id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let result = match score {
        Some(score) if status == runtime::Status::Passed => format!("Bestått ({score} %)"),
        _ if status == runtime::Status::Passed => "Bestått".to_string(),
        _ => "Fullført".to_string(),
    };
    let code = completing::record(
        txn,
        completing::Done {
            account_id,
            course: &course,
            result,
            score,
            source: completion::SOURCE_PACKAGE,
            action: "elearning.package_completed",
            detail: format!("{} version {}", course.code, version_row.version),
        },
    )
    .await?;
    committed.certificate_code = Some(code);
    Ok(committed)
}

/// One word for the attempt: passed when every SCO is done and one passed, completed when every
/// SCO is done, failed when a single SCO failed, otherwise incomplete (or not attempted).
fn overall(statuses: &[runtime::Status]) -> runtime::Status {
    use runtime::Status::*;
    if statuses.is_empty() || statuses.iter().all(|s| *s == NotAttempted) {
        NotAttempted
    } else if statuses.iter().all(|s| s.satisfied()) {
        if statuses.contains(&Passed) {
            Passed
        } else {
            Completed
        }
    } else if statuses == [Failed] {
        Failed
    } else {
        Incomplete
    }
}

/// Removes the attempts of the given package versions (with their SCO states).
pub async fn remove_for_versions<C: ConnectionTrait>(txn: &C, versions: &[i64]) -> Result<(), AppError> {
    let ids: Vec<i64> = attempt::Entity::find()
        .select_only()
        .column(attempt::Column::Id)
        .filter(attempt::Column::PackageId.is_in(versions.to_vec()))
        .into_tuple()
        .all(txn)
        .await?;
    sco::Entity::delete_many()
        .filter(sco::Column::AttemptId.is_in(ids.clone()))
        .exec(txn)
        .await?;
    attempt::Entity::delete_many()
        .filter(attempt::Column::Id.is_in(ids))
        .exec(txn)
        .await?;
    Ok(())
}
