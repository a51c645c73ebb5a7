//! Account operations the command line and (later) the pages use.
use super::{entity, password, role::Role};
use app::accounts::fields::{Email, check_new_password};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set};

#[derive(Debug, thiserror::Error)]
pub enum CreateAccountError {
    #[error("{0}")]
    Invalid(String),
    #[error("an account with this e-mail address already exists")]
    EmailTaken,
    #[error(transparent)]
    Password(#[from] password::PasswordError),
    #[error("database: {0}")]
    Database(#[from] DbErr),
}

/// Creates an activated account with a role and a password.
pub async fn create_with_password(
    db: &DatabaseConnection,
    email: &str,
    full_name: &str,
    role: Role,
    password_text: String,
) -> Result<i64, CreateAccountError> {
    let email = Email::parse(email).map_err(|e| CreateAccountError::Invalid(e.to_string()))?;
    let full_name = full_name.trim();
    if full_name.is_empty() {
        return Err(CreateAccountError::Invalid("Skriv inn fullt navn.".into()));
    }
    check_new_password(&password_text).map_err(|e| CreateAccountError::Invalid(e.to_string()))?;
    if entity::Entity::find()
        .filter(entity::Column::Email.eq(email.as_str()))
        .one(db)
        .await?
        .is_some()
    {
        return Err(CreateAccountError::EmailTaken);
    }
    let hash = password::hash(password_text).await?;
    let now = chrono::Utc::now();
    let account = entity::ActiveModel {
        email: Set(Some(email.as_str().to_string())),
        full_name: Set(full_name.to_string()),
        role: Set(role.as_str().to_string()),
        password_hash: Set(Some(hash)),
        created_at: Set(now),
        activated_at: Set(Some(now)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(account.id)
}
