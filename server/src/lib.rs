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
pub mod mail;
pub mod sessions;
pub mod startup;
pub mod telemetry;
