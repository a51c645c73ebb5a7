//! Learning paths («opplæringsløp»): ordered steps of e-learning, classroom courses, exams and
//! practice; the learner's training plan («Opplæringsplan»); administration and sign-off.
pub mod admin;
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
