//! A course's package from an authoring tool, in the editor: upload a new version, see what it
//! holds, remove it.
use super::*;
use crate::elearning::package::{self, Item, attempts, report, store};
use app::elearning::types::{
    PackageAttemptDetail, PackageAttemptLine, PackagePart, PackagePlay, PackageSummary, PlayPart,
};

pub(super) async fn upload(
    repo: &ElearningRepo,
    who: Caller,
    code: &str,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<PackageSummary, AppError> {
    let (who, course) = repo.editable(who, code).await?;
    let upload = store::Upload {
        course_id: course.id,
        uploaded_by: who.account_id,
        file_name: file_name.to_string(),
        bytes: std::sync::Arc::new(bytes),
    };
    let row = store::save(&repo.db, upload, repo.package_limits).await?;
    tracing::info!(
        course_id = course.id,
        version = row.version,
        "e-learning package stored"
    );
    Ok(summary(&row))
}

pub(super) async fn remove(repo: &ElearningRepo, who: Caller, code: &str) -> Result<(), AppError> {
    let (who, course) = repo.editable(who, code).await?;
    if store::remove(&repo.db, course.id, who.account_id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

pub(super) async fn current(
    repo: &ElearningRepo,
    course_id: i64,
) -> Result<Option<PackageSummary>, AppError> {
    Ok(store::current(&repo.db, course_id)
        .await?
        .map(|row| summary(&row)))
}

fn summary(row: &crate::entity::elearning_package::Model) -> PackageSummary {
    let parts = package::flattened(&store::items(row))
        .into_iter()
        .map(|(depth, item)| PackagePart {
            title: item.title.clone(),
            depth,
            sco: item.is_sco(),
            launched: item.launch.is_some(),
        })
        .collect();
    PackageSummary {
        version: row.version,
        scorm: store::version(row)
            .map(package::ScormVersion::label)
            .unwrap_or_default(),
        title: row.title.clone(),
        file_name: row.file_name.clone(),
        file_count: row.file_count,
        unpacked_mb: format!("{:.1}", row.unpacked_bytes as f64 / (1 << 20) as f64),
        uploaded_at: crate::common::time::moment(row.uploaded_at),
        parts,
    }
}

/// The learner's attempt at the course's package, with the player's address for each part;
/// `None` when the course has no package (its own lessons are played).
pub(super) async fn play(
    repo: &ElearningRepo,
    account_id: i64,
    course_id: i64,
    completion_counts: bool,
) -> Result<Option<PackagePlay>, AppError> {
    let Some((attempt, version)) =
        attempts::for_learner(&repo.db, account_id, course_id, completion_counts).await?
    else {
        return Ok(None);
    };
    let states = attempts::scos(&repo.db, attempt.id).await?;
    let items = store::items(&version);
    let launchable = package::launchable(&items);
    // A SCO's status; a heading or a page reports none.
    let status_of = |item: &Item| item.is_sco().then(|| attempts::status_of(&states, item));
    let mut launch_index = 0u32;
    let parts = package::flattened(&items)
        .into_iter()
        .map(|(depth, item)| {
            let launch = item.launch.is_some().then(|| {
                launch_index += 1;
                launch_index - 1
            });
            PlayPart {
                title: item.title.clone(),
                depth,
                launch,
                status: status_of(item).map(|s| s.as_str().to_string()),
            }
        })
        .collect();
    let next = launchable
        .iter()
        .position(|item| status_of(item).is_some_and(|s| !s.satisfied()))
        .unwrap_or(0);
    let frames = (0..launchable.len())
        .map(|i| repo.launcher.player_url(attempt.id, i as u32))
        .collect();
    Ok(Some(PackagePlay {
        title: version.title.clone(),
        parts,
        frames,
        next: next as u32,
        status: attempt.status.clone(),
        review: attempt.completed_at.is_some(),
    }))
}

pub(super) async fn attempts_of(
    repo: &ElearningRepo,
    who: Caller,
    code: &str,
) -> Result<Vec<PackageAttemptLine>, AppError> {
    let (_, course) = repo.editable(who, code).await?;
    report::list(&repo.db, course.id).await
}

pub(super) async fn attempt_of(
    repo: &ElearningRepo,
    who: Caller,
    code: &str,
    id: i64,
) -> Result<PackageAttemptDetail, AppError> {
    let (_, course) = repo.editable(who, code).await?;
    report::detail(&repo.db, course.id, id).await
}

pub(super) async fn reset(repo: &ElearningRepo, who: Caller, code: &str, id: i64) -> Result<(), AppError> {
    let (who, course) = repo.editable(who, code).await?;
    report::reset(&repo.db, course.id, id, who.account_id).await
}
