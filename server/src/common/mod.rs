//! Helpers several domains use, below all of them: Norwegian times and dates, and text folded
//! for matching. Nothing here imports a domain.
pub mod text;
pub mod time;
