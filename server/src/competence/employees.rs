//! The HR feed: employees created, updated and ended by the employer's HR system, and the
//! merge of an external profile into the employee profile with the same national ID.
use super::{clients, merge};
use crate::{
    accounts::national_id::Vault,
    entity::{account, company},
};
use app::accounts::{
    fields::{Email, PersonName},
    identity::{NationalId, OrgNumber, StaffCode, UnitCode},
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};

mod claims;
mod first_sign_in;
mod record;
pub use record::{Employee, EmployeeJson, Issue};

/// What the HR feed did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Saved {
    pub staff_code: String,
    pub account_id: i64,
    pub created: bool,
    /// The external profile that was merged into this one, if any.
    pub merged_profile: Option<i64>,
    /// For an update, the fields whose value changed.
    #[serde(skip)]
    pub changes: Vec<&'static str>,
    /// The merged external profile's name.
    #[serde(skip)]
    pub merged_name: Option<String>,
}

/// The fields an update changes, named as in the API. Fields the HR system leaves out
/// (e-mail, national ID) keep their value and are no change.
fn changed_fields(
    before: &account::Model,
    employee: &Employee,
    national_id_key: Option<&str>,
    employer_id: i64,
    unit_id: Option<i64>,
) -> Vec<&'static str> {
    let mut changes = Vec::new();
    if before.full_name != employee.name.as_str() {
        changes.push("name");
    }
    if let Some(email) = &employee.work_email
        && before.email.as_deref() != Some(email.as_str())
    {
        changes.push("work_email");
    }
    if national_id_key.is_some() && before.national_id_key.as_deref() != national_id_key {
        changes.push("national_id");
    }
    if before.employer_id != Some(employer_id) {
        changes.push("employer_org_number");
    }
    if before.employment_start != employee.start {
        changes.push("employment_start");
    }
    if before.employment_end != employee.end {
        changes.push("employment_end");
    }
    if before.unit_id != unit_id {
        changes.push("unit_code");
    }
    changes
}

