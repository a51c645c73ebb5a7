//! «Brukerstøtte»: a person's file as the support desk sees it, and what the desk may do for
//! them (change the login e-mail, send a reset link, lift a login lock, deactivate and
//! reactivate, enrol or withdraw on their behalf, merge two external profiles). Every action
//! takes a reason, which goes to the audit trail. Finding people is `accounts::support`.
pub mod api;
pub mod person;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
