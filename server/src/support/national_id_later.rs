//! «Legg til fødselsnummer»: an external learner who left the national ID out at registration
//! adds it on «Din konto». The current password (or a fresh login at work) first, the check
//! digits, the registration's throttle, and one account per number with registration's answer.
//! When an employee already holds the number, the profile is merged into the employee's in the
//! same transaction, exactly as the HR feed merges (`competence::merge`): that reach into
//! competence is why this lives with the desk's cross-domain actions and not in `accounts`.
use super::Desk;
use crate::{
    accounts::{desk::refuse_closed, service::national_id_taken},
    audit,
    competence::merge,
    entity::account,
};
use app::{
    accounts::{
        identity::NationalId,
        service::{Caller, Reauthentication},
        types::NationalIdAdded,
    },
    error::AppError,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, TransactionTrait,
};

pub(super) async fn add(
    desk: &Desk,
    who: Caller,
    national_id: &str,
    proof: Reauthentication,
) -> Result<NationalIdAdded, AppError> {
    let person = desk.accounts.desk_account(who.account_id).await?;
    refuse_closed(&person)?;
    if person.staff_code.is_some() {
        return Err(AppError::Conflict {
            message: "Fødselsnummeret til en ansatt kommer fra arbeidsgiveren.".into(),
        });
    }
    if person.national_id_key.is_some() {
        return Err(AppError::Conflict {
            message: "Du har allerede registrert fødselsnummer. Kontakt brukerstøtte hvis det er feil."
                .into(),
        });
    }
    let id = NationalId::parse(national_id).map_err(|error| AppError::invalid("national_id", error.0))?;
    desk.accounts
        .reauthenticate(&person, proof, "legge til fødselsnummeret")
        .await?;
    let (key, sealed) = desk.accounts.national_id_claim(&id).await?;
    let txn = desk.db.begin().await?;
    crate::db::write_lock(&txn).await?;
    let holder = account::Entity::find()
        .filter(account::Column::NationalIdKey.eq(key.as_str()))
        .one(&txn)
        .await?;
    let added = match holder {
        None => {
            let mut row = person.clone().into_active_model();
            row.national_id_sealed = Set(Some(sealed));
            row.national_id_key = Set(Some(key));
            row.birth_date = Set(crate::accounts::service::to_naive(id.birth_date()));
            row.update(&txn).await?;
            NationalIdAdded::Stored
        }
        Some(employee) if employee.staff_code.is_some() => {
            let tombstone = merge::close_external(&txn, &person).await?;
            merge::move_everything(&txn, &person, &employee, &tombstone, &desk.mailer, &desk.links).await?;
            NationalIdAdded::MergedIntoEmployee
        }
        Some(other) => {
            // Registration's answer, which says nothing about who holds the number; support
            // sees the clash in the holder's trail.
            audit::record(&txn, None, "registration.national_id_clash", Some(other.id), None).await?;
            txn.commit().await?;
            return Err(national_id_taken());
        }
    };
    let detail = match added {
        NationalIdAdded::Stored => "lagt til",
        NationalIdAdded::MergedIntoEmployee => "lagt til; profilen er slått sammen med ansattprofilen",
    };
    audit::record(
        &txn,
        Some(person.id),
        "account.national_id_added",
        Some(person.id),
        Some(detail.into()),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(account_id = person.id, ?added, "national ID added by the person");
    Ok(added)
}
