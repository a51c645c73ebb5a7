//! The admin area's side of issue 6: the HR file with its dry-run preview, the API keys in
//! the browser, and the merge's all-or-nothing when the process is killed half way.
use crate::common::{Backend, LEARNER_PASSWORD, TEST_SECRET_KEY, TestApp, registered_learner};
use crate::competence::{ORG, api, codes, external_with_completion, hospital, token, transfers};
use kursportal::{
    audit,
    competence::clients::Scope,
    entity::{account, completion},
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

async fn admin(app: &TestApp) -> reqwest::Client {
    let client = app.new_client();
    app.login_as(&client, "admin@kursportal.test", "demo-passord-admin")
        .await;
    client
}

async fn by_staff_code(app: &TestApp, code: &str) -> Option<account::Model> {
    account::Entity::find()
        .filter(account::Column::StaffCode.eq(code))
        .one(&app.db)
        .await
        .unwrap()
}

async fn by_email(app: &TestApp, email: &str) -> Option<account::Model> {
    account::Entity::find()
        .filter(account::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
}

fn row<'a>(report: &'a Value, code: &str) -> &'a Value {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["staff_code"] == code)
        .unwrap_or_else(|| panic!("no row {code} in {report}"))
}

async fn audits(app: &TestApp, action: &str) -> u64 {
    audit::Entity::find()
        .filter(audit::Column::Action.eq(action))
        .count(&app.db)
        .await
        .unwrap()
}

