//! Packages in the database. An upload is checked in full first ([`super::check`]); then, in one
//! transaction, the new version's row and its files are written, one file inflated at a time
//! (on a blocking thread, handed over a small channel), so memory holds the upload and a few
//! files, never the whole package unpacked. A failure part way stores nothing.
use super::{Checked, Item, Limits, ScormVersion, check, content_type};
use crate::entity::{elearning_package as package, elearning_package_file as file};
use app::error::AppError;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use std::sync::Arc;

/// An upload: who, for which course, and the zip as it came.
pub struct Upload {
    pub course_id: i64,
    pub uploaded_by: i64,
    pub file_name: String,
    pub bytes: Arc<Vec<u8>>,
}

/// Checks the upload and stores it as the course's next package version.
pub async fn save(
    db: &DatabaseConnection,
    upload: Upload,
    limits: Limits,
) -> Result<package::Model, AppError> {
    let bytes = upload.bytes.clone();
    let checked = tokio::task::spawn_blocking(move || check(&bytes, &limits))
        .await
        .map_err(AppError::fault)??;
    let Checked { manifest, listing } = checked;
    let txn = db.begin().await?;
    crate::db::write_lock(&txn).await?;
    // Two uploads for one course at once take their version numbers in turn (PostgreSQL; the
    // write lock does it on SQLite).
    crate::entity::course::Entity::find_by_id(upload.course_id)
        .lock_exclusive()
        .one(&txn)
        .await?;
    let latest: Option<i32> = package::Entity::find()
        .select_only()
        .column_as(package::Column::Version.max(), "latest")
        .filter(package::Column::CourseId.eq(upload.course_id))
        .into_tuple::<Option<i32>>()
        .one(&txn)
        .await?
        .flatten();
    let structure = serde_json::to_string(&manifest.items).map_err(AppError::fault)?;
    let row = package::ActiveModel {
        course_id: Set(upload.course_id),
        version: Set(latest.unwrap_or(0) + 1),
        scorm_version: Set(manifest.version.code()),
        identifier: Set(manifest.identifier.chars().take(400).collect()),
        title: Set(manifest.title.chars().take(400).collect()),
        structure: Set(structure),
        file_name: Set(upload.file_name.chars().take(400).collect()),
        file_count: Set(listing.entries.len() as i32),
        unpacked_bytes: Set(listing.unpacked_bytes as i64),
        uploaded_by: Set(Some(upload.uploaded_by)),
        uploaded_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;

    let (send, mut receive) = tokio::sync::mpsc::channel::<(String, Vec<u8>)>(4);
    let bytes = upload.bytes.clone();
    let inflating = tokio::task::spawn_blocking(move || {
        super::unpack::each(&bytes, &listing, &limits, |entry, data| {
            send.blocking_send((entry.path.clone(), data)).is_ok()
        })
    });
    while let Some((path, data)) = receive.recv().await {
        file::Entity::insert(file::ActiveModel {
            package_id: Set(row.id),
            content_type: Set(content_type(&path).to_string()),
            size: Set(data.len() as i64),
            path: Set(path),
            bytes: Set(data),
        })
        .exec_without_returning(&txn)
        .await?;
    }
    inflating.await.map_err(AppError::fault)??;
    crate::audit::record(
        &txn,
        Some(upload.uploaded_by),
        "elearning.package_uploaded",
        Some(upload.course_id),
        Some(format!("version {} ({})", row.version, manifest.version.code())),
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// The version new attempts start: the course's latest upload.
pub async fn current<C: ConnectionTrait>(db: &C, course_id: i64) -> Result<Option<package::Model>, AppError> {
    Ok(package::Entity::find()
        .filter(package::Column::CourseId.eq(course_id))
        .order_by_desc(package::Column::Version)
        .one(db)
        .await?)
}

/// Removes every version of the course's package, their files and the attempts at them (the
/// completions they recorded stay); the course's own lessons
/// (if any) are its content again.
pub async fn remove(db: &DatabaseConnection, course_id: i64, by: i64) -> Result<bool, AppError> {
    let txn = db.begin().await?;
    crate::db::write_lock(&txn).await?;
    let versions: Vec<i64> = package::Entity::find()
        .select_only()
        .column(package::Column::Id)
        .filter(package::Column::CourseId.eq(course_id))
        .into_tuple()
        .all(&txn)
        .await?;
    if versions.is_empty() {
        return Ok(false);
    }
    super::attempts::remove_for_versions(&txn, &versions).await?;
    file::Entity::delete_many()
        .filter(file::Column::PackageId.is_in(versions.clone()))
        .exec(&txn)
        .await?;
    package::Entity::delete_many()
        .filter(package::Column::Id.is_in(versions))
        .exec(&txn)
        .await?;
    crate::audit::record(&txn, Some(by), "elearning.package_removed", Some(course_id), None).await?;
    txn.commit().await?;
    Ok(true)
}

/// The stored structure, read back.
pub fn items(row: &package::Model) -> Vec<Item> {
    serde_json::from_str(&row.structure).unwrap_or_default()
}

pub fn version(row: &package::Model) -> Option<ScormVersion> {
    ScormVersion::from_code(&row.scorm_version)
}
