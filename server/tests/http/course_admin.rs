//! Course administration over HTTP, as a course administrator, an instructor and learners do it:
//! courses and subject areas, sessions, participants and waitlist, cancelling, CSV, requests for
//! a new session, «Kurskalender» and the personal calendar feed.

use crate::common::{TestApp, registered_learner, synthetic_national_id};
use serde_json::Value;

async fn staff(app: &TestApp, email: &str, password: &str) -> reqwest::Client {
    let client = app.new_client();
    app.login_as(&client, email, password).await;
    client
}

async fn course_admin(app: &TestApp) -> reqwest::Client {
    staff(app, "kursadmin@kursportal.test", "demo-passord-kursadmin").await
}

pub(crate) fn course_form<'a>(code: &'a str, title: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("original_code", ""),
        ("form[code]", code),
        ("form[title]", title),
        (
            "form[summary]",
            "Praktisk arbeid i tunnel med sikring og rømning.",
        ),
        ("form[description]", "Et kurs for alle som skal arbeide i tunnel."),
        ("form[agenda]", "Sikring\nRømning"),
        ("form[prerequisites]", "Grunnkurs i sikkerhet på spor"),
        ("form[target_group]", "Anleggsarbeidere"),
        ("form[kind]", "classroom"),
        ("form[category]", "sikkerhet-spor"),
        ("form[duration]", "1 dag"),
        ("form[place]", "Drammen"),
        ("form[price_nok]", "3500"),
        ("form[validity_months]", "24"),
        ("form[keywords]", "tunnel, rømning"),
        ("form[contact_name]", "Kari Kursansvarlig"),
        ("form[contact_email]", "kari@kursportal.test"),
        ("form[contact_phone]", ""),
        ("form[published]", "on"),
    ]
}

/// `YYYY-MM-DDTHH:MM`, `days` from now.
fn local(days: i64, hour: u32) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days))
        .format(&format!("%Y-%m-%dT{hour:02}:00"))
        .to_string()
}

async fn add_session(
    app: &TestApp,
    admin: &reqwest::Client,
    code: &str,
    days: i64,
    capacity: &str,
    extra: &[(&str, &str)],
) -> i64 {
    let (starts, ends, deadline) = (local(days, 8), local(days, 15), local(days - 2, 12));
    let mut form = vec![
        ("code", code),
        ("form[starts]", starts.as_str()),
        ("form[ends]", ends.as_str()),
        ("form[deadline]", deadline.as_str()),
        ("form[place]", "Drammen"),
        ("form[capacity]", capacity),
    ];
    form.extend_from_slice(extra);
    let (status, body) = app.call_as(admin, "admin/add-session", &form).await;
    assert_eq!(status, 200, "{body}");
    body.as_i64().expect("the new session's id")
}

fn names(roster: &Value) -> Vec<(String, Option<u64>)> {
    roster["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["email"].as_str().unwrap().to_string(),
                p["waiting_position"].as_u64(),
            )
        })
        .collect()
}