/// An administrator uploads the HR export: the preview shows every line's outcome (the merge
/// included) and saves nothing; a file with errors cannot be saved; a file whose outcome
/// changed since its preview is refused; the saved file does exactly what was shown.
async fn hr_file(backend: Backend) {
    let Some(app) = hospital(backend).await else {
        return;
    };
    let register = token(&app, &[Scope::TransfersRead]).await;
    let (kari, kari_id) = external_with_completion(&app, "kari.privat@eksempel.no", 41).await;
    let admin = admin(&app).await;

    let bad = format!(
        "Ansattnummer;Navn;Fødselsnummer;E-post;Orgnr;Startdato\n\
         kar12;Kari Nordmann;{kari_id};kari.nordmann@firma.no;{ORG};01.08.2025\n\
         OLA34;Ola Nordmann;;ola.nordmann@firma.no;{ORG};\n\
         X;Per;12345678901;ikke-epost;123;1.1.25\n\
         KAR12;Kari Igjen;;;{ORG};\n"
    );
    let (status, preview) = app
        .call_as(&admin, "admin/employee-import-preview", &[("csv", &bad)])
        .await;
    assert_eq!(status, 200, "{preview}");
    let kar = row(&preview, "KAR12");
    assert_eq!(kar["action"], "create");
    assert_eq!(kar["merges"], "Vera Viser", "{kar}");
    assert_eq!(row(&preview, "OLA34")["action"], "create");
    let invalid = row(&preview, "X");
    assert_eq!(invalid["line"], 4);
    let fields: Vec<&str> = invalid["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "staff_code",
            "national_id",
            "work_email",
            "employer_org_number",
            "employment_start"
        ]
    );
    let twice = &preview["rows"][3];
    assert_eq!(twice["action"], "invalid");
    assert!(
        twice["errors"][0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("linje 2"),
        "{twice}"
    );
    // The preview saved nothing: no employee, Kari's external login intact, no mail, no audit.
    assert!(by_staff_code(&app, "KAR12").await.is_none());
    assert!(by_email(&app, "kari.privat@eksempel.no").await.is_some());
    assert!(
        app.mails_to("kari.privat@eksempel.no")
            .await
            .iter()
            .all(|m| !m.subject.contains("slått sammen"))
    );
    assert_eq!(audits(&app, "employee.import").await, 0);
    let (status, _) = app.call_as(&kari, "learning/history", &[]).await;
    assert_eq!(status, 200, "Kari's session lives on after a preview");

    // A file with errors cannot be saved, whatever fingerprint is sent.
    let fingerprint = preview["fingerprint"].as_str().unwrap().to_string();
    let (status, refused) = app
        .call_as(
            &admin,
            "admin/employee-import-apply",
            &[("csv", &bad), ("fingerprint", &fingerprint)],
        )
        .await;
    assert_eq!(
        (status, refused["field"].as_str()),
        (400, Some("csv")),
        "{refused}"
    );
    assert!(by_staff_code(&app, "OLA34").await.is_none());

    // The fixed file is previewed; then HR's API creates OLA34 before the administrator saves:
    // the outcome is no longer the one shown, so nothing is saved.
    let good = format!(
        "staff_code,name,national_id,work_email,employer_org_number,employment_start\n\
         KAR12,Kari Nordmann,{kari_id},kari.nordmann@firma.no,{ORG},2025-08-01\n\
         OLA34,Ola Nordmann,,ola.nordmann@firma.no,{ORG},\n"
    );
    let (status, preview) = app
        .call_as(&admin, "admin/employee-import-preview", &[("csv", &good)])
        .await;
    assert_eq!(status, 200, "{preview}");
    let stale = preview["fingerprint"].as_str().unwrap().to_string();
    let hr = token(&app, &[Scope::EmployeesWrite]).await;
    let (status, _) = crate::competence::put_employee(
        &app,
        &hr,
        "OLA34",
        serde_json::json!({ "name": "Ola Nordmann", "employer_org_number": ORG }),
    )
    .await;
    assert_eq!(status, 201);
    let (status, conflict) = app
        .call_as(
            &admin,
            "admin/employee-import-apply",
            &[("csv", &good), ("fingerprint", &stale)],
        )
        .await;
    assert_eq!(status, 409, "{conflict}");
    assert!(
        by_staff_code(&app, "KAR12").await.is_none(),
        "nothing of the file saved"
    );

    // Previewed again (OLA34 now only gets an e-mail), then saved.
    let (_, preview) = app
        .call_as(&admin, "admin/employee-import-preview", &[("csv", &good)])
        .await;
    assert_eq!(row(&preview, "OLA34")["action"], "update");
    assert_eq!(
        row(&preview, "OLA34")["changes"],
        serde_json::json!(["work_email"])
    );
    let fingerprint = preview["fingerprint"].as_str().unwrap().to_string();
    let (status, applied) = app
        .call_as(
            &admin,
            "admin/employee-import-apply",
            &[("csv", &good), ("fingerprint", &fingerprint)],
        )
        .await;
    assert_eq!(status, 200, "{applied}");
    assert_eq!(applied["applied"], true);
    assert_eq!(applied["rows"], preview["rows"], "saved exactly what was shown");
    let kar12 = by_staff_code(&app, "KAR12").await.expect("created");
    assert_eq!(kar12.email.as_deref(), Some("kari.nordmann@firma.no"));
    assert_eq!(codes(&transfers(&app, &register, 0).await), ["KAR12"]);
    assert!(
        app.mails_to("kari.privat@eksempel.no")
            .await
            .iter()
            .any(|m| m.subject == "Profilen din er slått sammen med ansattprofilen din")
    );
    assert_eq!(audits(&app, "employee.import").await, 1);
    assert_eq!(audits(&app, "profile.merged").await, 1);

    // The same file again changes nothing and writes nothing.
    let (_, again) = app
        .call_as(&admin, "admin/employee-import-preview", &[("csv", &good)])
        .await;
    assert!(
        again["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["action"] == "unchanged"),
        "{again}"
    );

    // A file-level problem is one clear message on the field; nobody but an administrator may look.
    let (status, body) = app
        .call_as(
            &admin,
            "admin/employee-import-preview",
            &[("csv", "navn;lønn\nA;B\n")],
        )
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("csv")), "{body}");
    assert!(body["message"]["text"].as_str().unwrap().contains("lønn"));
    let (status, _) = app
        .call_as(&kari, "admin/employee-import-preview", &[("csv", &good)])
        .await;
    assert_eq!(status, 401, "Kari's external session ended with the merge");
    let learner = registered_learner(&app, "per@eksempel.no", "full_catalogue", "").await;
    for endpoint in [
        "admin/employee-import-preview",
        "admin/employee-import-apply",
        "admin/api-clients",
        "admin/api-client-create",
        "admin/api-client-revoke",
    ] {
        let form = [
            ("csv", good.as_str()),
            ("fingerprint", "x"),
            ("name", "x"),
            ("id", "1"),
        ];
        let (status, _) = app.call_as(&learner, endpoint, &form).await;
        assert_eq!(status, 403, "{endpoint} for a learner");
        let (status, _) = app.call_as(&app.new_client(), endpoint, &form).await;
        assert_eq!(status, 401, "{endpoint} anonymous");
    }
}

