//! Course administration: courses, subject areas, sessions, participants and requests for new
//! sessions (course administrators), and «Mine kursenheter» for instructors.
pub mod api;
pub mod pages;
pub mod roster;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;
pub mod widgets;
