//! What an operator does with the binary: a backup while the portal runs, a restore that
//! gives back every row of every table, refusals that change nothing, and a shutdown that
//! tells the load balancer first (`/readyz` 503 while requests are still answered).
use crate::cli::{free_port, kursportal, temp_dir, wait_for_ok};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use std::{path::Path, process::Stdio, time::Duration};

fn run(dir: &Path, args: &[&str]) -> (bool, String) {
    let output = kursportal(dir).args(args).output().expect("run the binary");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

async fn open(file: &Path) -> DatabaseConnection {
    Database::connect(format!("sqlite://{}?mode=rw", file.display()))
        .await
        .unwrap()
}

/// Every row of every table, as SQLite quotes it, sorted: two databases with the same dump
/// hold the same data.
async fn dump(db: &DatabaseConnection) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for table in kursportal::db::backup::tables(db).await.unwrap() {
        let columns = db
            .query_all(Statement::from_string(
                DbBackend::Sqlite,
                format!("SELECT name FROM pragma_table_info('{table}')"),
            ))
            .await
            .unwrap();
        let row = columns
            .iter()
            .map(|c| format!("quote(\"{}\")", c.try_get_by_index::<String>(0).unwrap()))
            .collect::<Vec<_>>()
            .join(" || ',' || ");
        let sql =
            format!("SELECT group_concat(r, char(10)) FROM (SELECT {row} AS r FROM \"{table}\" ORDER BY r)");
        let rows = db
            .query_one(Statement::from_string(DbBackend::Sqlite, sql))
            .await
            .unwrap()
            .and_then(|r| r.try_get_by_index::<Option<String>>(0).unwrap())
            .unwrap_or_default();
        out.push((table, rows));
    }
    out
}

#[tokio::test]
async fn a_backup_restored_elsewhere_holds_every_row_of_every_table() {
    let (source, target) = (temp_dir(), temp_dir());
    let (ok, text) = run(&source, &["seed-demo"]);
    assert!(ok, "{text}");
    let file = source.join("backup.db");
    let (ok, text) = run(&source, &["backup", file.to_str().unwrap()]);
    assert!(ok && text.contains("Backup written"), "{text}");

    // A backup never overwrites; a file that is not one is refused, and nothing is created.
    let (ok, text) = run(&source, &["backup", file.to_str().unwrap()]);
    assert!(!ok && text.contains("never overwrites"), "{text}");
    let junk = source.join("junk.db");
    std::fs::write(&junk, b"this is not a database").unwrap();
    let (ok, text) = run(&target, &["restore", junk.to_str().unwrap()]);
    assert!(!ok && text.contains("not a Kursportal backup"), "{text}");
    assert!(!target.join("kursportal.db").exists());

    let (ok, text) = run(&target, &["restore", file.to_str().unwrap()]);
    assert!(ok && text.contains("Restored"), "{text}");
    let (original, restored) = (
        open(&source.join("kursportal.db")).await,
        open(&target.join("kursportal.db")).await,
    );
    let (before, after) = (dump(&original).await, dump(&restored).await);
    assert!(before.len() > 30, "{} tables", before.len());
    let rows: usize = before.iter().map(|(_, r)| r.lines().count()).sum();
    assert!(rows > 500, "{rows} rows");
    for ((table, a), (_, b)) in before.iter().zip(&after) {
        assert!(a == b, "{table} differs after the round trip");
    }
    assert_eq!(before.len(), after.len());

    // A database with data is replaced only when asked.
    let (ok, text) = run(&target, &["restore", file.to_str().unwrap()]);
    assert!(!ok && text.contains("--replace"), "{text}");
    let (ok, text) = run(&target, &["restore", "--replace", file.to_str().unwrap()]);
    assert!(ok, "{text}");
}

#[test]
fn on_postgresql_backup_names_pg_dump_and_touches_nothing() {
    let dir = temp_dir();
    let (ok, text) = {
        let output = kursportal(&dir)
            .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
            .env(
                "KURSPORTAL_SECRET_KEY",
                "6b7572736f7274616c2d66757a7a2d6b65792d6e6f742d666f722d70726f6421",
            )
            .args(["backup", dir.join("x.dump").to_str().unwrap()])
            .output()
            .unwrap();
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stderr).to_string(),
        )
    };
    assert!(!ok && text.contains("pg_dump --format=custom"), "{text}");
    assert!(!dir.join("x.dump").exists());
}

