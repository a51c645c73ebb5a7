//! Environment → typed configuration, with one clear error per bad variable.
use app::accounts::types::RegistrationPolicy;
use std::{fmt, net::SocketAddr, path::PathBuf};

/// Where the embedded default keeps its database, secret key and mail files.
pub const DEFAULT_DATA_DIR: &str = "data";

#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    /// True when `DATABASE_URL` was not given: the embedded SQLite default.
    pub embedded: bool,
    pub data_dir: PathBuf,
    pub addr: SocketAddr,
    pub public_url: String,
    pub secret_key: SecretKey,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub support_email: String,
    pub site_root: PathBuf,
    pub log_format: LogFormat,
    /// `KURSPORTAL_REQUIRE_NATIONAL_ID` / `KURSPORTAL_REQUIRE_HMS_CARD`.
    pub registration: RegistrationPolicy,
    /// How long an activation link works (`KURSPORTAL_ACTIVATION_HOURS`).
    pub activation_hours: u32,
    /// The header a trusted reverse proxy puts the client address in (`KURSPORTAL_CLIENT_IP_HEADER`).
    pub client_ip_header: Option<http::HeaderName>,
    /// Days before a completion expires that reminders go out (`KURSPORTAL_REMINDER_DAYS`, «90,30,7»).
    pub reminder_days: crate::learning::rules::LeadTimes,
    /// «Logg inn på jobb»: the employer's OpenID provider (`KURSPORTAL_OIDC_*`), if any.
    pub oidc: Option<crate::accounts::sso::OidcSettings>,
    /// Push of transfer records to the register (`KURSPORTAL_TRANSFER_PUSH_*`), if any.
    pub transfer_push: Option<crate::competence::push::PushSettings>,
    /// How long anonymous visitors' catalogue pages are kept (`KURSPORTAL_PAGE_CACHE_SECONDS`, 0 = never).
    pub page_cache_seconds: u32,
    /// The bearer token `/metrics` asks for (`KURSPORTAL_METRICS_TOKEN`); unset, it is not served.
    pub metrics_token: Option<String>,
    /// Attempts allowed per window: logins, kursbevis checks, registrations (`KURSPORTAL_*_PER_*`).
    pub limits: crate::accounts::throttle::Limits,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database", &redact_url(&self.database_url))
            .field("addr", &self.addr)
            .field("public_url", &self.public_url)
            .field("smtp", &self.smtp_url.as_deref().map(redact_url))
            .field("mail_from", &self.mail_from)
            .field("support_email", &self.support_email)
            .field("site_root", &self.site_root)
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

/// A yes/no setting, or `default` when it is not set.
fn flag(
    lookup: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    default: bool,
) -> Result<bool, ConfigError> {
    match lookup(variable).as_deref().map(str::trim) {
        None => Ok(default),
        Some("true" | "yes" | "1") => Ok(true),
        Some("false" | "no" | "0") => Ok(false),
        Some(other) => Err(bad(variable, format!("«{other}» is neither true nor false"))),
    }
}

/// A whole number in `range` from `variable`, or `default` when it is not set.
fn number(
    lookup: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    default: u32,
    range: std::ops::RangeInclusive<u32>,
    unit: &str,
) -> Result<u32, ConfigError> {
    let Some(value) = lookup(variable) else {
        return Ok(default);
    };
    match value.trim().parse::<u32>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(bad(
            variable,
            format!(
                "«{value}» is not a number of {unit} between {} and {}",
                range.start(),
                range.end()
            ),
        )),
    }
}

