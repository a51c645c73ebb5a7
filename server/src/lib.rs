//! Kursportal's server: the axum application and the domain it owns.
//!
//! `accounts`, `courses` and `competence` each own their entities, rules and services;
//! `startup` wires them into the router that `main` and the tests both use.
pub mod accounts;
pub mod audit;
pub mod cli;
pub mod competence;
pub mod config;
pub mod courses;
pub mod db;
pub mod demo;
pub mod failpoint;
pub mod http;
pub mod learning;
pub mod login_sessions;
pub mod mail;
pub mod startup;
pub mod telemetry;

/// mimalloc for every binary built on this crate (the server, its tests and benchmarks): a page
/// render allocates and frees thousands of small values, and with glibc's allocator that was
/// half of a render's instructions.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
