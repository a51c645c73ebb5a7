//! Reading the settings from the environment, one reader per concern; each refuses a bad
//! value with the variable's name and what it should look like.
use super::{ConfigError, LogFormat, SecretKey};
use std::{net::SocketAddr, path::Path};

/// `DATABASE_URL`, or the embedded SQLite database in the data directory (the second value).
pub(super) fn database(
    lookup: &impl Fn(&str) -> Option<String>,
    data_dir: &Path,
) -> Result<(String, bool), ConfigError> {
    Ok(match lookup("DATABASE_URL") {
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
    })
}

/// `KURSPORTAL_ADDR`: where the portal listens.
pub(super) fn address(lookup: &impl Fn(&str) -> Option<String>) -> Result<SocketAddr, ConfigError> {
    Ok(match lookup("KURSPORTAL_ADDR") {
        Some(value) => value.parse::<SocketAddr>().map_err(|_| {
            bad(
                "KURSPORTAL_ADDR",
                format!("«{value}» is not an address like 127.0.0.1:3000"),
            )
        })?,
        None => SocketAddr::from(([127, 0, 0, 1], 3000)),
    })
}

/// `KURSPORTAL_PUBLIC_URL`: the address people reach the portal at.
pub(super) fn public_url(
    lookup: &impl Fn(&str) -> Option<String>,
    addr: SocketAddr,
) -> Result<String, ConfigError> {
    Ok(match lookup("KURSPORTAL_PUBLIC_URL") {
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
    })
}

/// `KURSPORTAL_CONTENT_ADDR`: where the content origin listens (packages from authoring tools are
/// played there). By default the portal's address with the port 1000 higher (3000 → 4000; port 0,
/// as in tests, stays 0).
pub(super) fn content_address(
    lookup: &impl Fn(&str) -> Option<String>,
    addr: SocketAddr,
) -> Result<SocketAddr, ConfigError> {
    match lookup("KURSPORTAL_CONTENT_ADDR") {
        Some(value) => value.parse::<SocketAddr>().map_err(|_| {
            bad(
                "KURSPORTAL_CONTENT_ADDR",
                format!("«{value}» is not an address like 127.0.0.1:4000"),
            )
        }),
        None if addr.port() == 0 => Ok(addr),
        None => addr
            .port()
            .checked_add(1000)
            .map(|port| SocketAddr::new(addr.ip(), port))
            .ok_or_else(|| {
                bad(
                    "KURSPORTAL_CONTENT_ADDR",
                    "must be set when KURSPORTAL_ADDR's port is above 64535",
                )
            }),
    }
}

/// `KURSPORTAL_CONTENT_URL`: the address browsers reach the content origin at; it must be another
/// origin than the portal's (in production another host name, best another registrable domain).
pub(super) fn content_url(
    lookup: &impl Fn(&str) -> Option<String>,
    public_url: &str,
) -> Result<Option<String>, ConfigError> {
    let Some(value) = lookup("KURSPORTAL_CONTENT_URL") else {
        return Ok(None);
    };
    let trimmed = value.trim().trim_end_matches('/').to_string();
    let origin_only = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .is_some_and(|host| !host.is_empty() && !host.contains(['/', ' ', '?', '#']));
    if !origin_only {
        return Err(bad(
            "KURSPORTAL_CONTENT_URL",
            "must be an origin like https://innhold.example.no (no path)",
        ));
    }
    if public_url.trim_end_matches('/') == trimmed {
        return Err(bad(
            "KURSPORTAL_CONTENT_URL",
            "must not be the portal's own address: package scripts would run on the portal's origin",
        ));
    }
    Ok(Some(trimmed))
}

