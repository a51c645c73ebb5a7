//! E-learning: lessons in Markdown, a quiz scored on the server, each learner's place in the
//! course, and the completion a passed quiz records.
pub mod access;
pub mod completing;
pub mod package;
pub mod quiz;
pub mod service;

pub use service::ElearningRepo;
