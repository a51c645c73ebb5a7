//! Server-side context: the domain services a server function calls.
//!
//! The traits live here so that `app` names what it needs; `server` implements them.
use crate::{
    accounts::service::{AccountService, SessionAccount},
    catalogue::service::CatalogueService,
    enrolment::service::EnrolmentService,
    error::AppError,
    site::SiteInfo,
};
use leptos::prelude::*;
use std::{net::IpAddr, sync::Arc};

/// Everything a server function may take from context: one `Arc`, since every page render
/// and every `services()` call clones it.
#[derive(Clone)]
pub struct Services(Arc<ServiceSet>);

impl Services {
    pub fn new(set: ServiceSet) -> Self {
        Self(Arc::new(set))
    }
}

impl std::ops::Deref for Services {
    type Target = ServiceSet;
    fn deref(&self) -> &ServiceSet {
        &self.0
    }
}

/// The contents of [`Services`].
pub struct ServiceSet {
    pub accounts: Arc<dyn AccountService>,
    pub catalogue: Arc<dyn CatalogueService>,
    pub enrolment: Arc<dyn EnrolmentService>,
    pub course_admin: Arc<dyn crate::course_admin::service::CourseAdminService>,
    pub learning: Arc<dyn crate::learning::service::LearningService>,
    pub elearning: Arc<dyn crate::elearning::service::ElearningService>,
    pub paths: Arc<dyn crate::paths::service::PathService>,
    pub competence: Arc<dyn crate::competence::service::CompetenceAdminService>,
    pub site: SiteInfo,
    /// The header a trusted reverse proxy puts the client's address in, if any.
    pub client_ip_header: Option<http::HeaderName>,
}

/// Session keys: the signed-in account and the password generation it signed in with.
const ACCOUNT_ID: &str = "account_id";
const GENERATION: &str = "generation";

/// The services of the current request.
pub fn services() -> Result<Services, AppError> {
    use_context::<Services>().ok_or(AppError::Internal)
}

/// The visitor's session (tower-sessions, stored in the portal's database).
pub async fn session() -> Result<tower_sessions::Session, AppError> {
    leptos_axum::extract::<tower_sessions::Session>()
        .await
        .map_err(|_| AppError::Internal)
}

/// The account the session belongs to, if any (the service decides whether it is still valid).
pub async fn session_account() -> Result<Option<SessionAccount>, AppError> {
    account_of(&session().await?).await
}

/// The account a tower-sessions session belongs to (also for plain axum handlers).
pub async fn account_of(session: &tower_sessions::Session) -> Result<Option<SessionAccount>, AppError> {
    let account_id = session
        .get::<i64>(ACCOUNT_ID)
        .await
        .map_err(|_| AppError::Internal)?;
    let generation = session
        .get::<i32>(GENERATION)
        .await
        .map_err(|_| AppError::Internal)?;
    Ok(account_id.map(|account_id| SessionAccount {
        account_id,
        generation: generation.unwrap_or(0),
    }))
}

/// The signed-in account, or 401.
pub async fn require_account() -> Result<SessionAccount, AppError> {
    respond(session_account().await?.ok_or(AppError::Unauthenticated))
}

/// Binds the session to an account under a new session id, so an id known before
/// login is worth nothing after it.
pub async fn start_session(account: SessionAccount) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await.map_err(|_| AppError::Internal)?;
    store_session(&session, account).await
}

/// The same for a plain axum handler (single sign-on's return from the provider).
pub async fn sign_in(session: &tower_sessions::Session, account: SessionAccount) -> Result<(), AppError> {
    session.cycle_id().await.map_err(|_| AppError::Internal)?;
    store_session(session, account).await
}

/// Keeps the current session (same id) for `account`, e.g. after a password change.
pub async fn renew_session(account: SessionAccount) -> Result<(), AppError> {
    store_session(&session().await?, account).await
}

async fn store_session(session: &tower_sessions::Session, account: SessionAccount) -> Result<(), AppError> {
    session
        .insert(ACCOUNT_ID, account.account_id)
        .await
        .map_err(|_| AppError::Internal)?;
    session
        .insert(GENERATION, account.generation)
        .await
        .map_err(|_| AppError::Internal)
}

/// Ends the session: data gone, cookie cleared.
pub async fn end_session() -> Result<(), AppError> {
    session().await?.flush().await.map_err(|_| AppError::Internal)
}

/// The client's address: from the trusted proxy's header when one is configured (its
/// right-most entry, the one the proxy itself added), else from the connection.
pub async fn client_ip() -> Option<IpAddr> {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    if let Some(name) = services().ok().and_then(|s| s.client_ip_header.clone()) {
        let headers = leptos_axum::extract::<http::HeaderMap>().await.ok()?;
        return headers
            .get(&name)?
            .to_str()
            .ok()?
            .rsplit(',')
            .next()?
            .trim()
            .parse()
            .ok();
    }
    leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .ok()
        .map(|ConnectInfo(addr)| addr.ip())
}

/// Sets the HTTP status of the response from the outcome, then returns it.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result
        && let Some(options) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = http::StatusCode::from_u16(error.status())
    {
        options.set_status(status);
    }
    result
}

/// Where a page leaves its script nonce for the security-headers middleware, which sends the
/// Content-Security-Policy with it (the middleware puts the slot in the request's extensions).
#[derive(Clone, Default, Debug)]
pub struct CspNonceSlot(pub Arc<std::sync::OnceLock<String>>);

/// Hands this response's nonce (Leptos puts it on its hydration and streaming scripts) to
/// the middleware that writes the Content-Security-Policy header.
pub fn content_security_policy() {
    let Some(nonce) = leptos::nonce::use_nonce() else {
        return;
    };
    if let Some(parts) = use_context::<http::request::Parts>()
        && let Some(slot) = parts.extensions.get::<CspNonceSlot>()
    {
        let _ = slot.0.set(nonce.to_string());
    }
}
