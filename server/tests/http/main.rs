//! HTTP-level tests: the real router on a random port, against SQLite and PostgreSQL.
//!
//! One test binary for the whole server: each binary links the full application, so a
//! binary per file cost minutes of linking and gigabytes of disk for nothing.

#[macro_use]
mod common;

mod admin_areas;
mod audit_trail;
mod catalogue;
mod cli;
mod companies;
mod competence;
mod competence_counts;
mod course_admin;
mod elearning;
mod enrolment;
mod events;
mod failed_mail;
mod forms;
mod full_list;
mod health;
mod help;
mod history_import;
mod hr_admin;
mod languages;
mod learning;
mod login;
mod login_sessions;
mod mail;
mod national_id_later;
mod operations;
mod orders;
mod organisation;
mod package_attempts;
mod package_player;
mod packages;
mod paths;
mod profile;
mod registration;
mod requirements;
mod roles;
mod support;
mod support_desk;
mod upgrade;
mod visibility;
