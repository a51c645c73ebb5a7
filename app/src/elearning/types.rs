//! The wire types of e-learning. Quiz questions travel without their answers.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Player {
    pub code: String,
    pub title: String,
    pub lesson_titles: Vec<String>,
    /// Where the learner is: a lesson index, or `lesson_titles.len()` for the quiz.
    pub position: u32,
    /// How far they have come (for the progress bar).
    pub furthest: u32,
    pub has_quiz: bool,
    /// The learner's latest valid completion of the course, if any.
    pub completed: Option<Completed>,
    pub attempts_left: Option<u32>,
    /// Set when the course's content is a package from an authoring tool: then it is played
    /// instead of the lessons.
    pub package: Option<PackagePlay>,
}

/// A learner's attempt at a package: its table of contents with each part's state, and the
/// player's address on the content origin for each part that opens something.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackagePlay {
    pub title: String,
    pub parts: Vec<PlayPart>,
    /// The player's address for each launchable part, in order (`PlayPart::launch` indexes it).
    pub frames: Vec<String>,
    /// The launchable part to open when none is asked for: the first SCO not yet done.
    pub next: u32,
    /// `not attempted`, `incomplete`, `completed`, `passed` or `failed`.
    pub status: String,
    /// The attempt is completed and its completion counts: opened again, nothing changes.
    pub review: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlayPart {
    pub title: String,
    pub depth: u32,
    /// Its place among the launchable parts; `None` for a heading.
    pub launch: Option<u32>,
    /// A SCO's status; `None` for a heading or a page that reports nothing.
    pub status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completed {
    pub certificate_code: String,
    pub completed_on: String,
    pub valid_until: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lesson {
    pub position: u32,
    pub title: String,
    /// Rendered from Markdown on the server, with raw HTML and script links removed.
    pub html: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizQuestion {
    pub id: i64,
    pub prompt: String,
    pub multiple: bool,
    pub options: Vec<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quiz {
    pub questions: Vec<QuizQuestion>,
    pub pass_mark: u32,
    pub attempts_left: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptResult {
    /// How many answers were right: only when the quiz limits the attempts. Without a limit a
    /// score after every try would tell, one changed answer at a time, which ones were wrong.
    pub correct: Option<u32>,
    pub total: u32,
    pub percent: Option<u32>,
    pub pass_mark: u32,
    pub passed: bool,
    /// The new certificate, when passed.
    pub certificate_code: Option<String>,
    pub attempts_left: Option<u32>,
}

/// Everything the editor shows for one course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Content {
    pub code: String,
    pub title: String,
    pub lessons: Vec<LessonDraft>,
    pub questions: Vec<QuestionDraft>,
    pub pass_mark: u32,
    pub max_attempts: Option<u32>,
    /// The package from an authoring tool that is the course's content, if one is uploaded.
    pub package: Option<PackageSummary>,
    /// Why the last package upload (a plain form post) was refused, in the reader's words.
    pub package_refusal: Option<String>,
}

/// Where the reason a package upload posted as a plain form was refused waits in the session
/// for the editor page (written by the upload handler, read once by `load_content`).
pub const PACKAGE_REFUSAL_KEY: &str = "elearning.package_refusal";

/// The course's current package, as its administrators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageSummary {
    /// 1 for the first upload, then 2, 3, …
    pub version: i32,
    /// «SCORM 1.2», «SCORM 2004 3rd Edition».
    pub scorm: String,
    pub title: String,
    pub file_name: String,
    pub file_count: i32,
    /// Unpacked, in megabytes with one decimal («12.4»).
    pub unpacked_mb: String,
    pub uploaded_at: String,
    /// The table of contents: each item with its depth and whether it is launched.
    pub parts: Vec<PackagePart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackagePart {
    pub title: String,
    pub depth: u32,
    /// A SCO (it reports progress) rather than a heading or an asset.
    pub sco: bool,
    pub launched: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonDraft {
    pub id: i64,
    pub title: String,
    pub body: String,
}

/// A question as the editor writes it: one option per line, correct ones starting with «*».
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionDraft {
    pub id: i64,
    pub prompt: String,
    /// A checkbox: absent when not ticked.
    #[serde(default)]
    pub multiple: bool,
    pub options: String,
}

/// What stands between a learner and an online course in the player.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Access {
    /// The player opens: a free course, or one ordered, assigned on a learning path or begun.
    Open,
    /// Nobody is logged in; logging in comes first.
    SignIn,
    /// A priced e-learning course: ordering it on these terms opens it.
    Order(OrderTerms),
    /// A written exam: a seat at one of its sessions opens it.
    Enrol,
}

/// What ordering a priced e-learning course means: the price, and who is invoiced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderTerms {
    pub price_nok: u32,
    /// The employer invoiced; none means the learner is invoiced.
    pub employer: Option<String>,
    /// Whether the employer has confirmed the employment (otherwise the order is marked so).
    pub employer_confirmed: bool,
    /// The learner's usual invoice reference, to start from.
    pub invoice_reference: Option<String>,
}

/// One order of a priced e-learning course, for invoicing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    pub name: String,
    pub email: String,
    pub ordered_at: String,
    pub price_nok: u32,
    pub employer: Option<String>,
    pub employer_org_number: Option<String>,
    pub employer_confirmed: bool,
    pub invoice_reference: Option<String>,
}

/// A learner's attempt at a course's package, as course administrators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageAttemptLine {
    pub id: i64,
    pub name: String,
    pub email: String,
    /// The package version the attempt started on.
    pub version: i32,
    /// `not attempted`, `incomplete`, `completed`, `passed` or `failed`.
    pub status: String,
    pub score: Option<i32>,
    /// Time spent, `H:MM:SS`.
    pub time_spent: String,
    pub started_at: String,
    pub last_activity: String,
    pub completed_at: Option<String>,
}

/// One attempt in full: each SCO's state and the interactions it reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageAttemptDetail {
    pub line: PackageAttemptLine,
    pub scos: Vec<ScoLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoLine {
    pub title: String,
    pub status: String,
    pub score: Option<i32>,
    pub time_spent: String,
    pub commits: i32,
    pub last_activity: String,
    pub interactions: Vec<InteractionLine>,
}

/// An answer the package reported (`cmi.interactions.n`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InteractionLine {
    pub id: String,
    pub kind: String,
    pub response: String,
    pub correct: String,
    pub result: String,
    pub time: String,
}
