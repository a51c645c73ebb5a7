//! The catalogue: subject areas, courses, who sees them, search, and the months and places of
//! upcoming sessions that the catalogue's filters and the course calendar share.
pub mod calendar;
mod folding;
pub mod rules;
pub mod scope;
pub mod search;
pub mod service;
pub mod visibility;

pub use service::CatalogueRepo;
