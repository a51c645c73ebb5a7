//! Learning paths over HTTP: a course administrator composes a path of mixed steps in
//! enforced order and assigns a learner; the training plan shows each step's state; an
//! e-learning completion and an instructor's sign-off move it on; the path completes when
//! every step is done, and its certificate is reminded of and expires like a course's. Learners cannot change paths or sign off, and nobody signs off a
//! step out of order.
use crate::common::{TestApp, registered_learner, synthetic_national_id};
use chrono::Duration;
use kursportal::accounts::mails::Links;
use kursportal::entity::course;
use kursportal::entity::{choice, question};
use kursportal::mail::Mailer;
use kursportal::{
    entity::follower,
    learning::{expiry, rules::LeadTimes},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

async fn staff(app: &TestApp, email: &str, password: &str) -> reqwest::Client {
    let client = app.new_client();
    app.login_as(&client, email, password).await;
    client
}

fn states(plan: &Value) -> Vec<String> {
    plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["state"]["state"].as_str().unwrap().to_string())
        .collect()
}

pub(crate) async fn pass_sik100(app: &TestApp, learner: &reqwest::Client) {
    let course = course::Entity::find()
        .filter(course::Column::Code.eq("SIK-100"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let questions = question::Entity::find()
        .filter(question::Column::CourseId.eq(course.id))
        .all(&app.db)
        .await
        .unwrap();
    let right: Vec<i64> = choice::Entity::find()
        .filter(choice::Column::QuestionId.is_in(questions.iter().map(|q| q.id).collect::<Vec<_>>()))
        .filter(choice::Column::Correct.eq(true))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .collect();
    let mut form = vec![("code".to_string(), "SIK-100".to_string())];
    for (i, id) in right.iter().enumerate() {
        form.push((format!("selected[{i}]"), id.to_string()));
    }
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, result) = app.call_as(learner, "elearning/submit", &pairs).await;
    assert_eq!(
        (status, result["passed"].as_bool()),
        (200, Some(true)),
        "{result}"
    );
}

on_both_databases! {
    async fn nobody_signs_off_their_own_steps(app) {
        let admin = staff(&app, "kursadmin@kursportal.test", "demo-passord-kursadmin").await;
        let (status, _) = app.call_as(&admin, "paths/save", &[("original_code", ""), ("form[code]", "PRAKSIS"), ("form[title]", "Praksis"), ("form[published]", "true")]).await;
        assert_eq!(status, 200);
        let (status, body) = app.call_as(&admin, "paths/add-step", &[("code", "PRAKSIS"), ("form[kind]", "practice"), ("form[title]", "Praksis på spor"), ("form[amount]", "10"), ("form[unit]", "hours")]).await;
        assert_eq!(status, 200, "{body}");
        let (status, _) = app.call_as(&admin, "paths/assign", &[("code", "PRAKSIS"), ("email", "instruktor@kursportal.test")]).await;
        assert_eq!(status, 200);
        let (_, view) = app.call_as(&admin, "paths/admin", &[("code", "PRAKSIS")]).await;
        let own = view["participants"][0]["account_id"].as_i64().unwrap().to_string();
        let step = view["participants"][0]["to_sign"][0][0].as_i64().unwrap().to_string();
        let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
        let instructor = staff(&app, "instruktor@kursportal.test", "demo-passord-instruktor").await;
        let (status, body) = app.call_as(&admin, "paths/add-instructor", &[("code", "PRAKSIS"), ("email", "instruktor@kursportal.test")]).await;
        assert_eq!(status, 200, "{body}");
        let (status, _) = app.call_as(&instructor, "paths/sign-off", &[("code", "PRAKSIS"), ("account_id", &own), ("step_id", &step), ("date", &today), ("comment", "")]).await;
        assert_eq!(status, 403, "an instructor does not sign off their own practice");
        let (status, body) = app.call_as(&admin, "paths/sign-off", &[("code", "PRAKSIS"), ("account_id", &own), ("step_id", &step), ("date", &today), ("comment", "")]).await;
        assert_eq!(status, 200, "someone else does: {body}");
    }

    async fn a_path_of_mixed_steps_advances_and_completes(app) {
        let admin = staff(&app, "kursadmin@kursportal.test", "demo-passord-kursadmin").await;
        let learner = registered_learner(&app, "petra@eksempel.no", "full_catalogue", &synthetic_national_id(81)).await;

        // Learners cannot create paths.
        let (status, _) = app.call_as(&learner, "paths/save", &[("original_code", ""), ("form[code]", "X"), ("form[title]", "X")]).await;
        assert_eq!(status, 403);
        let (status, body) = app.call_as(&admin, "paths/save", &[("original_code", ""), ("form[code]", "ø"), ("form[title]", ""), ("form[validity_months]", "evig")]).await;
        assert_eq!(status, 400);
        assert_eq!(body["fields"].as_array().unwrap().len(), 3, "{body}");
        let (status, code) = app.call_as(&admin, "paths/save", &[("original_code", ""), ("form[code]", "hsv-lop"), ("form[title]", "Opplæringsløp hovedsikkerhetsvakt"), ("form[description]", "Alt som skal til."), ("form[enforce_order]", "true"), ("form[published]", "true"), ("form[validity_months]", "24")]).await;
        assert_eq!((status, code.as_str()), (200, Some("HSV-LOP")), "{code}");
        let (status, _) = app.call_as(&admin, "paths/save", &[("original_code", ""), ("form[code]", "HSV-LOP"), ("form[title]", "Igjen")]).await;
        assert_eq!(status, 409, "codes are unique");

        // Steps: e-learning, classroom, practice (hours), practical exam.
        for form in [
            vec![("form[kind]", "e_learning"), ("form[course_code]", "SIK-100")],
            vec![("form[kind]", "classroom"), ("form[course_code]", "SIK-200")],
            vec![("form[kind]", "practice"), ("form[title]", "Praksis som sikkerhetsvakt"), ("form[amount]", "40"), ("form[unit]", "hours")],
            vec![("form[kind]", "practical_exam"), ("form[course_code]", "SIK-220")],
        ] {
            let mut form = form;
            form.push(("code", "HSV-LOP"));
            let (status, body) = app.call_as(&admin, "paths/add-step", &form).await;
            assert_eq!(status, 200, "{body}");
        }
        let (status, body) = app.call_as(&admin, "paths/add-step", &[("code", "HSV-LOP"), ("form[kind]", "classroom"), ("form[course_code]", "FINNES-IKKE")]).await;
        assert_eq!((status, body["fields"][0]["field"].as_str()), (400, Some("course_code")), "{body}");

        // Assigned by the administrator; the plan shows what is left.
        let (status, _) = app.call_as(&admin, "paths/assign", &[("code", "HSV-LOP"), ("email", "petra@eksempel.no")]).await;
        assert_eq!(status, 200);
        let (status, _) = app.call_as(&admin, "paths/assign", &[("code", "HSV-LOP"), ("email", "petra@eksempel.no")]).await;
        assert_eq!(status, 409);
        let (status, plan) = app.call_as(&learner, "paths/plan", &[("code", "hsv-lop")]).await;
        assert_eq!(status, 200, "{plan}");
        assert_eq!(states(&plan), ["open", "locked", "locked", "locked"]);
        assert_eq!(plan["steps"][2]["requirement"], "40 timer");
        assert!(!plan["steps"][1]["sessions"].as_array().unwrap().is_empty(), "the classroom step lists sessions to choose from");
        assert_eq!(plan["done"], 0);

        // Out of order: the practice step cannot be signed off yet; learners never sign off.
        let (_, admin_view) = app.call_as(&admin, "paths/admin", &[("code", "HSV-LOP")]).await;
        let petra = admin_view["participants"][0]["account_id"].as_i64().unwrap().to_string();
        let practice = plan["steps"][2]["id"].as_i64().unwrap().to_string();
        let exam = plan["steps"][3]["id"].as_i64().unwrap().to_string();
        let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
        let instructor = staff(&app, "instruktor@kursportal.test", "demo-passord-instruktor").await;
        // An instructor not named on the path neither sees its people nor signs off for them.
        let (status, _) = app.call_as(&instructor, "paths/admin", &[("code", "HSV-LOP")]).await;
        assert_eq!(status, 403, "not named on the path");
        let (status, list) = app.call_as(&instructor, "paths/admin-list", &[]).await;
        assert_eq!((status, list.as_array().map(Vec::len)), (200, Some(0)), "{list}");
        let (status, _) = app.call_as(&instructor, "paths/sign-off", &[("code", "HSV-LOP"), ("account_id", &petra), ("step_id", &practice), ("date", &today), ("comment", "")]).await;
        assert_eq!(status, 403);
        // The course administrator names instructors, and only instructors.
        let (status, body) = app.call_as(&admin, "paths/add-instructor", &[("code", "HSV-LOP"), ("email", "petra@eksempel.no")]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("email")), "a learner is no instructor: {body}");
        let (status, _) = app.call_as(&instructor, "paths/add-instructor", &[("code", "HSV-LOP"), ("email", "instruktor@kursportal.test")]).await;
        assert_eq!(status, 403, "instructors do not name themselves");
        let (status, body) = app.call_as(&admin, "paths/add-instructor", &[("code", "HSV-LOP"), ("email", "instruktor@kursportal.test")]).await;
        assert_eq!(status, 200, "{body}");
        let (status, _) = app.call_as(&admin, "paths/add-instructor", &[("code", "HSV-LOP"), ("email", "instruktor@kursportal.test")]).await;
        assert_eq!(status, 409, "named once");
        let (_, view) = app.call_as(&instructor, "paths/admin", &[("code", "HSV-LOP")]).await;
        assert_eq!(view["instructors"][0]["email"], "instruktor@kursportal.test", "{view}");
        assert_eq!(view["can_edit"], false);
        let (_, list) = app.call_as(&instructor, "paths/admin-list", &[]).await;
        assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
        let (status, body) = app.call_as(&instructor, "paths/sign-off", &[("code", "HSV-LOP"), ("account_id", &petra), ("step_id", &practice), ("date", &today), ("comment", "")]).await;
        assert_eq!(status, 409, "{body}");
        let (status, _) = app.call_as(&learner, "paths/sign-off", &[("code", "HSV-LOP"), ("account_id", &petra), ("step_id", &practice), ("date", &today)]).await;
        assert_eq!(status, 403);

        // The e-learning is passed: step 1 done, step 2 open.
        pass_sik100(&app, &learner).await;
        let (_, plan) = app.call_as(&learner, "paths/plan", &[("code", "HSV-LOP")]).await;
        assert_eq!(states(&plan), ["done", "open", "locked", "locked"]);

        // The classroom step is done by a result recorded for a session (completion of SIK-200).
        let sik200 = course::Entity::find().filter(course::Column::Code.eq("SIK-200")).one(&app.db).await.unwrap().unwrap();
        let person = kursportal::entity::account::Entity::find().filter(kursportal::entity::account::Column::Email.eq("petra@eksempel.no")).one(&app.db).await.unwrap().unwrap();
        use sea_orm::{ActiveModelTrait, Set};
        kursportal::entity::completion::ActiveModel {
            account_id: Set(person.id),
            course_id: Set(sik200.id),
            enrolment_id: Set(None),
            completed_on: Set(chrono::Utc::now().date_naive()),
            result: Set("Bestått".into()),
            score: Set(None),
            source: Set("import".into()),
            valid_until: Set(None),
            expired_at: Set(None),
            certificate_code: Set("KKKKKMMMMM".into()),
            revoked_at: Set(None),
            revoked_reason: Set(None),
            recorded_by: Set(None),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        let (_, plan) = app.call_as(&learner, "paths/plan", &[("code", "HSV-LOP")]).await;
        assert_eq!(states(&plan), ["done", "done", "open", "locked"]);

        // Signed off with date and comment; a date in the future is refused.
        let tomorrow = (chrono::Utc::now() + chrono::Duration::days(2)).format("%Y-%m-%d").to_string();
        let (status, body) = app.call_as(&instructor, "paths/sign-off", &[("code", "HSV-LOP"), ("account_id", &petra), ("step_id", &practice), ("date", &tomorrow)]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("date")), "{body}");
        let (status, body) = app.call_as(&instructor, "paths/sign-off", &[("code", "HSV-LOP"), ("account_id", &petra), ("step_id", &practice), ("date", &today), ("comment", "42 timer på Drammenbanen")]).await;
        assert_eq!(status, 200, "{body}");
        let (status, _) = app.call_as(&instructor, "paths/sign-off", &[("code", "HSV-LOP"), ("account_id", &petra), ("step_id", &practice), ("date", &today)]).await;
        assert_eq!(status, 409, "signed once");
        let (_, plan) = app.call_as(&learner, "paths/plan", &[("code", "HSV-LOP")]).await;
        assert_eq!(states(&plan), ["done", "done", "done", "open"]);
        assert!(plan["steps"][2]["state"]["detail"].as_str().unwrap().contains("42 timer på Drammenbanen"));
        assert!(plan["completed_on"].is_null());

        let (status, _) = app.call_as(&instructor, "paths/sign-off", &[("code", "HSV-LOP"), ("account_id", &petra), ("step_id", &exam), ("date", &today), ("comment", "Bestått praktisk prøve")]).await;
        assert_eq!(status, 200);
        let (_, plan) = app.call_as(&learner, "paths/plan", &[("code", "HSV-LOP")]).await;
        assert_eq!(plan["done"], 4);
        assert!(plan["completed_on"].is_string(), "every step done: the path is complete");

        // Taken off the path, the instructor no longer sees it.
        let instructor_id = view["instructors"][0]["account_id"].as_i64().unwrap().to_string();
        let (status, body) = app.call_as(&admin, "paths/remove-instructor", &[("code", "HSV-LOP"), ("account_id", &instructor_id)]).await;
        assert_eq!(status, 200, "{body}");
        let (status, _) = app.call_as(&instructor, "paths/admin", &[("code", "HSV-LOP")]).await;
        assert_eq!(status, 403);
        let (status, _) = app.call_as(&admin, "paths/remove-instructor", &[("code", "HSV-LOP"), ("account_id", &instructor_id)]).await;
        assert_eq!(status, 404);

        // The completed path is a completion with a certificate of its own, valid for 24 months.
        let code = plan["certificate_code"].as_str().expect("a certificate for the path").to_string();
        let (_, history) = app.call_as(&learner, "learning/history", &[]).await;
        let row = history.as_array().unwrap().iter().find(|r| r["code"] == code.as_str()).expect("the path in «Historikk»");
        assert_eq!(row["course_title"], "Opplæringsløp hovedsikkerhetsvakt");
        assert_eq!(row["href"], "/opplaeringsplan/HSV-LOP");
        let until = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Oslo).date_naive().checked_add_months(chrono::Months::new(24)).unwrap();
        assert_eq!(row["valid_until"], until.format("%d.%m.%Y").to_string());
        assert_eq!(app.call("learning/verify", &[("code", &code)]).await.1["status"], "valid");
        let (status, sheet) = app.call_as(&learner, "learning/certificate", &[("code", &code)]).await;
        assert_eq!((status, sheet["result"].as_str()), (200, Some("Opplæringsløp fullført")), "{sheet}");

        // Reminders before the path's certificate expires: the clock driven over its last
        // 100 days by two instances at once; 90, 30 and 7 days before, once each, linking the plan.
        let links = Links { public_url: "https://kurs.example.no".into(), support_email: "support@kursportal.test".into() };
        let (one, two) = (Mailer::new(), Mailer::new());
        let leads = LeadTimes::default();
        let mut day = until - Duration::days(100);
        while day <= until {
            let (a, b) = tokio::join!(
                expiry::send_reminders(&app.db, &one, &links, &leads, day),
                expiry::send_reminders(&app.db, &two, &links, &leads, day),
            );
            a.unwrap();
            b.unwrap();
            day += Duration::days(1);
        }
        let subject = format!("Kursbeviset ditt for «Opplæringsløp hovedsikkerhetsvakt» utløper {}", until.format("%d.%m.%Y"));
        let mails: Vec<_> = app.mails_to("petra@eksempel.no").await.into_iter().filter(|m| m.subject == subject).collect();
        assert_eq!(mails.len(), 3, "90, 30 and 7 days before, once each");
        assert!(mails[0].body_text.contains("https://kurs.example.no/opplaeringsplan/HSV-LOP"), "{}", mails[0].body_text);
        let marked = || async {
            follower::Entity::find().filter(follower::Column::CertificateCode.is_not_null()).one(&app.db).await.unwrap().unwrap().expired_at.is_some()
        };
        expiry::mark_expired(&app.db, until).await.unwrap();
        assert!(!marked().await, "valid through its last day");
        assert_eq!(app.call("learning/verify", &[("code", &code)]).await.1["status"], "valid");
        expiry::mark_expired(&app.db, until + Duration::days(1)).await.unwrap();
        assert!(marked().await, "marked expired the day after");
        assert_eq!(app.call("learning/verify", &[("code", &code)]).await.1["status"], "expired");

        let (status, _) = app.call_as(&admin, "learning/revoke", &[("code", &code), ("reason", "Feil registrert")]).await;
        assert_eq!(status, 200);
        assert_eq!(app.call("learning/verify", &[("code", &code)]).await.1["status"], "revoked");
        let logged = kursportal::audit::Entity::find().filter(kursportal::audit::Column::Action.eq("path.completed")).all(&app.db).await.unwrap();
        assert_eq!(logged.len(), 1, "completed once");

        // Another learner joins by themselves and sees the path from the start.
        let other = registered_learner(&app, "ola@eksempel.no", "full_catalogue", &synthetic_national_id(82)).await;
        let (status, _) = app.call_as(&other, "paths/plan", &[("code", "HSV-LOP")]).await;
        assert_eq!(status, 404, "not following it yet");
        let (_, list) = app.call_as(&other, "paths/list", &[]).await;
        assert_eq!(list[0]["mine"], false);
        let (status, _) = app.call_as(&other, "paths/join", &[("code", "HSV-LOP")]).await;
        assert_eq!(status, 200);
        let (_, plan) = app.call_as(&other, "paths/plan", &[("code", "HSV-LOP")]).await;
        assert_eq!(states(&plan), ["open", "locked", "locked", "locked"]);
    }
}
