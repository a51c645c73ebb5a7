//! The wire types of completions and certificates.
use serde::{Deserialize, Serialize};

/// What an instructor records for a participant once the session has taken place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Passed,
    Failed,
    NoShow,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Passed, Outcome::Failed, Outcome::NoShow];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::Failed => "failed",
            Outcome::NoShow => "no_show",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == text)
    }
}

/// Where a certificate stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificateStatus {
    Valid,
    Expired,
    Revoked,
}

/// One line of «Historikk»: a completed course.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRow {
    /// The certificate's short code (also its address).
    pub code: String,
    /// The course page, or the training plan of a learning path.
    pub href: String,
    pub course_code: String,
    pub course_title: String,
    /// «24.11.2026».
    pub completed_on: String,
    pub result: String,
    pub valid_until: Option<String>,
    pub status: CertificateStatus,
}

/// A certificate («kursbevis») as printed: never the national ID, only the birth date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub code: String,
    pub holder_name: String,
    pub birth_date: Option<String>,
    pub course_code: String,
    pub course_title: String,
    pub completed_on: String,
    pub result: String,
    pub valid_until: Option<String>,
    pub issuer: String,
    pub status: CertificateStatus,
    pub revoked_reason: Option<String>,
    /// The public verification address the QR code holds.
    pub verify_url: String,
    /// The QR code as an SVG path over a square of `qr_size` modules.
    pub qr_path: String,
    pub qr_size: u32,
    /// Whether the viewer may revoke it (course administrators).
    pub can_revoke: bool,
}

/// What the public verification page shows: the least personal data that lets a site
/// check the paper in front of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    pub code: String,
    pub status: CertificateStatus,
    pub holder_name: String,
    pub course_title: String,
    pub completed_on: String,
    pub valid_until: Option<String>,
}
