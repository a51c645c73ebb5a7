//! Competence transfer: every completion of an employee profile becomes a transfer record
//! with a stable, increasing id. The register pulls them after a cursor (at least once) and
//! acknowledges what it has stored. Completions of external profiles never become records;
//! those that arrive with a merge do, since they then belong to the employee. Imported
//! completions become records only when the import asked for it. The feed of events
//! (`events.rs`) has followed it: these records stay readable as they are.
use crate::entity::{account, company, completion, course};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, LoaderTrait, QueryFilter, QueryOrder, QuerySelect,
    Set, TransactionTrait,
    sea_query::{OnConflict, Query},
};
use serde::Serialize;

pub use crate::entity::transfer::{ActiveModel, Column, Entity, Model};

/// Gives every employee completion without a record one, in completion order; returns how
/// many were made. Safe to run from several places at once (the completion id is unique).
/// The database finds what is missing; nothing is loaded to be compared in memory.
pub async fn sweep(db: &DatabaseConnection) -> Result<usize, DbErr> {
    let mut made = 0;
    loop {
        let employees = Query::select()
            .column(account::Column::Id)
            .from(account::Entity)
            .and_where(account::Column::StaffCode.is_not_null())
            .and_where(account::Column::MergedInto.is_null())
            .to_owned();
        let recorded = Query::select()
            .column(Column::CompletionId)
            .from(Entity)
            .to_owned();
        let missing: Vec<(i64, i64)> = completion::Entity::find()
            .select_only()
            .column(completion::Column::Id)
            .column(completion::Column::AccountId)
            .filter(completion::Column::AccountId.in_subquery(employees))
            .filter(completion::Column::ToRegister.eq(true))
            .filter(completion::Column::Id.not_in_subquery(recorded))
            .order_by_asc(completion::Column::Id)
            .limit(SWEEP_BATCH)
            .into_tuple()
            .all(db)
            .await?;
        if missing.is_empty() {
            return Ok(made);
        }
        let txn = db.begin().await?;
        for (completion_id, account_id) in &missing {
            made += Entity::insert(ActiveModel {
                completion_id: Set(*completion_id),
                account_id: Set(*account_id),
                created_at: Set(Utc::now()),
                acknowledged_at: Set(None),
                ..Default::default()
            })
            .on_conflict(OnConflict::column(Column::CompletionId).do_nothing().to_owned())
            .exec_without_returning(&txn)
            .await? as usize;
        }
        txn.commit().await?;
        if missing.len() < SWEEP_BATCH as usize {
            return Ok(made);
        }
    }
}

/// How many records one transaction of the sweep makes.
const SWEEP_BATCH: u64 = 500;

/// One record as the competence register receives it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Transfer {
    pub id: i64,
    pub staff_code: String,
    pub name: String,
    pub employer_org_number: Option<String>,
    pub course_code: String,
    pub course_title: String,
    pub completed_on: NaiveDate,
    pub result: String,
    pub score: Option<i32>,
    /// quiz | instructor | import
    #[schema(pattern = "^(quiz|instructor|import)$")]
    pub source: String,
    pub valid_until: Option<NaiveDate>,
    pub certificate_code: String,
    pub verify_url: String,
    pub revoked: bool,
    pub acknowledged: bool,
}

/// Up to `limit` records after `after`, oldest first.
pub async fn page(
    db: &DatabaseConnection,
    public_url: &str,
    after: i64,
    limit: u64,
    pending_only: bool,
) -> Result<Vec<Transfer>, DbErr> {
    let mut query = Entity::find().filter(Column::Id.gt(after));
    if pending_only {
        query = query.filter(Column::AcknowledgedAt.is_null());
    }
    let rows = query.order_by_asc(Column::Id).limit(limit).all(db).await?;
    describe(db, public_url, rows).await
}

pub async fn one(db: &DatabaseConnection, public_url: &str, id: i64) -> Result<Option<Transfer>, DbErr> {
    let rows = Entity::find_by_id(id).all(db).await?;
    Ok(describe(db, public_url, rows).await?.into_iter().next())
}

