//! Server functions of accounts: login, logout, who is signed in.
use super::types::CurrentUser;
use crate::error::AppError;
use leptos::prelude::*;

/// The session key that holds the signed-in account's id.
#[cfg(feature = "ssr")]
const ACCOUNT_ID: &str = "account_id";

#[server(prefix = "/api", endpoint = "accounts/login")]
pub async fn login(identifier: String, password: String) -> Result<CurrentUser, AppError> {
    use crate::services::{respond, services, session};
    let session = session().await?;
    let signed_in = respond(services()?.accounts.login(&identifier, password).await)?;
    // A new session id at login, so an id known before login is worth nothing after it.
    session.cycle_id().await.map_err(|_| AppError::Internal)?;
    session
        .insert(ACCOUNT_ID, signed_in.account_id)
        .await
        .map_err(|_| AppError::Internal)?;
    leptos_axum::redirect("/");
    Ok(signed_in.user)
}

#[server(prefix = "/api", endpoint = "accounts/logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::services::session;
    session().await?.flush().await.map_err(|_| AppError::Internal)?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(prefix = "/api", endpoint = "accounts/me")]
pub async fn signed_in_user() -> Result<Option<CurrentUser>, AppError> {
    use crate::services::{respond, services, session};
    let Some(account_id) = session()
        .await?
        .get::<i64>(ACCOUNT_ID)
        .await
        .map_err(|_| AppError::Internal)?
    else {
        return Ok(None);
    };
    respond(services()?.accounts.current_user(account_id).await)
}
