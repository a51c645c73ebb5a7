//! Account operations: login for the pages, account creation for the command line.
use super::{entity, password, role::Role};
use app::{
    accounts::{
        fields::{Email, check_new_password},
        identity::StaffCode,
        service::{AccountService, SignedIn},
        types::CurrentUser,
    },
    error::AppError,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel, QueryFilter, Set,
};

/// Implements `app`'s `AccountService` on the database.
#[derive(Clone)]
pub struct AccountRepo {
    db: DatabaseConnection,
}

impl AccountRepo {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// The account an identifier names: an e-mail address, or else a staff code.
    async fn find_by_identifier(&self, identifier: &str) -> Result<Option<entity::Model>, DbErr> {
        let identifier = identifier.trim();
        let filter = if identifier.contains('@') {
            match Email::parse(identifier) {
                Ok(email) => entity::Column::Email.eq(email.as_str().to_string()),
                Err(_) => return Ok(None),
            }
        } else {
            match StaffCode::parse(identifier) {
                Ok(code) => entity::Column::StaffCode.eq(code.as_str().to_string()),
                Err(_) => return Ok(None),
            }
        };
        entity::Entity::find().filter(filter).one(&self.db).await
    }
}

fn internal(error: impl std::fmt::Display) -> AppError {
    tracing::error!(%error, "account operation failed");
    AppError::Internal
}

fn current(model: &entity::Model) -> CurrentUser {
    CurrentUser {
        full_name: model.full_name.clone(),
        role: model.role.clone(),
    }
}

#[async_trait::async_trait]
impl AccountService for AccountRepo {
    async fn login(&self, identifier: &str, password_text: String) -> Result<SignedIn, AppError> {
        if identifier.len() > 254 || password_text.len() > 4096 {
            return Err(AppError::InvalidCredentials);
        }
        let account = self.find_by_identifier(identifier).await.map_err(internal)?;
        // Unknown, not yet activated and known accounts all cost one argon2 verification.
        let stored = account
            .as_ref()
            .filter(|a| a.activated_at.is_some())
            .and_then(|a| a.password_hash.clone());
        let matches = password::verify(password_text, stored).await.map_err(internal)?;
        let Some(account) = account.filter(|_| matches) else {
            tracing::info!("login refused");
            return Err(AppError::InvalidCredentials);
        };
        let user = current(&account);
        let account_id = account.id;
        let mut active = account.into_active_model();
        active.last_login_at = Set(Some(chrono::Utc::now()));
        active.update(&self.db).await.map_err(internal)?;
        tracing::info!(account_id, "login");
        Ok(SignedIn { account_id, user })
    }

    async fn current_user(&self, account_id: i64) -> Result<Option<CurrentUser>, AppError> {
        let account = entity::Entity::find_by_id(account_id)
            .one(&self.db)
            .await
            .map_err(internal)?;
        Ok(account.as_ref().map(current))
    }
}

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
