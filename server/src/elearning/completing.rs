//! The completion an e-learning course records when it is done (a passed quiz, a package whose
//! SCOs are all done): with its certificate code and validity, audited. From the completion on,
//! the chain is the same as for any course: results, validity and expiry reminders, kursbevis,
//! competence transfer, learning path steps.
use crate::{
    audit,
    common::time::today,
    entity::{completion, course},
    learning::rules,
};
use app::error::AppError;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

/// What was done, as the history shows it.
pub struct Done<'a> {
    pub account_id: i64,
    pub course: &'a course::Model,
    /// «Bestått (85 %)», «Fullført».
    pub result: String,
    pub score: Option<i32>,
    /// `completion::SOURCE_QUIZ` or `completion::SOURCE_PACKAGE`.
    pub source: &'static str,
    /// The audit log's action and detail.
    pub action: &'static str,
    pub detail: String,
}

/// Records the completion with a new certificate code (returned).
pub async fn record<C: ConnectionTrait>(txn: &C, done: Done<'_>) -> Result<String, AppError> {
    let code = rules::CertificateCode::generate();
    let completed_on = today();
    completion::ActiveModel {
        account_id: Set(done.account_id),
        course_id: Set(done.course.id),
        enrolment_id: Set(None),
        completed_on: Set(completed_on),
        result: Set(done.result),
        score: Set(done.score),
        source: Set(done.source.to_string()),
        valid_until: Set(rules::valid_until(completed_on, done.course.validity_months)),
        expired_at: Set(None),
        certificate_code: Set(code.as_str().to_string()),
        revoked_at: Set(None),
        revoked_reason: Set(None),
        recorded_by: Set(None),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::record(
        txn,
        Some(done.account_id),
        done.action,
        Some(done.account_id),
        Some(done.detail),
    )
    .await?;
    Ok(code.to_string())
}
