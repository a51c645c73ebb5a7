//! Catalogue benchmark: prints figures, asserts nothing.
//!
//! With 10,000 courses and 50,000 sessions loaded, on SQLite and (when
//! `KURSPORTAL_TEST_POSTGRES_URL` names a server) PostgreSQL:
//! - suggestion latency over HTTP (p50, p99) for 2,000 sequential requests with varied prefixes,
//!   and the in-process index search alone;
//! - suggestion latency at 50 concurrent connections (p50, p99);
//! - requests per second of the catalogue page `/kurs` (server-rendered HTML), plain and with
//!   the kind, place and month filters, at 50 concurrent connections for 10 seconds: as
//!   anonymous visitors get it (the page cache answers) and rendered every time (a second
//!   instance with `KURSPORTAL_PAGE_CACHE_SECONDS=0`, what a logged-in learner costs);
//! - beside them, in the same run, a plain axum handler answering "ok" under the same load, and
//!   each page's rate as a share of it.
//!
//! Run: `cargo bench -p server --bench catalogue` (or `./kursportal.sh bench`).
use kursportal::{
    catalogue::search::query_words,
    config::Config,
    db, demo,
    entity::{category, course, session},
    startup::Application,
};
use sea_orm::{ActiveValue::Set, ConnectionTrait, Database, EntityTrait, TransactionTrait};
use std::{
    collections::HashMap,
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

const COURSES: usize = 10_000;
const SESSIONS: usize = 50_000;
const CONNECTIONS: usize = 50;
const LOAD_SECONDS: u64 = 10;
const SUGGESTIONS: usize = 2_000;

const WORDS: &[&str] = &[
    "sikkerhet",
    "spor",
    "signal",
    "kontaktledning",
    "førstehjelp",
    "hms",
    "arbeidsmiljø",
    "truck",
    "kran",
    "stillas",
    "varme",
    "fallsikring",
    "e-læring",
    "legemidler",
    "hygiene",
    "brann",
    "tunnel",
    "elektro",
    "maskin",
    "fører",
    "vedlikehold",
    "beredskap",
    "smittevern",
    "lederkurs",
    "kommunikasjon",
    "anlegg",
];

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

/// Loads the big catalogue on top of the demo data, in batches.
async fn load_catalogue(db: &sea_orm::DatabaseConnection) {
    demo::seed(db).await.expect("demo data");
    let categories = category::Entity::find().all(db).await.expect("categories");
    let now = chrono::Utc::now();
    let txn = db.begin().await.expect("txn");
    let mut course_ids = Vec::with_capacity(COURSES);
    for chunk in (0..COURSES).collect::<Vec<_>>().chunks(500) {
        let rows: Vec<course::ActiveModel> = chunk
            .iter()
            .map(|&n| {
                let (a, b) = (WORDS[n % WORDS.len()], WORDS[(n / WORDS.len() + 7) % WORDS.len()]);
                let category = &categories[n % categories.len()];
                let title = format!("{} og {} – nivå {}", capitalise(a), b, n % 9 + 1);
                let code = format!("BEN-{n:05}");
                course::ActiveModel {
                    code: Set(code.clone()),
                    title: Set(title.clone()),
                    summary: Set(format!("Kurs om {a} og {b} for alle som arbeider med {b}.")),
                    description: Set("Beskrivelse.".into()),
                    agenda: Set("Del 1\nDel 2".into()),
                    target_group: Set("Alle".into()),
                    kind: Set([
                        "classroom",
                        "e_learning",
                        "written_exam",
                        "practical_exam",
                        "practice",
                    ][n % 5]
                        .into()),
                    category_id: Set(category.id),
                    duration: Set("1 dag".into()),
                    place: Set(Some(["Oslo", "Bergen", "Trondheim", "Drammen"][n % 4].into())),
                    price_nok: Set(n.is_multiple_of(3).then_some(2500)),
                    validity_months: Set(None),
                    keywords: Set(format!("{a}, {b}")),
                    search_text: Set(format!("{code} {title} {a} {b}").to_lowercase()),
                    contact_name: Set("Kari".into()),
                    contact_email: Set("kari@kursportal.test".into()),
                    contact_phone: Set(None),
                    published: Set(true),
                    created_at: Set(now),
                    prerequisites: Set(String::new()),
                    updated_at: Set(Some(now)),
                    ..Default::default()
                }
            })
            .collect();
        course::Entity::insert_many(rows)
            .exec(&txn)
            .await
            .expect("courses");
    }
    txn.commit().await.expect("commit");
    let ids: Vec<i64> = course::Entity::find()
        .all(db)
        .await
        .expect("ids")
        .into_iter()
        .filter(|c| c.code.starts_with("BEN-"))
        .map(|c| c.id)
        .collect();
    course_ids.extend(ids);
    let txn = db.begin().await.expect("txn");
    for chunk in (0..SESSIONS).collect::<Vec<_>>().chunks(1000) {
        let rows: Vec<session::ActiveModel> = chunk
            .iter()
            .map(|&n| {
                let starts = now + chrono::Duration::days((n % 365) as i64 + 1);
                session::ActiveModel {
                    course_id: Set(course_ids[n % course_ids.len()]),
                    starts_at: Set(starts),
                    ends_at: Set(starts + chrono::Duration::hours(7)),
                    place: Set(["Oslo", "Bergen", "Trondheim", "Drammen", "Tromsø"][n % 5].into()),
                    instructor: Set(None),
                    capacity: Set(12),
                    enrolment_deadline: Set(starts - chrono::Duration::days(3)),
                    lock_version: Set(0),
                    cancelled_at: Set(None),
                    created_at: Set(now),
                    instructor_account_id: Set(None),
                    ..Default::default()
                }
            })
            .collect();
        session::Entity::insert_many(rows)
            .exec(&txn)
            .await
            .expect("sessions");
    }
    txn.commit().await.expect("commit");
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// Prefixes a person might have typed: 2 to 6 letters of a word, sometimes two words.
fn typed(n: usize) -> String {
    let word = WORDS[n % WORDS.len()];
    let len = 2 + n % 5;
    let prefix: String = word.chars().take(len).collect();
    if n.is_multiple_of(4) {
        format!("{} {}", WORDS[(n / 3) % WORDS.len()], prefix)
    } else {
        prefix
    }
}

/// Under load: requests per second, failed requests and the sorted latencies.
struct Load {
    per_second: f64,
    errors: u64,
    latencies: Vec<Duration>,
}

/// `CONNECTIONS` concurrent keep-alive connections asking for `url(n)` (n counts each
/// connection's requests) for `LOAD_SECONDS` after a one-second warm-up.
async fn load(url: impl Fn(usize) -> String + Clone + Send + 'static) -> Load {
    let measuring = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicBool::new(false));
    let errors = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for connection in 0..CONNECTIONS {
        let (measuring, done, errors, url) = (measuring.clone(), done.clone(), errors.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .pool_max_idle_per_host(1)
                .build()
                .expect("client");
            let mut latencies = Vec::new();
            let mut n = connection * 7919;
            while !done.load(Ordering::Relaxed) {
                n += 1;
                let started = Instant::now();
                match client.get(url(n)).send().await {
                    Ok(response) if response.status().is_success() => {
                        let _ = response.bytes().await;
                        if measuring.load(Ordering::Relaxed) && !done.load(Ordering::Relaxed) {
                            latencies.push(started.elapsed());
                        }
                    }
                    _ => {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
            latencies
        }));
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    measuring.store(true, Ordering::Relaxed);
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs(LOAD_SECONDS)).await;
    done.store(true, Ordering::Relaxed);
    let elapsed = started.elapsed().as_secs_f64();
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.unwrap_or_default());
    }
    latencies.sort();
    Load {
        per_second: latencies.len() as f64 / elapsed,
        errors: errors.load(Ordering::Relaxed),
        latencies,
    }
}

