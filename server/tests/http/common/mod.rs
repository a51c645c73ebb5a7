//! The test harness: the real application on a random port, with its own database.

pub mod smtp;

use kursportal::{config::Config, db, demo, mail::Mailer, startup::Application};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use std::collections::HashMap;

/// The bearer token of `/metrics` in the tests.
pub const METRICS_TOKEN: &str = "the metrics token of the tests";
pub const TEST_SECRET_KEY: &str = "6b7572736f7274616c2d746573742d6b65792d6e6f742d666f722d70726f6421";

/// The two databases the portal runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: DatabaseConnection,
    pub mailer: Mailer,
    #[allow(dead_code)] // for tests that behave differently per database
    pub backend: Backend,
    #[allow(dead_code)] // where the SQLite file and mail files of this app live
    pub data_dir: std::path::PathBuf,
    #[allow(dead_code)] // for a second process on the same database
    pub database_url: String,
    #[allow(dead_code)] // where packages play
    pub content_url: String,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request failed")
    }

    /// Status and HTML of a page, with Leptos' hydration markers (`<!>`) removed so that
    /// tests can look for the text a person reads.
    pub async fn get_html(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.expect("body").replace("<!>", ""))
    }

    /// A GET server function (e.g. suggestions): status and JSON.
    pub async fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        let text = response.text().await.expect("body");
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
        )
    }

    /// Calls a server function the way the hydrated client does (form-encoded POST).
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> (u16, serde_json::Value) {
        self.call_as(&self.client, endpoint, form).await
    }

    /// Calls a GET server function (a search) with its arguments in the query string.
    pub async fn call_get(&self, endpoint: &str, query: &[(&str, &str)]) -> (u16, serde_json::Value) {
        self.call_get_as(&self.client, endpoint, query).await
    }

    /// [`Self::call_get`] with a given client (cookie jar).
    pub async fn call_get_as(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        query: &[(&str, &str)],
    ) -> (u16, serde_json::Value) {
        let response = client
            .get(self.url(&format!("/api/{endpoint}")))
            .query(query)
            .send()
            .await
            .expect("request failed");
        let status = response.status().as_u16();
        let text = response.text().await.expect("body");
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
        )
    }

    /// A second browser: its own cookie jar.
    pub fn new_client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    /// Signs `client` in (200 or a redirect expected).
    pub async fn login_as(&self, client: &reqwest::Client, identifier: &str, password: &str) {
        let (status, body) = self
            .call_as(
                client,
                "accounts/login",
                &[("identifier", identifier), ("password", password)],
            )
            .await;
        assert!(status < 400, "login of {identifier} failed: {status} {body}");
    }

    /// The id of the account that logs in with `email`.
    pub async fn account_id(&self, email: &str) -> i64 {
        use kursportal::entity::account;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        account::Entity::find()
            .filter(account::Column::Email.eq(email))
            .one(&self.db)
            .await
            .expect("accounts")
            .unwrap_or_else(|| panic!("no account {email}"))
            .id
    }

    /// The messages queued for `address`, oldest first.
    pub async fn mails_to(&self, address: &str) -> Vec<kursportal::mail::outbox::Model> {
        use kursportal::mail::outbox;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        outbox::Entity::find()
            .filter(outbox::Column::Recipient.eq(address))
            .order_by_asc(outbox::Column::Id)
            .all(&self.db)
            .await
            .expect("outbox")
    }

    /// The token of the last link to `path_prefix` (e.g. `/konto/aktiver/`) mailed to `address`,
    /// read from the delivered copy (the outbox blanks links once a message is sent). Waits
    /// for the mail worker to deliver everything queued for `address`.
    pub async fn link_token(&self, address: &str, path_prefix: &str) -> String {
        use kursportal::mail::outbox;
        for _ in 0..200 {
            let mails = self.mails_to(address).await;
            if !mails.is_empty() && mails.iter().all(|mail| mail.status == outbox::STATUS_SENT) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let body = self
            .delivered_to(address)
            .into_iter()
            .rev()
            .find(|text| text.contains(path_prefix))
            .unwrap_or_else(|| panic!("no {path_prefix} link delivered to {address}"));
        let start = body.find(path_prefix).expect("link") + path_prefix.len();
        body[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    }

    /// The messages the file transport delivered to `address`, oldest first, with their
    /// quoted-printable line breaks undone.
    pub fn delivered_to(&self, address: &str) -> Vec<String> {
        let mut files: Vec<(std::time::SystemTime, String)> = std::fs::read_dir(self.data_dir.join("mail"))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|file| {
                let modified = file.metadata().ok()?.modified().ok()?;
                let text = std::fs::read_to_string(file.path()).ok()?;
                Some((modified, text.replace("=\r\n", "").replace("=\n", "")))
            })
            .filter(|(_, text)| {
                text.lines()
                    .take_while(|line| !line.is_empty())
                    .any(|line| line.starts_with("To:") && line.contains(address))
            })
            .collect();
        files.sort();
        files.into_iter().map(|(_, text)| text).collect()
    }

    /// Calls a server function with a given client (cookie jar).
    pub async fn call_as(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> (u16, serde_json::Value) {
        let response = client
            .post(self.url(&format!("/api/{endpoint}")))
            .form(form)
            .send()
            .await
            .expect("request failed");
        let status = response.status().as_u16();
        let text = response.text().await.expect("body");
        let json = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
        (status, json)
    }
}

/// Options a test may change before the app starts.
#[derive(Default)]
pub struct TestOptions {
    pub smtp_url: Option<String>,
    pub seed_demo: bool,
    /// More configuration variables, e.g. `KURSPORTAL_REQUIRE_NATIONAL_ID=false`.
    pub env: Vec<(&'static str, String)>,
}

/// The PostgreSQL server for tests, if one is configured (the test command always sets it).
pub fn postgres_admin_url() -> Option<String> {
    std::env::var("KURSPORTAL_TEST_POSTGRES_URL")
        .ok()
        .filter(|v| !v.is_empty())
}

/// A fresh, empty database for one test; `None` for PostgreSQL when none is configured.
pub async fn fresh_database(backend: Backend, dir: &std::path::Path) -> Option<String> {
    match backend {
        Backend::Sqlite => Some(format!("sqlite://{}/test.db?mode=rwc", dir.display())),
        Backend::Postgres => {
            let Some(admin_url) = postgres_admin_url() else {
                eprintln!(
                    "KURSPORTAL_TEST_POSTGRES_URL is not set: the PostgreSQL variant of this test is skipped"
                );
                return None;
            };
            let name = format!("kp_test_{}", uuid::Uuid::new_v4().simple());
            let admin = Database::connect(&admin_url)
                .await
                .expect("connect to the PostgreSQL test server");
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("create test database");
            admin.close().await.ok();
            Some(with_database_name(&admin_url, &name))
        }
    }
}

/// `postgres://user@host:5432/postgres?x=y` with the database name replaced.
fn with_database_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_part = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{host_part}/{name}?{query}"),
        None => format!("{host_part}/{name}"),
    }
}

