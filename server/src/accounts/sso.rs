//! «Logg inn på jobb»: OpenID Connect against the employer's identity provider,
//! authorization code flow with PKCE (S256), state and nonce kept in the session. The ID
//! token's RS256 signature is checked against the provider's published keys (kept an hour,
//! fetched again for an unknown key id), and its issuer, audience, authorized party, issue
//! time, expiry and nonce; the staff code comes from a configured claim and must name an
//! employee profile whose employment has not ended. Starting a sign-in writes a session row,
//! so it is limited per client address.
use crate::entity::account;
use app::accounts::{
    fields::{Email, PersonName},
    identity::{OrgNumber, StaffCode},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::Utc;
use rand::RngCore;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::time::Duration;
use tower_sessions::Session;

mod id_token;
use id_token::{Jwks, knows_key, verify_id_token};

/// `KURSPORTAL_OIDC_*`: the employer's provider and this portal's registration there.
#[derive(Clone)]
pub struct OidcSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// The ID token claim that carries the staff code (`KURSPORTAL_OIDC_STAFF_CODE_CLAIM`).
    pub staff_code_claim: String,
    /// Space-separated scopes to ask for (`KURSPORTAL_OIDC_SCOPES`).
    pub scopes: String,
    /// When set, a staff code no employee has yet creates the employee at this employer
    /// (`KURSPORTAL_OIDC_NEW_EMPLOYEES`, an organisation number; off by default).
    pub new_employees: Option<OrgNumber>,
}

impl std::fmt::Debug for OidcSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcSettings")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("staff_code_claim", &self.staff_code_claim)
            .field(
                "new_employees",
                &self.new_employees.as_ref().map(OrgNumber::as_str),
            )
            .finish_non_exhaustive()
    }
}

/// Single sign-on as the server runs it.
#[derive(Clone)]
pub struct Sso {
    settings: Option<OidcSettings>,
    http: reqwest::Client,
    redirect_uri: String,
    db: DatabaseConnection,
    /// Sign-ins started per client address in 15 minutes.
    pub work_logins_per_address: crate::accounts::throttle::Limit,
    /// The provider's discovery document and keys, kept for [`PROVIDER_CACHE`].
    cache: std::sync::Arc<tokio::sync::RwLock<Option<Provider>>>,
}

/// How long the discovery document and the keys are kept; a token signed with a key id not
/// among the kept keys fetches them again at once (the provider rotated its keys).
const PROVIDER_CACHE: Duration = Duration::from_secs(3600);

/// What the provider publishes, as fetched at `fetched`.
#[derive(Clone)]
struct Provider {
    metadata: Metadata,
    jwks: Jwks,
    fetched: std::time::Instant,
}

/// Why a sign-in did not happen; the code goes to the login page (`/logg-inn?sso=…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SsoError {
    /// Not configured here.
    Off,
    /// The provider could not be reached or answered something we cannot accept.
    Provider,
    /// The ID token failed its checks (signature, algorithm, issuer, audience, age, nonce).
    Rejected,
    /// No sign-in of ours was waiting (old tab, forged or replayed answer).
    Expired,
    /// The person refused or the provider refused them.
    Denied,
    /// The staff code names no employee here.
    Unknown,
    /// The employment has ended.
    Ended,
    /// The support desk has deactivated the account.
    Deactivated,
}

impl SsoError {
    pub fn code(self) -> &'static str {
        match self {
            SsoError::Off => "av",
            SsoError::Provider => "feil",
            SsoError::Rejected => "avvist",
            SsoError::Expired => "utlopt",
            SsoError::Denied => "avbrutt",
            SsoError::Unknown => "ukjent",
            SsoError::Ended => "sluttet",
            SsoError::Deactivated => "deaktivert",
        }
    }
}

const PENDING: &str = "oidc.pending";

#[derive(Debug, Serialize, Deserialize)]
pub struct Pending {
    state: String,
    nonce: String,
    verifier: String,
}

#[derive(Debug, Clone, Deserialize)]
struct Metadata {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
}

#[derive(Debug, Deserialize)]
struct TokenAnswer {
    id_token: String,
}

