//! Roles on the server: support searches accounts and reveals a national ID only on purpose;
//! learners cannot call support functions; state-changing requests from other sites are refused.

use crate::common::TestApp;
use app::accounts::types::Role;
use kursportal::{accounts::service::create_with_password, audit};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

const SUPPORT: &str = "support@kursportal.test";
const SUPPORT_PASSWORD: &str = "demo-passord-support";
const KARI_NID: &str = "15038510190";
const GOOD_PASSWORD: &str = "blåbær på fjellet i august";

/// Registers and activates Kari (with a national ID), returning her account id.
async fn kari(app: &TestApp) -> i64 {
    let (_, companies) = app.call_get("accounts/companies", &[("query", "nordlys")]).await;
    let employer = companies[0]["id"].as_i64().unwrap().to_string();
    let form = [
        ("form[user_type]", "full_catalogue"),
        ("form[full_name]", "Kari Nordmann"),
        ("form[email]", "kari@eksempel.no"),
        ("form[mobile]", "91234567"),
        ("form[national_id]", KARI_NID),
        ("form[hms_card]", "7654321"),
        ("form[employer_id]", employer.as_str()),
    ];
    let (status, body) = app.call("accounts/register", &form).await;
    assert_eq!(status, 200, "{body}");
    let token = app.link_token("kari@eksempel.no", "/konto/aktiver/").await;
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
    kursportal::entity::account::Entity::find()
        .filter(kursportal::entity::account::Column::Email.eq("kari@eksempel.no"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

on_both_databases! {
    async fn support_reveals_a_number_without_javascript_and_the_person_stays_listed(app) {
        let kari_id = kari(&app).await.to_string();
        let support = app.new_client();
        app.login_as(&support, SUPPORT, SUPPORT_PASSWORD).await;
        let response = crate::forms::post_as_page(&app, &support, "support/accounts", "/brukerstotte",
            &[("query[name]", "kari nord"), ("query[email]", ""), ("query[birth_date]", "")]).await;
        assert_eq!(response.status().as_u16(), 200);
        let html = response.text().await.unwrap().replace("<!>", "");
        assert!(html.contains("Kari Nordmann"), "{html}");
        assert!(html.contains(r#"name="query[name]" value="kari nord""#), "the search travels with the forms");

        let response = crate::forms::post_as_page(&app, &support, "support/reveal-national-id", "/brukerstotte", &[
            ("account_id", &kari_id), ("reason", "Sak 2026-118: bekrefter identitet på telefon"),
            ("query[name]", "kari nord"), ("query[email]", ""), ("query[birth_date]", ""),
        ]).await;
        assert_eq!(response.status().as_u16(), 200);
        let html = response.text().await.unwrap().replace("<!>", "");
        assert!(html.contains("Kari Nordmann"), "the person is listed again: {html}");
        assert_eq!(html.matches("150385 10190").count(), 1, "the number, once, at her entry");
    }

    async fn support_finds_accounts_by_name_email_and_birth_date_never_by_national_id(app) {
        let kari_id = kari(&app).await;
        let support = app.new_client();
        app.login_as(&support, SUPPORT, SUPPORT_PASSWORD).await;

        for query in [
            vec![("query[name]", "kari nord")],
            vec![("query[email]", "ukjent@x.no, KARI@eksempel.no")],
            vec![("query[birth_date]", "15.03.1985")],
            vec![("query[name]", "Kari"), ("query[birth_date]", "1985-03-15")],
        ] {
            let (status, found) = app.call_as(&support, "support/accounts", &query).await;
            assert_eq!(status, 200, "{query:?}: {found}");
            assert_eq!(found.as_array().unwrap().len(), 1, "{query:?}: {found}");
            assert_eq!(found[0]["id"], kari_id);
            assert_eq!(found[0]["activated"], true);
            assert_eq!(found[0]["employer"], "Nordlys Jernbaneentreprenør AS");
            assert_eq!(found[0]["user_type"], "full_catalogue");
            assert!(!found.to_string().contains(KARI_NID), "lists never show the number");
        }
        let (status, found) = app.call_as(&support, "support/accounts", &[("query[name]", KARI_NID)]).await;
        assert_eq!((status, found.as_array().map(Vec::len)), (200, Some(0)), "a national ID finds nothing");
        let (status, _) = app.call_as(&support, "support/accounts", &[]).await;
        assert_eq!(status, 400, "some criterion is needed");

        // Revealing is deliberate: a reason, and an audit entry naming who, whom and why.
        let id = kari_id.to_string();
        let (status, body) = app.call_as(&support, "support/reveal-national-id", &[("account_id", &id), ("reason", "")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("reason")));
        let (status, number) = app.call_as(&support, "support/reveal-national-id", &[("account_id", &id), ("reason", "Sak 2026-118: bekrefter identitet på telefon")]).await;
        assert_eq!(status, 200, "{number}");
        assert_eq!(number, "150385 10190");
        let entries = audit::Entity::find().filter(audit::Column::Action.eq("support.reveal_national_id")).all(&app.db).await.unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].subject_id, Some(kari_id));
        assert!(entries[0].detail.as_deref().unwrap().contains("Sak 2026-118"));
        assert_ne!(entries[0].actor_id, Some(kari_id));

        let (status, body) = app.call_as(&support, "support/resend-activation", &[("account_id", &id)]).await;
        assert_eq!(status, 409, "already activated: {body}");
    }

    async fn names_are_found_typed_with_or_without_their_diacritics(app) {
        let support = app.new_client();
        app.login_as(&support, SUPPORT, SUPPORT_PASSWORD).await;
        let maret = create_with_password(&app.db, "maret@eksempel.no", "Máret Čuoŋománnu", Role::Learner, GOOD_PASSWORD.into()).await.unwrap();
        let lukasz = create_with_password(&app.db, "lukasz@eksempel.no", "Łukasz Wiśniewski", Role::Instructor, GOOD_PASSWORD.into()).await.unwrap();
        let soren = create_with_password(&app.db, "soren@eksempel.no", "Søren Ødegård", Role::Learner, GOOD_PASSWORD.into()).await.unwrap();
        for (typed, id) in [
            ("cuonomannu", maret), ("Čuoŋománnu", maret), ("maret cuono", maret),
            ("wisniewski", lukasz), ("Łukasz", lukasz),
            ("soren odegard", soren), ("Søren Ødegård", soren),
        ] {
            let (status, found) = app.call_as(&support, "support/accounts", &[("query[name]", typed)]).await;
            assert_eq!(status, 200, "{typed}: {found}");
            let ids: Vec<i64> = found.as_array().unwrap().iter().map(|p| p["id"].as_i64().unwrap()).collect();
            assert_eq!(ids, [id], "{typed}: {found}");
        }
        // A name stored before names were stored folded is found once the server refolds them
        // (it does so after applying the marker migration).
        kursportal::entity::account::Entity::update_many()
            .col_expr(kursportal::entity::account::Column::NameSearch, sea_orm::sea_query::Expr::value("máret čuoŋománnu"))
            .filter(kursportal::entity::account::Column::Id.eq(maret))
            .exec(&app.db).await.unwrap();
        let (_, found) = app.call_as(&support, "support/accounts", &[("query[name]", "cuonomannu")]).await;
        assert_eq!(found.as_array().unwrap().len(), 0, "the old form alone: {found}");
        let (people, _) = kursportal::db::refold_names(&app.db).await.unwrap();
        assert_eq!(people, 1, "only the stale row is written");
        let (_, found) = app.call_as(&support, "support/accounts", &[("query[name]", "cuonomannu")]).await;
        assert_eq!(found[0]["id"], maret, "{found}");
        assert_eq!(kursportal::db::refold_names(&app.db).await.unwrap(), (0, 0), "idempotent");

        // «Brukere og roller» searches the same way.
        let admin = app.new_client();
        app.login_as(&admin, "admin@kursportal.test", "demo-passord-admin").await;
        let (status, found) = app.call_as(&admin, "admin/people", &[("query", "lukasz wisniewski")]).await;
        assert_eq!(status, 200, "{found}");
        assert_eq!(found[0]["full_name"], "Łukasz Wiśniewski", "{found}");
    }

    async fn a_learner_cannot_use_support_functions(app) {
        let kari_id = kari(&app).await;
        let other = create_with_password(&app.db, "ola@eksempel.no", "Ola Nordmann", Role::Learner, "ola sitt lange passord".into()).await.unwrap();
        let anonymous = app.new_client();
        let (status, _) = app.call_as(&anonymous, "support/accounts", &[("query[name]", "kari")]).await;
        assert_eq!(status, 401);

        let learner = app.new_client();
        app.login_as(&learner, "ola@eksempel.no", "ola sitt lange passord").await;
        let id = kari_id.to_string();
        for (endpoint, form) in [
            ("support/accounts", vec![("query[name]", "kari")]),
            ("support/reveal-national-id", vec![("account_id", id.as_str()), ("reason", "bare nysgjerrig på dette")]),
            ("support/resend-activation", vec![("account_id", id.as_str())]),
        ] {
            let (status, body) = app.call_as(&learner, endpoint, &form).await;
            assert_eq!(status, 403, "{endpoint}: {body}");
            assert!(!body.to_string().contains(KARI_NID));
        }
        // The learner's profile is their own; there is no way to name another account.
        let (_, profile) = app.call_as(&learner, "accounts/profile", &[("account_id", &id)]).await;
        assert_eq!(profile["full_name"], "Ola Nordmann");
        assert!(audit::Entity::find().filter(audit::Column::Action.eq("support.reveal_national_id")).one(&app.db).await.unwrap().is_none());
        let _ = other;
    }

    async fn posts_from_another_site_are_refused_and_pages_are_private(app) {
        let response = app.client.post(app.url("/api/accounts/login"))
            .header("Origin", "https://evil.example")
            .form(&[("identifier", "admin@kursportal.test"), ("password", "demo-passord-admin")])
            .send().await.unwrap();
        assert_eq!(response.status(), 403);
        assert!(response.headers().get("set-cookie").is_none(), "no session was started");
        let same = app.client.post(app.url("/api/accounts/login"))
            .header("Origin", app.address.as_str())
            .form(&[("identifier", "admin@kursportal.test"), ("password", "demo-passord-admin")])
            .send().await.unwrap();
        assert!(same.status().as_u16() < 400, "{}", same.status());

        let page = app.get("/logg-inn").await;
        assert_eq!(page.headers()["cache-control"], "no-store");
        let csp = page.headers()["content-security-policy"].to_str().unwrap().to_string();
        assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"), "{csp}");
        let nonce = csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce");
        let html = page.text().await.unwrap();
        assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the hydration script carries the nonce");
        let api = app.client.post(app.url("/api/accounts/me")).send().await.unwrap();
        assert_eq!(api.headers()["cache-control"], "no-store");
    }

    async fn a_company_request_is_approved_by_an_administrator(app) {
        create_with_password(&app.db, "ola@eksempel.no", "Ola Nordmann", Role::Learner, "ola sitt lange passord".into()).await.unwrap();
        let learner = app.new_client();
        app.login_as(&learner, "ola@eksempel.no", "ola sitt lange passord").await;
        let request = |org: &'static str| vec![
            ("form[org_number]", org),
            ("form[name]", "Lofoten Linjebygg AS"),
            ("form[invoice_address]", "Postboks 12, 8300 Svolvær"),
            ("form[invoice_email]", "faktura@linjebygg.no"),
            ("form[contact_person]", "Liv Linje"),
        ];
        let (status, body) = app.call_as(&learner, "accounts/company-request", &request("913579241")).await;
        assert_eq!((status, body["fields"][0]["field"].as_str()), (400, Some("org_number")), "{body}");
        let (status, body) = app.call_as(&learner, "accounts/company-request", &request("912345602")).await;
        assert_eq!(status, 400, "already registered: {body}");
        let (status, body) = app.call_as(&learner, "accounts/company-request", &request("913 579 240")).await;
        assert_eq!(status, 200, "{body}");
        let (_, found) = app.call_get("accounts/companies", &[("query", "lofoten")]).await;
        assert_eq!(found, serde_json::json!([]), "not selectable before approval");

        let (status, _) = app.call_as(&learner, "admin/company-requests", &[]).await;
        assert_eq!(status, 403, "learners cannot see requests");
        let admin = app.new_client();
        app.login_as(&admin, "admin@kursportal.test", "demo-passord-admin").await;
        let (status, pending) = app.call_as(&admin, "admin/company-requests", &[]).await;
        assert_eq!(status, 200);
        assert_eq!(pending[0]["name"], "Lofoten Linjebygg AS");
        assert!(pending[0]["requested_by"].as_str().unwrap().contains("ola@eksempel.no"));
        let id = pending[0]["id"].as_i64().unwrap().to_string();
        let (status, _) = app.call_as(&learner, "admin/company-decision", &[("company_id", &id), ("approve", "true"), ("note", "")]).await;
        assert_eq!(status, 403, "learners cannot decide");
        let (status, body) = app.call_as(&admin, "admin/company-decision", &[("company_id", &id), ("approve", "false"), ("note", "")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("note")), "a rejection needs a reason");
        let (status, body) = app.call_as(&admin, "admin/company-decision", &[("company_id", &id), ("approve", "true"), ("note", "")]).await;
        assert_eq!(status, 200, "{body}");
        let (status, _) = app.call_as(&admin, "admin/company-decision", &[("company_id", &id), ("approve", "false"), ("note", "for sent")]).await;
        assert_eq!(status, 409, "decided once");

        let (_, profile) = app.call_as(&learner, "accounts/profile", &[]).await;
        assert_eq!(profile["employer"]["name"], "Lofoten Linjebygg AS");
        let (_, found) = app.call_get("accounts/companies", &[("query", "lofoten")]).await;
        assert_eq!(found[0]["org_number"], "913579240");
        let mails = app.mails_to("ola@eksempel.no").await;
        assert!(mails.last().unwrap().subject.contains("er lagt til"), "{:?}", mails.last());
    }
}
