//! Courses: subject areas, the catalogue and (later) sessions, enrolment and waitlists.
pub mod category;
pub mod course;
pub mod rules;
pub mod service;

pub use service::CatalogueRepo;
