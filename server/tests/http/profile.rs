//! «Din konto»: a new e-mail address after confirmation, another user type, the HMS card and
//! its reminder.

use crate::common::TestApp;
use kursportal::{
    accounts::{mails::Links, reminders},
    entity::account,
};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};

const GOOD_PASSWORD: &str = "blåbær på fjellet i august";

/// A «Gratis e-læring» learner, activated and signed in on the app's client.
async fn learner(app: &TestApp, email: &str) -> i64 {
    let form = [
        ("form[user_type]", "free_elearning"),
        ("form[full_name]", "Kari Nordmann"),
        ("form[email]", email),
        ("form[mobile]", "91234567"),
        ("form[national_id]", "15038510190"),
        ("form[hms_card]", "7654321"),
    ];
    let (status, body) = app.call("accounts/register", &form).await;
    assert_eq!(status, 200, "{body}");
    let token = app.link_token(email, "/konto/aktiver/").await;
    let (status, _) = app
        .call(
            "accounts/activate",
            &[
                ("token", &token),
                ("password", GOOD_PASSWORD),
                ("repeat", GOOD_PASSWORD),
            ],
        )
        .await;
    assert_eq!(status, 200);
    app.login_as(&app.client, email, GOOD_PASSWORD).await;
    app.account_id(email).await
}

on_both_databases! {
    async fn a_new_email_address_takes_effect_after_confirmation(app) {
        learner(&app, "kari@gammel.no").await;
        let (status, body) = app.call("accounts/email", &[("email", "kari@")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("email")));
        // The current password first: a session left open is not enough to move the account.
        let (status, body) = app.call("accounts/email", &[("email", "Kari@Ny.no")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("current")), "{body}");
        let (status, body) = app.call("accounts/email", &[("email", "Kari@Ny.no"), ("current", "ikke passordet mitt")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("current")), "{body}");
        assert!(app.mails_to("kari@ny.no").await.is_empty(), "nothing sent");
        let (status, body) = app.call("accounts/email", &[("email", "Kari@Ny.no"), ("current", GOOD_PASSWORD)]).await;
        assert_eq!(status, 200, "{body}");
        let (_, profile) = app.call("accounts/profile", &[]).await;
        assert_eq!(profile["email"], "kari@gammel.no", "unchanged until confirmed");
        assert!(app.mails_to("kari@gammel.no").await.iter().any(|m| m.subject.contains("endre e-postadressen")));
        let token = app.link_token("kari@ny.no", "/konto/bekreft-epost/").await;
        let (status, body) = app.call("accounts/confirm-email", &[("token", &token)]).await;
        assert_eq!(status, 200, "{body}");
        let (status, _) = app.call("accounts/confirm-email", &[("token", &token)]).await;
        assert_eq!(status, 400, "single use");
        let (_, profile) = app.call("accounts/profile", &[]).await;
        assert_eq!(profile["email"], "kari@ny.no");
        let fresh = app.new_client();
        app.login_as(&fresh, "kari@ny.no", GOOD_PASSWORD).await;
        let (status, _) = app.call_as(&fresh, "accounts/login", &[("identifier", "kari@gammel.no"), ("password", GOOD_PASSWORD)]).await;
        assert_eq!(status, 401, "the old address no longer logs in");
    }

    async fn the_user_type_changes_with_what_the_new_type_needs(app) {
        learner(&app, "kari@eksempel.no").await;
        let (status, body) = app.call("accounts/user-type", &[("form[user_type]", "full_catalogue")]).await;
        assert_eq!((status, body["fields"][0]["field"].as_str()), (400, Some("employer_id")), "needs an employer: {body}");
        let (_, companies) = app.call_get("accounts/companies", &[("query", "nordlys")]).await;
        let employer = companies[0]["id"].as_i64().unwrap().to_string();
        app.call("accounts/employer", &[("employer_id", &employer), ("invoice_reference", "")]).await;
        let (status, body) = app.call("accounts/user-type", &[("form[user_type]", "driver"), ("form[health_certificate_until]", "01.01.2020")]).await;
        assert_eq!((status, body["fields"][0]["field"].as_str()), (400, Some("health_certificate_until")), "{body}");
        let (status, body) = app.call("accounts/user-type", &[("form[user_type]", "driver"), ("form[health_certificate_until]", "31.12.2099"), ("form[driver_licence_number]", "NO 1234")]).await;
        assert_eq!(status, 200, "{body}");
        let (_, me) = app.call("accounts/me", &[]).await;
        assert_eq!(me["user_type"], "driver");
        let (_, profile) = app.call("accounts/profile", &[]).await;
        assert_eq!(profile["health_certificate_until"], "31.12.2099");
        assert_eq!(profile["driver_licence_number"], "NO1234");
    }

    async fn a_renewed_hms_card_is_registered_and_reminded_once_before_it_expires(app) {
        let id = learner(&app, "kari@eksempel.no").await;
        let (status, body) = app.call("accounts/personal", &[("form[mobile]", "91234567"), ("form[hms_card]", "12"), ("form[hms_card_expires_on]", "01.01.2020")]).await;
        assert_eq!(status, 400);
        let named: Vec<&str> = body["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        assert_eq!(named, ["hms_card", "hms_card_expires_on"]);
        let today = chrono::Utc::now().date_naive();
        let expires = today + chrono::Duration::days(20);
        let (status, body) = app.call("accounts/personal", &[("form[mobile]", "+47 412 34 567"), ("form[hms_card]", "2345 678"), ("form[hms_card_expires_on]", &expires.format("%d.%m.%Y").to_string())]).await;
        assert_eq!(status, 200, "{body}");
        let (_, profile) = app.call("accounts/profile", &[]).await;
        assert_eq!((profile["hms_card_number"].as_str(), profile["mobile"].as_str()), (Some("2345678"), Some("+4741234567")));

        let links = Links { public_url: app.address.clone(), support_email: "brukerstotte@kursportal.test".into() };
        assert_eq!(reminders::send_due(&app.db, &app.mailer, &links, today - chrono::Duration::days(11)).await.unwrap(), 0, "31 days before: not yet");
        assert_eq!(reminders::send_due(&app.db, &app.mailer, &links, today).await.unwrap(), 1);
        assert_eq!(reminders::send_due(&app.db, &app.mailer, &links, today).await.unwrap(), 0, "exactly once");
        let reminder = app.mails_to("kari@eksempel.no").await.into_iter().filter(|m| m.subject.contains("HMS-kortet")).collect::<Vec<_>>();
        assert_eq!(reminder.len(), 1);
        assert!(reminder[0].body_text.contains(&expires.format("%d.%m.%Y").to_string()));

        // A new card (a new expiry date) gets its own reminder.
        let row = account::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
        let mut active = row.into_active_model();
        active.hms_card_expires_on = Set(Some(expires + chrono::Duration::days(1)));
        active.update(&app.db).await.unwrap();
        assert_eq!(reminders::send_due(&app.db, &app.mailer, &links, today).await.unwrap(), 1);
    }
}
