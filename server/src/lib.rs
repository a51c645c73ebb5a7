//! Kursportal's server: the axum application and the domain it owns.
//!
//! One module per domain, named as in `app`: `accounts`, `catalogue`, `enrolment`,
//! `course_admin`, `learning`, `elearning`, `paths`, `competence`; each owns its entities, rules
//! and services. `common` holds what several domains use; `http` the adapters and the state
//! handlers share; `startup` wires them into the router that `main` and the tests both use.
pub mod accounts;
pub mod audit;
pub mod catalogue;
pub mod cli;
pub mod common;
pub mod competence;
pub mod config;
pub mod course_admin;
pub mod db;
pub mod demo;
pub mod elearning;
pub mod enrolment;
pub mod entity;
pub mod failpoint;
pub mod help;
pub mod http;
pub mod learning;
pub mod login_sessions;
pub mod mail;
pub mod paths;
pub mod startup;
pub mod support;
pub mod telemetry;

/// mimalloc for every binary built on this crate (the server, its tests and benchmarks): a page
/// render allocates and frees thousands of small values, and with glibc's allocator that was
/// half of a render's instructions.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(test)]
mod layout_tests;
#[cfg(test)]
mod message_tests;
