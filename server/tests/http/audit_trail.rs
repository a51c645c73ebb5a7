//! «Logg»: administrators read the audit trail filtered by actor, subject, action and period,
//! newest first, paged by keyset, and download it as CSV; nobody else reads it.
use crate::common::TestApp;
use kursportal::audit;

async fn id_of(app: &TestApp, email: &str) -> i64 {
    app.account_id(email).await
}

async fn admin(app: &TestApp) -> reqwest::Client {
    let client = app.new_client();
    app.login_as(&client, "admin@kursportal.test", "demo-passord-admin")
        .await;
    client
}

fn actions(page: &serde_json::Value) -> Vec<String> {
    page["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect()
}

on_both_databases! {
    async fn administrators_filter_the_trail_and_page_back_by_keyset(app) {
        let admin_id = id_of(&app, "admin@kursportal.test").await;
        let learner_id = id_of(&app, "deltaker@kursportal.test").await;
        for n in 0..60 {
            audit::record(&app.db, Some(admin_id), "test.step", Some(learner_id), Some(format!("steg {n}"))).await.unwrap();
        }
        audit::record(&app.db, None, "test.other", None, None).await.unwrap();
        let admin = admin(&app).await;

        let (status, first) = app.call_as(&admin, "admin/audit", &[("query[action]", "test.step")]).await;
        assert_eq!(status, 200, "{first}");
        let entries = first["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 50);
        assert_eq!(entries[0]["detail"], "steg 59", "newest first");
        assert_eq!(entries[0]["actor"], "Ada Administrator");
        assert_eq!(entries[0]["subject"].as_str().map(|s| !s.is_empty()), Some(true));
        assert!(first["actions"].as_array().unwrap().iter().any(|a| a == "test.other"));
        let before = first["next"].as_i64().expect("an older page").to_string();
        // An entry written now does not shift the older page.
        audit::record(&app.db, Some(admin_id), "test.step", Some(learner_id), Some("steg 60".into())).await.unwrap();
        let (_, second) = app.call_as(&admin, "admin/audit", &[("query[action]", "test.step"), ("query[before]", before.as_str())]).await;
        let details: Vec<&str> = second["entries"].as_array().unwrap().iter().map(|e| e["detail"].as_str().unwrap()).collect();
        assert_eq!(details.len(), 10, "{details:?}");
        assert_eq!(details[0], "steg 9");
        assert_eq!(details[9], "steg 0");
        assert!(second["next"].is_null());

        // By the person it concerned, by who did it, by period.
        let (_, by_subject) = app.call_as(&admin, "admin/audit", &[("query[subject]", "deltaker@kursportal.test")]).await;
        assert!(actions(&by_subject).iter().all(|a| a == "test.step"), "{by_subject}");
        let (_, nobody) = app.call_as(&admin, "admin/audit", &[("query[actor]", "ingen.slik@eksempel.no")]).await;
        assert_eq!(nobody["entries"].as_array().unwrap().len(), 0);
        let today = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Oslo).format("%d.%m.%Y").to_string();
        let (_, today_only) = app.call_as(&admin, "admin/audit", &[("query[action]", "test.other"), ("query[from]", today.as_str()), ("query[to]", today.as_str())]).await;
        assert_eq!(actions(&today_only), vec!["test.other"]);
        let (_, long_ago) = app.call_as(&admin, "admin/audit", &[("query[action]", "test.other"), ("query[to]", "01.01.2020")]).await;
        assert_eq!(long_ago["entries"].as_array().unwrap().len(), 0);

        // The CSV holds every match, not one page.
        let csv = admin.get(app.url("/admin/logg.csv?action=test.step")).send().await.unwrap();
        assert_eq!(csv.status(), 200);
        assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let text = csv.text().await.unwrap();
        assert!(text.starts_with("\u{feff}Tid;Utført av;Handling;Gjelder;Detaljer\r\n"), "{text}");
        assert_eq!(text.lines().count(), 62, "header and 61 entries");

        let html = admin.get(app.url("/admin/logg?action=test.other")).send().await.unwrap().text().await.unwrap().replace("<!>", "");
        assert!(html.contains("test.other") && html.contains("Systemet"), "{html}");
    }

    async fn bad_dates_are_named_and_only_administrators_read_the_trail(app) {
        let admin = admin(&app).await;
        let (status, body) = app.call_as(&admin, "admin/audit", &[("query[from]", "i går")]).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.to_string().contains("from"), "{body}");
        let (status, body) = app.call_as(&admin, "admin/audit", &[("query[from]", "02.12.2026"), ("query[to]", "01.12.2026")]).await;
        assert_eq!(status, 400);
        assert!(body.to_string().contains("to"), "{body}");
        let html = admin.get(app.url("/admin/logg?from=i+g%C3%A5r")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Skriv datoen som dd.mm.åååå."), "the page names the problem");

        let anonymous = app.new_client();
        assert_eq!(app.call_as(&anonymous, "admin/audit", &[]).await.0, 401);
        assert_eq!(anonymous.get(app.url("/admin/logg.csv")).send().await.unwrap().status(), 401);
        for (email, password) in [("support@kursportal.test", "demo-passord-support"), ("deltaker@kursportal.test", "demo-passord-deltaker")] {
            let client = app.new_client();
            app.login_as(&client, email, password).await;
            assert_eq!(app.call_as(&client, "admin/audit", &[]).await.0, 403, "{email}");
            assert_eq!(client.get(app.url("/admin/logg.csv")).send().await.unwrap().status(), 403, "{email}");
        }
    }
}
