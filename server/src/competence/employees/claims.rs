//! The steps of putting one employee in: whose national ID and e-mail they are, the row
//! written, and the audit entry.
use super::{Employee, FeedError, Source};
use crate::entity::account;
use app::accounts::types::{Role, UserType};
use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

/// Refuses an employee whose staff code, national ID or e-mail belongs to someone else, or
/// whose login address the feed may not change; returns the external profile of the same
/// national ID, which the employee takes over.
pub(super) async fn check<C: ConnectionTrait>(
    txn: &C,
    employee: &Employee,
    existing: Option<&account::Model>,
    key: Option<&str>,
) -> Result<Option<account::Model>, FeedError> {
    if existing.is_some_and(|e| e.merged_into.is_some()) {
        return Err(FeedError::Conflict {
            field: "staff_code",
            message: "Ansattkoden tilhører en profil som er slått sammen med en annen.".into(),
        });
    }
    let mut external = None;
    if let Some(key) = key
        && let Some(owner) = account::Entity::find()
            .filter(account::Column::NationalIdKey.eq(key))
            .one(txn)
            .await?
        && Some(owner.id) != existing.map(|e| e.id)
    {
        if owner.staff_code.is_some() {
            return Err(FeedError::Conflict {
                field: "national_id",
                message: "Fødselsnummeret tilhører en annen ansattprofil.".into(),
            });
        }
        external = Some(owner);
    }
    if let Some(email) = &employee.work_email
        && let Some(holder) = account::Entity::find()
            .filter(account::Column::Email.eq(email.as_str()))
            .one(txn)
            .await?
        && Some(holder.id) != existing.map(|e| e.id)
        && Some(holder.id) != external.as_ref().map(|e| e.id)
    {
        return Err(FeedError::Conflict {
            field: "work_email",
            message: "E-postadressen brukes av en annen profil. Profiler slås bare sammen på fødselsnummer."
                .into(),
        });
    }
    if moved_from(existing, employee).is_some()
        && let Some(before) = existing
        && Role::parse(&before.role).is_some_and(|role| role != Role::Learner)
    {
        return Err(FeedError::Conflict {
            field: "work_email",
            message: "Personen har en rolle i portalen (instruktør, kursadministrator, brukerstøtte eller \
                      administrator). Innloggingsadressen til slike brukere endres i administrasjonen, ikke \
                      fra HR-systemet."
                .into(),
        });
    }
    Ok(external)
}

/// The login address the employee had before, when the feed gives a new one.
pub(super) fn moved_from(existing: Option<&account::Model>, employee: &Employee) -> Option<String> {
    existing
        .zip(employee.work_email.as_ref())
        .and_then(|(before, email)| before.email.clone().filter(|old| old != email.as_str()))
}

/// The row to write: the existing profile changed, or a new employee (activated; employees
/// sign in by single sign-on or staff code, so no activation mail). The national ID is the
/// caller's, sealed with its vault.
pub(super) fn row(
    existing: Option<account::Model>,
    employee: &Employee,
    moved: bool,
    employer_id: i64,
) -> account::ActiveModel {
    let mut row = match existing {
        Some(found) => found.into_active_model(),
        None => account::ActiveModel {
            role: Set(Role::Learner.as_str().to_string()),
            created_at: Set(Utc::now()),
            activated_at: Set(Some(Utc::now())),
            user_type: Set(Some(UserType::FullCatalogue.as_str().to_string())),
            session_generation: Set(0),
            calendar_feed_generation: Set(0),
            ..Default::default()
        },
    };
    row.staff_code = Set(Some(employee.staff_code.as_str().to_string()));
    row.full_name = Set(employee.name.as_str().to_string());
    row.name_search = Set(Some(crate::common::text::search_key(employee.name.as_str())));
    if let Some(email) = &employee.work_email {
        row.email = Set(Some(email.as_str().to_string()));
    }
    if moved && let sea_orm::ActiveValue::Unchanged(generation) = row.session_generation {
        row.session_generation = Set(generation + 1);
    }
    row.employer_id = Set(Some(employer_id));
    // The employer's own system says so: confirmed for invoicing.
    row.employer_confirmed_at = Set(Some(Utc::now()));
    row.employment_start = Set(employee.start);
    row.employment_end = Set(employee.end);
    row
}

/// «employee.created» or «employee.updated», with where it came from (no national ID in it).
pub(super) async fn audit<C: ConnectionTrait>(
    txn: &C,
    source: &Source<'_>,
    employee: &Employee,
    created: bool,
    account_id: i64,
) -> Result<(), FeedError> {
    let action = if created {
        "employee.created"
    } else {
        "employee.updated"
    };
    let national_id = if employee.national_id.is_some() {
        ", national ID set"
    } else {
        ""
    };
    let detail = format!(
        "{}: staff code {}{national_id}",
        source.describe(),
        employee.staff_code.as_str()
    );
    crate::audit::record(txn, source.actor(), action, Some(account_id), Some(detail)).await?;
    Ok(())
}
