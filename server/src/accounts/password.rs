//! argon2id hashing, always off the async runtime, and the rules a new password must meet.
use app::accounts::fields::{FieldError, check_new_password};
use argon2::{
    Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version,
    password_hash::{SaltString, rand_core::OsRng},
};
use std::sync::{
    Arc, OnceLock,
    atomic::{AtomicUsize, Ordering},
};
use tokio::sync::Semaphore;

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
    /// Too many password checks are waiting already: try again in a moment.
    #[error("too many password checks at once")]
    Busy,
}

impl From<PasswordError> for app::error::AppError {
    fn from(error: PasswordError) -> Self {
        match error {
            PasswordError::Busy => {
                tracing::warn!("password checks queued past the limit");
                Self::Unavailable
            }
            other => {
                tracing::error!(error = %other, "password hashing");
                Self::Internal
            }
        }
    }
}

/// Bounds argon2's memory: each computation takes 19 MiB, so at most one runs per CPU, and
/// at most `max_waiting` wait for their turn; anything past that is answered «busy» at once
/// rather than piling up (a burst of anonymous logins cannot ask for gigabytes).
pub struct Gate {
    permits: Arc<Semaphore>,
    waiting: AtomicUsize,
    max_waiting: usize,
}

/// Counts a waiting request for as long as it waits (also when its client goes away).
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Gate {
    pub fn new(running: usize, max_waiting: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(running.max(1))),
            waiting: AtomicUsize::new(0),
            max_waiting,
        }
    }

    /// The process's gate: one computation per CPU, 64 waiting per CPU.
    fn shared() -> &'static Gate {
        static GATE: OnceLock<Gate> = OnceLock::new();
        GATE.get_or_init(|| {
            let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
            Gate::new(cpus, 64 * cpus)
        })
    }

    /// Runs `work` on a blocking thread when its turn comes.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, PasswordError> {
        let permit = {
            let waiting = Waiting(&self.waiting);
            if self.waiting.fetch_add(1, Ordering::AcqRel) >= self.max_waiting {
                return Err(PasswordError::Busy);
            }
            let permit = self.permits.clone().acquire_owned().await;
            drop(waiting);
            permit.map_err(|_| PasswordError::Task)?
        };
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await
        .map_err(|_| PasswordError::Task)
    }
}

/// Hashes a password in a blocking thread.
pub async fn hash(password: String) -> Result<String, PasswordError> {
    Gate::shared()
        .run(move || {
            let salt = SaltString::generate(&mut OsRng);
            hasher()
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|_| PasswordError::Hash)
        })
        .await?
}

/// A valid hash of a password nobody has, so that an unknown user costs as much as a known one.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$4Sx1X6E1mNTU1tGJ2dHhvpzlkDCmM3Ex/E+9mKvJ2Vs";

/// Verifies a password against a stored hash (or the dummy hash when there is none).
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, PasswordError> {
    Gate::shared()
        .run(move || {
            let known = stored.is_some();
            let hash_text = stored.unwrap_or_else(|| DUMMY_HASH.to_string());
            let Ok(parsed) = PasswordHash::new(&hash_text) else {
                return false;
            };
            let matches = hasher().verify_password(password.as_bytes(), &parsed).is_ok();
            known && matches
        })
        .await
}

/// Leaked and common passwords (30,000 from zxcvbn's list, plus Norwegian favourites), folded
/// to lower case; built on first use.
static BREACHED: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| {
        include_str!("breached-passwords.txt")
            .lines()
            .filter(|line| !line.starts_with('#') && !line.is_empty())
            .collect()
    });

/// Whether a password is one that attackers try first: on the list of leaked passwords, a word
/// from it decorated with digits or signs («Sommer2026!!», «dragon123456»), one short piece
/// repeated («abcabcabcabc») or a run along the alphabet or the digits («123456789012»).
pub fn is_common(password: &str) -> bool {
    let folded = password.trim().to_lowercase();
    let core = folded.trim_matches(|c: char| !c.is_alphabetic());
    BREACHED.contains(folded.as_str())
        || BREACHED.contains(core)
        || repeats_a_piece(&folded)
        || is_run(&folded)
}

