//! Environment → typed configuration, with one clear error per bad variable.
use app::accounts::types::RegistrationPolicy;
use std::{fmt, net::SocketAddr, path::PathBuf};

mod read;
#[cfg(test)]
use read::is_loopback;
use read::{bad, flag, limits, number, smtp_url};

/// Where the embedded default keeps its database, secret key and mail files.
pub const DEFAULT_DATA_DIR: &str = "data";

/// Every setting, one struct per concern.
#[derive(Clone)]
pub struct Config {
    pub database: DatabaseSettings,
    pub server: ServerSettings,
    /// Seals national ID numbers and signs links and calendar feeds (`KURSPORTAL_SECRET_KEY`).
    pub secret_key: SecretKey,
    pub mail: MailSettings,
    pub accounts: AccountSettings,
    pub learning: LearningSettings,
    pub competence: CompetenceSettings,
}

/// Where the data lives.
#[derive(Clone)]
pub struct DatabaseSettings {
    pub url: String,
    /// True when `DATABASE_URL` was not given: the embedded SQLite default.
    pub embedded: bool,
    /// The embedded database, the generated key and mail files (`KURSPORTAL_DATA_DIR`).
    pub data_dir: PathBuf,
}

/// How the portal is reached and what it serves.
#[derive(Clone)]
pub struct ServerSettings {
    pub addr: SocketAddr,
    pub public_url: String,
    pub site_root: PathBuf,
    pub log_format: LogFormat,
    /// The header a trusted reverse proxy puts the client address in (`KURSPORTAL_CLIENT_IP_HEADER`).
    pub client_ip_header: Option<http::HeaderName>,
    /// How long anonymous visitors' catalogue pages are kept (`KURSPORTAL_PAGE_CACHE_SECONDS`, 0 = never).
    pub page_cache_seconds: u32,
    /// The bearer token `/metrics` asks for (`KURSPORTAL_METRICS_TOKEN`); unset, it is not served.
    pub metrics_token: Option<String>,
    /// After SIGTERM, how long `/readyz` answers 503 while requests are still served, so that a
    /// load balancer stops sending new ones first (`KURSPORTAL_DRAIN_SECONDS`, default 0).
    pub drain_seconds: u32,
    /// Where the content origin listens (`KURSPORTAL_CONTENT_ADDR`).
    pub content_addr: SocketAddr,
    /// The content origin's address for browsers (`KURSPORTAL_CONTENT_URL`); unset, it is made
    /// from the public address and the content listener's port.
    pub content_url: Option<String>,
}

/// Sending mail.
#[derive(Clone)]
pub struct MailSettings {
    pub smtp_url: Option<String>,
    pub from: String,
    pub support_email: String,
}

/// Registration, login and the limits on attempts.
#[derive(Clone)]
pub struct AccountSettings {
    /// The organisation profile until an administrator saves one: `KURSPORTAL_ORGANISATION_PROFILE`
    /// with `KURSPORTAL_REQUIRE_NATIONAL_ID` / `KURSPORTAL_REQUIRE_HMS_CARD` over it.
    pub registration: RegistrationPolicy,
    /// How long an activation link works (`KURSPORTAL_ACTIVATION_HOURS`).
    pub activation_hours: u32,
    /// Attempts allowed per window: logins, kursbevis checks, registrations (`KURSPORTAL_*_PER_*`).
    pub limits: crate::accounts::throttle::Limits,
    /// «Logg inn på jobb»: the employer's OpenID provider (`KURSPORTAL_OIDC_*`), if any.
    pub oidc: Option<crate::accounts::sso::OidcSettings>,
}

/// Validity and reminders.
#[derive(Clone)]
pub struct LearningSettings {
    /// Days before a completion expires that reminders go out (`KURSPORTAL_REMINDER_DAYS`, «90,30,7»).
    pub reminder_days: crate::learning::rules::LeadTimes,
    /// What an uploaded e-learning package may be (`KURSPORTAL_PACKAGE_MAX_*`).
    pub package_limits: crate::elearning::package::Limits,
}

/// Competence transfer.
#[derive(Clone)]
pub struct CompetenceSettings {
    /// Push of transfer records to the register (`KURSPORTAL_TRANSFER_PUSH_*`), if any.
    pub transfer_push: Option<crate::competence::push::PushSettings>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database", &redact_url(&self.database.url))
            .field("addr", &self.server.addr)
            .field("public_url", &self.server.public_url)
            .field("smtp", &self.mail.smtp_url.as_deref().map(redact_url))
            .field("mail_from", &self.mail.from)
            .field("support_email", &self.mail.support_email)
            .field("site_root", &self.server.site_root)
            .finish_non_exhaustive()
    }
}

