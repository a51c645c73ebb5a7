//! Learning after enrolment: results of sessions, completions with validity and expiry
//! reminders, certificates («kursbevis») and their public verification.
pub mod certificate;
pub mod expiry;
pub mod pdf;
pub mod results;
pub mod rules;
pub mod service;

pub use service::LearningRepo;
