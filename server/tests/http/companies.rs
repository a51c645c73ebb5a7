//! «Firma»: administrators list, search, edit, close and reopen employers. Only administrators;
//! bad input is named at its field and changes nothing; each change is audited. A closed employer
//! is not offered at registration and nothing new is billed to it, while its people keep it.
use crate::common::{TestApp, registered_learner, synthetic_national_id};
use chrono::{Duration, Utc};
use kursportal::{
    audit,
    entity::{company, course, enrolment, session},
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

async fn staff(app: &TestApp, email: &str, password: &str) -> reqwest::Client {
    let client = app.new_client();
    app.login_as(&client, email, password).await;
    client
}

async fn nordlys(app: &TestApp) -> company::Model {
    company::Entity::find()
        .filter(company::Column::OrgNumber.eq("912345602"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn audited(app: &TestApp, action: &str) -> Vec<audit::Model> {
    audit::Entity::find()
        .filter(audit::Column::Action.eq(action))
        .all(&app.db)
        .await
        .unwrap()
}

/// A session next week of a published demo course that is priced (or free).
async fn session_of(app: &TestApp, priced: bool) -> i64 {
    let courses = course::Entity::find()
        .filter(course::Column::Published.eq(true))
        .filter(course::Column::Kind.eq("classroom"))
        .all(&app.db)
        .await
        .unwrap();
    let course = courses
        .into_iter()
        .find(|c| c.is_priced() == priced)
        .expect("a demo course");
    let now = Utc::now();
    session::ActiveModel {
        course_id: Set(course.id),
        starts_at: Set(now + Duration::days(7)),
        ends_at: Set(now + Duration::days(7) + Duration::hours(6)),
        place: Set("Hamar, Strandgata 1".into()),
        capacity: Set(10),
        enrolment_deadline: Set(now + Duration::days(3)),
        lock_version: Set(0),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap()
    .id
}

/// «Lagre endringene» on an employer: its name, organisation number and invoice e-mail.
async fn update(
    app: &TestApp,
    client: &reqwest::Client,
    id: &str,
    name: &str,
    org_number: &str,
    invoice_email: &str,
) -> (u16, serde_json::Value) {
    let form = [
        ("company_id", id),
        ("form[name]", name),
        ("form[org_number]", org_number),
        ("form[invoice_email]", invoice_email),
    ];
    app.call_as(client, "admin/company", &form).await
}

on_both_databases! {
    async fn administrators_find_and_correct_an_employer(app) {
        let admin = staff(&app, "admin@kursportal.test", "demo-passord-admin").await;
        let support = staff(&app, "support@kursportal.test", "demo-passord-support").await;
        let (status, _) = app.call_get_as(&support, "admin/companies", &[("query", "")]).await;
        assert_eq!(status, 403, "support does not manage employers");
        let (status, all) = app.call_get_as(&admin, "admin/companies", &[("query", "")]).await;
        assert_eq!(status, 200, "{all}");
        assert!(all.as_array().unwrap().len() >= 8, "{all}");
        let (_, found) = app.call_get_as(&admin, "admin/companies", &[("query", "912 345")]).await;
        assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
        let (_, found) = app.call_get_as(&admin, "admin/companies", &[("query", "jernbane nordlys")]).await;
        assert_eq!(found[0]["name"], "Nordlys Jernbaneentreprenør AS", "{found}");

        let before = nordlys(&app).await;
        let id = before.id.to_string();
        let (status, _) = update(&app, &support, &id, "Nordlys ASA", "912345602", "").await;
        assert_eq!(status, 403);
        let (status, body) = update(&app, &admin, &id, "Nordlys ASA", "912345603", "").await;
        assert_eq!((status, body["fields"][0]["field"].as_str()), (400, Some("org_number")), "a bad check digit: {body}");
        let (status, body) = update(&app, &admin, &id, "Nordlys ASA", "923456708", "").await;
        assert_eq!(status, 400, "another company's number: {body}");
        assert!(body.to_string().contains("Fjordbanen"), "{body}");
        let (status, body) = update(&app, &admin, &id, " ", "912345602", "faktura@").await;
        assert_eq!(status, 400, "{body}");
        let fields: Vec<&str> = body["fields"].as_array().unwrap().iter().filter_map(|f| f["field"].as_str()).collect();
        assert_eq!(fields, ["name", "invoice_email"], "{body}");
        assert_eq!(nordlys(&app).await, before, "nothing changed");
        assert!(audited(&app, "company.updated").await.is_empty());

        let (status, body) = update(&app, &admin, &id, "Nordlys  Jernbane ASA", "912 345 602", "Faktura@Nordlys.no").await;
        assert_eq!(status, 200, "{body}");
        let after = nordlys(&app).await;
        assert_eq!((after.name.as_str(), after.invoice_email.as_deref()), ("Nordlys Jernbane ASA", Some("faktura@nordlys.no")));
        let (_, picker) = app.call_get("accounts/companies", &[("query", "jernbane asa")]).await;
        assert_eq!(picker[0]["id"], after.id, "found by its new name: {picker}");
        let rows = audited(&app, "company.updated").await;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].detail.as_deref(), Some(format!("company {id}: name, invoice_email").as_str()));
    }

    async fn a_closed_employer_is_not_offered_or_billed_and_its_people_keep_it(app) {
        let learner = registered_learner(&app, "ola@eksempel.no", "full_catalogue", &synthetic_national_id(41)).await;
        let admin = staff(&app, "admin@kursportal.test", "demo-passord-admin").await;
        let company = nordlys(&app).await;
        let id = company.id.to_string();
        let (status, _) = app.call_as(&learner, "admin/company-open", &[("company_id", id.as_str()), ("open", "false"), ("reason", "Konkurs")]).await;
        assert_eq!(status, 403);
        let (status, body) = app.call_as(&admin, "admin/company-open", &[("company_id", id.as_str()), ("open", "false"), ("reason", " ")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("reason")), "{body}");
        assert_eq!(nordlys(&app).await.status, "approved");
        let (status, _) = app.call_as(&admin, "admin/company-open", &[("company_id", "999999"), ("open", "false"), ("reason", "Konkurs")]).await;
        assert_eq!(status, 404);

        let (status, body) = app.call_as(&admin, "admin/company-open", &[("company_id", id.as_str()), ("open", "false"), ("reason", "Slettet i Brønnøysund")]).await;
        assert_eq!(status, 200, "{body}");
        let (status, _) = app.call_as(&admin, "admin/company-open", &[("company_id", id.as_str()), ("open", "false"), ("reason", "Igjen")]).await;
        assert_eq!(status, 409, "already closed");
        assert_eq!(audited(&app, "company.closed").await[0].detail.as_deref(), Some(format!("company {id}: Slettet i Brønnøysund").as_str()));
        let (_, listed) = app.call_get_as(&admin, "admin/companies", &[("query", "nordlys")]).await;
        assert_eq!(listed[0]["closed"], true, "{listed}");
        assert!(listed[0]["people"].as_u64().unwrap() >= 1, "the learner and the demo employees: {listed}");

        // Not offered, and not taken when sent anyway.
        let (_, picker) = app.call_get("accounts/companies", &[("query", "nordlys")]).await;
        assert_eq!(picker, serde_json::json!([]));
        let (status, body) = app.call_as(&learner, "accounts/employer", &[("employer_id", id.as_str()), ("invoice_reference", "")]).await;
        assert_eq!((status, body["fields"][0]["field"].as_str()), (400, Some("employer_id")), "{body}");

        // The learner keeps the employer; a priced course is not billed to it, a free one is
        // taken without an employer on the enrolment.
        let (_, me) = app.call_as(&learner, "accounts/profile", &[]).await;
        assert!(me.to_string().contains("Nordlys"), "{me}");
        let priced = session_of(&app, true).await.to_string();
        let (status, body) = app.call_as(&learner, "enrolment/enrol", &[("session_id", priced.as_str())]).await;
        assert_eq!(status, 409, "{body}");
        assert!(body.to_string().contains("avsluttet"), "{body}");
        let (status, body) = app.call_as(&learner, "elearning/order", &[("code", "SIG-100")]).await;
        assert_eq!(status, 409, "{body}");
        let free = session_of(&app, false).await;
        let (status, body) = app.call_as(&learner, "enrolment/enrol", &[("session_id", free.to_string().as_str())]).await;
        assert_eq!(status, 200, "{body}");
        let rows = enrolment::Entity::find().filter(enrolment::Column::SessionId.eq(free)).all(&app.db).await.unwrap();
        assert_eq!(rows[0].employer_id, None, "nothing billed to a closed employer");

        // Opened again: offered and billed again.
        let (status, body) = app.call_as(&admin, "admin/company-open", &[("company_id", id.as_str()), ("open", "true"), ("reason", "Feil avslutning")]).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(audited(&app, "company.reopened").await.len(), 1);
        let (_, picker) = app.call_get("accounts/companies", &[("query", "nordlys")]).await;
        assert_eq!(picker[0]["id"], company.id);
        let (status, body) = app.call_as(&learner, "enrolment/enrol", &[("session_id", priced.as_str())]).await;
        assert_eq!(status, 200, "{body}");
    }
}
