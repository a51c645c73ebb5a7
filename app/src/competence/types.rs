//! Wire types of the competence administration pages.
pub use crate::error::FieldIssue;
use serde::{Deserialize, Serialize};

/// Largest HR file accepted, in bytes of text (5,000 employees with every column fit). Form
/// encoding can make the text up to three times larger, and requests stop at axum's 2 MiB.
pub const HR_FILE_MAX_BYTES: usize = 650_000;

/// Largest file of historic completions accepted, in bytes of text (as the HR file).
pub const HISTORY_FILE_MAX_BYTES: usize = 650_000;

/// What one line of a file of historic completions does (or would do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryAction {
    /// A new completion (with a kursbevis).
    Create,
    /// The person already has this course from that day: its validity or result is corrected.
    Correct,
    Unchanged,
    Invalid,
}

/// One line of a file of historic completions and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRow {
    pub line: u32,
    /// The person's name, or what the line said when no one was found (never a national ID).
    pub person: String,
    pub course_code: String,
    /// `31.12.2025`, when the line's date reads.
    pub completed_on: Option<String>,
    pub valid_until: Option<String>,
    pub action: HistoryAction,
    /// For a correction: `valid_until`, `result`.
    pub changes: Vec<String>,
    pub errors: Vec<FieldIssue>,
}

/// The outcome of a file of historic completions: a preview (nothing saved) or the import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryReport {
    pub rows: Vec<HistoryRow>,
    pub fingerprint: String,
    pub applied: bool,
    /// Whether the imported completions go to the competence register.
    pub to_register: bool,
}

impl HistoryReport {
    pub fn count(&self, action: HistoryAction) -> usize {
        self.rows.iter().filter(|r| r.action == action).count()
    }

    pub fn has_errors(&self) -> bool {
        self.count(HistoryAction::Invalid) > 0
    }

    pub fn has_changes(&self) -> bool {
        self.count(HistoryAction::Create) + self.count(HistoryAction::Correct) > 0
    }
}

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
    /// Not in a file that is the employer's full list: the employment ends.
    End,
}

/// An HR file marked as the complete list of one employer's employees: whoever of theirs is
/// missing from it has their employment ended on `last_day`. As the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FullList {
    /// The employer's organisation number.
    pub employer: String,
    /// The last working day of those missing (`2026-12-31` or `31.12.2026`).
    pub last_day: String,
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
    /// The file was the full list of this employer (as read: digits, ISO date).
    pub full_list: Option<FullList>,
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
        self.count(ImportAction::Create) + self.count(ImportAction::Update) + self.count(ImportAction::End)
            > 0
    }
}

/// Where a person stands with one requirement today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequirementStatus {
    /// Held, and valid for more than 90 days (or without end).
    Valid,
    /// Held, and the last valid day is within 90 days.
    Expiring,
    /// Not held now, but enrolled, waitlisted or started.
    InProgress,
    /// Held once; the validity has run out.
    Expired,
    /// Never held.
    Missing,
    /// Never held, and the deadline for a new person has passed.
    Overdue,
}

impl RequirementStatus {
    pub const ALL: [RequirementStatus; 6] = [
        RequirementStatus::Valid,
        RequirementStatus::Expiring,
        RequirementStatus::InProgress,
        RequirementStatus::Expired,
        RequirementStatus::Missing,
        RequirementStatus::Overdue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequirementStatus::Valid => "valid",
            RequirementStatus::Expiring => "expiring",
            RequirementStatus::InProgress => "in_progress",
            RequirementStatus::Expired => "expired",
            RequirementStatus::Overdue => "overdue",
            RequirementStatus::Missing => "missing",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether the person holds what is required today.
    pub fn is_held(self) -> bool {
        matches!(self, RequirementStatus::Valid | RequirementStatus::Expiring)
    }
}

/// What a requirement asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequiredThing {
    /// A learning path (else a course).
    pub path: bool,
    pub code: String,
    pub title: String,
}

impl RequiredThing {
    /// Where the learner goes to take it.
    pub fn href(&self) -> String {
        if self.path {
            format!("/opplaeringsplan/{}", self.code)
        } else {
            format!("/kurs/{}", self.code)
        }
    }
}

/// Who a requirement applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum RequirementScope {
    /// The people of a unit and its sub-units.
    Unit { code: String, name: String },
    /// Everyone of a user type (`UserType::as_str`).
    UserType { user_type: String },
    /// Everyone employed by an employer.
    Employer { name: String },
}

