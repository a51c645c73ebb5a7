//! The transfer feed as events (issue 17, item 6): every kind of change of an employee's
//! competence is one event, read after a cursor in the order it was written, with a person's
//! events in the order things happened to them; an external profile's history joins the feed
//! when it is merged into an employee's; a revocation is an xAPI voiding statement; the push
//! sends each event once, a person's in order, and the old transfer records stay readable.
use crate::both;
use crate::common::TestApp;
use crate::competence::{ORG, api, hospital, put_employee, token};
use kursportal::{
    competence::clients::Scope,
    entity::{account, completion, course},
    learning::expiry,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

const KURSADMIN: (&str, &str) = ("kursadmin@kursportal.test", "demo-passord-kursadmin");

pub(crate) async fn events(app: &TestApp, token: &str, query: &str) -> Value {
    let (status, page) = api(
        app,
        reqwest::Method::GET,
        &format!("/api/v1/competence/events?{query}"),
        Some(token),
        None,
    )
    .await;
    assert_eq!(status, 200, "{page}");
    page
}

/// (kind, code) of the events of one person in a page.
pub(crate) fn of(page: &Value, staff_code: &str) -> Vec<(String, String)> {
    page["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["staff_code"] == staff_code)
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_string(),
                e["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

pub(crate) async fn course_admin(app: &TestApp) -> reqwest::Client {
    let client = app.new_client();
    app.login_as(&client, KURSADMIN.0, KURSADMIN.1).await;
    client
}

/// The certificate code of the person's completion of `course_code`.
pub(crate) async fn certificate(app: &TestApp, staff_code: &str, course_code: &str) -> String {
    let person = account::Entity::find()
        .filter(account::Column::StaffCode.eq(staff_code))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let course = course::Entity::find()
        .filter(course::Column::Code.eq(course_code))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    completion::Entity::find()
        .filter(completion::Column::AccountId.eq(person.id))
        .filter(completion::Column::CourseId.eq(course.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .certificate_code
}

/// An external learner follows a path of one e-learning step and passes it, then is merged
/// into the employee `code`: their completion and their path join the feed.
async fn merged_with_a_path(app: &TestApp, hr: &str, code: &str, email: &str, n: u32) {
    let admin = course_admin(app).await;
    let path = format!("EV-{code}");
    let (status, body) = app
        .call_as(
            &admin,
            "paths/save",
            &[
                ("original_code", ""),
                ("form[code]", &path),
                ("form[title]", "Hendelsesløp"),
                ("form[published]", "true"),
                ("form[validity_months]", "12"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app
        .call_as(
            &admin,
            "paths/add-step",
            &[
                ("code", &path),
                ("form[kind]", "e_learning"),
                ("form[course_code]", "SIK-100"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let national_id = crate::common::synthetic_national_id(n);
    let learner = crate::common::registered_learner(app, email, "full_catalogue", &national_id).await;
    let (status, _) = app
        .call_as(&admin, "paths/assign", &[("code", &path), ("email", email)])
        .await;
    assert_eq!(status, 200);
    crate::paths::pass_sik100(app, &learner).await;
    let (status, plan) = app.call_as(&learner, "paths/plan", &[("code", &path)]).await;
    assert_eq!((status, plan["done"].as_i64()), (200, Some(1)), "{plan}");
    let (status, body) = put_employee(
        app,
        hr,
        code,
        json!({ "name": "Eva Hendelse", "national_id": national_id, "employer_org_number": ORG }),
    )
    .await;
    assert_eq!(status, 201, "{body}");
}

async fn every_kind_in_order_after_a_cursor(backend: crate::common::Backend) {
    let Some(app) = hospital(backend).await else {
        return;
    };
    let hr = token(&app, &[Scope::EmployeesWrite]).await;
    let reader = token(&app, &[Scope::TransfersRead]).await;
    let start = events(&app, &reader, "after=0&limit=500").await;
    let cursor = start["next_cursor"].as_i64().unwrap();

    // Before the merge, the external's completion is not in the feed; after it, the completion
    // and the completed path are, in the order they happened.
    merged_with_a_path(&app, &hr, "EVT1", "eva@eksempel.no", 71).await;
    let page = events(&app, &reader, &format!("after={cursor}")).await;
    assert_eq!(
        of(&page, "EVT1"),
        pairs(&[("completed", "SIK-100"), ("path_completed", "EV-EVT1")]),
        "{page}"
    );
    let completed = page["events"][0].clone();
    assert_eq!(completed["subject"], "course");
    assert_eq!(completed["employer_org_number"], ORG);
    assert_eq!(page["events"][1]["subject"], "path");
    let cursor = page["next_cursor"].as_i64().unwrap();
    assert_eq!(cursor, page["events"][1]["id"].as_i64().unwrap());
    let again = events(&app, &reader, &format!("after={cursor}")).await;
    assert_eq!(again["events"], json!([]), "nothing new after the cursor");
    assert_eq!(again["next_cursor"], cursor);

    // A course administrator revokes the certificate of the course, then of the path.
    let admin = course_admin(&app).await;
    let code = certificate(&app, "EVT1", "SIK-100").await;
    let (status, body) = app
        .call_as(
            &admin,
            "learning/revoke",
            &[("code", &code), ("reason", "Feil person registrert")],
        )
        .await;
    assert!(status < 400, "{body}");
    let path_code = page["events"][1]["certificate_code"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, body) = app
        .call_as(
            &admin,
            "learning/revoke",
            &[("code", &path_code), ("reason", "Løpet gjøres om")],
        )
        .await;
    assert!(status < 400, "{body}");

    // An older completion (brought in by hand) whose validity ran out yesterday expires.
    let person = account::Entity::find()
        .filter(account::Column::StaffCode.eq("EVT1"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let sik200 = course::Entity::find()
        .filter(course::Column::Code.eq("SIK-200"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let today = chrono::Utc::now().date_naive();
    completion::ActiveModel {
        account_id: Set(person.id),
        course_id: Set(sik200.id),
        completed_on: Set(today - chrono::Duration::days(400)),
        result: Set("Bestått".into()),
        source: Set("instructor".into()),
        valid_until: Set(Some(today - chrono::Duration::days(1))),
        certificate_code: Set("EVTEXPIRED".into()),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    expiry::mark_expired(&app.db, today).await.unwrap();

    // Read one at a time after the cursor: every kind, in order, each once.
    let mut seen = Vec::new();
    let mut at = cursor;
    loop {
        let page = events(&app, &reader, &format!("after={at}&limit=1")).await;
        let Some(event) = page["events"].as_array().unwrap().first().cloned() else {
            break;
        };
        assert!(event["id"].as_i64().unwrap() > at, "ids increase");
        at = page["next_cursor"].as_i64().unwrap();
        seen.push(event);
    }
    let kinds: Vec<(String, String)> = seen
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().into(),
                e["code"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        pairs(&[
            ("revoked", "SIK-100"),
            ("revoked", "EV-EVT1"),
            ("completed", "SIK-200"),
            ("expired", "SIK-200")
        ]),
        "{seen:?}"
    );
    assert_eq!(seen[0]["refers_to"], completed["id"]);
    assert_eq!(seen[0]["reason"], "Feil person registrert");
    assert_eq!(seen[0]["refers_to_statement_id"], completed["statement_id"]);
    assert_eq!(seen[3]["refers_to"], seen[2]["id"]);

    // xAPI: the revocation voids the completion's statement.
    let id = seen[0]["id"].as_i64().unwrap();
    let (status, voiding) = api(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/competence/events/{id}/xapi"),
        Some(&reader),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(voiding["verb"]["id"], "http://adlnet.gov/expapi/verbs/voided");
    assert_eq!(
        voiding["object"],
        json!({ "objectType": "StatementRef", "id": completed["statement_id"] })
    );
    let first = completed["id"].as_i64().unwrap();
    let (_, statement) = api(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/competence/events/{first}/xapi"),
        Some(&reader),
        None,
    )
    .await;
    assert_eq!(statement["id"], completed["statement_id"]);
    assert_eq!(statement["verb"]["display"]["en-US"], "passed");
    assert_eq!(statement["actor"]["account"]["name"], "EVT1");
    let (status, one) = api(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/competence/events/{first}"),
        Some(&reader),
        None,
    )
    .await;
    assert_eq!((status, &one), (200, &completed));

    // The transfer records of before stay readable, the completion with its flag.
    let records = crate::competence::transfers(&app, &reader, 0).await;
    let record = records["transfers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["certificate_code"] == code.as_str())
        .cloned()
        .unwrap();
    assert_eq!(record["revoked"], true);
    assert_eq!(
        completed["statement_id"],
        {
            let id = record["id"].as_i64().unwrap();
            api(
                &app,
                reqwest::Method::GET,
                &format!("/api/v1/competence/transfers/{id}/xapi"),
                Some(&reader),
                None,
            )
            .await
            .1["id"]
                .clone()
        },
        "one statement for one completion, whichever feed it came from"
    );

    // Bad cursors and limits are named; an unknown event is 404; scopes are checked.
    let (status, body) = api(
        &app,
        reqwest::Method::GET,
        "/api/v1/competence/events?after=-1&limit=501",
        Some(&reader),
        None,
    )
    .await;
    assert_eq!(status, 400);
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["after", "limit"]);
    let (status, _) = api(
        &app,
        reqwest::Method::GET,
        "/api/v1/competence/events/999999",
        Some(&reader),
        None,
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = api(
        &app,
        reqwest::Method::GET,
        "/api/v1/competence/events/abc/xapi",
        Some(&reader),
        None,
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = api(
        &app,
        reqwest::Method::GET,
        "/api/v1/competence/events",
        Some(&hr),
        None,
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = api(
        &app,
        reqwest::Method::GET,
        "/api/v1/competence/events",
        None,
        None,
    )
    .await;
    assert_eq!(status, 401);
}

both!(every_kind_in_order_after_a_cursor);
