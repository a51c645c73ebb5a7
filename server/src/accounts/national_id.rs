//! National ID numbers at rest: sealed with AES-256-GCM, found by a keyed hash (HMAC-SHA256).
//!
//! Both keys are derived from `KURSPORTAL_SECRET_KEY`, so changing that key makes stored
//! numbers unreadable: rotate it only together with a re-encryption.
use aes_gcm::{
    Aes256Gcm, Key, Nonce,
    aead::{Aead, AeadCore, KeyInit, OsRng},
};
use app::accounts::identity::NationalId;
use base64::{Engine, engine::general_purpose::STANDARD};
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The version tag in front of every sealed value, so a later key or scheme can coexist.
const SEALED_PREFIX: &str = "v1:";

/// Seals, opens and indexes national ID numbers (and other values that must be looked up
/// without being stored readable).
#[derive(Clone)]
pub struct Vault {
    encryption_key: [u8; 32],
    index_key: [u8; 32],
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault(***)")
    }
}

pub(crate) fn derive(secret: &[u8], purpose: &str) -> [u8; 32] {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(purpose.as_bytes());
    mac.finalize().into_bytes().into()
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("a sealed value could not be opened (wrong key or damaged data)")]
pub struct OpenError;

impl Vault {
    pub fn new(secret: &[u8]) -> Self {
        Self {
            encryption_key: derive(secret, "kursportal/national-id/aes-256-gcm/v1"),
            index_key: derive(secret, "kursportal/index/hmac-sha256/v1"),
        }
    }

    /// The unique, non-reversible key of a national ID, for the one-account-per-person check.
    pub fn national_id_key(&self, id: &NationalId) -> String {
        self.keyed_hash("national-id", id.expose_digits())
    }

    /// A keyed hash of `value` within `domain` (hex), e.g. for throttling by login name.
    pub fn keyed_hash(&self, domain: &str, value: &str) -> String {
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.index_key).expect("32-byte key");
        mac.update(domain.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// Encrypts the 11 digits with a fresh random nonce.
    pub fn seal(&self, id: &NationalId) -> String {
        let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&self.encryption_key));
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let sealed = cipher
            .encrypt(&nonce, id.expose_digits().as_bytes())
            .expect("AES-GCM encrypts any input of this size");
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        format!("{SEALED_PREFIX}{}", STANDARD.encode(bytes))
    }

    /// Decrypts a sealed number; only for the audited reveal and for merging profiles.
    pub fn open(&self, sealed: &str) -> Result<NationalId, OpenError> {
        let encoded = sealed.strip_prefix(SEALED_PREFIX).ok_or(OpenError)?;
        let bytes = STANDARD.decode(encoded).map_err(|_| OpenError)?;
        if bytes.len() < 12 {
            return Err(OpenError);
        }
        let (nonce, ciphertext) = bytes.split_at(12);
        let cipher = Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&self.encryption_key));
        let plain = cipher
            .decrypt(Nonce::from_slice(nonce), ciphertext)
            .map_err(|_| OpenError)?;
        let digits = String::from_utf8(plain).map_err(|_| OpenError)?;
        NationalId::parse(&digits).map_err(|_| OpenError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NUMBER: &str = "15038510190";

    #[test]
    fn sealing_round_trips_and_never_shows_the_digits() {
        let vault = Vault::new(&[7; 32]);
        let id = NationalId::parse(NUMBER).unwrap();
        let sealed = vault.seal(&id);
        assert!(sealed.starts_with("v1:"));
        assert!(!sealed.contains(NUMBER));
        assert_ne!(sealed, vault.seal(&id), "a fresh nonce every time");
        assert_eq!(vault.open(&sealed).unwrap(), id);
    }

    #[test]
    fn another_key_or_a_changed_byte_cannot_open_it() {
        let vault = Vault::new(&[7; 32]);
        let sealed = vault.seal(&NationalId::parse(NUMBER).unwrap());
        assert_eq!(Vault::new(&[8; 32]).open(&sealed), Err(OpenError));
        let mut damaged = sealed.into_bytes();
        let last = damaged.len() - 3;
        damaged[last] = if damaged[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(vault.open(&String::from_utf8(damaged).unwrap()), Err(OpenError));
        assert_eq!(vault.open("v1:"), Err(OpenError));
    }

    #[test]
    fn the_index_key_is_stable_per_key_and_number() {
        let id = NationalId::parse(NUMBER).unwrap();
        let a = Vault::new(&[7; 32]);
        assert_eq!(a.national_id_key(&id), a.national_id_key(&id));
        assert_eq!(a.national_id_key(&id).len(), 64);
        assert_ne!(a.national_id_key(&id), Vault::new(&[8; 32]).national_id_key(&id));
        assert_ne!(a.keyed_hash("login", "x"), a.keyed_hash("other", "x"));
    }
}