/// A requirement as the admin area lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequirementLine {
    pub id: i64,
    pub required: RequiredThing,
    pub scope: RequirementScope,
    pub deadline_days: Option<i32>,
}

/// A unit as the admin area lists it, in tree order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitLine {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// How deep in the tree (0: a top unit).
    pub depth: u32,
    pub parent_code: Option<String>,
    pub leader_staff_code: Option<String>,
    /// The leader's name, once their profile exists.
    pub leader_name: Option<String>,
    /// People whose unit this is (not counting sub-units).
    pub people: u64,
}

/// A company contact: sees the people of one employer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyContactLine {
    pub company_id: i64,
    pub company: String,
    pub account_id: i64,
    pub name: String,
    pub email: Option<String>,
}

/// The units, requirements and company contacts on «Krav og enheter».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationSetup {
    pub units: Vec<UnitLine>,
    pub requirements: Vec<RequirementLine>,
    pub contacts: Vec<CompanyContactLine>,
}

/// One requirement as a person stands with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequiredLine {
    pub requirement_id: i64,
    pub required: RequiredThing,
    pub status: RequirementStatus,
    /// The last valid day of what is held (or held last), `dd.mm.yyyy`.
    pub valid_until: Option<String>,
    /// The deadline for a new person, `dd.mm.yyyy`, while not held.
    pub due: Option<String>,
}

/// One cell of the overview: the status, and the last valid day when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverviewCell {
    pub status: RequirementStatus,
    pub valid_until: Option<String>,
}

/// A person's row in the overview; `cells` follow the overview's columns (`None`: not
/// required of this person).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverviewRow {
    pub account_id: i64,
    pub name: String,
    pub unit: Option<String>,
    pub employer: Option<String>,
    pub cells: Vec<Option<OverviewCell>>,
}

/// A column of the overview: one requirement's thing (several requirements for the same
/// course share a column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverviewColumn {
    pub key: String,
    pub required: RequiredThing,
}

/// What the overview is narrowed to (each empty: everything the viewer sees).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverviewFilter {
    /// A unit code: its people and its sub-units' people.
    pub unit: String,
    /// A column key (`course:CODE` or `path:CODE`).
    pub required: String,
    /// A `RequirementStatus::as_str`: people with at least one cell of it.
    pub status: String,
    /// People with something held that expires within this many days.
    pub within_days: String,
    /// Keyset paging: the last person of the previous page (account id).
    pub after: Option<i64>,
}

/// The overview of the people a viewer sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub columns: Vec<OverviewColumn>,
    pub rows: Vec<OverviewRow>,
    /// Cells per status over every person the filter matches (not only this page).
    pub counts: Vec<(RequirementStatus, u64)>,
    /// People the filter matches.
    pub people: u64,
    /// The next page's `after`, when there is one.
    pub next: Option<i64>,
    /// The units the viewer may narrow to (code, name), in tree order.
    pub units: Vec<(String, String)>,
    /// Whether the viewer chose the weekly digest.
    pub digest: bool,
}

/// A person seen from the overview: their requirements and their history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonOverview {
    pub account_id: i64,
    pub name: String,
    pub unit: Option<String>,
    pub employer: Option<String>,
    pub required: Vec<RequiredLine>,
    pub history: Vec<crate::learning::types::HistoryRow>,
}

/// A unit as an administrator saves it (created, or changed when the code exists).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitForm {
    pub code: String,
    pub name: String,
    /// The parent unit's code; empty: a top unit.
    pub parent: String,
    /// The leader's staff code; empty: none.
    pub leader: String,
}

/// A requirement as an administrator makes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequirementForm {
    /// A course code or a learning path's code.
    pub required: String,
    /// `unit`, `user_type` or `employer`.
    pub scope: String,
    pub unit: String,
    pub user_type: String,
    /// The employer's organisation number.
    pub employer: String,
    /// Days from a person's start; empty: no deadline.
    pub deadline_days: String,
}

/// «Påkrevd opplæring» on «Mine kurs».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyRequirements {
    pub lines: Vec<RequiredLine>,
    /// Whether the person leads a unit or is a company contact (or an administrator): the page
    /// links to «Kompetanseoversikt».
    pub sees_overview: bool,
}
