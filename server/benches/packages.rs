//! E-learning package benchmark: prints figures, asserts nothing.
//!
//! A 100 MB SCORM package (the golf example's manifest and pages, and 120 media files of
//! 0.85 MB that do not compress, as video does) checked and stored as a course's package on
//! SQLite and (when `KURSPORTAL_TEST_POSTGRES_URL` names a server) PostgreSQL: the check
//! alone (every entry listed and inflated, the manifest read) and the whole upload (check,
//! then every file inflated again and written in one transaction).
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
    }
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