async fn describe(
    db: &DatabaseConnection,
    public_url: &str,
    rows: Vec<Model>,
) -> Result<Vec<Transfer>, DbErr> {
    // A record whose completion or person is gone is left out.
    let completions = rows.load_one(completion::Entity, db).await?;
    let people = rows.load_one(account::Entity, db).await?;
    let found: Vec<(Model, completion::Model, account::Model)> = rows
        .into_iter()
        .zip(completions)
        .zip(people)
        .filter_map(|((row, item), person)| Some((row, item?, person?)))
        .collect();
    let items: Vec<completion::Model> = found.iter().map(|(_, item, _)| item.clone()).collect();
    let persons: Vec<account::Model> = found.iter().map(|(_, _, person)| person.clone()).collect();
    let courses = items.load_one(course::Entity, db).await?;
    let employers = persons.load_one(company::Entity, db).await?;
    Ok(found
        .into_iter()
        .zip(courses)
        .zip(employers)
        .filter_map(|(((row, item, person), course), employer)| {
            let course = course?;
            Some(Transfer {
                id: row.id,
                staff_code: person.staff_code.clone()?,
                name: person.full_name.clone(),
                employer_org_number: employer.map(|e| e.org_number),
                course_code: course.code,
                course_title: course.title,
                completed_on: item.completed_on,
                result: item.result.clone(),
                score: item.score,
                source: item.source.clone(),
                valid_until: item.valid_until,
                verify_url: format!("{public_url}/verifiser/{}", item.certificate_code),
                certificate_code: item.certificate_code,
                revoked: item.revoked_at.is_some(),
                acknowledged: row.acknowledged_at.is_some(),
            })
        })
        .collect())
}

/// Marks records as stored by the register; returns how many were newly acknowledged.
pub async fn acknowledge(db: &DatabaseConnection, ids: &[i64]) -> Result<u64, DbErr> {
    if ids.is_empty() {
        return Ok(0);
    }
    Ok(Entity::update_many()
        .col_expr(
            Column::AcknowledgedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(Column::Id.is_in(ids.to_vec()))
        .filter(Column::AcknowledgedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// The record as an xAPI 1.0.3 statement, for a learning record store to take as is. The
/// statement id is derived from the record id, so sending it twice stores it once.
pub fn xapi(transfer: &Transfer, public_url: &str) -> serde_json::Value {
    let passed = !transfer.result.to_lowercase().starts_with("ikke");
    let (verb, display) = if passed {
        ("http://adlnet.gov/expapi/verbs/passed", "passed")
    } else {
        ("http://adlnet.gov/expapi/verbs/failed", "failed")
    };
    let id = super::events::uuid_of(&format!(
        "{public_url}/api/v1/competence/transfers/{}",
        transfer.id
    ));
    let mut result = serde_json::json!({ "success": passed, "completion": true });
    if let Some(score) = transfer.score {
        result["score"] =
            serde_json::json!({ "scaled": f64::from(score) / 100.0, "raw": score, "min": 0, "max": 100 });
    }
    serde_json::json!({
        "id": id.to_string(),
        "actor": {
            "objectType": "Agent",
            "name": transfer.name,
            "account": { "homePage": public_url, "name": transfer.staff_code },
        },
        "verb": { "id": verb, "display": { "en-US": display } },
        "object": {
            "objectType": "Activity",
            "id": format!("{public_url}/kurs/{}", transfer.course_code),
            "definition": {
                "name": { "nb-NO": transfer.course_title },
                "type": "http://adlnet.gov/expapi/activities/course",
            },
        },
        "result": result,
        "timestamp": format!("{}T00:00:00Z", transfer.completed_on),
        "context": {
            "platform": "Kursportal",
            "extensions": {
                format!("{public_url}/xapi/certificate-code"): transfer.certificate_code,
                format!("{public_url}/xapi/valid-until"): transfer.valid_until.map(|d| d.to_string()),
            },
        },
        "version": "1.0.3",
    })
}
