//! «E-post som ikke kom fram»: support and administrators see mail that used up its attempts,
//! send it again or discard it (audited); `/metrics` and «Administrasjon» count it.
use crate::common::TestApp;
use kursportal::{
    audit,
    mail::{
        Mailer, OutgoingMail,
        outbox::{self, STATUS_DISCARDED, STATUS_FAILED, STATUS_PENDING},
    },
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Expr};

/// A message that failed twelve times, as the worker leaves it.
async fn failed(app: &TestApp, to: &str) -> i64 {
    let mail = OutgoingMail {
        to: to.into(),
        subject: "Aktiver brukeren din".into(),
        body_text: "Hei".into(),
        attachment: None,
    };
    let id = Mailer::new()
        .enqueue(&app.db, mail)
        .await
        .unwrap()
        .expect("queued");
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(STATUS_FAILED))
        .col_expr(outbox::Column::Attempts, Expr::value(12))
        .col_expr(
            outbox::Column::LastError,
            Expr::value("550 5.1.1 mailbox unavailable"),
        )
        .filter(outbox::Column::Id.eq(id))
        .exec(&app.db)
        .await
        .unwrap();
    id
}

async fn status(app: &TestApp, id: i64) -> String {
    outbox::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .status
}

async fn audited(app: &TestApp, action: &str) -> u64 {
    audit::Entity::find()
        .filter(audit::Column::Action.eq(action))
        .count(&app.db)
        .await
        .unwrap()
}

async fn signed_in(app: &TestApp, email: &str, password: &str) -> reqwest::Client {
    let client = app.new_client();
    app.login_as(&client, email, password).await;
    client
}

on_both_databases! {
    async fn support_sends_a_failed_message_again_or_discards_it(app) {
        let first = failed(&app, "skrivefeil@eksempel.no").await;
        let second = failed(&app, "borte@eksempel.no").await;
        let support = signed_in(&app, "support@kursportal.test", "demo-passord-support").await;
        let (status_code, list) = app.call_as(&support, "admin/failed-mail", &[]).await;
        assert_eq!(status_code, 200, "{list}");
        let listed: Vec<&str> = list.as_array().unwrap().iter().map(|m| m["recipient"].as_str().unwrap()).collect();
        assert!(listed.contains(&"skrivefeil@eksempel.no") && listed.contains(&"borte@eksempel.no"), "{listed:?}");
        assert_eq!(list[0]["last_error"], "550 5.1.1 mailbox unavailable");
        assert_eq!(list[0]["attempts"], 12);

        let (_, overview) = app.call_as(&support, "admin/overview", &[]).await;
        assert_eq!(overview["failed_mail"], 2);

        let id = first.to_string();
        let (code, body) = app.call_as(&support, "admin/failed-mail/settle", &[("id", id.as_str()), ("action", "retry")]).await;
        assert_eq!(code, 200, "{body}");
        assert_eq!(status(&app, first).await, STATUS_PENDING);
        let row = outbox::Entity::find_by_id(first).one(&app.db).await.unwrap().unwrap();
        assert_eq!(row.attempts, 0, "a fresh set of attempts");
        let (code, _) = app.call_as(&support, "admin/failed-mail/settle", &[("id", id.as_str()), ("action", "retry")]).await;
        assert_eq!(code, 409, "only once");

        let id = second.to_string();
        let (code, _) = app.call_as(&support, "admin/failed-mail/settle", &[("id", id.as_str()), ("action", "discard")]).await;
        assert_eq!(code, 200);
        assert_eq!(status(&app, second).await, STATUS_DISCARDED);
        assert_eq!(audited(&app, "mail.retried").await, 1);
        assert_eq!(audited(&app, "mail.discarded").await, 1);
        let (_, list) = app.call_as(&support, "admin/failed-mail", &[]).await;
        assert!(list.as_array().unwrap().iter().all(|m| m["id"] != first && m["id"] != second));
    }

    async fn others_cannot_and_bad_input_changes_nothing(app) {
        let id = failed(&app, "skrivefeil@eksempel.no").await.to_string();
        let anonymous = app.new_client();
        let (code, _) = app.call_as(&anonymous, "admin/failed-mail", &[]).await;
        assert_eq!(code, 401);
        for (email, password) in [("kursadmin@kursportal.test", "demo-passord-kursadmin"), ("deltaker@kursportal.test", "demo-passord-deltaker")] {
            let client = signed_in(&app, email, password).await;
            let (code, _) = app.call_as(&client, "admin/failed-mail", &[]).await;
            assert_eq!(code, 403, "{email}");
            let (code, _) = app.call_as(&client, "admin/failed-mail/settle", &[("id", id.as_str()), ("action", "retry")]).await;
            assert_eq!(code, 403, "{email}");
        }
        let (code, _) = app.call_as(&signed_in(&app, "deltaker@kursportal.test", "demo-passord-deltaker").await, "admin/overview", &[]).await;
        assert_eq!(code, 403, "learners have no administration");
        let admin = signed_in(&app, "admin@kursportal.test", "demo-passord-admin").await;
        let (code, body) = app.call_as(&admin, "admin/failed-mail/settle", &[("id", id.as_str()), ("action", "slett")]).await;
        assert_eq!(code, 400, "{body}");
        assert!(body.to_string().contains("action"), "{body}");
        let (code, _) = app.call_as(&admin, "admin/failed-mail/settle", &[("id", "987654"), ("action", "retry")]).await;
        assert_eq!(code, 404);
        assert_eq!(status(&app, id.parse().unwrap()).await, STATUS_FAILED);
        assert_eq!(audited(&app, "mail.retried").await + audited(&app, "mail.discarded").await, 0);
    }

    async fn metrics_count_the_outbox(app) {
        failed(&app, "skrivefeil@eksempel.no").await;
        let body = app.client.get(app.url("/metrics")).bearer_auth(crate::common::METRICS_TOKEN).send().await.unwrap().text().await.unwrap();
        assert!(body.contains("kursportal_mail_outbox_failed 1"), "{body}");
        assert!(body.contains("kursportal_mail_outbox_pending "), "{body}");
    }

    async fn the_failed_mail_page_works_without_javascript(app) {
        let id = failed(&app, "skrivefeil@eksempel.no").await.to_string();
        let admin = signed_in(&app, "admin@kursportal.test", "demo-passord-admin").await;
        let html = admin.get(app.url("/admin/e-post")).send().await.unwrap().text().await.unwrap().replace("<!>", "");
        assert!(html.contains("skrivefeil@eksempel.no") && html.contains("550 5.1.1"), "{html}");
        let home = admin.get(app.url("/admin")).send().await.unwrap().text().await.unwrap().replace("<!>", "");
        assert!(home.contains("Venter på en person: 1"), "{home}");
        let response = crate::forms::post_as_page(&app, &admin, "admin/failed-mail/settle", "/admin/e-post", &[("id", id.as_str()), ("action", "discard")]).await;
        assert_eq!(response.status().as_u16(), 200);
        let html = response.text().await.unwrap().replace("<!>", "");
        assert!(!html.contains("skrivefeil@eksempel.no"), "gone from the list: {html}");
        assert_eq!(status(&app, id.parse().unwrap()).await, STATUS_DISCARDED);
    }
}
