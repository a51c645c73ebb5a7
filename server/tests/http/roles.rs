//! «Brukere og roller»: administrators give people roles and take them away; each change is
//! audited and mailed, takes effect at the person's next request, and the last administrator
//! stays one. Nobody else may change a role, and bad input changes nothing.
use crate::common::TestApp;
use app::accounts::types::Role;
use kursportal::{accounts::service::create_with_password, audit, entity::account};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const ADMIN: &str = "admin@kursportal.test";
const ADMIN_PASSWORD: &str = "demo-passord-admin";
const OLA_PASSWORD: &str = "ola sitt lange passord";

async fn ola(app: &TestApp) -> i64 {
    create_with_password(
        &app.db,
        "ola@eksempel.no",
        "Ola Nordmann",
        Role::Learner,
        OLA_PASSWORD.into(),
    )
    .await
    .unwrap()
}

async fn role_of(app: &TestApp, id: i64) -> String {
    account::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .role
}

async fn role_changes(app: &TestApp) -> u64 {
    audit::Entity::find()
        .filter(audit::Column::Action.eq("account.role_changed"))
        .count(&app.db)
        .await
        .unwrap()
}

async fn admin(app: &TestApp) -> reqwest::Client {
    let client = app.new_client();
    app.login_as(&client, ADMIN, ADMIN_PASSWORD).await;
    client
}

