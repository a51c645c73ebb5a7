//! The overview's counts summed by the database agree with the counts read person by person,
//! and with the status rules: held by best validity, started, overdue by the strictest deadline
//! of two requirements asking the same course, a path certificate, people outside the question.
use crate::common::TestApp;
use crate::competence::{ORG, token};
use crate::requirements::{ADMIN, OTHER_ORG, complete, count, employee, require, signed_in};
use chrono::{Duration, NaiveDate, Utc};
use kursportal::{
    competence::{
        clients::Scope,
        overview::{Question, Sight, counts},
        requirements::Rulebook,
    },
    entity::{course, follower, path, progress, requirement},
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::Value;
use std::collections::BTreeMap;

async fn made_long_ago(app: &TestApp, days: i64) {
    for row in requirement::Entity::find().all(&app.db).await.unwrap() {
        let mut row: requirement::ActiveModel = row.into();
        row.created_at = Set(Utc::now() - Duration::days(days));
        row.update(&app.db).await.unwrap();
    }
}

async fn follow(app: &TestApp, person: i64, completed: bool, valid_until: Option<NaiveDate>) {
    let grunn = path::Entity::find()
        .filter(path::Column::Code.eq("SPOR-GRUNN"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    follower::ActiveModel {
        path_id: Set(grunn.id),
        account_id: Set(person),
        created_at: Set(Utc::now() - Duration::days(10)),
        completed_at: Set(completed.then(Utc::now)),
        valid_until: Set(valid_until),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

/// The page's counts that are not zero.
fn counted(overview: &Value) -> BTreeMap<String, u64> {
    overview["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c[0].as_str().unwrap().to_string(), c[1].as_u64().unwrap()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

fn expected(counts: &[(&str, u64)]) -> BTreeMap<String, u64> {
    counts.iter().map(|(s, n)| (s.to_string(), *n)).collect()
}

on_both_databases! {
    async fn the_summed_counts_agree_with_every_person_read(app) {
        let hr = token(&app, &[Scope::EmployeesWrite]).await;
        let today = kursportal::common::time::today();
        let long_ago = today - Duration::days(400);
        let valid = employee(&app, &hr, "CNT1", "Anne Gyldig", "drift", ORG, long_ago).await;
        complete(&app, valid, Some(today + Duration::days(200)), "COUNTAAAA1", false).await;
        // The best of two completions counts; a revoked one never does.
        let expired = employee(&app, &hr, "CNT2", "Bjorn Utlopt", "drift", ORG, long_ago).await;
        complete(&app, expired, None, "COUNTAAAA2", true).await;
        complete(&app, expired, Some(today - Duration::days(3)), "COUNTAAAA3", false).await;
        complete(&app, expired, Some(today - Duration::days(30)), "COUNTAAAA4", false).await;
        // DRIFT's deadline is 30 days, the employer's 365: the strictest wins.
        let overdue = employee(&app, &hr, "CNT3", "Cecilie Sen", "drift", ORG, today - Duration::days(60)).await;
        let fresh = employee(&app, &hr, "CNT4", "Dag Ny", "lager", ORG, today - Duration::days(60)).await;
        let late = employee(&app, &hr, "CNT5", "Eli Gammel", "lager", ORG, long_ago).await;
        // Started again after an expired completion; e-learning opened before a valid one is not.
        let again = employee(&app, &hr, "CNT6", "Frode Igjen", "drift", ORG, long_ago).await;
        complete(&app, again, Some(today - Duration::days(1)), "COUNTAAAA5", false).await;
        let redone = employee(&app, &hr, "CNT7", "Gunn Ferdig", "drift", ORG, long_ago).await;
        let sik100 = course::Entity::find()
            .filter(course::Column::Code.eq("SIK-100"))
            .one(&app.db).await.unwrap().unwrap().id;
        for (person, at) in [(again, Utc::now()), (redone, Utc::now() - Duration::days(2))] {
            progress::ActiveModel {
                account_id: Set(person),
                course_id: Set(sik100),
                position: Set(1),
                furthest: Set(1),
                updated_at: Set(at),
            }.insert(&app.db).await.unwrap();
        }
        complete(&app, redone, Some(today + Duration::days(30)), "COUNTAAAA6", false).await;
        // Outside every requirement.
        employee(&app, &hr, "CNT8", "Hilde Annet", "sor", OTHER_ORG, long_ago).await;

        let admin = signed_in(&app, ADMIN).await;
        for form in [
            [("required", "SIK-100"), ("scope", "unit"), ("unit", "DRIFT"), ("deadline_days", "30")],
            [("required", "SIK-100"), ("scope", "employer"), ("employer", ORG), ("deadline_days", "365")],
            [("required", "SPOR-GRUNN"), ("scope", "unit"), ("unit", "DRIFT"), ("deadline_days", "")],
        ] {
            let (status, body) = require(&app, &admin, &form).await;
            assert_eq!(status, 200, "{body}");
        }
        made_long_ago(&app, 500).await;
        follow(&app, valid, true, None).await;
        follow(&app, expired, true, Some(today - Duration::days(1))).await;
        follow(&app, overdue, false, None).await;

        let book = Rulebook::load(&app.db).await.unwrap();
        let everything = Question::everything();
        let summed = counts::summed(&app.db, &book, &Sight::All, &everything, today).await.unwrap();
        let walked = counts::walked(&app.db, &book, &Sight::All, &everything, today).await.unwrap();
        assert_eq!(summed, walked, "everyone, every requirement");

        for unit in ["DRIFT", "LAGER"] {
            let filter = app::competence::types::OverviewFilter { unit: unit.into(), ..Default::default() };
            let question = Question::parse(&filter, &book, &Sight::All).unwrap();
            let summed = counts::summed(&app.db, &book, &Sight::All, &question, today).await.unwrap();
            let walked = counts::walked(&app.db, &book, &Sight::All, &question, today).await.unwrap();
            assert_eq!(summed, walked, "{unit}");
        }

        // Through the page. DRIFT: SIK-100 valid, expiring (e-learning opened before the
        // completion), expired (the best of two), overdue (30 days, not 365), in progress (opened
        // after an expired one); the path valid, expired, in progress, missing twice.
        let (status, overview) = app.call_get_as(&admin, "competence/overview", &[("unit", "DRIFT")]).await;
        assert_eq!(status, 200, "{overview}");
        assert_eq!(overview["people"], 5, "{overview}");
        assert_eq!(
            counted(&overview),
            expected(&[("valid", 2), ("expiring", 1), ("in_progress", 2), ("expired", 2), ("missing", 2), ("overdue", 1)]),
            "{overview}"
        );
        // LAGER: only the employer's 365 days, passed for the one there 400 days.
        let (_, lager) = app.call_get_as(&admin, "competence/overview", &[("unit", "LAGER")]).await;
        assert_eq!(counted(&lager), expected(&[("missing", 1), ("overdue", 1)]), "{lager}");
        assert_eq!(count(&lager, "valid"), 0);
        let (_, one) = app.call_get_as(&admin, "competence/overview", &[("unit", "DRIFT"), ("required", "path:SPOR-GRUNN")]).await;
        assert_eq!(counted(&one), expected(&[("valid", 1), ("in_progress", 1), ("expired", 1), ("missing", 2)]), "{one}");
        let _ = (fresh, late);
    }
}
