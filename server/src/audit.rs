//! The audit trail of sensitive actions: who did what to whom, and when.
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set, entity::prelude::*};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    pub actor_id: Option<i64>,
    pub action: String,
    pub subject_id: Option<i64>,
    pub detail: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

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
