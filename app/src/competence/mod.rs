//! The employer's side, as administrators see it: integration clients and their tokens, and
//! the HR feed as a CSV upload with a dry-run preview; requirements, units and company
//! contacts; «Påkrevd opplæring» and «Kompetanseoversikt».
pub mod admin_page;
pub mod api;
pub mod history_page;
pub mod overview_page;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod widgets;