on_both_databases! {
    async fn an_administrator_makes_a_course_administrator_who_can_work_at_once(app) {
        let ola_id = ola(&app).await;
        let ola = app.new_client();
        app.login_as(&ola, "ola@eksempel.no", OLA_PASSWORD).await;
        let (status, _) = app.call_as(&ola, "admin/courses", &[("text", "")]).await;
        assert_eq!(status, 403, "a learner does not administer courses");

        let admin = admin(&app).await;
        let (status, found) = app.call_as(&admin, "admin/people", &[("query", "ola nord")]).await;
        assert_eq!(status, 200, "{found}");
        assert_eq!(found[0]["full_name"], "Ola Nordmann");
        assert_eq!(found[0]["role"], "learner");
        let id = ola_id.to_string();
        let (status, body) = app.call_as(&admin, "admin/role", &[
            ("account_id", id.as_str()), ("role", "course_admin"), ("reason", "Ny kursansvarlig for HMS"),
        ]).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(role_of(&app, ola_id).await, "course_admin");

        // The same session, its next request: the new role applies without logging in again.
        let (status, body) = app.call_as(&ola, "admin/courses", &[("text", "")]).await;
        assert_eq!(status, 200, "{body}");
        let (_, me) = app.call_as(&ola, "accounts/me", &[]).await;
        assert_eq!(me["role"], "course_admin");

        let mails = app.mails_to("ola@eksempel.no").await;
        assert!(mails.iter().any(|m| m.subject == "Rollen din i Kursportalen er endret" && m.body_text.contains("kursadministrator")));
        let row = audit::Entity::find()
            .filter(audit::Column::Action.eq("account.role_changed"))
            .one(&app.db).await.unwrap().unwrap();
        let admin_id = account::Entity::find().filter(account::Column::Email.eq(ADMIN)).one(&app.db).await.unwrap().unwrap().id;
        assert_eq!(row.actor_id, Some(admin_id));
        assert_eq!(row.subject_id, Some(ola_id));
        assert_eq!(row.detail.as_deref(), Some("learner → course_admin: Ny kursansvarlig for HMS"));

        // Without a query the page lists everyone with a role, Ola among them.
        let (_, staff) = app.call_as(&admin, "admin/people", &[("query", "")]).await;
        let names: Vec<&str> = staff.as_array().unwrap().iter().map(|p| p["full_name"].as_str().unwrap()).collect();
        assert!(names.contains(&"Ola Nordmann"), "{names:?}");
        assert!(staff.as_array().unwrap().iter().all(|p| p["role"] != "learner"));

        // Revoking: a learner again, at once.
        app.call_as(&admin, "admin/role", &[("account_id", id.as_str()), ("role", "learner"), ("reason", "Sluttet som kursansvarlig")]).await;
        let (status, _) = app.call_as(&ola, "admin/courses", &[("text", "")]).await;
        assert_eq!(status, 403);
    }

    async fn only_administrators_change_roles(app) {
        let ola_id = ola(&app).await.to_string();
        let anonymous = app.new_client();
        let form = [("account_id", ola_id.as_str()), ("role", "admin"), ("reason", "Jeg vil bli administrator")];
        let (status, _) = app.call_as(&anonymous, "admin/role", &form).await;
        assert_eq!(status, 401);
        for (email, password) in [("support@kursportal.test", "demo-passord-support"), ("kursadmin@kursportal.test", "demo-passord-kursadmin"), ("ola@eksempel.no", OLA_PASSWORD)] {
            let client = app.new_client();
            app.login_as(&client, email, password).await;
            let (status, body) = app.call_as(&client, "admin/role", &form).await;
            assert_eq!(status, 403, "{email}: {body}");
            let (status, _) = app.call_as(&client, "admin/people", &[("query", "")]).await;
            assert_eq!(status, 403, "{email} lists nobody");
        }
        assert_eq!(role_of(&app, ola_id.parse().unwrap()).await, "learner");
        assert_eq!(role_changes(&app).await, 0);
    }

    async fn bad_input_is_named_at_its_field_and_changes_nothing(app) {
        let ola_id = ola(&app).await;
        let id = ola_id.to_string();
        let admin = admin(&app).await;
        let (status, body) = app.call_as(&admin, "admin/role", &[("account_id", id.as_str()), ("role", "course_admin"), ("reason", "  ")]).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.to_string().contains("reason"), "{body}");
        let (status, body) = app.call_as(&admin, "admin/role", &[("account_id", id.as_str()), ("role", "keiser"), ("reason", "Fordi")]).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.to_string().contains("role"), "{body}");
        let long = "x".repeat(501);
        let (status, _) = app.call_as(&admin, "admin/role", &[("account_id", id.as_str()), ("role", "support"), ("reason", long.as_str())]).await;
        assert_eq!(status, 400);
        let (status, _) = app.call_as(&admin, "admin/role", &[("account_id", "999999"), ("role", "support"), ("reason", "Finnes ikke")]).await;
        assert_eq!(status, 404);
        let (status, _) = app.call_as(&admin, "admin/role", &[("account_id", "tolv"), ("role", "support"), ("reason", "Ikke et tall")]).await;
        assert_eq!(status, 400);
        assert_eq!(role_of(&app, ola_id).await, "learner");
        assert_eq!(role_changes(&app).await, 0);
        assert!(app.mails_to("ola@eksempel.no").await.is_empty());
    }

    async fn the_last_administrator_cannot_be_removed(app) {
        let admin = admin(&app).await;
        let admin_id = account::Entity::find().filter(account::Column::Email.eq(ADMIN)).one(&app.db).await.unwrap().unwrap().id.to_string();
        let (status, body) = app.call_as(&admin, "admin/role", &[("account_id", admin_id.as_str()), ("role", "support"), ("reason", "Gir meg selv mindre makt")]).await;
        assert_eq!(status, 409, "{body}");
        assert!(body.to_string().contains("minst én administrator"), "{body}");
        assert_eq!(role_of(&app, admin_id.parse().unwrap()).await, "admin");

        // With a second administrator the first may step down.
        let ola_id = ola(&app).await.to_string();
        let (status, _) = app.call_as(&admin, "admin/role", &[("account_id", ola_id.as_str()), ("role", "admin"), ("reason", "Stedfortreder")]).await;
        assert_eq!(status, 200);
        let (status, body) = app.call_as(&admin, "admin/role", &[("account_id", admin_id.as_str()), ("role", "support"), ("reason", "Overlater ansvaret")]).await;
        assert_eq!(status, 200, "{body}");
        let (status, _) = app.call_as(&admin, "admin/people", &[("query", "")]).await;
        assert_eq!(status, 403, "no longer an administrator, from the next request");
        assert_eq!(role_changes(&app).await, 2);
    }

    async fn the_roles_page_works_without_javascript(app) {
        let ola_id = ola(&app).await.to_string();
        let admin = admin(&app).await;
        let (status, html) = {
            let response = admin.get(app.url("/admin/brukere?q=ola")).send().await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap().replace("<!>", ""))
        };
        assert_eq!(status, 200);
        assert!(html.contains("Ola Nordmann"), "{html}");
        let response = crate::forms::post_as_page(&app, &admin, "admin/role", "/admin/brukere?q=ola",
            &[("account_id", ola_id.as_str()), ("role", "instructor"), ("reason", "")]).await;
        let html = response.text().await.unwrap().replace("<!>", "");
        assert!(html.contains("Skriv hvorfor rollen endres"), "the refusal is shown on the page: {html}");
        assert_eq!(role_of(&app, ola_id.parse().unwrap()).await, "learner");
        let response = crate::forms::post_as_page(&app, &admin, "admin/role", "/admin/brukere?q=ola",
            &[("account_id", ola_id.as_str()), ("role", "instructor"), ("reason", "Ny instruktør for varme arbeider")]).await;
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(role_of(&app, ola_id.parse().unwrap()).await, "instructor");
    }
}
