//! Forms posted as pages (JavaScript off, or before the wasm has arrived): the answer is the
//! page the form was on, rendered by the server with the problems at their fields and what was
//! typed; a function that moves on answers 303. Never a raw JSON document.

const ADMIN: &str = "admin@kursportal.test";
const ADMIN_PASSWORD: &str = "demo-passord-admin";

/// Posts `form` to a server function the way a browser posts a form: HTML accepted, the page
/// it was on as Referer and in `__page`.
pub(crate) async fn post_as_page(
    app: &crate::common::TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    page: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let mut fields = form.to_vec();
    fields.push(("__page", page));
    client
        .post(app.url(&format!("/api/{endpoint}")))
        .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .header("origin", app.address.as_str())
        .header("referer", app.url(page))
        .form(&fields)
        .send()
        .await
        .expect("request failed")
}

on_both_databases! {
    async fn a_refused_login_posted_as_a_page_answers_with_the_login_page_and_its_message(app) {
        let client = app.new_client();
        let response = post_as_page(&app, &client, "accounts/login", "/logg-inn",
            &[("identifier", ADMIN), ("password", "feil passord")]).await;
        assert_eq!(response.status().as_u16(), 401);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let html = response.text().await.unwrap().replace("<!>", "");
        assert!(html.contains("Feil e-postadresse, ansattkode eller passord"), "{html}");
        assert!(html.contains(r#"value="admin@kursportal.test""#), "what was typed is kept");
        assert!(!html.contains("feil passord"), "a password is never sent back");
        assert!(html.contains(r#"name="__page" value="/logg-inn""#), "the next post knows its page");

        let response = post_as_page(&app, &client, "accounts/login", "/logg-inn",
            &[("identifier", ADMIN), ("password", ADMIN_PASSWORD)]).await;
        assert_eq!(response.status().as_u16(), 303);
        assert_eq!(response.headers()["location"], "/");
        let (_, me) = app.call_as(&client, "accounts/me", &[]).await;
        assert_eq!(me["full_name"], "Ada Administrator");
    }

    async fn a_registration_posted_as_a_page_names_every_problem_and_stores_nothing(app) {
        let client = app.new_client();
        let response = post_as_page(&app, &client, "accounts/register", "/registrer", &[
            ("form[user_type]", "free_elearning"),
            ("form[full_name]", "Nora Nettleser"),
            ("form[email]", "nora@"),
        ]).await;
        assert_eq!(response.status().as_u16(), 400);
        let html = response.text().await.unwrap().replace("<!>", "");
        assert!(html.contains("Rett opp dette"), "{html}");
        assert!(html.contains(r#"value="Nora Nettleser""#), "{html}");
        assert!(html.contains(r#"value="nora@""#), "{html}");
        assert!(app.mails_to("nora@").await.is_empty());
    }

    async fn without_javascript_the_employer_search_travels_with_the_registration(app) {
        let client = app.new_client();
        let response = post_as_page(&app, &client, "accounts/register", "/registrer", &[
            ("form[user_type]", "full_catalogue"),
            ("form[full_name]", "Nils Nettleser"),
            ("form[employer_search]", "nordlys"),
        ]).await;
        assert_eq!(response.status().as_u16(), 400);
        let html = response.text().await.unwrap().replace("<!>", "");
        // The companies found are choices on the page that comes back, the search text kept.
        assert!(html.contains("Nordlys Jernbaneentreprenør AS"), "{html}");
        assert!(html.contains(r#"name="form[employer_id]""#), "{html}");
        assert!(html.contains(r#"name="form[employer_search]" value="nordlys""#), "{html}");
        assert!(html.contains("Velg arbeidsgiveren din."), "{html}");
    }

    async fn a_successful_form_posted_as_a_page_shows_its_answer(app) {
        let client = app.new_client();
        let response = post_as_page(&app, &client, "accounts/forgot-password", "/glemt-passord",
            &[("email", "ingen@kursportal.test")]).await;
        assert_eq!(response.status().as_u16(), 200);
        let html = response.text().await.unwrap().replace("<!>", "");
        assert!(html.contains("Hvis adressen er registrert hos oss"), "{html}");
    }

    async fn a_form_cannot_send_the_browser_to_another_site(app) {
        let client = app.new_client();
        let response = post_as_page(&app, &client, "accounts/login", "//evil.example/",
            &[("identifier", ADMIN), ("password", "feil passord")]).await;
        assert_eq!(response.status().as_u16(), 401);
        assert!(response.headers().get("location").is_none());
        let html = response.text().await.unwrap();
        assert!(html.contains("Hva vil du LÆRE i dag?"), "our own front page instead");
    }

    async fn the_language_is_chosen_with_a_form_and_kept_in_a_cookie(app) {
        let client = app.new_client();
        let response = post_as_page(&app, &client, "site/language", "/kurs",
            &[("lang", "en"), ("back", "/kurs?side=2")]).await;
        assert_eq!(response.status().as_u16(), 303);
        assert_eq!(response.headers()["location"], "/kurs?side=2");
        let cookie = response.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(cookie.starts_with("i18n_pref_locale=en"), "{cookie}");
        let page = client.get(app.url("/kurs")).send().await.unwrap().text().await.unwrap();
        assert!(page.contains(r#"lang="en""#), "the next page is in English");
        let elsewhere = post_as_page(&app, &client, "site/language", "/kurs",
            &[("lang", "nb"), ("back", "https://evil.example/")]).await;
        assert_eq!(elsewhere.headers()["location"], "/");
    }

    async fn pages_are_norwegian_whatever_the_browser_prefers(app) {
        let page = app.client.get(app.url("/kurs")).header("accept-language", "en-GB,en;q=0.9")
            .send().await.unwrap().text().await.unwrap();
        assert!(page.contains(r#"lang="nb""#), "{}", &page[..200.min(page.len())]);
    }
}
