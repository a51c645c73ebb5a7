//! A course administrator limited to subject areas: an administrator sets the areas on «Brukere
//! og roller» (audited, mailed, at once); the course administrator then manages the courses in
//! those areas and the areas below them, and nothing else — courses, sessions, participants and
//! their CSV, the e-learning editor and orders, subject areas. Administrators are never limited.
use crate::common::TestApp;
use kursportal::audit;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

const ADMIN: &str = "admin@kursportal.test";
const COURSE_ADMIN: &str = "kursadmin@kursportal.test";

async fn signed_in(app: &TestApp, email: &str, password: &str) -> reqwest::Client {
    let client = app.new_client();
    app.login_as(&client, email, password).await;
    client
}

async fn admin(app: &TestApp) -> reqwest::Client {
    signed_in(app, ADMIN, "demo-passord-admin").await
}

async fn course_admin(app: &TestApp) -> reqwest::Client {
    signed_in(app, COURSE_ADMIN, "demo-passord-kursadmin").await
}

async fn id_of(app: &TestApp, email: &str) -> String {
    app.account_id(email).await.to_string()
}

async fn area_changes(app: &TestApp) -> u64 {
    audit::Entity::find()
        .filter(audit::Column::Action.eq("account.areas_changed"))
        .count(&app.db)
        .await
        .unwrap()
}

/// The chosen areas of the course administrator, as «Brukere og roller» shows them.
async fn chosen(app: &TestApp, admin: &reqwest::Client) -> Vec<String> {
    let (status, found) = app
        .call_as(admin, "admin/people", &[("query", COURSE_ADMIN)])
        .await;
    assert_eq!(status, 200, "{found}");
    found[0]["areas"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["chosen"] == true)
        .map(|a| a["slug"].as_str().unwrap().to_string())
        .collect()
}

fn codes(courses: &Value) -> Vec<String> {
    courses
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap().to_string())
        .collect()
}