fn random() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The PKCE challenge of a verifier (RFC 7636, S256).
pub fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn provider<E: std::fmt::Display>(what: &'static str) -> impl FnOnce(E) -> SsoError {
    move |error| {
        tracing::warn!(%error, "single sign-on: {what}");
        SsoError::Provider
    }
}

impl Sso {
    pub fn new(
        settings: Option<OidcSettings>,
        public_url: &str,
        db: DatabaseConnection,
        work_logins_per_address: crate::accounts::throttle::Limit,
    ) -> Self {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        Self {
            settings,
            http,
            redirect_uri: format!("{}/logg-inn/jobb/svar", public_url.trim_end_matches('/')),
            db,
            work_logins_per_address,
            cache: Default::default(),
        }
    }

    pub fn enabled(&self) -> bool {
        self.settings.is_some()
    }

    fn settings(&self) -> Result<&OidcSettings, SsoError> {
        self.settings.as_ref().ok_or(SsoError::Off)
    }

    /// The discovery document and keys: kept for an hour, fetched again when `refresh` (a
    /// token named a key id we do not have).
    async fn provider(&self, settings: &OidcSettings, refresh: bool) -> Result<Provider, SsoError> {
        if !refresh
            && let Some(kept) = self.cache.read().await.as_ref()
            && kept.fetched.elapsed() < PROVIDER_CACHE
        {
            return Ok(kept.clone());
        }
        let fetched = self.fetch_provider(settings).await?;
        *self.cache.write().await = Some(fetched.clone());
        Ok(fetched)
    }

    async fn fetch_provider(&self, settings: &OidcSettings) -> Result<Provider, SsoError> {
        let url = format!(
            "{}/.well-known/openid-configuration",
            settings.issuer.trim_end_matches('/')
        );
        let metadata: Metadata = self
            .http
            .get(url)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(provider("discovery failed"))?
            .json()
            .await
            .map_err(provider("discovery document unreadable"))?;
        if metadata.issuer.trim_end_matches('/') != settings.issuer.trim_end_matches('/') {
            tracing::warn!("single sign-on: the discovery document names another issuer");
            return Err(SsoError::Provider);
        }
        let jwks: Jwks = self
            .http
            .get(&metadata.jwks_uri)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(provider("keys unavailable"))?
            .json()
            .await
            .map_err(provider("keys unreadable"))?;
        Ok(Provider {
            metadata,
            jwks,
            fetched: std::time::Instant::now(),
        })
    }

    /// Where to send the browser, with what is remembered in the session.
    pub async fn begin(&self, session: &Session) -> Result<String, SsoError> {
        let settings = self.settings()?;
        let metadata = self.provider(settings, false).await?.metadata;
        let pending = Pending {
            state: random(),
            nonce: random(),
            verifier: random(),
        };
        let url = reqwest::Url::parse_with_params(
            &metadata.authorization_endpoint,
            &[
                ("response_type", "code"),
                ("client_id", settings.client_id.as_str()),
                ("redirect_uri", self.redirect_uri.as_str()),
                ("scope", settings.scopes.as_str()),
                ("state", pending.state.as_str()),
                ("nonce", pending.nonce.as_str()),
                ("code_challenge", challenge(&pending.verifier).as_str()),
                ("code_challenge_method", "S256"),
            ],
        )
        .map_err(provider("authorization endpoint is not a URL"))?;
        session
            .insert(PENDING, &pending)
            .await
            .map_err(provider("session store"))?;
        Ok(url.to_string())
    }

