//! Playing a package from an authoring tool over HTTP, on the content origin: a learner's
//! launch, the player page with the attempt's state, the package's files, commits (suspend and
//! resume on another device, 64,000 characters of suspend data, a malformed session time, total
//! time across sessions), the completion with its kursbevis, review afterwards; the launch token
//! (expired, another attempt's, another person's); and isolation (no cookie is read or set on
//! the content origin, a page there cannot call a server function of the portal).
use crate::common::{TEST_SECRET_KEY, TestApp, registered_learner, synthetic_national_id};
use kursportal::{
    elearning::package::launch::{LaunchKey, Ticket},
    entity::{completion, elearning_package_attempt as attempt, elearning_package_sco as sco},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

pub(crate) const KURSADMIN: (&str, &str) = ("kursadmin@kursportal.test", "demo-passord-kursadmin");

pub(crate) async fn with_golf_12(app: &TestApp) {
    let admin = app.new_client();
    app.login_as(&admin, KURSADMIN.0, KURSADMIN.1).await;
    let bytes = std::fs::read(format!(
        "{}/tests/fixtures/scorm/golf-RuntimeBasicCalls_SCORM12.zip",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let form = reqwest::multipart::Form::new().part(
        "package",
        reqwest::multipart::Part::bytes(bytes).file_name("golf12.zip"),
    );
    let response = admin
        .post(app.url("/admin/kurs/SIK-100/pakke"))
        .header("Accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
}

/// The player's address for the learner's first part, from the course's player.
pub(crate) async fn frame(app: &TestApp, learner: &reqwest::Client) -> String {
    let (status, player) = app
        .call_as(learner, "elearning/player", &[("code", "SIK-100")])
        .await;
    assert_eq!(status, 200, "{player}");
    let frame = player["package"]["frames"][0].as_str().unwrap().to_string();
    assert!(
        frame.starts_with(&format!("{}/spill/", app.content_url)),
        "{frame}"
    );
    frame
}

/// A client with no cookies, as the content origin sees every browser.
pub(crate) fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The player page: its headers and the launch's state.
pub(crate) async fn open(player_url: &str) -> (reqwest::header::HeaderMap, Value, String) {
    let response = browser().get(player_url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    let html = response.text().await.unwrap();
    let json = html
        .split(r#"<script id="kp-launch" type="application/json">"#)
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .unwrap();
    (headers, serde_json::from_str(json).unwrap(), html)
}

pub(crate) async fn commit(app: &TestApp, player_url: &str, body: Value) -> (u16, Value) {
    let response = browser()
        .post(format!("{player_url}/commit"))
        .header("Origin", &app.content_url)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

on_both_databases! {
    async fn a_learner_suspends_resumes_elsewhere_and_completes_with_a_kursbevis(app) {
        with_golf_12(&app).await;
        let learner = registered_learner(&app, "pia@eksempel.no", "full_catalogue", &synthetic_national_id(81)).await;
        let player = frame(&app, &learner).await;
        let (headers, launch, html) = open(&player).await;
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains(&format!("frame-ancestors {}", app.address)), "{csp}");
        assert!(headers.get("set-cookie").is_none());
        assert_eq!(launch["version"], "1.2");
        assert_eq!(launch["cmi"]["core"]["entry"], "ab-initio");
        assert!(launch["cmi"]["core"]["student_id"].as_str().unwrap().starts_with("kp-"));
        assert!(html.contains(r#"src="/spiller/scorm12.min.js""#));

        // The package's own files, from the frame's address, with their types.
        let src = html.split(r#"<iframe id="kp-sco" title=""#).nth(1).unwrap();
        let src = src.split(r#"src=""#).nth(1).unwrap().split('"').next().unwrap().replace("&amp;", "&");
        let page = browser().get(format!("{}{}", app.content_url, src)).send().await.unwrap();
        assert_eq!(page.status(), 200, "{src}");
        assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        assert_eq!(page.headers()["x-content-type-options"], "nosniff");
        assert_eq!(page.headers()["referrer-policy"], "no-referrer");
        assert!(page.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'self'"));
        let script = src.split('/').take(3).collect::<Vec<_>>().join("/") + "/shared/scormfunctions.js";
        let script = browser().get(format!("{}{}", app.content_url, script)).send().await.unwrap();
        assert_eq!(script.headers()["content-type"], "text/javascript; charset=utf-8");
        // Media in pieces, as phones ask for video.
        let image = src.split('/').take(3).collect::<Vec<_>>().join("/") + "/shared/background.jpg";
        let piece = browser().get(format!("{}{}", app.content_url, image)).header("Range", "bytes=0-99").send().await.unwrap();
        assert_eq!(piece.status(), 206);
        assert!(piece.headers()["content-range"].to_str().unwrap().starts_with("bytes 0-99/"));
        assert_eq!(piece.bytes().await.unwrap().len(), 100);

        // Half way: suspended, with the most suspend data both versions keep.
        let suspend = "å".repeat(64_000);
        let (status, body) = commit(&app, &player, json!({
            "session": "phone", "elapsed": 30.0,
            "cmi": {"core": {"lesson_status": "incomplete", "lesson_location": "page-3", "exit": "suspend",
                             "session_time": "00:00:30"}, "suspend_data": suspend},
        })).await;
        assert_eq!((status, &body["result"]), (200, &json!("true")), "{body}");
        let too_long = "a".repeat(64_001);
        let (status, body) = commit(&app, &player, json!({
            "session": "phone", "cmi": {"core": {"lesson_status": "failed"}, "suspend_data": too_long},
        })).await;
        assert_eq!(status, 400, "{body}");
        assert!(body.to_string().contains("64000"), "{body}");

        // Another device: the course resumes where it was left.
        let desktop = app.new_client();
        app.login_as(&desktop, "pia@eksempel.no", crate::common::LEARNER_PASSWORD).await;
        let again = frame(&app, &desktop).await;
        let (_, resumed, _) = open(&again).await;
        let core = &resumed["cmi"]["core"];
        assert_eq!((&core["entry"], &core["lesson_location"]), (&json!("resume"), &json!("page-3")));
        assert_eq!(core["lesson_status"], "incomplete", "the refused commit changed nothing");
        assert_eq!(core["total_time"], "00:00:30");
        assert_eq!(resumed["cmi"]["suspend_data"].as_str().unwrap().chars().count(), 64_000);

        // Finished there, with a session time the package got wrong: the wall clock counts.
        let (status, body) = commit(&app, &again, json!({
            "session": "desktop", "elapsed": 45.0, "terminated": true,
            "cmi": {"core": {"lesson_status": "passed", "score": {"raw": "90", "min": "0", "max": "100"},
                             "session_time": "PT10", "exit": ""}},
        })).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["status"], "passed");
        let code = body["certificateCode"].as_str().unwrap().to_string();
        let done = attempt::Entity::find().one(&app.db).await.unwrap().unwrap();
        assert_eq!((done.status.as_str(), done.score_percent, done.total_seconds), ("passed", Some(90), 75));
        let recorded = completion::Entity::find()
            .filter(completion::Column::Source.eq("package"))
            .one(&app.db).await.unwrap().unwrap();
        assert_eq!((recorded.source.as_str(), recorded.score), ("package", Some(90)));
        let page = desktop.get(app.url(&format!("/kursbevis/{code}"))).send().await.unwrap();
        assert_eq!(page.status(), 200);

        // Opened again: review, and commits change nothing.
        let (status, shown) = app.call_as(&desktop, "elearning/player", &[("code", "SIK-100")]).await;
        assert_eq!(status, 200);
        assert_eq!(shown["package"]["review"], true);
        assert_eq!(shown["completed"]["certificate_code"], code.as_str());
        let (_, review, _) = open(shown["package"]["frames"][0].as_str().unwrap()).await;
        assert_eq!(review["cmi"]["core"]["lesson_mode"], "review");
        commit(&app, &again, json!({"session": "x", "terminated": true, "cmi": {"core": {"lesson_status": "failed"}}})).await;
        let row = sco::Entity::find().one(&app.db).await.unwrap().unwrap();
        assert_eq!(row.status, "passed");
    }
}

on_both_databases! {
    async fn a_launch_token_opens_its_own_attempt_only_and_not_for_ever(app) {
        with_golf_12(&app).await;
        let pia = registered_learner(&app, "pia@eksempel.no", "full_catalogue", &synthetic_national_id(82)).await;
        let ola = registered_learner(&app, "ola@eksempel.no", "full_catalogue", &synthetic_national_id(83)).await;
        let pias = frame(&app, &pia).await;
        let olas = frame(&app, &ola).await;
        let token = |url: &str| url.rsplit('/').next().unwrap().to_string();
        let attempt_of = |url: &str| token(url).split('-').next().unwrap().parse::<i64>().unwrap();
        assert_ne!(attempt_of(&pias), attempt_of(&olas));

        // Pia's token with Ola's attempt in it: the signature no longer matches.
        let forged = token(&pias).replacen(&format!("{}-", attempt_of(&pias)), &format!("{}-", attempt_of(&olas)), 1);
        for path in [format!("/spill/{forged}"), format!("/c/{forged}/shared/launchpage.html")] {
            let response = browser().get(format!("{}{path}", app.content_url)).send().await.unwrap();
            assert_eq!(response.status(), 409, "{path}");
            let body: Value = response.json().await.unwrap();
            assert!(body.to_string().contains("ikke gyldig"), "{body}");
        }
        let (status, _) = commit(&app, &format!("{}/spill/{forged}", app.content_url), json!({"session": "s", "cmi": {}})).await;
        assert_eq!(status, 409);

        // An expired launch, properly signed.
        let key = LaunchKey::new(&hex::decode(TEST_SECRET_KEY).unwrap());
        let expired = key.token(&Ticket { attempt_id: attempt_of(&pias), item: 0, expires: chrono::Utc::now().timestamp() - 1 });
        let response = browser().get(format!("{}/spill/{expired}", app.content_url)).send().await.unwrap();
        assert_eq!(response.status(), 409);
        assert!(response.text().await.unwrap().contains("utløpt"));
        // A part the package does not have.
        let no_part = key.token(&Ticket { attempt_id: attempt_of(&pias), item: 7, expires: chrono::Utc::now().timestamp() + 60 });
        let response = browser().get(format!("{}/spill/{no_part}", app.content_url)).send().await.unwrap();
        assert_eq!(response.status(), 404);

        // Each player holds its own learner's state only, and commits land on its own attempt.
        let (_, launch, _) = open(&olas).await;
        assert_eq!(launch["cmi"]["core"]["student_id"], format!("kp-{}", account_id(&app, "ola@eksempel.no").await));
        commit(&app, &olas, json!({"session": "s", "cmi": {"core": {"lesson_status": "incomplete"}}})).await;
        let rows = sco::Entity::find().all(&app.db).await.unwrap();
        assert_eq!(rows.iter().map(|r| r.attempt_id).collect::<Vec<_>>(), [attempt_of(&olas)]);

        // A page on another origin cannot post commits, even with the token.
        let response = browser()
            .post(format!("{pias}/commit"))
            .header("Origin", "https://evil.example")
            .json(&json!({"session": "s", "cmi": {}}))
            .send().await.unwrap();
        assert_eq!(response.status(), 403);
    }
}

pub(crate) async fn account_id(app: &TestApp, email: &str) -> i64 {
    use kursportal::entity::account;
    account::Entity::find()
        .filter(account::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

on_both_databases! {
    async fn a_package_can_neither_use_the_portals_cookies_nor_call_its_server_functions(app) {
        with_golf_12(&app).await;
        let learner = registered_learner(&app, "pia@eksempel.no", "full_catalogue", &synthetic_national_id(84)).await;
        let player = frame(&app, &learner).await;

        // The portal frames the content origin and nothing else.
        let page = learner.get(app.url("/kurs/SIK-100/e-laering")).send().await.unwrap();
        let csp = page.headers()["content-security-policy"].to_str().unwrap().to_string();
        assert!(csp.contains(&format!("frame-src {}", app.content_url)), "{csp}");
        let launch = player.rsplitn(3, '-').nth(2).unwrap().to_string(); // …/spill/{attempt}-{part}
        assert!(page.text().await.unwrap().contains(&format!("{launch}-")), "the page frames the player");

        // By default the content origin is another site too (localhost ↔ 127.0.0.1), so the
        // browser does not even send the portal's cookie there; where it would (another port of
        // one host name), the content origin reads none and sets none.
        assert!(app.content_url.starts_with("http://localhost:"), "{}", app.content_url);
        let response = browser()
            .get(&player)
            .header("Cookie", "kursportal.sid=stolen; i18n_pref_locale=en")
            .send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.headers().get("set-cookie").is_none());

        // A script on the content origin calling a server function of the portal: refused,
        // whether it reads (GET) or changes (POST).
        for method in [reqwest::Method::GET, reqwest::Method::POST] {
            let response = learner
                .request(method.clone(), app.url("/api/elearning/player?code=SIK-100"))
                .header("Origin", &app.content_url)
                .header("Sec-Fetch-Site", "same-site")
                .send().await.unwrap();
            assert_eq!(response.status(), 403, "{method}");
        }
        // Without Origin (an image or a form from there), Fetch Metadata tells.
        let response = learner
            .post(app.url("/api/elearning/player"))
            .header("Sec-Fetch-Site", "same-site")
            .form(&[("code", "SIK-100")])
            .send().await.unwrap();
        assert_eq!(response.status(), 403);
    }
}

/// Two SCOs under a heading, SCORM 2004 4th edition, the second with a passing score.
const TWO_SCOS: &str = r#"<?xml version="1.0"?>
<manifest identifier="m2" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>To deler</title>
    <item identifier="kapittel"><title>Kapittel 1</title>
      <item identifier="del1" identifierref="r1"><title>Del 1</title></item>
      <item identifier="del2" identifierref="r2"><title>Del 2</title>
        <imsss:sequencing><imsss:objectives><imsss:primaryObjective satisfiedByMeasure="true">
          <imsss:minNormalizedMeasure>0.6</imsss:minNormalizedMeasure>
        </imsss:primaryObjective></imsss:objectives></imsss:sequencing>
      </item>
    </item></organization></organizations>
  <resources>
    <resource identifier="r1" type="webcontent" adlcp:scormType="sco" href="del1.html"><file href="del1.html"/></resource>
    <resource identifier="r2" type="webcontent" adlcp:scormType="sco" href="del2.html"><file href="del2.html"/></resource>
  </resources>
</manifest>"#;

on_both_databases! {
    async fn a_package_of_several_scos_completes_when_every_sco_is_done(app) {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, content) in [("imsmanifest.xml", TWO_SCOS), ("del1.html", "<p>1</p>"), ("del2.html", "<p>2</p>")] {
            writer.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            std::io::Write::write_all(&mut writer, content.as_bytes()).unwrap();
        }
        let bytes = writer.finish().unwrap().into_inner();
        let admin = app.new_client();
        app.login_as(&admin, KURSADMIN.0, KURSADMIN.1).await;
        let form = reqwest::multipart::Form::new()
            .part("package", reqwest::multipart::Part::bytes(bytes).file_name("to-deler.zip"));
        let response = admin.post(app.url("/admin/kurs/SIK-100/pakke")).header("Accept", "application/json")
            .multipart(form).send().await.unwrap();
        assert_eq!(response.status(), 201);

        let learner = registered_learner(&app, "pia@eksempel.no", "full_catalogue", &synthetic_national_id(85)).await;
        let (_, player) = app.call_as(&learner, "elearning/player", &[("code", "SIK-100")]).await;
        let play = &player["package"];
        let titles: Vec<_> = play["parts"].as_array().unwrap().iter()
            .map(|p| (p["title"].as_str().unwrap(), p["depth"].as_u64().unwrap(), p["launch"].as_u64())).collect();
        assert_eq!(titles, [("Kapittel 1", 0, None), ("Del 1", 1, Some(0)), ("Del 2", 1, Some(1))]);
        let (first, second) = (play["frames"][0].as_str().unwrap(), play["frames"][1].as_str().unwrap());
        let (_, launch, _) = open(second).await;
        assert_eq!((&launch["version"], &launch["cmi"]["scaled_passing_score"]), (&json!("2004"), &json!("0.6")));

        // The second part passed first: not done while the first is not.
        let passed = json!({"completion_status": "completed", "success_status": "unknown",
                            "score": {"scaled": "0.75"}, "session_time": "PT2M"});
        let (status, body) = commit(&app, second, json!({"session": "a", "terminated": true, "cmi": passed})).await;
        assert_eq!((status, &body["status"]), (200, &json!("incomplete")), "{body}");
        assert!(body["certificateCode"].is_null());
        let (_, player) = app.call_as(&learner, "elearning/player", &[("code", "SIK-100")]).await;
        let states: Vec<_> = player["package"]["parts"].as_array().unwrap().iter().map(|p| p["status"].clone()).collect();
        assert_eq!(states, [json!(null), json!("not attempted"), json!("passed")]);
        assert_eq!(player["package"]["next"], 0, "the part not done opens first");

        let done = json!({"completion_status": "completed", "session_time": "PT1M30S"});
        let (status, body) = commit(&app, first, json!({"session": "b", "terminated": true, "cmi": done})).await;
        assert_eq!((status, &body["status"]), (200, &json!("passed")), "{body}");
        assert!(body["certificateCode"].is_string());
        let row = attempt::Entity::find().one(&app.db).await.unwrap().unwrap();
        assert_eq!((row.total_seconds, row.score_percent), (210, Some(75)));
    }
}
