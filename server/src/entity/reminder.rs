//! The `completion_reminders` table: one row per completion and lead time, written in the
//! transaction that queues the mail. The primary key makes each reminder happen once, on
//! any number of instances.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "completion_reminders")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub completion_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub lead_days: i32,
    /// False when the lead time had passed unsent and a more urgent mail went instead.
    pub mailed: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::completion::Entity",
        from = "Column::CompletionId",
        to = "super::completion::Column::Id"
    )]
    Completion,
}

impl Related<super::completion::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Completion.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
