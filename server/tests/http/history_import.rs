//! Historic completions (issue 17, item 7): an administrator previews a CSV file of
//! completions from the system used before, sees each line's outcome and errors by column, and
//! saves exactly what was shown. Imported completions carry their source, make kursbevis, count
//! for requirements and stay out of the competence register unless the import asks; importing
//! the same completion with another validity corrects it (a `corrected` event when the register
//! has it).
use crate::both;
use crate::common::{Backend, TestApp, registered_learner, synthetic_national_id};
use crate::competence::{ORG, hospital, put_employee, token};
use crate::events::{events, of};
use kursportal::{
    competence::clients::Scope,
    entity::{account, completion},
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

const ADMIN: (&str, &str) = ("admin@kursportal.test", "demo-passord-admin");

fn line(report: &Value, number: u64) -> Value {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["line"] == number)
        .cloned()
        .unwrap_or_else(|| panic!("line {number}: {report}"))
}

fn fields(row: &Value) -> Vec<String> {
    row["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect()
}

async fn preview(app: &TestApp, admin: &reqwest::Client, csv: &str, to_register: bool) -> (u16, Value) {
    let mut form = vec![("csv", csv)];
    if to_register {
        form.push(("to_register", "on"));
    }
    app.call_as(admin, "admin/history-import-preview", &form).await
}

async fn apply(
    app: &TestApp,
    admin: &reqwest::Client,
    csv: &str,
    to_register: bool,
    fingerprint: &str,
) -> (u16, Value) {
    let mut form = vec![("csv", csv), ("fingerprint", fingerprint)];
    if to_register {
        form.push(("to_register", "on"));
    }
    app.call_as(admin, "admin/history-import-apply", &form).await
}

async fn imported(app: &TestApp, person: i64) -> Vec<completion::Model> {
    completion::Entity::find()
        .filter(completion::Column::AccountId.eq(person))
        .filter(completion::Column::Source.eq("import"))
        .all(&app.db)
        .await
        .unwrap()
}

async fn historic_completions_are_previewed_saved_and_corrected(backend: Backend) {
    let Some(app) = hospital(backend).await else {
        return;
    };
    let hr = token(&app, &[Scope::EmployeesWrite]).await;
    let reader = token(&app, &[Scope::TransfersRead]).await;
    let national_id = synthetic_national_id(61);
    let (status, body) = put_employee(
        &app,
        &hr,
        "HIST1",
        json!({ "name": "Hanne Historikk", "national_id": national_id, "employer_org_number": ORG, "unit_code": "BANE" }),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    registered_learner(
        &app,
        "ekstern@eksempel.no",
        "full_catalogue",
        &synthetic_national_id(62),
    )
    .await;
    let hanne = account::Entity::find()
        .filter(account::Column::StaffCode.eq("HIST1"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let cursor = events(&app, &reader, "after=0&limit=500").await["next_cursor"]
        .as_i64()
        .unwrap();
    let admin = app.new_client();
    app.login_as(&admin, ADMIN.0, ADMIN.1).await;
    let today = chrono::Utc::now().date_naive();
    let in_a_year = (today + chrono::Duration::days(365))
        .format("%d.%m.%Y")
        .to_string();
    let tomorrow = (today + chrono::Duration::days(1)).format("%Y-%m-%d").to_string();
    let other_id = synthetic_national_id(62);

    // Every kind of bad line is named by its column; nothing is saved.
    let bad = format!(
        "Ansattkode;Fødselsnummer;E-post;Kurskode;Fullført;Gyldig til;Kilde\n\
         HIST1;;;sik-100;01.02.2024;{in_a_year};Gammelt LMS\n\
         ;{national_id};;SIK-200;15.03.2023;;Gammelt LMS\n\
         ;;ekstern@eksempel.no;SIK-100;2025-05-05;;\n\
         ZZZZ9;;;SIK-100;01.02.2024;;\n\
         HIST1;;;FINNES-IKKE;01.02.2024;;\n\
         HIST1;;;SIK-220;{tomorrow};;\n\
         HIST1;;;SIK-220;01.02.2024;01.01.2024;\n\
         HIST1;;;SIK-100;2024-02-01;;\n\
         HIST1;{other_id};;SIK-220;01.02.2024;;\n\
         ;;ikke-en-adresse;SIK-220;01.02.2024;;\n\
         ;;;SIK-220;01.02.2024;;\n\
         HIST1;;;SIK-220;31.02.2024;;\n"
    );
    let (status, report) = preview(&app, &admin, &bad, false).await;
    assert_eq!(status, 200, "{report}");
    for (number, action) in [(2, "create"), (3, "create"), (4, "create")] {
        assert_eq!(line(&report, number)["action"], action, "{report}");
    }
    assert_eq!(line(&report, 2)["person"], "Hanne Historikk");
    assert_eq!(line(&report, 2)["course_code"], "SIK-100");
    assert!(
        line(&report, 3)["valid_until"].is_string(),
        "the course's validity when the file gives none: {report}"
    );
    for (number, field) in [
        (5, "staff_code"),
        (6, "course_code"),
        (7, "completed_on"),
        (8, "valid_until"),
        (9, "completed_on"),
        (10, "staff_code"),
        (11, "email"),
        (12, "staff_code"),
        (13, "completed_on"),
    ] {
        let row = line(&report, number);
        assert_eq!(
            (row["action"].as_str(), fields(&row).first().map(String::as_str)),
            (Some("invalid"), Some(field)),
            "line {number}: {row}"
        );
    }
    assert!(
        line(&report, 9)["errors"][0]["message"]
            .to_string()
            .contains("linje 2"),
        "{report}"
    );
    assert!(
        !report.to_string().contains(&national_id),
        "no national ID in the report"
    );
    let (status, body) = apply(&app, &admin, &bad, false, report["fingerprint"].as_str().unwrap()).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("csv")), "{body}");
    assert!(imported(&app, hanne.id).await.is_empty(), "nothing saved");

    // The good lines, previewed and saved as shown; not for the register.
    let good: String = bad.lines().take(4).map(|l| format!("{l}\n")).collect();
    let (_, report) = preview(&app, &admin, &good, false).await;
    let fingerprint = report["fingerprint"].as_str().unwrap().to_string();
    let (status, _) = apply(&app, &admin, &good, false, "0000").await;
    assert_eq!(status, 409, "a stale or made-up fingerprint saves nothing");
    let (status, _) = apply(&app, &admin, &good, true, &fingerprint).await;
    assert_eq!(
        status, 409,
        "sending to the register was not what the preview showed"
    );
    assert!(imported(&app, hanne.id).await.is_empty());
    let (status, saved) = apply(&app, &admin, &good, false, &fingerprint).await;
    assert_eq!((status, saved["applied"].as_bool()), (200, Some(true)), "{saved}");
    let held = imported(&app, hanne.id).await;
    assert_eq!(held.len(), 2);
    assert!(
        held.iter()
            .all(|c| c.imported_from.as_deref() == Some("Gammelt LMS") && !c.to_register)
    );
    let (status, html) = app
        .get_html(&format!("/verifiser/{}", held[0].certificate_code))
        .await;
    assert_eq!(status, 200, "a kursbevis");
    assert!(html.contains("Hanne"), "{html}");
    // It counts for the requirement of the unit (SIK-100 in Bane).
    let (_, person) = app
        .call_get_as(&admin, "competence/person", &[("id", &hanne.id.to_string())])
        .await;
    assert!(person.to_string().contains("\"valid\""), "{person}");
    // The same file again changes nothing.
    let (_, again) = preview(&app, &admin, &good, false).await;
    assert!(
        again["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["action"] == "unchanged"),
        "{again}"
    );
    // Not in the register's feed, old or new.
    let page = events(&app, &reader, &format!("after={cursor}")).await;
    assert!(of(&page, "HIST1").is_empty(), "{page}");
    let records = crate::competence::transfers(&app, &reader, 0).await;
    assert!(!crate::competence::codes(&records).contains(&"HIST1".to_string()));

    // Asked for: the register gets it; a later file with another validity corrects it.
    let sent =
        "staff_code,course_code,completed_on,valid_until,source\nHIST1,SIK-220,2024-06-01,,Gammelt LMS\n";
    let (_, report) = preview(&app, &admin, sent, true).await;
    let (status, _) = apply(&app, &admin, sent, true, report["fingerprint"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    let page = events(&app, &reader, &format!("after={cursor}")).await;
    assert_eq!(
        of(&page, "HIST1"),
        [("completed".to_string(), "SIK-220".to_string())],
        "{page}"
    );
    let corrected = "staff_code,course_code,completed_on,valid_until,source\nHIST1,SIK-220,2024-06-01,2030-06-01,Gammelt LMS\n";
    let (_, report) = preview(&app, &admin, corrected, true).await;
    assert_eq!(line(&report, 2)["action"], "correct", "{report}");
    assert_eq!(line(&report, 2)["changes"], json!(["valid_until"]));
    let (status, _) = apply(
        &app,
        &admin,
        corrected,
        true,
        report["fingerprint"].as_str().unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    let page = events(&app, &reader, &format!("after={cursor}")).await;
    assert_eq!(
        of(&page, "HIST1"),
        [
            ("completed".to_string(), "SIK-220".to_string()),
            ("corrected".to_string(), "SIK-220".to_string())
        ],
        "{page}"
    );
    let events_of: Vec<&Value> = page["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["staff_code"] == "HIST1")
        .collect();
    assert_eq!(events_of[0]["source"], "import");
    assert_eq!(events_of[0]["imported_from"], "Gammelt LMS");
    assert_eq!(events_of[1]["valid_until"], "2030-06-01");
    assert_eq!(events_of[1]["refers_to"], events_of[0]["id"]);

    // The page of the import, for the administrator.
    let html = admin
        .get(app.url("/admin/historikk"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Historikk fra tidligere system") && html.contains("to_register"),
        "{html}"
    );

    // Only administrators import; a bad file is one message at the field.
    let learner = app.new_client();
    app.login_as(&learner, "ekstern@eksempel.no", crate::common::LEARNER_PASSWORD)
        .await;
    let (status, _) = preview(&app, &learner, &good, false).await;
    assert_eq!(status, 403);
    let (status, body) = preview(&app, &admin, "kurskode;fullført\nSIK-100;01.01.2024\n", false).await;
    assert_eq!((status, body["field"].as_str()), (400, Some("csv")), "{body}");
    let imports = kursportal::entity::audit_log::Entity::find()
        .filter(kursportal::entity::audit_log::Column::Action.eq("completion.import"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(imports, 3, "each saved import is audited");
}

both!(historic_completions_are_previewed_saved_and_corrected);
