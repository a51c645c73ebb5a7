//! Kursportal's schema, one change per migration, for SQLite and PostgreSQL alike.
pub use sea_orm_migration::prelude::*;

mod m20261124_000001_create_accounts;
mod m20261124_000002_create_catalogue;
mod m20261124_000003_create_mail_outbox;
mod m20261124_000004_create_sessions;
mod m20261124_000005_registration;
mod m20261124_000006_hms_card_reminders;
mod m20261124_000007_create_sessions_and_enrolments;
mod m20261124_000008_catalogue_requests_and_feeds;
mod m20261124_000009_session_place_index;
mod m20261124_000010_completions;
mod m20261124_000011_elearning;
mod m20261124_000012_learning_paths;
mod m20261124_000013_path_certificates;
mod m20261124_000014_path_reminders;
mod m20261124_000015_competence_transfer;
mod m20261124_000016_private_email;
mod m20261124_000017_transfer_push;
mod m20261201_000001_employment_closed;
mod m20261201_000002_path_instructors;
mod m20261201_000003_employer_confirmed;
mod m20261201_000004_elearning_orders;
mod m20261202_000001_account_closing;
mod m20261203_000001_course_admin_areas;
mod m20261203_000002_name_search_folded;
mod m20261204_000001_help;
mod m20261204_000002_site_settings;
mod m20261206_000001_account_language;
mod m20261206_000002_elearning_packages;
mod m20261206_000003_package_attempts;
mod m20261206_000004_units_and_requirements;
mod m20261206_000005_digests;
mod m20261206_000006_competence_events;
mod m20261207_000001_competence_indexes;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_create_accounts::Migration),
            Box::new(m20261124_000002_create_catalogue::Migration),
            Box::new(m20261124_000003_create_mail_outbox::Migration),
            Box::new(m20261124_000004_create_sessions::Migration),
            Box::new(m20261124_000005_registration::Migration),
            Box::new(m20261124_000006_hms_card_reminders::Migration),
            Box::new(m20261124_000007_create_sessions_and_enrolments::Migration),
            Box::new(m20261124_000008_catalogue_requests_and_feeds::Migration),
            Box::new(m20261124_000009_session_place_index::Migration),
            Box::new(m20261124_000010_completions::Migration),
            Box::new(m20261124_000011_elearning::Migration),
            Box::new(m20261124_000012_learning_paths::Migration),
            Box::new(m20261124_000013_path_certificates::Migration),
            Box::new(m20261124_000014_path_reminders::Migration),
            Box::new(m20261124_000015_competence_transfer::Migration),
            Box::new(m20261124_000016_private_email::Migration),
            Box::new(m20261124_000017_transfer_push::Migration),
            Box::new(m20261201_000001_employment_closed::Migration),
            Box::new(m20261201_000002_path_instructors::Migration),
            Box::new(m20261201_000003_employer_confirmed::Migration),
            Box::new(m20261201_000004_elearning_orders::Migration),
            Box::new(m20261202_000001_account_closing::Migration),
            Box::new(m20261203_000001_course_admin_areas::Migration),
            Box::new(m20261203_000002_name_search_folded::Migration),
            Box::new(m20261204_000001_help::Migration),
            Box::new(m20261204_000002_site_settings::Migration),
            Box::new(m20261206_000001_account_language::Migration),
            Box::new(m20261206_000002_elearning_packages::Migration),
            Box::new(m20261206_000003_package_attempts::Migration),
            Box::new(m20261206_000004_units_and_requirements::Migration),
            Box::new(m20261206_000005_digests::Migration),
            Box::new(m20261206_000006_competence_events::Migration),
            Box::new(m20261207_000001_competence_indexes::Migration),
        ]
    }
}
