//! Two external profiles of one person (registered twice, with two e-mail addresses), merged
//! by the support desk: the same loss-free move as the employee merge
//! (`competence::merge::move_history`), in one transaction, audited with the reason.
use super::Desk;
use crate::{
    accounts::{
        desk::{person_in, reason, refuse_closed},
        mails,
    },
    audit,
    competence::merge,
    entity::account,
};
use app::{
    accounts::{fields::Email, service::Caller},
    error::AppError,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, TransactionTrait,
};

/// Merges the external profile that logs in with `other_email` into `account_id`.
pub(super) async fn merge(
    desk: &Desk,
    actor: &Caller,
    account_id: i64,
    other_email: &str,
    why: &str,
) -> Result<(), AppError> {
    let other_email = Email::parse(other_email).map_err(|error| AppError::invalid("other_email", error.0))?;
    let why = reason(why)?;
    let txn = desk.db.begin().await?;
    crate::db::write_lock(&txn).await?;
    let keeper = person_in(&txn, account_id).await?;
    let other = account::Entity::find()
        .filter(account::Column::Email.eq(other_email.as_str()))
        .one(&txn)
        .await?
        .ok_or_else(|| {
            AppError::invalid(
                "other_email",
                "Fant ingen profil som logger inn med denne adressen.",
            )
        })?;
    check(&keeper, &other)?;
    let tombstone = merge::close_external(&txn, &other).await?;
    if keeper.national_id_sealed.is_none() && other.national_id_sealed.is_some() {
        // Freed by `close_external` above, so the unique key is the keeper's now.
        let mut row = keeper.clone().into_active_model();
        row.national_id_sealed = Set(other.national_id_sealed.clone());
        row.national_id_key = Set(other.national_id_key.clone());
        row.update(&txn).await?;
    }
    let moved = merge::move_history(&txn, &other, &keeper).await?;
    audit::record(
        &txn,
        Some(actor.account_id),
        "support.merge_profiles",
        Some(keeper.id),
        Some(format!(
            "{why}. External profile {} merged into external profile {}. {moved}",
            other.id, keeper.id
        )),
    )
    .await?;
    if let (Some(to), Some(keeper_email)) = (&tombstone.email, &keeper.email) {
        desk.mailer
            .enqueue(
                &txn,
                mails::profiles_merged(
                    &desk.links,
                    to,
                    &tombstone.name,
                    keeper_email,
                    other.chosen_language(),
                ),
            )
            .await?;
    }
    txn.commit().await?;
    tracing::info!(
        kept = keeper.id,
        merged = other.id,
        by = actor.account_id,
        "external profiles merged by support"
    );
    Ok(())
}

/// The rules: two different, open, external profiles (an employee profile takes an external
/// one only by national ID, from the HR feed), and nothing that says they are two people.
fn check(keeper: &account::Model, other: &account::Model) -> Result<(), AppError> {
    if keeper.id == other.id {
        return Err(AppError::invalid(
            "other_email",
            "Skriv adressen til den andre profilen, ikke denne.",
        ));
    }
    refuse_closed(keeper)?;
    refuse_closed(other)?;
    if keeper.staff_code.is_some() || other.staff_code.is_some() {
        return Err(AppError::Conflict {
            message: "Bare to eksterne profiler kan slås sammen her. En ekstern profil slås sammen med en ansattprofil \
                      automatisk når arbeidsgiveren registrerer samme fødselsnummer."
                .into(),
        });
    }
    if keeper.national_id_key.is_some() && other.national_id_key.is_some() {
        return Err(AppError::Conflict {
            message: "Begge profilene har fødselsnummer, og de er ulike: dette er to personer.".into(),
        });
    }
    if let (Some(a), Some(b)) = (keeper.birth_date, other.birth_date)
        && a != b
    {
        return Err(AppError::Conflict {
            message: "Profilene har ulike fødselsdatoer: dette er trolig to personer. Rett fødselsdatoen først hvis den er feil."
                .into(),
        });
    }
    Ok(())
}
