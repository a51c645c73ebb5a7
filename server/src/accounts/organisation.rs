//! The organisation profile: what registration asks of external learners here. Stored as one
//! setting (JSON) that administrators change on «Organisasjonsprofil»; until they do, the
//! profile comes from the configuration (`KURSPORTAL_ORGANISATION_PROFILE` and the
//! `KURSPORTAL_REQUIRE_*` switches). A change applies to new registrations only: existing
//! accounts keep their user type, HMS card and national ID as they are.
use super::service::AccountRepo;
use crate::{audit, entity::site_setting};
use app::{
    accounts::{
        service::Caller,
        types::{ProfileForm, RegistrationPolicy},
    },
    error::AppError,
};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set, TransactionTrait};

const KEY: &str = "organisation_profile";

/// The profile in force: the saved one, or the configured one.
pub(crate) async fn policy(repo: &AccountRepo) -> Result<RegistrationPolicy, AppError> {
    let Some(row) = site_setting::Entity::find_by_id(KEY).one(&repo.db).await? else {
        return Ok(repo.settings.policy.clone());
    };
    match serde_json::from_str(&row.value) {
        Ok(saved) => Ok(saved),
        Err(error) => {
            // Never a broken registration page: the configured profile until it is saved again.
            tracing::error!(%error, "the saved organisation profile does not read; using the configured one");
            Ok(repo.settings.policy.clone())
        }
    }
}

/// One line for the audit trail: preset, user types, national ID, HMS card, open.
fn summary(profile: &RegistrationPolicy) -> String {
    let types: Vec<&str> = profile.user_types.iter().map(|t| t.as_str()).collect();
    format!(
        "{} [{}] national ID {}, HMS card {}, registration {}",
        profile.preset.as_str(),
        types.join(", "),
        if profile.require_national_id {
            "required"
        } else {
            "optional"
        },
        profile.hms_card_rule().as_str(),
        if profile.open { "open" } else { "closed" },
    )
}

/// Saves the profile (administrators only), audited with what it was and what it became.
pub(super) async fn save(repo: &AccountRepo, who: Caller, form: ProfileForm) -> Result<(), AppError> {
    let who = repo.admin_actor(who)?;
    let profile = form.parse().map_err(|fields| AppError::InvalidForm { fields })?;
    let before = policy(repo).await?;
    let value = serde_json::to_string(&profile).map_err(AppError::fault)?;
    let tx = repo.db.begin().await?;
    crate::db::write_lock(&tx).await?;
    match site_setting::Entity::find_by_id(KEY).one(&tx).await? {
        Some(row) => {
            let mut row = row.into_active_model();
            row.value = Set(value);
            row.updated_at = Set(chrono::Utc::now());
            row.updated_by = Set(Some(who.account_id));
            row.update(&tx).await?;
        }
        None => {
            site_setting::ActiveModel {
                key: Set(KEY.to_string()),
                value: Set(value),
                updated_at: Set(chrono::Utc::now()),
                updated_by: Set(Some(who.account_id)),
            }
            .insert(&tx)
            .await?;
        }
    }
    audit::record(
        &tx,
        Some(who.account_id),
        "organisation.profile_changed",
        None,
        Some(format!("{} → {}", summary(&before), summary(&profile))),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
