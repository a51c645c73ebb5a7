//! «Hjelp»: the demo's questions and answers by topic, found by a search with the course
//! search's folding, each at its own address with its topic's contact; edited by administrators
//! (audited), with every bad field named and nothing stored; and the contacts per topic, shown
//! where their questions arise.
use crate::forms::post_as_page;
use kursportal::{audit, entity::help_answer};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const ADMIN: &str = "admin@kursportal.test";
const ADMIN_PASSWORD: &str = "demo-passord-admin";

async fn signed_in(app: &crate::common::TestApp, email: &str, password: &str) -> reqwest::Client {
    let client = app.new_client();
    app.login_as(&client, email, password).await;
    client
}

async fn audited(app: &crate::common::TestApp, action: &str) -> u64 {
    audit::Entity::find()
        .filter(audit::Column::Action.eq(action))
        .count(&app.db)
        .await
        .unwrap()
}

fn found_slugs(index: &serde_json::Value) -> Vec<String> {
    index["found"]
        .as_array()
        .map(|found| {
            found
                .iter()
                .map(|f| f["slug"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

on_both_databases! {
    async fn anyone_reads_the_answers_by_topic_and_finds_them_by_searching(app) {
        let (status, index) = app.call("help/index", &[]).await;
        assert_eq!(status, 200, "{index}");
        assert!(index["found"].is_null(), "no search, no results");
        let topics = index["topics"].as_array().unwrap();
        assert!(topics.len() >= 6, "{index}");
        assert_eq!(index["contacts"].as_array().unwrap().len(), 3);

        // Typed with or without the hyphen, with or without æøå.
        for query in ["hms-kort", "HMS kort", "fodselsnummer", "fødselsnummer"] {
            let (status, index) = app.call("help/index", &[("q", query)]).await;
            assert_eq!(status, 200, "{index}");
            let found = found_slugs(&index);
            assert!(found.contains(&"hms-kort-og-fodselsnummer".to_string()), "{query}: {found:?}");
        }
        let (_, index) = app.call("help/index", &[("q", "firmaet mitt")]).await;
        assert_eq!(found_slugs(&index).first().map(String::as_str), Some("fant-ikke-firmaet"), "{index}");
        let (_, index) = app.call("help/index", &[("q", "xylofon")]).await;
        assert_eq!(index["found"], serde_json::json!([]));
        let (status, problem) = app.call("help/index", &[("q", &"x".repeat(201))]).await;
        assert_eq!((status, problem["field"].as_str()), (400, Some("q")), "{problem}");

        // The pages, without JavaScript: the search and one answer with its topic's contact.
        let (status, html) = app.get_html("/hjelp?q=hms-kort").await;
        assert_eq!(status, 200);
        assert!(html.contains("/hjelp/hms-kort-og-fodselsnummer"), "{html}");
        let (status, html) = app.get_html("/hjelp/fant-ikke-firmaet").await;
        assert_eq!(status, 200);
        assert!(html.contains("<h1>Jeg finner ikke firmaet mitt når jeg registrerer meg.</h1>"), "{html}");
        assert!(html.contains("faktura@kursportal.test"), "the invoicing contact answers company questions");
        assert!(html.contains("<strong>Gratis e-læring</strong>"), "the answer rendered from Markdown");
        // An address without an answer: 404, and a search for its words.
        let (status, html) = app.get_html("/hjelp/finnes-ikke").await;
        assert_eq!(status, 404);
        assert!(html.contains("/hjelp?q=finnes%20ikke") || html.contains("/hjelp?q=finnes+ikke"), "{html}");
    }

    async fn the_pages_where_questions_arise_link_to_their_answers(app) {
        let (_, register) = app.get_html("/registrer").await;
        for slug in ["fant-ikke-firmaet", "brukertyper", "hms-kort-og-fodselsnummer", "overforing-til-kompetanseregisteret", "ikke-fatt-e-post"] {
            assert!(register.contains(&format!("/hjelp/{slug}")), "«Registrer deg» links to {slug}");
        }
        let (_, login) = app.get_html("/logg-inn").await;
        assert!(login.contains("/hjelp/logge-inn"));
        let (_, forgot) = app.get_html("/glemt-passord").await;
        assert!(forgot.contains("/hjelp/glemt-passord"));
        let (_, resend) = app.get_html("/konto/ny-aktiveringslenke").await;
        assert!(resend.contains("/hjelp/ikke-fatt-e-post"));
        let (_, home) = app.get_html("/").await;
        assert!(home.contains(r#"href="/hjelp""#), "the header and footer link to «Hjelp»");
        assert!(home.contains("brukerstotte@kursportal.test"), "the footer names the support contact");
    }

    async fn an_administrator_edits_an_answer_and_it_is_found_at_once(app) {
        let admin = signed_in(&app, ADMIN, ADMIN_PASSWORD).await;
        let (status, sources) = app.call_as(&admin, "admin/help", &[]).await;
        assert_eq!(status, 200, "{sources}");
        assert!(sources["linked"].as_array().unwrap().iter().all(|l| l["answered"] == true), "{sources}");
        let answer = sources["answers"].as_array().unwrap().iter()
            .find(|a| a["slug"] == "fornye-hms-kort").unwrap().clone();
        let (id, topic) = (answer["id"].to_string(), answer["topic_id"].to_string());

        let edit = |body: &'static str| {
            let (id, topic) = (id.clone(), topic.clone());
            move |question: &'static str| vec![
                ("form[id]", id.clone()), ("form[topic_id]", topic.clone()), ("form[slug]", "fornye-hms-kort".to_string()),
                ("form[question]", question.to_string()), ("form[body_markdown]", body.to_string()), ("form[position]", "3".to_string()),
            ]
        };
        let fields = edit("Registrer det nye **HMS-kortet** under «Din konto» innen en uke. Kranførerbevis også.")("Jeg har fått nytt HMS-kort. Hva gjør jeg?");
        let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, slug) = app.call_as(&admin, "admin/help/answer", &form).await;
        assert_eq!((status, slug.as_str()), (200, Some("fornye-hms-kort")));
        assert_eq!(audited(&app, "help.answer_changed").await, 1);
        let (_, index) = app.call("help/index", &[("q", "kranforerbevis")]).await;
        assert_eq!(found_slugs(&index), vec!["fornye-hms-kort"], "found by the new words at once");
        let (_, html) = app.get_html("/hjelp/fornye-hms-kort").await;
        assert!(html.contains("Hva gjør jeg?</h1>") && html.contains("<strong>HMS-kortet</strong>"), "{html}");

        // A new answer gets its address from the question; a second with it is refused.
        let new = [("form[topic_id]", topic.as_str()), ("form[question]", "Kan jeg ta kurs på engelsk?"),
                   ("form[body_markdown]", "Noen kurs. Se kursbeskrivelsen.")];
        let (status, slug) = app.call_as(&admin, "admin/help/answer", &new).await;
        assert_eq!((status, slug.as_str()), (200, Some("kan-jeg-ta-kurs-pa-engelsk")));
        let (status, problem) = app.call_as(&admin, "admin/help/answer", &new).await;
        assert_eq!((status, problem["field"].as_str()), (400, Some("slug")), "{problem}");
        assert_eq!(audited(&app, "help.answer_added").await, 1);

        // Removed: gone from the index, the address answers 404, audited.
        let created = help_answer::Entity::find().filter(help_answer::Column::Slug.eq("kan-jeg-ta-kurs-pa-engelsk"))
            .one(&app.db).await.unwrap().unwrap();
        let (status, _) = app.call_as(&admin, "admin/help/answer-delete", &[("answer_id", &created.id.to_string())]).await;
        assert_eq!(status, 200);
        assert_eq!(app.get_html("/hjelp/kan-jeg-ta-kurs-pa-engelsk").await.0, 404);
        assert_eq!(audited(&app, "help.answer_removed").await, 1);
    }

    async fn bad_answers_topics_and_contacts_are_named_at_their_fields_and_change_nothing(app) {
        let admin = signed_in(&app, ADMIN, ADMIN_PASSWORD).await;
        let before = help_answer::Entity::find().count(&app.db).await.unwrap();
        let (status, problem) = app.call_as(&admin, "admin/help/answer", &[
            ("form[topic_id]", "x"), ("form[question]", "Hm"), ("form[slug]", "Ugyldig adresse!"),
            ("form[body_markdown]", "  "), ("form[position]", "-4"),
        ]).await;
        assert_eq!(status, 400, "{problem}");
        let fields: Vec<&str> = problem["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["topic_id", "question", "slug", "body_markdown", "position"], "{problem}");
        let (status, problem) = app.call_as(&admin, "admin/help/answer", &[
            ("form[topic_id]", "999999"), ("form[question]", "Et spørsmål uten emne?"), ("form[body_markdown]", "Svar."),
        ]).await;
        assert_eq!((status, problem["field"].as_str()), (400, Some("topic_id")), "{problem}");
        let (status, _) = app.call_as(&admin, "admin/help/answer-delete", &[("answer_id", "999999")]).await;
        assert_eq!(status, 404);
        assert_eq!(help_answer::Entity::find().count(&app.db).await.unwrap(), before, "nothing stored");

        let (status, problem) = app.call_as(&admin, "admin/help/contact", &[
            ("form[kind]", "invoicing"), ("form[name]", "F"), ("form[email]", "ikke-en-adresse"), ("form[phone]", "ring meg"),
        ]).await;
        assert_eq!(status, 400, "{problem}");
        let fields: Vec<&str> = problem["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["name", "email", "phone"], "{problem}");
        let (status, problem) = app.call_as(&admin, "admin/help/contact", &[("form[kind]", "ceo"), ("form[name]", "Sjefen"), ("form[email]", "sjef@firma.no")]).await;
        assert_eq!((status, problem["field"].as_str()), (400, Some("kind")));
        let (status, problem) = app.call_as(&admin, "admin/help/topic", &[("form[title]", ""), ("form[contact]", "nobody")]).await;
        let fields: Vec<&str> = problem["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
        assert_eq!((status, fields), (400, vec!["title", "contact"]));
        assert_eq!(audited(&app, "help.contact_changed").await + audited(&app, "help.topic_added").await, 0);

        // Posted as a page (no JavaScript): the admin page again, the messages at the fields.
        let response = post_as_page(&app, &admin, "admin/help/contact", "/admin/hjelp", &[
            ("form[kind]", "technical"), ("form[name]", "Teknisk"), ("form[email]", "feil"),
        ]).await;
        assert_eq!(response.status().as_u16(), 400);
        let html = response.text().await.unwrap().replace("<!>", "");
        assert!(html.contains("Rett opp dette") && html.contains(r##"href="#ct-email""##), "{html}");
    }

    async fn only_administrators_edit_and_a_contact_shows_where_its_questions_arise(app) {
        let learner = signed_in(&app, "deltaker@kursportal.test", "demo-passord-deltaker").await;
        let support = signed_in(&app, "support@kursportal.test", "demo-passord-support").await;
        for client in [&learner, &support] {
            assert_eq!(app.call_as(client, "admin/help", &[]).await.0, 403);
            assert_eq!(app.call_as(client, "admin/help/contact", &[("form[kind]", "support"), ("form[name]", "Meg"), ("form[email]", "meg@firma.no")]).await.0, 403);
            assert_eq!(app.call_as(client, "admin/help/answer-delete", &[("answer_id", "1")]).await.0, 403);
        }
        assert_eq!(app.call_as(&app.new_client(), "admin/help", &[]).await.0, 401);

        let admin = signed_in(&app, ADMIN, ADMIN_PASSWORD).await;
        let (status, _) = app.call_as(&admin, "admin/help/contact", &[
            ("form[kind]", "invoicing"), ("form[name]", "Regnskap"), ("form[email]", "Regnskap@Jernbane.example"),
            ("form[phone]", "+47 23 45 67 89"), ("form[hours]", "Hverdager 9–14"),
        ]).await;
        assert_eq!(status, 200);
        assert_eq!(audited(&app, "help.contact_changed").await, 1);
        let (_, html) = app.get_html("/hjelp/fant-ikke-firmaet").await;
        assert!(html.contains("regnskap@jernbane.example") && html.contains("tel:+4723456789"), "{html}");
        let (_, html) = app.get_html("/hjelp/logge-inn").await;
        assert!(html.contains("teknisk@kursportal.test") && !html.contains("regnskap@jernbane.example"), "login questions go to technical support");

        // A topic moved to another contact takes its answers along.
        let (_, sources) = app.call_as(&admin, "admin/help", &[]).await;
        let topic = sources["topics"].as_array().unwrap().iter().find(|t| t["slug"] == "innlogging").unwrap().clone();
        let (status, _) = app.call_as(&admin, "admin/help/topic", &[
            ("form[id]", &topic["id"].to_string()), ("form[slug]", "innlogging"), ("form[title]", "Innlogging"),
            ("form[contact]", "invoicing"), ("form[position]", "1"),
        ]).await;
        assert_eq!(status, 200);
        let (_, html) = app.get_html("/hjelp/logge-inn").await;
        assert!(html.contains("regnskap@jernbane.example"), "{html}");
        assert_eq!(audited(&app, "help.topic_changed").await, 1);
    }
}