/// `KURSPORTAL_SECRET_KEY`, or a generated key kept beside the embedded database.
pub(super) fn secret_key(
    lookup: &impl Fn(&str) -> Option<String>,
    embedded: bool,
    data_dir: &Path,
) -> Result<SecretKey, ConfigError> {
    Ok(match lookup("KURSPORTAL_SECRET_KEY") {
        Some(value) => SecretKey::parse_hex(&value).map_err(|m| bad("KURSPORTAL_SECRET_KEY", m))?,
        None if embedded => load_or_create_key(data_dir).map_err(|m| bad("KURSPORTAL_SECRET_KEY", m))?,
        None => {
            return Err(bad(
                "KURSPORTAL_SECRET_KEY",
                "required when DATABASE_URL is set; generate one with `openssl rand -hex 32`",
            ));
        }
    })
}

/// The sender of every mail: `KURSPORTAL_MAIL_FROM`.
pub(super) fn mail_from(lookup: &impl Fn(&str) -> Option<String>) -> Result<String, ConfigError> {
    let mail_from =
        lookup("KURSPORTAL_MAIL_FROM").unwrap_or_else(|| "Kursportalen <no-reply@kursportal.local>".into());
    if mail_from.parse::<lettre::message::Mailbox>().is_err() {
        return Err(bad(
            "KURSPORTAL_MAIL_FROM",
            format!("«{mail_from}» is not an address like Kursportalen <kurs@example.no>"),
        ));
    }
    Ok(mail_from)
}

/// Where people write for help: `KURSPORTAL_SUPPORT_EMAIL`.
pub(super) fn support_email(lookup: &impl Fn(&str) -> Option<String>) -> Result<String, ConfigError> {
    let support_email =
        lookup("KURSPORTAL_SUPPORT_EMAIL").unwrap_or_else(|| "kursstotte@kursportal.local".into());
    if support_email.parse::<lettre::Address>().is_err() {
        return Err(bad(
            "KURSPORTAL_SUPPORT_EMAIL",
            format!("«{support_email}» is not an e-mail address"),
        ));
    }
    Ok(support_email)
}

/// `KURSPORTAL_LOG_FORMAT`: text for people, JSON for a log collector.
pub(super) fn log_format(lookup: &impl Fn(&str) -> Option<String>) -> Result<LogFormat, ConfigError> {
    match lookup("KURSPORTAL_LOG_FORMAT").as_deref() {
        None | Some("text") => Ok(LogFormat::Text),
        Some("json") => Ok(LogFormat::Json),
        Some(other) => Err(bad(
            "KURSPORTAL_LOG_FORMAT",
            format!("«{other}» is neither text nor json"),
        )),
    }
}

/// `KURSPORTAL_METRICS_TOKEN`: the bearer token `/metrics` asks for, if any.
pub(super) fn metrics_token(lookup: &impl Fn(&str) -> Option<String>) -> Result<Option<String>, ConfigError> {
    let metrics_token = lookup("KURSPORTAL_METRICS_TOKEN").map(|t| t.trim().to_string());
    if metrics_token.as_ref().is_some_and(|t| t.len() < 16) {
        return Err(bad("KURSPORTAL_METRICS_TOKEN", "must be at least 16 characters"));
    }
    Ok(metrics_token)
}

