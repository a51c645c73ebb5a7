//! E-learning over HTTP: the player remembers the place across devices, the quiz travels
//! without its answers and is scored on the server (forged answers are refused), attempts
//! are limited, a pass records the completion with its certificate; the editor is for
//! course administrators only; lesson Markdown cannot carry script; images are checked and shown only to those who may
//! open their course.
use crate::common::{TestApp, registered_learner, synthetic_national_id};
use kursportal::entity::{choice, completion, course, question};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

async fn staff(app: &TestApp, email: &str, password: &str) -> reqwest::Client {
    let client = app.new_client();
    app.login_as(&client, email, password).await;
    client
}

/// The option ids of SIK-100's quiz: (right answers, one wrong answer per question).
async fn answers(app: &TestApp) -> (Vec<i64>, Vec<i64>) {
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
    let options = choice::Entity::find()
        .filter(choice::Column::QuestionId.is_in(questions.iter().map(|q| q.id).collect::<Vec<_>>()))
        .all(&app.db)
        .await
        .unwrap();
    let right = options.iter().filter(|o| o.correct).map(|o| o.id).collect();
    let mut wrong = Vec::new();
    for q in &questions {
        wrong.push(
            options
                .iter()
                .find(|o| o.question_id == q.id && !o.correct)
                .unwrap()
                .id,
        );
    }
    (right, wrong)
}

fn selection(code: &str, ids: &[i64]) -> Vec<(String, String)> {
    let mut form = vec![("code".to_string(), code.to_string())];
    for (index, id) in ids.iter().enumerate() {
        form.push((format!("selected[{index}]"), id.to_string()));
    }
    form
}

async fn submit(app: &TestApp, client: &reqwest::Client, ids: &[i64]) -> (u16, serde_json::Value) {
    let form = selection("SIK-100", ids);
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.call_as(client, "elearning/submit", &pairs).await
}

/// A page as the learner's browser gets it: status and HTML without hydration markers.
async fn page_as(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    let response = client.get(app.url(path)).send().await.expect("answered");
    (
        response.status().as_u16(),
        response.text().await.unwrap().replace("<!>", ""),
    )
}

/// The player's quiz posted as a page, from its step.
async fn quiz_posted(app: &TestApp, client: &reqwest::Client, form: Vec<(String, String)>) -> (u16, String) {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let response = crate::forms::post_as_page(
        app,
        client,
        "elearning/submit",
        "/kurs/SIK-100/e-laering?steg=test",
        &pairs,
    )
    .await;
    (
        response.status().as_u16(),
        response.text().await.unwrap().replace("<!>", ""),
    )
}

