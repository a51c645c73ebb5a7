//! «Logg inn på jobb»: OpenID Connect against the employer's identity provider,
//! authorization code flow with PKCE (S256), state and nonce kept in the session. The ID
//! token's RS256 signature is checked against the provider's published keys (kept an hour,
//! fetched again for an unknown key id), and its issuer, audience, authorized party, issue
//! time, expiry and nonce; the staff code comes from a configured claim and must name an
//! employee profile whose employment has not ended. Starting a sign-in writes a session row,
//! so it is limited per client address.
use crate::{accounts::entity as account, startup::AppState};
use app::accounts::{identity::StaffCode, service::SessionAccount};
use axum::{
    extract::{Query, State},
    response::{IntoResponse, Redirect, Response},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::Utc;
use rand::RngCore;
use rsa::{
    BigUint, RsaPublicKey,
    pkcs1v15::{Signature, VerifyingKey},
    signature::Verifier,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter, Set,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::time::Duration;
use tower_sessions::Session;

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
}

impl std::fmt::Debug for OidcSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcSettings")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("staff_code_claim", &self.staff_code_claim)
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
    /// No sign-in of ours was waiting (old tab, forged or replayed answer).
    Expired,
    /// The person refused or the provider refused them.
    Denied,
    /// The staff code names no employee here.
    Unknown,
    /// The employment has ended.
    Ended,
}

impl SsoError {
    pub fn code(self) -> &'static str {
        match self {
            SsoError::Off => "av",
            SsoError::Provider => "feil",
            SsoError::Expired => "utlopt",
            SsoError::Denied => "avbrutt",
            SsoError::Unknown => "ukjent",
            SsoError::Ended => "sluttet",
        }
    }
}

const PENDING: &str = "oidc.pending";

