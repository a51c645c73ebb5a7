//! Server messages and mails in the reader's language (issue 20 item 5): a person who chose
//! English («Bokmål / Nynorsk / English») gets English field errors, from a script and on a
//! page posted without JavaScript, and English mails; the choice is kept on the account.
use crate::common::{LEARNER_PASSWORD, registered_learner, synthetic_national_id};
use crate::forms::post_as_page;
use kursportal::entity::account;
use sea_orm::EntityTrait;

async fn choose(app: &crate::common::TestApp, client: &reqwest::Client, lang: &str) {
    let response = post_as_page(
        app,
        client,
        "site/language",
        "/",
        &[("lang", lang), ("back", "/")],
    )
    .await;
    assert_eq!(response.status().as_u16(), 303);
}

async fn language_of(app: &crate::common::TestApp, email: &str) -> Option<String> {
    let id = app.account_id(email).await;
    account::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .language
}

on_both_databases! {
    async fn a_person_who_chose_english_gets_english_field_errors_and_english_mails(app) {
        let client = app.new_client();
        choose(&app, &client, "en").await;
        let (status, body) = app.call_as(&client, "accounts/register", &[
            ("form[user_type]", "free_elearning"),
            ("form[full_name]", "Máret Čuoŋománnu"),
            ("form[email]", "maret@"),
            ("form[mobile]", "123"),
        ]).await;
        assert_eq!(status, 400, "{body}");
        let email = body["fields"].as_array().unwrap().iter().find(|f| f["field"] == "email").unwrap();
        assert_eq!(
            email["message"]["text"],
            "This does not look like an e-mail address. Check that it is written correctly.",
            "{body}"
        );
        assert_eq!(
            email["message"]["key"],
            "Dette ser ikke ut som en e-postadresse. Sjekk at den er skrevet riktig.",
            "the key stays, for any client that translates itself"
        );
        // Someone who never chose reads bokmål.
        let (_, norwegian) = app.call("accounts/register", &[
            ("form[user_type]", "free_elearning"),
            ("form[full_name]", "Ola"),
            ("form[email]", "ola@"),
            ("form[mobile]", "91234567"),
        ]).await;
        assert!(norwegian.to_string().contains("Dette ser ikke ut som en e-postadresse"), "{norwegian}");

        // Without JavaScript: the page that comes back has the English message at the field.
        let response = post_as_page(&app, &client, "accounts/register", "/registrer", &[
            ("form[user_type]", "free_elearning"),
            ("form[full_name]", "Máret Čuoŋománnu"),
            ("form[email]", "maret@"),
        ]).await;
        assert_eq!(response.status().as_u16(), 400);
        let html = response.text().await.unwrap().replace("<!>", "");
        assert!(html.contains("This does not look like an e-mail address."), "{html}");
        assert!(html.contains(r#"lang="en""#));

        // Registered in English: the activation mail is English, and the choice is kept.
        let (status, body) = app.call_as(&client, "accounts/register", &[
            ("form[user_type]", "free_elearning"),
            ("form[full_name]", "Máret Čuoŋománnu"),
            ("form[email]", "maret@eksempel.no"),
            ("form[mobile]", "91234567"),
            ("form[national_id]", &synthetic_national_id(3)),
            ("form[hms_card]", "1234567"),
        ]).await;
        assert_eq!(status, 200, "{body}");
        let mails = app.mails_to("maret@eksempel.no").await;
        assert_eq!(mails.len(), 1);
        assert_eq!(mails[0].subject, "Activate your Kursportalen account");
        assert!(mails[0].body_text.starts_with("Hello Máret Čuoŋománnu,"), "{}", mails[0].body_text);
        assert!(mails[0].body_text.contains("Questions? Write to"), "{}", mails[0].body_text);
        assert_eq!(language_of(&app, "maret@eksempel.no").await.as_deref(), Some("en"));
    }

    async fn a_signed_in_persons_choice_is_kept_for_their_mails_and_their_next_browser(app) {
        let email = "lukasz@eksempel.no";
        let client = registered_learner(&app, email, "free_elearning", &synthetic_national_id(7)).await;
        assert_eq!(language_of(&app, email).await.as_deref(), Some("nb"), "registered in bokmål");
        choose(&app, &client, "nn").await;
        assert_eq!(language_of(&app, email).await.as_deref(), Some("nn"));

        let (status, _) = app.call("accounts/forgot-password", &[("email", email)]).await;
        assert_eq!(status, 200);
        let reset = app.mails_to(email).await.pop().unwrap();
        assert!(reset.body_text.contains("Vi har fått ein førespurnad om nytt passord"), "{}", reset.body_text);
        assert!(reset.body_text.contains("Helsing\nKursportalen"), "{}", reset.body_text);

        // A new browser is given the language at login.
        let other = app.new_client();
        let response = other
            .post(app.url("/api/accounts/login"))
            .form(&[("identifier", email), ("password", LEARNER_PASSWORD)])
            .send()
            .await
            .unwrap();
        let cookies: Vec<String> = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect();
        assert!(cookies.iter().any(|c| c.starts_with("i18n_pref_locale=nn")), "{cookies:?}");
        let (status, refused) = app.call_as(&other, "site/language", &[("lang", "se"), ("back", "/")]).await;
        assert_eq!(status, 400);
        assert_eq!(refused["message"]["text"], "Vel bokmål, nynorsk eller English.", "{refused}");
        assert_eq!(language_of(&app, email).await.as_deref(), Some("nn"), "a refused choice changes nothing");
    }
}