on_both_databases! {
    async fn only_course_staff_may_administer(app) {
        let learner = registered_learner(&app, "lise@eksempel.no", "full_catalogue", &synthetic_national_id(1)).await;
        for (endpoint, form) in [
            ("admin/courses", vec![("text", "")]),
            ("admin/save-course", course_form("X-1", "Ikke lov")),
            ("admin/session-requests", vec![]),
            ("admin/roster", vec![("session_id", "1")]),
            ("admin/cancel-session", vec![("session_id", "1"), ("reason", "")]),
        ] {
            let (status, _) = app.call_as(&learner, endpoint, &form).await;
            assert_eq!(status, 403, "{endpoint} refuses a learner");
            let (status, _) = app.call(endpoint, &form).await;
            assert_eq!(status, 401, "{endpoint} refuses a visitor");
        }
        let support = staff(&app, "support@kursportal.test", "demo-passord-support").await;
        let (status, _) = app.call_as(&support, "admin/courses", &[("text", "")]).await;
        assert_eq!(status, 403, "support is not course administration");
        assert_eq!(app.get("/admin/kursenhet/1/deltakere.csv").await.status(), 401);
    }

    async fn a_course_administrator_builds_a_course_that_is_found_at_once(app) {
        let admin = course_admin(&app).await;
        // Bad input: every problem named, nothing stored.
        let mut bad = course_form("tunnel 1!", "");
        bad.retain(|(k, _)| *k != "form[contact_email]");
        bad.push(("form[contact_email]", "kari"));
        let (status, body) = app.call_as(&admin, "admin/save-course", &bad).await;
        assert_eq!(status, 400, "{body}");
        let fields: Vec<&str> = body["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["code", "title", "contact_email"], "{body}");

        // A new subject area, then the course in it.
        let (status, slug) = app.call_as(&admin, "admin/add-category", &[("form[name]", "Tunnelsikkerhet"), ("form[parent]", "jernbane")]).await;
        assert_eq!(status, 200, "{slug}");
        assert_eq!(slug, "tunnelsikkerhet");
        let (status, _) = app.call_as(&admin, "admin/add-category", &[("form[name]", "Tunnelsikkerhet"), ("form[parent]", "")]).await;
        assert_eq!(status, 409, "the same name twice");
        let (status, body) = app.call_as(&admin, "admin/update-category", &[("slug", "jernbane"), ("form[name]", "Jernbane"), ("form[parent]", "tunnelsikkerhet")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("parent")), "no cycles: {body}");
        let (status, _) = app.call_as(&admin, "admin/update-category", &[("slug", "tunnelsikkerhet"), ("form[name]", "Tunnel og fjellhaller"), ("form[parent]", "bygg")]).await;
        assert_eq!(status, 200);
        let (_, options) = app.call_as(&admin, "admin/categories", &[]).await;
        assert!(options.as_array().unwrap().iter().any(|o| o["slug"] == "tunnelsikkerhet" && o["path"] == "Bygg og anlegg › Tunnel og fjellhaller"), "{options}");
        let mut form = course_form("tun-100", "Arbeid i tunnel");
        form.retain(|(k, _)| *k != "form[category]");
        form.push(("form[category]", "tunnelsikkerhet"));
        let (status, code) = app.call_as(&admin, "admin/save-course", &form).await;
        assert_eq!(status, 200, "{code}");
        assert_eq!(code, "TUN-100");
        let (status, _) = app.call_as(&admin, "admin/save-course", &form).await;
        assert_eq!(status, 409, "a second course with the same code");

        // Found by search and suggestions straight away, with prerequisites on its page.
        let (_, suggested) = app.get_json("/api/catalogue/suggest?text=tunn").await;
        assert_eq!(suggested[0]["code"], "TUN-100", "{suggested}");
        let (_, detail) = app.call("catalogue/course", &[("code", "TUN-100")]).await;
        assert_eq!(detail["prerequisites"][0], "Grunnkurs i sikkerhet på spor");

        // Editing keeps it findable under its new title.
        let (_, mut loaded) = app.call_as(&admin, "admin/course-form", &[("code", "TUN-100")]).await;
        assert_eq!(loaded["title"], "Arbeid i tunnel");
        loaded["title"] = Value::String("Arbeid i jernbanetunnel".into());
        let mut edit: Vec<(String, String)> = loaded
            .as_object()
            .unwrap()
            .iter()
            .filter_map(|(k, v)| v.as_str().map(|v| (format!("form[{k}]"), v.to_string())))
            .collect();
        edit.push(("original_code".into(), "TUN-100".into()));
        let edit: Vec<(&str, &str)> = edit.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let (status, body) = app.call_as(&admin, "admin/save-course", &edit).await;
        assert_eq!(status, 200, "{body}");
        let (_, suggested) = app.get_json("/api/catalogue/suggest?text=jernbanetunnel").await;
        assert_eq!(suggested[0]["code"], "TUN-100", "{suggested}");
    }

    async fn participants_waitlist_capacity_moves_and_cancelling(app) {
        let admin = course_admin(&app).await;
        let first = add_session(&app, &admin, "SIK-100", 20, "2", &[]).await;
        let second = add_session(&app, &admin, "SIK-100", 40, "5", &[]).await;
        // Bad session input changes nothing.
        let (status, body) = app
            .call_as(&admin, "admin/add-session", &[("code", "SIK-100"), ("form[starts]", "i morgen"), ("form[ends]", ""), ("form[deadline]", ""), ("form[place]", ""), ("form[capacity]", "0")])
            .await;
        assert_eq!(status, 400, "{body}");

        let people = ["a@eksempel.no", "b@eksempel.no", "c@eksempel.no", "d@eksempel.no"];
        for (n, email) in people.iter().enumerate() {
            registered_learner(&app, email, "full_catalogue", &synthetic_national_id(10 + n as u32)).await;
            let (status, body) = app.call_as(&admin, "admin/add-participant", &[("session_id", &first.to_string()), ("email", email)]).await;
            assert_eq!(status, 200, "{body}");
        }
        // Each is told, as if they had enrolled themselves.
        assert!(app.mails_to("a@eksempel.no").await.iter().any(|m| m.subject.starts_with("Påmelding bekreftet")));
        assert!(app.mails_to("d@eksempel.no").await.iter().any(|m| m.subject.starts_with("Du står på venteliste")));
        let (status, body) = app.call_as(&admin, "admin/add-participant", &[("session_id", &first.to_string()), ("email", "ingen@eksempel.no")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("email")));
        let (_, roster) = app.call_as(&admin, "admin/roster", &[("session_id", &first.to_string())]).await;
        assert_eq!(
            names(&roster),
            [("a@eksempel.no".into(), None), ("b@eksempel.no".into(), None), ("c@eksempel.no".into(), Some(1)), ("d@eksempel.no".into(), Some(2))]
        );

        // One more seat: the first in line gets it at once, and a mail.
        let (_, sessions) = app.call_as(&admin, "admin/sessions", &[("code", "SIK-100")]).await;
        let this = sessions.as_array().unwrap().iter().find(|s| s["id"] == first).unwrap().clone();
        let update = |capacity: &'static str| {
            vec![
                ("session_id".to_string(), first.to_string()),
                ("form[starts]".into(), this["starts_local"].as_str().unwrap().to_string()),
                ("form[ends]".into(), this["ends_local"].as_str().unwrap().to_string()),
                ("form[deadline]".into(), this["deadline_local"].as_str().unwrap().to_string()),
                ("form[place]".into(), "Drammen".into()),
                ("form[capacity]".into(), capacity.to_string()),
            ]
        };
        let as_refs = |form: &Vec<(String, String)>| form.iter().map(|(k, v)| (k.clone(), v.clone())).collect::<Vec<_>>();
        let form = as_refs(&update("3"));
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let (status, body) = app.call_as(&admin, "admin/update-session", &form).await;
        assert_eq!(status, 200, "{body}");
        assert!(app.mails_to("c@eksempel.no").await.iter().any(|m| m.subject.starts_with("Du har fått plass")));
        let form = as_refs(&update("2"));
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let (status, body) = app.call_as(&admin, "admin/update-session", &form).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("capacity")), "nobody loses a seat: {body}");

        // Removing a seated person promotes the next; moving someone frees their seat too.
        let (_, roster) = app.call_as(&admin, "admin/roster", &[("session_id", &first.to_string())]).await;
        let id_of = |email: &str| roster["participants"].as_array().unwrap().iter().find(|p| p["email"] == email).unwrap()["account_id"].as_i64().unwrap().to_string();
        let (a, b) = (id_of("a@eksempel.no"), id_of("b@eksempel.no"));
        let (status, _) = app.call_as(&admin, "admin/remove-participant", &[("session_id", &first.to_string()), ("account_id", &a)]).await;
        assert_eq!(status, 200);
        let (status, moved) = app.call_as(&admin, "admin/move-participant", &[("session_id", &first.to_string()), ("account_id", &b), ("to_session", &second.to_string())]).await;
        assert_eq!(status, 200, "{moved}");
        assert_eq!(moved["status"], "enrolled");
        let (_, roster) = app.call_as(&admin, "admin/roster", &[("session_id", &first.to_string())]).await;
        assert_eq!(names(&roster), [("c@eksempel.no".into(), None), ("d@eksempel.no".into(), None)]);
        let (_, roster2) = app.call_as(&admin, "admin/roster", &[("session_id", &second.to_string())]).await;
        assert_eq!(names(&roster2), [("b@eksempel.no".into(), None)]);

        // CSV for a spreadsheet.
        let csv = admin.get(app.url(&format!("/admin/kursenhet/{first}/deltakere.csv"))).send().await.unwrap();
        assert_eq!(csv.status(), 200);
        assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        assert_eq!(csv.headers()["cache-control"], "private, no-store", "personal data is not kept by caches");
        let text = csv.text().await.unwrap();
        assert!(text.starts_with("\u{feff}Navn;E-post;Status"), "{text}");
        assert!(text.contains("\"c@eksempel.no\";\"Påmeldt\""), "every cell quoted: {text}");
        assert_eq!(text.lines().count(), 3, "{text}");

        // Cancelling the session tells everyone on it.
        let (status, _) = app.call_as(&admin, "admin/cancel-session", &[("session_id", &first.to_string()), ("reason", "Instruktøren er syk.")]).await;
        assert_eq!(status, 200);
        for email in ["c@eksempel.no", "d@eksempel.no"] {
            let mails = app.mails_to(email).await;
            let cancelled = mails.iter().find(|m| m.subject.starts_with("Avlyst")).expect("a cancellation mail");
            assert!(cancelled.body_text.contains("Instruktøren er syk."), "{}", cancelled.body_text);
        }
        assert!(app.mails_to("b@eksempel.no").await.iter().all(|m| !m.subject.starts_with("Avlyst")), "b was moved away first");
        let (_, roster) = app.call_as(&admin, "admin/roster", &[("session_id", &first.to_string())]).await;
        assert_eq!(roster["session"]["cancelled"], true);
        assert!(names(&roster).is_empty());
        let (status, _) = app.call_as(&admin, "admin/add-participant", &[("session_id", &first.to_string()), ("email", "a@eksempel.no")]).await;
        assert_eq!(status, 409, "a cancelled session takes nobody");
    }

    async fn instructors_see_their_own_participants_only(app) {
        let admin = course_admin(&app).await;
        let (_, instructors) = app.call_as(&admin, "admin/instructors", &[]).await;
        let ingrid = instructors.as_array().unwrap().iter().find(|i| i["name"] == "Ingrid Instruktør").unwrap()["account_id"].as_i64().unwrap().to_string();
        assert!(instructors.as_array().unwrap().iter().any(|i| i["name"] == "Ada Administrator"), "administrators can teach: {instructors}");
        let own = add_session(&app, &admin, "SIK-100", 25, "10", &[("form[instructor]", ingrid.as_str())]).await;
        let other = add_session(&app, &admin, "SIK-100", 26, "10", &[]).await;
        let instructor = staff(&app, "instruktor@kursportal.test", "demo-passord-instruktor").await;
        let (status, mine) = app.call_as(&instructor, "instructor/sessions", &[]).await;
        assert_eq!(status, 200, "{mine}");
        assert!(mine.as_array().unwrap().iter().any(|s| s["id"] == own), "{mine}");
        let (status, roster) = app.call_as(&instructor, "admin/roster", &[("session_id", &own.to_string())]).await;
        assert_eq!(status, 200, "{roster}");
        assert_eq!(roster["can_edit"], false);
        let (status, _) = app.call_as(&instructor, "admin/roster", &[("session_id", &other.to_string())]).await;
        assert_eq!(status, 403, "another instructor's session");
        let (status, _) = app.call_as(&instructor, "admin/remove-participant", &[("session_id", &own.to_string()), ("account_id", "1")]).await;
        assert_eq!(status, 403, "instructors read, they do not change the list");
        let csv = instructor.get(app.url(&format!("/admin/kursenhet/{own}/deltakere.csv"))).send().await.unwrap();
        assert_eq!(csv.status(), 200);
    }

    async fn a_request_for_a_new_session_is_answered_by_mail(app) {
        let admin = course_admin(&app).await;
        // An e-learning course has no sessions; a classroom course without one is made here.
        let (status, _) = app.call_as(&admin, "admin/save-course", &course_form("REQ-1", "Kurs uten datoer")).await;
        assert_eq!(status, 200);
        let learner = registered_learner(&app, "ole@eksempel.no", "full_catalogue", &synthetic_national_id(30)).await;
        let (status, body) = app.call_as(&learner, "enrolment/request-session", &[("code", "REQ-1"), ("form[preferred_place]", ""), ("form[preferred_period]", "")]).await;
        assert_eq!(status, 400, "{body}");
        let (status, _) = app
            .call_as(&learner, "enrolment/request-session", &[("code", "REQ-1"), ("form[preferred_place]", "Bergen"), ("form[preferred_period]", "mars 2027"), ("form[note]", "Vi er fire fra samme lag.")])
            .await;
        assert_eq!(status, 200);
        let (status, _) = app.call("enrolment/request-session", &[("code", "REQ-1"), ("form[preferred_place]", "Bergen"), ("form[preferred_period]", "mars")]).await;
        assert_eq!(status, 401);

        let (_, groups) = app.call_as(&admin, "admin/session-requests", &[]).await;
        let group = groups.as_array().unwrap().iter().find(|g| g["course_code"] == "REQ-1").expect("grouped by course").clone();
        assert_eq!(group["requests"][0]["preferred_place"], "Bergen");
        assert_eq!(group["requests"][0]["email"], "ole@eksempel.no");

        let session = add_session(&app, &admin, "REQ-1", 60, "12", &[("answer_requests", "on")]).await;
        let mails = app.mails_to("ole@eksempel.no").await;
        let told = mails.iter().find(|m| m.subject.starts_with("Ny kursenhet")).expect("the requester is told");
        assert!(told.body_text.contains("/kurs/REQ-1"), "{}", told.body_text);
        assert!(told.attachment_body.as_deref().is_some_and(|ics| ics.contains(&format!("kursenhet-{session}@"))));
        let (_, groups) = app.call_as(&admin, "admin/session-requests", &[]).await;
        assert!(groups.as_array().unwrap().iter().all(|g| g["course_code"] != "REQ-1"), "answered requests leave the list");
    }

    async fn course_calendar_and_personal_feed(app) {
        let (status, calendar) = app.call("enrolment/calendar", &[]).await;
        assert_eq!(status, 200, "{calendar}");
        let months = calendar["options"]["months"].as_array().unwrap().clone();
        assert!(!months.is_empty());
        let month = format!("{:04}-{:02}", months[0]["year"], months[0]["month"].as_u64().unwrap());
        let (_, in_month) = app.call("enrolment/calendar", &[("month", &month)]).await;
        let entries = in_month["entries"].as_array().unwrap();
        assert!(!entries.is_empty(), "{in_month}");
        let place = entries[0]["session"]["place"].as_str().unwrap().to_string();
        let (_, at_place) = app.call("enrolment/calendar", &[("month", &month), ("place", &place)]).await;
        assert!(at_place["entries"].as_array().unwrap().iter().all(|e| e["session"]["place"] == place.as_str()));
        let (status, html) = app.get_html(&format!("/kurskalender?maaned={month}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("Kurskalender"), "the page renders without JavaScript");

        // The personal feed: secret address, the learner's sessions, a new address ends the old.
        let learner = registered_learner(&app, "feed@eksempel.no", "full_catalogue", &synthetic_national_id(40)).await;
        let session_id = entries[0]["session"]["id"].as_i64().unwrap().to_string();
        let (status, _) = app.call_as(&learner, "enrolment/enrol", &[("session_id", &session_id)]).await;
        assert_eq!(status, 200);
        let (status, url) = app.call_as(&learner, "enrolment/calendar-feed", &[]).await;
        assert_eq!(status, 200, "{url}");
        let url = url.as_str().unwrap().to_string();
        let feed = reqwest::get(&url).await.unwrap();
        assert_eq!(feed.status(), 200, "no cookie needed");
        let body = feed.text().await.unwrap();
        assert!(body.contains(&format!("UID:kursenhet-{session_id}@")), "{body}");
        assert_eq!(reqwest::get(url.replace(".ics", "0.ics")).await.unwrap().status(), 404, "a wrong token");
        let (_, new_url) = app.call_as(&learner, "enrolment/new-calendar-feed", &[]).await;
        assert_ne!(new_url.as_str().unwrap(), url);
        assert_eq!(reqwest::get(&url).await.unwrap().status(), 404, "the old address stops working");
        assert_eq!(reqwest::get(new_url.as_str().unwrap()).await.unwrap().status(), 200);
        let (status, _) = app.call("enrolment/calendar-feed", &[]).await;
        assert_eq!(status, 401);
    }
}

on_both_databases! {
    async fn a_paid_enrolment_records_the_invoice_reference_typed(app) {
        use kursportal::entity::{course, session};
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        let paid = course::Entity::find()
            .filter(course::Column::PriceNok.gt(0))
            .filter(course::Column::Kind.ne("e_learning"))
            .order_by_asc(course::Column::Id)
            .one(&app.db).await.unwrap().expect("a paid dated demo course");
        let sessions = session::Entity::find()
            .filter(session::Column::CourseId.eq(paid.id))
            .order_by_asc(session::Column::StartsAt)
            .all(&app.db).await.unwrap();
        let target = sessions.last().expect("a session").id.to_string();
        let learner = registered_learner(&app, "faktura@eksempel.no", "full_catalogue", &synthetic_national_id(50)).await;
        let (_, listed) = app.call_as(&learner, "enrolment/sessions", &[("code", &paid.code)]).await;
        assert_eq!(listed[0]["priced"], true, "{listed}");
        let long = "x".repeat(101);
        let (status, body) = app.call_as(&learner, "enrolment/enrol", &[("session_id", &target), ("invoice_reference", &long)]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("invoice_reference")), "{body}");
        let (status, body) = app.call_as(&learner, "enrolment/enrol", &[("session_id", &target), ("invoice_reference", " PO-4711 ")]).await;
        assert_eq!(status, 200, "{body}");
        let admin = course_admin(&app).await;
        let (_, roster) = app.call_as(&admin, "admin/roster", &[("session_id", &target)]).await;
        let row = roster["participants"].as_array().unwrap().iter().find(|p| p["email"] == "faktura@eksempel.no").expect("listed").clone();
        assert_eq!(row["invoice_reference"], "PO-4711");
        assert!(row["employer"].as_str().unwrap().contains("Nordlys"), "{row}");
    }
}