/// «zzzzzzzzzzzz», «abcabcabcabc», «passordpassord»: the text is a shorter piece repeated.
fn repeats_a_piece(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    (1..=chars.len() / 2)
        .filter(|piece| chars.len().is_multiple_of(*piece))
        .any(|piece| chars.chunks(piece).all(|chunk| chunk == &chars[..piece]))
}

/// «abcdefghijkl», «123456789012», «987654321098»: every character one step from the last,
/// all the same way (digits wrap from 9 to 0).
fn is_run(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let step = |a: char, b: char| -> i64 {
        match (a.to_digit(10), b.to_digit(10)) {
            (Some(a), Some(b)) => match (b + 10 - a) % 10 {
                9 => -1,
                step => i64::from(step),
            },
            _ => i64::from(u32::from(b)) - i64::from(u32::from(a)),
        }
    };
    let steps: Vec<i64> = chars.windows(2).map(|pair| step(pair[0], pair[1])).collect();
    steps
        .first()
        .is_some_and(|first| first.abs() == 1 && steps.iter().all(|step| step == first))
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn the_gate_runs_one_per_permit_and_refuses_past_the_queue() {
        let gate = Arc::new(Gate::new(2, 10));
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..40)
            .map(|_| {
                let (gate, running, most) = (gate.clone(), running.clone(), most.clone());
                tokio::spawn(async move {
                    gate.run(move || {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        running.fetch_sub(1, Ordering::SeqCst);
                    })
                    .await
                })
            })
            .collect();
        let mut done = 0;
        let mut busy = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(()) => done += 1,
                Err(PasswordError::Busy) => busy += 1,
                Err(other) => panic!("{other}"),
            }
        }
        assert!(most.load(Ordering::SeqCst) <= 2, "at most two at once");
        assert!(busy > 0, "the burst past the queue was refused");
        assert!(done >= 10, "the queue was served: {done}");
        assert_eq!(
            gate.waiting.load(Ordering::SeqCst),
            0,
            "nobody counted as waiting afterwards"
        );
        gate.run(|| ()).await.expect("open again");
    }

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
    fn the_list_holds_the_published_top_passwords() {
        assert!(BREACHED.len() >= 30_000, "{}", BREACHED.len());
        for leaked in ["123456", "password", "qwerty", "iloveyou", "trustno1"] {
            assert!(is_common(leaked), "{leaked}");
        }
    }

    #[test]
    fn common_and_personal_passwords_are_refused() {
        assert!(check_new("Passord123456", None).is_err(), "case does not help");
        assert!(check_new("zzzzzzzzzzzz", None).is_err());
        assert!(
            check_new("Sommer2026!!!", None).is_err(),
            "a listed word with digits and signs"
        );
        assert!(check_new("dragon123456", None).is_err());
        assert!(
            check_new("1qaz2wsx3edc", None).is_err(),
            "on the leaked list as it is"
        );
        assert!(check_new("abcabcabcabc", None).is_err());
        assert!(check_new("passordpassord", None).is_err());
        assert!(check_new("123456789012", None).is_err());
        assert!(check_new("987654321098", None).is_err());
        assert!(check_new("abcdefghijklm", None).is_err());
        assert!(
            check_new("elleve tegn", None).is_err(),
            "eleven characters are too few"
        );
        assert!(check_new("tog i rute gjennom fjellet", None).is_ok());
        assert!(
            check_new("Sommer i Bodø 2026", None).is_ok(),
            "a listed word inside a sentence is fine"
        );
        assert!(check_new("Kari.Nordmann@eksempel.no", Some("kari.nordmann@eksempel.no")).is_err());
        assert!(check_new("kari.nordmann", Some("kari.nordmann@eksempel.no")).is_err());
        assert!(check_new("kort", None).is_err());
        assert!(check_new("lange passfraser er lov å bruke her", None).is_ok());
        assert!(check_new(&"ord ".repeat(200), None).is_ok(), "800 characters");
    }
}