/// API keys made in the admin area work at once, are listed without the token, and stop
/// working when revoked.
async fn api_keys(backend: Backend) {
    let Some(app) = hospital(backend).await else {
        return;
    };
    let admin = admin(&app).await;
    let (status, body) = app
        .call_as(
            &admin,
            "admin/api-client-create",
            &[("name", " "), ("transfers_read", "on")],
        )
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("name")), "{body}");
    let (status, body) = app
        .call_as(
            &admin,
            "admin/api-client-create",
            &[("name", "Kompetanseregisteret")],
        )
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("scopes")), "{body}");
    let (status, made) = app
        .call_as(
            &admin,
            "admin/api-client-create",
            &[("name", "Kompetanseregisteret"), ("transfers_read", "on")],
        )
        .await;
    assert_eq!(status, 200, "{made}");
    let key = made["token"].as_str().unwrap().to_string();
    assert!(key.starts_with("kp_"));
    let (status, _) = api(
        &app,
        reqwest::Method::GET,
        "/api/v1/competence/transfers",
        Some(&key),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = api(
        &app,
        reqwest::Method::PUT,
        "/api/v1/employees/ABC1",
        Some(&key),
        Some(serde_json::json!({ "name": "A B", "employer_org_number": ORG })),
    )
    .await;
    assert_eq!(status, 403, "only the scope ticked");

    let (status, list) = app.call_as(&admin, "admin/api-clients", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(list[0]["name"], "Kompetanseregisteret");
    assert_eq!(list[0]["scopes"], serde_json::json!(["transfers:read"]));
    assert!(list[0]["last_used_at"].is_string(), "{list}");
    assert!(!list.to_string().contains(&key), "the token is never listed");

    let id = made["id"].as_i64().unwrap().to_string();
    let (status, _) = app
        .call_as(&admin, "admin/api-client-revoke", &[("id", &id)])
        .await;
    assert_eq!(status, 200);
    let (status, _) = api(
        &app,
        reqwest::Method::GET,
        "/api/v1/competence/transfers",
        Some(&key),
        None,
    )
    .await;
    assert_eq!(status, 401, "revoked");
    let (status, _) = app
        .call_as(&admin, "admin/api-client-revoke", &[("id", &id)])
        .await;
    assert_eq!(status, 404, "already revoked");
    let (_, list) = app.call_as(&admin, "admin/api-clients", &[]).await;
    assert!(list[0]["revoked_at"].is_string());
    assert_eq!(audits(&app, "api_client.created").await, 1);
    assert_eq!(audits(&app, "api_client.revoked").await, 1);
}

/// The HR feed's merge runs in the real binary, which is killed (SIGKILL) half way through
/// the merge: the database holds all of it or none of it, here none; the same call then
/// succeeds in full.
async fn killed_mid_merge(backend: Backend) {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let Some(app) = hospital(backend).await else {
        return;
    };
    let hr = token(&app, &[Scope::EmployeesWrite]).await;
    let (_, kari_id) = external_with_completion(&app, "kari.privat@eksempel.no", 43).await;
    let external = by_email(&app, "kari.privat@eksempel.no").await.unwrap();

    let port = crate::cli::free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kursportal"))
        .arg("serve")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &app.database_url)
        .env("KURSPORTAL_SECRET_KEY", TEST_SECRET_KEY)
        .env("KURSPORTAL_DATA_DIR", &app.data_dir)
        .env("KURSPORTAL_SITE_ROOT", app.data_dir.join("site"))
        .env("KURSPORTAL_REQUIRE_NATIONAL_ID", "false")
        .env("KURSPORTAL_ADDR", format!("127.0.0.1:{port}"))
        .env("KURSPORTAL_FAILPOINT", "merge.half_way")
        .env("RUST_LOG", "warn")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start the binary");
    let stderr = child.stderr.take().unwrap();
    let (paused_tx, paused_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains("failpoint merge.half_way") {
                let _ = paused_tx.send(());
            }
        }
    });
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let up = crate::cli::wait_for_ok(&client, &format!("{base}/healthz")).await == Some(200);
    assert!(up, "the second process did not start");
    let body = serde_json::json!({
        "name": "Kari Nordmann", "national_id": kari_id, "employer_org_number": ORG,
        "work_email": "kari.nordmann@firma.no"
    });
    let call = tokio::spawn({
        let url = format!("{base}/api/v1/employees/KAR12");
        let (hr, body) = (hr.clone(), body.clone());
        async move { client.put(url).bearer_auth(hr).json(&body).send().await }
    });
    tokio::task::spawn_blocking(move || paused_rx.recv_timeout(std::time::Duration::from_secs(30)))
        .await
        .unwrap()
        .expect("the merge reached half way");
    child.kill().expect("kill -9");
    child.wait().unwrap();
    assert!(call.await.unwrap().is_err(), "the caller saw the connection die");

    // Nothing of the merge is left: no employee, the external profile as it was, its
    // completion still its own, no audit entry, no mail; Kari can still log in.
    assert!(by_staff_code(&app, "KAR12").await.is_none());
    let after = account::Entity::find_by_id(external.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            &after.email,
            &after.national_id_key,
            after.merged_into,
            after.session_generation
        ),
        (
            &external.email,
            &external.national_id_key,
            None,
            external.session_generation
        ),
        "the external profile is untouched"
    );
    let owners: Vec<i64> = completion::Entity::find()
        .filter(completion::Column::Source.ne(completion::SOURCE_IMPORT))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.account_id)
        .collect();
    assert_eq!(
        owners,
        [external.id],
        "the demo learner's imported kursbevis aside"
    );
    assert_eq!(audits(&app, "profile.merged").await, 0);
    assert!(
        app.mails_to("kari.privat@eksempel.no")
            .await
            .iter()
            .all(|m| !m.subject.contains("slått sammen"))
    );
    let browser = app.new_client();
    app.login_as(&browser, "kari.privat@eksempel.no", LEARNER_PASSWORD)
        .await;

    // HR's retry, on the portal that is still running, merges everything.
    let (status, saved) = crate::competence::put_employee(&app, &hr, "KAR12", body).await;
    assert_eq!(status, 201, "{saved}");
    assert_eq!(saved["merged_profile"], external.id);
    let register = token(&app, &[Scope::TransfersRead]).await;
    assert_eq!(codes(&transfers(&app, &register, 0).await), ["KAR12"]);
}

