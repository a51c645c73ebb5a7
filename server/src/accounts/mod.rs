//! Accounts: people, their roles and their passwords.
pub mod entity;
pub mod password;
pub mod role;
pub mod service;
