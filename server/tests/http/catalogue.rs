//! «Bla gjennom alle kurs», «Alle kategorier», the course page and the search field.

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

on_both_databases! {
    async fn anonymous_catalogue_pages_are_kept_with_a_fresh_nonce_and_follow_changes(app) {
        fn nonce(response: &reqwest::Response) -> String {
            let csp = response.headers()["content-security-policy"].to_str().unwrap();
            csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).expect("a nonce").to_string()
        }
        let first = app.get("/kurs?side=2").await;
        let first_nonce = nonce(&first);
        let first_html = first.text().await.unwrap();
        let second = app.get("/kurs?side=2").await;
        assert_eq!(second.status(), 200);
        assert!(second.headers().get("set-cookie").is_none(), "no session for anonymous visitors");
        let second_nonce = nonce(&second);
        let second_html = second.text().await.unwrap();
        assert_ne!(first_nonce, second_nonce, "every answer has its own nonce");
        assert!(second_html.contains(&format!("nonce=\"{second_nonce}\"")), "the page carries its header's nonce");
        assert!(!second_html.contains(&first_nonce), "no trace of the nonce it was rendered with");
        assert_eq!(first_html.replace(&first_nonce, ""), second_html.replace(&second_nonce, ""));

        // The English page is kept apart from the Norwegian one.
        let english = app.client.get(app.url("/kurs?side=2")).header("cookie", "i18n_pref_locale=en").send().await.unwrap();
        let english = english.text().await.unwrap();
        assert!(english.contains("lang=\"en\""), "English when English was chosen");
        let (_, norwegian) = app.get_html("/kurs?side=2").await;
        assert!(norwegian.contains("lang=\"nb\""));

        // An administrator's change shows at once, to anonymous visitors as well.
        let admin = app.new_client();
        app.login_as(&admin, "kursadmin@kursportal.test", "demo-passord-kursadmin").await;
        let (_, before) = app.get_html("/kurs").await;
        assert!(!before.contains("Tunnelsikkerhet"));
        let (_, before) = app.get_json("/api/catalogue/suggest?text=tunnels").await;
        assert_eq!(before, serde_json::json!([]));
        let (status, _) = app.call_as(&admin, "admin/add-category", &[("form[name]", "Tunnelsikkerhet"), ("form[parent]", "jernbane")]).await;
        assert_eq!(status, 200);
        let (_, after) = app.get_html("/kurs").await;
        assert!(after.contains("Tunnelsikkerhet"), "the new subject area is listed");

        // Someone logged in gets a page of their own, never the kept one.
        let own = admin.get(app.url("/kurs")).send().await.unwrap().text().await.unwrap();
        assert!(own.contains("Logg ut"), "the account menu of the one logged in");
        assert!(!after.contains("Logg ut"));
    }

    async fn front_page_is_norwegian_and_offers_the_search_field(app) {
        let (status, html) = app.get_html("/").await;
        assert_eq!(status, 200);
        assert!(html.contains("lang=\"nb\""), "lang is set");
        assert!(html.contains("Hva vil du LÆRE i dag?"));
        assert!(html.contains("Bla gjennom alle kurs"));
        assert!(html.contains("href=\"#main\""), "skip link");
        assert!(html.contains("brukerstotte@kursportal.test"), "support contact from configuration");
    }

    async fn catalogue_lists_categories_with_counts_and_pages(app) {
        let (status, html) = app.get_html("/kurs").await;
        assert_eq!(status, 200);
        assert!(html.contains("<title>Kurskatalog – Kursportalen</title>"), "page title");
        assert!(html.contains("Alle kategorier"));
        assert!(html.contains("Jernbane og spor"));
        assert!(html.contains("Sikkerhet på og ved spor"));
        assert_eq!(count(&html, "class=\"course-card\""), 12, "first page holds 12 courses");
        assert!(html.contains("av 63 kurs"), "total shown");
        assert!(html.contains("side=2"), "link to the next page");

        let (_, last) = app.get_html("/kurs?side=6").await;
        assert_eq!(count(&last, "class=\"course-card\""), 3);
    }

    async fn a_category_includes_its_subcategories(app) {
        let (status, html) = app.get_html("/kurs?kategori=jernbane").await;
        assert_eq!(status, 200);
        assert!(html.contains("Kurs i Jernbane og spor"));
        assert!(html.contains("av 22 kurs"), "22 courses below Jernbane og spor");
        let (_, html) = app.get_html("/kurs?kategori=forer").await;
        assert!(html.contains("av 5 kurs"));
        assert!(html.contains("Førerkurs – teoretisk del"));
        assert!(!html.contains("Grunnkurs i HMS"));
    }

    async fn course_page_shows_description_agenda_and_contact(app) {
        let (status, html) = app.get_html("/kurs/SIK-200").await;
        assert_eq!(status, 200);
        assert!(html.contains("Hovedsikkerhetsvakt (HSV) – klasserom"));
        assert!(html.contains("Planlegging av sikkerhetstiltak"), "agenda");
        assert!(html.contains("Jernbaneskolen, Oslo"), "place");
        assert!(html.contains("jernbaneskolen@kursportal.local"), "contact");
        assert!(html.contains("14\u{a0}500 kr"), "price");
        assert!(html.contains("Gyldig i 24 måneder"), "validity");
    }

    async fn unknown_course_is_a_404_page(app) {
        let (status, html) = app.get_html("/kurs/FINNES-IKKE").await;
        assert_eq!(status, 404);
        assert!(html.contains("Siden finnes ikke"));
        let (status, _) = app.get_html("/ingen/slik/side").await;
        assert_eq!(status, 404);
    }

    async fn search_matches_regardless_of_case_and_norwegian_letters(app) {
        let (status, html) = app.get_html("/sok?q=SIKKERHETSVAKT").await;
        assert_eq!(status, 200);
        assert!(html.contains("Hovedsikkerhetsvakt (HSV) – klasserom"));
        let (_, html) = app.get_html("/sok?q=F%C3%98RSTEHJELP").await;
        assert!(html.contains("Førstehjelp – grunnkurs"), "Ø folds to ø");
        let (_, html) = app.get_html("/sok?q=sik-100").await;
        assert!(html.contains("Sikkerhetskurs for arbeid på og ved spor"), "course code");
        let (_, html) = app.get_html("/sok?q=zzzz-ingenting").await;
        assert!(html.contains("Ingen kurs passet med søket"));
        let (_, html) = app.get_html("/sok?q=%25%25").await;
        assert!(html.contains("Ingen kurs passet med søket"), "% is not a wildcard");
        let (_, html) = app.get_html("/sok?q=forstehjelp").await;
        assert!(html.contains("Førstehjelp – grunnkurs"), "ø may be typed as o");
    }

    async fn suggestions_match_prefixes_accents_and_hyphens(app) {
        let (status, body) = app.get_json("/api/catalogue/suggest?text=sikk").await;
        assert_eq!(status, 200, "{body}");
        let list = body.as_array().unwrap();
        assert!(!list.is_empty() && list.len() <= 8, "{body}");
        assert!(list.iter().all(|s| {
            let text = format!("{} {} {}", s["title"], s["code"], s["category"]).to_lowercase();
            text.contains("sik")
        }), "{body}");
        let (_, one_letter) = app.get_json("/api/catalogue/suggest?text=s").await;
        assert_eq!(one_letter, serde_json::json!([]), "from the second letter");
        let (_, hyphen) = app.get_json("/api/catalogue/suggest?text=e-l%C3%A6ring").await;
        let (_, joined) = app.get_json("/api/catalogue/suggest?text=el%C3%A6ring").await;
        assert!(!hyphen.as_array().unwrap().is_empty(), "{hyphen}");
        assert_eq!(hyphen, joined, "«e-læring» and «elæring» find the same");
        // The course code ranks its course first.
        let (_, by_code) = app.get_json("/api/catalogue/suggest?text=SIK-100").await;
        assert_eq!(by_code[0]["code"], "SIK-100", "{by_code}");
    }

    async fn filters_narrow_the_catalogue(app) {
        let (_, all) = app.call("catalogue/courses", &[("page", "1")]).await;
        let total = all["total"].as_u64().unwrap();
        let (_, e_learning) = app.call("catalogue/courses", &[("page", "1"), ("kind", "e_learning")]).await;
        let e_total = e_learning["total"].as_u64().unwrap();
        assert!(e_total > 0 && e_total < total, "{e_learning}");
        assert!(e_learning["courses"].as_array().unwrap().iter().all(|c| c["kind"] == "e_learning"));
        let (_, paid) = app.call("catalogue/courses", &[("page", "1"), ("price", "betalt")]).await;
        assert!(paid["courses"].as_array().unwrap().iter().all(|c| c["price_nok"].as_u64().unwrap_or(0) > 0), "{paid}");
        let (_, free) = app.call("catalogue/courses", &[("page", "1"), ("price", "gratis")]).await;
        assert_eq!(paid["total"].as_u64().unwrap() + free["total"].as_u64().unwrap(), total);

        let (status, options) = app.call("catalogue/filters", &[]).await;
        assert_eq!(status, 200, "{options}");
        let place = options["places"][0].as_str().unwrap().to_string();
        let month = &options["months"][0];
        let month = format!("{:04}-{:02}", month["year"], month["month"].as_u64().unwrap());
        let (_, at_place) = app.call("catalogue/courses", &[("page", "1"), ("place", &place)]).await;
        assert!(at_place["total"].as_u64().unwrap() > 0, "{at_place}");
        let (_, in_month) = app.call("catalogue/courses", &[("page", "1"), ("month", &month)]).await;
        let in_month_total = in_month["total"].as_u64().unwrap();
        assert!(in_month_total > 0 && in_month_total < total, "{in_month}");
        // Filters combine with text search and with each other.
        let (_, none) = app
            .call("catalogue/courses", &[("page", "1"), ("kind", "e_learning"), ("month", &month)])
            .await;
        assert_eq!(none["total"], 0, "e-learning has no dated sessions: {none}");
        // The page itself works without JavaScript.
        let (status, html) = app.get_html("/kurs?type=e_learning&pris=gratis").await;
        assert_eq!(status, 200);
        assert!(html.contains("name=\"type\""), "the filter form is on the page");
    }

    async fn the_typed_api_answers_json_with_statuses(app) {
        let (status, body) = app.call("catalogue/courses", &[("text", "legemidler"), ("page", "1")]).await;
        assert_eq!(status, 200, "{body}");
        assert!(body["total"].as_u64().unwrap() >= 4, "{body}");
        let (status, body) = app.call("catalogue/course", &[("code", "NOPE-1")]).await;
        assert_eq!(status, 404);
        assert_eq!(body["kind"], "not_found");
        let (status, body) = app.call("catalogue/courses", &[("category", "finnes-ikke"), ("page", "1")]).await;
        assert_eq!(status, 404, "{body}");
        let (status, _) = app.call("catalogue/courses", &[("page", "not-a-number")]).await;
        assert_eq!(status, 400, "bad input is a client error, never a 500");
    }

    async fn english_is_remembered_by_cookie(app) {
        let response = app
            .client
            .get(app.url("/kurs"))
            .header("cookie", "i18n_pref_locale=en")
            .send()
            .await
            .unwrap();
        let html = response.text().await.unwrap().replace("<!>", "");
        assert!(html.contains("lang=\"en\""), "lang follows the choice");
        assert!(html.contains("What do you want to LEARN today?"));
        assert!(html.contains("All categories"));
    }
}