crate::both!(hr_file, api_keys, killed_mid_merge);

/// Large bodies: an HR file at the text limit, form-encoded (up to three times larger), is
/// read and answered; a larger one gets the file's own message; a body past axum's limit is
/// answered with a 400 error document (once a panic in server_fn and a dropped connection).
async fn large_bodies(backend: Backend) {
    let Some(app) = hospital(backend).await else {
        return;
    };
    let admin = admin(&app).await;
    let line = format!("Åse Æsøy;{ORG};{}\n", "æøå".repeat(60));
    let mut csv = String::from("name;employer_org_number;employer_name\n");
    while csv.len() + line.len() < kursportal::competence::hr_file::MAX_BYTES {
        csv.push_str(&line);
    }
    let (status, body) = app
        .call_as(&admin, "admin/employee-import-preview", &[("csv", &csv)])
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("csv")), "{body}");
    assert!(
        body["message"]["text"].as_str().unwrap().contains("staff_code"),
        "read to the end: the missing column is named: {body}"
    );
    csv.push_str(&"B1;x;974760673\n".repeat(3000));
    let (status, body) = app
        .call_as(&admin, "admin/employee-import-preview", &[("csv", &csv)])
        .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("csv")), "{body}");
    assert!(
        body["message"]["text"].as_str().unwrap().contains("for stor"),
        "{body}"
    );

    // Just past the limit (each «å» is six bytes form-encoded). The server answers after reading
    // 2 MiB; a client still writing may find the connection reset before it reads the answer,
    // so a few tries are allowed. (The panic this guards against never answered at all.)
    let huge = "å".repeat(351_200);
    let mut answer = None;
    for _ in 0..5 {
        let sent = app
            .new_client()
            .post(app.url("/api/accounts/login"))
            .form(&[("identifier", huge.as_str()), ("password", "x")])
            .send()
            .await;
        if let Ok(response) = sent {
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            answer = Some((status, body));
            break;
        }
    }
    let (status, body) = answer.expect("an answer to an oversized body");
    assert_eq!((status, body["kind"].as_str()), (400, Some("request")), "{body}");
}

crate::both!(large_bodies);