#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error("{message}")]
    Conflict { field: &'static str, message: String },
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Database(#[from] DbErr),
}

/// What the HR feed needs besides the database.
#[derive(Clone)]
pub struct Feed {
    pub db: DatabaseConnection,
    pub vault: Vault,
    pub mailer: crate::mail::Mailer,
    pub links: crate::accounts::mails::Links,
}

async fn by_staff_code<C: ConnectionTrait>(
    conn: &C,
    code: &StaffCode,
) -> Result<Option<account::Model>, DbErr> {
    account::Entity::find()
        .filter(account::Column::StaffCode.eq(code.as_str()))
        .one(conn)
        .await
}

/// The approved company with this organisation number, created (approved) when the HR
/// system names one the portal does not know yet.
async fn employer<C: ConnectionTrait>(
    conn: &C,
    number: &OrgNumber,
    name: Option<&str>,
) -> Result<i64, DbErr> {
    if let Some(found) = company::Entity::find()
        .filter(company::Column::OrgNumber.eq(number.as_str()))
        .one(conn)
        .await?
    {
        return Ok(found.id);
    }
    let name = name.unwrap_or(number.as_str()).to_string();
    let created = company::ActiveModel {
        org_number: Set(number.as_str().to_string()),
        name_search: Set(crate::common::text::search_key(&name)),
        name: Set(name),
        status: Set(company::STATUS_APPROVED.to_string()),
        created_at: Set(Utc::now()),
        decided_at: Set(Some(Utc::now())),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(created.id)
}

/// Who changes an employee: the HR system through the API, or an administrator uploading its file.
#[derive(Clone, Copy)]
pub enum Source<'a> {
    Client(&'a clients::Model),
    /// An administrator's HR file upload, by account id.
    Admin(i64),
    /// The person's own first «Logg inn på jobb» (`first_sign_in`).
    SignIn,
}

impl Source<'_> {
    fn actor(self) -> Option<i64> {
        match self {
            Source::Client(_) | Source::SignIn => None,
            Source::Admin(admin) => Some(admin),
        }
    }

    fn describe(self) -> String {
        match self {
            Source::Client(client) => format!("HR feed, client {} «{}»", client.id, client.name),
            Source::Admin(admin) => format!("HR file uploaded by account {admin}"),
            Source::SignIn => "first sign-in at work (the identity provider's name and e-mail)".to_string(),
        }
    }
}

impl Feed {
    /// Creates or updates the employee; merges the external profile with the same national
    /// ID in the same transaction. All or nothing.
    pub async fn put(&self, client: &clients::Model, employee: Employee) -> Result<Saved, FeedError> {
        let txn = self.db.begin().await?;
        // First statement a write (SQLite takes its lock here; see `clients::touch`).
        clients::touch(&txn, client.id).await?;
        let saved = self.put_in(&txn, Source::Client(client), employee).await?;
        txn.commit().await?;
        tracing::info!(
            account_id = saved.account_id,
            created = saved.created,
            merged = saved.merged_profile.is_some(),
            "HR feed: employee saved"
        );
        Ok(saved)
    }

    /// [`Feed::put`] inside the caller's transaction, which must have written first. Every
    /// conflict is found before anything is written.
    pub async fn put_in<C: ConnectionTrait>(
        &self,
        txn: &C,
        source: Source<'_>,
        employee: Employee,
    ) -> Result<Saved, FeedError> {
        let existing = by_staff_code(txn, &employee.staff_code).await?;
        let key = employee
            .national_id
            .as_ref()
            .map(|id| self.vault.national_id_key(id));
        let external = claims::check(txn, &employee, existing.as_ref(), key.as_deref()).await?;
        // A new login address through the feed: never for staff (`claims::check`), and for
        // others it ends their sessions and tells the old address below.
        let moved_from = claims::moved_from(existing.as_ref(), &employee);
        // The external profile lets go of its national ID and e-mail before the employee takes them.
        let tombstone = match &external {
            Some(profile) => Some(merge::close_external(txn, profile).await?),
            None => None,
        };
        let employer_id = employer(txn, &employee.employer, employee.employer_name.as_deref()).await?;
        // A unit named is made when new; none named keeps the person's unit.
        let unit_id = match &employee.unit {
            Some(code) => Some(super::units::from_feed(txn, code, employee.unit_name.as_deref()).await?),
            None => existing.as_ref().and_then(|before| before.unit_id),
        };
        let changes = existing
            .as_ref()
            .map(|before| changed_fields(before, &employee, key.as_deref(), employer_id, unit_id))
            .unwrap_or_default();
        let created = existing.is_none();
        if let Some(same) = existing
            .as_ref()
            .filter(|_| changes.is_empty() && external.is_none())
        {
            // Nothing to write, nothing to audit: HR systems send everyone every night.
            return Ok(Saved {
                staff_code: employee.staff_code.as_str().to_string(),
                account_id: same.id,
                created: false,
                merged_profile: None,
                changes,
                merged_name: None,
            });
        }
        let mut row = claims::row(existing, &employee, moved_from.is_some(), employer_id);
        row.unit_id = Set(unit_id);
        if let (Some(id), Some(key)) = (&employee.national_id, key) {
            row.national_id_sealed = Set(Some(self.vault.seal(id)));
            row.national_id_key = Set(Some(key));
            row.birth_date = Set(crate::accounts::service::to_naive(id.birth_date()));
        }
        let saved = if created {
            row.insert(txn).await?
        } else {
            row.update(txn).await?
        };
        if let (Some(old), Some(new)) = (&moved_from, &employee.work_email) {
            let notice = crate::accounts::mails::login_email_changed_by_employer(
                &self.links,
                old,
                &saved.full_name,
                new.as_str(),
                saved.chosen_language(),
            );
            self.mailer.enqueue(txn, notice).await?;
        }
        // An end date already past takes effect at once.
        let saved = match super::employment::close_if_ended(txn, saved.clone(), crate::common::time::today())
            .await?
        {
            true => account::Entity::find_by_id(saved.id)
                .one(txn)
                .await?
                .unwrap_or(saved),
            false => saved,
        };
        let (mut merged_profile, mut merged_name) = (None, None);
        if let (Some(profile), Some(tombstone)) = (external, tombstone) {
            merge::move_everything(txn, &profile, &saved, &tombstone, &self.mailer, &self.links).await?;
            merged_profile = Some(profile.id);
            merged_name = Some(tombstone.name);
        }
        claims::audit(txn, &source, &employee, created, saved.id).await?;
        Ok(Saved {
            staff_code: employee.staff_code.as_str().to_string(),
            account_id: saved.id,
            created,
            merged_profile,
            changes,
            merged_name,
        })
    }

    /// Ends the employment on `last_day`; the profile and its history stay.
    pub async fn end(
        &self,
        client: &clients::Model,
        code: &StaffCode,
        last_day: NaiveDate,
    ) -> Result<Saved, FeedError> {
        let txn = self.db.begin().await?;
        clients::touch(&txn, client.id).await?;
        let found = by_staff_code(&txn, code)
            .await?
            .filter(|a| a.merged_into.is_none())
            .ok_or(FeedError::NotFound)?;
        let saved = end_in(&txn, Source::Client(client), found, last_day).await?;
        txn.commit().await?;
        Ok(saved)
    }
}

/// Ends the employment of `employee` on `last_day` in the caller's transaction (the API's end
/// call, or an HR file that is an employer's full list), audited with who did it.
pub async fn end_in<C: ConnectionTrait>(
    conn: &C,
    source: Source<'_>,
    employee: account::Model,
    last_day: NaiveDate,
) -> Result<Saved, FeedError> {
    let id = employee.id;
    let staff_code = employee.staff_code.clone().unwrap_or_default();
    let mut row = employee.into_active_model();
    row.employment_end = Set(Some(last_day));
    let ended = row.update(conn).await?;
    super::employment::close_if_ended(conn, ended, crate::common::time::today()).await?;
    crate::audit::record(
        conn,
        source.actor(),
        "employee.ended",
        Some(id),
        Some(format!("{}: last day {last_day}", source.describe())),
    )
    .await?;
    Ok(Saved {
        staff_code,
        account_id: id,
        created: false,
        merged_profile: None,
        changes: vec!["employment_end"],
        merged_name: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> EmployeeJson {
        EmployeeJson {
            name: Some("Kari Nordmann".into()),
            national_id: None,
            work_email: Some("Kari.Nordmann@Firma.no".into()),
            employer_org_number: Some("974760673".into()),
            employer_name: None,
            employment_start: Some("2025-08-01".into()),
            employment_end: None,
            unit_code: Some("ops-nord".into()),
            unit_name: None,
        }
    }

    #[test]
    fn a_complete_employee_parses_with_codes_normalised() {
        let employee = full().parse("kar12").unwrap();
        assert_eq!(employee.staff_code.as_str(), "KAR12");
        assert_eq!(employee.work_email.unwrap().as_str(), "kari.nordmann@firma.no");
        assert_eq!(employee.start, NaiveDate::from_ymd_opt(2025, 8, 1));
        assert_eq!(employee.unit.unwrap().as_str(), "OPS-NORD");
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let bad = EmployeeJson {
            name: None,
            national_id: Some("12345678901".into()),
            work_email: Some("ikke-epost".into()),
            employer_org_number: Some("123".into()),
            employer_name: None,
            employment_start: Some("01.08.2025".into()),
            employment_end: None,
            unit_code: Some("Drift Nord".into()),
            unit_name: None,
        };
        let fields: Vec<&str> = bad.parse("k").unwrap_err().iter().map(|i| i.field).collect();
        assert_eq!(
            fields,
            [
                "staff_code",
                "name",
                "national_id",
                "work_email",
                "employer_org_number",
                "employment_start",
                "unit_code"
            ]
        );
    }

    #[test]
    fn an_employment_cannot_end_before_it_starts() {
        let mut json = full();
        json.employment_end = Some("2025-07-31".into());
        let issues = json.parse("KAR12").unwrap_err();
        assert_eq!(issues[0].field, "employment_end");
    }
}
