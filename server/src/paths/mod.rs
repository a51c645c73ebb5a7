//! Learning paths («opplæringsløp»): ordered steps of mixed kinds, who follows them, and the
//! sign-offs of practical exams and practice.
pub mod rules;
pub mod service;

pub use service::PathRepo;
