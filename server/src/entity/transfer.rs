//! `competence_transfers`: a completion on its way to the employer's competence register.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "competence_transfers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub completion_id: i64,
    pub account_id: i64,
    pub created_at: DateTimeUtc,
    pub acknowledged_at: Option<DateTimeUtc>,
    /// When the register took it by push (`push.rs`), if pushing is configured.
    pub pushed_at: Option<DateTimeUtc>,
    pub push_attempts: i32,
    pub next_push_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::completion::Entity",
        from = "Column::CompletionId",
        to = "super::completion::Column::Id"
    )]
    Completion,
    #[sea_orm(
        belongs_to = "super::account::Entity",
        from = "Column::AccountId",
        to = "super::account::Column::Id"
    )]
    Account,
}

impl Related<super::completion::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Completion.def()
    }
}

impl Related<super::account::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Account.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
