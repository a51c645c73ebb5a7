//! `kursportal`: serve the portal, migrate the database, load demo data, create admins.
use clap::{Parser, Subcommand};
use kursportal::{config::Config, telemetry};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "kursportal",
    version,
    about = "Kursportal: courses, learning paths and competence transfer"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Apply migrations and serve the portal (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Write a consistent copy of the embedded database to FILE while the portal runs
    /// (PostgreSQL: prints the pg_dump command to use).
    Backup {
        /// A new file; an existing one is never overwritten.
        file: std::path::PathBuf,
    },
    /// Put a backup made with `backup` in place of the embedded database and migrate it.
    /// Stop every instance first.
    Restore {
        file: std::path::PathBuf,
        /// Overwrite a database that holds data.
        #[arg(long)]
        replace: bool,
    },
    /// Load the demo catalogue and demo accounts into an empty database.
    SeedDemo {
        /// Load the demo accounts (with their published passwords) into a database other than
        /// the embedded default, too.
        #[arg(long)]
        force: bool,
    },
    /// Create an administrator; the password is read from standard input.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
    /// Integration clients of the API (HR system, competence register).
    #[command(subcommand)]
    Token(TokenCommand),
    /// Give a person a role or take it away (audited; the person is told by mail).
    #[command(subcommand)]
    Role(RoleCommand),
}

#[derive(Subcommand)]
enum RoleCommand {
    /// Give a person a role: instructor, course_admin, support or admin.
    Grant {
        #[command(flatten)]
        person: Person,
        role: String,
        #[arg(long, default_value = "granted on the command line")]
        reason: String,
    },
    /// Take a person's role away: they are a learner again (the last administrator stays one).
    Revoke {
        #[command(flatten)]
        person: Person,
        #[arg(long, default_value = "revoked on the command line")]
        reason: String,
    },
}

/// The person a role command is about: by login e-mail or by staff code.
#[derive(clap::Args)]
#[group(required = true, multiple = false)]
struct Person {
    #[arg(long)]
    email: Option<String>,
    #[arg(long = "staff-code")]
    staff_code: Option<String>,
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Issue a token; it is printed once and only its hash is kept.
    Create {
        #[arg(long)]
        name: String,
        /// employees:write or transfers:read; repeat for several.
        #[arg(long = "scope", required = true)]
        scopes: Vec<String>,
    },
    /// List the clients (never their tokens).
    List,
    /// Revoke a client's token at once.
    Revoke {
        #[arg(long)]
        id: i64,
    },
}

impl From<Person> for kursportal::cli::PersonKey {
    fn from(person: Person) -> Self {
        match (person.email, person.staff_code) {
            (Some(email), _) => Self::Email(email),
            (None, staff_code) => Self::StaffCode(staff_code.unwrap_or_default()),
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("kursportal: configuration error: {error}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.server.log_format);
    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => kursportal::cli::serve(config).await,
        Command::Migrate => kursportal::cli::migrate(config).await,
        Command::Backup { file } => kursportal::cli::backup(config, &file).await,
        Command::Restore { file, replace } => kursportal::cli::restore(config, &file, replace).await,
        Command::SeedDemo { force } => kursportal::cli::seed_demo(config, force).await,
        Command::CreateAdmin { email, name } => kursportal::cli::create_admin(config, &email, &name).await,
        Command::Token(TokenCommand::Create { name, scopes }) => {
            kursportal::cli::token_create(config, &name, &scopes).await
        }
        Command::Token(TokenCommand::List) => kursportal::cli::token_list(config).await,
        Command::Token(TokenCommand::Revoke { id }) => kursportal::cli::token_revoke(config, id).await,
        Command::Role(RoleCommand::Grant { person, role, reason }) => {
            kursportal::cli::role(config, person.into(), Some(&role), &reason).await
        }
        Command::Role(RoleCommand::Revoke { person, reason }) => {
            kursportal::cli::role(config, person.into(), None, &reason).await
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kursportal: {error}");
            ExitCode::FAILURE
        }
    }
}
