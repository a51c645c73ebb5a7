//! E-learning package benchmark: prints figures, asserts nothing.
//!
//! A 100 MB SCORM package (the golf example's manifest and pages, and 120 media files of
//! 0.85 MB that do not compress, as video does) checked and stored as a course's package on
//! SQLite and (when `KURSPORTAL_TEST_POSTGRES_URL` names a server) PostgreSQL: the check
//! alone (every entry listed and inflated, the manifest read) and the whole upload (check,
//! then every file inflated again and written in one transaction).
//!
//! Then the latency of a commit from the player: 50 learners at once, each committing 20 times
//! with 64,000 characters of suspend data and a few interactions, over HTTP to the content
//! origin's router (the real handler: token check, runtime data read, one transaction). Target:
//! p99 ≤ 20 ms.
//!
//! Run: `cargo bench -p server --bench packages` (or `./kursportal.sh bench`).
use kursportal::{
    db, demo,
    elearning::package::{Limits, check, store},
    entity::{account, course},
};
use sea_orm::{ColumnTrait, ConnectionTrait, Database, EntityTrait, QueryFilter};
use std::{io::Write, sync::Arc, time::Instant};

/// The golf package with 120 incompressible «videos» added and named in its manifest.
fn package() -> Vec<u8> {
    let golf = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/scorm/golf-RuntimeBasicCalls_SCORM12.zip"
    ))
    .expect("the golf fixture");
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(golf)).expect("zip");
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut state = 0x9e37_79b9_u32;
    let mut noise = |len: usize| -> Vec<u8> {
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                state as u8
            })
            .collect()
    };
    let videos: Vec<String> = (0..120).map(|n| format!("media/video{n:03}.mp4")).collect();
    for index in 0..source.len() {
        let mut file = source.by_index(index).expect("entry");
        let name = file.name().expect("name").to_string();
        let mut data = Vec::new();
        std::io::copy(&mut file, &mut data).expect("read");
        if name == "imsmanifest.xml" {
            let files: String = videos.iter().map(|v| format!("<file href=\"{v}\"/>")).collect();
            data = String::from_utf8(data)
                .expect("utf-8")
                .replace("</resource>", &format!("{files}</resource>"))
                .into_bytes();
        }
        writer.start_file(name, options).expect("start");
        writer.write_all(&data).expect("write");
    }
    for video in &videos {
        writer.start_file(video.as_str(), options).expect("start");
        writer.write_all(&noise(850 * 1024)).expect("write");
    }
    writer.finish().expect("finish").into_inner()
}

async fn bench(name: &str, url: &str, bytes: Arc<Vec<u8>>) {
    let db = db::connect(url).await.expect("connect");
    db::migrate(&db).await.expect("migrate");
    demo::seed(&db).await.expect("demo data");
    let admin = account::Entity::find()
        .filter(account::Column::Email.eq("kursadmin@kursportal.test"))
        .one(&db)
        .await
        .expect("query")
        .expect("demo course administrator");
    let course = course::Entity::find()
        .filter(course::Column::Code.eq("HMS-220"))
        .one(&db)
        .await
        .expect("query")
        .expect("demo course");
    println!("\n{name}: a package of {:.1} MB", bytes.len() as f64 / 1e6);
    let started = Instant::now();
    let checked = check(&bytes, &Limits::default()).expect("a sound package");
    println!(
        "  check (list, inflate, manifest): {:>6.2} s  ({} files, {:.1} MB unpacked)",
        started.elapsed().as_secs_f64(),
        checked.listing.entries.len(),
        checked.listing.unpacked_bytes as f64 / 1e6
    );
    let mut stored = None;
    for round in 1..=2 {
        let upload = store::Upload {
            course_id: course.id,
            uploaded_by: admin.id,
            file_name: "stor.zip".into(),
            bytes: bytes.clone(),
        };
        let started = Instant::now();
        let row = store::save(&db, upload, Limits::default()).await.expect("stored");
        println!(
            "  upload {round} (check and store):    {:>6.2} s  (version {})",
            started.elapsed().as_secs_f64(),
            row.version
        );
        stored = Some(row);
    }
    if stored.is_some() {
        // Learners commit every 10–30 s; once a second each is 20 times that, and back to back
        // is what the server can take.
        commits(
            &db,
            course.id,
            Some(std::time::Duration::from_secs(1)),
            "once a second each",
        )
        .await;
        commits(&db, course.id, None, "back to back").await;
    }
}

const LEARNERS: usize = 50;
const COMMITS_EACH: usize = 20;

