//! Accounts: the field types both the browser and the server validate with.
pub mod fields;
