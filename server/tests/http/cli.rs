//! The `kursportal` binary: configuration errors, migrate, seed-demo, create-admin.
use std::{
    io::Write,
    process::{Command, Stdio},
};

pub(crate) fn kursportal(dir: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kursportal"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("KURSPORTAL_DATA_DIR", dir)
        .env("RUST_LOG", "warn");
    command
}

/// A port nothing listens on just now, for a binary started by a test.
pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Asks `url` every 100 ms for up to 30 s; the last status it answered with (None: never).
pub(crate) async fn wait_for_ok(client: &reqwest::Client, url: &str) -> Option<u16> {
    let mut last = None;
    for _ in 0..300 {
        last = client.get(url).send().await.ok().map(|r| r.status().as_u16());
        if last == Some(200) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    last
}

pub(crate) fn temp_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kursportal-cli-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_bad_variable_stops_the_start_with_one_clear_line() {
    let dir = temp_dir();
    let output = kursportal(&dir)
        .env("KURSPORTAL_ADDR", "not-an-address")
        .arg("migrate")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("KURSPORTAL_ADDR"), "{stderr}");
}

#[test]
fn seed_demo_needs_force_outside_the_embedded_database() {
    let dir = temp_dir();
    let url = format!("sqlite://{}/annen.db?mode=rwc", dir.display());
    let key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    let refused = kursportal(&dir)
        .env("DATABASE_URL", &url)
        .env("KURSPORTAL_SECRET_KEY", key)
        .arg("seed-demo")
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    assert!(!dir.join("annen.db").exists(), "nothing was created");
    let forced = kursportal(&dir)
        .env("DATABASE_URL", &url)
        .env("KURSPORTAL_SECRET_KEY", key)
        .args(["seed-demo", "--force"])
        .output()
        .unwrap();
    assert!(
        forced.status.success(),
        "{}",
        String::from_utf8_lossy(&forced.stderr)
    );
    assert!(String::from_utf8_lossy(&forced.stdout).contains("63 courses"));
}

