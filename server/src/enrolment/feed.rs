//! The personal calendar feed: a secret address per learner that calendar apps subscribe to.
//!
//! The address carries an HMAC of the account id and a generation number, keyed from
//! `KURSPORTAL_SECRET_KEY`; nothing secret is stored. «Lag ny adresse» bumps the generation,
//! so an address that leaked stops working.
use hmac::{Hmac, Mac};
use sha2::Sha256;

#[derive(Clone)]
pub struct FeedKey([u8; 32]);

impl std::fmt::Debug for FeedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FeedKey(***)")
    }
}

impl FeedKey {
    pub fn new(secret: &[u8]) -> Self {
        Self(crate::accounts::national_id::derive(
            secret,
            "kursportal/calendar-feed/hmac-sha256/v1",
        ))
    }

    /// 32 hex digits that only the holder of the key can make.
    pub fn token(&self, account_id: i64, generation: i32) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("32-byte key");
        mac.update(format!("{account_id}:{generation}").as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..16])
    }

    /// Compares in constant time.
    pub fn verify(&self, account_id: i64, generation: i32, token: &str) -> bool {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("32-byte key");
        mac.update(format!("{account_id}:{generation}").as_bytes());
        match hex::decode(token) {
            Ok(bytes) if bytes.len() == 16 => mac.verify_truncated_left(&bytes).is_ok(),
            _ => false,
        }
    }

    /// The feed's path under the portal's address.
    pub fn path(&self, account_id: i64, generation: i32) -> String {
        format!(
            "/kalender/mine/{account_id}/{}.ics",
            self.token(account_id, generation)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_only_for_their_account_and_generation() {
        let key = FeedKey::new(b"a secret of some length");
        let token = key.token(7, 0);
        assert_eq!(token.len(), 32);
        assert!(key.verify(7, 0, &token));
        assert!(!key.verify(8, 0, &token), "another account");
        assert!(!key.verify(7, 1, &token), "a new address was made");
        assert!(
            !FeedKey::new(b"another secret").verify(7, 0, &token),
            "another key"
        );
        assert!(!key.verify(7, 0, "not-hex"));
        assert!(!key.verify(7, 0, &token[..30]));
    }
}
