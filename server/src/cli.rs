//! The subcommands of the `kursportal` binary.
use crate::competence::clients::{self, Scope};
use crate::{
    accounts::service::create_with_password,
    config::{Config, redact_url},
    db, demo,
    startup::Application,
};
use app::accounts::types::Role;
use std::io::BufRead;

type CliResult = Result<(), Box<dyn std::error::Error>>;

pub async fn serve(config: Config) -> CliResult {
    tracing::info!(database = %redact_url(&config.database.url), "starting");
    let public_url = config.server.public_url.clone();
    let app = Application::build(config).await?;
    tracing::info!(port = app.port(), "listening");
    println!("Kursportal serves {public_url}");
    app.run_until_stopped().await?;
    Ok(())
}

/// An online copy of the embedded (SQLite) database; on PostgreSQL, how to use pg_dump.
pub async fn backup(config: Config, to: &std::path::Path) -> CliResult {
    let summary = db::backup::backup(&config.database.url, to).await?;
    println!(
        "Backup written to {}: {} tables, {} rows.",
        to.display(),
        summary.tables,
        summary.rows
    );
    Ok(())
}

/// Puts a backup in place of the embedded database (every instance stopped first).
pub async fn restore(config: Config, from: &std::path::Path, replace: bool) -> CliResult {
    let summary = db::backup::restore(&config.database.url, from, replace).await?;
    println!(
        "Restored from {}: {} tables, {} rows; migrations applied.",
        from.display(),
        summary.tables,
        summary.rows
    );
    Ok(())
}

pub async fn migrate(config: Config) -> CliResult {
    let db = db::connect(&config.database.url).await?;
    db::migrate(&db).await?;
    println!("Migrations applied to {}", redact_url(&config.database.url));
    Ok(())
}

/// Demo data, with accounts whose passwords are in the README: only into the embedded
/// database unless forced, so that it never lands in a production database by mistake.
pub async fn seed_demo(config: Config, force: bool) -> CliResult {
    if !config.database.embedded && !force {
        return Err(
            "seed-demo creates accounts with published passwords; DATABASE_URL names a \
                    database other than the embedded one, so add --force if that is really meant"
                .into(),
        );
    }
    let db = db::connect(&config.database.url).await?;
    db::migrate(&db).await?;
    match demo::seed(&db).await? {
        demo::SeedOutcome::Loaded {
            categories,
            courses,
            accounts,
        } => {
            println!("Demo data loaded: {categories} categories, {courses} courses, {accounts} accounts.");
        }
        demo::SeedOutcome::AlreadyHasData => {
            println!("The database already has a catalogue; demo data not loaded.")
        }
    }
    Ok(())
}

/// Reads the password from the first line of standard input, so it never shows in `ps` or history.
pub async fn create_admin(config: Config, email: &str, name: &str) -> CliResult {
    let mut password = String::new();
    std::io::stdin().lock().read_line(&mut password)?;
    let password = password.trim_end_matches(['\r', '\n']).to_string();
    let db = db::connect(&config.database.url).await?;
    db::migrate(&db).await?;
    let id = create_with_password(&db, email, name, Role::Admin, password).await?;
    println!("Administrator created (account {id}).");
    Ok(())
}

/// Whom `kursportal role` is about.
pub enum PersonKey {
    Email(String),
    StaffCode(String),
}

/// `kursportal role grant|revoke`: the same change as «Brukere og roller», by nobody in
/// particular (the audit row names the command line), mailed to the person.
pub async fn role(config: Config, person: PersonKey, role: Option<&str>, reason: &str) -> CliResult {
    use crate::accounts::roles::{RoleChange, change};
    use crate::entity::account;
    let role = match role {
        None => Role::Learner,
        Some(text) => match Role::parse(text.trim()) {
            Some(Role::Learner) | None => {
                return Err(format!(
                    "«{text}» is not a role to grant; choose instructor, course_admin, support or admin"
                )
                .into());
            }
            Some(role) => role,
        },
    };
    let db = db::connect(&config.database.url).await?;
    db::migrate(&db).await?;
    let (key, shown) = match &person {
        PersonKey::Email(email) => (email.as_str(), "e-mail address"),
        PersonKey::StaffCode(code) => (code.as_str(), "staff code"),
    };
    let found = account::by_identifier(&db, key)
        .await?
        .ok_or_else(|| format!("no account has the {shown} {}", key.trim()))?;
    let links = crate::accounts::mails::Links {
        public_url: config.server.public_url.clone(),
        support_email: config.mail.support_email.clone(),
    };
    let changed = change(
        &db,
        &crate::mail::Mailer::new(),
        &links,
        RoleChange {
            account_id: found.id,
            role,
            reason,
            by: None,
        },
    )
    .await?;
    if changed.before == changed.after {
        println!(
            "{} already has the role {}; nothing changed.",
            found.full_name, changed.after
        );
    } else {
        println!(
            "{}: {} → {} (account {}).",
            found.full_name, changed.before, changed.after, found.id
        );
    }
    Ok(())
}

/// `kursportal token create --name N --scope S`: prints the token once.
pub async fn token_create(config: Config, name: &str, scopes: &[String]) -> CliResult {
    let name = clients::parse_name(name)?;
    let scopes = scopes
        .iter()
        .map(|s| Scope::parse(s))
        .collect::<Result<Vec<_>, _>>()?;
    let db = db::connect(&config.database.url).await?;
    db::migrate(&db).await?;
    let (client, token) = clients::create(&db, &name, &scopes, None).await?;
    println!(
        "Client {} «{}» with scopes {} created. Its token, shown only now:",
        client.id, client.name, client.scopes
    );
    println!("{token}");
    Ok(())
}

pub async fn token_list(config: Config) -> CliResult {
    let db = db::connect(&config.database.url).await?;
    db::migrate(&db).await?;
    for client in clients::list(&db).await? {
        let state = if client.revoked_at.is_some() {
            "revoked"
        } else {
            "live"
        };
        let used = client
            .last_used_at
            .map_or_else(|| "never".to_string(), |t| t.to_rfc3339());
        println!(
            "{}\t{}\t{}\t{state}\tlast used {used}",
            client.id, client.name, client.scopes
        );
    }
    Ok(())
}

pub async fn token_revoke(config: Config, id: i64) -> CliResult {
    let db = db::connect(&config.database.url).await?;
    db::migrate(&db).await?;
    if clients::revoke(&db, id, None).await? {
        println!("Client {id} revoked.");
        Ok(())
    } else {
        Err(format!("No live client {id}.").into())
    }
}
