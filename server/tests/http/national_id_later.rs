//! «Legg til fødselsnummer»: an external learner who registered without a national ID adds it
//! on «Din konto» (current password, check digits, one account per number, audited); when an
//! employee already holds the number, the profile is merged into the employee's at once.
use crate::common::{Backend, LEARNER_PASSWORD, TestApp, registered_learner, synthetic_national_id};
use crate::competence::{ORG, hospital, put_employee, token};
use crate::paths::pass_sik100;
use kursportal::{
    audit,
    competence::clients::Scope,
    entity::{account, completion},
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

async fn added(app: &TestApp) -> u64 {
    audit::Entity::find()
        .filter(audit::Column::Action.eq("account.national_id_added"))
        .count(&app.db)
        .await
        .unwrap()
}

async fn stored_key(app: &TestApp, email: &str) -> Option<String> {
    account::Entity::find_by_id(app.account_id(email).await)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .national_id_key
}

async fn a_learner_adds_the_national_id_later(backend: Backend) {
    let Some(app) = hospital(backend).await else {
        return;
    };
    let vera_email = "vera.privat@eksempel.no";
    let vera = registered_learner(&app, vera_email, "full_catalogue", "").await;
    let (_, profile) = app.call_as(&vera, "accounts/profile", &[]).await;
    assert!(profile["national_id_masked"].is_null(), "{profile}");
    let number = synthetic_national_id(93);

    // Nobody signed in, a bad number, a wrong password: refused at the field, nothing stored.
    let (status, _) = app
        .call_as(
            &app.new_client(),
            "accounts/national-id",
            &[("national_id", number.as_str()), ("current", LEARNER_PASSWORD)],
        )
        .await;
    assert_eq!(status, 401);
    let (status, body) = app
        .call_as(
            &vera,
            "accounts/national-id",
            &[("national_id", "12345678901"), ("current", LEARNER_PASSWORD)],
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["field"], "national_id", "{body}");
    let (status, body) = app
        .call_as(
            &vera,
            "accounts/national-id",
            &[("national_id", number.as_str()), ("current", "ikke passordet")],
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["field"], "current", "{body}");
    // A number another profile holds: registration's answer, which names nobody.
    let taken = synthetic_national_id(95);
    registered_learner(&app, "odd.privat@eksempel.no", "full_catalogue", &taken).await;
    let (status, body) = app
        .call_as(
            &vera,
            "accounts/national-id",
            &[("national_id", taken.as_str()), ("current", LEARNER_PASSWORD)],
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body["message"]["text"]
            .as_str()
            .unwrap()
            .contains("Det finnes allerede en bruker"),
        "{body}"
    );
    assert_eq!(stored_key(&app, vera_email).await, None);
    assert_eq!(added(&app).await, 0);

    // The right password: stored (masked on the profile), audited; a second time is refused.
    let (status, body) = app
        .call_as(
            &vera,
            "accounts/national-id",
            &[("national_id", number.as_str()), ("current", LEARNER_PASSWORD)],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, "stored");
    let (_, profile) = app.call_as(&vera, "accounts/profile", &[]).await;
    assert!(
        profile["national_id_masked"]
            .as_str()
            .unwrap()
            .starts_with(&number[..6]),
        "{profile}"
    );
    assert!(stored_key(&app, vera_email).await.is_some());
    assert_eq!(added(&app).await, 1);
    let (status, _) = app
        .call_as(
            &vera,
            "accounts/national-id",
            &[("national_id", number.as_str()), ("current", LEARNER_PASSWORD)],
        )
        .await;
    assert_eq!(status, 409, "once only");
}

async fn an_employee_with_the_number_takes_the_profile_at_once(backend: Backend) {
    let Some(app) = hospital(backend).await else {
        return;
    };
    let hr = token(&app, &[Scope::EmployeesWrite]).await;
    let number = synthetic_national_id(94);
    let kari_email = "kari.privat@eksempel.no";
    let kari = registered_learner(&app, kari_email, "full_catalogue", "").await;
    pass_sik100(&app, &kari).await;
    let (status, saved) = put_employee(
        &app,
        &hr,
        "kar77",
        json!({
            "name": "Kari Nordmann", "national_id": number, "work_email": "kari.nordmann@firma.no",
            "employer_org_number": ORG, "employer_name": "Banebygg AS", "employment_start": "2026-01-01"
        }),
    )
    .await;
    assert_eq!(status, 201, "{saved}");
    assert!(
        saved["merged_profile"].is_null(),
        "no number on the external profile yet: {saved}"
    );
    let employee_id = saved["account_id"]
        .as_i64()
        .unwrap_or(app.account_id("kari.nordmann@firma.no").await);
    let external_id = app.account_id(kari_email).await;

    let (status, body) = app
        .call_as(
            &kari,
            "accounts/national-id",
            &[("national_id", number.as_str()), ("current", LEARNER_PASSWORD)],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, "merged_into_employee");
    let (status, _) = app.call_as(&kari, "learning/history", &[]).await;
    assert_eq!(status, 401, "the external profile's session ended with it");
    let held = completion::Entity::find()
        .filter(completion::Column::AccountId.eq(employee_id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(held, 1, "the completion moved to the employee");
    let external = account::Entity::find_by_id(external_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(external.merged_at.is_some() && external.email.is_none());
    let merged = audit::Entity::find()
        .filter(audit::Column::Action.eq("profile.merged"))
        .filter(audit::Column::SubjectId.eq(employee_id))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(merged, 1);
    assert!(
        app.mails_to(kari_email)
            .await
            .iter()
            .any(|m| m.subject.contains("slått sammen")),
        "told by mail, as the HR feed's merge tells"
    );
}

crate::both!(
    a_learner_adds_the_national_id_later,
    an_employee_with_the_number_takes_the_profile_at_once
);
