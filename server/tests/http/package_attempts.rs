//! The attempts at a package as course administrators see them: the list with status, score,
//! time spent and last activity, one attempt with its answers, the CSV, and resetting an
//! attempt (audited; the learner starts again). Learners see none of it.
use crate::{
    common::{registered_learner, synthetic_national_id},
    package_player::{KURSADMIN, commit, frame, with_golf_12},
};
use kursportal::entity::{audit_log, elearning_package_attempt as attempt};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

on_both_databases! {
    async fn a_course_administrator_sees_each_attempt_with_its_answers_exports_and_resets_it(app) {
        with_golf_12(&app).await;
        let learner = registered_learner(&app, "pia@eksempel.no", "full_catalogue", &synthetic_national_id(91)).await;
        let player = frame(&app, &learner).await;
        let (status, _) = commit(&app, &player, json!({
            "session": "s", "elapsed": 125.0,
            "cmi": {"core": {"lesson_status": "failed", "score": {"raw": "40", "max": "100"}, "exit": "suspend"},
                    "interactions": {"0": {"id": "Q1", "type": "choice", "student_response": "b",
                                           "correct_responses": {"0": {"pattern": "a"}}, "result": "wrong"}}},
        })).await;
        assert_eq!(status, 200);

        let admin = app.new_client();
        app.login_as(&admin, KURSADMIN.0, KURSADMIN.1).await;
        let (status, lines) = app.call_as(&admin, "elearning/package-attempts", &[("code", "sik-100")]).await;
        assert_eq!(status, 200, "{lines}");
        let line = &lines[0];
        assert_eq!((&line["email"], &line["status"], &line["score"], &line["time_spent"]),
                   (&json!("pia@eksempel.no"), &json!("failed"), &json!(40), &json!("0:02:05")));
        let id = line["id"].as_i64().unwrap().to_string();
        let (status, detail) = app.call_as(&admin, "elearning/package-attempt", &[("code", "SIK-100"), ("id", &id)]).await;
        assert_eq!(status, 200, "{detail}");
        let answer = &detail["scos"][0]["interactions"][0];
        assert_eq!((&answer["id"], &answer["response"], &answer["correct"], &answer["result"]),
                   (&json!("Q1"), &json!("b"), &json!("a"), &json!("wrong")));
        let page = admin.get(app.url(&format!("/admin/kurs/SIK-100/forsok?vis={id}"))).send().await.unwrap();
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("pia@eksempel.no") && html.contains("Q1"), "the page lists the attempt and its answers");
        let csv = admin.get(app.url("/admin/kurs/SIK-100/forsok.csv")).send().await.unwrap();
        assert_eq!(csv.status(), 200);
        let csv = csv.text().await.unwrap();
        assert!(csv.lines().nth(1).unwrap().contains(r#""pia@eksempel.no";"1";"failed";"40";"0:02:05""#), "{csv}");

        // A learner sees none of it, and cannot reset.
        let (status, _) = app.call_as(&learner, "elearning/package-attempts", &[("code", "SIK-100")]).await;
        assert_eq!(status, 403);
        let (status, _) = app.call_as(&learner, "elearning/reset-attempt", &[("code", "SIK-100"), ("id", &id)]).await;
        assert_eq!(status, 403);
        assert_eq!(learner.get(app.url("/admin/kurs/SIK-100/forsok.csv")).send().await.unwrap().status(), 403);

        // Reset: gone, audited, and the learner's next launch is a new attempt.
        let (status, _) = app.call_as(&admin, "elearning/reset-attempt", &[("code", "SIK-100"), ("id", &id)]).await;
        assert!(status == 200 || status == 302 || status == 303, "{status}");
        assert_eq!(attempt::Entity::find().count(&app.db).await.unwrap(), 0);
        let audited = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("elearning.package_attempt_reset"))
            .count(&app.db).await.unwrap();
        assert_eq!(audited, 1);
        let again = frame(&app, &learner).await;
        assert_ne!(again, player);
        let (status, _) = app.call_as(&admin, "elearning/package-attempt", &[("code", "SIK-100"), ("id", &id)]).await;
        assert_eq!(status, 404);
    }
}
