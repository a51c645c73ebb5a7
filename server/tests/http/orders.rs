//! Priced online courses over HTTP: a priced e-learning course opens in the player only once
//! ordered (or given on an assigned learning path), a written exam only with a seat at one of
//! its sessions; a refused order changes nothing; the order names whom to invoice and whether
//! the employer confirmed, and course administrators export the orders for invoicing.
use crate::common::{TestApp, registered_learner, synthetic_national_id};
use kursportal::entity::order;
use sea_orm::{EntityTrait, PaginatorTrait};

/// SIG-100: an e-learning course with a price in the demo catalogue.
const PRICED: &str = "SIG-100";
/// SIK-210: a written exam with dated sessions.
const EXAM: &str = "SIK-210";

async fn staff(app: &TestApp, email: &str, password: &str) -> reqwest::Client {
    let client = app.new_client();
    app.login_as(&client, email, password).await;
    client
}

/// The status of each way into the player: the course, a lesson and the quiz.
async fn player_statuses(app: &TestApp, client: &reqwest::Client, code: &str) -> [u16; 3] {
    [
        app.call_as(client, "elearning/player", &[("code", code)]).await.0,
        app.call_as(client, "elearning/lesson", &[("code", code), ("position", "0")])
            .await
            .0,
        app.call_as(client, "elearning/submit", &[("code", code)]).await.0,
    ]
}