/// 50 learners with an attempt each, committing at once to the content origin's router.
async fn commits(
    db: &sea_orm::DatabaseConnection,
    course_id: i64,
    pace: Option<std::time::Duration>,
    label: &str,
) {
    use kursportal::elearning::package::{
        attempts,
        launch::{LaunchKey, Ticket},
    };
    use sea_orm::{ActiveModelTrait, Set};
    let key = LaunchKey::new(b"a benchmark key of more than thirty-two bytes");
    let mut players = Vec::new();
    for n in 0..LEARNERS {
        let person = account::ActiveModel {
            full_name: Set(format!("Bench Learner {n}")),
            email: Set(Some(format!("bench{n}-{}@eksempel.no", label.len()))),
            role: Set("learner".into()),
            created_at: Set(chrono::Utc::now()),
            session_generation: Set(0),
            calendar_feed_generation: Set(0),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("learner");
        let (attempt, _) = attempts::for_learner(db, person.id, course_id, false)
            .await
            .expect("attempt")
            .expect("the course has a package");
        let ticket = Ticket {
            attempt_id: attempt.id,
            item: 0,
            expires: chrono::Utc::now().timestamp() + 3600,
        };
        players.push(key.token(&ticket));
    }
    let router = kursportal::http::content::router(kursportal::http::content::ContentState {
        db: db.clone(),
        key,
        portal_origin: "http://127.0.0.1:3000".into(),
        content_origin: "http://localhost:4000".into(),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    let client = reqwest::Client::new();
    let suspend = "s".repeat(64_000);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (n, token) in players.into_iter().enumerate() {
        let (client, suspend) = (client.clone(), suspend.clone());
        // Spread over the first second, as learners are.
        let start = std::time::Duration::from_millis((n as u64 * 1000) / LEARNERS as u64);
        tasks.push(tokio::spawn(async move {
            if pace.is_some() {
                tokio::time::sleep(start).await;
            }
            let mut took = Vec::new();
            for round in 0..COMMITS_EACH {
                let body = serde_json::json!({
                    "session": format!("bench-{n}"), "elapsed": round as f64 * 30.0,
                    "cmi": {"core": {"lesson_status": "incomplete", "lesson_location": round.to_string(),
                                     "exit": "suspend", "session_time": "00:01:00"},
                            "suspend_data": suspend,
                            "interactions": {"0": {"id": format!("q{round}"), "result": "correct"}}},
                });
                let at = Instant::now();
                let response = client
                    .post(format!("http://{address}/spill/{token}/commit"))
                    .json(&body)
                    .send()
                    .await
                    .expect("commit");
                assert_eq!(response.status(), 200, "{:?}", response.text().await);
                took.push(at.elapsed().as_secs_f64() * 1000.0);
                if let Some(pace) = pace {
                    tokio::time::sleep(pace.saturating_sub(at.elapsed())).await;
                }
            }
            took
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.expect("learner"));
    }
    let wall = started.elapsed().as_secs_f64();
    all.sort_by(|a, b| a.total_cmp(b));
    let at = |p: f64| {
        all[((all.len() as f64 * p).ceil() as usize)
            .saturating_sub(1)
            .min(all.len() - 1)]
    };
    println!(
        "  commit with 64,000 characters of suspend data, {LEARNERS} learners, {label}: \
         p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({} commits, {:.0}/s)",
        at(0.50),
        at(0.95),
        at(0.99),
        at(1.0),
        all.len(),
        all.len() as f64 / wall
    );
}

fn main() {
    // `cargo bench` passes --bench; anything else asks for the list of benchmarks.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let bytes = Arc::new(package());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let dir = std::env::temp_dir().join(format!("kursportal-package-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        bench(
            "SQLite",
            &format!("sqlite://{}/bench.db?mode=rwc", dir.display()),
            bytes.clone(),
        )
        .await;
        match std::env::var("KURSPORTAL_TEST_POSTGRES_URL") {
            Ok(admin) => {
                let server = Database::connect(&admin).await.expect("PostgreSQL");
                for sql in [
                    "DROP DATABASE IF EXISTS kp_bench_packages",
                    "CREATE DATABASE kp_bench_packages",
                ] {
                    server.execute_unprepared(sql).await.expect("database");
                }
                let url = format!(
                    "{}/kp_bench_packages",
                    admin.rsplit_once('/').map(|(base, _)| base).unwrap_or(&admin)
                );
                bench("PostgreSQL", &url, bytes).await;
            }
            Err(_) => println!("\n(PostgreSQL skipped: KURSPORTAL_TEST_POSTGRES_URL is not set)"),
        }
        let _ = std::fs::remove_dir_all(&dir);
    });
}
