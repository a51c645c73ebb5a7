//! Competence benchmark (issue 17): prints figures, asserts nothing.
//!
//! 20,000 people in 300 units (one of them 200 people, led by one of them), 50 courses all
//! required of everyone employed by the employer, 1,000,000 completions (every person holds
//! every course once; dates and validity spread so every status occurs) and one person with 500
//! more, on SQLite and (when `KURSPORTAL_TEST_POSTGRES_URL` names a server) PostgreSQL. Measured
//! in one run, side by side: the overview of the unit of 200 as its leader sees it, the whole
//! organisation's counts per status (an administrator's overview), the CSV export of
//! 20,000 × 50 cells through the same streaming the download uses, «Historikk» of the person
//! with 500 completions, and the weekly digest for all 300 leaders.
//!
//! Run: `cargo bench -p server --bench competence` (or `./kursportal.sh bench`).
use app::{
    accounts::{
        service::Caller,
        types::{CurrentUser, Role},
    },
    competence::{service::OrganisationService, types::OverviewFilter},
};
use chrono::{Duration, Utc};
use kursportal::{
    accounts::mails::Links,
    competence::{
        digest,
        organisation::Organisation,
        overview::{Export, Question, Sight, Walker, counts},
        requirements::Rulebook,
    },
    db,
    entity::{account, category, company, completion, course, digest_subscription, requirement, unit},
    mail::Mailer,
};
use sea_orm::{
    ActiveValue::NotSet, ConnectionTrait, Database, DatabaseConnection, EntityTrait, QueryFilter, Set,
};
use std::time::Instant;

const PEOPLE: usize = 20_000;
const UNITS: usize = 300;
const COURSES: usize = 50;
const BIG_UNIT: usize = 200;
const HISTORY: usize = 500;

fn percentile(mut samples: Vec<f64>, p: f64) -> f64 {
    samples.sort_by(|a, b| a.total_cmp(b));
    let index = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[index]
}

fn caller(id: i64, name: &str, role: Role) -> Caller {
    Caller {
        account_id: id,
        user: CurrentUser {
            full_name: name.into(),
            role,
            user_type: None,
        },
    }
}

/// A certificate code of its alphabet (no 0, 1, I, L, O): `M` and `k` in base 31.
fn code(mut k: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut code = vec![b'A'; 9];
    for place in code.iter_mut().rev() {
        *place = ALPHABET[k % ALPHABET.len()];
        k /= ALPHABET.len();
    }
    format!("M{}", String::from_utf8(code).expect("ascii"))
}

