//! Accounts: registration, activation, login, «Glemt passord», «Din konto», support, and the
//! field types both the browser and the server validate with.
pub mod admin_home;
pub mod api;
pub mod audit;
pub mod companies;
pub mod failed_mail;
pub mod fields;
pub mod identity;
mod national_id_later;
pub mod organisation;
mod own_data;
pub mod pages;
pub mod password_pages;
pub mod policy;
pub mod profile;
#[cfg(test)]
mod properties;
pub mod register;
pub mod registration;
pub mod roles;
#[cfg(feature = "ssr")]
pub mod service;
pub mod support;
pub mod types;
pub mod widgets;