on_both_databases! {
    async fn a_learner_takes_the_course_to_completion(app) {
        let learner = registered_learner(&app, "elin@eksempel.no", "full_catalogue", &synthetic_national_id(71)).await;
        let (status, player) = app.call_as(&learner, "elearning/player", &[("code", "sik-100")]).await;
        assert_eq!(status, 200, "{player}");
        assert_eq!(player["lesson_titles"].as_array().unwrap().len(), 3);
        assert_eq!((player["position"].as_u64(), player["has_quiz"].as_bool()), (Some(0), Some(true)));

        // Lesson 2, then the same person on another device resumes there.
        let (status, lesson) = app.call_as(&learner, "elearning/lesson", &[("code", "SIK-100"), ("position", "1")]).await;
        assert_eq!(status, 200, "{lesson}");
        assert!(lesson["html"].as_str().unwrap().contains("<table>"), "{lesson}");
        let phone = staff(&app, "elin@eksempel.no", crate::common::LEARNER_PASSWORD).await;
        let (_, resumed) = app.call_as(&phone, "elearning/player", &[("code", "SIK-100")]).await;
        assert_eq!(resumed["position"], 1, "{resumed}");
        let (status, _) = app.call_as(&learner, "elearning/lesson", &[("code", "SIK-100"), ("position", "9")]).await;
        assert_eq!(status, 404);

        // The quiz never carries its answers.
        let (status, quiz) = app.call_as(&learner, "elearning/quiz", &[("code", "SIK-100")]).await;
        assert_eq!(status, 200, "{quiz}");
        assert_eq!(quiz["questions"].as_array().unwrap().len(), 3);
        assert!(!quiz.to_string().contains("correct"), "{quiz}");
        assert_eq!(quiz["pass_mark"], 80);

        let (right, wrong) = answers(&app).await;
        // Forged answers: an option of no question here, two answers to a single-choice question.
        let (status, body) = submit(&app, &learner, &[right[0], 999_999]).await;
        assert_eq!(status, 400, "{body}");
        let (status, _) = submit(&app, &learner, &[wrong[0], right[0]]).await;
        assert_eq!(status, 400);
        // Wrong answers: scored, not passed, no completion.
        let (status, result) = submit(&app, &learner, &wrong).await;
        assert_eq!(status, 200, "{result}");
        assert_eq!(result["passed"].as_bool(), Some(false));
        assert!(result["correct"].is_null() && result["percent"].is_null(), "no attempt limit, no score to probe: {result}");
        // Nothing, not even an empty submission, passes without the right answers.
        let (status, result) = submit(&app, &learner, &[]).await;
        assert_eq!((status, result["passed"].as_bool()), (200, Some(false)));
        let (_, history) = app.call_as(&learner, "learning/history", &[]).await;
        assert_eq!(history, serde_json::json!([]));

        // The right answers pass and record the completion with its certificate.
        let (status, result) = submit(&app, &learner, &right).await;
        assert_eq!(status, 200, "{result}");
        assert_eq!(result["passed"].as_bool(), Some(true));
        let code = result["certificate_code"].as_str().unwrap().to_string();
        let (_, history) = app.call_as(&learner, "learning/history", &[]).await;
        assert_eq!(history[0]["code"], code.as_str());
        assert_eq!(history[0]["result"], "Bestått (100 %)");
        let stored = completion::Entity::find().filter(completion::Column::Source.eq("quiz")).all(&app.db).await.unwrap();
        assert_eq!(stored.len(), 1);
        assert!(stored[0].valid_until.is_some(), "SIK-100 is valid for 12 months");
        let (_, player) = app.call_as(&phone, "elearning/player", &[("code", "SIK-100")]).await;
        assert_eq!(player["completed"]["certificate_code"], code.as_str());
    }

    async fn attempts_are_limited_per_round(app) {
        let admin = staff(&app, "kursadmin@kursportal.test", "demo-passord-kursadmin").await;
        let (status, body) = app.call_as(&admin, "elearning/quiz-settings", &[("code", "SIK-100"), ("pass_mark", "150"), ("max_attempts", "mange")]).await;
        assert_eq!(status, 400);
        let fields: Vec<&str> = body["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["pass_mark", "max_attempts"]);
        let (status, _) = app.call_as(&admin, "elearning/quiz-settings", &[("code", "SIK-100"), ("pass_mark", "100"), ("max_attempts", "2")]).await;
        assert_eq!(status, 200);

        let learner = registered_learner(&app, "frode@eksempel.no", "full_catalogue", &synthetic_national_id(72)).await;
        let (right, wrong) = answers(&app).await;
        let (_, first) = submit(&app, &learner, &wrong).await;
        assert_eq!(first["attempts_left"], 1);
        assert_eq!((first["correct"].as_u64(), first["percent"].as_u64()), (Some(0), Some(0)), "limited attempts: the score is shown");
        let (_, second) = submit(&app, &learner, &right[1..]).await;
        assert_eq!((second["passed"].as_bool(), second["attempts_left"].as_u64()), (Some(false), Some(0)), "{second}");
        let (status, body) = submit(&app, &learner, &right).await;
        assert_eq!(status, 409, "no third attempt: {body}");
        let (_, history) = app.call_as(&learner, "learning/history", &[]).await;
        assert_eq!(history, serde_json::json!([]), "a refused attempt records nothing");

        // Thirty submissions at once from one learner with two attempts: two are scored, the rest refused.
        let racer = registered_learner(&app, "rask@eksempel.no", "full_catalogue", &synthetic_national_id(74)).await;
        let form = selection("SIK-100", &wrong);
        let url = app.url("/api/elearning/submit");
        let tasks: Vec<_> = (0..30)
            .map(|_| {
                let (client, url, form) = (racer.clone(), url.clone(), form.clone());
                tokio::spawn(async move { client.post(url).form(&form).send().await.expect("answered").status().as_u16() })
            })
            .collect();
        let mut statuses = Vec::new();
        for task in tasks {
            statuses.push(task.await.unwrap());
        }
        statuses.sort_unstable();
        assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 2, "{statuses:?}");
        assert!(statuses.iter().all(|s| *s == 200 || *s == 409), "{statuses:?}");
    }

    async fn only_course_administrators_edit_and_lessons_cannot_carry_script(app) {
        let learner = registered_learner(&app, "gro@eksempel.no", "full_catalogue", &synthetic_national_id(73)).await;
        let (status, _) = app.call_as(&learner, "elearning/content", &[("code", "SIK-100")]).await;
        assert_eq!(status, 403);
        let (status, _) = app.call_as(&learner, "elearning/save-lesson", &[("code", "SIK-100"), ("lesson_id", "0"), ("title", "Min"), ("body", "x")]).await;
        assert_eq!(status, 403);

        let admin = staff(&app, "kursadmin@kursportal.test", "demo-passord-kursadmin").await;
        let (status, body) = app.call_as(&admin, "elearning/save-lesson", &[("code", "SIK-100"), ("lesson_id", "0"), ("title", " "), ("body", "")]).await;
        assert_eq!(status, 400);
        assert_eq!(body["fields"].as_array().unwrap().len(), 2, "{body}");
        let (status, id) = app.call_as(&admin, "elearning/save-lesson", &[("code", "SIK-100"), ("lesson_id", "0"), ("title", "Oppsummering"), ("body", "<script>alert(1)</script>\n\n[Les mer](javascript:alert(2))")]).await;
        assert_eq!(status, 200, "{id}");
        let (_, lesson) = app.call_as(&learner, "elearning/lesson", &[("code", "SIK-100"), ("position", "3")]).await;
        let html = lesson["html"].as_str().unwrap();
        assert!(!html.contains("<script") && !html.contains("javascript:"), "{html}");

        // Questions: a single-choice question with two right answers is refused at its field.
        let (status, body) = app.call_as(&admin, "elearning/save-question", &[("code", "SIK-100"), ("draft[id]", "0"), ("draft[prompt]", "Hva er riktig?"), ("draft[options]", "* Ja\n* Også ja\nNei")]).await;
        assert_eq!(status, 400);
        assert_eq!(body["fields"][0]["field"], "options", "{body}");
        let (status, _) = app.call_as(&admin, "elearning/save-question", &[("code", "SIK-100"), ("draft[id]", "0"), ("draft[prompt]", "Hva er riktig?"), ("draft[multiple]", "true"), ("draft[options]", "* Ja\n* Også ja\nNei")]).await;
        assert_eq!(status, 200);
        let (_, content) = app.call_as(&admin, "elearning/content", &[("code", "SIK-100")]).await;
        assert_eq!(content["lessons"].as_array().unwrap().len(), 4);
        assert_eq!(content["questions"][3]["options"], "* Ja\n* Også ja\nNei");

        // Images: checked by their bytes, for course administrators only.
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        let upload = |client: &reqwest::Client, bytes: Vec<u8>, name: &'static str| {
            let form = reqwest::multipart::Form::new().part("image", reqwest::multipart::Part::bytes(bytes).file_name(name));
            client.post(app.url("/admin/kurs/SIK-100/bilder")).header("Origin", app.address.clone()).multipart(form).send()
        };
        let response = upload(&admin, png.clone(), "skilt.png").await.unwrap();
        assert_eq!(response.status(), 303);
        let location = response.headers()["location"].to_str().unwrap().to_string();
        let id = location.split("bilde=").nth(1).expect(&location).to_string();
        let image = learner.get(app.url(&format!("/media/{id}"))).send().await.unwrap();
        assert_eq!(image.status(), 200);
        assert_eq!(image.headers()["content-type"], "image/png");
        assert_eq!(image.headers()["cache-control"], "private, max-age=3600");
        assert_eq!(image.bytes().await.unwrap().to_vec(), png);
        // An image is seen by those who may open its course, and by nobody else.
        let status = |client: reqwest::Client| {
            let url = app.url(&format!("/media/{id}"));
            async move { client.get(url).send().await.unwrap().status().as_u16() }
        };
        assert_eq!(status(app.new_client()).await, 404, "not for anonymous visitors");
        let free = registered_learner(&app, "gratis@eksempel.no", "free_elearning", &synthetic_national_id(74)).await;
        assert_eq!(status(free.clone()).await, 200, "a free course is for free users too");
        course::Entity::update_many()
            .col_expr(course::Column::PriceNok, sea_orm::sea_query::Expr::value(1200))
            .filter(course::Column::Code.eq("SIK-100"))
            .exec(&app.db)
            .await
            .unwrap();
        assert_eq!(status(free).await, 404, "a priced course's images are not for free users");
        course::Entity::update_many()
            .col_expr(course::Column::Published, sea_orm::sea_query::Expr::value(false))
            .filter(course::Column::Code.eq("SIK-100"))
            .exec(&app.db)
            .await
            .unwrap();
        assert_eq!(status(learner.clone()).await, 404, "not while the course is unpublished");
        assert_eq!(status(admin.clone()).await, 200, "course administrators see every image");
        assert_eq!(app.get(&format!("/media/{}", id.parse::<i64>().unwrap() + 1)).await.status(), 404);
        let response = upload(&admin, b"<svg onload=alert(1)>".to_vec(), "x.png").await.unwrap();
        assert!(response.headers()["location"].to_str().unwrap().ends_with("bildefeil=type"));
        let response = upload(&learner, png, "x.png").await.unwrap();
        assert_eq!(response.status(), 403);
    }

    async fn the_player_works_as_pages_without_javascript(app) {
        let learner = registered_learner(&app, "jonas@eksempel.no", "full_catalogue", &synthetic_national_id(75)).await;
        let page = |path: &'static str| page_as(&app, &learner, path);
        // A lesson is a page of its own; opening it remembers the place.
        let (status, html) = page("/kurs/SIK-100/e-laering?steg=2").await;
        assert_eq!(status, 200);
        assert!(html.contains("Sikkerhetssoner og avstander") && html.contains("Leksjon 2 av 3"), "{html}");
        assert!(html.contains(r#"name="steg" value="3""#), "«Neste» leads to lesson 3: {html}");
        let (_, resumed) = page("/kurs/SIK-100/e-laering").await;
        assert!(resumed.contains("Leksjon 2 av 3"), "{resumed}");
        // A step past the end, or no number at all, is the nearest step there is.
        let (status, html) = page("/kurs/SIK-100/e-laering?steg=99").await;
        assert_eq!(status, 200);
        assert!(html.contains("Lever testen"), "the quiz: {html}");
        let (status, html) = page("/kurs/SIK-100/e-laering?steg=%3Cb%3E").await;
        assert_eq!(status, 200);
        assert!(!html.contains("<b>"), "{html}");

        // The quiz posted as a page: one field per single-choice question, one per checkbox.
        let (right, wrong) = answers(&app).await;
        let quiz = page("/kurs/SIK-100/e-laering?steg=test").await.1;
        let fields: Vec<String> = quiz
            .match_indices(r#"name="selected["#)
            .map(|(at, _)| quiz[at + 6..].split('"').next().unwrap().to_string())
            .collect();
        let answer = |ids: &[i64]| -> Vec<(String, String)> {
            let mut form = vec![("code".to_string(), "SIK-100".to_string())];
            for id in ids {
                let field = fields
                    .iter()
                    .find(|f| quiz.contains(&format!(r#"name="{f}" value="{id}""#)))
                    .expect("every option has a field");
                form.push((field.clone(), id.to_string()));
            }
            form
        };
        let post = |form: Vec<(String, String)>| quiz_posted(&app, &learner, form);
        let (status, html) = post(answer(&wrong)).await;
        assert_eq!(status, 200, "{html}");
        assert!(html.contains("Du har ikke bestått denne gangen.") && html.contains("Testen viser ikke hvilke svar som var feil"), "{html}");
        assert!(!html.contains("av 3 riktige"), "no score without an attempt limit: {html}");
        // The answers given stay chosen.
        assert!(html.contains(&format!(r#"value="{}" checked"#, wrong[0])), "{html}");
        let (status, html) = post(answer(&right)).await;
        assert_eq!(status, 200, "{html}");
        assert!(html.contains("Gratulerer, du har bestått!"), "{html}");
        assert!(html.contains(r#"value="100""#), "the progress bar is full: {html}");
        let stored = completion::Entity::find().filter(completion::Column::Source.eq("quiz")).all(&app.db).await.unwrap();
        assert_eq!(stored.len(), 1);
    }
}