/// The organisation: units, people, courses, requirements, completions. Returns the ids of the
/// administrator, the leader of the unit of 200 and the person with a long history.
async fn load(db: &DatabaseConnection) -> (i64, i64, i64) {
    let now = Utc::now();
    let today = now.date_naive();
    let employer = company::Entity::insert(company::ActiveModel {
        org_number: Set("812345605".into()),
        name: Set("Målestokk AS".into()),
        name_search: Set("malestokk as".into()),
        status: Set(company::STATUS_APPROVED.into()),
        created_at: Set(now),
        ..Default::default()
    })
    .exec(db)
    .await
    .expect("employer")
    .last_insert_id;
    // Units: 20 regions of 14 sections each, and the unit of 200 under the first region.
    let mut units = Vec::with_capacity(UNITS);
    for region in 0..20 {
        let id = unit::Entity::insert(unit::ActiveModel {
            code: Set(format!("R{region:02}")),
            name: Set(format!("Region {region}")),
            parent_id: Set(None),
            leader_staff_code: Set(Some(format!("P{:05}", region * 1000))),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .exec(db)
        .await
        .expect("region")
        .last_insert_id;
        units.push(id);
    }
    while units.len() < UNITS {
        let n = units.len();
        let parent = units[n % 20];
        let id = unit::Entity::insert(unit::ActiveModel {
            code: Set(format!("S{n:03}")),
            name: Set(format!("Seksjon {n}")),
            parent_id: Set(Some(parent)),
            leader_staff_code: Set(Some(format!("P{:05}", (n * 61) % PEOPLE + 1))),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .exec(db)
        .await
        .expect("section")
        .last_insert_id;
        units.push(id);
    }
    // The unit of 200 is the last section; its leader is its first person.
    let big = *units.last().expect("units");
    unit::Entity::update_many()
        .col_expr(
            unit::Column::LeaderStaffCode,
            sea_orm::sea_query::Expr::value("P19800"),
        )
        .filter(sea_orm::ColumnTrait::eq(&unit::Column::Id, big))
        .exec(db)
        .await
        .expect("leader");
    // People: the last 200 in the unit of 200, the rest spread over the other sections.
    let sections = &units[20..UNITS - 1];
    for chunk in (0..PEOPLE).collect::<Vec<_>>().chunks(500) {
        let rows = chunk.iter().map(|&n| {
            let unit = if n >= PEOPLE - BIG_UNIT {
                big
            } else {
                sections[n % sections.len()]
            };
            account::ActiveModel {
                staff_code: Set(Some(format!("P{n:05}"))),
                email: Set(Some(format!("p{n:05}@malestokk.no"))),
                full_name: Set(format!("Person {n:05}")),
                name_search: Set(Some(format!("person {n:05}"))),
                role: Set("learner".into()),
                created_at: Set(now),
                activated_at: Set(Some(now)),
                employer_id: Set(Some(employer)),
                employment_start: Set(Some(today - Duration::days(400))),
                unit_id: Set(Some(unit)),
                session_generation: Set(0),
                calendar_feed_generation: Set(0),
                ..Default::default()
            }
        });
        account::Entity::insert_many(rows).exec(db).await.expect("people");
    }
    let category = category::Entity::find()
        .one(db)
        .await
        .expect("query")
        .expect("a demo category")
        .id;
    let mut courses = Vec::new();
    for c in 0..COURSES {
        let id = course::Entity::insert(course::ActiveModel {
            id: NotSet,
            code: Set(format!("MAL-{c:03}")),
            title: Set(format!("Målekurs {c}")),
            summary: Set(String::new()),
            description: Set(String::new()),
            agenda: Set(String::new()),
            target_group: Set(String::new()),
            kind: Set("classroom".into()),
            category_id: Set(category),
            duration: Set("1 dag".into()),
            place: Set(None),
            price_nok: Set(None),
            validity_months: Set(Some(24)),
            keywords: Set(String::new()),
            search_text: Set(String::new()),
            contact_name: Set(String::new()),
            contact_email: Set(String::new()),
            contact_phone: Set(None),
            published: Set(true),
            created_at: Set(now),
            prerequisites: Set(String::new()),
            updated_at: Set(None),
            pass_mark_percent: Set(None),
            max_attempts: Set(None),
        })
        .exec(db)
        .await
        .expect("course")
        .last_insert_id;
        requirement::Entity::insert(requirement::ActiveModel {
            course_id: Set(Some(id)),
            employer_id: Set(Some(employer)),
            deadline_days: Set(Some(60)),
            created_at: Set(now),
            ..Default::default()
        })
        .exec(db)
        .await
        .expect("requirement");
        courses.push(id);
    }
    let first = account::Entity::find()
        .filter(sea_orm::ColumnTrait::eq(&account::Column::StaffCode, "P00000"))
        .one(db)
        .await
        .expect("query")
        .expect("first person")
        .id;
    // Every person holds every course once; completion dates spread over three years, so some
    // are valid, some expire within 90 days and some have expired.
    let completion = |person: i64, course: i64, k: usize| {
        let completed_on = today - Duration::days((k * 37 % 1095) as i64);
        completion::ActiveModel {
            account_id: Set(person),
            course_id: Set(course),
            completed_on: Set(completed_on),
            result: Set("Bestått".into()),
            source: Set("import".into()),
            valid_until: Set(Some(completed_on + Duration::days(730))),
            certificate_code: Set(code(k)),
            created_at: Set(now),
            ..Default::default()
        }
    };
    let mut k = 0;
    let mut batch = Vec::with_capacity(1000);
    for p in 0..PEOPLE as i64 {
        for &course in &courses {
            batch.push(completion(first + p, course, k));
            k += 1;
            if batch.len() == 1000 {
                completion::Entity::insert_many(std::mem::take(&mut batch))
                    .exec(db)
                    .await
                    .expect("completions");
            }
        }
    }
    // The person with a long history: 500 more, ten per course over the years.
    let long = account::Entity::find()
        .filter(sea_orm::ColumnTrait::eq(&account::Column::StaffCode, "P00001"))
        .one(db)
        .await
        .expect("query")
        .expect("the second person")
        .id;
    for _ in 0..HISTORY {
        batch.push(completion(long, courses[k % COURSES], k));
        k += 1;
    }
    completion::Entity::insert_many(batch)
        .exec(db)
        .await
        .expect("completions");
    // Every leader chooses the digest.
    let leaders = account::Entity::find()
        .filter(sea_orm::ColumnTrait::is_in(
            &account::Column::StaffCode,
            unit::Entity::find()
                .all(db)
                .await
                .expect("units")
                .into_iter()
                .filter_map(|u| u.leader_staff_code),
        ))
        .all(db)
        .await
        .expect("leaders");
    digest_subscription::Entity::insert_many(leaders.iter().map(|l| digest_subscription::ActiveModel {
        account_id: Set(l.id),
        created_at: Set(now),
    }))
    .exec(db)
    .await
    .expect("digests");
    let admin = account::Entity::find()
        .filter(sea_orm::ColumnTrait::eq(
            &account::Column::Email,
            "admin@kursportal.test",
        ))
        .one(db)
        .await
        .expect("query")
        .expect("demo administrator")
        .id;
    let leader = account::Entity::find()
        .filter(sea_orm::ColumnTrait::eq(&account::Column::StaffCode, "P19800"))
        .one(db)
        .await
        .expect("query")
        .expect("leader")
        .id;
    (admin, leader, long)
}

async fn bench(name: &str, url: &str) {
    let db = db::connect(url).await.expect("connect");
    db::migrate(&db).await.expect("migrate");
    kursportal::demo::seed(&db).await.expect("demo data");
    let started = Instant::now();
    let (admin, leader, long) = load(&db).await;
    if url.starts_with("postgres") {
        // What autovacuum does within a minute of a million new rows: without the statistics
        // the planner takes the tables for empty and sorts on disk.
        db.execute_unprepared("VACUUM ANALYZE").await.expect("analyse");
    }
    println!(
        "\n{name}: {PEOPLE} people in {UNITS} units, {COURSES} requirements, {} completions (loaded in {:.0} s)",
        PEOPLE * COURSES + HISTORY,
        started.elapsed().as_secs_f64()
    );
    let organisation = Organisation::new(db.clone());
    let today = Utc::now().date_naive();

    // The overview of the unit of 200, as its leader sees it.
    let who = caller(leader, "Person 19800", Role::Learner);
    let mut samples = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        let overview = organisation
            .overview(who.clone(), OverviewFilter::default())
            .await
            .expect("overview");
        samples.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(
            overview.people, BIG_UNIT as u64,
            "the leader sees the unit of 200"
        );
    }
    println!(
        "  overview of a unit of {BIG_UNIT} (its leader, first page of 50 and the counts): p50 {:.1} ms, p95 {:.1} ms (target p95 <= 50 ms)",
        percentile(samples.clone(), 0.5),
        percentile(samples, 0.95)
    );
    // Where its time goes: the rule book and sight, the counts, the page of 50.
    let (mut setup, mut counted, mut paged) = (Vec::new(), Vec::new(), Vec::new());
    let me = account::Entity::find_by_id(leader)
        .one(&db)
        .await
        .expect("query")
        .expect("leader");
    for _ in 0..30 {
        let t = Instant::now();
        let book = Rulebook::load(&db).await.expect("rule book");
        let sight = Sight::of_account(&db, &book, &me).await.expect("sight");
        setup.push(t.elapsed().as_secs_f64() * 1000.0);
        let question = Question::everything();
        let t = Instant::now();
        counts::summed(&db, &book, &sight, &question, today)
            .await
            .expect("counts");
        counted.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        let mut page = Walker::new(&db, &book, &sight, &question, None, today)
            .await
            .expect("walker")
            .paged();
        page.next_batch().await.expect("page");
        paged.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "    of which (p50): rule book and sight {:.1} ms, counts {:.1} ms, the page's people {:.1} ms",
        percentile(setup, 0.5),
        percentile(counted, 0.5),
        percentile(paged, 0.5)
    );

    // The whole organisation's counts per status.
    let who = caller(admin, "Administrator", Role::Admin);
    let mut samples = Vec::new();
    let mut people = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let overview = organisation
            .overview(who.clone(), OverviewFilter::default())
            .await
            .expect("overview");
        samples.push(t.elapsed().as_secs_f64());
        people = overview.people;
    }
    println!(
        "  the whole organisation's counts per status ({people} people): median {:.2} s, worst {:.2} s (target <= 1 s)",
        percentile(samples.clone(), 0.5),
        percentile(samples, 1.0)
    );

    // The CSV export, through the download's channel of two batches.
    let t = Instant::now();
    let export = Export::prepare(&db, &who, &OverviewFilter::default())
        .await
        .expect("export");
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Vec<Vec<String>>>(2);
    let writer = {
        let db = db.clone();
        tokio::spawn(async move { export.run(&db, sender).await })
    };
    let (mut rows, mut bytes, mut cells) = (0usize, 0usize, 0usize);
    while let Some(batch) = receiver.recv().await {
        for row in batch {
            cells += row.len();
            bytes += row.iter().map(|c| c.len() + 1).sum::<usize>() + 1;
            rows += 1;
        }
    }
    writer.await.expect("join").expect("export ran");
    println!(
        "  CSV export: {} people × {COURSES} requirements ({cells} cells, {:.1} MB) in {:.2} s (target <= 5 s, one batch of 500 in memory)",
        rows - 1,
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    // «Historikk» of the person with 550 completions.
    let mut samples = Vec::new();
    let mut shown = 0;
    for _ in 0..50 {
        let t = Instant::now();
        shown = kursportal::learning::service::history(&db, long, today)
            .await
            .expect("history")
            .len();
        samples.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "  «Historikk» of a person with {shown} completions: p50 {:.1} ms, p95 {:.1} ms (target p95 <= 20 ms)",
        percentile(samples.clone(), 0.5),
        percentile(samples, 0.95)
    );

    // The weekly digest for every leader.
    let links = Links {
        public_url: "http://127.0.0.1:3000".into(),
        support_email: "brukerstotte@kursportal.test".into(),
    };
    let t = Instant::now();
    let sent = digest::send_due(&db, &Mailer::new(), &links, today)
        .await
        .expect("digest");
    println!(
        "  weekly digest for all {} leaders: {sent} mails queued in {:.2} s (target <= 10 s)",
        UNITS,
        t.elapsed().as_secs_f64()
    );
    db.close().await.ok();
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let dir = std::env::temp_dir().join(format!("kursportal-competence-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        bench("SQLite", &format!("sqlite://{}/bench.db?mode=rwc", dir.display())).await;
        match std::env::var("KURSPORTAL_TEST_POSTGRES_URL") {
            Ok(admin) => {
                let server = Database::connect(&admin).await.expect("PostgreSQL");
                server
                    .execute_unprepared("DROP DATABASE IF EXISTS kp_bench_competence")
                    .await
                    .expect("drop");
                server
                    .execute_unprepared("CREATE DATABASE kp_bench_competence")
                    .await
                    .expect("create");
                let url = format!(
                    "{}/kp_bench_competence",
                    admin.rsplit_once('/').map(|(base, _)| base).unwrap_or(&admin)
                );
                bench("PostgreSQL", &url).await;
            }
            Err(_) => println!("\n(PostgreSQL skipped: KURSPORTAL_TEST_POSTGRES_URL is not set)"),
        }
        let _ = std::fs::remove_dir_all(&dir);
    });
}
