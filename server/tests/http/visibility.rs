//! «Gratis e-læring» users never see a course with a price: not in lists, counts, search,
//! sessions, by direct address, nor by enrolling through a session id.
use crate::common;

use crate::common::{TestApp, codes};
use kursportal::entity::{course, session};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// A learner of `user_type`, registered, activated and signed in on a new client.
async fn learner(app: &TestApp, email: &str, user_type: &str, national_id: &str) -> reqwest::Client {
    common::registered_learner(app, email, user_type, national_id).await
}

on_both_databases! {
    async fn free_elearning_users_never_reach_a_paid_course(app) {
        let paid = course::Entity::find()
            .filter(course::Column::PriceNok.gt(0))
            .order_by_asc(course::Column::Id)
            .one(&app.db).await.unwrap().expect("a paid demo course");
        let session = session::Entity::find()
            .filter(session::Column::CourseId.eq(paid.id))
            .one(&app.db).await.unwrap().expect("a session of it");
        let free = learner(&app, "gratis@eksempel.no", "free_elearning", "15038510190").await;
        let full = learner(&app, "full@eksempel.no", "full_catalogue", "01019010046").await;

        // The full-catalogue learner (and an anonymous visitor) sees it.
        let (_, all) = app.call_as(&full, "catalogue/courses", &[("page", "1"), ("text", &paid.code)]).await;
        assert_eq!(codes(&all), vec![paid.code.clone()]);
        assert_eq!(all["free_only"], false);
        let (status, _) = app.call("catalogue/course", &[("code", &paid.code)]).await;
        assert_eq!(status, 200);

        // The free learner does not: search, list, counts, page, sessions, enrolment.
        let (_, found) = app.call_as(&free, "catalogue/courses", &[("page", "1"), ("text", &paid.code)]).await;
        assert_eq!(codes(&found), Vec::<String>::new());
        assert_eq!(found["free_only"], true, "the page can tell them why");
        let suggest = |client: &reqwest::Client| {
            let url = app.url(&format!("/api/catalogue/suggest?text={}", paid.code));
            let client = client.clone();
            async move { client.get(url).send().await.unwrap().json::<serde_json::Value>().await.unwrap() }
        };
        assert_eq!(suggest(&full).await[0]["code"], paid.code.as_str(), "suggested to others");
        assert!(
            suggest(&free).await.as_array().unwrap().iter().all(|s| s["code"] != paid.code.as_str()),
            "never suggested to a free learner"
        );
        let (_, listed) = app.call_as(&free, "catalogue/courses", &[("page", "1")]).await;
        let (_, listed_all) = app.call_as(&full, "catalogue/courses", &[("page", "1")]).await;
        assert!(listed["total"].as_u64() < listed_all["total"].as_u64());
        for page in 1..=listed["total"].as_u64().unwrap().div_ceil(12) {
            let (_, p) = app.call_as(&free, "catalogue/courses", &[("page", &page.to_string())]).await;
            for c in p["courses"].as_array().unwrap() {
                assert!(c["price_nok"].is_null() || c["price_nok"] == 0, "{c}");
            }
        }
        let (_, tree_free) = app.call_as(&free, "catalogue/categories", &[]).await;
        let (_, tree_full) = app.call_as(&full, "catalogue/categories", &[]).await;
        let total = |tree: &serde_json::Value| tree.as_array().unwrap().iter().map(|n| n["course_count"].as_u64().unwrap()).sum::<u64>();
        assert!(total(&tree_free) < total(&tree_full), "counts leave paid courses out");
        let (status, _) = app.call_as(&free, "catalogue/course", &[("code", &paid.code)]).await;
        assert_eq!(status, 404, "not by direct address either");
        let (status, _) = app.call_as(&free, "enrolment/sessions", &[("code", &paid.code)]).await;
        assert_eq!(status, 404);
        let (status, _) = app.call_as(&free, "enrolment/enrol", &[("session_id", &session.id.to_string())]).await;
        assert_eq!(status, 404, "nor by enrolling with the session id");
        let ics = free.get(app.url(&format!("/kalender/kursenhet/{}.ics", session.id))).send().await.unwrap();
        assert_eq!(ics.status(), 404, "nor its calendar file");
        let (status, _) = app.call_as(&full, "enrolment/enrol", &[("session_id", &session.id.to_string())]).await;
        assert_eq!(status, 200);
        let ics = full.get(app.url(&format!("/kalender/kursenhet/{}.ics", session.id))).send().await.unwrap();
        assert_eq!(ics.status(), 200);
    }
}
