//! Enrolment in dated sessions («kursenheter»), the waitlist and «Mine kurs».
pub mod api;
pub mod calendar;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod widgets;
