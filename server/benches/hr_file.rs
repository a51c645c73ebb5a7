//! HR file benchmark: prints figures, asserts nothing.
//!
//! The largest file the admin area takes (5,000 employees), on SQLite and (when
//! `KURSPORTAL_TEST_POSTGRES_URL` names a server) PostgreSQL: the preview of a file of new
//! employees (every line run and rolled back), saving it, and the preview of the same file
//! again (every line unchanged: what a nightly full export costs).
//!
//! Run: `cargo bench -p server --bench hr_file` (or `./kursportal.sh bench`).
use app::{
    accounts::{
        service::Caller,
        types::{CurrentUser, Role},
    },
    competence::service::CompetenceAdminService,
};
use kursportal::{
    accounts::{mails::Links, national_id::Vault},
    competence::{admin::CompetenceAdmin, employees::Feed, hr_file::MAX_ROWS},
    db, demo,
    entity::account,
    mail::Mailer,
};
use sea_orm::{ColumnTrait, ConnectionTrait, Database, EntityTrait, QueryFilter};
use std::time::Instant;

fn file() -> String {
    let mut csv = String::from("staff_code;name;work_email;employer_org_number;employment_start\n");
    for n in 0..MAX_ROWS {
        csv.push_str(&format!(
            "B{n:05};Ansatt Nummer{n};ansatt{n}@firma.no;974760673;01.08.2025\n"
        ));
    }
    csv
}

async fn bench(name: &str, url: &str) {
    let db = db::connect(url).await.expect("connect");
    db::migrate(&db).await.expect("migrate");
    demo::seed(&db).await.expect("demo data");
    let admin = account::Entity::find()
        .filter(account::Column::Email.eq("admin@kursportal.test"))
        .one(&db)
        .await
        .expect("query")
        .expect("demo administrator");
    let who = Caller {
        account_id: admin.id,
        user: CurrentUser {
            full_name: admin.full_name.clone(),
            role: Role::Admin,
            user_type: None,
        },
    };
    let service = CompetenceAdmin::new(Feed {
        db: db.clone(),
        vault: Vault::new(&[7u8; 32]),
        mailer: Mailer::new(),
        links: Links {
            public_url: "http://127.0.0.1:3000".into(),
            support_email: "brukerstotte@kursportal.test".into(),
        },
    });
    let csv = file();
    println!(
        "\n{name}: a file of {MAX_ROWS} employees ({} kB)",
        csv.len() / 1000
    );

    let started = Instant::now();
    let preview = service
        .preview_import(who.clone(), &csv, None)
        .await
        .expect("preview");
    println!(
        "  preview, all new:       {:>8.2} s",
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    service
        .apply_import(who.clone(), &csv, None, &preview.fingerprint)
        .await
        .expect("apply");
    println!(
        "  save, all new:          {:>8.2} s",
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    service
        .preview_import(who.clone(), &csv, None)
        .await
        .expect("preview again");
    println!(
        "  preview, all unchanged: {:>8.2} s",
        started.elapsed().as_secs_f64()
    );
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
        let dir = std::env::temp_dir().join(format!("kursportal-hr-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        bench("SQLite", &format!("sqlite://{}/bench.db?mode=rwc", dir.display())).await;
        match std::env::var("KURSPORTAL_TEST_POSTGRES_URL") {
            Ok(admin) => {
                let server = Database::connect(&admin).await.expect("PostgreSQL");
                server
                    .execute_unprepared("DROP DATABASE IF EXISTS kp_bench_hr")
                    .await
                    .expect("drop");
                server
                    .execute_unprepared("CREATE DATABASE kp_bench_hr")
                    .await
                    .expect("create");
                let url = format!(
                    "{}/kp_bench_hr",
                    admin.rsplit_once('/').map(|(base, _)| base).unwrap_or(&admin)
                );
                bench("PostgreSQL", &url).await;
            }
            Err(_) => println!("\n(PostgreSQL skipped: KURSPORTAL_TEST_POSTGRES_URL is not set)"),
        }
        let _ = std::fs::remove_dir_all(&dir);
    });
}
