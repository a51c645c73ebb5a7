//! After enrolment: results recorded for a session, completions with validity, the learner's
//! history, certificates («kursbevis») and their public verification.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod widgets;