/// The throttling limits: each a number of attempts per window, defaults in `throttle`.
fn limits(
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<crate::accounts::throttle::Limits, ConfigError> {
    let defaults = crate::accounts::throttle::Limits::default();
    let attempts = |variable, limit: crate::accounts::throttle::Limit| {
        let default = u32::try_from(limit.max_failures).unwrap_or(1);
        number(lookup, variable, default, 1..=1_000_000, "attempts").map(|n| limit.allowing(n))
    };
    Ok(crate::accounts::throttle::Limits {
        login_per_account: attempts("KURSPORTAL_LOGINS_PER_ACCOUNT", defaults.login_per_account)?,
        login_per_address: attempts("KURSPORTAL_LOGINS_PER_ADDRESS", defaults.login_per_address)?,
        verifications_per_address: attempts(
            "KURSPORTAL_VERIFICATIONS_PER_ADDRESS",
            defaults.verifications_per_address,
        )?,
        registrations_per_address: attempts(
            "KURSPORTAL_REGISTRATIONS_PER_ADDRESS",
            defaults.registrations_per_address,
        )?,
        registrations_per_national_id: attempts(
            "KURSPORTAL_REGISTRATIONS_PER_NATIONAL_ID",
            defaults.registrations_per_national_id,
        )?,
        work_logins_per_address: attempts(
            "KURSPORTAL_WORK_LOGINS_PER_ADDRESS",
            defaults.work_logins_per_address,
        )?,
    })
}

fn bad(variable: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        variable,
        message: message.into(),
    }
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Builds the configuration from any source of variables (the environment, or a test's map).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let data_dir =
            PathBuf::from(lookup("KURSPORTAL_DATA_DIR").unwrap_or_else(|| DEFAULT_DATA_DIR.into()));

        let (database_url, embedded) = match lookup("DATABASE_URL") {
            Some(url) => {
                if !(url.starts_with("sqlite:")
                    || url.starts_with("postgres://")
                    || url.starts_with("postgresql://"))
                {
                    return Err(bad(
                        "DATABASE_URL",
                        "must start with sqlite:, postgres:// or postgresql://",
                    ));
                }
                (url, false)
            }
            None => (
                format!("sqlite://{}/kursportal.db?mode=rwc", data_dir.display()),
                true,
            ),
        };

        let addr = match lookup("KURSPORTAL_ADDR") {
            Some(value) => value.parse::<SocketAddr>().map_err(|_| {
                bad(
                    "KURSPORTAL_ADDR",
                    format!("«{value}» is not an address like 127.0.0.1:3000"),
                )
            })?,
            None => SocketAddr::from(([127, 0, 0, 1], 3000)),
        };

        let public_url = match lookup("KURSPORTAL_PUBLIC_URL") {
            Some(value) => {
                let trimmed = value.trim_end_matches('/').to_string();
                let rest = trimmed
                    .strip_prefix("https://")
                    .or_else(|| trimmed.strip_prefix("http://"));
                match rest {
                    Some(host) if !host.is_empty() && !host.contains(' ') => trimmed,
                    _ => {
                        return Err(bad(
                            "KURSPORTAL_PUBLIC_URL",
                            "must be an http:// or https:// URL, like https://kurs.example.no",
                        ));
                    }
                }
            }
            None => format!("http://{addr}"),
        };

        let secret_key = match lookup("KURSPORTAL_SECRET_KEY") {
            Some(value) => SecretKey::parse_hex(&value).map_err(|m| bad("KURSPORTAL_SECRET_KEY", m))?,
            None if embedded => load_or_create_key(&data_dir).map_err(|m| bad("KURSPORTAL_SECRET_KEY", m))?,
            None => {
                return Err(bad(
                    "KURSPORTAL_SECRET_KEY",
                    "required when DATABASE_URL is set; generate one with `openssl rand -hex 32`",
                ));
            }
        };

        let smtp_insecure = flag(&lookup, "KURSPORTAL_SMTP_INSECURE", false)?;
        let smtp_url = lookup("SMTP_URL")
            .map(|url| smtp_url(url, smtp_insecure))
            .transpose()?;

        let mail_from = lookup("KURSPORTAL_MAIL_FROM")
            .unwrap_or_else(|| "Kursportalen <no-reply@kursportal.local>".into());
        if mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(bad(
                "KURSPORTAL_MAIL_FROM",
                format!("«{mail_from}» is not an address like Kursportalen <kurs@example.no>"),
            ));
        }

        let support_email =
            lookup("KURSPORTAL_SUPPORT_EMAIL").unwrap_or_else(|| "kursstotte@kursportal.local".into());
        if support_email.parse::<lettre::Address>().is_err() {
            return Err(bad(
                "KURSPORTAL_SUPPORT_EMAIL",
                format!("«{support_email}» is not an e-mail address"),
            ));
        }

        let site_root = PathBuf::from(lookup("KURSPORTAL_SITE_ROOT").unwrap_or_else(|| "target/site".into()));

        let log_format = match lookup("KURSPORTAL_LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(bad(
                    "KURSPORTAL_LOG_FORMAT",
                    format!("«{other}» is neither text nor json"),
                ));
            }
        };

        let registration = RegistrationPolicy {
            require_national_id: flag(&lookup, "KURSPORTAL_REQUIRE_NATIONAL_ID", true)?,
            require_hms_card: flag(&lookup, "KURSPORTAL_REQUIRE_HMS_CARD", true)?,
        };

        let activation_hours = number(&lookup, "KURSPORTAL_ACTIVATION_HOURS", 72, 1..=24 * 30, "hours")?;
        let page_cache_seconds = number(&lookup, "KURSPORTAL_PAGE_CACHE_SECONDS", 10, 0..=3600, "seconds")?;
        let limits = limits(&lookup)?;

        let metrics_token = lookup("KURSPORTAL_METRICS_TOKEN").map(|t| t.trim().to_string());
        if metrics_token.as_ref().is_some_and(|t| t.len() < 16) {
            return Err(bad("KURSPORTAL_METRICS_TOKEN", "must be at least 16 characters"));
        }

        let client_ip_header = match lookup("KURSPORTAL_CLIENT_IP_HEADER") {
            None => None,
            Some(value) => Some(
                value
                    .trim()
                    .to_ascii_lowercase()
                    .parse::<http::HeaderName>()
                    .map_err(|_| {
                        bad(
                            "KURSPORTAL_CLIENT_IP_HEADER",
                            format!("«{value}» is not a header name like X-Forwarded-For"),
                        )
                    })?,
            ),
        };

        let reminder_days = match lookup("KURSPORTAL_REMINDER_DAYS") {
            None => Default::default(),
            Some(value) => value.parse().map_err(|m| bad("KURSPORTAL_REMINDER_DAYS", m))?,
        };

        let oidc = match lookup("KURSPORTAL_OIDC_ISSUER") {
            None => None,
            Some(issuer) => {
                let issuer = secure_url("KURSPORTAL_OIDC_ISSUER", issuer.trim().trim_end_matches('/'))?;
                let required = |variable: &'static str| {
                    lookup(variable)
                        .ok_or_else(|| bad(variable, "required when KURSPORTAL_OIDC_ISSUER is set"))
                };
                Some(crate::accounts::sso::OidcSettings {
                    issuer,
                    client_id: required("KURSPORTAL_OIDC_CLIENT_ID")?,
                    client_secret: required("KURSPORTAL_OIDC_CLIENT_SECRET")?,
                    staff_code_claim: lookup("KURSPORTAL_OIDC_STAFF_CODE_CLAIM")
                        .unwrap_or_else(|| "staff_code".into()),
                    scopes: lookup("KURSPORTAL_OIDC_SCOPES").unwrap_or_else(|| "openid profile".into()),
                })
            }
        };

        let transfer_push = match lookup("KURSPORTAL_TRANSFER_PUSH_URL") {
            None => None,
            Some(url) => {
                let url = secure_url("KURSPORTAL_TRANSFER_PUSH_URL", url.trim())?;
                let secret = lookup("KURSPORTAL_TRANSFER_PUSH_SECRET").ok_or_else(|| {
                    bad(
                        "KURSPORTAL_TRANSFER_PUSH_SECRET",
                        "required when KURSPORTAL_TRANSFER_PUSH_URL is set",
                    )
                })?;
                if secret.len() < 16 {
                    return Err(bad(
                        "KURSPORTAL_TRANSFER_PUSH_SECRET",
                        "must be at least 16 characters",
                    ));
                }
                Some(crate::competence::push::PushSettings { url, secret })
            }
        };

        Ok(Self {
            database_url,
            embedded,
            data_dir,
            addr,
            public_url,
            secret_key,
            smtp_url,
            mail_from,
            support_email,
            site_root,
            log_format,
            registration,
            activation_hours,
            client_ip_header,
            reminder_days,
            oidc,
            transfer_push,
            page_cache_seconds,
            metrics_token,
            limits,
        })
    }

    /// Cookies get the Secure flag when the portal is reached over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    pub fn mail_dir(&self) -> PathBuf {
        self.data_dir.join("mail")
    }
}

