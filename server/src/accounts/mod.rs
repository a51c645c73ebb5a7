//! Accounts: people, their employers, their identity, their passwords and their sessions.
pub mod audit_trail;
mod company_admin;
pub(crate) mod desk;
mod employers;
mod failed_mail;
pub mod mails;
pub mod national_id;
pub mod organisation;
pub mod password;
mod profile;
pub mod reminders;
pub mod roles;
pub mod service;
pub mod sso;
mod support;
pub mod throttle;
pub mod token;
