//! The ID token: its signature against the provider's published keys and its claims.
use super::SsoError;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rsa::{
    BigUint, RsaPublicKey,
    pkcs1v15::{Signature, VerifyingKey},
    signature::Verifier,
};
use serde::Deserialize;
use sha2::Sha256;

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

#[derive(Debug, Deserialize)]
pub(super) struct Header {
    pub(super) alg: String,
    pub(super) kid: Option<String>,
}

pub(super) fn base64url(text: &str) -> Result<Vec<u8>, SsoError> {
    URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .map_err(|_| SsoError::Provider)
}

/// Whether `token`'s header names a key id among `jwks` (or names none).
pub(super) fn knows_key(jwks: &Jwks, token: &str) -> bool {
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
