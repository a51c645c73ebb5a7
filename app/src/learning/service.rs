//! The learning interface; implemented by the server's `learning` module.
use super::types::{Certificate, HistoryRow, Outcome, Verification};
use crate::{accounts::service::Caller, error::AppError};

#[async_trait::async_trait]
pub trait LearningService: Send + Sync + 'static {
    /// «Historikk»: every completion of the caller, newest first.
    async fn history(&self, who: Caller) -> Result<Vec<HistoryRow>, AppError>;
    /// A certificate, for its holder and for course administrators; 404 for anyone else.
    async fn certificate(&self, who: Caller, code: &str) -> Result<Certificate, AppError>;
    /// The public check behind the QR code; no login.
    /// A kursbevis as anyone checking it sees it; `client` is counted against a limit per address.
    async fn verify(&self, code: &str, client: Option<std::net::IpAddr>) -> Result<Verification, AppError>;
    /// Withdraws a certificate with a reason (course administrators), audited.
    async fn revoke(&self, who: Caller, code: &str, reason: &str) -> Result<(), AppError>;
    /// Records one participant's result; «passed» creates the completion, a correction
    /// withdraws the one it replaces. Course administrators and the session's instructor.
    async fn record_outcome(
        &self,
        who: Caller,
        session_id: i64,
        account_id: i64,
        outcome: Outcome,
    ) -> Result<(), AppError>;
    /// Records `outcome` for every seated participant without a result yet; returns how many.
    async fn record_remaining(
        &self,
        who: Caller,
        session_id: i64,
        outcome: Outcome,
    ) -> Result<usize, AppError>;
}
