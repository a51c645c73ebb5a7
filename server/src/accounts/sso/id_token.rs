//! The ID token: its signature against the provider's published keys and its claims.
//!
//! The JWS itself (the RS256 signature, the algorithm, issuer and audience) is checked by the
//! `jsonwebtoken` crate on `ring`; what OpenID Connect adds on top (`azp`, the age of `iat`,
//! expiry against the clock passed in, the nonce) is checked here.
use super::SsoError;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub(super) struct Jwks {
    pub(super) keys: Vec<Jwk>,
}

#[derive(Debug, Clone, Deserialize)]
pub(super) struct Jwk {
    pub(super) kty: String,
    pub(super) kid: Option<String>,
    #[serde(rename = "use")]
    pub(super) usage: Option<String>,
    pub(super) n: Option<String>,
    pub(super) e: Option<String>,
}

/// Whether `token`'s header names a key id among `jwks` (or names none).
pub(super) fn knows_key(jwks: &Jwks, token: &str) -> bool {
    match jsonwebtoken::decode_header(token)
        .ok()
        .and_then(|header| header.kid)
    {
        Some(kid) => jwks.keys.iter().any(|k| k.kid.as_deref() == Some(kid.as_str())),
        None => true,
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
pub(super) fn verify_id_token(
    token: &str,
    jwks: &Jwks,
    issuer: &str,
    client_id: &str,
    nonce: &str,
    now: i64,
) -> Result<serde_json::Map<String, serde_json::Value>, SsoError> {
    let rejected = |why: &'static str| {
        tracing::warn!("single sign-on: ID token refused: {why}");
        SsoError::Rejected
    };
    let header =
        jsonwebtoken::decode_header(token).map_err(|_| rejected("not a JWS with a known algorithm"))?;
    if header.alg != Algorithm::RS256 {
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
    let key = DecodingKey::from_rsa_components(n.trim_end_matches('='), e.trim_end_matches('='))
        .map_err(|_| rejected("bad key"))?;
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_issuer(&[issuer]);
    validation.set_audience(&[client_id]);
    validation.set_required_spec_claims(&["iss", "aud"]);
    // Expiry is checked below against `now` (one clock for every check, and for the tests).
    validation.validate_exp = false;
    let claims = jsonwebtoken::decode::<serde_json::Map<String, serde_json::Value>>(token, &key, &validation)
        .map_err(|error| match error.kind() {
            jsonwebtoken::errors::ErrorKind::InvalidSignature => rejected("signature does not match"),
            jsonwebtoken::errors::ErrorKind::InvalidIssuer => rejected("issuer"),
            jsonwebtoken::errors::ErrorKind::InvalidAudience => rejected("audience"),
            _ => rejected("not a valid JWS"),
        })?
        .claims;
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