#[derive(Debug, Serialize, Deserialize)]
struct Pending {
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

#[derive(Debug, Clone, Deserialize)]
struct Jwks {
    keys: Vec<Jwk>,
}

#[derive(Debug, Clone, Deserialize)]
struct Jwk {
    kty: String,
    kid: Option<String>,
    #[serde(rename = "use")]
    usage: Option<String>,
    n: Option<String>,
    e: Option<String>,
}

#[derive(Debug, Deserialize)]
struct TokenAnswer {
    id_token: String,
}

#[derive(Debug, Deserialize)]
struct Header {
    alg: String,
    kid: Option<String>,
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
    async fn begin(&self, session: &Session) -> Result<String, SsoError> {
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

    /// Checks the provider's answer and returns the employee it names.
    async fn finish(&self, pending: Option<Pending>, answer: Answer) -> Result<account::Model, SsoError> {
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
        let staff_code = claims
            .get(&settings.staff_code_claim)
            .and_then(serde_json::Value::as_str)
            .and_then(|text| StaffCode::parse(text).ok())
            .ok_or_else(|| {
                tracing::info!(claim = %settings.staff_code_claim, "single sign-on: no usable staff code in the ID token");
                SsoError::Unknown
            })?;
        let employee = account::Entity::find()
            .filter(account::Column::StaffCode.eq(staff_code.as_str()))
            .filter(account::Column::MergedInto.is_null())
            .one(&self.db)
            .await
            .map_err(provider("database"))?
            .ok_or(SsoError::Unknown)?;
        if employee.employment_has_ended(crate::courses::time::today()) {
            return Err(SsoError::Ended);
        }
        Ok(employee)
    }
}

/// The provider's redirect back (`/logg-inn/jobb/svar`).
#[derive(Debug, Deserialize)]
pub struct Answer {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

fn base64url(text: &str) -> Result<Vec<u8>, SsoError> {
    URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .map_err(|_| SsoError::Provider)
}

/// Whether `token`'s header names a key id among `jwks` (or names none).
fn knows_key(jwks: &Jwks, token: &str) -> bool {
    let header = token
        .split('.')
        .next()
        .and_then(|head| base64url(head).ok())
        .and_then(|bytes| serde_json::from_slice::<Header>(&bytes).ok());
    match header {
        Some(Header { kid: Some(kid), .. }) => {
            jwks.keys.iter().any(|k| k.kid.as_deref() == Some(kid.as_str()))
        }
        _ => true,
    }
}

/// How old an ID token may be when it arrives: it is made for this one sign-in.
const MAX_TOKEN_AGE: i64 = 10 * 60;
/// Clock skew allowed between the provider and the portal.
const SKEW: i64 = 60;

/// The claims of a valid ID token: RS256 signature by one of the provider's keys (no other
/// algorithm, `none` and HS256 included), our issuer and audience (and `azp` naming us when
/// present, required when there are several audiences), issued within the last ten minutes
/// and not in the future, not expired (one minute of clock skew), the nonce we sent.
fn verify_id_token(
    token: &str,
    jwks: &Jwks,
    issuer: &str,
    client_id: &str,
    nonce: &str,
    now: i64,
) -> Result<serde_json::Map<String, serde_json::Value>, SsoError> {
    let rejected = |why: &'static str| {
        tracing::warn!("single sign-on: ID token refused: {why}");
        SsoError::Provider
    };
    let mut parts = token.split('.');
    let (Some(head), Some(body), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(rejected("not a JWS"));
    };
    let header: Header = serde_json::from_slice(&base64url(head)?).map_err(|_| rejected("header"))?;
    if header.alg != "RS256" {
        return Err(rejected("algorithm other than RS256"));
    }
    let key = jwks
        .keys
        .iter()
        .filter(|k| k.kty == "RSA" && k.usage.as_deref().is_none_or(|u| u == "sig"))
        .find(|k| header.kid.is_none() || k.kid == header.kid)
        .ok_or_else(|| rejected("unknown key"))?;
    let (Some(n), Some(e)) = (&key.n, &key.e) else {
        return Err(rejected("key without modulus"));
    };
    let public = RsaPublicKey::new(
        BigUint::from_bytes_be(&base64url(n)?),
        BigUint::from_bytes_be(&base64url(e)?),
    )
    .map_err(|_| rejected("bad key"))?;
    let signature =
        Signature::try_from(base64url(signature)?.as_slice()).map_err(|_| rejected("signature"))?;
    VerifyingKey::<Sha256>::new(public)
        .verify(format!("{head}.{body}").as_bytes(), &signature)
        .map_err(|_| rejected("signature does not match"))?;
    let claims: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&base64url(body)?).map_err(|_| rejected("claims"))?;
    if claims.get("iss").and_then(|v| v.as_str()) != Some(issuer) {
        return Err(rejected("issuer"));
    }
    let audience_ok = match claims.get("aud") {
        Some(serde_json::Value::String(aud)) => aud == client_id,
        Some(serde_json::Value::Array(list)) => list.iter().any(|a| a.as_str() == Some(client_id)),
        _ => false,
    };
    if !audience_ok {
        return Err(rejected("audience"));
    }
    let several_audiences = claims
        .get("aud")
        .and_then(serde_json::Value::as_array)
        .is_some_and(|list| list.len() > 1);
    match claims.get("azp").map(|v| v.as_str()) {
        Some(Some(azp)) if azp == client_id => {}
        None if !several_audiences => {}
        _ => return Err(rejected("authorized party")),
    }
    match claims.get("iat").and_then(serde_json::Value::as_i64) {
        Some(iat) if iat <= now + SKEW && iat >= now - MAX_TOKEN_AGE - SKEW => {}
        _ => return Err(rejected("issued at")),
    }
    if claims
        .get("exp")
        .and_then(serde_json::Value::as_i64)
        .is_none_or(|exp| exp + SKEW < now)
    {
        return Err(rejected("expired"));
    }
    if claims.get("nonce").and_then(|v| v.as_str()) != Some(nonce) {
        return Err(rejected("nonce"));
    }
    Ok(claims)
}

/// `GET /logg-inn/jobb`: off to the employer's provider. Each start writes a session row, so
/// one client address may start [`crate::accounts::throttle::Limits::work_logins_per_address`]
/// in 15 minutes (a hospital's morning shift behind one address included).
pub async fn start(
    State(state): State<AppState>,
    session: Session,
    request: axum::http::request::Parts,
) -> Response {
    let connection = request
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip());
    let client = app::services::client_ip_of(
        state.services.client_ip_header.as_ref(),
        &request.headers,
        connection,
    );
    if let Some(ip) = client {
        let limit = state.sso.work_logins_per_address;
        match crate::accounts::throttle::admit(&state.db, &format!("sso:{ip}"), limit, Utc::now()).await {
            Ok(None) => {}
            Ok(Some(_)) => {
                tracing::warn!("single sign-on start throttled");
                return Redirect::to("/logg-inn?sso=mange").into_response();
            }
            Err(error) => {
                tracing::error!(%error, "single sign-on throttle unavailable");
                return Redirect::to("/logg-inn?sso=feil").into_response();
            }
        }
    }
    match state.sso.begin(&session).await {
        Ok(url) => Redirect::to(&url).into_response(),
        Err(error) => Redirect::to(&format!("/logg-inn?sso={}", error.code())).into_response(),
    }
}

