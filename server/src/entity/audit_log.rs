//! `audit_log`: who did what to whom, and when (the audit trail).
use sea_orm::entity::prelude::*;

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
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::account::Entity",
        from = "Column::ActorId",
        to = "super::account::Column::Id"
    )]
    Actor,
    #[sea_orm(
        belongs_to = "super::account::Entity",
        from = "Column::SubjectId",
        to = "super::account::Column::Id"
    )]
    Subject,
}

impl ActiveModelBehavior for ActiveModel {}