/// `KURSPORTAL_CLIENT_IP_HEADER`: the header a trusted reverse proxy puts the client's address in.
pub(super) fn client_ip_header(
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<Option<http::HeaderName>, ConfigError> {
    let Some(value) = lookup("KURSPORTAL_CLIENT_IP_HEADER") else {
        return Ok(None);
    };
    value
        .trim()
        .to_ascii_lowercase()
        .parse::<http::HeaderName>()
        .map(Some)
        .map_err(|_| {
            bad(
                "KURSPORTAL_CLIENT_IP_HEADER",
                format!("«{value}» is not a header name like X-Forwarded-For"),
            )
        })
}

/// «Logg inn på jobb»: the `KURSPORTAL_OIDC_*` settings, when an issuer is set.
pub(super) fn oidc(
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<Option<crate::accounts::sso::OidcSettings>, ConfigError> {
    let Some(issuer) = lookup("KURSPORTAL_OIDC_ISSUER") else {
        return Ok(None);
    };
    let issuer = secure_url("KURSPORTAL_OIDC_ISSUER", issuer.trim().trim_end_matches('/'))?;
    let required = |variable: &'static str| {
        lookup(variable).ok_or_else(|| bad(variable, "required when KURSPORTAL_OIDC_ISSUER is set"))
    };
    Ok(Some(crate::accounts::sso::OidcSettings {
        issuer,
        client_id: required("KURSPORTAL_OIDC_CLIENT_ID")?,
        client_secret: required("KURSPORTAL_OIDC_CLIENT_SECRET")?,
        staff_code_claim: lookup("KURSPORTAL_OIDC_STAFF_CODE_CLAIM").unwrap_or_else(|| "staff_code".into()),
        scopes: lookup("KURSPORTAL_OIDC_SCOPES").unwrap_or_else(|| "openid profile".into()),
        new_employees: match lookup("KURSPORTAL_OIDC_NEW_EMPLOYEES") {
            None => None,
            Some(number) => Some(app::accounts::identity::OrgNumber::parse(&number).map_err(|e| {
                bad(
                    "KURSPORTAL_OIDC_NEW_EMPLOYEES",
                    format!("the employer of employees created at their first sign-in: {e}"),
                )
            })?),
        },
    }))
}

/// The push of transfer records to the competence register, when a URL is set.
pub(super) fn transfer_push(
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<Option<crate::competence::push::PushSettings>, ConfigError> {
    let Some(url) = lookup("KURSPORTAL_TRANSFER_PUSH_URL") else {
        return Ok(None);
    };
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
    Ok(Some(crate::competence::push::PushSettings { url, secret }))
}

/// A yes/no setting, or `default` when it is not set.
pub(super) fn flag(
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
pub(super) fn number(
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
pub(super) fn limits(
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

pub(super) fn bad(variable: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        variable,
        message: message.into(),
    }
}

/// A URL secrets travel to: https, or plain http only on loopback (the tests' own servers).
pub(super) fn secure_url(variable: &'static str, url: &str) -> Result<String, ConfigError> {
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
pub(super) fn url_host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    match host_port.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => host_port.split(':').next().unwrap_or_default(),
    }
}

/// Whether a URL's host is exactly this machine (`http://localhost.evil.example` is not).
pub(super) fn is_loopback(url: &str) -> bool {
    let host = url_host(url);
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// A mail server URL: `smtps://`, or `smtp://` with `tls=required` (STARTTLS), or plain
/// `smtp://` on loopback or when `insecure` says the network is trusted.
pub(super) fn smtp_url(url: String, insecure: bool) -> Result<String, ConfigError> {
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
pub(super) fn load_or_create_key(data_dir: &std::path::Path) -> Result<SecretKey, String> {
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

pub(super) fn write_private(path: &std::path::Path, contents: &str) -> std::io::Result<()> {
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

/// The limits on e-learning packages: `KURSPORTAL_PACKAGE_MAX_MB` (the upload),
/// `KURSPORTAL_PACKAGE_MAX_UNPACKED_MB` and `KURSPORTAL_PACKAGE_MAX_FILES`.
pub(super) fn package_limits(
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<crate::elearning::package::Limits, ConfigError> {
    let defaults = crate::elearning::package::Limits::default();
    let megabytes = |variable, default: u64| {
        number(lookup, variable, (default >> 20) as u32, 1..=100_000, "megabytes").map(|n| u64::from(n) << 20)
    };
    Ok(crate::elearning::package::Limits {
        max_upload_bytes: megabytes("KURSPORTAL_PACKAGE_MAX_MB", defaults.max_upload_bytes)?,
        max_unpacked_bytes: megabytes("KURSPORTAL_PACKAGE_MAX_UNPACKED_MB", defaults.max_unpacked_bytes)?,
        max_files: number(
            lookup,
            "KURSPORTAL_PACKAGE_MAX_FILES",
            defaults.max_files as u32,
            1..=1_000_000,
            "files",
        )? as usize,
    })
}
