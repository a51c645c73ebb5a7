//! «Registrer deg», activation, one account per person, «Glemt passord», login throttling.
use crate::common;

use crate::common::{Backend, TestApp, TestOptions, spawn_app_with};
use kursportal::{accounts::token, entity::account};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Expr};

const ADMIN: &str = "admin@kursportal.test";
const ADMIN_PASSWORD: &str = "demo-passord-admin";
/// Synthetic fødselsnummer (15.03.1985) and D-nummer (15.01.1990) with valid check digits.
const KARI_NID: &str = "15038510190";
const OLA_NID: &str = "55019010057";
const GOOD_PASSWORD: &str = "blåbær på fjellet i august";

/// A complete «Full kurskatalog» registration, as the form sends it.
fn registration(email: &str, national_id: &str, employer_id: &str) -> Vec<(String, String)> {
    [
        ("user_type", "full_catalogue"),
        ("full_name", "Kari Nordmann"),
        ("email", email),
        ("mobile", "912 34 567"),
        ("national_id", national_id),
        ("hms_card", "1234567"),
        ("hms_card_expires_on", "2028-05-31"),
        ("employer_id", employer_id),
        ("invoice_reference", "PRJ-4711"),
    ]
    .into_iter()
    .map(|(k, v)| (format!("form[{k}]"), v.to_string()))
    .collect()
}

async fn register(app: &TestApp, fields: &[(String, String)]) -> (u16, serde_json::Value) {
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call("accounts/register", &form).await
}

/// The id of the first demo company found by a name search.
async fn employer_id(app: &TestApp, query: &str) -> String {
    let (status, found) = app.call_get("accounts/companies", &[("query", query)]).await;
    assert_eq!(status, 200, "{found}");
    found[0]["id"].as_i64().expect("a company").to_string()
}

async fn account_count(app: &TestApp) -> u64 {
    account::Entity::find().count(&app.db).await.unwrap()
}

