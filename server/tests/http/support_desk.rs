//! «Brukerstøtte» for one person: every desk action needs support (or an administrator) and a
//! reason, writes an audit row, and bad input is named at its field and changes nothing.
use crate::common::TestApp;
use app::accounts::types::Role;
use chrono::{Duration, Utc};
use kursportal::{
    accounts::service::create_with_password,
    audit, enrolment,
    entity::{account, course, session},
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

const SUPPORT: &str = "support@kursportal.test";
const SUPPORT_PASSWORD: &str = "demo-passord-support";
const OLA: &str = "ola@eksempel.no";
const OLA_PASSWORD: &str = "ola sitt lange passord";

async fn person(app: &TestApp, email: &str, name: &str) -> i64 {
    create_with_password(&app.db, email, name, Role::Learner, OLA_PASSWORD.into())
        .await
        .unwrap()
}

async fn signed_in(app: &TestApp, email: &str, password: &str) -> reqwest::Client {
    let client = app.new_client();
    app.login_as(&client, email, password).await;
    client
}

async fn account(app: &TestApp, id: i64) -> account::Model {
    account::Entity::find_by_id(id)
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

async fn desk_rows(app: &TestApp) -> u64 {
    audit::Entity::find()
        .filter(audit::Column::Action.starts_with("support."))
        .count(&app.db)
        .await
        .unwrap()
}

/// A session of a demo course a week from now with `seats` seats.
async fn session_with(app: &TestApp, seats: i32) -> i64 {
    let course = course::Entity::find().one(&app.db).await.unwrap().unwrap();
    let now = Utc::now();
    session::ActiveModel {
        course_id: Set(course.id),
        starts_at: Set(now + Duration::days(7)),
        ends_at: Set(now + Duration::days(7) + Duration::hours(6)),
        place: Set("Drammen, Bragernes torg 1".into()),
        capacity: Set(seats),
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

async fn status_in(app: &TestApp, session_id: i64, account_id: i64) -> Option<String> {
    enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(session_id))
        .filter(enrolment::Column::AccountId.eq(account_id))
        .one(&app.db)
        .await
        .unwrap()
        .map(|e| e.status)
}

on_both_databases! {
    async fn support_gives_a_new_login_address_and_both_addresses_are_told(app) {
        let ola_id = person(&app, OLA, "Ola Nordmann").await;
        let id = ola_id.to_string();
        let ola = signed_in(&app, OLA, OLA_PASSWORD).await;
        let support = signed_in(&app, SUPPORT, SUPPORT_PASSWORD).await;

        // Wrong role, bad input: named at the field, nothing changes.
        let (status, _) = app.call_as(&ola, "support/change-email", &[("account_id", id.as_str()), ("email", "ola@ny.no"), ("reason", "Jeg vil selv")]).await;
        assert_eq!(status, 403);
        let (status, body) = app.call_as(&support, "support/change-email", &[("account_id", id.as_str()), ("email", "ikke en adresse"), ("reason", "Sak 123")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("email")), "{body}");
        let (status, body) = app.call_as(&support, "support/change-email", &[("account_id", id.as_str()), ("email", "ola@ny.no"), ("reason", " ")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("reason")), "{body}");
        let (status, body) = app.call_as(&support, "support/change-email", &[("account_id", id.as_str()), ("email", SUPPORT), ("reason", "Sak 123")]).await;
        assert_eq!((status, body["field"].as_str()), (409, Some("email")), "someone else's address: {body}");
        let (status, _) = app.call_as(&support, "support/change-email", &[("account_id", "999999"), ("email", "ola@ny.no"), ("reason", "Sak 123")]).await;
        assert_eq!(status, 404);
        assert_eq!(account(&app, ola_id).await.email.as_deref(), Some(OLA));
        assert_eq!(desk_rows(&app).await, 0);

        let (status, body) = app.call_as(&support, "support/change-email", &[("account_id", id.as_str()), ("email", "Ola@Ny.no"), ("reason", "Mistet jobbadressen, sak 123")]).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(account(&app, ola_id).await.email.as_deref(), Some("ola@ny.no"));
        let (_, me) = app.call_as(&ola, "accounts/me", &[]).await;
        assert_eq!(me, serde_json::Value::Null, "every session of the account ended");
        signed_in(&app, "ola@ny.no", OLA_PASSWORD).await;
        assert!(app.mails_to(OLA).await.iter().any(|m| m.body_text.contains("ola@ny.no") && m.subject.contains("endret")));
        assert!(app.mails_to("ola@ny.no").await.iter().any(|m| m.subject.contains("denne adressen")));
        let rows = audited(&app, "support.change_email").await;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].subject_id, Some(ola_id));
        assert_eq!(rows[0].detail.as_deref(), Some("Mistet jobbadressen, sak 123"));
        assert!(rows[0].actor_id.is_some());

        // The person's file shows the new address; support finds them by it.
        let (status, file) = app.call_as(&support, "support/person", &[("account_id", id.as_str())]).await;
        assert_eq!(status, 200, "{file}");
        assert_eq!(file["email"], "ola@ny.no");
        let (status, _) = app.call_as(&ola, "support/person", &[("account_id", id.as_str())]).await;
        assert_eq!(status, 401, "signed out");
    }

    async fn support_lifts_a_login_lock_and_sends_a_reset_link(app) {
        let ola_id = person(&app, OLA, "Ola Nordmann").await;
        let id = ola_id.to_string();
        let support = signed_in(&app, SUPPORT, SUPPORT_PASSWORD).await;
        let (status, body) = app.call_as(&support, "support/lift-lock", &[("account_id", id.as_str()), ("reason", "Ringte inn")]).await;
        assert_eq!(status, 409, "not locked: {body}");
        for _ in 0..6 {
            app.call("accounts/login", &[("identifier", OLA), ("password", "feil passord her")]).await;
        }
        let (status, _) = app.call("accounts/login", &[("identifier", OLA), ("password", OLA_PASSWORD)]).await;
        assert_eq!(status, 429, "locked");
        let (_, file) = app.call_as(&support, "support/person", &[("account_id", id.as_str())]).await;
        assert!(file["locked_until"].is_string(), "{file}");

        let learner = signed_in(&app, "kursadmin@kursportal.test", "demo-passord-kursadmin").await;
        let (status, _) = app.call_as(&learner, "support/lift-lock", &[("account_id", id.as_str()), ("reason", "Ringte inn")]).await;
        assert_eq!(status, 403, "a course administrator is not support");
        let (status, body) = app.call_as(&support, "support/lift-lock", &[("account_id", id.as_str()), ("reason", "")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("reason")));
        let (status, _) = app.call("accounts/login", &[("identifier", OLA), ("password", OLA_PASSWORD)]).await;
        assert_eq!(status, 429, "still locked after refused attempts");

        let (status, body) = app.call_as(&support, "support/lift-lock", &[("account_id", id.as_str()), ("reason", "Ringte inn, sak 9")]).await;
        assert_eq!(status, 200, "{body}");
        signed_in(&app, OLA, OLA_PASSWORD).await;
        assert_eq!(audited(&app, "support.lift_lock").await.len(), 1);

        let (status, body) = app.call_as(&support, "support/send-reset", &[("account_id", id.as_str()), ("reason", "Glemt passord, sak 10")]).await;
        assert_eq!(status, 200, "{body}");
        app.link_token(OLA, "/konto/nytt-passord/").await;
        assert_eq!(audited(&app, "support.send_reset").await[0].detail.as_deref(), Some("Glemt passord, sak 10"));
    }

    async fn deactivating_releases_seats_to_the_queue_and_stops_login_and_mail(app) {
        let ola_id = person(&app, OLA, "Ola Nordmann").await;
        let per_id = person(&app, "per@eksempel.no", "Per Hansen").await;
        let (id, per) = (ola_id.to_string(), per_id.to_string());
        let session_id = session_with(&app, 1).await;
        let sid = session_id.to_string();
        let ola = signed_in(&app, OLA, OLA_PASSWORD).await;
        let support = signed_in(&app, SUPPORT, SUPPORT_PASSWORD).await;
        for who in [id.as_str(), per.as_str()] {
            let (status, body) = app.call_as(&support, "support/enrol", &[("account_id", who), ("session_id", sid.as_str()), ("reason", "Ba om det på telefon")]).await;
            assert_eq!(status, 200, "{body}");
        }
        assert_eq!(status_in(&app, session_id, ola_id).await.as_deref(), Some("enrolled"));
        assert_eq!(status_in(&app, session_id, per_id).await.as_deref(), Some("waitlisted"));
        // Told as if they had enrolled themselves.
        assert!(app.mails_to(OLA).await.iter().any(|m| m.subject.starts_with("Påmelding bekreftet")));
        assert!(app.mails_to("per@eksempel.no").await.iter().any(|m| m.subject.starts_with("Du står på venteliste")));
        let (_, file) = app.call_as(&support, "support/person", &[("account_id", per.as_str())]).await;
        assert_eq!(file["enrolments"][0]["waitlist_position"], 1, "{file}");

        let (status, _) = app.call_as(&ola, "support/set-active", &[("account_id", per.as_str()), ("active", "false"), ("reason", "Fordi")]).await;
        assert_eq!(status, 403);
        let (status, body) = app.call_as(&support, "support/set-active", &[("account_id", id.as_str()), ("active", "false"), ("reason", "x")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("reason")));
        let admin_id = account::Entity::find().filter(account::Column::Email.eq("admin@kursportal.test")).one(&app.db).await.unwrap().unwrap().id.to_string();
        let (status, _) = app.call_as(&support, "support/set-active", &[("account_id", admin_id.as_str()), ("active", "false"), ("reason", "Prøver")]).await;
        assert_eq!(status, 409, "an administrator is not deactivated");
        assert!(account(&app, ola_id).await.deactivated_at.is_none());

        let (status, body) = app.call_as(&support, "support/set-active", &[("account_id", id.as_str()), ("active", "false"), ("reason", "Sluttet hos oppdragsgiver")]).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(status_in(&app, session_id, ola_id).await.as_deref(), Some("cancelled"));
        assert_eq!(status_in(&app, session_id, per_id).await.as_deref(), Some("enrolled"), "the queue got the seat");
        assert!(app.mails_to("per@eksempel.no").await.iter().any(|m| m.subject.starts_with("Du har fått plass")));
        let (_, me) = app.call_as(&ola, "accounts/me", &[]).await;
        assert_eq!(me, serde_json::Value::Null, "sessions ended");
        let (status, body) = app.call("accounts/login", &[("identifier", OLA), ("password", OLA_PASSWORD)]).await;
        assert_eq!(status, 409, "{body}");
        assert!(body.to_string().contains("deaktivert"), "{body}");
        let before = app.mails_to(OLA).await.len();
        app.call("accounts/forgot-password", &[("email", OLA)]).await;
        assert_eq!(app.mails_to(OLA).await.len(), before, "no mail to a deactivated account");
        assert!(audited(&app, "support.deactivate").await[0].detail.as_deref().unwrap().contains("1 seats"));

        let (status, body) = app.call_as(&support, "support/set-active", &[("account_id", id.as_str()), ("active", "true"), ("reason", "Tilbake i jobb")]).await;
        assert_eq!(status, 200, "{body}");
        signed_in(&app, OLA, OLA_PASSWORD).await;
        assert!(app.mails_to(OLA).await.iter().any(|m| m.subject.contains("aktiv igjen")));
        assert_eq!(audited(&app, "support.reactivate").await.len(), 1);
    }

    async fn support_enrols_and_withdraws_on_someones_behalf(app) {
        let ola_id = person(&app, OLA, "Ola Nordmann").await;
        let id = ola_id.to_string();
        let session_id = session_with(&app, 5).await;
        let sid = session_id.to_string();
        let support = signed_in(&app, SUPPORT, SUPPORT_PASSWORD).await;
        let ola = signed_in(&app, OLA, OLA_PASSWORD).await;
        let (status, _) = app.call_as(&ola, "support/enrol", &[("account_id", id.as_str()), ("session_id", sid.as_str()), ("reason", "Meg selv")]).await;
        assert_eq!(status, 403);
        let (status, body) = app.call_as(&support, "support/enrol", &[("account_id", id.as_str()), ("session_id", "0"), ("reason", "Sak 77")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("session_id")), "{body}");
        let (status, _) = app.call_as(&support, "support/enrol", &[("account_id", id.as_str()), ("session_id", "mandag"), ("reason", "Sak 77")]).await;
        assert_eq!(status, 400);
        let (status, _) = app.call_as(&support, "support/withdraw", &[("account_id", id.as_str()), ("session_id", sid.as_str()), ("reason", "Sak 77")]).await;
        assert_eq!(status, 409, "not enrolled");
        assert_eq!(status_in(&app, session_id, ola_id).await, None);
        assert_eq!(desk_rows(&app).await, 0);

        let (status, body) = app.call_as(&support, "support/enrol", &[("account_id", id.as_str()), ("session_id", sid.as_str()), ("reason", "Sak 77")]).await;
        assert_eq!(status, 200, "{body}");
        let (_, file) = app.call_as(&support, "support/person", &[("account_id", id.as_str())]).await;
        assert_eq!(file["enrolments"][0]["session_id"], session_id, "{file}");
        assert!(file["enrolments"][0]["waitlist_position"].is_null());
        let (status, body) = app.call_as(&support, "support/withdraw", &[("account_id", id.as_str()), ("session_id", sid.as_str()), ("reason", "Sak 78")]).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(status_in(&app, session_id, ola_id).await.as_deref(), Some("cancelled"));
        assert_eq!(audited(&app, "support.enrol").await.len(), 1);
        assert_eq!(audited(&app, "support.withdraw").await[0].detail.as_deref(), Some(format!("session {session_id}: Sak 78").as_str()));
    }

    async fn support_merges_two_external_profiles_without_loss(app) {
        let keep_id = person(&app, OLA, "Ola Nordmann").await;
        let other_id = person(&app, "ola.privat@eksempel.no", "Ola Nordmann").await;
        let (keep, other) = (keep_id.to_string(), other_id.to_string());
        let session_id = session_with(&app, 5).await;
        enrolment::enrol(&app.db, session_id, other_id, (None, None), Utc::now()).await.unwrap();
        let support = signed_in(&app, SUPPORT, SUPPORT_PASSWORD).await;
        let ola = signed_in(&app, OLA, OLA_PASSWORD).await;

        let (status, _) = app.call_as(&ola, "support/merge", &[("account_id", keep.as_str()), ("other_email", "ola.privat@eksempel.no"), ("reason", "Samme person")]).await;
        assert_eq!(status, 403);
        let (status, body) = app.call_as(&support, "support/merge", &[("account_id", keep.as_str()), ("other_email", OLA), ("reason", "Samme person")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("other_email")), "itself: {body}");
        let (status, body) = app.call_as(&support, "support/merge", &[("account_id", keep.as_str()), ("other_email", "ingen@eksempel.no"), ("reason", "Samme person")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("other_email")), "{body}");
        let (status, body) = app.call_as(&support, "support/merge", &[("account_id", keep.as_str()), ("other_email", "anne.ansatt@kursportal.test"), ("reason", "Samme person")]).await;
        assert_eq!(status, 409, "an employee profile is merged by national ID only: {body}");
        // Different birth dates say two people.
        let mut row: account::ActiveModel = account(&app, keep_id).await.into();
        row.birth_date = Set(chrono::NaiveDate::from_ymd_opt(1985, 3, 15));
        row.update(&app.db).await.unwrap();
        let mut row: account::ActiveModel = account(&app, other_id).await.into();
        row.birth_date = Set(chrono::NaiveDate::from_ymd_opt(1990, 1, 1));
        row.update(&app.db).await.unwrap();
        let (status, _) = app.call_as(&support, "support/merge", &[("account_id", keep.as_str()), ("other_email", "ola.privat@eksempel.no"), ("reason", "Samme person")]).await;
        assert_eq!(status, 409);
        assert!(account(&app, other_id).await.merged_into.is_none());
        let mut row: account::ActiveModel = account(&app, other_id).await.into();
        row.birth_date = Set(None);
        row.update(&app.db).await.unwrap();

        let (status, body) = app.call_as(&support, "support/merge", &[("account_id", keep.as_str()), ("other_email", "ola.privat@eksempel.no"), ("reason", "Registrert to ganger, sak 5")]).await;
        assert_eq!(status, 200, "{body}");
        let merged = account(&app, other_id).await;
        assert_eq!(merged.merged_into, Some(keep_id));
        assert_eq!(merged.email, None);
        assert_eq!(status_in(&app, session_id, keep_id).await.as_deref(), Some("enrolled"), "the seat moved");
        assert!(app.mails_to("ola.privat@eksempel.no").await.iter().any(|m| m.subject.contains("slått sammen") && m.body_text.contains(OLA)));
        let rows = audited(&app, "support.merge_profiles").await;
        assert_eq!(rows[0].subject_id, Some(keep_id));
        assert!(rows[0].detail.as_deref().unwrap().starts_with("Registrert to ganger, sak 5"));
        let (_, file) = app.call_as(&support, "support/person", &[("account_id", keep.as_str())]).await;
        assert_eq!(file["earlier_email"], "ola.privat@eksempel.no", "{file}");
        let (_, found) = app.call_as(&support, "support/accounts", &[("query[email]", "ola.privat")]).await;
        assert_eq!(found.as_array().map(Vec::len), Some(1), "found by the earlier address: {found}");
        for (field, text) in [("staff_code", "x!"), ("employer", "-"), ("employer", "123")] {
            let (status, body) = app.call_as(&support, "support/accounts", &[(format!("query[{field}]").as_str(), text)]).await;
            assert_eq!((status, body["field"].as_str()), (400, Some(field)), "{field} {text}: {body}");
        }
        let (_, found) = app.call_as(&support, "support/accounts", &[("query[staff_code]", "ans01")]).await;
        assert_eq!(found[0]["full_name"], "Anne Ansatt", "{found}");
        let (status, _) = app.call_as(&support, "support/person", &[("account_id", other.as_str())]).await;
        assert_eq!(status, 200, "the closed profile can still be looked at");
    }
}

/// A kursbevis for `account_id` in a demo course, and the course's id.
async fn certificate_for(app: &TestApp, account_id: i64) -> i64 {
    use kursportal::entity::completion;
    let course = course::Entity::find().one(&app.db).await.unwrap().unwrap();
    completion::ActiveModel {
        account_id: Set(account_id),
        course_id: Set(course.id),
        completed_on: Set(Utc::now().date_naive()),
        result: Set("Bestått".into()),
        source: Set("instructor".into()),
        certificate_code: Set(format!("KB-{account_id}-TEST")),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    course.id
}

async fn completions_of(app: &TestApp, course_id: i64) -> u64 {
    use kursportal::entity::completion;
    completion::Entity::find()
        .filter(completion::Column::CourseId.eq(course_id))
        .count(&app.db)
        .await
        .unwrap()
}

on_both_databases! {
    async fn a_learner_downloads_everything_the_portal_holds_about_them(app) {
        use kursportal::entity::{follower, path};
        let ola_id = person(&app, OLA, "Ola Nordmann").await;
        let session_id = session_with(&app, 5).await;
        enrolment::enrol(&app.db, session_id, ola_id, (None, None), Utc::now()).await.unwrap();
        certificate_for(&app, ola_id).await;
        let plan = path::Entity::find().one(&app.db).await.unwrap().expect("demo paths");
        follower::ActiveModel { path_id: Set(plan.id), account_id: Set(ola_id), created_at: Set(Utc::now()), ..Default::default() }
            .insert(&app.db).await.unwrap();

        let anonymous = app.new_client();
        let response = anonymous.get(app.url("/min-konto/mine-data.json")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 401);
        let ola = signed_in(&app, OLA, OLA_PASSWORD).await;
        let response = ola.get(app.url("/min-konto/mine-data.json")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert!(response.headers()["content-disposition"].to_str().unwrap().contains("attachment"));
        let data: serde_json::Value = response.json().await.unwrap();
        assert_eq!(data["profile"]["full_name"], "Ola Nordmann");
        assert_eq!(data["profile"]["login_email"], OLA);
        assert_eq!(data["enrolments"][0]["status"], "enrolled", "{data}");
        assert_eq!(data["enrolments"][0]["place"], "Drammen, Bragernes torg 1");
        assert_eq!(data["certificates"][0]["certificate_code"], format!("KB-{ola_id}-TEST"));
        assert_eq!(data["learning_paths"][0]["path"]["code"], plan.code);
        assert!(data["audit_entries"].is_array() && data["mails"].is_array());

        // Support produces it on request (audited); a learner cannot fetch someone else's.
        let support = signed_in(&app, SUPPORT, SUPPORT_PASSWORD).await;
        let response = support.get(app.url(&format!("/brukerstotte/{ola_id}/data.json"))).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        let by_support: serde_json::Value = response.json().await.unwrap();
        assert_eq!(by_support["certificates"], data["certificates"]);
        assert_eq!(audited(&app, "support.export_data").await.len(), 1);
        let per_id = person(&app, "per@eksempel.no", "Per Hansen").await;
        let response = ola.get(app.url(&format!("/brukerstotte/{per_id}/data.json"))).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 403);
        let response = support.get(app.url("/brukerstotte/tolv/data.json")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 404);
    }

    async fn the_own_data_holds_the_national_id_in_full_only_after_the_password(app) {
        let national_id = crate::common::synthetic_national_id(31);
        let email = "nora@eksempel.no";
        let nora = crate::common::registered_learner(&app, email, "full_catalogue", &national_id).await;
        let nora_id = app.account_id(email).await;
        let url = app.url("/min-konto/mine-data.json");
        let masked: serde_json::Value = nora.get(&url).send().await.unwrap().json().await.unwrap();
        assert!(masked["profile"]["national_id"].is_null(), "{masked}");
        assert!(!masked.to_string().contains(&national_id));
        assert!(masked["profile"]["national_id_masked"].as_str().unwrap().ends_with("•••••"), "{masked}");

        // A wrong password: back to «Din konto» with the reason, nothing handed out.
        let post = |client: &reqwest::Client, password: &str| {
            client.post(&url).header("origin", app.address.as_str()).form(&[("current", password.to_string())]).send()
        };
        let response = post(&nora, "feil passord").await.unwrap();
        assert_eq!(response.status().as_u16(), 303);
        assert_eq!(response.headers()["location"], "/min-konto?mine-data=avvist#data-title");
        let page = nora.get(app.url("/min-konto?mine-data=avvist")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Nåværende passord er feil."), "the page says why");
        let in_full = |app: &TestApp| {
            let db = app.db.clone();
            async move {
                audit::Entity::find()
                    .filter(audit::Column::Action.eq("account.data_exported"))
                    .filter(audit::Column::Detail.eq("med fødselsnummer"))
                    .filter(audit::Column::SubjectId.eq(nora_id))
                    .count(&db)
                    .await
                    .unwrap()
            }
        };
        assert_eq!(in_full(&app).await, 0);
        let response = post(&app.new_client(), crate::common::LEARNER_PASSWORD).await.unwrap();
        assert_eq!(response.status().as_u16(), 401, "signed in first");

        // The right password: the file, with the number in full, and the trail says so.
        let response = post(&nora, crate::common::LEARNER_PASSWORD).await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert!(response.headers()["content-disposition"].to_str().unwrap().contains("mine-data.json"));
        let full: serde_json::Value = response.json().await.unwrap();
        assert_eq!(full["profile"]["national_id"], national_id.as_str());
        assert_eq!(full["profile"]["full_name"], masked["profile"]["full_name"]);
        assert_eq!(in_full(&app).await, 1);
    }

    async fn an_administrator_anonymises_a_person_who_then_appears_nowhere_by_name(app) {
        let ola_id = person(&app, "ola.anonym@eksempel.no", "Olaug Glemmesen").await;
        let id = ola_id.to_string();
        let course_id = certificate_for(&app, ola_id).await;
        let before = completions_of(&app, course_id).await;
        let session_id = session_with(&app, 5).await;
        enrolment::enrol(&app.db, session_id, ola_id, (None, None), Utc::now()).await.unwrap();
        let support = signed_in(&app, SUPPORT, SUPPORT_PASSWORD).await;
        let admin = signed_in(&app, "admin@kursportal.test", "demo-passord-admin").await;

        let (status, _) = app.call_as(&support, "support/anonymise", &[("account_id", id.as_str()), ("reason", "Ba om sletting")]).await;
        assert_eq!(status, 403, "support does not erase");
        let (status, body) = app.call_as(&admin, "support/anonymise", &[("account_id", id.as_str()), ("reason", "")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("reason")));
        let (status, body) = app.call_as(&admin, "support/anonymise", &[("account_id", id.as_str()), ("reason", "Ba om sletting, sak 3")]).await;
        assert_eq!(status, 409, "open enrolment: {body}");
        assert_eq!(account(&app, ola_id).await.full_name, "Olaug Glemmesen", "nothing changed");

        app.call_as(&support, "support/withdraw", &[("account_id", id.as_str()), ("session_id", session_id.to_string().as_str()), ("reason", "Før sletting")]).await;
        // A second profile of the same person, merged into this one, goes with it.
        person(&app, "olaug.privat@eksempel.no", "Olaug Glemmesen").await;
        let (status, body) = app.call_as(&support, "support/merge", &[("account_id", id.as_str()), ("other_email", "olaug.privat@eksempel.no"), ("reason", "Samme person")]).await;
        assert_eq!(status, 200, "{body}");
        let (status, body) = app.call_as(&admin, "support/anonymise", &[("account_id", id.as_str()), ("reason", "Ba om sletting, sak 3")]).await;
        assert_eq!(status, 200, "{body}");
        let (status, _) = app.call("accounts/login", &[("identifier", "ola.anonym@eksempel.no"), ("password", OLA_PASSWORD)]).await;
        assert_eq!(status, 401, "cannot log in");
        let (_, found) = app.call_as(&support, "support/accounts", &[("query[name]", "Olaug Glemmesen")]).await;
        assert_eq!(found, serde_json::json!([]));
        let (_, found) = app.call_as(&support, "support/accounts", &[("query[email]", "ola.anonym")]).await;
        assert_eq!(found, serde_json::json!([]));
        let (_, found) = app.call_as(&support, "support/accounts", &[("query[email]", "olaug.privat")]).await;
        assert_eq!(found, serde_json::json!([]), "nor the merged profile's address");
        let (_, people) = app.call_as(&admin, "admin/people", &[("query", "Glemmesen")]).await;
        assert_eq!(people, serde_json::json!([]));
        assert!(app.mails_to("ola.anonym@eksempel.no").await.is_empty(), "mails with the name are gone");
        let row = account(&app, ola_id).await;
        assert_eq!((row.full_name.as_str(), row.email, row.birth_date), ("Anonymisert person", None, None));
        assert_eq!(completions_of(&app, course_id).await, before, "completions still count");
        let (_, file) = app.call_as(&admin, "support/person", &[("account_id", id.as_str())]).await;
        assert!(file["anonymised_at"].is_string());
        assert!(!file.to_string().contains("Olaug"));
        assert_eq!(audited(&app, "account.anonymised").await[0].detail.as_deref(), Some("Ba om sletting, sak 3"));
        let (status, _) = app.call_as(&admin, "support/anonymise", &[("account_id", id.as_str()), ("reason", "Igjen")]).await;
        assert_eq!(status, 409);
    }
}