/// A URL with any password replaced, fit for a log line.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{}{}:***{}", &url[..scheme_end + 3], user, &url[at..])
        }
        _ => url.to_string(),
    }
}

/// 32 or more bytes of key material; never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(Vec<u8>);

impl SecretKey {
    pub fn parse_hex(value: &str) -> Result<Self, String> {
        let bytes = hex::decode(value.trim())
            .map_err(|_| "must be hexadecimal (generate one with `openssl rand -hex 32`)".to_string())?;
        if bytes.len() < 32 {
            return Err(format!(
                "must be at least 32 bytes (64 hex digits), got {}",
                bytes.len()
            ));
        }
        Ok(Self(bytes))
    }

    pub fn generate() -> Self {
        use rand::RngCore;
        let mut bytes = vec![0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(***)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// A variable that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{variable}: {message}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub message: String,
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Builds the configuration from any source of variables (the environment, or a test's map).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let data_dir =
            PathBuf::from(lookup("KURSPORTAL_DATA_DIR").unwrap_or_else(|| DEFAULT_DATA_DIR.into()));
        let (database_url, embedded) = read::database(&lookup, &data_dir)?;
        let addr = read::address(&lookup)?;
        let public_url = read::public_url(&lookup, addr)?;
        let content_addr = read::content_address(&lookup, addr)?;
        let content_url = read::content_url(&lookup, &public_url)?;
        let secret_key = read::secret_key(&lookup, embedded, &data_dir)?;
        let smtp_insecure = flag(&lookup, "KURSPORTAL_SMTP_INSECURE", false)?;
        let smtp_url = lookup("SMTP_URL")
            .map(|url| smtp_url(url, smtp_insecure))
            .transpose()?;
        // The preset, with the two switches over it where they are set.
        let preset = match lookup("KURSPORTAL_ORGANISATION_PROFILE") {
            None => app::accounts::types::Preset::Railway,
            Some(name) => app::accounts::types::Preset::parse(name.trim())
                .filter(|p| *p != app::accounts::types::Preset::Own)
                .ok_or_else(|| bad("KURSPORTAL_ORGANISATION_PROFILE", "«jernbane» or «helseforetak»"))?,
        };
        let mut registration = RegistrationPolicy::preset(preset);
        registration.require_national_id = flag(
            &lookup,
            "KURSPORTAL_REQUIRE_NATIONAL_ID",
            registration.require_national_id,
        )?;
        registration.require_hms_card = flag(
            &lookup,
            "KURSPORTAL_REQUIRE_HMS_CARD",
            registration.require_hms_card,
        )?;
        registration.ask_hms_card |= registration.require_hms_card;
        let reminder_days = match lookup("KURSPORTAL_REMINDER_DAYS") {
            None => Default::default(),
            Some(value) => value.parse().map_err(|m| bad("KURSPORTAL_REMINDER_DAYS", m))?,
        };
        Ok(Self {
            database: DatabaseSettings {
                url: database_url,
                embedded,
                data_dir,
            },
            server: ServerSettings {
                addr,
                public_url,
                site_root: PathBuf::from(
                    lookup("KURSPORTAL_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
                ),
                log_format: read::log_format(&lookup)?,
                client_ip_header: read::client_ip_header(&lookup)?,
                page_cache_seconds: number(
                    &lookup,
                    "KURSPORTAL_PAGE_CACHE_SECONDS",
                    10,
                    0..=3600,
                    "seconds",
                )?,
                metrics_token: read::metrics_token(&lookup)?,
                drain_seconds: number(&lookup, "KURSPORTAL_DRAIN_SECONDS", 0, 0..=300, "seconds")?,
                content_addr,
                content_url,
            },
            secret_key,
            mail: MailSettings {
                smtp_url,
                from: read::mail_from(&lookup)?,
                support_email: read::support_email(&lookup)?,
            },
            accounts: AccountSettings {
                registration,
                activation_hours: number(&lookup, "KURSPORTAL_ACTIVATION_HOURS", 72, 1..=24 * 30, "hours")?,
                limits: limits(&lookup)?,
                oidc: read::oidc(&lookup)?,
            },
            learning: LearningSettings {
                reminder_days,
                package_limits: read::package_limits(&lookup)?,
            },
            competence: CompetenceSettings {
                transfer_push: read::transfer_push(&lookup)?,
            },
        })
    }

    /// Cookies get the Secure flag when the portal is reached over https.
    pub fn secure_cookies(&self) -> bool {
        self.server.public_url.starts_with("https://")
    }

    pub fn mail_dir(&self) -> PathBuf {
        self.database.data_dir.join("mail")
    }
}

#[cfg(test)]
mod tests;
