//! The database connection: SQLite (embedded default) or PostgreSQL, one code path.
use migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr,
    sqlx::sqlite::SqliteJournalMode,
};
use std::time::Duration;

pub mod backup;

pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    if let Some(path) = sqlite_file(url)
        && let Some(parent) = std::path::Path::new(path).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent)
            .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", parent.display())))?;
    }
    let mut options = ConnectOptions::new(url.to_string());
    options
        .max_connections(if url.starts_with("sqlite:") { 8 } else { 20 })
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        // Set on every connection as it opens: WAL lets readers go on while one writer
        // commits, and a writer waits for the lock instead of failing at once.
        .map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(SqliteJournalMode::Wal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
        });
    let db = Database::connect(options).await?;
    Ok(db)
}

/// On SQLite, takes the write lock as a transaction's first statement. A transaction that reads
/// first and writes later cannot take the lock once another connection has written in between
/// (SQLITE_BUSY_SNAPSHOT, answered at once rather than after the busy timeout), so one that
/// checks before it changes things calls this first and waits its turn. PostgreSQL: nothing.
pub async fn write_lock<C: ConnectionTrait>(txn: &C) -> Result<(), DbErr> {
    if txn.get_database_backend() == DbBackend::Sqlite {
        txn.execute_unprepared("UPDATE accounts SET id = id WHERE id < 0")
            .await?;
    }
    Ok(())
}

/// Applies every pending migration, and the data changes that follow a marker migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    let pending = Migrator::get_pending_migrations(db).await?;
    let refold = pending
        .iter()
        .any(|m| m.name() == "m20261203_000002_name_search_folded");
    Migrator::up(db, None).await?;
    if refold {
        let (people, companies) = refold_names(db).await?;
        tracing::info!(
            people,
            companies,
            "names stored for search again (written and folded)"
        );
    }
    Ok(())
}

/// Stores the search form of every name again (`common::text::search_key`): accounts (not the
/// anonymised, who have none) and companies, a thousand at a time. Idempotent; returns how many
/// of each changed.
pub async fn refold_names(db: &DatabaseConnection) -> Result<(u64, u64), DbErr> {
    use crate::{
        common::text::search_key,
        entity::{account, company},
    };
    use sea_orm::{
        ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait, sea_query::Expr,
    };
    let (mut people, mut companies) = (0, 0);
    let mut after = 0i64;
    loop {
        let batch: Vec<(i64, String, Option<String>)> = account::Entity::find()
            .select_only()
            .columns([
                account::Column::Id,
                account::Column::FullName,
                account::Column::NameSearch,
            ])
            .filter(account::Column::Id.gt(after))
            .filter(account::Column::AnonymisedAt.is_null())
            .order_by_asc(account::Column::Id)
            .limit(1000)
            .into_tuple()
            .all(db)
            .await?;
        let Some(last) = batch.last() else { break };
        after = last.0;
        // One transaction per thousand: one commit (one fsync on SQLite) instead of one a row.
        let txn = db.begin().await?;
        for (id, name, stored) in batch {
            let key = search_key(&name);
            if stored.as_deref() != Some(key.as_str()) {
                account::Entity::update_many()
                    .col_expr(account::Column::NameSearch, Expr::value(key))
                    .filter(account::Column::Id.eq(id))
                    .exec(&txn)
                    .await?;
                people += 1;
            }
        }
        txn.commit().await?;
    }
    for (id, name, stored) in company::Entity::find()
        .select_only()
        .columns([
            company::Column::Id,
            company::Column::Name,
            company::Column::NameSearch,
        ])
        .into_tuple::<(i64, String, String)>()
        .all(db)
        .await?
    {
        let key = search_key(&name);
        if stored != key {
            company::Entity::update_many()
                .col_expr(company::Column::NameSearch, Expr::value(key))
                .filter(company::Column::Id.eq(id))
                .exec(db)
                .await?;
            companies += 1;
        }
    }
    Ok((people, companies))
}

/// The file behind a `sqlite://path?…` URL, if it names one.
fn sqlite_file(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then_some(path)
}

#[cfg(test)]
mod tests {
    use super::{connect, sqlite_file, write_lock};
    use sea_orm::{ConnectionTrait, TransactionTrait};

    /// A transaction that reads, then writes after another connection has written: on SQLite it
    /// fails at once unless it took the write lock first, and then it waits its turn.
    #[tokio::test]
    async fn a_write_lock_first_lets_a_checking_transaction_wait_its_turn() {
        let dir = std::env::temp_dir().join(format!("kp-lock-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let db = connect(&format!("sqlite://{}/t.db?mode=rwc", dir.display()))
            .await
            .unwrap();
        db.execute_unprepared("CREATE TABLE accounts (id INTEGER PRIMARY KEY, n INTEGER)")
            .await
            .unwrap();
        db.execute_unprepared("INSERT INTO accounts VALUES (1, 0)")
            .await
            .unwrap();
        for locked in [false, true] {
            let txn = db.begin().await.unwrap();
            if locked {
                write_lock(&txn).await.unwrap();
            }
            txn.execute_unprepared("SELECT n FROM accounts").await.unwrap();
            let other = {
                let db = db.clone();
                tokio::spawn(async move { db.execute_unprepared("UPDATE accounts SET n = n + 1").await })
            };
            if locked {
                // The other writer waits for this transaction.
                let written = txn.execute_unprepared("UPDATE accounts SET n = n + 10").await;
                assert!(written.is_ok(), "{written:?}");
                txn.commit().await.unwrap();
                other.await.unwrap().unwrap();
            } else {
                other.await.unwrap().unwrap();
                let written = txn.execute_unprepared("UPDATE accounts SET n = n + 10").await;
                assert!(written.is_err(), "the snapshot is stale: {written:?}");
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn finds_the_file_of_a_sqlite_url() {
        assert_eq!(
            sqlite_file("sqlite://data/kursportal.db?mode=rwc"),
            Some("data/kursportal.db")
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://localhost/kurs"), None);
    }
}