/// A fresh database with every migration applied, without an application on it.
pub async fn migrated_database(backend: Backend) -> Option<DatabaseConnection> {
    let dir = std::env::temp_dir().join(format!("kursportal-test-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let url = fresh_database(backend, &dir).await?;
    let db = db::connect(&url).await.expect("connect");
    db::migrate(&db).await.expect("migrate");
    Some(db)
}

pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(
        backend,
        TestOptions {
            seed_demo: true,
            ..Default::default()
        },
    )
    .await
}

pub async fn spawn_app_with(backend: Backend, options: TestOptions) -> Option<TestApp> {
    let data_dir = std::env::temp_dir().join(format!("kursportal-test-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&data_dir).expect("temp dir");
    let database_url = fresh_database(backend, &data_dir).await?;
    let mut vars: HashMap<&str, String> = HashMap::from([
        ("DATABASE_URL", database_url.clone()),
        ("KURSPORTAL_ADDR", "127.0.0.1:0".to_string()),
        ("KURSPORTAL_SECRET_KEY", TEST_SECRET_KEY.to_string()),
        ("KURSPORTAL_METRICS_TOKEN", METRICS_TOKEN.to_string()),
        ("KURSPORTAL_DATA_DIR", data_dir.display().to_string()),
        (
            "KURSPORTAL_SUPPORT_EMAIL",
            "brukerstotte@kursportal.test".to_string(),
        ),
        (
            "KURSPORTAL_SITE_ROOT",
            data_dir.join("site").display().to_string(),
        ),
    ]);
    if let Some(smtp) = options.smtp_url {
        vars.insert("SMTP_URL", smtp);
    }
    vars.extend(options.env);
    let config = Config::from_lookup(|name| vars.get(name).cloned()).expect("test configuration");

    let db = db::connect(&database_url).await.expect("connect");
    db::migrate(&db).await.expect("migrate");
    if options.seed_demo {
        demo::seed(&db).await.expect("seed demo data");
    }
    let app = Application::build_with_db(config, db.clone())
        .await
        .expect("build app");
    let address = format!("http://127.0.0.1:{}", app.port());
    let mailer = app.mailer().clone();
    let content_url = app.content_url().to_string();
    tokio::spawn(app.run_until_stopped());

    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    Some(TestApp {
        address,
        client,
        db,
        mailer,
        backend,
        data_dir,
        database_url,
        content_url,
    })
}

/// The course codes of a catalogue page (`catalogue/courses`' answer).
#[allow(dead_code)]
pub fn codes(page: &serde_json::Value) -> Vec<String> {
    page["courses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap().to_string())
        .collect()
}

/// How long one HTTP test may take before it is failed as hung.
pub const TEST_DEADLINE: std::time::Duration = std::time::Duration::from_secs(90);

/// Writes `sqlite` and `postgres` variants of each test, each failed (not left hanging)
/// when it runs past [`TEST_DEADLINE`].
#[macro_export]
macro_rules! on_both_databases {
    ($(async fn $name:ident($app:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let test = async {
                    let $app = $crate::common::spawn_app($crate::common::Backend::Sqlite).await.expect("sqlite app");
                    $body
                };
                tokio::time::timeout($crate::common::TEST_DEADLINE, test).await.expect("the test hung");
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let test = async {
                    let Some($app) = $crate::common::spawn_app($crate::common::Backend::Postgres).await else { return };
                    $body
                };
                tokio::time::timeout($crate::common::TEST_DEADLINE, test).await.expect("the test hung");
            }
        }
    )*};
}

/// A valid (made-up) fødselsnummer for test person `n`: born 1.1.1950 + n days, real check digits.
#[allow(dead_code)]
pub fn synthetic_national_id(n: u32) -> String {
    fn mod11(digits: &[u32], weights: &[u32]) -> Option<u32> {
        let sum: u32 = digits.iter().zip(weights).map(|(d, w)| d * w).sum();
        match 11 - sum % 11 {
            11 => Some(0),
            10 => None,
            k => Some(k),
        }
    }
    let mut day = chrono::NaiveDate::from_ymd_opt(1950, 1, 1).unwrap() + chrono::Duration::days(i64::from(n));
    let mut individual = 100 + n % 300;
    loop {
        let nine = format!("{}{individual:03}", day.format("%d%m%y"));
        let digits: Vec<u32> = nine.chars().filter_map(|c| c.to_digit(10)).collect();
        if let Some(k1) = mod11(&digits, &[3, 7, 6, 1, 8, 9, 4, 5, 2]) {
            let mut ten = digits.clone();
            ten.push(k1);
            if let Some(k2) = mod11(&ten, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) {
                return format!("{nine}{k1}{k2}");
            }
        }
        individual += 1;
        if individual > 499 {
            individual = 100;
            day += chrono::Duration::days(365);
        }
    }
}

/// The password every registered test learner gets.
#[allow(dead_code)]
pub const LEARNER_PASSWORD: &str = "blåbær på fjellet i august";

/// A learner of `user_type` («free_elearning», «full_catalogue»), employed by a demo company,
/// registered, activated and signed in on a client of their own.
#[allow(dead_code)]
pub async fn registered_learner(
    app: &TestApp,
    email: &str,
    user_type: &str,
    national_id: &str,
) -> reqwest::Client {
    let (_, companies) = app.call_get("accounts/companies", &[("query", "nordlys")]).await;
    let employer = companies[0]["id"].as_i64().unwrap().to_string();
    let form = [
        ("form[user_type]", user_type),
        ("form[full_name]", "Vera Viser"),
        ("form[email]", email),
        ("form[mobile]", "91234567"),
        ("form[national_id]", national_id),
        ("form[hms_card]", "7654321"),
        ("form[employer_id]", employer.as_str()),
    ];
    let (status, body) = app.call("accounts/register", &form).await;
    assert_eq!(status, 200, "{body}");
    let token = app.link_token(email, "/konto/aktiver/").await;
    app.call(
        "accounts/activate",
        &[
            ("token", &token),
            ("password", LEARNER_PASSWORD),
            ("repeat", LEARNER_PASSWORD),
        ],
    )
    .await;
    let client = app.new_client();
    app.login_as(&client, email, LEARNER_PASSWORD).await;
    client
}

#[cfg(test)]
mod tests {
    #[test]
    fn database_name_is_replaced() {
        assert_eq!(
            super::with_database_name("postgres://root@127.0.0.1:5432/postgres", "x"),
            "postgres://root@127.0.0.1:5432/x"
        );
        assert_eq!(
            super::with_database_name("postgres://127.0.0.1/test?sslmode=disable", "y"),
            "postgres://127.0.0.1/y?sslmode=disable"
        );
        assert_eq!(
            super::with_database_name("postgres://127.0.0.1", "z"),
            "postgres://127.0.0.1/z"
        );
    }
}