/// `GET /logg-inn/jobb/svar`: back from the provider; signed in under a new session id.
pub async fn callback(
    State(state): State<AppState>,
    session: Session,
    Query(answer): Query<Answer>,
) -> Response {
    let pending = session.remove::<Pending>(PENDING).await.ok().flatten();
    let employee = match state.sso.finish(pending, answer).await {
        Ok(employee) => employee,
        Err(error) => {
            tracing::info!(reason = error.code(), "single sign-on refused");
            return Redirect::to(&format!("/logg-inn?sso={}", error.code())).into_response();
        }
    };
    let who = SessionAccount {
        account_id: employee.id,
        generation: employee.session_generation,
    };
    if app::services::sign_in_at_work(&session, who).await.is_err() {
        return Redirect::to("/logg-inn?sso=feil").into_response();
    }
    let mut row = employee.into_active_model();
    row.last_login_at = Set(Some(Utc::now()));
    if let Err(error) = row.update(&state.db).await {
        tracing::warn!(%error, "could not note the login time");
    }
    tracing::info!(account_id = who.account_id, "login by single sign-on");
    Redirect::to("/mine-kurs").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pkce_challenge_is_base64url_sha256_without_padding() {
        // Computed independently: base64.urlsafe_b64encode(hashlib.sha256(v).digest()).rstrip(b"=")
        assert_eq!(
            challenge("kursportal-pkce-verifier-0123456789-abcdefghij"),
            "eTTUrauTguVjF4BOMxaYtLeDURMH6e5i6qcNsNa8Afk"
        );
    }

    #[test]
    fn a_token_that_is_not_a_signed_jwt_is_refused() {
        let jwks = Jwks { keys: Vec::new() };
        for token in ["", "a.b", "a.b.c.d", "eyJhbGciOiJub25lIn0.e30."] {
            assert_eq!(
                verify_id_token(token, &jwks, "i", "c", "n", 0),
                Err(SsoError::Provider),
                "{token}"
            );
        }
    }

    /// A provider of our own for the token checks: an RSA key, its JWK, and tokens signed
    /// (or forged) the way an attacker would.
    mod forged {
        use super::*;
        use rsa::{
            RsaPrivateKey,
            pkcs1v15::SigningKey,
            signature::{SignatureEncoding, Signer},
            traits::PublicKeyParts,
        };
        use serde_json::{Value, json};

        pub const ISSUER: &str = "https://login.arbeidsgiver.example";
        pub const CLIENT: &str = "kursportal";
        pub const NONCE: &str = "noncen-vi-sendte";
        pub const NOW: i64 = 1_800_000_000;

        fn key() -> &'static RsaPrivateKey {
            static KEY: std::sync::OnceLock<RsaPrivateKey> = std::sync::OnceLock::new();
            KEY.get_or_init(|| RsaPrivateKey::new(&mut rand::thread_rng(), 1024).expect("a test key"))
        }

        fn b64(bytes: &[u8]) -> String {
            URL_SAFE_NO_PAD.encode(bytes)
        }

        pub fn jwks() -> Jwks {
            let public = key().to_public_key();
            Jwks {
                keys: vec![Jwk {
                    kty: "RSA".into(),
                    kid: Some("nøkkel-1".into()),
                    usage: Some("sig".into()),
                    n: Some(b64(&public.n().to_bytes_be())),
                    e: Some(b64(&public.e().to_bytes_be())),
                }],
            }
        }

        pub fn claims() -> Value {
            json!({ "iss": ISSUER, "aud": CLIENT, "sub": "ANS01", "nonce": NONCE, "iat": NOW - 5, "exp": NOW + 300 })
        }

        /// `claims` signed with RS256 by the provider's key.
        pub fn signed(claims: &Value) -> String {
            let head = b64(json!({ "alg": "RS256", "kid": "nøkkel-1" })
                .to_string()
                .as_bytes());
            let body = b64(claims.to_string().as_bytes());
            let signature =
                SigningKey::<Sha256>::new(key().clone()).sign(format!("{head}.{body}").as_bytes());
            format!("{head}.{body}.{}", b64(&signature.to_bytes()))
        }

        /// `claims` with a header of `alg` and the given signature bytes.
        pub fn with_header(header: Value, claims: &Value, signature: &[u8]) -> String {
            format!(
                "{}.{}.{}",
                b64(header.to_string().as_bytes()),
                b64(claims.to_string().as_bytes()),
                b64(signature)
            )
        }

        /// HS256 with the provider's public key as the shared secret: the classic confusion.
        pub fn hs256_with_public_key(claims: &Value) -> String {
            use hmac::{Hmac, Mac};
            let head = b64(json!({ "alg": "HS256", "kid": "nøkkel-1" })
                .to_string()
                .as_bytes());
            let body = b64(claims.to_string().as_bytes());
            let secret = key().to_public_key().n().to_bytes_be();
            let mut mac = Hmac::<Sha256>::new_from_slice(&secret).expect("any key length");
            mac.update(format!("{head}.{body}").as_bytes());
            format!("{head}.{body}.{}", b64(&mac.finalize().into_bytes()))
        }
    }

    fn check(token: &str) -> Result<(), SsoError> {
        verify_id_token(
            token,
            &forged::jwks(),
            forged::ISSUER,
            forged::CLIENT,
            forged::NONCE,
            forged::NOW,
        )
        .map(|_| ())
    }

    fn with(change: impl FnOnce(&mut serde_json::Map<String, serde_json::Value>)) -> String {
        let mut claims = forged::claims();
        change(claims.as_object_mut().expect("an object"));
        forged::signed(&claims)
    }

    #[test]
    fn a_proper_id_token_is_accepted() {
        assert_eq!(check(&forged::signed(&forged::claims())), Ok(()));
        let several = with(|c| {
            c.insert("aud".into(), serde_json::json!([forged::CLIENT, "another-api"]));
            c.insert("azp".into(), forged::CLIENT.into());
        });
        assert_eq!(
            check(&several),
            Ok(()),
            "several audiences with us as the authorized party"
        );
    }

    #[test]
    fn forged_and_misdirected_id_tokens_are_refused() {
        use serde_json::json;
        let good = forged::signed(&forged::claims());
        // A tampered payload under the original signature.
        let mut parts: Vec<&str> = good.split('.').collect();
        let tampered_body =
            URL_SAFE_NO_PAD.encode(forged::claims().to_string().replace("ANS01", "ADM01").as_bytes());
        parts[1] = &tampered_body;
        let cases = [
            ("tampered signature", parts.join(".")),
            (
                "alg none",
                forged::with_header(json!({ "alg": "none" }), &forged::claims(), b""),
            ),
            (
                "HS256 with the public key as secret",
                forged::hs256_with_public_key(&forged::claims()),
            ),
            (
                "wrong audience",
                with(|c| {
                    c.insert("aud".into(), "another-client".into());
                }),
            ),
            (
                "wrong issuer",
                with(|c| {
                    c.insert("iss".into(), "https://evil.example".into());
                }),
            ),
            (
                "wrong nonce",
                with(|c| {
                    c.insert("nonce".into(), "a-replayed-nonce".into());
                }),
            ),
            (
                "no nonce",
                with(|c| {
                    c.remove("nonce");
                }),
            ),
            (
                "expired",
                with(|c| {
                    c.insert("exp".into(), (forged::NOW - 120).into());
                }),
            ),
            (
                "issued in the future",
                with(|c| {
                    c.insert("iat".into(), (forged::NOW + 600).into());
                }),
            ),
            (
                "issued long ago",
                with(|c| {
                    c.insert("iat".into(), (forged::NOW - 3600).into());
                }),
            ),
            (
                "no issue time",
                with(|c| {
                    c.remove("iat");
                }),
            ),
            (
                "another authorized party",
                with(|c| {
                    c.insert("azp".into(), "another-client".into());
                }),
            ),
            (
                "several audiences, no authorized party",
                with(|c| {
                    c.insert("aud".into(), json!([forged::CLIENT, "another-api"]));
                }),
            ),
        ];
        for (why, token) in cases {
            assert_eq!(check(&token), Err(SsoError::Provider), "{why}");
        }
    }

    #[test]
    fn an_unknown_key_id_fetches_the_keys_again() {
        let jwks = forged::jwks();
        assert!(knows_key(&jwks, &forged::signed(&forged::claims())));
        let rotated = forged::with_header(
            serde_json::json!({ "alg": "RS256", "kid": "nøkkel-2" }),
            &forged::claims(),
            b"x",
        );
        assert!(!knows_key(&jwks, &rotated));
        assert_eq!(
            check(&rotated),
            Err(SsoError::Provider),
            "and refused if still unknown"
        );
    }

    #[test]
    fn refusal_codes_are_short_and_distinct() {
        let all = [
            SsoError::Off,
            SsoError::Provider,
            SsoError::Expired,
            SsoError::Denied,
            SsoError::Unknown,
            SsoError::Ended,
        ];
        let codes: std::collections::HashSet<_> = all.iter().map(|e| e.code()).collect();
        assert_eq!(codes.len(), all.len());
    }
}
