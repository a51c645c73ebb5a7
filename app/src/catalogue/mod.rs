//! The course catalogue: search, categories and course pages.
pub mod api;
pub mod pages;
pub mod search_box;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
