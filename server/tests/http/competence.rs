//! Employees and competence transfer over HTTP, the seed's stories end to end: the HR feed
//! creates employees, an external profile with the same national ID is merged into the
//! employee profile, and the competence register pulls the employee's completions. Every
//! endpoint by scope; bad input answered with the fields to fix and nothing changed.
use crate::common::{
    Backend, LEARNER_PASSWORD, TestApp, TestOptions, registered_learner, spawn_app_with,
    synthetic_national_id,
};
use crate::paths::pass_sik100;
use kursportal::competence::clients::{self, Scope};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

pub(crate) const ORG: &str = "974760673";

/// The hospital setting (national ID optional at registration), so both stories run here.
pub(crate) async fn hospital(backend: Backend) -> Option<TestApp> {
    spawn_app_with(
        backend,
        TestOptions {
            seed_demo: true,
            env: vec![("KURSPORTAL_REQUIRE_NATIONAL_ID", "false".into())],
            ..Default::default()
        },
    )
    .await
}

pub(crate) async fn token(app: &TestApp, scopes: &[Scope]) -> String {
    clients::create(&app.db, "test", scopes, None).await.unwrap().1
}

pub(crate) async fn api(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = reqwest::Client::new().request(method, app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("answered");
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

pub(crate) async fn put_employee(app: &TestApp, token: &str, code: &str, body: Value) -> (u16, Value) {
    api(
        app,
        reqwest::Method::PUT,
        &format!("/api/v1/employees/{code}"),
        Some(token),
        Some(body),
    )
    .await
}

pub(crate) async fn transfers(app: &TestApp, token: &str, after: i64) -> Value {
    let (status, page) = api(
        app,
        reqwest::Method::GET,
        &format!("/api/v1/competence/transfers?after={after}"),
        Some(token),
        None,
    )
    .await;
    assert_eq!(status, 200, "{page}");
    page
}

pub(crate) fn codes(page: &Value) -> Vec<String> {
    page["transfers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["staff_code"].as_str().unwrap().to_string())
        .collect()
}

/// An external learner (national ID `synthetic_national_id(n)`) who has passed SIK-100.
pub(crate) async fn external_with_completion(
    app: &TestApp,
    email: &str,
    n: u32,
) -> (reqwest::Client, String) {
    let national_id = synthetic_national_id(n);
    let learner = registered_learner(app, email, "full_catalogue", &national_id).await;
    pass_sik100(app, &learner).await;
    (learner, national_id)
}

async fn stories(backend: Backend) {
    let Some(app) = hospital(backend).await else {
        return;
    };
    let hr = token(&app, &[Scope::EmployeesWrite]).await;
    let register = token(&app, &[Scope::TransfersRead]).await;

    // 1. An external learner registers with a national ID and completes a course.
    let (kari, kari_id) = external_with_completion(&app, "kari.privat@eksempel.no", 91).await;
    let (_, history) = app.call_as(&kari, "learning/history", &[]).await;
    let certificate = history[0]["code"].as_str().unwrap().replace('-', "");
    assert!(
        codes(&transfers(&app, &register, 0).await).is_empty(),
        "an external profile's completion is never transferred"
    );

    // HR creates the employee with the same number: the profiles merge.
    let (status, saved) = put_employee(
        &app,
        &hr,
        "kar12",
        json!({
            "name": "Kari Nordmann", "national_id": kari_id, "work_email": "kari.nordmann@firma.no",
            "employer_org_number": ORG, "employer_name": "Banebygg AS", "employment_start": "2026-01-01"
        }),
    )
    .await;
    assert_eq!(status, 201, "{saved}");
    assert_eq!(saved["staff_code"], "KAR12");
    assert!(saved["merged_profile"].is_i64(), "merged: {saved}");
    let page = transfers(&app, &register, 0).await;
    assert_eq!(codes(&page), ["KAR12"], "{page}");
    let record = &page["transfers"][0];
    assert_eq!(
        (
            record["course_code"].as_str(),
            record["certificate_code"].as_str()
        ),
        (Some("SIK-100"), Some(certificate.as_str()))
    );
    assert_eq!(record["employer_org_number"], ORG);
    // The certificate's code still verifies; the external login is closed with a reason; its session is over.
    assert_eq!(
        app.call("learning/verify", &[("code", &certificate)]).await.1["status"],
        "valid"
    );
    let (status, _) = app.call_as(&kari, "learning/history", &[]).await;
    assert_eq!(status, 401, "the merged profile's session ended");
    let (status, body) = app
        .call_as(
            &app.new_client(),
            "accounts/login",
            &[
                ("identifier", "kari.privat@eksempel.no"),
                ("password", LEARNER_PASSWORD),
            ],
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body["message"]["text"].as_str().unwrap().contains("slått sammen"),
        "{body}"
    );
    let told = app.mails_to("kari.privat@eksempel.no").await;
    assert!(
        told.iter()
            .any(|m| m.subject == "Profilen din er slått sammen med ansattprofilen din")
    );
    let audit = kursportal::audit::Entity::find()
        .filter(kursportal::audit::Column::Action.eq("profile.merged"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    let detail = audit[0].detail.clone().unwrap();
    assert!(
        detail.contains("1 completions") && !detail.contains(&kari_id),
        "{detail}"
    );

    // 3. Registering again with the same private e-mail (no national ID) makes a new, unrelated profile.
    let again = registered_learner(&app, "kari.privat@eksempel.no", "full_catalogue", "").await;
    pass_sik100(&app, &again).await;
    let page = transfers(&app, &register, 0).await;
    assert_eq!(
        codes(&page),
        ["KAR12"],
        "the new external profile's completion is not transferred: {page}"
    );

    // 2. The hospital: an external learner without a national ID; HR creates an employee; nothing merges.
    let ola = registered_learner(&app, "ola@eksempel.no", "full_catalogue", "").await;
    pass_sik100(&app, &ola).await;
    let (status, saved) = put_employee(&app, &hr, "OLA1", json!({
        "name": "Ola Nordmann", "national_id": synthetic_national_id(92), "work_email": "ola.nordmann@sykehus.no",
        "employer_org_number": ORG
    })).await;
    assert_eq!(
        (status, saved["merged_profile"].clone()),
        (201, Value::Null),
        "{saved}"
    );
    assert_eq!(codes(&transfers(&app, &register, 0).await), ["KAR12"]);
    let (status, _) = app.call_as(&ola, "learning/history", &[]).await;
    assert_eq!(status, 200, "the external profile lives on");

    // The register pulls after its cursor and acknowledges: stable ids, at least once.
    let first = transfers(&app, &register, 0).await;
    let cursor = first["next_cursor"].as_i64().unwrap();
    assert_eq!(
        transfers(&app, &register, 0).await["transfers"],
        first["transfers"],
        "the same records, the same ids"
    );
    assert!(codes(&transfers(&app, &register, cursor).await).is_empty());
    let id = first["transfers"][0]["id"].as_i64().unwrap();
    let (status, acked) = api(
        &app,
        reqwest::Method::POST,
        "/api/v1/competence/transfers/ack",
        Some(&register),
        Some(json!({ "ids": [id] })),
    )
    .await;
    assert_eq!((status, acked["acknowledged"].as_i64()), (200, Some(1)));
    let (_, pending) = api(
        &app,
        reqwest::Method::GET,
        "/api/v1/competence/transfers?pending=true",
        Some(&register),
        None,
    )
    .await;
    assert!(codes(&pending).is_empty(), "{pending}");
    let (status, statement) = api(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/competence/transfers/{id}/xapi"),
        Some(&register),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(statement["actor"]["account"]["name"], "KAR12");
    assert_eq!(statement["verb"]["id"], "http://adlnet.gov/expapi/verbs/passed");
    assert_eq!(statement["version"], "1.0.3");
    let (_, again) = api(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/competence/transfers/{id}/xapi"),
        Some(&register),
        None,
    )
    .await;
    assert_eq!(again["id"], statement["id"], "a stable statement id");

    // An employee's new completion (here an import) becomes a record too, after the cursor.
    let kar12 = kursportal::entity::account::Entity::find()
        .filter(kursportal::entity::account::Column::StaffCode.eq("KAR12"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut imported: kursportal::entity::completion::ActiveModel =
        kursportal::entity::completion::Entity::find()
            .filter(kursportal::entity::completion::Column::AccountId.eq(kar12.id))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .into();
    imported.id = sea_orm::ActiveValue::NotSet;
    imported.certificate_code = sea_orm::Set("IMPRT23456".into());
    imported.source = sea_orm::Set("import".into());
    sea_orm::ActiveModelTrait::insert(imported, &app.db)
        .await
        .unwrap();
    let next = transfers(&app, &register, cursor).await;
    assert_eq!(codes(&next), ["KAR12"], "{next}");
    assert_eq!(next["transfers"][0]["source"], "import");
    // HR ends Kari's employment: the profile and its history are kept.
    let (status, ended) = api(
        &app,
        reqwest::Method::DELETE,
        "/api/v1/employees/KAR12?last_day=2026-12-31",
        Some(&hr),
        None,
    )
    .await;
    assert_eq!(status, 200, "{ended}");
    let (status, _) = api(
        &app,
        reqwest::Method::DELETE,
        "/api/v1/employees/NOONE",
        Some(&hr),
        None,
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(
        codes(&transfers(&app, &register, 0).await),
        ["KAR12", "KAR12"],
        "history kept"
    );
}

async fn scopes_and_bad_input(backend: Backend) {
    let Some(app) = hospital(backend).await else {
        return;
    };
    let hr = token(&app, &[Scope::EmployeesWrite]).await;
    let register = token(&app, &[Scope::TransfersRead]).await;
    let body = json!({ "name": "Per Hansen", "employer_org_number": ORG });
    use reqwest::Method;
    // Without a token, with a made-up one, and with the wrong scope.
    for (method, path) in [
        (Method::PUT, "/api/v1/employees/PER1"),
        (Method::DELETE, "/api/v1/employees/PER1"),
        (Method::GET, "/api/v1/competence/transfers"),
        (Method::POST, "/api/v1/competence/transfers/ack"),
        (Method::GET, "/api/v1/competence/transfers/1"),
        (Method::GET, "/api/v1/competence/transfers/1/xapi"),
    ] {
        let (status, problem) = api(&app, method.clone(), path, None, Some(body.clone())).await;
        assert_eq!(status, 401, "{method} {path}: {problem}");
        let (status, _) = api(&app, method.clone(), path, Some("kp_madeup"), Some(body.clone())).await;
        assert_eq!(status, 401, "{method} {path}");
        let wrong = if path.contains("employees") {
            &register
        } else {
            &hr
        };
        let (status, problem) = api(&app, method.clone(), path, Some(wrong), Some(body.clone())).await;
        assert_eq!(status, 403, "{method} {path}: {problem}");
    }
    // Bad input: every field named, nothing stored.
    let (status, problem) = put_employee(
        &app,
        &hr,
        "p",
        json!({ "name": "", "national_id": "123", "employer_org_number": "1" }),
    )
    .await;
    assert_eq!(status, 400);
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["staff_code", "name", "national_id", "employer_org_number"],
        "{problem}"
    );
    let (status, _) = put_employee(
        &app,
        &hr,
        "PER1",
        json!({ "name": "Per", "employer_org_number": ORG, "salary": 1 }),
    )
    .await;
    assert_eq!(status, 400, "unknown fields are refused");
    let (status, _) = api(&app, Method::PUT, "/api/v1/employees/PER1", Some(&hr), None).await;
    assert_eq!(status, 400, "no body");
    let (status, _) = api(
        &app,
        Method::GET,
        "/api/v1/competence/transfers?after=zebra",
        Some(&register),
        None,
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = api(
        &app,
        Method::GET,
        "/api/v1/competence/transfers/zebra",
        Some(&register),
        None,
    )
    .await;
    assert_eq!(status, 404);
    assert!(
        kursportal::entity::account::Entity::find()
            .filter(kursportal::entity::account::Column::StaffCode.is_in(["P", "PER1"]))
            .all(&app.db)
            .await
            .unwrap()
            .is_empty(),
        "nothing stored"
    );
    // One employee per national ID, one per work e-mail.
    let id = synthetic_national_id(93);
    let (status, _) = put_employee(
        &app,
        &hr,
        "PER1",
        json!({ "name": "Per Hansen", "national_id": id, "employer_org_number": ORG }),
    )
    .await;
    assert_eq!(status, 201);
    let (status, _) = put_employee(&app, &hr, "PER1", json!({ "name": "Per Hansen", "national_id": id, "employer_org_number": ORG, "employment_start": "2020-02-29" })).await;
    assert_eq!(status, 200, "updated");
    let (status, problem) = put_employee(
        &app,
        &hr,
        "PER2",
        json!({ "name": "Per Annen", "national_id": id, "employer_org_number": ORG }),
    )
    .await;
    assert_eq!(
        (status, problem["errors"][0]["field"].as_str()),
        (409, Some("national_id")),
        "{problem}"
    );
    let (status, problem) = put_employee(&app, &hr, "PER3", json!({ "name": "Per Tredje", "work_email": "kursadmin@kursportal.test", "employer_org_number": ORG })).await;
    assert_eq!(
        (status, problem["errors"][0]["field"].as_str()),
        (409, Some("work_email")),
        "not merged on e-mail: {problem}"
    );
    // Bodies are JSON objects: serde's array form of a struct is refused, nothing stored.
    let (status, problem) = put_employee(&app, &hr, "PER4", json!(["Per Fjerde", null, null, ORG])).await;
    assert_eq!(
        (status, problem["errors"][0]["field"].as_str()),
        (400, Some("body")),
        "{problem}"
    );
    let (status, problem) = api(
        &app,
        Method::POST,
        "/api/v1/competence/transfers/ack",
        Some(&register),
        Some(json!([[]])),
    )
    .await;
    assert_eq!(
        (status, problem["errors"][0]["field"].as_str()),
        (400, Some("ids")),
        "{problem}"
    );
    // Revoked tokens stop at once; every authenticated call is audited.
    let client = clients::authenticate(&app.db, &hr).await.unwrap().unwrap();
    assert!(clients::revoke(&app.db, client.id, None).await.unwrap());
    let (status, _) = put_employee(
        &app,
        &hr,
        "PER1",
        json!({ "name": "Per Hansen", "employer_org_number": ORG }),
    )
    .await;
    assert_eq!(status, 401);
    let calls = kursportal::audit::Entity::find()
        .filter(kursportal::audit::Column::Action.eq("api.call"))
        .all(&app.db)
        .await
        .unwrap();
    assert!(calls.len() >= 12, "{}", calls.len());
    assert!(
        calls
            .iter()
            .all(|c| !c.detail.as_deref().unwrap_or("").contains(&id)),
        "no national ID in the audit trail"
    );
    // The OpenAPI document is public and names every path.
    let (status, document) = api(&app, Method::GET, "/api/v1/openapi.json", None, None).await;
    assert_eq!(status, 200);
    for path in [
        "/api/v1/employees/{staff_code}",
        "/api/v1/competence/transfers",
        "/api/v1/competence/transfers/ack",
        "/api/v1/competence/transfers/{id}/xapi",
    ] {
        assert!(document["paths"][path].is_object(), "{path}");
    }
    // Produced from the handlers and types (utoipa): what a valid employee is, and a problem
    // document for every refusal.
    let employee = &document["components"]["schemas"]["Employee"];
    assert_eq!(employee["additionalProperties"], false, "{employee}");
    let required: Vec<_> = employee["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(required, ["name", "employer_org_number"], "{employee}");
    assert!(
        document["servers"][0]["url"]
            .as_str()
            .is_some_and(|url| url.starts_with("http")),
        "{}",
        document["servers"]
    );
    let mut operations = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let refusal = &operation["responses"]["401"]["$ref"];
            assert_eq!(
                refusal, "#/components/responses/Problem",
                "{method} {path}: {operation}"
            );
            operations.push(operation["operationId"].as_str().unwrap().to_string());
        }
    }
    let problem = &document["components"]["responses"]["Problem"]["content"]["application/problem+json"];
    assert_eq!(problem["schema"]["required"][4], "errors", "{problem}");
    // Every reference leads somewhere.
    fn references(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(target) = map.get("$ref").and_then(|v| v.as_str()) {
                    out.push(target.to_string());
                }
                map.values().for_each(|inner| references(inner, out));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|inner| references(inner, out)),
            _ => {}
        }
    }
    let mut targets = Vec::new();
    references(&document, &mut targets);
    assert!(targets.len() > 10, "{targets:?}");
    for target in targets {
        let pointer = target.trim_start_matches('#');
        assert!(document.pointer(pointer).is_some(), "{target} leads nowhere");
    }
    operations.sort();
    assert_eq!(
        operations,
        [
            "acknowledgeTransfers",
            "endEmployee",
            "getEvent",
            "getEventXapi",
            "getTransfer",
            "getTransferXapi",
            "listEvents",
            "listTransfers",
            "putEmployee"
        ]
    );
}

#[macro_export]
macro_rules! both {
    ($($name:ident),*) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                tokio::time::timeout($crate::common::TEST_DEADLINE, super::$name($crate::common::Backend::Sqlite)).await.expect("the test hung");
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                tokio::time::timeout($crate::common::TEST_DEADLINE, super::$name($crate::common::Backend::Postgres)).await.expect("the test hung");
            }
        }
    )*};
}

both!(
    stories,
    scopes_and_bad_input,
    from_home,
    push,
    ended_employment,
    names_travel_exactly
);

/// Story 4 on the server side (the single sign-on part is in Playwright, against a real
/// provider): an employee's «Glemt passord» with the staff code mails the private address,
/// and the staff code and new password log in.
async fn from_home(backend: Backend) {
    let Some(app) = hospital(backend).await else {
        return;
    };
    let hr = token(&app, &[Scope::EmployeesWrite]).await;
    let (status, _) = put_employee(
        &app,
        &hr,
        "HJEM1",
        json!({ "name": "Hanne Hjemme", "work_email": "hanne@firma.no", "employer_org_number": ORG }),
    )
    .await;
    assert_eq!(status, 201);
    let employee = kursportal::entity::account::Entity::find()
        .filter(kursportal::entity::account::Column::StaffCode.eq("HJEM1"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut row: kursportal::entity::account::ActiveModel = employee.into();
    row.private_email = sea_orm::Set(Some("hanne.privat@eksempel.no".into()));
    sea_orm::ActiveModelTrait::update(row, &app.db).await.unwrap();

    let (status, body) = app.call("accounts/forgot-password", &[("email", "hjem1")]).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        app.mails_to("hanne@firma.no").await.is_empty(),
        "not the work address"
    );
    let token = app
        .link_token("hanne.privat@eksempel.no", "/konto/nytt-passord/")
        .await;
    let (status, body) = app
        .call(
            "accounts/reset-password",
            &[
                ("token", &token),
                ("password", "hjemmekontor med utsikt"),
                ("repeat", "hjemmekontor med utsikt"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let client = app.new_client();
    app.login_as(&client, "hjem1", "hjemmekontor med utsikt").await;
    let (_, profile) = app.call_as(&client, "accounts/profile", &[]).await;
    assert_eq!(
        (profile["staff_code"].as_str(), profile["has_password"].as_bool()),
        (Some("HJEM1"), Some(true))
    );
    assert_eq!(profile["private_email"], "hanne.privat@eksempel.no");

    // A new private address is saved only when the link mailed to it is used.
    let (status, body) = app
        .call_as(
            &client,
            "accounts/private-email",
            &[("private_email", "Hanne.Hytta@Eksempel.no")],
        )
        .await;
    assert_eq!((status, body.as_str()), (200, Some("link_sent")), "{body}");
    let (_, profile) = app.call_as(&client, "accounts/profile", &[]).await;
    assert_eq!(profile["private_email"], "hanne.privat@eksempel.no", "not yet");
    let confirm = app
        .link_token("hanne.hytta@eksempel.no", "/konto/bekreft-epost/")
        .await;
    let (status, body) = app.call("accounts/confirm-email", &[("token", &confirm)]).await;
    assert_eq!((status, body.as_str()), (200, Some("private")), "{body}");
    let (_, profile) = app.call_as(&client, "accounts/profile", &[]).await;
    assert_eq!(profile["private_email"], "hanne.hytta@eksempel.no");
    assert_eq!(profile["email"], "hanne@firma.no", "the work address stays");
    let (status, _) = app.call("accounts/confirm-email", &[("token", &confirm)]).await;
    assert_eq!(status, 400, "the link works once");
    let (status, body) = app
        .call_as(&client, "accounts/private-email", &[("private_email", "")])
        .await;
    assert_eq!((status, body.as_str()), (200, Some("removed")), "{body}");
    let (_, profile) = app.call_as(&client, "accounts/profile", &[]).await;
    assert!(profile["private_email"].is_null(), "{profile}");

    let (status, body) = app
        .call_as(
            &client,
            "accounts/private-email",
            &[("private_email", "ikke en adresse")],
        )
        .await;
    assert_eq!(
        (status, body["field"].as_str()),
        (400, Some("private_email")),
        "{body}"
    );

    // Only employees have a private address; a bad staff code is a field error, an unknown one says nothing.
    let external = registered_learner(&app, "ekstern@eksempel.no", "full_catalogue", "").await;
    let (status, _) = app
        .call_as(
            &external,
            "accounts/private-email",
            &[("private_email", "x@eksempel.no")],
        )
        .await;
    assert_eq!(status, 403);
    let (status, body) = app.call("accounts/forgot-password", &[("email", "x")]).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("email")), "{body}");
    let (status, _) = app.call("accounts/forgot-password", &[("email", "ZZZ99")]).await;
    assert_eq!(status, 200, "no enumeration of staff codes");

    // The HR feed gives Hanne a new login address: the old one is told, her sessions end.
    let (status, body) = put_employee(
        &app,
        &hr,
        "HJEM1",
        json!({ "name": "Hanne Hjemme", "work_email": "hanne.ny@firma.no", "employer_org_number": ORG }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let told = app.mails_to("hanne@firma.no").await;
    let told = told.last().expect("the old address is told");
    assert!(told.subject.contains("Innloggingsadressen"), "{}", told.subject);
    assert!(told.body_text.contains("hanne.ny@firma.no"), "{}", told.body_text);
    let (status, _) = app.call_as(&client, "accounts/profile", &[]).await;
    assert_eq!(status, 401, "logged out everywhere");
    app.login_as(&client, "hjem1", "hjemmekontor med utsikt").await;

    // Someone with a role in the portal keeps their login address against the feed.
    kursportal::entity::account::Entity::update_many()
        .col_expr(
            kursportal::entity::account::Column::Role,
            sea_orm::sea_query::Expr::value("instructor"),
        )
        .filter(kursportal::entity::account::Column::StaffCode.eq("HJEM1"))
        .exec(&app.db)
        .await
        .unwrap();
    let (status, body) = put_employee(
        &app,
        &hr,
        "HJEM1",
        json!({ "name": "Hanne Hjemme", "work_email": "angriper@firma.no", "employer_org_number": ORG }),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert!(body.to_string().contains("work_email"), "{body}");
    let (status, profile) = app.call_as(&client, "accounts/profile", &[]).await;
    assert_eq!(
        (status, profile["email"].as_str()),
        (200, Some("hanne.ny@firma.no")),
        "nothing changed"
    );
    assert!(app.mails_to("angriper@firma.no").await.is_empty());
}

/// What the register was sent: the signature header and the body of each delivery.
type Deliveries = std::sync::Arc<std::sync::Mutex<Vec<(String, Vec<u8>)>>>;

/// A competence register that refuses its first delivery and takes the rest, recording what
/// it was sent.
async fn register_endpoint() -> (String, Deliveries) {
    let seen: Deliveries = Deliveries::default();
    let state = seen.clone();
    let app = axum::Router::new().route(
        "/kompetanse",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
            let state = state.clone();
            async move {
                let signature = headers
                    .get("x-kursportal-signature")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string();
                let mut seen = state.lock().unwrap();
                seen.push((signature, body.to_vec()));
                if seen.len() == 1 {
                    axum::http::StatusCode::SERVICE_UNAVAILABLE
                } else {
                    axum::http::StatusCode::NO_CONTENT
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/kompetanse", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

/// The optional push: signed with HMAC-SHA256, retried after a refusal with a pause, taken once.
async fn push(backend: Backend) {
    use kursportal::competence::push::{self, PushSettings};
    let Some(app) = hospital(backend).await else {
        return;
    };
    let hr = token(&app, &[Scope::EmployeesWrite]).await;
    let (_, id) = external_with_completion(&app, "push@eksempel.no", 95).await;
    let (status, _) = put_employee(
        &app,
        &hr,
        "PUSH1",
        json!({ "name": "Per Push", "national_id": id, "employer_org_number": ORG }),
    )
    .await;
    assert_eq!(status, 201);
    // The certificate is revoked before anything was pushed: the revocation waits for the
    // completion it revokes, though the register refuses the completion the first time.
    let admin = crate::events::course_admin(&app).await;
    let code = crate::events::certificate(&app, "PUSH1", "SIK-100").await;
    let (status, body) = app
        .call_as(
            &admin,
            "learning/revoke",
            &[("code", &code), ("reason", "Feil kurs")],
        )
        .await;
    assert!(status < 400, "{body}");

    let (url, seen) = register_endpoint().await;
    let settings = PushSettings {
        url,
        secret: "delt-hemmelighet".into(),
    };
    let http = reqwest::Client::new();
    let now = chrono::Utc::now();
    let public = "https://kurs.example.no";
    let run = |at| push::run_once(&app.db, &http, &settings, public, at);
    assert_eq!(run(now).await.unwrap(), 0, "refused the first time");
    assert_eq!(run(now + chrono::Duration::seconds(30)).await.unwrap(), 0);
    assert_eq!(
        seen.lock().unwrap().len(),
        1,
        "not retried before the pause is over"
    );
    let (a, b) = tokio::join!(
        run(now + chrono::Duration::minutes(2)),
        run(now + chrono::Duration::minutes(2)),
    );
    assert_eq!(
        a.unwrap() + b.unwrap(),
        2,
        "taken once each, by one of two instances"
    );
    assert_eq!(run(now + chrono::Duration::hours(1)).await.unwrap(), 0);
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 3);
    let (signature, body) = &seen[1];
    assert_eq!(
        signature,
        &push::signature("delt-hemmelighet", body),
        "signed with the shared secret"
    );
    let completed: Value = serde_json::from_slice(body).unwrap();
    assert_eq!(completed["event"]["kind"], "completed");
    assert_eq!(completed["event"]["staff_code"], "PUSH1");
    assert_eq!(completed["xapi"]["actor"]["account"]["name"], "PUSH1");
    let revoked: Value = serde_json::from_slice(&seen[2].1).unwrap();
    assert_eq!(
        revoked["event"]["kind"], "revoked",
        "after the completion it revokes"
    );
    assert_eq!(
        revoked["xapi"]["object"]["id"], completed["xapi"]["id"],
        "voids its statement"
    );
}

/// The end of an employment (issue 14, item 4): from the day after the last day the person's
/// sessions end, their staff role lapses and nothing more is billed to the employer; they can
/// still log in with their password and see their own history.
async fn ended_employment(backend: Backend) {
    use kursportal::{
        enrolment,
        entity::{account, course, session},
    };
    use sea_orm::{ActiveModelTrait, Set};
    let Some(app) = hospital(backend).await else {
        return;
    };
    let hr = token(&app, &[Scope::EmployeesWrite]).await;
    let person = json!({ "name": "Per Slutter", "work_email": "per@firma.no", "employer_org_number": ORG });
    assert_eq!(put_employee(&app, &hr, "SLUTT1", person.clone()).await.0, 201);
    let employee = account::Entity::find()
        .filter(account::Column::StaffCode.eq("SLUTT1"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let password = "siste arbeidsdag i desember";
    let mut row: account::ActiveModel = employee.clone().into();
    row.role = Set("instructor".into());
    row.password_hash = Set(Some(
        kursportal::accounts::password::hash(password.into())
            .await
            .unwrap(),
    ));
    row.update(&app.db).await.unwrap();
    let client = app.new_client();
    app.login_as(&client, "per@firma.no", password).await;

    // Two coming sessions of a course: one enrolled in before the end, one after.
    let course = course::Entity::find().one(&app.db).await.unwrap().unwrap();
    let now = chrono::Utc::now();
    let mut sessions = Vec::new();
    for days in [20, 30] {
        let saved = session::ActiveModel {
            course_id: Set(course.id),
            starts_at: Set(now + chrono::Duration::days(days)),
            ends_at: Set(now + chrono::Duration::days(days) + chrono::Duration::hours(6)),
            place: Set("Bergen".into()),
            capacity: Set(10),
            enrolment_deadline: Set(now + chrono::Duration::days(days - 1)),
            lock_version: Set(0),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        sessions.push(saved.id.to_string());
    }
    let (status, body) = app
        .call_as(&client, "enrolment/enrol", &[("session_id", &sessions[0])])
        .await;
    assert_eq!(status, 200, "{body}");
    let billed = |app: &TestApp, session: String| {
        let db = app.db.clone();
        async move {
            enrolment::Entity::find()
                .filter(enrolment::Column::SessionId.eq(session.parse::<i64>().unwrap()))
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .employer_id
        }
    };
    assert_eq!(
        billed(&app, sessions[0].clone()).await,
        employee.employer_id,
        "billed while employed"
    );
    // The invoicing export tells an employer named by its own HR feed from one a learner chose.
    let external = registered_learner(&app, "ekstern.faktura@eksempel.no", "full_catalogue", "").await;
    let (status, body) = app
        .call_as(&external, "enrolment/enrol", &[("session_id", &sessions[0])])
        .await;
    assert_eq!(status, 200, "{body}");
    let admin = app.new_client();
    app.login_as(&admin, "kursadmin@kursportal.test", "demo-passord-kursadmin")
        .await;
    let (_, roster) = app
        .call_as(&admin, "admin/roster", &[("session_id", &sessions[0])])
        .await;
    let confirmed = |email: &str| {
        roster["participants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["email"] == email)
            .unwrap()["employer_confirmed"]
            .as_bool()
    };
    assert_eq!(confirmed("per@firma.no"), Some(true), "{roster}");
    assert_eq!(confirmed("ekstern.faktura@eksempel.no"), Some(false), "{roster}");
    let csv = admin
        .get(app.url(&format!("/admin/kursenhet/{}/deltakere.csv", sessions[0])))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("Arbeidsgiver bekreftet"), "{csv}");
    let line = |email: &str| {
        csv.lines()
            .find(|l| l.contains(email))
            .unwrap_or_default()
            .to_string()
    };
    assert!(line("per@firma.no").contains("\"Ja\""), "{csv}");
    assert!(line("ekstern.faktura@eksempel.no").contains("\"Nei\""), "{csv}");

    // A last day in the future changes nothing yet.
    let in_a_week = (now + chrono::Duration::days(7)).date_naive();
    let (status, _) = api(
        &app,
        reqwest::Method::DELETE,
        &format!("/api/v1/employees/SLUTT1?last_day={in_a_week}"),
        Some(&hr),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let (status, profile) = app.call_as(&client, "accounts/profile", &[]).await;
    assert_eq!(status, 200, "still employed: {profile}");

    // The hourly check after the last day ends it.
    let closed =
        kursportal::competence::employment::close_ended(&app.db, in_a_week + chrono::Duration::days(1))
            .await
            .unwrap();
    assert_eq!(closed, 1);
    let (status, _) = app.call_as(&client, "accounts/profile", &[]).await;
    assert_eq!(status, 401, "the sessions ended");
    let after = account::Entity::find_by_id(employee.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.role, "learner", "the staff role lapsed");
    assert_eq!(
        billed(&app, sessions[0].clone()).await,
        None,
        "a coming enrolment is no longer billed"
    );
    assert_eq!(
        kursportal::competence::employment::close_ended(&app.db, in_a_week + chrono::Duration::days(2))
            .await
            .unwrap(),
        0,
        "carried out once"
    );

    // A last day already past (sent by the feed) takes effect at once.
    let yesterday = (now - chrono::Duration::days(1)).date_naive();
    app.login_as(&client, "per@firma.no", password).await;
    let (status, _) = api(
        &app,
        reqwest::Method::DELETE,
        &format!("/api/v1/employees/SLUTT1?last_day={yesterday}"),
        Some(&hr),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = app.call_as(&client, "accounts/profile", &[]).await;
    assert_eq!(status, 401, "the sessions ended at once");

    // The person still logs in with their password and sees their own things; a new
    // enrolment is their own, not the employer's.
    app.login_as(&client, "per@firma.no", password).await;
    let (status, profile) = app.call_as(&client, "accounts/profile", &[]).await;
    assert_eq!(status, 200, "{profile}");
    let (status, _) = app.call_as(&client, "learning/history", &[]).await;
    assert_eq!(status, 200);
    let (status, body) = app
        .call_as(&client, "enrolment/enrol", &[("session_id", &sessions[1])])
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(billed(&app, sessions[1].clone()).await, None);
}

/// Issue 20: a name outside Norwegian's letters reaches the competence register exactly, in
/// the transfer record and in its xAPI statement.
async fn names_travel_exactly(backend: Backend) {
    let Some(app) = hospital(backend).await else {
        return;
    };
    let hr = token(&app, &[Scope::EmployeesWrite]).await;
    let register = token(&app, &[Scope::TransfersRead]).await;
    let (_, national_id) = external_with_completion(&app, "lukasz.privat@eksempel.no", 97).await;
    let (status, saved) = put_employee(
        &app,
        &hr,
        "luk01",
        json!({
            "name": "Łukasz Wiśniewski", "national_id": national_id, "work_email": "lukasz@firma.no",
            "employer_org_number": ORG, "employer_name": "Banebygg AS", "employment_start": "2026-01-01"
        }),
    )
    .await;
    assert_eq!(status, 201, "{saved}");
    let page = transfers(&app, &register, 0).await;
    let record = &page["transfers"][0];
    assert_eq!(record["name"], "Łukasz Wiśniewski", "{page}");
    let id = record["id"].as_i64().unwrap();
    let (status, statement) = api(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/competence/transfers/{id}/xapi"),
        Some(&register),
        None,
    )
    .await;
    assert_eq!(status, 200, "{statement}");
    assert_eq!(statement["actor"]["name"], "Łukasz Wiśniewski", "{statement}");
}
