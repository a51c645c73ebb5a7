//! argon2id hashing, always off the async runtime.
use argon2::{
    Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version,
    password_hash::{SaltString, rand_core::OsRng},
};

/// m = 19 MiB, t = 2, p = 1: the OWASP baseline for argon2id.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("password hashing failed")]
    Hash,
    #[error("the hashing task stopped")]
    Task,
}

/// Hashes a password in a blocking thread.
pub async fn hash(password: String) -> Result<String, PasswordError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|_| PasswordError::Hash)
    })
    .await
    .map_err(|_| PasswordError::Task)?
}

/// A valid hash of a password nobody has, so that an unknown user costs as much as a known one.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$4Sx1X6E1mNTU1tGJ2dHhvpzlkDCmM3Ex/E+9mKvJ2Vs";

/// Verifies a password against a stored hash (or the dummy hash when there is none).
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, PasswordError> {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let hash_text = stored.unwrap_or_else(|| DUMMY_HASH.to_string());
        let Ok(parsed) = PasswordHash::new(&hash_text) else {
            return Ok(false);
        };
        let matches = hasher().verify_password(password.as_bytes(), &parsed).is_ok();
        Ok(known && matches)
    })
    .await
    .map_err(|_| PasswordError::Task)?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let stored = hash("korrekt hest batteri stift".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(
            verify("korrekt hest batteri stift".into(), Some(stored.clone()))
                .await
                .unwrap()
        );
        assert!(!verify("feil passord her".into(), Some(stored)).await.unwrap());
    }

    #[tokio::test]
    async fn unknown_users_never_verify() {
        assert!(!verify("whatever-password".into(), None).await.unwrap());
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }
}
