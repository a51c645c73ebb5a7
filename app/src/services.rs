//! Server-side context: the domain services a server function calls.
//!
//! The traits live here so that `app` names what it needs; `server` implements them.
use crate::{
    accounts::service::{AccountService, Caller, SessionAccount},
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
    pub organisation: Arc<dyn crate::competence::service::OrganisationService>,
    pub support: Arc<dyn crate::support::service::SupportDesk>,
    pub help: Arc<dyn crate::help::service::HelpService>,
    pub site: SiteInfo,
    /// The header a trusted reverse proxy puts the client's address in, if any.
    pub client_ip_header: Option<http::HeaderName>,
}

/// Session keys: the signed-in account and the password generation it signed in with; when
/// and how it signed in.
const ACCOUNT_ID: &str = "account_id";
const GENERATION: &str = "generation";
const SIGNED_IN_AT: &str = "signed_in_at";
const SIGNED_IN_AT_WORK: &str = "signed_in_at_work";

/// However active a session is, it ends this long after its login (a work shift and some).
pub const SESSION_LIFETIME_SECS: i64 = 12 * 3600;
/// A login at work counts as proof of identity (for a first password, a new login address)
/// for this long.
pub const FRESH_LOGIN_SECS: i64 = 10 * 60;

/// Whether a session that signed in at `signed_in_at` (Unix seconds; none in a session from
/// before the limit existed) has outlived [`SESSION_LIFETIME_SECS`] at `now`.
pub fn session_outlived(signed_in_at: Option<i64>, now: i64) -> bool {
    signed_in_at.is_none_or(|at| now - at > SESSION_LIFETIME_SECS || at > now + 60)
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

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

/// The caller of this request, if the session belongs to a valid account. Looked up once per
/// request: the first call asks the account service, later ones (the page header, the page,
/// its forms) reuse the answer. A session whose account is gone, deactivated or whose password
/// changed is ended here.
pub async fn caller() -> Result<Option<Caller>, AppError> {
    let look_up = || async {
        let session = session().await?;
        caller_of(&session, &services()?).await
    };
    match use_context::<CallerMemo>() {
        Some(memo) => memo.get_or_look_up(look_up).await,
        None => look_up().await,
    }
}

/// The signed-in caller, or 401.
pub async fn require_caller() -> Result<Caller, AppError> {
    respond(caller().await?.ok_or(AppError::Unauthenticated))
}

/// The caller behind a tower-sessions session (also for plain axum handlers, which have no
/// request context to keep it in and look it up once themselves).
pub async fn caller_of(
    session: &tower_sessions::Session,
    services: &Services,
) -> Result<Option<Caller>, AppError> {
    let Some(who) = account_of(session).await? else {
        return Ok(None);
    };
    let found = services.accounts.caller(who).await?;
    if found.is_none() {
        // The password changed or the account is gone or closed: this session is over.
        session.flush().await.map_err(|_| AppError::Internal)?;
    }
    Ok(found)
}

/// Where a request keeps its caller once looked up; the server provides a fresh one to every
/// request's context. A login, a password change or a logout forgets it.
#[derive(Clone, Default)]
pub struct CallerMemo(Arc<tokio::sync::Mutex<Option<Option<Caller>>>>);

impl CallerMemo {
    /// The remembered caller, or the one `look_up` finds (remembered for the rest of the
    /// request). Concurrent calls wait for the first lookup rather than repeat it.
    pub async fn get_or_look_up<F, Fut>(&self, look_up: F) -> Result<Option<Caller>, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<Option<Caller>, AppError>>,
    {
        let mut known = self.0.lock().await;
        if let Some(caller) = known.as_ref() {
            return Ok(caller.clone());
        }
        let caller = look_up().await?;
        *known = Some(caller.clone());
        Ok(caller)
    }

    async fn forget(&self) {
        *self.0.lock().await = None;
    }
}

/// Forgets the request's caller after the session changed hands.
async fn forget_caller() {
    if let Some(memo) = use_context::<CallerMemo>() {
        memo.forget().await;
    }
}

/// The account the session belongs to, if any (the account service decides whether it is
/// still valid).
async fn account_of(session: &tower_sessions::Session) -> Result<Option<SessionAccount>, AppError> {
    let account_id = session
        .get::<i64>(ACCOUNT_ID)
        .await
        .map_err(|_| AppError::Internal)?;
    let generation = session
        .get::<i32>(GENERATION)
        .await
        .map_err(|_| AppError::Internal)?;
    if account_id.is_some() {
        let signed_in_at = session
            .get::<i64>(SIGNED_IN_AT)
            .await
            .map_err(|_| AppError::Internal)?;
        if session_outlived(signed_in_at, unix_now()) {
            session.flush().await.map_err(|_| AppError::Internal)?;
            return Ok(None);
        }
    }
    Ok(account_id.map(|account_id| SessionAccount {
        account_id,
        generation: generation.unwrap_or(0),
    }))
}

/// Binds the session to an account under a new session id, so an id known before
/// login is worth nothing after it.
pub async fn start_session(account: SessionAccount) -> Result<(), AppError> {
    let session = session().await?;
    session.cycle_id().await.map_err(|_| AppError::Internal)?;
    store_login(&session, account, false).await?;
    forget_caller().await;
    Ok(())
}

/// The same for a plain axum handler: single sign-on's return from the provider.
pub async fn sign_in_at_work(
    session: &tower_sessions::Session,
    account: SessionAccount,
) -> Result<(), AppError> {
    session.cycle_id().await.map_err(|_| AppError::Internal)?;
    store_login(session, account, true).await
}

async fn store_login(
    session: &tower_sessions::Session,
    account: SessionAccount,
    at_work: bool,
) -> Result<(), AppError> {
    store_session(session, account).await?;
    session
        .insert(SIGNED_IN_AT, unix_now())
        .await
        .map_err(|_| AppError::Internal)?;
    session
        .insert(SIGNED_IN_AT_WORK, at_work)
        .await
        .map_err(|_| AppError::Internal)
}

/// Whether this session signed in at work («Logg inn på jobb») within [`FRESH_LOGIN_SECS`].
pub async fn fresh_login_at_work() -> bool {
    match session().await {
        Ok(session) => fresh_login_at_work_in(&session).await,
        Err(_) => false,
    }
}

/// [`fresh_login_at_work`] for a handler that holds the session itself.
pub async fn fresh_login_at_work_in(session: &tower_sessions::Session) -> bool {
    let at_work = session.get::<bool>(SIGNED_IN_AT_WORK).await.ok().flatten() == Some(true);
    let at = session.get::<i64>(SIGNED_IN_AT).await.ok().flatten();
    at_work && at.is_some_and(|at| (0..=FRESH_LOGIN_SECS).contains(&(unix_now() - at)))
}

/// Keeps the current session (same id) for `account`, e.g. after a password change.
pub async fn renew_session(account: SessionAccount) -> Result<(), AppError> {
    store_session(&session().await?, account).await?;
    forget_caller().await;
    Ok(())
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
    session().await?.flush().await.map_err(|_| AppError::Internal)?;
    forget_caller().await;
    Ok(())
}

/// The client's address: from the trusted proxy's header when one is configured (its
/// right-most entry, the one the proxy itself added), else from the connection.
pub async fn client_ip() -> Option<IpAddr> {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    let header = services().ok().and_then(|s| s.client_ip_header.clone());
    let headers = leptos_axum::extract::<http::HeaderMap>().await.ok()?;
    let connection = leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .ok()
        .map(|ConnectInfo(addr)| addr.ip());
    client_ip_of(header.as_ref(), &headers, connection)
}

/// The same for a plain axum handler: from `header` (the trusted proxy's, right-most entry)
/// when one is configured, else the connection's address.
pub fn client_ip_of(
    header: Option<&http::HeaderName>,
    headers: &http::HeaderMap,
    connection: Option<IpAddr>,
) -> Option<IpAddr> {
    match header {
        Some(name) => headers
            .get(name)?
            .to_str()
            .ok()?
            .rsplit(',')
            .next()?
            .trim()
            .parse()
            .ok(),
        None => connection,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_ends_twelve_hours_after_its_login() {
        let now = 1_800_000_000;
        assert!(!session_outlived(Some(now), now));
        assert!(!session_outlived(Some(now - SESSION_LIFETIME_SECS), now));
        assert!(session_outlived(Some(now - SESSION_LIFETIME_SECS - 1), now));
        assert!(
            session_outlived(None, now),
            "a session from before the limit signs in again"
        );
        assert!(session_outlived(Some(now + 3600), now), "not from the future");
    }

    #[test]
    fn a_request_looks_its_caller_up_once_however_many_ask() {
        use crate::accounts::types::{CurrentUser, Role};
        use std::sync::atomic::{AtomicUsize, Ordering};
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let lookups = Arc::new(AtomicUsize::new(0));
        let look_up = || {
            let lookups = lookups.clone();
            async move {
                lookups.fetch_add(1, Ordering::SeqCst);
                tokio::task::yield_now().await;
                Ok(Some(Caller {
                    account_id: 7,
                    user: CurrentUser {
                        full_name: "Kari Nordmann".into(),
                        role: Role::Learner,
                        user_type: None,
                    },
                }))
            }
        };
        runtime.block_on(async {
            let memo = CallerMemo::default();
            // The page header, the page and a form all ask at once.
            let (a, b, c) = tokio::join!(
                memo.get_or_look_up(look_up),
                memo.get_or_look_up(look_up),
                memo.get_or_look_up(look_up)
            );
            assert_eq!(lookups.load(Ordering::SeqCst), 1);
            assert_eq!(a.unwrap().map(|c| c.account_id), Some(7));
            assert_eq!(b.unwrap(), c.unwrap());
            // A login or logout forgets it; the next question looks again.
            memo.forget().await;
            memo.get_or_look_up(look_up).await.unwrap();
            assert_eq!(lookups.load(Ordering::SeqCst), 2);
        });
    }

    #[test]
    fn a_failed_lookup_is_not_remembered() {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(async {
            let memo = CallerMemo::default();
            let failed = memo.get_or_look_up(|| async { Err(AppError::Internal) }).await;
            assert!(failed.is_err());
            let found = memo.get_or_look_up(|| async { Ok(None) }).await;
            assert_eq!(found.unwrap(), None);
        });
    }
}
