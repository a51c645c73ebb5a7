//! The HR file as an employer's full list (issue 17, item 8): employees of that employer who are
//! missing from the file have their employment ended on the day the administrator gives, shown
//! line by line in the preview before anything is saved. Lines of another employer, an unknown
//! employer and a day that does not read are refused at their fields.
use crate::both;
use crate::common::{Backend, TestApp};
use crate::competence::{ORG, hospital, put_employee, token};
use kursportal::{competence::clients::Scope, entity::account};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

const ADMIN: (&str, &str) = ("admin@kursportal.test", "demo-passord-admin");
const OTHER_ORG: &str = "923609016";

fn rows_of(report: &Value, action: &str) -> Vec<String> {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] == action)
        .map(|r| r["staff_code"].as_str().unwrap().to_string())
        .collect()
}

async fn end_of(app: &TestApp, code: &str) -> Option<chrono::NaiveDate> {
    account::Entity::find()
        .filter(account::Column::StaffCode.eq(code))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .employment_end
}

async fn missing_employees_end_on_the_given_day(backend: Backend) {
    let Some(app) = hospital(backend).await else {
        return;
    };
    let hr = token(&app, &[Scope::EmployeesWrite]).await;
    let today = chrono::Utc::now().date_naive();
    let soon = today + chrono::Duration::days(5);
    for (code, org, end) in [
        ("FLA01", ORG, None),
        ("FLA02", ORG, None),
        ("FLA03", ORG, Some(soon)),
        ("FLB01", OTHER_ORG, None),
    ] {
        let mut body = json!({ "name": format!("Person {code}"), "employer_org_number": org });
        if let Some(end) = end {
            body["employment_end"] = json!(end.to_string());
        }
        let (status, saved) = put_employee(&app, &hr, code, body).await;
        assert_eq!(status, 201, "{saved}");
    }
    let admin = app.new_client();
    app.login_as(&admin, ADMIN.0, ADMIN.1).await;
    let last_day = (today + chrono::Duration::days(10)).to_string();
    let csv = format!("staff_code;name;employer_org_number\nFLA01;Person FLA01;{ORG}\n");
    let form = |csv: &str, employer: &str, day: &str| {
        vec![
            ("csv".to_string(), csv.to_string()),
            ("full".to_string(), "on".to_string()),
            ("employer".to_string(), employer.to_string()),
            ("last_day".to_string(), day.to_string()),
        ]
    };
    let call = |endpoint: &'static str, form: Vec<(String, String)>| {
        let admin = admin.clone();
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.call_as(&admin, endpoint, &pairs).await
        }
    };

    // The preview names who ends; the demo employees of the demo employer are there too.
    let (status, report) = call("admin/employee-import-preview", form(&csv, ORG, &last_day)).await;
    assert_eq!(status, 200, "{report}");
    let ended = rows_of(&report, "end");
    assert!(ended.contains(&"FLA02".to_string()), "{report}");
    assert!(
        !ended.contains(&"FLA01".to_string()) && !ended.contains(&"FLA03".to_string()),
        "listed, or ending sooner anyway"
    );
    assert!(!ended.contains(&"FLB01".to_string()), "another employer's");
    let fla02 = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["staff_code"] == "FLA02")
        .unwrap();
    assert_eq!(
        fla02["ends"],
        (today + chrono::Duration::days(10))
            .format("%d.%m.%Y")
            .to_string()
    );
    assert_eq!(
        report["full_list"],
        json!({ "employer": ORG, "last_day": last_day })
    );
    assert_eq!(end_of(&app, "FLA02").await, None, "a preview saves nothing");

    // Refusals at the fields.
    let (status, body) = call("admin/employee-import-preview", form(&csv, "123", "31.02.2026")).await;
    assert_eq!(status, 400, "{body}");
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["employer", "last_day"], "{body}");
    let (status, body) = call(
        "admin/employee-import-preview",
        form(&csv, "812345613", &last_day),
    )
    .await;
    assert_eq!(
        (status, body["fields"][0]["field"].as_str()),
        (400, Some("employer")),
        "an unknown employer: {body}"
    );
    let mixed = format!("{csv}FLB01;Person FLB01;{OTHER_ORG}\n");
    let (_, report) = call("admin/employee-import-preview", form(&mixed, ORG, &last_day)).await;
    let line = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["staff_code"] == "FLB01")
        .unwrap();
    assert_eq!(
        (line["action"].as_str(), line["errors"][0]["field"].as_str()),
        (Some("invalid"), Some("employer_org_number")),
        "{report}"
    );

    // Saved as shown: FLA02's employment ends on the day; the next night's file ends no one more.
    let (_, report) = call("admin/employee-import-preview", form(&csv, ORG, &last_day)).await;
    let mut apply = form(&csv, ORG, &last_day);
    apply.push((
        "fingerprint".into(),
        report["fingerprint"].as_str().unwrap().into(),
    ));
    let (status, saved) = call("admin/employee-import-apply", apply).await;
    assert_eq!((status, saved["applied"].as_bool()), (200, Some(true)), "{saved}");
    assert_eq!(
        end_of(&app, "FLA02").await,
        Some(today + chrono::Duration::days(10))
    );
    assert_eq!(end_of(&app, "FLA01").await, None);
    assert_eq!(end_of(&app, "FLA03").await, Some(soon));
    assert_eq!(end_of(&app, "FLB01").await, None);
    let (_, again) = call("admin/employee-import-preview", form(&csv, ORG, &last_day)).await;
    assert!(!rows_of(&again, "end").contains(&"FLA02".to_string()), "{again}");

    // Without the choice, a file ends no one.
    let (_, plain) = app
        .call_as(&admin, "admin/employee-import-preview", &[("csv", csv.as_str())])
        .await;
    assert!(rows_of(&plain, "end").is_empty(), "{plain}");
    assert_eq!(plain["full_list"], Value::Null);
}

both!(missing_employees_end_on_the_given_day);
