//! The outbox: mail is stored first, then sent over real SMTP by the worker, with retries;
//! sent mail is kept without its links' secrets for a while, then removed.
use crate::common;

use crate::common::{Backend, TestOptions, smtp::SmtpSink, spawn_app_with};
use kursportal::mail::{OutgoingMail, outbox, transport::MailTransport, worker::MailWorker};
use sea_orm::EntityTrait;

fn message(to: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.into(),
        subject: "Påmelding bekreftet: Førstehjelp – grunnkurs".into(),
        body_text: "Hei Kari,\n\ndu er påmeldt kurset.\n".into(),
        attachment: None,
    }
}

async fn delivered_over_smtp(backend: Backend) {
    let sink = SmtpSink::start().await;
    let Some(app) = spawn_app_with(
        backend,
        TestOptions {
            smtp_url: Some(sink.url()),
            seed_demo: false,
            ..Default::default()
        },
    )
    .await
    else {
        return;
    };
    let mut mail = message("kari@eksempel.no");
    mail.attachment = Some(kursportal::mail::Attachment {
        name: "SIK-100-1.ics".into(),
        content_type: "text/calendar; charset=utf-8; method=PUBLISH".into(),
        body: "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n".into(),
    });
    app.mailer.enqueue(&app.db, mail).await.unwrap();
    let received = sink.wait_for(1).await;
    // The calendar file travels as an attachment beside the text.
    assert!(
        received[0].data.contains("multipart/mixed"),
        "{}",
        received[0].data
    );
    assert!(
        received[0].data.contains("filename=\"SIK-100-1.ics\""),
        "{}",
        received[0].data
    );
    assert!(received[0].data.contains("text/calendar"), "{}", received[0].data);
    assert_eq!(received[0].to, vec!["<kari@eksempel.no>"]);
    assert!(received[0].data.contains("Subject: "), "{}", received[0].data);
    assert!(received[0].data.contains("kari@eksempel.no"));
    // The outbox row is marked sent.
    for _ in 0..50 {
        let rows = outbox::Entity::find().all(&app.db).await.unwrap();
        if rows[0].status == outbox::STATUS_SENT {
            assert_eq!(rows[0].attempts, 1);
            assert!(rows[0].sent_at.is_some());
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("outbox row never marked sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_is_delivered_over_smtp_sqlite() {
    delivered_over_smtp(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_is_delivered_over_smtp_postgres() {
    delivered_over_smtp(Backend::Postgres).await;
}

async fn retried_after_failure(backend: Backend) {
    // No application here: only the workers under test may touch the outbox.
    let Some(db) = common::migrated_database(backend).await else {
        return;
    };
    let mailer = kursportal::mail::Mailer::new();
    mailer.enqueue(&db, message("ola@eksempel.no")).await.unwrap();

    // A worker whose SMTP server does not answer: the message stays pending with a later attempt.
    let closed_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let failing = MailWorker::new(
        db.clone(),
        MailTransport::smtp(&format!("smtp://127.0.0.1:{closed_port}")).unwrap(),
        "Kursportalen <no-reply@kursportal.test>".parse().unwrap(),
        mailer.wake_signal(),
    );
    let now = chrono::Utc::now() + chrono::Duration::hours(1); // past any claim by the app's own worker
    assert_eq!(failing.send_due(now).await.unwrap(), 0);
    let row = outbox::Entity::find().one(&db).await.unwrap().unwrap();
    assert_eq!(row.status, outbox::STATUS_PENDING);
    assert!(row.attempts >= 1);
    assert!(row.last_error.is_some());
    assert!(row.next_attempt_at > now, "backoff pushes the next attempt");

    // Once SMTP answers, the next due run delivers it.
    let sink = SmtpSink::start().await;
    let working = MailWorker::new(
        db.clone(),
        MailTransport::smtp(&sink.url()).unwrap(),
        "Kursportalen <no-reply@kursportal.test>".parse().unwrap(),
        mailer.wake_signal(),
    );
    assert_eq!(
        working
            .send_due(row.next_attempt_at + chrono::Duration::minutes(5))
            .await
            .unwrap(),
        1
    );
    assert_eq!(sink.messages().len(), 1);

    // Sent mail is forgotten after its keeping time; what is not sent yet stays.
    mailer.enqueue(&db, message("per@eksempel.no")).await.unwrap();
    let later = chrono::Utc::now() + kursportal::mail::worker::KEEP_SENT + chrono::Duration::hours(1);
    assert_eq!(
        kursportal::mail::worker::purge_sent(&db, chrono::Utc::now())
            .await
            .unwrap(),
        0
    );
    assert_eq!(kursportal::mail::worker::purge_sent(&db, later).await.unwrap(), 1);
    let left = outbox::Entity::find().all(&db).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(
        (left[0].recipient.as_str(), left[0].status.as_str()),
        ("per@eksempel.no", outbox::STATUS_PENDING)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_mail_is_retried_sqlite() {
    retried_after_failure(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_mail_is_retried_postgres() {
    retried_after_failure(Backend::Postgres).await;
}
