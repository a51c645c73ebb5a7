//! The sign-in's own checks: PKCE, the ID token against forged ones, refusal codes.
use super::{id_token::Jwk, *};

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
            Err(SsoError::Rejected),
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
        KEY.get_or_init(|| RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("a test key"))
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
        let signature = SigningKey::<Sha256>::new(key().clone()).sign(format!("{head}.{body}").as_bytes());
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
        assert_eq!(check(&token), Err(SsoError::Rejected), "{why}");
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
        Err(SsoError::Rejected),
        "and refused if still unknown"
    );
}

#[test]
fn refusal_codes_are_short_and_distinct() {
    let all = [
        SsoError::Off,
        SsoError::Provider,
        SsoError::Rejected,
        SsoError::Expired,
        SsoError::Denied,
        SsoError::Unknown,
        SsoError::Ended,
    ];
    let codes: std::collections::HashSet<_> = all.iter().map(|e| e.code()).collect();
    assert_eq!(codes.len(), all.len());
}

#[test]
fn a_newcomer_is_read_from_the_claims_the_provider_asserts() {
    let claims = |value: serde_json::Value| value.as_object().cloned().unwrap();
    let full = Newcomer::from_claims(
        &claims(serde_json::json!({"staff_code": "ny123", "name": "Nora Nyansatt", "email": "Nora@Helse.example"})),
        "staff_code",
    )
    .unwrap();
    assert_eq!(full.staff_code.as_str(), "NY123");
    assert_eq!(full.name.unwrap().as_str(), "Nora Nyansatt");
    assert_eq!(full.email.unwrap().as_str(), "nora@helse.example");

    // A user principal name gives its part before «@»; the name from its two halves.
    let upn = Newcomer::from_claims(
        &claims(
            serde_json::json!({"upn": "ans77@helse.example", "given_name": "Åse", "family_name": "Ødegård"}),
        ),
        "staff_code",
    )
    .unwrap();
    assert_eq!(upn.staff_code.as_str(), "ANS77");
    assert_eq!(upn.name.unwrap().as_str(), "Åse Ødegård");
    assert_eq!(upn.email, None);

    // A configured claim that holds a UPN; values that do not parse are left out.
    let odd = Newcomer::from_claims(
        &claims(
            serde_json::json!({"preferred_username": "ab12@x.example", "email": "ikke-epost", "name": ""}),
        ),
        "preferred_username",
    )
    .unwrap();
    assert_eq!(
        (odd.staff_code.as_str(), odd.name, odd.email),
        ("AB12", None, None)
    );
    assert_eq!(
        Newcomer::from_claims(&claims(serde_json::json!({"name": "Uten Kode"})), "staff_code"),
        None
    );
    assert_eq!(
        Newcomer::from_claims(
            &claims(serde_json::json!({"staff_code": "ikke en kode!"})),
            "staff_code"
        ),
        None
    );
}
