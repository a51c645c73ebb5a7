//! The wire types of learning paths.
use crate::catalogue::types::CourseKind;
use serde::{Deserialize, Serialize};

/// A path in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathSummary {
    pub code: String,
    pub title: String,
    pub description: String,
    pub steps: u32,
    pub enforce_order: bool,
    pub published: bool,
    /// Whether the viewer follows it.
    pub mine: bool,
}

/// Where a step stands for one learner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum StepState {
    Done {
        on: String,
        detail: Option<String>,
    },
    /// Can be worked on now.
    Open,
    /// Waits for earlier steps (enforced order).
    Locked,
}

/// A session a classroom step can be taken in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepSession {
    pub id: i64,
    pub when: String,
    pub place: String,
    pub free_seats: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanStep {
    pub id: i64,
    pub number: u32,
    pub kind: CourseKind,
    pub title: String,
    pub course_code: Option<String>,
    /// «40 timer», «10 dager» for practice.
    pub requirement: Option<String>,
    pub state: StepState,
    /// Classroom and dated exam steps: upcoming sessions to choose from.
    pub sessions: Vec<StepSession>,
    /// The session the learner is enrolled in for this step, if any («tirsdag 01.12.2026 …, Drammen»).
    pub enrolled_in: Option<String>,
    /// Signed off by an instructor or examiner (practical exam, practice); otherwise a course completion.
    pub needs_signoff: bool,
}

/// «Opplæringsplan»: one learner's view of a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingPlan {
    pub code: String,
    pub title: String,
    pub description: String,
    pub enforce_order: bool,
    pub learner_name: String,
    pub steps: Vec<PlanStep>,
    pub done: u32,
    pub completed_on: Option<String>,
    /// The certificate of the completed path.
    pub certificate_code: Option<String>,
}

/// Create or change a path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathForm {
    pub code: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub enforce_order: bool,
    #[serde(default)]
    pub published: bool,
    /// Months a completion of the path is valid; empty: no expiry.
    #[serde(default)]
    pub validity_months: String,
}

/// Add a step.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepForm {
    pub kind: String,
    #[serde(default)]
    pub course_code: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathParticipant {
    pub account_id: i64,
    pub name: String,
    pub email: String,
    pub done: u32,
    pub completed_on: Option<String>,
    /// Steps an instructor can sign off now: (step id, title).
    pub to_sign: Vec<(i64, String)>,
}

/// An instructor named on a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathInstructor {
    pub account_id: i64,
    pub name: String,
    pub email: String,
}

/// A learning path as its administrators and instructors see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathAdmin {
    pub form: PathForm,
    pub steps: Vec<PlanStep>,
    pub participants: Vec<PathParticipant>,
    /// The instructors named on the path: they sign off its followers' steps.
    pub instructors: Vec<PathInstructor>,
    /// Course administrators change the path; instructors sign off only.
    pub can_edit: bool,
    /// Today in Norwegian time (`YYYY-MM-DD`), the default sign-off date.
    pub today: String,
}
