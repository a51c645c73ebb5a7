//! The HTTP adapters: the state handlers share, the routes outside the server functions
//! (single sign-on, the integration API, downloads, media) and cross-cutting concerns (health,
//! metrics, response headers, the page cache). Domain code never imports from here.
pub mod audit;
pub mod calendar;
pub mod certificate;
pub mod forms;
pub mod headers;
pub mod health;
pub mod integration_api;
pub mod media;
pub mod metrics;
pub mod orders;
pub mod page_cache;
pub mod participants;
pub mod personal_data;
pub mod sso;
pub mod state;
