//! Accounts: login and the field types both the browser and the server validate with.
pub mod api;
pub mod fields;
pub mod identity;
pub mod pages;
pub mod registration;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
