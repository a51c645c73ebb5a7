//! The account service interface; implemented by the server's `accounts` module.
use super::types::CurrentUser;
use crate::error::AppError;

/// A successful login: who it is, for the session.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub account_id: i64,
    pub user: CurrentUser,
}

#[async_trait::async_trait]
pub trait AccountService: Send + Sync + 'static {
    /// Checks an e-mail address or staff code and a password.
    async fn login(&self, identifier: &str, password: String) -> Result<SignedIn, AppError>;
    /// The account behind a session, if it still exists.
    async fn current_user(&self, account_id: i64) -> Result<Option<CurrentUser>, AppError>;
}
