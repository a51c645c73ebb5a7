//! Enrolment and the waitlist under load: 200 people at once for 10 seats, then 50 at once
//! cancelling. Never more enrolled than seats; each freed seat goes to the first in line.

use crate::common::TestApp;
use chrono::{Duration, Utc};
use kursportal::{
    accounts::mails::Links,
    enrolment::{self, CANCELLED, ENROLLED, Enrolled, EnrolmentError, WAITLISTED},
    entity::{account, course, session},
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use std::collections::HashSet;

const SEATS: i32 = 10;
const PEOPLE: usize = 200;

/// A 10-seat session of a demo course, a week from now, deadline in three days.
async fn session_of_ten(app: &TestApp) -> i64 {
    let course = course::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .expect("demo courses");
    let now = Utc::now();
    session::ActiveModel {
        course_id: Set(course.id),
        starts_at: Set(now + Duration::days(7)),
        ends_at: Set(now + Duration::days(7) + Duration::hours(6)),
        place: Set("Oslo, Jernbanetorget 1".into()),
        instructor: Set(Some("Ingrid Instruktør".into())),
        capacity: Set(SEATS),
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

/// Learners without passwords: the test drives the domain directly, not the login.
async fn learners(app: &TestApp, count: usize) -> Vec<i64> {
    let mut ids = Vec::with_capacity(count);
    for i in 0..count {
        let row = account::ActiveModel {
            email: Set(Some(format!("deltaker{i}@eksempel.no"))),
            full_name: Set(format!("Deltaker {i}")),
            role: Set("learner".into()),
            created_at: Set(Utc::now()),
            activated_at: Set(Some(Utc::now())),
            session_generation: Set(0),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        ids.push(row.id);
    }
    ids
}

async fn rows(app: &TestApp, session_id: i64) -> Vec<enrolment::Model> {
    enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(session_id))
        .order_by_asc(enrolment::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
}

on_both_databases! {
    async fn two_hundred_at_once_for_ten_seats_then_fifty_cancel_at_once(app) {
        let session_id = session_of_ten(&app).await;
        let people = learners(&app, PEOPLE).await;

        let mut tasks = Vec::new();
        for &person in &people {
            let db = app.db.clone();
            tasks.push(tokio::spawn(async move {
                enrolment::enrol(&db, session_id, person, (None, None), Utc::now()).await
            }));
        }
        let mut seats = 0;
        let mut positions = HashSet::new();
        for task in tasks {
            match task.await.unwrap().expect("every enrolment is answered") {
                Enrolled::Seat => seats += 1,
                Enrolled::Waitlist { position } => {
                    positions.insert(position);
                }
            }
        }
        assert_eq!(seats, SEATS as usize, "exactly the seats");
        assert_eq!(positions.len(), PEOPLE - SEATS as usize, "every waiting person got their own place");
        assert_eq!(positions.iter().min(), Some(&1));
        assert_eq!(positions.iter().max(), Some(&((PEOPLE - SEATS as usize) as u64)));

        let all = rows(&app, session_id).await;
        assert_eq!(all.iter().filter(|r| r.status == ENROLLED).count(), SEATS as usize);
        let mut queue: Vec<&enrolment::Model> = all.iter().filter(|r| r.status == WAITLISTED).collect();
        queue.sort_by_key(|r| r.queued_at);
        let queue: Vec<i64> = queue.iter().map(|r| r.account_id).collect();
        assert_eq!(queue.len(), PEOPLE - SEATS as usize);

        // Asking twice changes nothing.
        let again = enrolment::enrol(&app.db, session_id, queue[0], (None, None), Utc::now()).await.unwrap();
        assert_eq!(again, Enrolled::Waitlist { position: 1 });

        // 50 cancel at once: all 10 seated and 40 from all over the queue.
        let seated: Vec<i64> = all.iter().filter(|r| r.status == ENROLLED).map(|r| r.account_id).collect();
        let leaving_queue: Vec<i64> = queue.iter().copied().skip(3).step_by(4).take(40).collect();
        let leaving: HashSet<i64> = seated.iter().chain(&leaving_queue).copied().collect();
        assert_eq!(leaving.len(), 50);
        let links = Links { public_url: app.address.clone(), support_email: "brukerstotte@kursportal.test".into() };
        let mut tasks = Vec::new();
        for &person in &leaving {
            let (db, mailer, links) = (app.db.clone(), app.mailer.clone(), links.clone());
            tasks.push(tokio::spawn(async move {
                enrolment::cancel(&db, &mailer, &links, session_id, person, Utc::now()).await
            }));
        }
        let mut promotions = Vec::new();
        for task in tasks {
            let cancelled = task.await.unwrap().expect("every cancellation is answered");
            promotions.extend(cancelled.promoted);
        }

        // The seats now belong to the first ten who stayed in the queue, in queue order.
        let stayed: Vec<i64> = queue.iter().copied().filter(|p| !leaving.contains(p)).collect();
        let expected: HashSet<i64> = stayed.iter().copied().take(SEATS as usize).collect();
        let after = rows(&app, session_id).await;
        let enrolled: HashSet<i64> = after.iter().filter(|r| r.status == ENROLLED).map(|r| r.account_id).collect();
        assert_eq!(enrolled, expected, "never overbooked, and the first in line got the seats");
        assert_eq!(after.iter().filter(|r| r.status == CANCELLED).count(), 50);
        // Each freed seat promoted exactly one person: the seated ten, plus any promoted
        // person who was cancelling at the same time.
        let promoted_then_left = promotions.iter().filter(|p| leaving.contains(p)).count();
        assert_eq!(promotions.len(), SEATS as usize + promoted_then_left);
        assert_eq!(promotions.iter().collect::<HashSet<_>>().len(), promotions.len(), "nobody promoted twice");
        for person in &expected {
            let mail = app.mails_to(&format!("deltaker{}@eksempel.no", people.iter().position(|p| p == person).unwrap())).await;
            assert_eq!(mail.iter().filter(|m| m.subject.starts_with("Du har fått plass")).count(), 1);
        }
        // The rest still wait, in their order, numbered from 1.
        let waiting: Vec<&enrolment::Model> = after.iter().filter(|r| r.status == WAITLISTED).collect();
        assert_eq!(waiting.len(), stayed.len() - SEATS as usize);
        let first_waiting = stayed[SEATS as usize];
        let row = after.iter().find(|r| r.account_id == first_waiting).unwrap();
        assert_eq!(enrolment::position(&app.db, row).await.unwrap(), 1);
    }

    async fn no_enrolment_after_the_deadline_or_in_a_cancelled_session(app) {
        let session_id = session_of_ten(&app).await;
        let people = learners(&app, 1).await;
        let late = Utc::now() + Duration::days(4);
        let outcome = enrolment::enrol(&app.db, session_id, people[0], (None, None), late).await;
        assert!(matches!(outcome, Err(EnrolmentError::DeadlinePassed)), "{outcome:?}");
        let mut active: session::ActiveModel = session::Entity::find_by_id(session_id).one(&app.db).await.unwrap().unwrap().into();
        active.cancelled_at = Set(Some(Utc::now()));
        active.update(&app.db).await.unwrap();
        let outcome = enrolment::enrol(&app.db, session_id, people[0], (None, None), Utc::now()).await;
        assert!(matches!(outcome, Err(EnrolmentError::Cancelled)), "{outcome:?}");
        assert!(rows(&app, session_id).await.is_empty(), "nothing stored");
    }
}

/// The first demo session (two seats) and its course code.
async fn small_demo_session(app: &TestApp) -> (i64, String) {
    let session = session::Entity::find()
        .filter(session::Column::Capacity.eq(2))
        .order_by_asc(session::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("the demo has a two-seat session");
    let course = course::Entity::find_by_id(session.course_id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    (session.id, course.code)
}

async fn signed_in_learner(app: &TestApp, email: &str) -> reqwest::Client {
    use app::accounts::types::Role;
    kursportal::accounts::service::create_with_password(
        &app.db,
        email,
        "Lise Lærling",
        Role::Learner,
        "et langt passord her".into(),
    )
    .await
    .unwrap();
    let client = app.new_client();
    app.login_as(&client, email, "et langt passord her").await;
    client
}

on_both_databases! {
    async fn learners_enrol_wait_and_move_up_through_the_api(app) {
        let (session_id, code) = small_demo_session(&app).await;
        let id = session_id.to_string();
        let (status, _) = app.call("enrolment/enrol", &[("session_id", &id)]).await;
        assert_eq!(status, 401, "only signed-in people enrol");

        let (_, sessions) = app.call("enrolment/sessions", &[("code", &code)]).await;
        let listed = sessions.as_array().unwrap().iter().find(|s| s["id"] == session_id).expect("listed");
        assert_eq!((listed["free_seats"].as_u64(), listed["capacity"].as_u64()), (Some(2), Some(2)));
        assert_eq!(listed["open"], true);

        let anna = signed_in_learner(&app, "anna@eksempel.no").await;
        let bo = signed_in_learner(&app, "bo@eksempel.no").await;
        let cato = signed_in_learner(&app, "cato@eksempel.no").await;
        assert_eq!(app.call_as(&anna, "enrolment/enrol", &[("session_id", &id)]).await.1["status"], "enrolled");
        assert_eq!(app.call_as(&bo, "enrolment/enrol", &[("session_id", &id)]).await.1["status"], "enrolled");
        let (_, cato_place) = app.call_as(&cato, "enrolment/enrol", &[("session_id", &id)]).await;
        assert_eq!((cato_place["status"].as_str(), cato_place["position"].as_u64()), (Some("waitlisted"), Some(1)));

        let (_, sessions) = app.call_as(&cato, "enrolment/sessions", &[("code", &code)]).await;
        let listed = sessions.as_array().unwrap().iter().find(|s| s["id"] == session_id).unwrap();
        assert_eq!((listed["free_seats"].as_u64(), listed["waiting"].as_u64()), (Some(0), Some(1)));
        assert_eq!(listed["mine"]["position"], 1);

        let (status, _) = app.call_as(&anna, "enrolment/cancel", &[("session_id", &id)]).await;
        assert_eq!(status, 200);
        let (_, mine) = app.call_as(&cato, "enrolment/mine", &[]).await;
        assert_eq!(mine[0]["session"]["mine"]["status"], "enrolled", "moved up: {mine}");
        assert_eq!(mine[0]["course_code"], code.as_str());
        let mail = app.mails_to("cato@eksempel.no").await;
        assert!(mail.iter().any(|m| m.subject.starts_with("Du har fått plass")), "{mail:?}");
        let (status, body) = app.call_as(&anna, "enrolment/cancel", &[("session_id", &id)]).await;
        assert_eq!(status, 409, "{body}");

        let (status, html) = app.get_html(&format!("/kurs/{code}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("Kursenheter") && html.contains("Ledige plasser"), "{html}");

        // Confirmation by mail, and the calendar file it links to.
        let anna_mail = app.mails_to("anna@eksempel.no").await;
        assert!(anna_mail.iter().any(|m| m.subject.starts_with("Påmelding bekreftet")), "{anna_mail:?}");
        let waited = app.mails_to("cato@eksempel.no").await;
        let waiting = waited.iter().find(|m| m.subject.starts_with("Du står på venteliste")).expect("a waitlist mail");
        assert!(waiting.body_text.contains("nr. 1"), "{}", waiting.body_text);
        assert!(waiting.body_text.contains(&format!("/kalender/kursenhet/{session_id}.ics")));
        assert!(
            waiting.attachment_body.as_deref().is_some_and(|ics| ics.contains(&format!("UID:kursenhet-{session_id}@"))),
            "the .ics is attached"
        );
        let ics = app.get(&format!("/kalender/kursenhet/{session_id}.ics")).await;
        assert_eq!(ics.status(), 200);
        assert!(ics.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
        let body = ics.text().await.unwrap();
        assert!(body.starts_with("BEGIN:VCALENDAR\r\n") && body.contains("BEGIN:VEVENT\r\n"), "{body}");
        assert!(body.contains(&format!("UID:kursenhet-{session_id}@127.0.0.1")), "{body}");
        assert!(body.contains("SUMMARY:") && body.contains(&code), "{body}");
        assert_eq!(app.get("/kalender/kursenhet/999999.ics").await.status(), 404);
    }
}
