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
    assert!(String::from_utf8_lossy(&output.stderr).contains("minst 10 tegn"));
}
