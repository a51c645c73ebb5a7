//! Results, completions and certificates over HTTP: an instructor records results, the
//! learner finds the completion under «Historikk», opens and downloads the certificate,
//! anyone verifies it; nobody reads another person's certificate; corrections and
//! revocations are visible at once and audited. Plus the expiry job with a driven clock.
use crate::common::{TestApp, registered_learner, synthetic_national_id};
use chrono::{Duration, Months, NaiveDate, Utc};
use kursportal::{
    accounts::mails::Links,
    audit,
    entity::{completion, session},
    learning::{expiry, rules::LeadTimes},
    mail::Mailer,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::Value;

async fn staff(app: &TestApp, email: &str, password: &str) -> reqwest::Client {
    let client = app.new_client();
    app.login_as(&client, email, password).await;
    client
}

/// A session of SIK-100 (valid 12 months) taught by the demo instructor, with two learners
/// enrolled; then moved into the past, as if it had taken place yesterday.
async fn finished_session(app: &TestApp) -> (i64, reqwest::Client, reqwest::Client, i64, i64) {
    let admin = staff(app, "kursadmin@kursportal.test", "demo-passord-kursadmin").await;
    let (_, instructors) = app.call_as(&admin, "admin/instructors", &[]).await;
    let ingrid = instructors
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "Ingrid Instruktør")
        .unwrap()["account_id"]
        .as_i64()
        .unwrap()
        .to_string();
    let day = (Utc::now() + Duration::days(10)).format("%Y-%m-%d").to_string();
    let deadline = (Utc::now() + Duration::days(8))
        .format("%Y-%m-%dT12:00")
        .to_string();
    let (starts, ends) = (format!("{day}T08:00"), format!("{day}T15:00"));
    let (status, id) = app
        .call_as(
            &admin,
            "admin/add-session",
            &[
                ("code", "SIK-100"),
                ("form[starts]", &starts),
                ("form[ends]", &ends),
                ("form[deadline]", &deadline),
                ("form[place]", "Drammen"),
                ("form[capacity]", "10"),
                ("form[instructor]", &ingrid),
            ],
        )
        .await;
    assert_eq!(status, 200, "{id}");
    let session_id = id.as_i64().unwrap();
    let anna = registered_learner(
        app,
        "anna@eksempel.no",
        "full_catalogue",
        &synthetic_national_id(51),
    )
    .await;
    let bjorn = registered_learner(
        app,
        "bjorn@eksempel.no",
        "full_catalogue",
        &synthetic_national_id(52),
    )
    .await;
    for learner in [&anna, &bjorn] {
        let (status, body) = app
            .call_as(
                learner,
                "enrolment/enrol",
                &[("session_id", &session_id.to_string())],
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let row = session::Entity::find_by_id(session_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut row: session::ActiveModel = row.into();
    row.starts_at = Set(Utc::now() - Duration::hours(30));
    row.ends_at = Set(Utc::now() - Duration::hours(23));
    row.update(&app.db).await.unwrap();
    let roster_ids = |roster: &Value, email: &str| {
        roster["participants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["email"] == email)
            .unwrap()["account_id"]
            .as_i64()
            .unwrap()
    };
    let (_, roster) = app
        .call_as(&admin, "admin/roster", &[("session_id", &session_id.to_string())])
        .await;
    assert_eq!(roster["can_record"], true, "{roster}");
    let (anna_id, bjorn_id) = (
        roster_ids(&roster, "anna@eksempel.no"),
        roster_ids(&roster, "bjorn@eksempel.no"),
    );
    (session_id, anna, bjorn, anna_id, bjorn_id)
}

fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile_dir();
    let path = dir.join("kursbevis.pdf");
    std::fs::write(&path, bytes).unwrap();
    let output = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian's poppler-utils) must be installed: ./kursportal.sh test installs it");
    assert!(
        output.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kp-pdf-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

on_both_databases! {
    async fn nobody_walks_through_every_kursbevis_code(app) {
        for n in 0..100 {
            let (status, _) = app.call("learning/verify", &[("code", &format!("ABCDE-{:05}", 20000 + n))]).await;
            assert_eq!(status, 404, "attempt {n}");
        }
        let (status, body) = app.call("learning/verify", &[("code", "ABCDE-23456")]).await;
        assert_eq!(status, 429, "{body}");
        assert_eq!(body["kind"], "rate_limited");
    }

    async fn an_instructor_records_results_and_the_learner_gets_a_certificate(app) {
        let (session_id, anna, bjorn, anna_id, bjorn_id) = finished_session(&app).await;
        let sid = session_id.to_string();
        let instructor = staff(&app, "instruktor@kursportal.test", "demo-passord-instruktor").await;

        // Learners cannot record results, not even their own.
        let (status, _) = app.call_as(&anna, "learning/record-outcome", &[("session_id", &sid), ("account_id", &anna_id.to_string()), ("outcome", "passed")]).await;
        assert_eq!(status, 403);
        // A made-up outcome is refused and changes nothing.
        let (status, _) = app.call_as(&instructor, "learning/record-outcome", &[("session_id", &sid), ("account_id", &anna_id.to_string()), ("outcome", "excellent")]).await;
        assert_eq!(status, 400);
        // Someone who is not on the list.
        let (status, _) = app.call_as(&instructor, "learning/record-outcome", &[("session_id", &sid), ("account_id", "999999"), ("outcome", "passed")]).await;
        assert_eq!(status, 404);

        let (status, body) = app.call_as(&instructor, "learning/record-outcome", &[("session_id", &sid), ("account_id", &anna_id.to_string()), ("outcome", "passed")]).await;
        assert_eq!(status, 200, "{body}");
        let (status, count) = app.call_as(&instructor, "learning/record-remaining", &[("session_id", &sid), ("outcome", "failed")]).await;
        assert_eq!((status, count.as_i64()), (200, Some(1)), "only Bjørn had no result");

        // «Historikk»: Anna has the completion, valid for 12 months; Bjørn has none.
        let (status, history) = app.call_as(&anna, "learning/history", &[]).await;
        assert_eq!(status, 200, "{history}");
        let rows = history.as_array().unwrap();
        assert_eq!(rows.len(), 1, "{history}");
        assert_eq!(rows[0]["course_code"], "SIK-100");
        assert_eq!(rows[0]["status"], "valid");
        let completed = (Utc::now() - Duration::hours(23)).with_timezone(&chrono_tz::Europe::Oslo).date_naive();
        let until = completed.checked_add_months(Months::new(12)).unwrap();
        assert_eq!(rows[0]["valid_until"], until.format("%d.%m.%Y").to_string());
        let code = rows[0]["code"].as_str().unwrap().to_string();
        let (_, none) = app.call_as(&bjorn, "learning/history", &[]).await;
        assert_eq!(none, serde_json::json!([]));

        // The certificate: the holder sees it, with birth date and never the national ID.
        let (status, certificate) = app.call_as(&anna, "learning/certificate", &[("code", &code)]).await;
        assert_eq!(status, 200, "{certificate}");
        assert_eq!(certificate["holder_name"], "Vera Viser");
        assert!(certificate["birth_date"].as_str().unwrap().ends_with("1950"), "{certificate}");
        assert!(!certificate.to_string().contains(&synthetic_national_id(51)));
        assert!(certificate["verify_url"].as_str().unwrap().ends_with(&format!("/verifiser/{code}")));
        // Nobody else reads it, by server function or by PDF address.
        let (status, _) = app.call_as(&bjorn, "learning/certificate", &[("code", &code)]).await;
        assert_eq!(status, 404, "another learner's certificate does not exist for them");
        let pdf_url = app.url(&format!("/kursbevis/{code}/kursbevis.pdf"));
        assert_eq!(bjorn.get(&pdf_url).send().await.unwrap().status(), 404);
        assert_eq!(app.new_client().get(&pdf_url).send().await.unwrap().status(), 401);
        let (status, html) = app.get_html(&format!("/kursbevis/{code}")).await;
        assert!(status < 500 && !html.contains("Vera Viser"), "the page shows nothing signed out");

        // The PDF, read back with a PDF text extractor; a name in any Latin alphabet prints as
        // written (the fonts are embedded), here a Sámi one.
        kursportal::entity::account::Entity::update_many()
            .col_expr(kursportal::entity::account::Column::FullName, sea_orm::sea_query::Expr::value("Máret Čuoŋománnu"))
            .filter(kursportal::entity::account::Column::Id.eq(anna_id))
            .exec(&app.db)
            .await
            .unwrap();
        let pdf = anna.get(&pdf_url).send().await.unwrap();
        assert_eq!(pdf.status(), 200);
        assert_eq!(pdf.headers()["content-type"], "application/pdf");
        assert_eq!(pdf.headers()["cache-control"], "private, no-store");
        // Words as the reader sees them: a long title wraps onto two lines.
        let text = pdf_text(&pdf.bytes().await.unwrap()).split_whitespace().collect::<Vec<_>>().join(" ");
        for expected in ["KURSBEVIS", "Máret Čuoŋománnu", "Sikkerhetskurs for arbeid på og ved spor", "SIK-100", "Bestått", &until.format("%d.%m.%Y").to_string(), &code, "Fødselsdato", "/verifiser/"] {
            assert!(text.contains(expected), "«{expected}» missing from the PDF text:\n{text}");
        }
        assert!(!text.contains(&synthetic_national_id(51)), "no national ID on paper");

        // Public verification, no login: the page and the server function.
        let (status, verdict) = app.call("learning/verify", &[("code", &code.to_lowercase())]).await;
        assert_eq!(status, 200, "{verdict}");
        assert_eq!(verdict["status"], "valid");
        assert!(verdict.get("birth_date").is_none(), "the public page shows no birth date");
        let (status, html) = app.get_html(&format!("/verifiser/{code}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("Kursbeviset er gyldig."), "{html}");
        // The same name, exactly, on every page and file that shows it.
        assert_eq!(verdict["holder_name"], "Máret Čuoŋománnu", "{verdict}");
        assert!(html.contains("Máret Čuoŋománnu"), "the verification page");
        let page = anna.get(app.url(&format!("/kursbevis/{code}"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Máret Čuoŋománnu"), "the kursbevis page");
        let csv = instructor.get(app.url(&format!("/admin/kursenhet/{session_id}/deltakere.csv"))).send().await.unwrap().text().await.unwrap();
        assert!(csv.contains("\"Máret Čuoŋománnu\""), "the participant list: {csv}");
        let (status, _) = app.call("learning/verify", &[("code", "ABCDE-23456")]).await;
        assert_eq!(status, 404);
        let (status, _) = app.call("learning/verify", &[("code", "<script>")]).await;
        assert_eq!(status, 404);

        // A correction withdraws the certificate it replaces, at once and audited.
        let (status, _) = app.call_as(&instructor, "learning/record-outcome", &[("session_id", &sid), ("account_id", &anna_id.to_string()), ("outcome", "no_show")]).await;
        assert_eq!(status, 200);
        let (_, verdict) = app.call("learning/verify", &[("code", &code)]).await;
        assert_eq!(verdict["status"], "revoked");
        let (_, history) = app.call_as(&anna, "learning/history", &[]).await;
        assert_eq!(history[0]["status"], "revoked", "the history keeps the withdrawn one");
        let (status, _) = app.call_as(&instructor, "learning/record-outcome", &[("session_id", &sid), ("account_id", &bjorn_id.to_string()), ("outcome", "passed")]).await;
        assert_eq!(status, 200);
        let trail = audit::Entity::find().filter(audit::Column::Action.eq("result.recorded")).all(&app.db).await.unwrap();
        assert_eq!(trail.len(), 4, "every result and correction is in the audit trail");
        assert!(trail.iter().any(|e| e.detail.as_deref() == Some(&format!("session {session_id}: passed → no_show"))));

        // Revocation by a course administrator, with a reason.
        let (_, bjorn_history) = app.call_as(&bjorn, "learning/history", &[]).await;
        let bjorn_code = bjorn_history[0]["code"].as_str().unwrap().to_string();
        let admin = staff(&app, "kursadmin@kursportal.test", "demo-passord-kursadmin").await;
        let (status, _) = app.call_as(&bjorn, "learning/revoke", &[("code", &bjorn_code), ("reason", "Jeg vil ikke")]).await;
        assert_eq!(status, 403);
        let (status, body) = app.call_as(&admin, "learning/revoke", &[("code", &bjorn_code), ("reason", "  ")]).await;
        assert_eq!(status, 400);
        assert_eq!(body["field"], "reason", "{body}");
        assert_eq!(app.call("learning/verify", &[("code", &bjorn_code)]).await.1["status"], "valid", "a refused revocation changes nothing");
        let (status, body) = app.call_as(&admin, "learning/revoke", &[("code", &bjorn_code), ("reason", "Feil person registrert")]).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(app.call("learning/verify", &[("code", &bjorn_code)]).await.1["status"], "revoked");
        let (status, _) = app.call_as(&admin, "learning/revoke", &[("code", &bjorn_code), ("reason", "igjen")]).await;
        assert_eq!(status, 409);
        let (_, sheet) = app.call_as(&admin, "learning/certificate", &[("code", &bjorn_code)]).await;
        assert_eq!(sheet["revoked_reason"], "Feil person registrert");
        assert_eq!(sheet["can_revoke"], true);
        let logged = audit::Entity::find().filter(audit::Column::Action.eq("certificate.revoked")).all(&app.db).await.unwrap();
        assert_eq!(logged.len(), 1);
    }

    async fn results_wait_until_the_session_has_started(app) {
        let admin = staff(&app, "kursadmin@kursportal.test", "demo-passord-kursadmin").await;
        let day = (Utc::now() + Duration::days(20)).format("%Y-%m-%d").to_string();
        let deadline = (Utc::now() + Duration::days(18)).format("%Y-%m-%dT12:00").to_string();
        let (starts, ends) = (format!("{day}T08:00"), format!("{day}T15:00"));
        let (status, id) = app
            .call_as(&admin, "admin/add-session", &[("code", "SIK-100"), ("form[starts]", &starts), ("form[ends]", &ends), ("form[deadline]", &deadline), ("form[place]", "Bergen"), ("form[capacity]", "5")])
            .await;
        assert_eq!(status, 200, "{id}");
        let (status, body) = app.call_as(&admin, "learning/record-remaining", &[("session_id", &id.to_string()), ("outcome", "passed")]).await;
        assert_eq!(status, 409, "{body}");
        let (_, roster) = app.call_as(&admin, "admin/roster", &[("session_id", &id.to_string())]).await;
        assert_eq!(roster["can_record"], false);
    }

    async fn expiry_reminders_go_out_once_each_across_instances(app) {
        let learner = registered_learner(&app, "utloper@eksempel.no", "full_catalogue", &synthetic_national_id(61)).await;
        drop(learner);
        let person = kursportal::entity::account::Entity::find()
            .filter(kursportal::entity::account::Column::Email.eq("utloper@eksempel.no"))
            .one(&app.db).await.unwrap().unwrap();
        let course = kursportal::entity::course::Entity::find()
            .filter(kursportal::entity::course::Column::Code.eq("SIK-100"))
            .one(&app.db).await.unwrap().unwrap();
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let insert = |valid_until: NaiveDate, code: &'static str| completion::ActiveModel {
            account_id: Set(person.id),
            course_id: Set(course.id),
            enrolment_id: Set(None),
            completed_on: Set(valid_until - Duration::days(365)),
            result: Set("Bestått".into()),
            score: Set(None),
            source: Set(completion::SOURCE_IMPORT.into()),
            valid_until: Set(Some(valid_until)),
            expired_at: Set(None),
            certificate_code: Set(code.into()),
            revoked_at: Set(None),
            revoked_reason: Set(None),
            recorded_by: Set(None),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        let item = insert(d(2027, 6, 30), "AAAAABBBBB").insert(&app.db).await.unwrap();
        let links = Links { public_url: "https://kurs.example.no".into(), support_email: "support@kursportal.test".into() };
        let leads = LeadTimes::default();
        let subject = "Kursbeviset ditt for «Sikkerhetskurs for arbeid på og ved spor» utløper 30.06.2027";

        // Two instances (two mailers on one database) run the job on every day of a year, at once.
        let (one, two) = (Mailer::new(), Mailer::new());
        let mut day = d(2027, 1, 1);
        while day <= d(2027, 7, 10) {
            let (a, b) = tokio::join!(
                expiry::send_reminders(&app.db, &one, &links, &leads, day),
                expiry::send_reminders(&app.db, &two, &links, &leads, day),
            );
            a.unwrap();
            b.unwrap();
            day += Duration::days(1);
        }
        let mails: Vec<_> = app.mails_to("utloper@eksempel.no").await.into_iter().filter(|m| m.subject == subject).collect();
        assert_eq!(mails.len(), 3, "90, 30 and 7 days before, once each");
        let sent = expiry::reminders_of(&app.db, item.id).await.unwrap();
        assert_eq!(sent.len(), 3);
        assert!(sent.values().all(|mailed| *mailed));

        // Expiry is marked the day after the last valid day, not before.
        assert_eq!(expiry::mark_expired(&app.db, d(2027, 6, 30)).await.unwrap(), 0);
        assert_eq!(expiry::mark_expired(&app.db, d(2027, 7, 1)).await.unwrap(), 1);
        let (_, history) = app.call_as(&staff(&app, "utloper@eksempel.no", crate::common::LEARNER_PASSWORD).await, "learning/history", &[]).await;
        assert_eq!(history[0]["status"], "expired", "{history}");

        // Recorded late (12 days left): one mail, the 30-day one; 90 is skipped, 7 comes later.
        let late = insert(d(2028, 1, 20), "CCCCCDDDDD").insert(&app.db).await.unwrap();
        expiry::send_reminders(&app.db, &one, &links, &leads, d(2028, 1, 8)).await.unwrap();
        let marks = expiry::reminders_of(&app.db, late.id).await.unwrap();
        assert_eq!(marks.get(&30), Some(&true));
        assert_eq!(marks.get(&90), Some(&false));
        assert_eq!(marks.get(&7), None);

        // Recertified: a newer completion of the same course silences the old one's reminders.
        let old = insert(d(2029, 3, 1), "EEEEEFFFFF").insert(&app.db).await.unwrap();
        insert(d(2030, 3, 1), "GGGGGHHHHH").insert(&app.db).await.unwrap();
        expiry::send_reminders(&app.db, &one, &links, &leads, d(2029, 2, 25)).await.unwrap();
        assert!(expiry::reminders_of(&app.db, old.id).await.unwrap().is_empty());
    }
}
