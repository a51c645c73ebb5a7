//! Courses: subject areas, the catalogue, dated sessions, enrolment and waitlists.
pub mod admin;
pub mod admin_forms;
pub mod calendar;
pub mod category;
pub mod course;
pub mod enrolment;
pub mod enrolment_service;
pub mod feed;
mod folding;
pub mod ical;
pub mod rules;
pub mod search;
pub mod service;
pub mod session;
pub mod session_request;
pub mod time;
pub mod visibility;

pub use admin::CourseAdminRepo;
pub use enrolment_service::EnrolmentRepo;
pub use service::CatalogueRepo;
