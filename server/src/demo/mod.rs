//! `kursportal seed-demo`: a realistic catalogue and demo accounts for an empty database.
pub mod catalogue;
pub mod competence;
pub mod elearning;
pub mod help;
pub mod learning;

use crate::{
    accounts,
    catalogue::rules::search_text,
    common::text::search_key,
    entity::{category, company, course, session},
};
use app::accounts::types::Role;
use catalogue::{CATEGORIES, COURSES, contact};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, Set, TransactionTrait,
};
use std::collections::HashMap;

/// Demo logins printed by the run command; only ever created by `seed-demo`.
pub const DEMO_ACCOUNTS: &[(&str, &str, Role, &str)] = &[
    (
        "admin@kursportal.test",
        "Ada Administrator",
        Role::Admin,
        "demo-passord-admin",
    ),
    (
        "support@kursportal.test",
        "Siri Support",
        Role::Support,
        "demo-passord-support",
    ),
    (
        "kursadmin@kursportal.test",
        "Kåre Kursansvarlig",
        Role::CourseAdmin,
        "demo-passord-kursadmin",
    ),
    (
        "instruktor@kursportal.test",
        "Ingrid Instruktør",
        Role::Instructor,
        "demo-passord-instruktor",
    ),
    (
        learning::LEARNER,
        "Dina Deltaker",
        Role::Learner,
        "demo-passord-deltaker",
    ),
];

/// Employers learners can pick (fictional companies, organisation numbers with valid check digits).
pub const DEMO_COMPANIES: &[(&str, &str)] = &[
    ("912345602", "Nordlys Jernbaneentreprenør AS"),
    ("923456708", "Fjordbanen Signal og Tele AS"),
    ("812345672", "Østlandet Sporservice AS"),
    ("987654309", "Trøndelag Anleggsdrift AS"),
    ("973111116", "Vestlandske Kontaktledning AS"),
    ("998877660", "Bergen Sikkerhetsvakt AS"),
    ("918273646", "Ålesund Maskin og Bane AS"),
    ("887766568", "Helse Midt Kursdrift HF"),
    ("934567811", "Sørlandets Elektro AS"),
    ("975312461", "Ofotbanen Vedlikehold AS"),
];

