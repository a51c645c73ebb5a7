//! The audit trail of sensitive actions: who did what to whom, and when.
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

pub use crate::entity::audit_log::{ActiveModel, Column, Entity, Model};

/// Writes one entry; pass the transaction of the action it records.
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    actor_id: Option<i64>,
    action: &str,
    subject_id: Option<i64>,
    detail: Option<String>,
) -> Result<(), DbErr> {
    ActiveModel {
        at: Set(chrono::Utc::now()),
        actor_id: Set(actor_id),
        action: Set(action.to_string()),
        subject_id: Set(subject_id),
        detail: Set(detail),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}