async fn status(client: &reqwest::Client, url: &str) -> Option<u16> {
    client.get(url).send().await.ok().map(|r| r.status().as_u16())
}

#[tokio::test]
async fn sigterm_turns_readyz_off_while_requests_are_still_answered_and_a_backup_runs_online() {
    let dir = temp_dir();
    let port = free_port();
    let mut child = kursportal(&dir)
        .env("KURSPORTAL_ADDR", format!("127.0.0.1:{port}"))
        .env("KURSPORTAL_SITE_ROOT", dir.join("site"))
        .env("KURSPORTAL_DRAIN_SECONDS", "3")
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the binary");
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let ready = wait_for_ok(&client, &format!("{base}/readyz")).await;
    assert_eq!(ready, Some(200));

    // Online: the copy is made while the portal serves, and it restores.
    let file = dir.join("online.db");
    let (ok, text) = run(&dir, &["backup", file.to_str().unwrap()]);
    assert!(ok, "{text}");
    let (ok, text) = run(&temp_dir(), &["restore", file.to_str().unwrap()]);
    assert!(ok, "{text}");

    let pid = child.id().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        status(&client, &format!("{base}/readyz")).await,
        Some(503),
        "not ready while draining"
    );
    assert_eq!(
        status(&client, &format!("{base}/healthz")).await,
        Some(200),
        "still answering"
    );
    let mut exited = None;
    for _ in 0..100 {
        if let Some(code) = child.try_wait().unwrap() {
            exited = Some(code);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let code = exited.expect("the process stops after the drain period");
    assert!(code.success(), "{code:?}");
}

/// SIGTERM while mail goes out through a slow mail server: the message being handed over is
/// finished and marked sent, no other is claimed, and the process exits; so nothing is left
/// reserved for two minutes, and what is still pending is another instance's at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_finishes_the_message_in_hand_and_leaves_no_mail_claimed() {
    use kursportal::mail::{Mailer, OutgoingMail, outbox};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let dir = temp_dir();
    let (ok, text) = run(&dir, &["migrate"]);
    assert!(ok, "{text}");
    let db = open(&dir.join("kursportal.db")).await;
    for n in 0..30 {
        let mail = OutgoingMail {
            to: format!("deltaker{n}@eksempel.no"),
            subject: "Påmelding bekreftet".into(),
            body_text: "Du er påmeldt.\n".into(),
            attachment: None,
        };
        Mailer::new().enqueue(&db, mail).await.unwrap();
    }
    let sink = crate::common::smtp::SmtpSink::answering_after(Duration::from_millis(400)).await;
    let port = free_port();
    let mut child = kursportal(&dir)
        .env("KURSPORTAL_ADDR", format!("127.0.0.1:{port}"))
        .env("KURSPORTAL_SITE_ROOT", dir.join("site"))
        .env("SMTP_URL", sink.url())
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.join("serve.log")).unwrap())
        .spawn()
        .expect("start the binary");
    sink.wait_for(2).await;
    // The third message is now with the mail server, waiting for its «250».
    tokio::time::sleep(Duration::from_millis(100)).await;
    let pid = child.id().to_string();
    let term = std::process::Command::new("kill").args(["-TERM", &pid]).status();
    assert!(term.unwrap().success());
    let mut exited = None;
    for _ in 0..150 {
        if let Some(code) = child.try_wait().unwrap() {
            exited = Some(code);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let code = exited.expect("the process stops once the message in hand is finished");
    assert!(code.success(), "{code:?}");

    let received = sink.messages().len();
    let sent = outbox::Entity::find()
        .filter(outbox::Column::Status.eq(outbox::STATUS_SENT))
        .count(&db)
        .await
        .unwrap();
    let claimed = outbox::Entity::find()
        .filter(outbox::Column::LockedUntil.is_not_null())
        .count(&db)
        .await
        .unwrap();
    assert_eq!(
        sent as usize, received,
        "every message the mail server took is marked sent, and no other"
    );
    assert_eq!(claimed, 0, "no message is left reserved by the stopped instance");
    assert!(received < 30, "it stopped before sending everything ({received})");
}
