//! «Hjelp»: the questions people ask, answered by topic and searchable, each answer at an
//! address of its own (`/hjelp/{slug}`), edited by administrators (`/admin/hjelp`); and the
//! contacts per topic (support, invoicing, technical), shown where their questions arise.
pub mod admin;
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod types;

/// The answers the portal's own pages link to, by the address they link to, with where the
/// link is. An administrator sees on «Hjelp» which of them exist; a link whose answer is
/// missing leads to a search for its words instead of a dead end.
pub const LINKED: &[(&str, &str)] = &[
    (
        "fant-ikke-firmaet",
        "«Registrer deg» og «Din konto»: arbeidsgiverfeltet",
    ),
    (
        "ikke-fatt-e-post",
        "«Registrer deg» etter innsending, og «Ny aktiveringslenke»",
    ),
    ("brukertyper", "«Registrer deg»: brukertype"),
    (
        "hms-kort-og-fodselsnummer",
        "«Registrer deg»: HMS-kort og fødselsnummer",
    ),
    ("logge-inn", "«Logg inn»"),
    ("glemt-passord", "«Logg inn» og «Glemt passord»"),
    ("aktivere-kontoen", "«Aktiver kontoen»"),
    (
        "overforing-til-kompetanseregisteret",
        "«Registrer deg» og «Din konto»: fødselsnummer",
    ),
];
