//! Upgrades: a database made by an earlier release, with its demo data, brought up to date by
//! today's migrations; every row of every table is then read through today's entities.
//!
//! The fixture `tests/fixtures/release-2026-11-25.db` is the embedded database of commit
//! 70ce465 (the end of the first wave: 17 migrations) after `kursportal seed-demo`, with a day
//! of activity in that release's formats added; see
//! `docs/operations.md` for how it was made and how to add the next one.
use crate::cli::temp_dir;
use kursportal::entity;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, EntityName, EntityTrait, Statement};
use std::collections::BTreeSet;

/// Reads every row of each entity's table and returns (table, rows).
macro_rules! read_every_table {
    ($db:expr, $($module:ident),* $(,)?) => {{
        let mut read = Vec::new();
        $(
            let table = entity::$module::Entity.table_name().to_string();
            let rows = entity::$module::Entity::find()
                .all($db)
                .await
                .unwrap_or_else(|error| panic!("{table} cannot be read after the upgrade: {error}"));
            read.push((table, rows.len()));
        )*
        read
    }};
}

#[tokio::test]
async fn a_database_of_the_first_release_upgrades_and_every_row_still_reads() {
    let dir = temp_dir();
    let file = dir.join("kursportal.db");
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/release-2026-11-25.db"
    );
    std::fs::copy(fixture, &file).unwrap();
    let db = Database::connect(format!("sqlite://{}?mode=rw", file.display()))
        .await
        .unwrap();
    let before = kursportal::db::backup::tables(&db).await.unwrap();
    kursportal::db::migrate(&db)
        .await
        .expect("today's migrations apply to the old database");

    let schema = kursportal::db::backup::tables(&db).await.unwrap();
    read_after_upgrade(
        &db,
        before.len(),
        schema.into_iter().collect(),
        &[
            "accounts",
            "courses",
            "categories",
            "course_sessions",
            "enrolments",
            "completions",
            "competence_transfers",
            "learning_paths",
            "path_steps",
            "path_enrolments",
            "step_signoffs",
            "mail_outbox",
            "media",
            "audit_log",
            "api_clients",
        ],
    )
    .await;
}

/// The same on PostgreSQL: the fixture `tests/fixtures/release-2026-11-25.postgres.sql` is
/// `pg_dump --inserts --no-owner` of a PostgreSQL database that release's binary migrated and
/// filled with `kursportal seed-demo`.
#[tokio::test]
async fn a_postgresql_database_of_the_first_release_upgrades_and_every_row_still_reads() {
    let Some(url) = crate::common::fresh_database(crate::common::Backend::Postgres, &temp_dir()).await else {
        return;
    };
    let dump = include_str!("../fixtures/release-2026-11-25.postgres.sql");
    // psql's own commands (`\restrict`) are not SQL; the dump's `search_path` setting ends
    // with the connection that restored it.
    let dump: String = dump
        .lines()
        .filter(|l| !l.starts_with('\\'))
        .collect::<Vec<_>>()
        .join("\n");
    let restore = Database::connect(&url).await.unwrap();
    restore
        .execute_unprepared(&dump)
        .await
        .expect("the release's dump restores");
    restore.close().await.unwrap();
    let db = kursportal::db::connect(&url).await.unwrap();
    let before = public_tables(&db).await.len();
    kursportal::db::migrate(&db)
        .await
        .expect("today's migrations apply to the old database");
    let schema = public_tables(&db).await;
    read_after_upgrade(
        &db,
        before,
        schema,
        &[
            "accounts",
            "courses",
            "categories",
            "course_sessions",
            "companies",
        ],
    )
    .await;
}

async fn public_tables(db: &DatabaseConnection) -> BTreeSet<String> {
    let rows = db
        .query_all(Statement::from_string(
            DbBackend::Postgres,
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
        ))
        .await
        .unwrap();
    rows.iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect()
}

/// Reads every row of every table through today's entities; fails if a table of `schema` was
/// not read, if the upgrade added no table, or if one of `kept` lost its rows.
async fn read_after_upgrade(
    db: &DatabaseConnection,
    before: usize,
    mut schema: BTreeSet<String>,
    kept: &[&str],
) {
    let read = read_every_table!(
        db,
        account,
        account_token,
        api_client,
        attempt,
        audit_log,
        category,
        choice,
        company,
        company_contact,
        completion,
        course,
        course_admin_area,
        digest_send,
        digest_subscription,
        enrolment,
        event,
        follower,
        elearning_package,
        elearning_package_file,
        elearning_package_attempt,
        elearning_package_sco,
        help_answer,
        help_contact,
        help_topic,
        instructor,
        lesson,
        login_throttle,
        media,
        order,
        outbox,
        path,
        path_reminder,
        progress,
        question,
        reminder,
        requirement,
        session,
        session_request,
        signoff,
        site_setting,
        step,
        transfer,
        unit,
    );
    // Every table of the schema was read: none is left out of the list above.
    let read_tables: BTreeSet<_> = read.iter().map(|(t, _)| t.clone()).collect();
    schema.remove("seaql_migrations");
    schema.remove("sessions"); // tower-sessions' own table
    assert_eq!(read_tables, schema);
    assert!(
        before < schema.len(),
        "the upgrade added tables: {before} → {}",
        schema.len()
    );
    let rows = |table: &str| read.iter().find(|(t, _)| t == table).map_or(0, |(_, n)| *n);
    for table in kept {
        assert!(rows(table) > 0, "{table} kept its rows: {read:?}");
    }
}
