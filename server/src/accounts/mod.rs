//! Accounts: people, their employers, their identity, their passwords and their sessions.
pub mod company;
pub mod entity;
pub mod mails;
pub mod national_id;
pub mod password;
pub mod reminders;
pub mod service;
pub mod throttle;
pub mod token;