/// A session of `code` in a month, added by `admin`.
async fn session_of(app: &TestApp, admin: &reqwest::Client, code: &str) -> String {
    let at = |days: i64, hour: u32| {
        (chrono::Utc::now() + chrono::Duration::days(days))
            .format(&format!("%Y-%m-%dT{hour:02}:00"))
            .to_string()
    };
    let (starts, ends, deadline) = (at(30, 8), at(30, 15), at(28, 12));
    let (status, body) = app
        .call_as(
            admin,
            "admin/add-session",
            &[
                ("code", code),
                ("form[starts]", starts.as_str()),
                ("form[ends]", ends.as_str()),
                ("form[deadline]", deadline.as_str()),
                ("form[place]", "Drammen"),
                ("form[capacity]", "10"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body.as_i64().unwrap().to_string()
}

on_both_databases! {
    async fn a_course_administrator_limited_to_an_area_manages_its_courses_only(app) {
        let admin = admin(&app).await;
        let limited = course_admin(&app).await;
        let kursadmin_id = id_of(&app, COURSE_ADMIN).await;
        // Unlimited at first: every area offered, none chosen, every course managed.
        let (_, found) = app.call_as(&admin, "admin/people", &[("query", COURSE_ADMIN)]).await;
        assert!(found[0]["areas"].as_array().unwrap().iter().any(|a| a["path"] == "HMS og arbeidsmiljø › Førstehjelp og beredskap"), "{found}");
        assert!(chosen(&app, &admin).await.is_empty());
        let (_, all) = app.call_as(&limited, "admin/courses", &[("text", "")]).await;
        assert!(codes(&all).contains(&"SIK-100".to_string()));
        let sik_session = session_of(&app, &admin, "SIK-100").await;

        let (status, body) = app.call_as(&admin, "admin/areas", &[
            ("account_id", kursadmin_id.as_str()), ("areas[]", "hms"), ("reason", "Kursansvarlig for HMS fra januar"),
        ]).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(chosen(&app, &admin).await, ["hms"]);
        let row = audit::Entity::find().filter(audit::Column::Action.eq("account.areas_changed")).one(&app.db).await.unwrap().unwrap();
        assert_eq!(row.subject_id, Some(kursadmin_id.parse().unwrap()));
        assert_eq!(row.detail.as_deref(), Some("alle fagområder → HMS og arbeidsmiljø: Kursansvarlig for HMS fra januar"));
        let mails = app.mails_to(COURSE_ADMIN).await;
        assert!(mails.iter().any(|m| m.subject == "Fagområdene dine i Kursportalen er endret" && m.body_text.contains("- HMS og arbeidsmiljø\n")), "told by mail");

        // The same session, its next request: HMS and the areas below it, nothing else.
        let (status, mine) = app.call_as(&limited, "admin/courses", &[("text", "")]).await;
        assert_eq!(status, 200, "{mine}");
        let mine = codes(&mine);
        assert!(mine.contains(&"HMS-100".to_string()) && mine.contains(&"FHJ-100".to_string()) && mine.contains(&"MAS-100".to_string()), "{mine:?}");
        assert!(mine.iter().all(|c| ["HMS-", "FHJ-", "MAS-"].iter().any(|p| c.starts_with(p))), "{mine:?}");
        let (_, areas) = app.call_as(&limited, "admin/categories", &[]).await;
        let mut slugs: Vec<&str> = areas.as_array().unwrap().iter().map(|a| a["slug"].as_str().unwrap()).collect();
        slugs.sort();
        assert_eq!(slugs, ["forstehjelp", "hms", "maskin"]);

        for (endpoint, form) in [
            ("admin/course-form", vec![("code", "SIK-100")]),
            ("admin/sessions", vec![("code", "SIK-100")]),
            ("admin/roster", vec![("session_id", sik_session.as_str())]),
            ("admin/add-participant", vec![("session_id", sik_session.as_str()), ("email", "admin@kursportal.test")]),
            ("admin/cancel-session", vec![("session_id", sik_session.as_str()), ("reason", "")]),
            ("elearning/content", vec![("code", "SIG-100")]),
        ] {
            let (status, body) = app.call_as(&limited, endpoint, &form).await;
            assert_eq!(status, 403, "{endpoint} outside the areas: {body}");
        }
        let (status, _) = app.call_as(&limited, "admin/course-form", &[("code", "FHJ-100")]).await;
        assert_eq!(status, 200, "an area below the chosen one is managed");
        for csv in [format!("/admin/kursenhet/{sik_session}/deltakere.csv"), "/admin/kurs/SIG-100/bestillinger.csv".to_string()] {
            let status = limited.get(app.url(&csv)).send().await.unwrap().status().as_u16();
            assert_eq!(status, 403, "{csv}");
        }
        let (status, _) = app.call_as(&admin, "admin/roster", &[("session_id", sik_session.as_str())]).await;
        assert_eq!(status, 200, "administrators are never limited");

        // A new course only in a managed area; a new area only below a managed one.
        let mut form = crate::course_admin::course_form("HMS-900", "Varme arbeider");
        let (status, body) = app.call_as(&limited, "admin/save-course", &form).await;
        assert_eq!(status, 400, "sikkerhet-spor is outside: {body}");
        assert!(body.to_string().contains("category"), "{body}");
        form.retain(|(k, _)| *k != "form[category]");
        form.push(("form[category]", "forstehjelp"));
        let (status, body) = app.call_as(&limited, "admin/save-course", &form).await;
        assert_eq!(status, 200, "{body}");
        let (status, body) = app.call_as(&limited, "admin/add-category", &[("form[name]", "Tunnelsikkerhet"), ("form[parent]", "")]).await;
        assert_eq!(status, 400, "no new top area: {body}");
        assert!(body.to_string().contains("parent"), "{body}");
        let (status, body) = app.call_as(&limited, "admin/add-category", &[("form[name]", "Varme arbeider"), ("form[parent]", "hms")]).await;
        assert_eq!(status, 200, "{body}");
        let (_, areas) = app.call_as(&limited, "admin/categories", &[]).await;
        assert!(areas.as_array().unwrap().iter().any(|a| a["path"] == "HMS og arbeidsmiljø › Varme arbeider"), "a new area below is managed at once");

        // No areas chosen: every area again.
        let (status, body) = app.call_as(&admin, "admin/areas", &[("account_id", kursadmin_id.as_str()), ("reason", "Tilbake til alle fagområder")]).await;
        assert_eq!(status, 200, "{body}");
        let (status, _) = app.call_as(&limited, "admin/course-form", &[("code", "SIK-100")]).await;
        assert_eq!(status, 200);
        assert_eq!(area_changes(&app).await, 2);
    }

    async fn only_administrators_limit_course_administrators_and_bad_input_changes_nothing(app) {
        let kursadmin_id = id_of(&app, COURSE_ADMIN).await;
        let form = [("account_id", kursadmin_id.as_str()), ("areas[]", "hms"), ("reason", "Bare HMS")];
        let (status, _) = app.call_as(&app.new_client(), "admin/areas", &form).await;
        assert_eq!(status, 401);
        for (email, password) in [("support@kursportal.test", "demo-passord-support"), (COURSE_ADMIN, "demo-passord-kursadmin")] {
            let client = signed_in(&app, email, password).await;
            let (status, body) = app.call_as(&client, "admin/areas", &form).await;
            assert_eq!(status, 403, "{email}: {body}");
        }
        let admin = admin(&app).await;
        let (status, body) = app.call_as(&admin, "admin/areas", &[("account_id", kursadmin_id.as_str()), ("areas[]", "astrologi"), ("reason", "Nytt område")]).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.to_string().contains("areas"), "{body}");
        let (status, body) = app.call_as(&admin, "admin/areas", &[("account_id", kursadmin_id.as_str()), ("areas[]", "hms"), ("reason", " ")]).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.to_string().contains("reason"), "{body}");
        let support_id = id_of(&app, "support@kursportal.test").await;
        let (status, body) = app.call_as(&admin, "admin/areas", &[("account_id", support_id.as_str()), ("areas[]", "hms"), ("reason", "Feil person")]).await;
        assert_eq!(status, 409, "only a course administrator has areas: {body}");
        let (status, _) = app.call_as(&admin, "admin/areas", &[("account_id", "999999"), ("areas[]", "hms"), ("reason", "Finnes ikke")]).await;
        assert_eq!(status, 404);
        assert!(chosen(&app, &admin).await.is_empty());
        assert_eq!(area_changes(&app).await, 0);
        assert!(!app.mails_to(COURSE_ADMIN).await.iter().any(|m| m.subject.contains("Fagområdene")));

        // The areas belong to the role: taken away with it, not back with a new grant.
        let (status, _) = app.call_as(&admin, "admin/areas", &form).await;
        assert_eq!(status, 200);
        for role in ["instructor", "course_admin"] {
            let (status, body) = app.call_as(&admin, "admin/role", &[("account_id", kursadmin_id.as_str()), ("role", role), ("reason", "Omorganisering")]).await;
            assert_eq!(status, 200, "{body}");
        }
        assert!(chosen(&app, &admin).await.is_empty());
    }

    async fn the_areas_form_works_without_javascript(app) {
        let admin = admin(&app).await;
        let kursadmin_id = id_of(&app, COURSE_ADMIN).await;
        let html = admin.get(app.url("/admin/brukere?q=kursadmin")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("name=\"areas[]\"") && html.contains("value=\"forstehjelp\""), "{html}");
        let page = "/admin/brukere?q=kursadmin";
        let response = crate::forms::post_as_page(&app, &admin, "admin/areas", page,
            &[("account_id", kursadmin_id.as_str()), ("areas[]", "helse"), ("areas[]", "forstehjelp"), ("reason", "")]).await;
        let html = response.text().await.unwrap().replace("<!>", "");
        assert!(html.contains("Skriv hvorfor fagområdene endres"), "the refusal is shown on the page: {html}");
        assert!(chosen(&app, &admin).await.is_empty());
        let response = crate::forms::post_as_page(&app, &admin, "admin/areas", page,
            &[("account_id", kursadmin_id.as_str()), ("areas[]", "helse"), ("areas[]", "forstehjelp"), ("reason", "Helse og førstehjelp")]).await;
        assert_eq!(response.status().as_u16(), 200);
        let mut areas = chosen(&app, &admin).await;
        areas.sort();
        assert_eq!(areas, ["forstehjelp", "helse"]);
    }
}
