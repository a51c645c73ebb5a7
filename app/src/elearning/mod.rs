//! E-learning: the player learners take a course in (lessons, progress, the quiz) and the
//! editor course administrators build it with.
pub mod api;
pub mod attempts_page;
pub mod editor;
pub mod order;
pub mod package_panel;
pub mod package_player;
pub mod player;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
