//! Wire types of the competence administration pages.
pub use crate::error::FieldIssue;
use serde::{Deserialize, Serialize};

/// Largest HR file accepted, in bytes of text (5,000 employees with every column fit). Form
/// encoding can make the text up to three times larger, and requests stop at axum's 2 MiB.
pub const HR_FILE_MAX_BYTES: usize = 650_000;

/// An integration client as the admin area lists it; never its token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiClient {
    pub id: i64,
    pub name: String,
    pub scopes: Vec<String>,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// A client just made: the only time its token is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewApiClient {
    pub id: i64,
    pub name: String,
    pub token: String,
}

/// What one line of an HR file does (or would do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportAction {
    Create,
    Update,
    Unchanged,
    /// The line has errors; nothing of the file is saved until they are fixed.
    Invalid,
}

/// One line of an HR file and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    /// The line in the file (the header is line 1).
    pub line: u32,
    pub staff_code: String,
    pub name: String,
    pub action: ImportAction,
    /// For an update: the fields that change (`name`, `work_email`, `national_id`,
    /// `employer_org_number`, `employment_start`, `employment_end`).
    pub changes: Vec<String>,
    /// The external profile (its name) that is merged into this employee.
    pub merges: Option<String>,
    /// The last day of employment, when this line ends it.
    pub ends: Option<String>,
    /// What to fix on this line, by column.
    pub errors: Vec<FieldIssue>,
}

/// The outcome of a whole HR file: a preview (nothing saved) or the applied import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub rows: Vec<ImportRow>,
    /// Identifies this outcome: applying checks that the file still does exactly what was previewed.
    pub fingerprint: String,
    pub applied: bool,
}

impl ImportReport {
    pub fn count(&self, action: ImportAction) -> usize {
        self.rows.iter().filter(|r| r.action == action).count()
    }

    pub fn merges(&self) -> usize {
        self.rows.iter().filter(|r| r.merges.is_some()).count()
    }

    pub fn has_errors(&self) -> bool {
        self.count(ImportAction::Invalid) > 0
    }

    /// Whether applying would change anything.
    pub fn has_changes(&self) -> bool {
        self.count(ImportAction::Create) + self.count(ImportAction::Update) > 0
    }
}
