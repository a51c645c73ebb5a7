//! The launch of a package: a signed, expiring token in the path of every address on the content
//! origin, bound to one attempt and one of its items. It is the only key the content origin
//! takes (it reads no cookie), so a package sees nothing of the portal and can reach no other
//! attempt than the one it was launched for.
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How long a launch works: a working day with the course open. The learner opens the course
/// again for a new one (the player says so when a commit is refused as expired).
pub const LIFETIME_SECONDS: i64 = 12 * 3600;

/// What a token names: the attempt, the item (its place among the package's launchable items)
/// and when it stops working (seconds since 1970).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket {
    pub attempt_id: i64,
    pub item: u32,
    pub expires: i64,
}

/// Why a token was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("not a launch token")]
    Malformed,
    #[error("the token's signature does not match")]
    Forged,
    #[error("the launch has expired")]
    Expired,
}

#[derive(Clone)]
pub struct LaunchKey([u8; 32]);

/// What the portal needs to launch a package: the key and where the content origin is.
#[derive(Clone, Debug)]
pub struct Launcher {
    pub key: LaunchKey,
    /// `https://innhold.example.no`
    pub content_url: String,
}

impl Launcher {
    /// The player's address for `item` of `attempt_id`, working for [`LIFETIME_SECONDS`].
    pub fn player_url(&self, attempt_id: i64, item: u32) -> String {
        let ticket = Ticket {
            attempt_id,
            item,
            expires: chrono::Utc::now().timestamp() + LIFETIME_SECONDS,
        };
        format!("{}/spill/{}", self.content_url, self.key.token(&ticket))
    }
}

impl std::fmt::Debug for LaunchKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LaunchKey(***)")
    }
}

impl LaunchKey {
    pub fn new(secret: &[u8]) -> Self {
        Self(crate::accounts::national_id::derive(
            secret,
            "kursportal/package-launch/hmac-sha256/v1",
        ))
    }

    fn mac(&self, ticket: &Ticket) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("32-byte key");
        mac.update(format!("{}:{}:{}", ticket.attempt_id, ticket.item, ticket.expires).as_bytes());
        mac
    }

    /// `attempt-item-expires-signature`: safe in a path segment.
    pub fn token(&self, ticket: &Ticket) -> String {
        let signature = hex::encode(&self.mac(ticket).finalize().into_bytes()[..16]);
        format!(
            "{}-{}-{}-{signature}",
            ticket.attempt_id, ticket.item, ticket.expires
        )
    }

    /// The launch a token names, if this key signed it and it has not expired at `now`.
    pub fn verify(&self, token: &str, now: i64) -> Result<Ticket, Refused> {
        let mut parts = token.splitn(4, '-');
        let mut number = || parts.next().and_then(|p| p.parse::<i64>().ok());
        let (Some(attempt_id), Some(item), Some(expires)) = (number(), number(), number()) else {
            return Err(Refused::Malformed);
        };
        let signature = parts
            .next()
            .and_then(|s| hex::decode(s).ok())
            .filter(|s| s.len() == 16)
            .ok_or(Refused::Malformed)?;
        let ticket = Ticket {
            attempt_id,
            item: u32::try_from(item).map_err(|_| Refused::Malformed)?,
            expires,
        };
        self.mac(&ticket)
            .verify_truncated_left(&signature)
            .map_err(|_| Refused::Forged)?;
        if expires <= now {
            return Err(Refused::Expired);
        }
        Ok(ticket)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_796_000_000;

    fn launch() -> Ticket {
        Ticket {
            attempt_id: 41,
            item: 2,
            expires: NOW + LIFETIME_SECONDS,
        }
    }

    #[test]
    fn a_token_names_its_launch_until_it_expires() {
        let key = LaunchKey::new(b"a secret of some length, 32 bytes or more");
        let token = key.token(&launch());
        assert_eq!(key.verify(&token, NOW), Ok(launch()));
        assert_eq!(key.verify(&token, NOW + LIFETIME_SECONDS), Err(Refused::Expired));
    }

    #[test]
    fn a_changed_token_or_another_key_is_refused() {
        let key = LaunchKey::new(b"a secret of some length, 32 bytes or more");
        let token = key.token(&launch());
        let other_attempt = token.replacen("41-", "42-", 1);
        assert_eq!(key.verify(&other_attempt, NOW), Err(Refused::Forged));
        let other_item = token.replacen("-2-", "-3-", 1);
        assert_eq!(key.verify(&other_item, NOW), Err(Refused::Forged));
        let later = key.token(&launch()).replacen(
            &(NOW + LIFETIME_SECONDS).to_string(),
            &(NOW + 10 * LIFETIME_SECONDS).to_string(),
            1,
        );
        assert_eq!(key.verify(&later, NOW), Err(Refused::Forged));
        assert_eq!(
            LaunchKey::new(b"another secret, also long enough here").verify(&token, NOW),
            Err(Refused::Forged)
        );
        for bad in [
            "",
            "41",
            "41-2-x-00",
            "a-b-c-d",
            "41-2-3-zz",
            "41--2-3-00",
            "-1-2-3-",
        ] {
            assert!(key.verify(bad, NOW).is_err(), "{bad}");
        }
    }
}
