//! A course's package from an authoring tool, in the editor: upload a new version, see what it
//! holds, remove it.
use super::*;
use crate::elearning::package::{self, Item, store};
use app::elearning::types::{PackagePart, PackageSummary};

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
    fn walk(items: &[Item], depth: u32, out: &mut Vec<PackagePart>) {
        for item in items {
            out.push(PackagePart {
                title: item.title.clone(),
                depth,
                sco: item.launch.as_ref().is_some_and(|l| l.sco),
                launched: item.launch.is_some(),
            });
            walk(&item.children, depth + 1, out);
        }
    }
    let mut parts = Vec::new();
    walk(&store::items(row), 0, &mut parts);
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