#[test]
fn seed_demo_loads_once_and_create_admin_reads_the_password_from_stdin() {
    let dir = temp_dir();
    let seeded = kursportal(&dir).arg("seed-demo").output().unwrap();
    assert!(
        seeded.status.success(),
        "{}",
        String::from_utf8_lossy(&seeded.stderr)
    );
    assert!(String::from_utf8_lossy(&seeded.stdout).contains("63 courses"));
    assert!(
        dir.join("kursportal.db").exists(),
        "embedded database under the data dir"
    );
    assert!(dir.join("secret.key").exists(), "generated secret key stored");

    let again = kursportal(&dir).arg("seed-demo").output().unwrap();
    assert!(String::from_utf8_lossy(&again.stdout).contains("not loaded"));

    let mut child = kursportal(&dir)
        .args([
            "create-admin",
            "--email",
            "Driftsleder@Example.no",
            "--name",
            "Dina Drift",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"et langt og godt passord\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let all_output = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        !all_output.contains("et langt og godt passord"),
        "the password is never echoed"
    );

    let mut short = kursportal(&dir)
        .args(["create-admin", "--email", "annen@example.no"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    short.stdin.take().unwrap().write_all(b"kort\n").unwrap();
    let output = short.wait_with_output().unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("minst 12 tegn"));
}

#[test]
fn tokens_are_printed_once_listed_without_the_secret_and_revoked() {
    let dir = temp_dir();
    let created = kursportal(&dir)
        .args([
            "token",
            "create",
            "--name",
            "HR-systemet",
            "--scope",
            "employees:write",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&created.stdout);
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let token = stdout.lines().last().unwrap().trim().to_string();
    assert!(token.starts_with("kp_") && token.len() > 40, "{stdout}");

    let listed = kursportal(&dir).args(["token", "list"]).output().unwrap();
    let listing = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listing.contains("HR-systemet") && listing.contains("employees:write") && listing.contains("live"),
        "{listing}"
    );
    assert!(!listing.contains(&token), "the token is never shown again");

    let bad = kursportal(&dir)
        .args(["token", "create", "--name", "X", "--scope", "admin"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("employees:write"),
        "names the valid scopes"
    );

    let id = listing.split('\t').next().unwrap().trim().to_string();
    let revoked = kursportal(&dir)
        .args(["token", "revoke", "--id", &id])
        .output()
        .unwrap();
    assert!(
        revoked.status.success(),
        "{}",
        String::from_utf8_lossy(&revoked.stderr)
    );
    let listed = kursportal(&dir).args(["token", "list"]).output().unwrap();
    assert!(String::from_utf8_lossy(&listed.stdout).contains("revoked"));
    let again = kursportal(&dir)
        .args(["token", "revoke", "--id", &id])
        .output()
        .unwrap();
    assert!(!again.status.success(), "revoked once");
}

/// With every module at `debug` (sqlx, sea-orm, hyper, the sessions), a registration, its
/// mail and the activation leave neither the national ID, nor the link's token, nor the new
/// password in the log (issue 14, item 9).
#[tokio::test]
async fn debug_logs_of_a_registration_hold_no_national_id_link_or_password() {
    let dir = temp_dir();
    let log = dir.join("log.txt");
    let port = free_port();
    let mut child = kursportal(&dir)
        .env("RUST_LOG", "debug")
        .env("KURSPORTAL_LOG_FORMAT", "json")
        .env("KURSPORTAL_ADDR", format!("127.0.0.1:{port}"))
        .env("KURSPORTAL_SITE_ROOT", dir.join("site"))
        .arg("serve")
        .stdout(std::fs::File::create(&log).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the binary");
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let up = wait_for_ok(&client, &format!("{base}/healthz")).await == Some(200);
    assert!(
        up,
        "the binary did not start: {}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );

    let national_id = crate::common::synthetic_national_id(91);
    let password = "loggen skal aldri se dette passordet";
    let call = |endpoint: &str, form: Vec<(&str, &str)>| {
        client.post(format!("{base}/api/{endpoint}")).form(&form).send()
    };
    let registered = call(
        "accounts/register",
        vec![
            ("form[user_type]", "free_elearning"),
            ("form[full_name]", "Logg Leser"),
            ("form[email]", "logg@eksempel.no"),
            ("form[mobile]", "91234567"),
            ("form[national_id]", national_id.as_str()),
            ("form[hms_card]", "7654321"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(registered.status(), 200, "{}", registered.text().await.unwrap());
    // The mail worker writes the activation mail to the mail folder.
    let mut token = None;
    for _ in 0..100 {
        let mails = std::fs::read_dir(dir.join("mail"))
            .into_iter()
            .flatten()
            .flatten();
        // Quoted-printable: a soft line break is `=` at the end of a line.
        let unfolded = |text: String| text.replace("=\r\n", "").replace("=\n", "");
        if let Some(text) = mails
            .filter_map(|f| std::fs::read_to_string(f.path()).ok())
            .map(unfolded)
            .find(|t| t.contains("/konto/aktiver/"))
        {
            let start = text.find("/konto/aktiver/").unwrap() + "/konto/aktiver/".len();
            token = Some(
                text[start..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect::<String>(),
            );
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let token = token.expect("an activation mail");
    assert!(token.len() >= 20, "{token}");
    let page = client
        .get(format!("{base}/konto/aktiver/{token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let activated = call(
        "accounts/activate",
        vec![("token", &token), ("password", password), ("repeat", password)],
    )
    .await
    .unwrap();
    assert!(
        activated.status().is_success(),
        "{}",
        activated.text().await.unwrap()
    );
    let _ = child.kill();
    let _ = child.wait();

    let written = std::fs::read_to_string(&log).unwrap();
    assert!(
        written.contains(r#""level":"DEBUG""#),
        "debug logging was on: {written}"
    );
    assert!(
        written.contains(r#""route":"/api/accounts/register""#),
        "the log holds the requests: {written}"
    );
    assert!(!written.contains(&national_id), "the national ID is logged");
    assert!(
        !written.contains(&national_id[..6]),
        "the birth date part is logged"
    );
    assert!(!written.contains(&token), "the link's token is logged");
    assert!(!written.contains(password), "the password is logged");
}

#[test]
fn roles_are_granted_and_revoked_on_the_command_line_and_the_last_administrator_stays() {
    let dir = temp_dir();
    let create = |email: &str| {
        let mut child = kursportal(&dir)
            .args(["create-admin", "--email", email])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"et langt og godt passord\n")
            .unwrap();
        assert!(child.wait_with_output().unwrap().status.success());
    };
    let role = |args: &[&str]| {
        let output = kursportal(&dir).arg("role").args(args).output().unwrap();
        (
            output.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ),
        )
    };
    create("forste@example.no");
    let (ok, said) = role(&["revoke", "--email", "forste@example.no"]);
    assert!(!ok, "the only administrator stays one: {said}");
    assert!(said.contains("minst én administrator"), "{said}");
    let (ok, said) = role(&["grant", "--email", "ingen@example.no", "support"]);
    assert!(!ok);
    assert!(said.contains("no account"), "{said}");
    let (ok, said) = role(&["grant", "--email", "forste@example.no", "keiser"]);
    assert!(!ok);
    assert!(said.contains("not a role"), "{said}");
    let (ok, _) = role(&["grant", "forste@example.no"]);
    assert!(!ok, "--email or --staff-code is required");

    create("andre@example.no");
    let (ok, said) = role(&[
        "grant",
        "--email",
        "Forste@Example.no",
        "support",
        "--reason",
        "Flyttet til brukerstøtte",
    ]);
    assert!(ok, "{said}");
    assert!(said.contains("admin → support"), "{said}");
    let (ok, said) = role(&["revoke", "--email", "forste@example.no"]);
    assert!(ok, "{said}");
    assert!(said.contains("support → learner"), "{said}");
}
