//! Courses: subject areas, the catalogue, dated sessions, enrolment and waitlists.
pub mod category;
pub mod course;
pub mod enrolment;
pub mod enrolment_service;
pub mod ical;
pub mod rules;
pub mod search;
pub mod service;
pub mod session;
pub mod time;
pub mod visibility;

pub use enrolment_service::EnrolmentRepo;
pub use service::CatalogueRepo;
