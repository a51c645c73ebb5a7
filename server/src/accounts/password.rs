//! argon2id hashing, always off the async runtime, and the rules a new password must meet.
use app::accounts::fields::{FieldError, check_new_password};
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

const COMMON: &str = include_str!("common-passwords.txt");

/// Whether a password is one that attackers try first.
pub fn is_common(password: &str) -> bool {
    let folded = password.trim().to_lowercase();
    let first = folded.chars().next();
    if first.is_some_and(|c| folded.chars().all(|d| d == c)) {
        return true;
    }
    COMMON
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .any(|line| line == folded)
}

/// The rules of a new password: long enough, not common, not the person's own address.
pub fn check_new(password: &str, email: Option<&str>) -> Result<(), FieldError> {
    check_new_password(password)?;
    if is_common(password) {
        return Err(FieldError(
            "Dette passordet er for vanlig og blir gjettet først. Velg et annet, gjerne en setning.",
        ));
    }
    let folded = password.to_lowercase();
    if let Some(email) = email {
        let local = email.split('@').next().unwrap_or_default();
        if folded == email || folded == local {
            return Err(FieldError("Passordet kan ikke inneholde e-postadressen din."));
        }
    }
    Ok(())
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

    #[test]
    fn common_and_personal_passwords_are_refused() {
        assert!(check_new("Passord123", None).is_err(), "case does not help");
        assert!(check_new("zzzzzzzzzzzz", None).is_err());
        assert!(check_new("Kari.Nordmann@eksempel.no", Some("kari.nordmann@eksempel.no")).is_err());
        assert!(check_new("kari.nordmann", Some("kari.nordmann@eksempel.no")).is_err());
        assert!(check_new("kort", None).is_err());
        assert!(check_new("lange passfraser er lov å bruke her", None).is_ok());
        assert!(check_new(&"ord ".repeat(200), None).is_ok(), "800 characters");
    }
}
