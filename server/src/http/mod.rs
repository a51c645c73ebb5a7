//! Cross-cutting HTTP concerns: health, metrics, response headers.
pub mod calendar;
pub mod certificate;
pub mod forms;
pub mod headers;
pub mod health;
pub mod media;
pub mod metrics;
pub mod orders;
pub mod page_cache;
pub mod participants;