    /// Checks the provider's answer and returns the employee it names, or, where employees
    /// are created at their first sign-in, the newcomer the provider vouches for.
    pub async fn finish(&self, pending: Option<Pending>, answer: Answer) -> Result<AtWork, SsoError> {
        let settings = self.settings()?;
        let pending = pending.ok_or(SsoError::Expired)?;
        if answer.state.as_deref() != Some(pending.state.as_str()) {
            return Err(SsoError::Expired);
        }
        if answer.error.is_some() {
            return Err(SsoError::Denied);
        }
        let code = answer.code.ok_or(SsoError::Expired)?;
        let mut known = self.provider(settings, false).await?;
        let tokens: TokenAnswer = self
            .http
            .post(&known.metadata.token_endpoint)
            .basic_auth(&settings.client_id, Some(&settings.client_secret))
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", code.as_str()),
                ("redirect_uri", self.redirect_uri.as_str()),
                ("code_verifier", pending.verifier.as_str()),
                ("client_id", settings.client_id.as_str()),
            ])
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(provider("token exchange failed"))?
            .json()
            .await
            .map_err(provider("token answer unreadable"))?;
        // A key id we do not know: the provider may have rotated its keys since we kept them.
        if !knows_key(&known.jwks, &tokens.id_token) {
            known = self.provider(settings, true).await?;
        }
        let claims = verify_id_token(
            &tokens.id_token,
            &known.jwks,
            &known.metadata.issuer,
            &settings.client_id,
            &pending.nonce,
            Utc::now().timestamp(),
        )?;
        let asserted = Newcomer::from_claims(&claims, &settings.staff_code_claim).ok_or_else(|| {
            tracing::info!(claim = %settings.staff_code_claim, "single sign-on: no usable staff code in the ID token");
            SsoError::Unknown
        })?;
        let found = account::Entity::find()
            .filter(account::Column::StaffCode.eq(asserted.staff_code.as_str()))
            .one(&self.db)
            .await
            .map_err(provider("database"))?;
        let employee = match found {
            Some(employee) if employee.merged_into.is_none() => employee,
            Some(_) => return Err(SsoError::Unknown),
            None if settings.new_employees.is_some() && asserted.name.is_some() => {
                return Ok(AtWork::Newcomer(asserted));
            }
            None => return Err(SsoError::Unknown),
        };
        if employee.employment_has_ended(crate::common::time::today()) {
            return Err(SsoError::Ended);
        }
        if employee.deactivated_at.is_some() {
            return Err(SsoError::Deactivated);
        }
        Ok(AtWork::Employee(Box::new(employee)))
    }

    /// The employer whose newcomers are created at their first sign-in, if that is on.
    pub fn new_employees(&self) -> Option<&OrgNumber> {
        self.settings.as_ref().and_then(|s| s.new_employees.as_ref())
    }
}

/// Who signed in at work.
#[derive(Debug)]
pub enum AtWork {
    /// An employee the portal knows.
    Employee(Box<account::Model>),
    /// A staff code no employee has yet, with a name (and maybe an e-mail) from the provider:
    /// created as an employee where that is configured, completed by the next HR record.
    Newcomer(Newcomer),
}

/// What the identity provider asserts about a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Newcomer {
    pub staff_code: StaffCode,
    pub name: Option<PersonName>,
    pub email: Option<Email>,
}

impl Newcomer {
    /// The staff code from the configured claim, or else from `upn`; of a user principal name
    /// («ans99@helse.example») the part before `@`. The name from `name`, or `given_name` and
    /// `family_name`; the e-mail from `email`. Values that do not parse are left out.
    pub fn from_claims(
        claims: &serde_json::Map<String, serde_json::Value>,
        staff_code_claim: &str,
    ) -> Option<Self> {
        let text = |claim: &str| {
            claims
                .get(claim)
                .and_then(serde_json::Value::as_str)
                .map(str::trim)
        };
        let code = text(staff_code_claim).or_else(|| text("upn"))?;
        let code = code.split_once('@').map_or(code, |(local, _)| local);
        let staff_code = StaffCode::parse(code).ok()?;
        let name = text("name")
            .filter(|n| !n.is_empty())
            .map(String::from)
            .or_else(|| {
                let parts: Vec<&str> = [text("given_name"), text("family_name")]
                    .into_iter()
                    .flatten()
                    .collect();
                (!parts.is_empty()).then(|| parts.join(" "))
            })
            .and_then(|n| PersonName::parse(&n).ok());
        let email = text("email").and_then(|e| Email::parse(e).ok());
        Some(Self {
            staff_code,
            name,
            email,
        })
    }
}

/// The provider's redirect back (`/logg-inn/jobb/svar`).
#[derive(Debug, Deserialize)]
pub struct Answer {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// The sign-in this session started, taken out of it (it is good for one answer).
pub async fn take_pending(session: &Session) -> Option<Pending> {
    session.remove::<Pending>(PENDING).await.ok().flatten()
}

#[cfg(test)]
mod tests;
