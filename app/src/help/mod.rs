//! «Hjelp»: the questions people ask, answered by topic and searchable, each answer at an
//! address of its own (`/hjelp/{slug}`), edited by administrators (`/admin/hjelp`); and the
//! contacts per topic (support, invoicing, technical), shown where their questions arise.
pub mod admin;
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

/// The answers the portal's own pages link to, by the address they link to. An administrator
/// sees on «Hjelp» which of them exist and where each link is (`admin::linked_place`); a link
/// whose answer is missing leads to a search for its words instead of a dead end.
pub const LINKED: &[&str] = &[
    "fant-ikke-firmaet",
    "ikke-fatt-e-post",
    "brukertyper",
    "hms-kort-og-fodselsnummer",
    "logge-inn",
    "glemt-passord",
    "aktivere-kontoen",
    "overforing-til-kompetanseregisteret",
];
