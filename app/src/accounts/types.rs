//! Wire types of accounts.
use serde::{Deserialize, Serialize};

/// The signed-in person, as the pages show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub full_name: String,
    pub role: String,
}
