//! Requirements and «Kompetanseoversikt» over HTTP: each status at its boundaries, who sees
//! whom (a leader their units and sub-units, a company contact their employer's people, an
//! administrator everyone), the learner's «Påkrevd opplæring», the CSV, and the admin forms'
//! refusals. Units come from the HR feed (`unit_code`) and are arranged by an administrator.
use crate::common::{TestApp, registered_learner, synthetic_national_id};
use crate::competence::{ORG, put_employee, token};
use crate::paths::pass_sik100;
use chrono::{Duration, NaiveDate, Utc};
use kursportal::{
    competence::clients::Scope,
    entity::{account, audit_log, completion, course, progress, requirement},
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::{Value, json};

pub(crate) const ADMIN: (&str, &str) = ("admin@kursportal.test", "demo-passord-admin");
const KURSADMIN: (&str, &str) = ("kursadmin@kursportal.test", "demo-passord-kursadmin");
pub(crate) const OTHER_ORG: &str = "923609016";

pub(crate) async fn signed_in(app: &TestApp, who: (&str, &str)) -> reqwest::Client {
    let client = app.new_client();
    app.login_as(&client, who.0, who.1).await;
    client
}

/// An employee from the HR feed in `unit`, employed by `org` since `start`.
pub(crate) async fn employee(
    app: &TestApp,
    hr: &str,
    code: &str,
    name: &str,
    unit: &str,
    org: &str,
    start: NaiveDate,
) -> i64 {
    let (status, saved) = put_employee(app, hr, code, json!({
        "name": name, "employer_org_number": org, "employment_start": start.to_string(), "unit_code": unit,
    }))
    .await;
    assert!(status == 201 || status == 200, "{saved}");
    saved["account_id"].as_i64().unwrap()
}

/// A registered learner who is also the employee `code` in `unit` (as after a merge), signed in.
async fn signed_in_employee(
    app: &TestApp,
    email: &str,
    n: u32,
    code: &str,
    unit: Option<i64>,
) -> (reqwest::Client, i64) {
    let client = registered_learner(app, email, "full_catalogue", &synthetic_national_id(n)).await;
    let id = app.account_id(email).await;
    let mut row = account::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    row.staff_code = Set(Some(code.into()));
    row.unit_id = Set(unit);
    row.update(&app.db).await.unwrap();
    (client, id)
}

async fn unit_id(app: &TestApp, code: &str) -> i64 {
    kursportal::entity::unit::Entity::find()
        .filter(kursportal::entity::unit::Column::Code.eq(code))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no unit {code}"))
        .id
}

async fn sik100(app: &TestApp) -> i64 {
    course::Entity::find()
        .filter(course::Column::Code.eq("SIK-100"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

pub(crate) async fn complete(
    app: &TestApp,
    person: i64,
    valid_until: Option<NaiveDate>,
    code: &str,
    revoked: bool,
) {
    completion::ActiveModel {
        account_id: Set(person),
        course_id: Set(sik100(app).await),
        completed_on: Set(kursportal::common::time::today() - Duration::days(400)),
        result: Set("Bestått".into()),
        source: Set(completion::SOURCE_IMPORT.into()),
        valid_until: Set(valid_until),
        certificate_code: Set(code.into()),
        revoked_at: Set(revoked.then(Utc::now)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

async fn save_unit(
    app: &TestApp,
    admin: &reqwest::Client,
    code: &str,
    name: &str,
    parent: &str,
    leader: &str,
) -> (u16, Value) {
    app.call_as(
        admin,
        "admin/unit-save",
        &[
            ("code", code),
            ("name", name),
            ("parent", parent),
            ("leader", leader),
        ],
    )
    .await
}

pub(crate) async fn require(app: &TestApp, admin: &reqwest::Client, form: &[(&str, &str)]) -> (u16, Value) {
    app.call_as(admin, "admin/requirement-add", form).await
}

/// The overview's cell for `person` (the first column), as its status word.
fn cell(overview: &Value, person: i64) -> Option<String> {
    overview["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["account_id"] == person)
        .map(|r| r["cells"][0]["status"].as_str().unwrap_or("none").to_string())
}

pub(crate) fn count(overview: &Value, status: &str) -> u64 {
    overview["counts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c[0] == status)
        .unwrap()[1]
        .as_u64()
        .unwrap()
}

on_both_databases! {
    async fn each_status_at_its_boundaries(app) {
        let hr = token(&app, &[Scope::EmployeesWrite]).await;
        let today = kursportal::common::time::today();
        let long_ago = today - Duration::days(400);
        let people = [
            ("VAL1", "Aase Gyldig", Some(today + Duration::days(91))),
            ("EXP1", "Berit Snart", Some(today + Duration::days(90))),
            ("EXP2", "Cato Sistedag", Some(today)),
            ("OLD1", "Dina Utlopt", Some(today - Duration::days(1))),
        ];
        let mut ids = Vec::new();
        for (n, (code, name, until)) in people.iter().enumerate() {
            let id = employee(&app, &hr, code, name, "drift", ORG, long_ago).await;
            complete(&app, id, *until, &format!("BNDRY{n}AAAA"), false).await;
            ids.push(id);
        }
        let revoked = employee(&app, &hr, "REV1", "Eva Trukket", "drift", ORG, today).await;
        complete(&app, revoked, None, "BNDRYREVOK", true).await;
        let overdue = employee(&app, &hr, "LATE1", "Finn Forsinket", "drift", ORG, today - Duration::days(31)).await;
        let on_time = employee(&app, &hr, "NEW1", "Gro Ny", "drift", ORG, today - Duration::days(30)).await;
        let started = employee(&app, &hr, "STR1", "Hans Begynt", "drift", ORG, long_ago).await;
        progress::ActiveModel {
            account_id: Set(started),
            course_id: Set(sik100(&app).await),
            position: Set(1),
            furthest: Set(1),
            updated_at: Set(Utc::now()),
        }.insert(&app.db).await.unwrap();
        // Someone outside the unit is no part of it.
        employee(&app, &hr, "ELS1", "Ida Annensted", "lager", ORG, long_ago).await;

        let admin = signed_in(&app, ADMIN).await;
        // A requirement made 31 days ago, so its 30 days have run out for people already there.
        let (status, body) = require(&app, &admin, &[("required", "sik-100"), ("scope", "unit"), ("unit", "DRIFT"), ("deadline_days", "30")]).await;
        assert_eq!(status, 200, "{body}");
        let mut made = requirement::Entity::find()
            .order_by_desc(requirement::Column::Id)
            .one(&app.db).await.unwrap().unwrap().into_active_model();
        made.created_at = Set(Utc::now() - Duration::days(40));
        made.update(&app.db).await.unwrap();

        let drift = ("unit", "DRIFT");
        let (status, overview) = app.call_get_as(&admin, "competence/overview", &[drift]).await;
        assert_eq!(status, 200, "{overview}");
        assert_eq!(overview["columns"][0]["key"], "course:SIK-100");
        let expect = [
            (ids[0], "valid"), (ids[1], "expiring"), (ids[2], "expiring"), (ids[3], "expired"),
            (revoked, "missing"), (overdue, "overdue"), (on_time, "missing"), (started, "in_progress"),
        ];
        for (id, status) in expect {
            assert_eq!(cell(&overview, id).as_deref(), Some(status), "person {id}: {overview}");
        }
        assert_eq!(overview["people"], 8, "the person in another unit has no requirement");
        assert_eq!((count(&overview, "expiring"), count(&overview, "missing")), (2, 2));
        assert_eq!(overview["rows"][0]["cells"][0]["valid_until"], Value::from(kursportal::common::time::day(today + Duration::days(91))));

        // Filters: a status; expiring within N days (90 takes the one 90 days away, not 91).
        let (_, missing) = app.call_get_as(&admin, "competence/overview", &[drift, ("status", "missing")]).await;
        assert_eq!(missing["people"], 2);
        let (_, within) = app.call_get_as(&admin, "competence/overview", &[drift, ("within_days", "90")]).await;
        assert_eq!(within["people"], 2, "{within}");
        let (_, within) = app.call_get_as(&admin, "competence/overview", &[drift, ("within_days", "0")]).await;
        assert_eq!(within["people"], 1, "the last valid day is today");
        for (field, value) in [("status", "nesten"), ("within_days", "-1"), ("unit", "FINNES-IKKE"), ("required", "course:NOPE")] {
            let (status, body) = app.call_get_as(&admin, "competence/overview", &[(field, value)]).await;
            assert_eq!(status, 400, "{field}: {body}");
        }
    }

    async fn leaders_see_their_units_and_contacts_their_company(app) {
        let hr = token(&app, &[Scope::EmployeesWrite]).await;
        let start = kursportal::common::time::today() - Duration::days(10);
        let north_a = employee(&app, &hr, "NRA1", "Nora Nord", "nord-a", ORG, start).await;
        let south = employee(&app, &hr, "SOR1", "Sofie Sor", "sor", ORG, start).await;
        let other = employee(&app, &hr, "AND1", "Anders Annet", "nord-a", OTHER_ORG, start).await;
        let admin = signed_in(&app, ADMIN).await;
        assert_eq!(save_unit(&app, &admin, "NORD", "Nord", "", "LED01").await.0, 200);
        let (status, body) = save_unit(&app, &admin, "nord-a", "Nord A", "nord", "").await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(require(&app, &admin, &[("required", "SIK-100"), ("scope", "unit"), ("unit", "NORD")]).await.0, 200);
        assert_eq!(require(&app, &admin, &[("required", "SIK-100"), ("scope", "unit"), ("unit", "SOR")]).await.0, 200);

        // The leader of NORD sees NORD-A's people (a sub-unit), not SOR's.
        let (leader, _) = signed_in_employee(&app, "leder@eksempel.no", 71, "LED01", Some(unit_id(&app, "NORD").await)).await;
        let (status, overview) = app.call_get_as(&leader, "competence/overview", &[]).await;
        assert_eq!(status, 200, "{overview}");
        let seen: Vec<i64> = overview["rows"].as_array().unwrap().iter().map(|r| r["account_id"].as_i64().unwrap()).collect();
        assert!(seen.contains(&north_a) && seen.contains(&other) && !seen.contains(&south), "{overview}");
        assert_eq!(app.call_get_as(&leader, "competence/person", &[("id", &north_a.to_string())]).await.0, 200);
        assert_eq!(app.call_get_as(&leader, "competence/person", &[("id", &south.to_string())]).await.0, 404);
        assert_eq!(app.call_get_as(&leader, "competence/overview", &[("unit", "SOR")]).await.0, 400);
        let csv = leader.get(app.url("/kompetanse.csv")).send().await.unwrap();
        assert_eq!(csv.status(), 200);
        let csv = csv.text().await.unwrap();
        assert!(csv.contains("Nora Nord") && !csv.contains("Sofie Sor"), "{csv}");
        assert!(csv.starts_with('\u{feff}') && csv.contains("\"Mangler\""), "{csv}");
        // The same as an Excel workbook, with the same people only.
        let xlsx = leader.get(app.url("/kompetanse.xlsx")).send().await.unwrap();
        assert_eq!(xlsx.status(), 200);
        assert_eq!(
            xlsx.headers()["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        let book = xlsx.bytes().await.unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(book.to_vec())).expect("a workbook");
        let mut sheet = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut sheet).unwrap();
        assert!(sheet.contains("Nora Nord") && !sheet.contains("Sofie Sor") && sheet.contains("Mangler"), "{sheet}");
        assert_eq!(leader.get(app.url("/kompetanse.xlsx?enhet=SOR")).send().await.unwrap().status(), 400);
        let (_, mine) = app.call_get_as(&leader, "competence/mine", &[]).await;
        assert_eq!(mine["sees_overview"], true);

        // A company contact sees the people of their employer, in any unit, and no one else.
        let (contact, _) = signed_in_employee(&app, "kontakt@eksempel.no", 72, "KON01", None).await;
        assert_eq!(app.call_get_as(&contact, "competence/overview", &[]).await.0, 403, "not a contact yet");
        let (status, body) = app.call_as(&admin, "admin/company-contact-add", &[("employer", OTHER_ORG), ("person", "kontakt@eksempel.no")]).await;
        assert_eq!(status, 200, "{body}");
        let (_, overview) = app.call_get_as(&contact, "competence/overview", &[]).await;
        let seen: Vec<i64> = overview["rows"].as_array().unwrap().iter().map(|r| r["account_id"].as_i64().unwrap()).collect();
        assert_eq!(seen, [other], "{overview}");
        assert_eq!(app.call_get_as(&contact, "competence/person", &[("id", &north_a.to_string())]).await.0, 404);

        // A learner who leads nothing sees nothing, and none of the admin area.
        let learner = registered_learner(&app, "vanlig@eksempel.no", "full_catalogue", &synthetic_national_id(73)).await;
        assert_eq!(app.call_get_as(&learner, "competence/overview", &[]).await.0, 403);
        assert_eq!(learner.get(app.url("/kompetanse.csv")).send().await.unwrap().status(), 403);
        assert_eq!(learner.get(app.url("/kompetanse.xlsx")).send().await.unwrap().status(), 403);
        assert_eq!(app.call_as(&learner, "admin/organisation-setup", &[]).await.0, 403);
        assert_eq!(app.call_as(&learner, "admin/requirement-add", &[("required", "SIK-100"), ("scope", "unit"), ("unit", "NORD")]).await.0, 403);
        let (_, mine) = app.call_get_as(&learner, "competence/mine", &[]).await;
        assert_eq!((mine["sees_overview"].clone(), mine["lines"].as_array().unwrap().len()), (json!(false), 0));
    }

    async fn a_leader_follows_a_person_from_missing_to_valid_and_back(app) {
        let admin = signed_in(&app, ADMIN).await;
        assert_eq!(save_unit(&app, &admin, "SPOR", "Sporarbeid", "", "LED02").await.0, 200);
        let spor = unit_id(&app, "SPOR").await;
        assert_eq!(require(&app, &admin, &[("required", "SIK-100"), ("scope", "unit"), ("unit", "SPOR"), ("deadline_days", "30")]).await.0, 200);
        let (leader, _) = signed_in_employee(&app, "leder2@eksempel.no", 74, "LED02", Some(spor)).await;
        let (worker, worker_id) = signed_in_employee(&app, "arbeider@eksempel.no", 75, "ARB01", Some(spor)).await;

        let (_, mine) = app.call_get_as(&worker, "competence/mine", &[]).await;
        let line = &mine["lines"][0];
        assert_eq!((line["status"].as_str(), line["required"]["code"].as_str()), (Some("missing"), Some("SIK-100")), "{mine}");
        assert!(line["due"].is_string(), "a deadline for a new person: {mine}");
        let page = worker.get(app.url("/mine-kurs")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Påkrevd opplæring") && page.contains("Ta kurset"), "«Mine kurs» shows it");
        let (_, overview) = app.call_get_as(&leader, "competence/overview", &[]).await;
        assert_eq!(cell(&overview, worker_id).as_deref(), Some("missing"));

        pass_sik100(&app, &worker).await;
        // The player shows a lesson again after the test (its progress saved after the completion).
        let (status, _) = app.call_as(&worker, "elearning/lesson", &[("code", "SIK-100"), ("position", "0")]).await;
        assert_eq!(status, 200);
        let (_, overview) = app.call_get_as(&leader, "competence/overview", &[]).await;
        assert_eq!(cell(&overview, worker_id).as_deref(), Some("valid"), "{overview}");
        let (_, person) = app.call_get_as(&leader, "competence/person", &[("id", &worker_id.to_string())]).await;
        let code = person["history"][0]["code"].as_str().unwrap().to_string();

        let course_admin = signed_in(&app, KURSADMIN).await;
        let (status, body) = app.call_as(&course_admin, "learning/revoke", &[("code", &code), ("reason", "Feil person registrert")]).await;
        assert!(status < 400, "{body}");
        let (_, overview) = app.call_get_as(&leader, "competence/overview", &[]).await;
        assert_eq!(cell(&overview, worker_id).as_deref(), Some("missing"), "{overview}");
        let html = leader.get(app.url("/kompetanse")).send().await.unwrap().text().await.unwrap();
        assert!(html.contains("Kompetanseoversikt") && html.contains("Vera Viser") && html.contains("Mangler"));
    }

    async fn the_admin_forms_refuse_bad_input_and_change_nothing(app) {
        let admin = signed_in(&app, ADMIN).await;
        let demo_requirements = requirement::Entity::find().count(&app.db).await.unwrap();
        let demo_units = kursportal::entity::unit::Entity::find().count(&app.db).await.unwrap() as usize;
        let (status, body) = require(&app, &admin, &[("required", "FINNES-IKKE"), ("scope", "unit"), ("unit", "X"), ("deadline_days", "0")]).await;
        assert_eq!(status, 400, "{body}");
        let fields: Vec<&str> = body["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["required", "unit", "deadline_days"], "{body}");
        let (status, body) = require(&app, &admin, &[("required", "SIK-100"), ("scope", "employer"), ("employer", "123")]).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(require(&app, &admin, &[("required", "SIK-100"), ("scope", "alle")]).await.0, 400);
        assert_eq!(requirement::Entity::find().count(&app.db).await.unwrap(), demo_requirements, "nothing saved");

        assert_eq!(require(&app, &admin, &[("required", "SIK-100"), ("scope", "user_type"), ("user_type", "driver")]).await.0, 200);
        let (status, body) = require(&app, &admin, &[("required", "sik-100"), ("scope", "user_type"), ("user_type", "driver")]).await;
        assert_eq!(status, 409, "the same requirement twice: {body}");

        assert_eq!(save_unit(&app, &admin, "TOPP", "Topp", "", "").await.0, 200);
        assert_eq!(save_unit(&app, &admin, "UNDER", "Under", "TOPP", "").await.0, 200);
        let (status, body) = save_unit(&app, &admin, "TOPP", "Topp", "UNDER", "").await;
        assert_eq!(status, 400, "a loop: {body}");
        let (status, body) = save_unit(&app, &admin, "ugyldig kode", "", "", "x").await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(app.call_as(&admin, "admin/unit-remove", &[("code", "TOPP")]).await.0, 409, "it has a sub-unit");
        assert_eq!(app.call_as(&admin, "admin/unit-remove", &[("code", "UNDER")]).await.0, 200);
        let (_, setup) = app.call_as(&admin, "admin/organisation-setup", &[]).await;
        assert_eq!(setup["units"].as_array().unwrap().len(), demo_units + 1, "{setup}");
        let scopes: Vec<&Value> = setup["requirements"].as_array().unwrap().iter().map(|r| &r["scope"]).collect();
        assert!(scopes.contains(&&json!({"kind": "user_type", "user_type": "driver"})), "{setup}");
        let audited = audit_log::Entity::find()
            .filter(audit_log::Column::Action.is_in(["unit.created", "unit.removed", "requirement.added"]))
            .count(&app.db).await.unwrap();
        assert_eq!(audited, 4);
        // The HR feed names a unit with a bad code: a field-level problem, nothing saved.
        let hr = token(&app, &[Scope::EmployeesWrite]).await;
        let (status, body) = put_employee(&app, &hr, "BAD01", json!({"name": "Per", "employer_org_number": ORG, "unit_code": "a b"})).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.to_string().contains("unit_code"), "{body}");
    }
}

on_both_databases! {
    async fn the_weekly_digest_goes_out_once_a_week_across_instances(app) {
        let admin = signed_in(&app, ADMIN).await;
        assert_eq!(save_unit(&app, &admin, "VEDL", "Vedlikehold", "", "LED03").await.0, 200);
        let vedl = unit_id(&app, "VEDL").await;
        assert_eq!(require(&app, &admin, &[("required", "SIK-100"), ("scope", "unit"), ("unit", "VEDL")]).await.0, 200);
        let (leader, _) = signed_in_employee(&app, "leder3@eksempel.no", 76, "LED03", Some(vedl)).await;
        let (_, worker) = signed_in_employee(&app, "arbeider3@eksempel.no", 77, "ARB03", Some(vedl)).await;
        let mut row = account::Entity::find_by_id(worker).one(&app.db).await.unwrap().unwrap().into_active_model();
        row.full_name = Set("Tora Mangel".into());
        row.update(&app.db).await.unwrap();
        // Someone who sees nothing cannot choose it.
        let learner = registered_learner(&app, "ingen@eksempel.no", "full_catalogue", &synthetic_national_id(78)).await;
        assert_eq!(app.call_as(&learner, "competence/digest", &[("weekly", "on")]).await.0, 403);
        let (status, body) = app.call_as(&leader, "competence/digest", &[("weekly", "on")]).await;
        assert!(status < 400, "{body}");
        let (_, overview) = app.call_get_as(&leader, "competence/overview", &[]).await;
        assert_eq!(overview["digest"], true);

        // Two instances (two mailers on one database) run the job at once, twice, in one week.
        let links = kursportal::accounts::mails::Links {
            public_url: "https://kurs.example.no".into(),
            support_email: "support@kursportal.test".into(),
        };
        let (one, two) = (kursportal::mail::Mailer::new(), kursportal::mail::Mailer::new());
        let monday = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        use kursportal::competence::digest::send_due;
        for day in [monday, monday + Duration::days(3)] {
            let (a, b) = tokio::join!(send_due(&app.db, &one, &links, day), send_due(&app.db, &two, &links, day));
            a.unwrap();
            b.unwrap();
        }
        let mails = app.mails_to("leder3@eksempel.no").await;
        let digests: Vec<_> = mails.iter().filter(|m| m.subject.starts_with("Kompetanseoversikt")).collect();
        assert_eq!(digests.len(), 1, "once in the week");
        assert!(digests[0].body_text.contains("Tora Mangel: Sikkerhetskurs for arbeid på og ved spor – mangler"), "{}", digests[0].body_text);
        assert!(digests[0].body_text.contains("https://kurs.example.no/kompetanse"));
        assert!(app.mails_to("ingen@eksempel.no").await.iter().all(|m| !m.subject.starts_with("Kompetanseoversikt")));

        // The next week brings the next one; after stopping it, none.
        send_due(&app.db, &one, &links, monday + Duration::days(7)).await.unwrap();
        let count = |mails: Vec<kursportal::mail::outbox::Model>| mails.iter().filter(|m| m.subject.starts_with("Kompetanseoversikt")).count();
        assert_eq!(count(app.mails_to("leder3@eksempel.no").await), 2);
        let (status, _) = app.call_as(&leader, "competence/digest", &[]).await;
        assert!(status < 400);
        send_due(&app.db, &one, &links, monday + Duration::days(14)).await.unwrap();
        assert_eq!(count(app.mails_to("leder3@eksempel.no").await), 2);
    }
}
