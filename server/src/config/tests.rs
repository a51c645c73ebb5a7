//! The settings read from the environment: defaults, every bad variable named, secrets hidden.
use super::*;
use std::collections::HashMap;

const KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    Config::from_lookup(|name| map.get(name).cloned())
}

#[test]
fn defaults_are_documented_values() {
    let dir = std::env::temp_dir().join(format!("kp-config-{}", uuid::Uuid::new_v4()));
    let c = config(&[("KURSPORTAL_DATA_DIR", dir.to_str().unwrap())]).unwrap();
    assert!(c.database.embedded);
    assert_eq!(c.server.addr.to_string(), "127.0.0.1:3000");
    assert_eq!(c.server.public_url, "http://127.0.0.1:3000");
    assert_eq!(c.server.content_addr.to_string(), "127.0.0.1:4000");
    assert_eq!(
        c.server.content_url, None,
        "made from the public address at start"
    );
    assert!(c.database.url.starts_with("sqlite://"));
    assert!(!c.secure_cookies());
    assert_eq!(
        c.accounts.registration,
        RegistrationPolicy::default(),
        "both numbers required"
    );
    assert_eq!(c.accounts.activation_hours, 72);
    assert_eq!(c.server.client_ip_header, None);
    // The generated key is stored and reused.
    let again = config(&[("KURSPORTAL_DATA_DIR", dir.to_str().unwrap())]).unwrap();
    assert_eq!(c.secret_key, again.secret_key);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn production_requires_a_secret_key() {
    let err = config(&[("DATABASE_URL", "postgres://db/kurs")]).unwrap_err();
    assert_eq!(err.variable, "KURSPORTAL_SECRET_KEY");
    let ok = config(&[
        ("DATABASE_URL", "postgres://db/kurs"),
        ("KURSPORTAL_SECRET_KEY", KEY),
    ])
    .unwrap();
    assert!(!ok.database.embedded);
}

#[test]
fn each_bad_variable_is_named() {
    let base = [
        ("DATABASE_URL", "sqlite::memory:"),
        ("KURSPORTAL_SECRET_KEY", KEY),
    ];
    let cases = [
        ("DATABASE_URL", "mysql://x"),
        ("KURSPORTAL_ADDR", "localhost"),
        ("KURSPORTAL_PUBLIC_URL", "kurs.example.no"),
        ("KURSPORTAL_SECRET_KEY", "abc"),
        ("SMTP_URL", "mail.example.no"),
        ("KURSPORTAL_MAIL_FROM", "not an address"),
        ("KURSPORTAL_SUPPORT_EMAIL", "support"),
        ("KURSPORTAL_LOG_FORMAT", "xml"),
        ("KURSPORTAL_REQUIRE_NATIONAL_ID", "maybe"),
        ("KURSPORTAL_REQUIRE_HMS_CARD", "ja takk"),
        ("KURSPORTAL_ACTIVATION_HOURS", "0"),
        ("KURSPORTAL_CLIENT_IP_HEADER", "not a header"),
        ("KURSPORTAL_REMINDER_DAYS", "90,soon"),
        ("KURSPORTAL_CONTENT_ADDR", "innhold"),
        ("KURSPORTAL_CONTENT_URL", "innhold.example.no"),
        ("KURSPORTAL_CONTENT_URL", "https://innhold.example.no/pakker"),
        ("KURSPORTAL_CONTENT_URL", "http://127.0.0.1:3000"),
    ];
    for (name, value) in cases {
        let mut vars: Vec<(&str, &str)> = base.iter().copied().filter(|(k, _)| *k != name).collect();
        vars.push((name, value));
        let err = config(&vars).expect_err(name);
        assert_eq!(err.variable, name, "{err}");
    }
}

#[test]
fn https_public_url_means_secure_cookies() {
    let c = config(&[
        ("DATABASE_URL", "sqlite::memory:"),
        ("KURSPORTAL_SECRET_KEY", KEY),
        ("KURSPORTAL_PUBLIC_URL", "https://kurs.example.no/"),
    ])
    .unwrap();
    assert_eq!(c.server.public_url, "https://kurs.example.no");
    assert!(c.secure_cookies());
}

#[test]
fn debug_output_hides_secrets() {
    let c = config(&[
        ("DATABASE_URL", "postgres://kurs:hemmelig@db/kurs"),
        ("KURSPORTAL_SECRET_KEY", KEY),
        ("SMTP_URL", "smtp://user:pw123@mail:587?tls=required"),
    ])
    .unwrap();
    let printed = format!("{c:?}");
    assert!(!printed.contains("hemmelig") && !printed.contains("pw123") && !printed.contains(KEY));
}

#[test]
fn single_sign_on_needs_an_https_issuer_and_a_client() {
    let base = [
        ("DATABASE_URL", "postgres://db/kp"),
        ("KURSPORTAL_SECRET_KEY", KEY),
    ];
    let with = |extra: &[(&'static str, &'static str)]| {
        let mut vars = base.to_vec();
        vars.extend_from_slice(extra);
        config(&vars)
    };
    assert!(
        with(&[]).unwrap().accounts.oidc.is_none(),
        "off unless configured"
    );
    let sso = with(&[
        ("KURSPORTAL_OIDC_ISSUER", "https://login.example.no/"),
        ("KURSPORTAL_OIDC_CLIENT_ID", "kursportal"),
        ("KURSPORTAL_OIDC_CLIENT_SECRET", "hemmelig"),
    ])
    .unwrap()
    .accounts
    .oidc
    .unwrap();
    assert_eq!(
        (sso.issuer.as_str(), sso.staff_code_claim.as_str()),
        ("https://login.example.no", "staff_code")
    );
    assert!(
        !format!("{sso:?}").contains("hemmelig"),
        "the secret never reaches a log line"
    );
    let plain = with(&[
        ("KURSPORTAL_OIDC_ISSUER", "http://login.example.no"),
        ("KURSPORTAL_OIDC_CLIENT_ID", "k"),
        ("KURSPORTAL_OIDC_CLIENT_SECRET", "s"),
    ]);
    assert_eq!(plain.unwrap_err().variable, "KURSPORTAL_OIDC_ISSUER");
    let missing = with(&[
        ("KURSPORTAL_OIDC_ISSUER", "https://login.example.no"),
        ("KURSPORTAL_OIDC_CLIENT_ID", "k"),
    ]);
    assert_eq!(missing.unwrap_err().variable, "KURSPORTAL_OIDC_CLIENT_SECRET");
    assert!(
        sso.new_employees.is_none(),
        "newcomers are not created unless configured"
    );
    let sso = [
        ("KURSPORTAL_OIDC_ISSUER", "https://login.example.no"),
        ("KURSPORTAL_OIDC_CLIENT_ID", "k"),
        ("KURSPORTAL_OIDC_CLIENT_SECRET", "s"),
    ];
    let creating = with(&[
        sso[0],
        sso[1],
        sso[2],
        ("KURSPORTAL_OIDC_NEW_EMPLOYEES", "974 760 673"),
    ]);
    assert_eq!(
        creating
            .unwrap()
            .accounts
            .oidc
            .unwrap()
            .new_employees
            .unwrap()
            .as_str(),
        "974760673"
    );
    let wrong = with(&[sso[0], sso[1], sso[2], ("KURSPORTAL_OIDC_NEW_EMPLOYEES", "yes")]);
    assert_eq!(wrong.unwrap_err().variable, "KURSPORTAL_OIDC_NEW_EMPLOYEES");
}

#[test]
fn pushing_transfers_needs_an_https_url_and_a_long_secret() {
    let base = [
        ("DATABASE_URL", "postgres://db/kp"),
        ("KURSPORTAL_SECRET_KEY", KEY),
    ];
    let with = |extra: &[(&'static str, &'static str)]| {
        let mut vars = base.to_vec();
        vars.extend_from_slice(extra);
        config(&vars)
    };
    assert!(with(&[]).unwrap().competence.transfer_push.is_none());
    let push = with(&[
        ("KURSPORTAL_TRANSFER_PUSH_URL", "https://register.example.no/inn"),
        ("KURSPORTAL_TRANSFER_PUSH_SECRET", "0123456789abcdef"),
    ]);
    assert!(
        !format!("{:?}", push.unwrap().competence.transfer_push).contains("0123456789abcdef"),
        "never logged"
    );
    let short = with(&[
        ("KURSPORTAL_TRANSFER_PUSH_URL", "https://register.example.no/inn"),
        ("KURSPORTAL_TRANSFER_PUSH_SECRET", "kort"),
    ]);
    assert_eq!(short.unwrap_err().variable, "KURSPORTAL_TRANSFER_PUSH_SECRET");
    let plain = with(&[
        ("KURSPORTAL_TRANSFER_PUSH_URL", "http://register.example.no"),
        ("KURSPORTAL_TRANSFER_PUSH_SECRET", "0123456789abcdef"),
    ]);
    assert_eq!(plain.unwrap_err().variable, "KURSPORTAL_TRANSFER_PUSH_URL");
}

#[test]
fn mail_goes_encrypted_unless_the_network_is_trusted() {
    let with = |vars: &[(&'static str, &'static str)]| {
        let mut all = vec![
            ("DATABASE_URL", "sqlite::memory:"),
            ("KURSPORTAL_SECRET_KEY", KEY),
        ];
        all.extend_from_slice(vars);
        config(&all)
    };
    for good in [
        "smtps://kurs:hemmelig@smtp.example.no:465",
        "smtp://kurs:hemmelig@smtp.example.no:587?tls=required",
        "smtp://127.0.0.1:2525",
        "smtp://localhost:25",
        "smtp://[::1]:25",
    ] {
        assert!(with(&[("SMTP_URL", good)]).is_ok(), "{good}");
    }
    for plain in [
        "smtp://smtp.example.no:25",
        "smtp://localhost.evil.example:25",
        "smtp://127.0.0.1.evil.example",
    ] {
        let err = with(&[("SMTP_URL", plain)]).expect_err(plain);
        assert_eq!(err.variable, "SMTP_URL");
        assert!(err.message.contains("unencrypted"), "{err}");
    }
    let trusted = with(&[
        ("SMTP_URL", "smtp://relay.internal:25"),
        ("KURSPORTAL_SMTP_INSECURE", "true"),
    ]);
    assert!(trusted.is_ok(), "allowed when marked insecure");
}

#[test]
fn loopback_is_the_exact_host() {
    assert!(is_loopback("http://localhost:8080/x"));
    assert!(is_loopback("http://127.0.0.1"));
    assert!(is_loopback("http://user:pw@[::1]:9/"));
    assert!(!is_loopback("http://localhost.evil.example"));
    assert!(!is_loopback("http://127.0.0.1.evil.example/"));
    assert!(!is_loopback("http://evil.example/?next=localhost"));
    assert!(!is_loopback("http://localhost@evil.example/"));
    let with = |url: &'static str| {
        config(&[
            ("DATABASE_URL", "sqlite::memory:"),
            ("KURSPORTAL_SECRET_KEY", KEY),
            ("KURSPORTAL_TRANSFER_PUSH_URL", url),
            ("KURSPORTAL_TRANSFER_PUSH_SECRET", "a long push secret for tests"),
        ])
    };
    assert!(with("http://localhost.evil.example/inn").is_err());
    assert!(with("http://127.0.0.1:9000/inn").is_ok());
}

