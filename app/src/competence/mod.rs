//! The employer's side, as administrators see it: integration clients and their tokens, and
//! the HR feed as a CSV upload with a dry-run preview.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
