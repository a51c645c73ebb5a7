//! `kursportal backup` and `kursportal restore`. Everything the portal keeps is in the database
//! (accounts, sessions, images, e-learning, mail waiting to be sent), so a copy of the database
//! is a complete backup. SQLite: an online, consistent copy (`VACUUM INTO`) while the portal
//! runs; restore checks the copy and puts it in place. PostgreSQL: `pg_dump`/`pg_restore`,
//! which this module names with the right arguments rather than wrapping.
use super::{connect, migrate, sqlite_file};
use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use std::{collections::BTreeSet, path::Path};

/// What went wrong, in words for the person at the terminal.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "on PostgreSQL, back up with pg_dump: pg_dump --format=custom --file=kursportal.dump \"$DATABASE_URL\" \
         (everything the portal keeps is in the database); restore with pg_restore --clean --if-exists \
         --no-owner --dbname=\"$DATABASE_URL\" kursportal.dump, then run kursportal migrate"
    )]
    Postgres,
    #[error("{0} exists already; choose a new file name (a backup never overwrites)")]
    Exists(String),
    #[error("{0} is not a Kursportal backup: {1}")]
    NotABackup(String, String),
    #[error(
        "{0} comes from a newer Kursportal (it has migration {1}, which this release does not know); \
         restore it with that release or a later one"
    )]
    Newer(String, String),
    #[error(
        "the database {0} has data; add --replace to overwrite it, after stopping every instance \
         of the portal"
    )]
    HasData(String),
    #[error("{0}")]
    Io(String),
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
}

/// What a backup or a restore did: the tables and their rows.
#[derive(Debug)]
pub struct Summary {
    pub tables: usize,
    pub rows: u64,
}

fn io(context: &str) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |error| BackupError::Io(format!("{context}: {error}"))
}

/// Writes a consistent copy of the SQLite database at `url` to `to`, while the portal runs.
pub async fn backup(url: &str, to: &Path) -> Result<Summary, BackupError> {
    if sqlite_file(url).is_none() {
        return Err(BackupError::Postgres);
    }
    if tokio::fs::try_exists(to).await.unwrap_or(true) {
        return Err(BackupError::Exists(to.display().to_string()));
    }
    let db = connect(url).await?;
    db.execute(Statement::from_sql_and_values(
        DbBackend::Sqlite,
        "VACUUM INTO ?",
        [to.display().to_string().into()],
    ))
    .await?;
    db.close().await?;
    let copy = connect(&existing(to)).await?;
    let summary = summarise(&copy).await?;
    copy.close().await?;
    Ok(summary)
}

/// Puts the backup `from` in place of the SQLite database at `url` and brings its schema up to
/// this release. Refuses a file that is not a sound Kursportal database, one from a newer
/// release, and (without `replace`) a target that holds data. Every instance must be stopped.
pub async fn restore(url: &str, from: &Path, replace: bool) -> Result<Summary, BackupError> {
    let Some(target) = sqlite_file(url).map(Path::new) else {
        return Err(BackupError::Postgres);
    };
    let name = from.display().to_string();
    if !tokio::fs::metadata(from).await.is_ok_and(|m| m.is_file()) {
        return Err(BackupError::NotABackup(name, "no such file".into()));
    }
    if tokio::fs::try_exists(target).await.unwrap_or(true) && !replace && has_data(url).await? {
        return Err(BackupError::HasData(target.display().to_string()));
    }
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        tokio::fs::create_dir_all(parent)
            .await
            .map_err(io("the database folder"))?;
    }
    // Copied beside the target and checked there (the backup itself is never opened for
    // writing), then renamed over it: never a half-written database.
    let staged = target.with_extension("db.restoring");
    tokio::fs::copy(from, &staged)
        .await
        .map_err(io("copying the backup"))?;
    if let Err(error) = check(&staged, &name).await {
        let _ = tokio::fs::remove_file(&staged).await;
        return Err(error);
    }
    for suffix in ["-wal", "-shm"] {
        let side = format!("{}{suffix}", target.display());
        match tokio::fs::remove_file(&side).await {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                return Err(io("removing the old write-ahead log")(error));
            }
            _ => {}
        }
    }
    tokio::fs::rename(&staged, target)
        .await
        .map_err(io("putting the backup in place"))?;
    let db = connect(url).await?;
    migrate(&db).await?;
    let summary = summarise(&db).await?;
    db.close().await?;
    Ok(summary)
}

/// A database file that must exist already.
fn existing(path: &Path) -> String {
    format!("sqlite://{}?mode=rw", path.display())
}

/// The staged copy of the backup `name` is an intact SQLite database made by this release or
/// an earlier one.
async fn check(staged: &Path, name: &str) -> Result<(), BackupError> {
    let name = name.to_string();
    let not_a_backup = |why: String| BackupError::NotABackup(name.clone(), why);
    let db = connect(&existing(staged))
        .await
        .map_err(|e| not_a_backup(e.to_string()))?;
    let integrity = db
        .query_one(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA integrity_check",
        ))
        .await
        .map_err(|e| not_a_backup(e.to_string()))?
        .and_then(|row| row.try_get_by_index::<String>(0).ok());
    if integrity.as_deref() != Some("ok") {
        return Err(not_a_backup(format!("the integrity check says {integrity:?}")));
    }
    let applied = db
        .query_all(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT version FROM seaql_migrations",
        ))
        .await
        .map_err(|_| not_a_backup("it has no Kursportal migrations".into()))?;
    let known: BTreeSet<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    for row in applied {
        let version: String = row.try_get_by_index(0)?;
        if !known.contains(&version) {
            db.close().await?;
            return Err(BackupError::Newer(name, version));
        }
    }
    db.close().await?;
    Ok(())
}

async fn has_data(url: &str) -> Result<bool, BackupError> {
    let db = connect(url).await?;
    let tables = tables(&db).await?;
    let rows = if tables.iter().any(|t| t == "accounts") {
        count(&db, "accounts").await?
    } else {
        0
    };
    db.close().await?;
    Ok(rows > 0)
}

/// The portal's tables (SQLite's own left out).
pub async fn tables(db: &impl ConnectionTrait) -> Result<Vec<String>, sea_orm::DbErr> {
    let rows = db
        .query_all(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        ))
        .await?;
    rows.iter().map(|row| row.try_get_by_index::<String>(0)).collect()
}

async fn count(db: &impl ConnectionTrait, table: &str) -> Result<u64, sea_orm::DbErr> {
    let sql = format!("SELECT COUNT(*) FROM \"{}\"", table.replace('"', "\"\""));
    let row = db
        .query_one(Statement::from_string(DbBackend::Sqlite, sql))
        .await?;
    Ok(row
        .and_then(|r| r.try_get_by_index::<i64>(0).ok())
        .unwrap_or(0)
        .max(0) as u64)
}

async fn summarise(db: &impl ConnectionTrait) -> Result<Summary, sea_orm::DbErr> {
    let tables = tables(db).await?;
    let mut rows = 0;
    for table in &tables {
        rows += count(db, table).await?;
    }
    Ok(Summary {
        tables: tables.len(),
        rows,
    })
}
