//! E-learning packages from authoring tools over HTTP: a course administrator uploads the two
//! golf packages (SCORM 1.2 and 2004) as versions 1 and 2, with their files in the database;
//! every bad package (not a zip, no manifest, broken XML, an entity bomb, a missing file, zip
//! slip, a symbolic link, too many files, a zip bomb) gets its reason at the field and stores
//! nothing; a form posted without JavaScript shows the reason on the editor page; learners and
//! visitors cannot upload; removing the package removes its files.
use crate::common::{TestApp, TestOptions, registered_learner, synthetic_national_id};
use kursportal::entity::{audit_log, elearning_package as package, elearning_package_file as package_file};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::io::Write;

const KURSADMIN: (&str, &str) = ("kursadmin@kursportal.test", "demo-passord-kursadmin");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/scorm/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in files {
        writer.start_file(*name, options).unwrap();
        writer.write_all(content).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

const MINIMAL: &str = r#"<?xml version="1.0"?>
<manifest identifier="m" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>Kurs</title>
    <item identifier="i" identifierref="r"><title>Del 1</title></item></organization></organizations>
  <resources><resource identifier="r" adlcp:scormtype="sco" href="index.html"><file href="index.html"/></resource></resources>
</manifest>"#;

async fn signed_in(app: &TestApp, (email, password): (&str, &str)) -> reqwest::Client {
    let client = app.new_client();
    app.login_as(&client, email, password).await;
    client
}

/// Uploads as a script: the status and the JSON answer.
async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    name: &str,
    bytes: Vec<u8>,
) -> (u16, serde_json::Value) {
    let form = reqwest::multipart::Form::new().part(
        "package",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    let response = client
        .post(app.url("/admin/kurs/SIK-100/pakke"))
        .header("Origin", app.address.clone())
        .header("Accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

async fn stored(app: &TestApp) -> (u64, u64) {
    (
        package::Entity::find().count(&app.db).await.unwrap(),
        package_file::Entity::find().count(&app.db).await.unwrap(),
    )
}

on_both_databases! {
    async fn the_golf_packages_are_stored_as_versions_with_their_files(app) {
        let admin = signed_in(&app, KURSADMIN).await;
        let (status, body) = upload(&app, &admin, "golf12.zip", fixture("golf-RuntimeBasicCalls_SCORM12.zip")).await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(body["version"], 1);
        assert_eq!(body["scorm"], "SCORM 1.2");
        assert_eq!(body["title"], "Golf Explained - Run-time Basic Calls");
        assert_eq!(body["parts"][0]["title"], "Golf Explained");
        assert_eq!(body["parts"][0]["sco"], true);
        let (status, body) =
            upload(&app, &admin, "golf2004.zip", fixture("golf-RunTimeAdvancedCalls_SCORM20043rdEdition.zip")).await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(body["version"], 2);
        assert_eq!(body["scorm"], "SCORM 2004 3rd Edition");

        // Every file is in the database, with the type it will be served with.
        let newest = package::Entity::find().filter(package::Column::Version.eq(2)).one(&app.db).await.unwrap().unwrap();
        assert_eq!(newest.scorm_version, "2004-3");
        assert_eq!(newest.file_name, "golf2004.zip");
        let launch = package_file::Entity::find_by_id((newest.id, "shared/launchpage.html".to_string()))
            .one(&app.db).await.unwrap().expect("the launch page is stored");
        assert_eq!(launch.content_type, "text/html; charset=utf-8");
        assert!(String::from_utf8_lossy(&launch.bytes).contains("<html"));
        let files = package_file::Entity::find().filter(package_file::Column::PackageId.eq(newest.id)).count(&app.db).await.unwrap();
        assert_eq!(files, newest.file_count as u64);
        assert!(files > 40);
        let audited = audit_log::Entity::find().filter(audit_log::Column::Action.eq("elearning.package_uploaded")).count(&app.db).await.unwrap();
        assert_eq!(audited, 2);

        // The editor shows the newest version; removing it removes every version's files.
        let (status, content) = app.call_as(&admin, "elearning/content", &[("code", "SIK-100")]).await;
        assert_eq!(status, 200);
        assert_eq!(content["package"]["version"], 2);
        assert_eq!(content["package"]["file_name"], "golf2004.zip");
        let (status, _) = app.call_as(&admin, "elearning/remove-package", &[("code", "SIK-100")]).await;
        assert!(status < 400, "{status}");
        assert_eq!(stored(&app).await, (0, 0));
        let (_, content) = app.call_as(&admin, "elearning/content", &[("code", "SIK-100")]).await;
        assert!(content["package"].is_null());
        let (status, _) = app.call_as(&admin, "elearning/remove-package", &[("code", "SIK-100")]).await;
        assert_eq!(status, 404, "nothing left to remove");
    }

    async fn a_form_posted_without_javascript_shows_the_reason_on_the_editor(app) {
        let admin = signed_in(&app, KURSADMIN).await;
        let form = reqwest::multipart::Form::new()
            .part("package", reqwest::multipart::Part::bytes(b"not a zip".to_vec()).file_name("kurs.zip"));
        let response = admin.post(app.url("/admin/kurs/SIK-100/pakke")).header("Origin", app.address.clone())
            .multipart(form).send().await.unwrap();
        assert_eq!(response.status(), 303);
        let back = response.headers()["location"].to_str().unwrap().to_string();
        assert_eq!(back, "/admin/kurs/SIK-100/e-laering?pakkefeil=1#pakke");
        let page = admin.get(app.url(&back)).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("Pakken ble ikke lagret."), "the refusal is shown");
        assert!(page.contains("Filen er ikke en zip-fil."), "with its reason");
        let again = admin.get(app.url(&back)).send().await.unwrap().text().await.unwrap();
        assert!(!again.contains("Filen er ikke en zip-fil."), "once");

        let form = reqwest::multipart::Form::new().part(
            "package",
            reqwest::multipart::Part::bytes(fixture("golf-RuntimeBasicCalls_SCORM12.zip")).file_name("golf.zip"),
        );
        let response = admin.post(app.url("/admin/kurs/SIK-100/pakke")).header("Origin", app.address.clone())
            .multipart(form).send().await.unwrap();
        assert_eq!(response.status(), 303);
        let back = response.headers()["location"].to_str().unwrap().to_string();
        assert_eq!(back, "/admin/kurs/SIK-100/e-laering?pakke=1#pakke");
        let page = admin.get(app.url(&back)).send().await.unwrap().text().await.unwrap();
        // The version is put into the sentence (with hydration markers around it).
        let page = page.replace("<!>", "").replace("<!---->", "");
        assert!(page.contains("Pakken er lagret som versjon 1."), "the version is shown");
        assert!(page.contains("Golf Explained - Run-time Basic Calls"));
    }

    async fn two_uploads_at_once_become_two_versions(app) {
        let admin = signed_in(&app, KURSADMIN).await;
        let golf = fixture("golf-RuntimeBasicCalls_SCORM12.zip");
        let (first, second) = tokio::join!(
            upload(&app, &admin, "a.zip", golf.clone()),
            upload(&app, &admin, "b.zip", golf.clone()),
        );
        assert_eq!((first.0, second.0), (201, 201), "{first:?} {second:?}");
        let mut versions = [first.1["version"].as_i64(), second.1["version"].as_i64()];
        versions.sort();
        assert_eq!(versions, [Some(1), Some(2)]);
    }

    async fn only_the_course_s_administrators_upload(app) {
        let golf = fixture("golf-RuntimeBasicCalls_SCORM12.zip");
        let (status, _) = upload(&app, &app.new_client(), "golf.zip", golf.clone()).await;
        assert_eq!(status, 401, "not signed in");
        let learner = registered_learner(&app, "pakke@eksempel.no", "full_catalogue", &synthetic_national_id(91)).await;
        let (status, _) = upload(&app, &learner, "golf.zip", golf.clone()).await;
        assert_eq!(status, 403, "a learner");
        let (status, _) = app.call_as(&learner, "elearning/remove-package", &[("code", "SIK-100")]).await;
        assert_eq!(status, 403);
        assert_eq!(stored(&app).await, (0, 0));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_package_gets_its_reason_and_stores_nothing_sqlite() {
    let test = every_bad_package_gets_its_reason_and_stores_nothing(crate::common::Backend::Sqlite);
    tokio::time::timeout(crate::common::TEST_DEADLINE, test)
        .await
        .expect("the test hung");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_package_gets_its_reason_and_stores_nothing_postgres() {
    let test = every_bad_package_gets_its_reason_and_stores_nothing(crate::common::Backend::Postgres);
    tokio::time::timeout(crate::common::TEST_DEADLINE, test)
        .await
        .expect("the test hung");
}

async fn every_bad_package_gets_its_reason_and_stores_nothing(backend: crate::common::Backend) {
    let Some(app) = crate::common::spawn_app_with(backend, small_limits()).await else {
        return;
    };
    let admin = signed_in(&app, KURSADMIN).await;
    let bomb_manifest = r#"<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><manifest identifier="&b;"/>"#;
    let mut symlink = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    symlink
        .start_file("imsmanifest.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    symlink.write_all(MINIMAL.as_bytes()).unwrap();
    symlink
        .add_symlink(
            "index.html",
            "/etc/passwd",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
    let symlink = symlink.finish().unwrap().into_inner();
    let zeros = vec![0u8; 12 << 20];
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("nothing", Vec::new(), "Velg en pakke"),
        ("not a zip", b"%PDF-1.7 not a zip".to_vec(), "ikke en zip-fil"),
        (
            "no manifest",
            zip_of(&[("index.html", b"<p>hei</p>")]),
            "ingen imsmanifest.xml",
        ),
        (
            "broken XML",
            zip_of(&[("imsmanifest.xml", b"<manifest><organizations>")]),
            "ikke gyldig XML",
        ),
        (
            "entity bomb",
            zip_of(&[("imsmanifest.xml", bomb_manifest.as_bytes())]),
            "dokumenttype",
        ),
        (
            "missing file",
            zip_of(&[("imsmanifest.xml", MINIMAL.as_bytes())]),
            "«index.html», men filen finnes ikke i pakken",
        ),
        (
            "zip slip",
            zip_of(&[
                ("imsmanifest.xml", MINIMAL.as_bytes()),
                ("index.html", b"x"),
                ("../../../etc/cron.d/evil", b"x"),
            ]),
            "peker ut av pakken",
        ),
        (
            "absolute path",
            zip_of(&[("/tmp/evil.sh", b"x")]),
            "peker ut av pakken",
        ),
        ("symlink", symlink, "snarvei"),
        (
            "too many files",
            zip_of(&[
                ("imsmanifest.xml", MINIMAL.as_bytes()),
                ("index.html", b"x"),
                ("a.js", b"x"),
                ("b.js", b"x"),
            ]),
            "4 filer; mer enn 3",
        ),
        (
            "zip bomb",
            zip_of(&[("imsmanifest.xml", MINIMAL.as_bytes()), ("index.html", &zeros)]),
            "større enn 10 MB når den pakkes ut",
        ),
    ];
    for (what, bytes, reason) in cases {
        let (status, body) = upload(&app, &admin, "pakke.zip", bytes).await;
        assert_eq!(status, 400, "{what}: {body}");
        assert_eq!(body["field"], "package", "{what}: {body}");
        let message = body["message"]["text"].as_str().unwrap_or_default();
        assert!(message.contains(reason), "{what}: {message}");
        assert_eq!(stored(&app).await, (0, 0), "{what}: nothing stored");
    }
}

/// The limits come from the configuration: here 3 files and 10 MB unpacked (the zip bomb above
/// inflates to 12 MB from a few kilobytes).
pub(crate) fn small_limits() -> TestOptions {
    TestOptions {
        seed_demo: true,
        env: vec![
            ("KURSPORTAL_PACKAGE_MAX_FILES", "3".to_string()),
            ("KURSPORTAL_PACKAGE_MAX_UNPACKED_MB", "10".to_string()),
        ],
        ..Default::default()
    }
}