on_both_databases! {
    async fn a_priced_elearning_course_opens_once_ordered(app) {
        let learner = registered_learner(&app, "ola@eksempel.no", "full_catalogue", &synthetic_national_id(81)).await;
        let (status, access) = app.call_as(&learner, "elearning/access", &[("code", PRICED)]).await;
        assert_eq!(status, 200, "{access}");
        let terms = &access["Order"];
        assert!(terms["price_nok"].as_u64().unwrap() > 0, "{access}");
        assert!(terms["employer"].as_str().unwrap().contains("Nordlys"), "{access}");
        assert_eq!(terms["employer_confirmed"], false, "chosen by the learner, not confirmed by the employer");
        assert_eq!(player_statuses(&app, &learner, PRICED).await, [403, 403, 403], "no order, no course");
        // Nor its lesson images.
        let admin = staff(&app, "kursadmin@kursportal.test", "demo-passord-kursadmin").await;
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        let form = reqwest::multipart::Form::new().part("image", reqwest::multipart::Part::bytes(png).file_name("signal.png"));
        let response = admin.post(app.url("/admin/kurs/SIG-100/bilder")).header("Origin", app.address.clone()).multipart(form).send().await.unwrap();
        let location = response.headers()["location"].to_str().unwrap().to_string();
        let image = app.url(&format!("/media/{}", location.split("bilde=").nth(1).expect(&location)));
        assert_eq!(learner.get(&image).send().await.unwrap().status(), 404);

        // A refused order changes nothing.
        let long = "x".repeat(101);
        let (status, body) = app.call_as(&learner, "elearning/order", &[("code", PRICED), ("invoice_reference", &long)]).await;
        assert_eq!((status, body["field"].as_str()), (400, Some("invoice_reference")), "{body}");
        assert_eq!(order::Entity::find().count(&app.db).await.unwrap(), 0);
        assert_eq!(app.call_as(&learner, "elearning/player", &[("code", PRICED)]).await.0, 403);

        // Ordered: the browser goes on to the player, which now opens; ordering again is harmless.
        for _ in 0..2 {
            let (status, body) = app.call_as(&learner, "elearning/order", &[("code", "sig-100"), ("invoice_reference", " PO-4711 ")]).await;
            assert!(status == 200 || status == 302, "{status} {body}");
        }
        assert_eq!(order::Entity::find().count(&app.db).await.unwrap(), 1);
        assert_eq!(app.call_as(&learner, "elearning/player", &[("code", PRICED)]).await.0, 200);
        assert_eq!(app.call_as(&learner, "elearning/access", &[("code", PRICED)]).await.1, "Open");
        assert_eq!(learner.get(&image).send().await.unwrap().status(), 200);

        // Course administrators export the orders; nobody else does.
        let response = learner.get(app.url("/admin/kurs/SIG-100/bestillinger.csv")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 403);
        let response = admin.get(app.url("/admin/kurs/sig-100/bestillinger.csv")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        let csv = response.text().await.unwrap();
        let rows: Vec<&str> = csv.lines().collect();
        assert_eq!(rows.len(), 2, "{csv}");
        assert!(rows[1].contains("\"ola@eksempel.no\"") && rows[1].contains("\"Nei\";\"PO-4711\""), "{csv}");
        let response = admin.get(app.url("/admin/kurs/FINNES-IKKE/bestillinger.csv")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 404);
    }

    async fn a_written_exam_opens_with_a_seat_and_is_never_ordered(app) {
        let learner = registered_learner(&app, "kari@eksempel.no", "full_catalogue", &synthetic_national_id(82)).await;
        let (_, access) = app.call_as(&learner, "elearning/access", &[("code", EXAM)]).await;
        assert_eq!(access, "Enrol");
        assert_eq!(player_statuses(&app, &learner, EXAM).await, [403, 403, 403]);
        let (status, body) = app.call_as(&learner, "elearning/order", &[("code", EXAM)]).await;
        assert_eq!(status, 409, "{body}");
        assert_eq!(order::Entity::find().count(&app.db).await.unwrap(), 0);

        let (_, sessions) = app.call_as(&learner, "enrolment/sessions", &[("code", EXAM)]).await;
        let id = sessions[0]["id"].as_i64().expect("the exam has dates").to_string();
        let (_, place) = app.call_as(&learner, "enrolment/enrol", &[("session_id", &id)]).await;
        assert_eq!(place["status"], "enrolled", "{place}");
        assert_eq!(app.call_as(&learner, "elearning/player", &[("code", EXAM)]).await.0, 200);

        // Anyone not logged in is asked to; course administrators open every course.
        assert_eq!(app.call("elearning/access", &[("code", EXAM)]).await.1, "SignIn");
        let admin = staff(&app, "kursadmin@kursportal.test", "demo-passord-kursadmin").await;
        assert_eq!(app.call_as(&admin, "elearning/player", &[("code", PRICED)]).await.0, 200);
    }

    async fn an_assigned_learning_path_entitles_a_joined_one_does_not(app) {
        let admin = staff(&app, "admin@kursportal.test", "demo-passord-admin").await;
        let (status, body) = app.call_as(&admin, "paths/save", &[("original_code", ""), ("form[code]", "SIG-LOP"), ("form[title]", "Signalopplæring"), ("form[description]", "Betalt av arbeidsgiver."), ("form[enforce_order]", "false"), ("form[published]", "true")]).await;
        assert_eq!(status, 200, "{body}");
        let (status, body) = app.call_as(&admin, "paths/add-step", &[("code", "SIG-LOP"), ("form[kind]", "e_learning"), ("form[course_code]", PRICED)]).await;
        assert_eq!(status, 200, "{body}");

        let joined = registered_learner(&app, "jo@eksempel.no", "full_catalogue", &synthetic_national_id(83)).await;
        assert_eq!(app.call_as(&joined, "paths/join", &[("code", "SIG-LOP")]).await.0, 200);
        assert_eq!(app.call_as(&joined, "elearning/player", &[("code", PRICED)]).await.0, 403, "joining is not paying");

        let assigned = registered_learner(&app, "siv@eksempel.no", "full_catalogue", &synthetic_national_id(84)).await;
        assert_eq!(app.call_as(&admin, "paths/assign", &[("code", "SIG-LOP"), ("email", "siv@eksempel.no")]).await.0, 200);
        assert_eq!(app.call_as(&assigned, "elearning/player", &[("code", PRICED)]).await.0, 200);
    }

    async fn an_order_posted_as_a_page_goes_on_to_the_player_or_shows_the_problem(app) {
        let learner = registered_learner(&app, "per@eksempel.no", "full_catalogue", &synthetic_national_id(85)).await;
        let page = app.url("/kurs/SIG-100");
        let html = learner.get(&page).send().await.unwrap().text().await.unwrap().replace("<!>", "");
        assert!(html.contains("Bestill og start") && html.contains("Nordlys"), "{html}");
        assert!(!html.contains("/kurs/SIG-100/e-laering\""), "no way into the player before the order");

        let long = "x".repeat(101);
        let response = crate::forms::post_as_page(&app, &learner, "elearning/order", "/kurs/SIG-100", &[("code", PRICED), ("invoice_reference", &long)]).await;
        assert_eq!(response.status().as_u16(), 400);
        let html = response.text().await.unwrap().replace("<!>", "");
        assert!(html.contains("høyst 100 tegn") && html.contains("href=\"#f-invoice_reference\""), "{html}");

        let response = crate::forms::post_as_page(&app, &learner, "elearning/order", "/kurs/SIG-100", &[("code", PRICED), ("invoice_reference", "")]).await;
        assert_eq!(response.status().as_u16(), 303);
        assert_eq!(response.headers()["location"], "/kurs/SIG-100/e-laering");
        let html = learner.get(&page).send().await.unwrap().text().await.unwrap().replace("<!>", "");
        assert!(html.contains("/kurs/SIG-100/e-laering\""), "ordered: «Start kurset»");

        let html = app.get_html("/kurs/SIG-100").await.1;
        assert!(html.contains("Logg inn for å starte"), "{html}");
    }
}