#[derive(Debug, PartialEq, Eq)]
pub enum SeedOutcome {
    Loaded {
        categories: usize,
        courses: usize,
        accounts: usize,
    },
    AlreadyHasData,
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("database: {0}")]
    Database(#[from] DbErr),
    #[error("demo account: {0}")]
    Account(#[from] accounts::service::CreateAccountError),
}

/// Loads the demo data unless the catalogue already has content.
/// Demo employees: staff code, name, work e-mail.
const DEMO_EMPLOYEES: &[(&str, &str, &str)] = &[
    ("ANS01", "Anne Ansatt", "anne.ansatt@kursportal.test"),
    ("ANS02", "Arne Ansatt", "arne.ansatt@kursportal.test"),
    ("ANS03", "Astrid Ansatt", "astrid.ansatt@kursportal.test"),
];

pub async fn seed(db: &DatabaseConnection) -> Result<SeedOutcome, SeedError> {
    // «Hjelp» on its own: a demo database from before help existed gets it too.
    help::seed(db).await?;
    if category::Entity::find().count(db).await? > 0 {
        return Ok(SeedOutcome::AlreadyHasData);
    }
    let now = chrono::Utc::now();
    let tx = db.begin().await?;
    let (ids, names) = seed_categories(&tx).await?;
    seed_courses(&tx, &ids, &names, now).await?;
    for (org_number, name) in DEMO_COMPANIES {
        company::ActiveModel {
            org_number: Set(org_number.to_string()),
            name: Set(name.to_string()),
            name_search: Set(search_key(name)),
            status: Set(company::STATUS_APPROVED.to_string()),
            created_at: Set(now),
            decided_at: Set(Some(now)),
            ..Default::default()
        }
        .insert(&tx)
        .await?;
    }
    tx.commit().await?;
    for (email, name, role, password) in DEMO_ACCOUNTS {
        accounts::service::create_with_password(db, email, name, *role, password.to_string()).await?;
    }
    seed_employees(db, now).await?;
    competence::seed(db, now).await?;
    learning::seed(db).await?;
    Ok(SeedOutcome::Loaded {
        categories: CATEGORIES.len(),
        courses: COURSES.len(),
        accounts: DEMO_ACCOUNTS.len() + DEMO_EMPLOYEES.len(),
    })
}

type Names = HashMap<&'static str, &'static str>;

/// The subject areas; parents come before their children in `CATEGORIES`. Returns each
/// slug's id and name.
async fn seed_categories<C: ConnectionTrait>(
    tx: &C,
) -> Result<(HashMap<&'static str, i64>, Names), SeedError> {
    let mut ids: HashMap<&'static str, i64> = HashMap::new();
    let mut names: Names = HashMap::new();
    for (position, demo) in CATEGORIES.iter().enumerate() {
        let parent_id = demo.parent.and_then(|p| ids.get(p).copied());
        let row = category::ActiveModel {
            parent_id: Set(parent_id),
            slug: Set(demo.slug.to_string()),
            name: Set(demo.name.to_string()),
            position: Set(position as i32),
            ..Default::default()
        }
        .insert(tx)
        .await?;
        ids.insert(demo.slug, row.id);
        names.insert(demo.slug, demo.name);
    }
    Ok((ids, names))
}

/// The courses, SIK-100's lessons, and two upcoming sessions of every course with a date and
/// a place; the first sessions of the first two such courses (SIK-200, SIK-210) have two
/// seats, so a waitlist shows quickly.
async fn seed_courses<C: ConnectionTrait>(
    tx: &C,
    ids: &HashMap<&'static str, i64>,
    names: &Names,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), SeedError> {
    let mut dated = 0i64;
    for demo in COURSES {
        let (contact_name, contact_email, contact_phone) = contact(demo.category);
        let category_name = names.get(demo.category).copied().unwrap_or_default();
        let row = course::ActiveModel {
            code: Set(demo.code.to_string()),
            title: Set(demo.title.to_string()),
            summary: Set(demo.summary.to_string()),
            description: Set(demo.description.to_string()),
            agenda: Set(demo.agenda.split('|').collect::<Vec<_>>().join("\n")),
            target_group: Set(demo.target_group.to_string()),
            kind: Set(demo.kind.as_str().to_string()),
            category_id: Set(ids[demo.category]),
            duration: Set(demo.duration.to_string()),
            place: Set(demo.place.map(String::from)),
            price_nok: Set(demo.price_nok),
            validity_months: Set(demo.validity_months),
            keywords: Set(demo.keywords.to_string()),
            search_text: Set(search_text(
                demo.code,
                demo.title,
                category_name,
                demo.keywords,
                demo.summary,
            )),
            contact_name: Set(contact_name.to_string()),
            contact_email: Set(contact_email.to_string()),
            contact_phone: Set(contact_phone.map(String::from)),
            published: Set(true),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(tx)
        .await?;
        if demo.code == "SIK-100" {
            elearning::seed(tx, row.id).await?;
        }
        if demo.kind != app::catalogue::types::CourseKind::ELearning {
            for (n, weeks) in [(0i64, 2i64), (1, 6)] {
                let day = (now + chrono::Duration::weeks(weeks) + chrono::Duration::days(dated % 5))
                    .date_naive()
                    .and_hms_opt(7, 30, 0)
                    .unwrap_or_default()
                    .and_utc();
                session::ActiveModel {
                    course_id: Set(row.id),
                    starts_at: Set(day),
                    ends_at: Set(day + chrono::Duration::hours(7)),
                    place: Set(demo.place.unwrap_or("Oslo").to_string()),
                    instructor: Set(Some("Ingrid Instruktør".into())),
                    capacity: Set(if dated < 2 && n == 0 { 2 } else { 12 }),
                    enrolment_deadline: Set(day - chrono::Duration::days(3)),
                    lock_version: Set(0),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(tx)
                .await?;
            }
            dated += 1;
        }
    }
    Ok(())
}

/// Employees as the HR feed would have made them: staff codes, no passwords (they sign in at
/// work, «Logg inn på jobb», when single sign-on is configured).
async fn seed_employees(
    db: &DatabaseConnection,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), SeedError> {
    let employer = company::Entity::find()
        .filter(company::Column::OrgNumber.eq(DEMO_COMPANIES[0].0))
        .one(db)
        .await?
        .map(|c| c.id);
    for (code, name, email) in DEMO_EMPLOYEES {
        crate::entity::account::ActiveModel {
            email: Set(Some(email.to_string())),
            staff_code: Set(Some(code.to_string())),
            full_name: Set(name.to_string()),
            name_search: Set(Some(search_key(name))),
            role: Set(Role::Learner.as_str().into()),
            user_type: Set(Some(
                app::accounts::types::UserType::FullCatalogue.as_str().into(),
            )),
            created_at: Set(now),
            activated_at: Set(Some(now)),
            employer_id: Set(employer),
            employer_confirmed_at: Set(Some(now)),
            employment_start: Set(Some(now.date_naive())),
            session_generation: Set(0),
            calendar_feed_generation: Set(0),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