async fn activate(app: &TestApp, email: &str) {
    let token = app.link_token(email, "/konto/aktiver/").await;
    let (status, body) = app
        .call(
            "accounts/activate",
            &[
                ("token", &token),
                ("password", GOOD_PASSWORD),
                ("repeat", GOOD_PASSWORD),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

on_both_databases! {
    async fn the_account_pages_render_with_labelled_fields(app) {
        let (status, html) = app.get_html("/registrer").await;
        assert_eq!(status, 200);
        for text in ["Gratis e-læring", "Full kurskatalog", "Fører", "<label for=\"f-national_id\">Fødselsnummer eller D-nummer</label>", "action=\"/api/accounts/register\""] {
            assert!(html.contains(text), "{text} in {html}");
        }
        let (status, html) = app.get_html("/konto/aktiver/ukjent-lenke").await;
        assert_eq!(status, 200);
        assert!(html.contains("Lenken er ikke gyldig"), "{html}");
        let (_, html) = app.get_html("/glemt-passord").await;
        assert!(html.contains("action=\"/api/accounts/forgot-password\""));
        let (_, html) = app.get_html("/min-konto").await;
        assert!(html.contains("Du er ikke logget inn"), "{html}");
        let (_, html) = app.get_html("/logg-inn").await;
        assert!(html.contains("href=\"/glemt-passord\"") && html.contains("href=\"/registrer\""));
    }

    async fn a_learner_registers_activates_and_logs_in(app) {
        let employer = employer_id(&app, "nordlys").await;
        let by_number = app.call_get("accounts/companies", &[("query", "912 345")]).await.1;
        assert_eq!(by_number[0]["name"], "Nordlys Jernbaneentreprenør AS", "found by organisation number too");
        let before = account_count(&app).await;

        let (status, body) = register(&app, &registration("Kari@Eksempel.no", KARI_NID, &employer)).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(account_count(&app).await, before + 1);

        // Stored: sealed national ID, birth date on its own; never the digits in clear.
        let row = account::Entity::find().filter(account::Column::Email.eq("kari@eksempel.no")).one(&app.db).await.unwrap().unwrap();
        assert_eq!(row.birth_date.unwrap().to_string(), "1985-03-15");
        assert!(!row.national_id_sealed.clone().unwrap().contains(KARI_NID));
        assert!(!row.national_id_key.clone().unwrap().contains(KARI_NID));
        assert_eq!(row.user_type.as_deref(), Some("full_catalogue"));
        assert_eq!(row.invoice_reference.as_deref(), Some("PRJ-4711"));
        assert!(row.activated_at.is_none() && row.password_hash.is_none());

        // No login before activation: the same answer as a wrong password.
        let (status, _) = app.call("accounts/login", &[("identifier", "kari@eksempel.no"), ("password", GOOD_PASSWORD)]).await;
        assert_eq!(status, 401);

        let mail = app.mails_to("kari@eksempel.no").await;
        assert_eq!(mail.len(), 1);
        assert!(mail[0].subject.contains("Aktiver"));
        assert!(mail[0].body_text.contains("72 timer"), "{}", mail[0].body_text);
        assert!(mail[0].body_text.contains(&app.address), "links point at the portal: {}", mail[0].body_text);
        let token = app.link_token("kari@eksempel.no", "/konto/aktiver/").await;
        // Once sent, the outbox keeps the message without its link's secret.
        let sent = app.mails_to("kari@eksempel.no").await;
        assert!(!sent[0].body_text.contains(&token), "{}", sent[0].body_text);
        assert!(sent[0].body_text.contains(&format!("/konto/aktiver/{}", kursportal::mail::outbox::BLANKED)), "{}", sent[0].body_text);
        let stored = token::Entity::find().one(&app.db).await.unwrap().unwrap();
        assert_ne!(stored.token_hash, token, "only a hash is stored");

        let (_, status) = app.call("accounts/token-status", &[("purpose", "activation"), ("token", &token)]).await;
        assert_eq!(status, "valid");
        let (status, body) = app.call("accounts/activate", &[("token", &token), ("password", "passord123456"), ("repeat", "passord123456")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("password")), "a common password: {body}");
        let (status, body) = app.call("accounts/activate", &[("token", &token), ("password", GOOD_PASSWORD), ("repeat", "noe annet helt")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("repeat")), "{body}");
        let (status, body) = app.call("accounts/activate", &[("token", &token), ("password", GOOD_PASSWORD), ("repeat", GOOD_PASSWORD)]).await;
        assert_eq!(status, 200, "{body}");
        let (status, body) = app.call("accounts/activate", &[("token", &token), ("password", GOOD_PASSWORD), ("repeat", GOOD_PASSWORD)]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("token")), "single use: {body}");

        app.login_as(&app.client, "kari@eksempel.no", GOOD_PASSWORD).await;
        let (_, me) = app.call("accounts/me", &[]).await;
        assert_eq!((me["full_name"].as_str(), me["role"].as_str()), (Some("Kari Nordmann"), Some("learner")));
        assert_eq!(me["user_type"], "full_catalogue");

        let (status, profile) = app.call("accounts/profile", &[]).await;
        assert_eq!(status, 200, "{profile}");
        assert_eq!(profile["national_id_masked"], "150385•••••");
        assert_eq!(profile["birth_date"], "15.03.1985");
        assert_eq!(profile["employer"]["name"], "Nordlys Jernbaneentreprenør AS");
        assert!(!profile.to_string().contains(KARI_NID), "the number never leaves the server whole");
    }

    async fn bad_input_names_each_field_and_stores_nothing(app) {
        let before = account_count(&app).await;
        let mut fields = registration("kari@", "15038510191", "");
        fields.retain(|(k, _)| k != "form[mobile]");
        fields.push(("form[mobile]".into(), "22 33 44 55".into()));
        let (status, body) = register(&app, &fields).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["kind"], "invalid_form");
        let named: Vec<&str> = body["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        assert_eq!(named, ["email", "mobile", "national_id", "employer_id"]);
        assert!(body["fields"][2]["message"]["text"].as_str().unwrap().contains("11 sifrene"), "{body}");
        // A company id that does not exist is refused too.
        let (status, _) = register(&app, &registration("kari@eksempel.no", KARI_NID, "999999")).await;
        assert_eq!(status, 400);
        assert_eq!(account_count(&app).await, before);
        assert!(app.mails_to("kari@eksempel.no").await.is_empty());
    }

    async fn one_account_per_national_id_and_no_enumeration_by_email(app) {
        let employer = employer_id(&app, "fjordbanen").await;
        assert_eq!(register(&app, &registration("kari@eksempel.no", KARI_NID, &employer)).await.0, 200);

        // The same person again with another address: refused, pointing to login and «Glemt passord».
        let (status, body) = register(&app, &registration("kari.privat@eksempel.no", KARI_NID, &employer)).await;
        assert_eq!(status, 409, "{body}");
        assert_eq!((body["kind"].as_str(), body["field"].as_str()), (Some("taken"), Some("national_id")));
        let message = body["message"]["text"].as_str().unwrap();
        assert!(message.contains("Glemt passord") && message.contains("Logg inn"), "{message}");
        assert!(!message.contains("kari@"), "says nothing about the existing account");
        assert!(app.mails_to("kari.privat@eksempel.no").await.is_empty());

        // Another person with an address in use: the same answer as a new registration,
        // and the owner of the address hears about it.
        let (status, body) = register(&app, &registration("kari@eksempel.no", OLA_NID, &employer)).await;
        assert_eq!((status, body), (200, serde_json::Value::Null));
        let mails = app.mails_to("kari@eksempel.no").await;
        assert_eq!(mails.len(), 2);
        assert!(mails[1].subject.contains("Noen prøvde"), "{}", mails[1].subject);
        assert_eq!(account::Entity::find().filter(account::Column::Email.eq("kari@eksempel.no")).count(&app.db).await.unwrap(), 1);
    }

    async fn an_expired_activation_link_can_be_sent_again(app) {
        let employer = employer_id(&app, "sporservice").await;
        register(&app, &registration("kari@eksempel.no", KARI_NID, &employer)).await;
        let old = app.link_token("kari@eksempel.no", "/konto/aktiver/").await;
        token::Entity::update_many()
            .col_expr(token::Column::ExpiresAt, Expr::value(chrono::Utc::now() - chrono::Duration::hours(1)))
            .exec(&app.db).await.unwrap();
        let (_, status) = app.call("accounts/token-status", &[("purpose", "activation"), ("token", &old)]).await;
        assert_eq!(status, "expired");
        let (status, body) = app.call("accounts/activate", &[("token", &old), ("password", GOOD_PASSWORD), ("repeat", GOOD_PASSWORD)]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("token")));
        assert!(body["message"]["text"].as_str().unwrap().contains("gått ut"), "{body}");

        // Same answer for a known and an unknown address.
        let known = app.call("accounts/resend-activation", &[("email", "kari@eksempel.no")]).await;
        let unknown = app.call("accounts/resend-activation", &[("email", "ingen@eksempel.no")]).await;
        assert_eq!(known, unknown);
        assert_eq!(known.0, 200);
        assert!(app.mails_to("ingen@eksempel.no").await.is_empty());
        assert_eq!(app.mails_to("kari@eksempel.no").await.len(), 2);
        activate(&app, "kari@eksempel.no").await;
        app.login_as(&app.client, "kari@eksempel.no", GOOD_PASSWORD).await;
    }

    async fn forgot_password_resets_once_and_ends_other_sessions(app) {
        let laptop = app.new_client();
        app.login_as(&laptop, ADMIN, ADMIN_PASSWORD).await;

        let known = app.call("accounts/forgot-password", &[("email", ADMIN)]).await;
        let unknown = app.call("accounts/forgot-password", &[("email", "ingen@eksempel.no")]).await;
        assert_eq!(known, unknown, "the same answer whether or not the address is registered");
        let token = app.link_token(ADMIN, "/konto/nytt-passord/").await;
        let mail = &app.mails_to(ADMIN).await[0];
        assert!(mail.body_text.contains("60 minutter"), "{}", mail.body_text);
        let stored = token::Entity::find().one(&app.db).await.unwrap().unwrap();
        assert_eq!((stored.expires_at - stored.created_at).num_minutes(), 60);

        let (status, body) = app.call("accounts/reset-password", &[("token", &token), ("password", "nytt langt passord her"), ("repeat", "nytt langt passord her")]).await;
        assert_eq!(status, 200, "{body}");
        let (status, _) = app.call("accounts/reset-password", &[("token", &token), ("password", "enda et nytt passord"), ("repeat", "enda et nytt passord")]).await;
        assert_eq!(status, 400, "the link is single-use");

        let (_, me) = app.call_as(&laptop, "accounts/me", &[]).await;
        assert_eq!(me, serde_json::Value::Null, "the other session ended");
        let (status, _) = app.call("accounts/login", &[("identifier", ADMIN), ("password", ADMIN_PASSWORD)]).await;
        assert_eq!(status, 401, "the old password is gone");
        app.login_as(&app.client, ADMIN, "nytt langt passord her").await;
        assert!(app.mails_to(ADMIN).await.iter().any(|m| m.subject.contains("endret")));
    }

    async fn an_activation_link_works_once_even_when_used_twice_at_once(app) {
        let employer = employer_id(&app, "nordlys").await;
        register(&app, &registration("kari@eksempel.no", KARI_NID, &employer)).await;
        let token = app.link_token("kari@eksempel.no", "/konto/aktiver/").await;
        let form = [("token", token.as_str()), ("password", GOOD_PASSWORD), ("repeat", GOOD_PASSWORD)];
        let (one, two) = (app.new_client(), app.new_client());
        let (first, second) = tokio::join!(
            app.call_as(&one, "accounts/activate", &form),
            app.call_as(&two, "accounts/activate", &form),
        );
        let mut statuses = [first.0, second.0];
        statuses.sort();
        assert_eq!(statuses, [200, 400], "{first:?} {second:?}");
    }

    async fn registration_is_limited_per_national_id_and_per_address(app) {
        let employer = employer_id(&app, "nordlys").await;
        let (status, _) = register(&app, &registration("kari@eksempel.no", KARI_NID, &employer)).await;
        assert_eq!(status, 200);
        // Her number is taken: people are told so, a few times an hour, and support sees it.
        for attempt in 2..=5 {
            let (status, body) = register(&app, &registration(&format!("kari{attempt}@eksempel.no"), KARI_NID, &employer)).await;
            assert_eq!((status, body["field"].as_str()), (409, Some("national_id")), "{body}");
        }
        let (status, body) = register(&app, &registration("kari6@eksempel.no", KARI_NID, &employer)).await;
        assert_eq!((status, body["kind"].as_str()), (429, Some("rate_limited")), "the sixth in an hour: {body}");
        let holder = account::Entity::find().filter(account::Column::Email.eq("kari@eksempel.no")).one(&app.db).await.unwrap().unwrap();
        let clashes = kursportal::audit::Entity::find()
            .filter(kursportal::audit::Column::Action.eq("registration.national_id_clash"))
            .filter(kursportal::audit::Column::SubjectId.eq(holder.id))
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(clashes, 4, "every clash is in the holder's audit trail");

        // Registering an address in use again and again: one notice an hour.
        for n in 0..3 {
            let (status, _) = register(&app, &registration("kari@eksempel.no", &common::synthetic_national_id(200 + n), &employer)).await;
            assert_eq!(status, 200, "the same answer as a new registration");
        }
        let notices = app.mails_to("kari@eksempel.no").await.into_iter().filter(|m| !m.subject.contains("Aktiver")).count();
        assert_eq!(notices, 1, "one notice, not three");

        // One address: 20 complete registrations an hour (9 so far), whatever the numbers.
        let mut admitted = 9;
        for n in 0..20 {
            let (status, body) = register(&app, &registration(&format!("ny{n}@eksempel.no"), &common::synthetic_national_id(300 + n), &employer)).await;
            if status == 429 {
                assert_eq!(body["kind"], "rate_limited", "{body}");
                break;
            }
            assert_eq!(status, 200, "{body}");
            admitted += 1;
        }
        assert_eq!(admitted, 20);
        // A form with mistakes is not counted: the person still gets their field messages.
        let (status, body) = register(&app, &registration("feil", KARI_NID, &employer)).await;
        assert_eq!((status, body["kind"].as_str()), (400, Some("invalid_form")), "{body}");
    }

    async fn the_public_forms_cannot_flood_an_inbox(app) {
        for _ in 0..8 {
            let (status, _) = app.call("accounts/forgot-password", &[("email", ADMIN)]).await;
            assert_eq!(status, 200, "the same answer every time");
        }
        let links = app.mails_to(ADMIN).await.into_iter().filter(|m| m.subject.contains("Nytt passord")).count();
        assert_eq!(links, 5, "at most five links an hour");
    }

    async fn three_hundred_parallel_guesses_get_five_password_checks(app) {
        let mut guesses = tokio::task::JoinSet::new();
        for i in 0..300 {
            let (client, url) = (app.client.clone(), app.url("/api/accounts/login"));
            guesses.spawn(async move {
                let password = format!("gjetning nummer {i}");
                let response = client.post(url).form(&[("identifier", ADMIN), ("password", password.as_str())]).send().await;
                response.map(|r| r.status().as_u16()).unwrap_or(0)
            });
        }
        let statuses = guesses.join_all().await;
        let checked = statuses.iter().filter(|s| **s == 401).count();
        let refused = statuses.iter().filter(|s| **s == 429).count();
        assert!(checked <= 5, "at most five passwords were checked, not {checked}");
        assert_eq!(checked + refused, 300, "every other guess was refused unchecked: {statuses:?}");
        let (status, _) = app.call("accounts/login", &[("identifier", ADMIN), ("password", ADMIN_PASSWORD)]).await;
        assert_eq!(status, 429, "the account stays locked for the window");
    }

    async fn failed_logins_are_throttled_per_account(app) {
        for _ in 0..5 {
            let (status, _) = app.call("accounts/login", &[("identifier", ADMIN), ("password", "feil passord igjen")]).await;
            assert_eq!(status, 401);
        }
        let (status, body) = app.call("accounts/login", &[("identifier", ADMIN), ("password", ADMIN_PASSWORD)]).await;
        assert_eq!(status, 429, "locked even with the right password: {body}");
        assert_eq!(body["kind"], "rate_limited");
        assert!(body["retry_after_secs"].as_u64().unwrap() > 800);
        // Another account from the same address is not locked by this one.
        app.login_as(&app.client, "support@kursportal.test", "demo-passord-support").await;
        // Unknown names are throttled the same way, so a lock says nothing about existence.
        for _ in 0..5 {
            app.call("accounts/login", &[("identifier", "ingen@eksempel.no"), ("password", "feil passord igjen")]).await;
        }
        let (status, _) = app.call("accounts/login", &[("identifier", "ingen@eksempel.no"), ("password", "x")]).await;
        assert_eq!(status, 429);
    }

    async fn changing_the_password_keeps_this_session_and_ends_the_others(app) {
        let phone = app.new_client();
        app.login_as(&phone, ADMIN, ADMIN_PASSWORD).await;
        app.login_as(&app.client, ADMIN, ADMIN_PASSWORD).await;
        let (status, body) = app.call("accounts/change-password", &[("current", "feil"), ("password", "et helt nytt passord"), ("repeat", "et helt nytt passord")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("current")));
        let (status, body) = app.call("accounts/change-password", &[("current", ADMIN_PASSWORD), ("password", "et helt nytt passord"), ("repeat", "et helt nytt passord")]).await;
        assert_eq!(status, 200, "{body}");
        let (_, me) = app.call("accounts/me", &[]).await;
        assert_eq!(me["full_name"], "Ada Administrator", "still signed in here");
        let (_, me) = app.call_as(&phone, "accounts/me", &[]).await;
        assert_eq!(me, serde_json::Value::Null, "signed out on the phone");
    }

    async fn wrong_current_passwords_are_throttled(app) {
        app.login_as(&app.client, ADMIN, ADMIN_PASSWORD).await;
        for _ in 0..5 {
            let (status, body) = app.call("accounts/email", &[("email", "ny@eksempel.no"), ("current", "gjetter videre")]).await;
            assert_eq!((status, body["field"].as_str()), (400, Some("current")), "{body}");
        }
        let (status, body) = app.call("accounts/change-password", &[("current", ADMIN_PASSWORD), ("password", "et helt nytt passord"), ("repeat", "et helt nytt passord")]).await;
        assert_eq!((status, body["kind"].as_str()), (429, Some("rate_limited")), "a stolen session cannot guess on: {body}");
    }

    async fn the_employer_can_be_changed_with_an_invoice_reference(app) {
        let (status, _) = app.call("accounts/employer", &[("employer_id", "1"), ("invoice_reference", "")]).await;
        assert_eq!(status, 401, "only for the signed-in person");
        let employer = employer_id(&app, "trøndelag").await;
        register(&app, &registration("kari@eksempel.no", KARI_NID, &employer_id(&app, "nordlys").await)).await;
        activate(&app, "kari@eksempel.no").await;
        app.login_as(&app.client, "kari@eksempel.no", GOOD_PASSWORD).await;
        let (status, body) = app.call("accounts/employer", &[("employer_id", "abc"), ("invoice_reference", "")]).await;
        assert_eq!((status, body["kind"].as_str()), (400, Some("invalid_form")));
        let (status, body) = app.call("accounts/employer", &[("employer_id", &employer), ("invoice_reference", "AO-2026-17")]).await;
        assert_eq!(status, 200, "{body}");
        let (_, profile) = app.call("accounts/profile", &[]).await;
        assert_eq!(profile["employer"]["name"], "Trøndelag Anleggsdrift AS");
        assert_eq!(profile["invoice_reference"], "AO-2026-17");
    }
}

/// The hospital setting: national ID and HMS card optional.
async fn optional_numbers(backend: Backend) {
    let Some(app) = spawn_app_with(
        backend,
        TestOptions {
            seed_demo: true,
            env: vec![
                ("KURSPORTAL_REQUIRE_NATIONAL_ID", "false".into()),
                ("KURSPORTAL_REQUIRE_HMS_CARD", "false".into()),
            ],
            ..Default::default()
        },
    )
    .await
    else {
        return;
    };
    let (_, policy) = app.call("accounts/registration-policy", &[]).await;
    assert_eq!(policy["require_national_id"], false);
    let mut fields = registration("per@eksempel.no", "", "");
    fields.retain(|(k, _)| !k.contains("hms_card") && !k.contains("employer"));
    fields.retain(|(k, _)| k != "form[user_type]");
    fields.push(("form[user_type]".into(), "free_elearning".into()));
    let (status, body) = register(&app, &fields).await;
    assert_eq!(status, 200, "{body}");
    activate(&app, "per@eksempel.no").await;
    app.login_as(&app.client, "per@eksempel.no", GOOD_PASSWORD).await;
    let (_, profile) = app.call("accounts/profile", &[]).await;
    assert_eq!(profile["national_id_masked"], serde_json::Value::Null);
    // Two people without a national ID do not collide.
    let (status, _) = register(&app, &{
        let mut f = fields.clone();
        f.retain(|(k, _)| k != "form[email]");
        f.push(("form[email]".into(), "pia@eksempel.no".into()));
        f
    })
    .await;
    assert_eq!(status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn national_id_and_hms_card_can_be_optional_sqlite() {
    tokio::time::timeout(common::TEST_DEADLINE, optional_numbers(Backend::Sqlite))
        .await
        .expect("the test hung");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn national_id_and_hms_card_can_be_optional_postgres() {
    tokio::time::timeout(common::TEST_DEADLINE, optional_numbers(Backend::Postgres))
        .await
        .expect("the test hung");
}
