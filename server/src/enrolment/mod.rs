//! Enrolment in dated sessions («kursenheter»): seats and the waitlist (`waitlist.rs`), the
//! enrolment service (enrol, cancel, «Mine kurs», the course calendar), the personal calendar
//! feed and iCalendar files.
pub mod feed;
pub mod ical;
pub mod service;
pub mod waitlist;

pub use service::EnrolmentRepo;
/// The rules of seats and the waitlist, named as the domain (`enrolment::enrol`, `enrolment::ENROLLED`).
pub use waitlist::*;
