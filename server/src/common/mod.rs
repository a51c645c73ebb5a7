//! Helpers several domains use, below all of them: Norwegian times and dates, text folded
//! for matching, and the safe Markdown renderer of lessons and help answers. Nothing here
//! imports a domain.
pub mod markdown;
pub mod text;
pub mod time;