/// A URL secrets travel to: https, or plain http only on loopback (the tests' own servers).
fn secure_url(variable: &'static str, url: &str) -> Result<String, ConfigError> {
    if url.starts_with("https://") || (url.starts_with("http://") && is_loopback(url)) {
        Ok(url.to_string())
    } else {
        Err(bad(
            variable,
            "must be an https:// URL (plain http only on loopback, for tests)",
        ))
    }
}

/// The host of a URL, without user, port, path or brackets (`smtp://u:p@[::1]:25/x` → `::1`).
fn url_host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    match host_port.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => host_port.split(':').next().unwrap_or_default(),
    }
}

/// Whether a URL's host is exactly this machine (`http://localhost.evil.example` is not).
fn is_loopback(url: &str) -> bool {
    let host = url_host(url);
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// A mail server URL: `smtps://`, or `smtp://` with `tls=required` (STARTTLS), or plain
/// `smtp://` on loopback or when `insecure` says the network is trusted.
fn smtp_url(url: String, insecure: bool) -> Result<String, ConfigError> {
    let encrypted =
        url.starts_with("smtps://") || (url.starts_with("smtp://") && url.contains("tls=required"));
    let plain_allowed = url.starts_with("smtp://") && (is_loopback(&url) || insecure);
    if encrypted || plain_allowed {
        return Ok(url);
    }
    let message = if url.starts_with("smtp://") {
        "sends passwords and links unencrypted: use smtps://, add ?tls=required, or set \
         KURSPORTAL_SMTP_INSECURE=true for a trusted network"
    } else {
        "must start with smtp:// or smtps://, like smtps://mail.example.no:465"
    };
    Err(bad("SMTP_URL", message))
}

/// The embedded default keeps a generated key in `data/secret.key`, readable by the owner only.
fn load_or_create_key(data_dir: &std::path::Path) -> Result<SecretKey, String> {
    let path = data_dir.join("secret.key");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        return SecretKey::parse_hex(&existing).map_err(|m| format!("{}: {m}", path.display()));
    }
    std::fs::create_dir_all(data_dir).map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
    let key = SecretKey::generate();
    write_private(&path, &hex::encode(key.expose()))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(key)
}

fn write_private(path: &std::path::Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(contents.as_bytes())
}

#[cfg(test)]
mod tests;