/// The codes on the first page of `/kurs` with the place filter (from the in-memory catalogue).
async fn codes_at(app: &TestApp, place: &str) -> Vec<String> {
    let (status, page) = app
        .call("catalogue/courses", &[("page", "1"), ("place", place)])
        .await;
    assert_eq!(status, 200, "{page}");
    crate::common::codes(&page)
}

on_both_databases! {
    async fn the_catalogue_filters_follow_session_changes_at_once(app) {
        let admin = course_admin(&app).await;
        assert!(!codes_at(&app, "Drammen").await.contains(&"SIK-100".to_string()), "no session in Drammen yet");
        let id = add_session(&app, &admin, "SIK-100", 30, "8", &[]).await;
        assert!(codes_at(&app, "Drammen").await.contains(&"SIK-100".to_string()), "a new session is found at once");

        // Moved to Hamar: found there, no longer in Drammen.
        let (starts, ends, deadline) = (local(30, 8), local(30, 15), local(28, 12));
        let form = [
            ("session_id", id.to_string()),
            ("form[starts]", starts),
            ("form[ends]", ends),
            ("form[deadline]", deadline),
            ("form[place]", "Hamar".to_string()),
            ("form[capacity]", "8".to_string()),
        ];
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, body) = app.call_as(&admin, "admin/update-session", &form).await;
        assert_eq!(status, 200, "{body}");
        assert!(codes_at(&app, "Hamar").await.contains(&"SIK-100".to_string()));
        assert!(!codes_at(&app, "Drammen").await.contains(&"SIK-100".to_string()));

        let id = id.to_string();
        let (status, body) = app
            .call_as(&admin, "admin/cancel-session", &[("session_id", &id), ("reason", "Instruktøren er syk.")])
            .await;
        assert_eq!(status, 200, "{body}");
        assert!(!codes_at(&app, "Hamar").await.contains(&"SIK-100".to_string()), "a cancelled session is gone");
    }
}
