//! The `kursportal` binary: configuration errors, migrate, seed-demo, create-admin.
use std::{
    io::Write,
    process::{Command, Stdio},
};

fn kursportal(dir: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kursportal"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("KURSPORTAL_DATA_DIR", dir)
        .env("RUST_LOG", "warn");
    command
}

fn temp_dir() -> std::path::PathBuf {
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