async fn plain_axum() -> String {
    let router = axum::Router::new().route("/", axum::routing::get(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = format!("http://{}/", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    address
}

async fn bench(name: &str, url: &str, dir: &std::path::Path) {
    let started = Instant::now();
    let db = db::connect(url).await.expect("connect");
    db::migrate(&db).await.expect("migrate");
    load_catalogue(&db).await;
    let loaded = started.elapsed();

    let vars: HashMap<&str, String> = HashMap::from([
        ("DATABASE_URL", url.to_string()),
        ("KURSPORTAL_ADDR", "127.0.0.1:0".to_string()),
        (
            "KURSPORTAL_SECRET_KEY",
            "62656e63682d6b65792d6e6f742d666f722d70726f64756374696f6e2d757365".to_string(),
        ),
        ("KURSPORTAL_DATA_DIR", dir.display().to_string()),
        ("KURSPORTAL_SITE_ROOT", dir.join("site").display().to_string()),
    ]);
    let config = Config::from_lookup(|name| vars.get(name).cloned()).expect("config");
    let app = Application::build_with_db(config, db.clone()).await.expect("app");
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let mut uncached = vars.clone();
    uncached.insert("KURSPORTAL_PAGE_CACHE_SECONDS", "0".into());
    let config = Config::from_lookup(|name| uncached.get(name).cloned()).expect("config");
    let app = Application::build_with_db(config, db.clone()).await.expect("app");
    let rendering = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());

    // The index alone, in process.
    let index = kursportal::catalogue::search::SearchIndex::default();
    let indexed = index.reload(&db).await.expect("index");
    let snapshot = index.snapshot();
    let mut in_process = Vec::with_capacity(SUGGESTIONS);
    for n in 0..SUGGESTIONS {
        let words = query_words(&typed(n));
        let t = Instant::now();
        std::hint::black_box(snapshot.search(&words, false, 8));
        in_process.push(t.elapsed());
    }
    in_process.sort();

    // Over HTTP, one request at a time (what one person typing sees).
    let client = reqwest::Client::new();
    let mut over_http = Vec::with_capacity(SUGGESTIONS);
    let mut empty = 0;
    for n in 0..SUGGESTIONS + 100 {
        let url = format!("{base}/api/catalogue/suggest?text={}", urlencode(&typed(n)));
        let t = Instant::now();
        let body = client
            .get(&url)
            .send()
            .await
            .expect("suggest")
            .text()
            .await
            .expect("body");
        let took = t.elapsed();
        if n >= 100 {
            over_http.push(took);
            if body == "[]" {
                empty += 1;
            }
        }
    }
    over_http.sort();

    let suggest_base = base.clone();
    let suggesting = load(move |n| {
        format!(
            "{suggest_base}/api/catalogue/suggest?text={}",
            urlencode(&typed(n))
        )
    })
    .await;
    let filters = format!("/kurs?type=classroom&sted=Bergen&maaned={}&side=3", next_month());
    let [catalogue, filtered, rendered, rendered_filtered] = [
        format!("{base}/kurs"),
        format!("{base}{filters}"),
        format!("{rendering}/kurs"),
        format!("{rendering}{filters}"),
    ]
    .map(|url| load(move |_| url.clone()));
    let (catalogue, filtered) = (catalogue.await, filtered.await);
    let (rendered, rendered_filtered) = (rendered.await, rendered_filtered.await);
    let plain_url = plain_axum().await;
    let plain = load(move |_| plain_url.clone()).await;

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let ratio = |load: &Load| 100.0 * load.per_second / plain.per_second.max(1.0);
    println!(
        "\n== {name}: {indexed} published courses, {SESSIONS} sessions (loaded in {:.1} s)",
        loaded.as_secs_f64()
    );
    println!(
        "suggestions, one at a time   p50 {:>7.2} ms   p99 {:>7.2} ms   ({SUGGESTIONS} requests, {empty} without hits)",
        ms(percentile(&over_http, 0.5)),
        ms(percentile(&over_http, 0.99))
    );
    println!(
        "suggestions, {CONNECTIONS} connections p50 {:>7.2} ms   p99 {:>7.2} ms   ({:.0} req/s, {} errors; target p99 <= 3 ms)",
        ms(percentile(&suggesting.latencies, 0.5)),
        ms(percentile(&suggesting.latencies, 0.99)),
        suggesting.per_second,
        suggesting.errors
    );
    println!(
        "index search alone           p50 {:>7.3} ms   p99 {:>7.3} ms",
        ms(percentile(&in_process, 0.5)),
        ms(percentile(&in_process, 0.99))
    );
    for (what, load, target) in [
        ("GET /kurs, anonymous          ", &catalogue, 10),
        ("GET /kurs, rendered           ", &rendered, 10),
        ("GET /kurs filtered, anonymous ", &filtered, 5),
        ("GET /kurs filtered, rendered  ", &rendered_filtered, 5),
    ] {
        println!(
            "{what}{:>8.0} req/s  {:>5.1} % of plain axum (target >= {target} %; {} errors)",
            load.per_second,
            ratio(load),
            load.errors
        );
    }
    println!(
        "plain axum \"ok\"              {:>8.0} req/s  (same run, same {CONNECTIONS} connections; {} errors)",
        plain.per_second, plain.errors
    );
}

/// `YYYY-MM` of next month, for the month filter.
fn next_month() -> String {
    use chrono::Datelike;
    let today = chrono::Utc::now().date_naive();
    let (year, month) = match today.month() {
        12 => (today.year() + 1, 1),
        month => (today.year(), month + 1),
    };
    format!("{year:04}-{month:02}")
}

fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

fn main() {
    // `cargo bench` passes --bench; anything else asks for the list of benchmarks.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        println!(
            "Kursportal catalogue benchmark on {} CPU(s); load generator and server share them.",
            std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
        );
        let dir = std::env::temp_dir().join(format!("kursportal-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        bench(
            "SQLite",
            &format!("sqlite://{}/bench.db?mode=rwc", dir.display()),
            &dir,
        )
        .await;
        match std::env::var("KURSPORTAL_TEST_POSTGRES_URL") {
            Ok(admin) => {
                let server = Database::connect(&admin).await.expect("PostgreSQL");
                server
                    .execute_unprepared("DROP DATABASE IF EXISTS kp_bench")
                    .await
                    .expect("drop");
                server
                    .execute_unprepared("CREATE DATABASE kp_bench")
                    .await
                    .expect("create");
                let url = format!(
                    "{}/kp_bench",
                    admin.rsplit_once('/').map(|(base, _)| base).unwrap_or(&admin)
                );
                bench("PostgreSQL", &url, &dir).await;
            }
            Err(_) => println!("\n(PostgreSQL skipped: KURSPORTAL_TEST_POSTGRES_URL is not set)"),
        }
        let _ = std::fs::remove_dir_all(&dir);
    });
}
