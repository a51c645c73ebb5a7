//! Learning after enrolment: results of sessions, completions with validity and expiry
//! reminders, certificates («kursbevis») and their public verification.
pub mod certificate;
pub mod completion;
pub mod elearning;
pub mod expiry;
pub mod paths;
pub mod pdf;
pub mod reminder;
pub mod results;
pub mod rules;
pub mod service;

pub use service::LearningRepo;