#[test]
fn every_limit_has_a_default_and_a_variable() {
    let dir = std::env::temp_dir().join(format!("kp-config-{}", uuid::Uuid::new_v4()));
    let data = dir.to_str().unwrap();
    let c = config(&[("KURSPORTAL_DATA_DIR", data)]).unwrap();
    assert_eq!(c.accounts.limits.login_per_account.max_failures, 5);
    assert_eq!(c.accounts.limits.login_per_address.max_failures, 30);
    assert_eq!(c.accounts.limits.verifications_per_address.max_failures, 100);
    assert_eq!(c.accounts.limits.registrations_per_address.max_failures, 20);
    assert_eq!(c.accounts.limits.registrations_per_national_id.max_failures, 5);
    assert_eq!(c.accounts.limits.work_logins_per_address.max_failures, 600);
    let raised = config(&[
        ("KURSPORTAL_DATA_DIR", data),
        ("KURSPORTAL_LOGINS_PER_ACCOUNT", "10"),
        ("KURSPORTAL_LOGINS_PER_ADDRESS", "300"),
        ("KURSPORTAL_VERIFICATIONS_PER_ADDRESS", "1000"),
        ("KURSPORTAL_REGISTRATIONS_PER_ADDRESS", "5000"),
        ("KURSPORTAL_REGISTRATIONS_PER_NATIONAL_ID", "8"),
        ("KURSPORTAL_WORK_LOGINS_PER_ADDRESS", "5000"),
    ])
    .unwrap();
    assert_eq!(raised.accounts.limits.login_per_account.max_failures, 10);
    assert_eq!(raised.accounts.limits.login_per_address.max_failures, 300);
    assert_eq!(
        raised.accounts.limits.verifications_per_address.max_failures,
        1000
    );
    assert_eq!(
        raised.accounts.limits.registrations_per_address.max_failures,
        5000
    );
    assert_eq!(
        raised.accounts.limits.registrations_per_national_id.max_failures,
        8
    );
    assert_eq!(raised.accounts.limits.work_logins_per_address.max_failures, 5000);
    assert_eq!(
        raised.accounts.limits.registrations_per_address.window,
        c.accounts.limits.registrations_per_address.window,
        "only the number changes"
    );
    for bad in ["0", "many", "-3"] {
        let err = config(&[
            ("KURSPORTAL_DATA_DIR", data),
            ("KURSPORTAL_REGISTRATIONS_PER_ADDRESS", bad),
        ])
        .unwrap_err();
        assert_eq!(err.variable, "KURSPORTAL_REGISTRATIONS_PER_ADDRESS");
    }
    std::fs::remove_dir_all(dir).ok();
}
