//! `path_reminders`: one row per completed path and lead time, claimed by its primary key
//! in the transaction that queues the mail.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "path_reminders")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub path_enrolment_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub lead_days: i32,
    pub mailed: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::follower::Entity",
        from = "Column::PathEnrolmentId",
        to = "super::follower::Column::Id"
    )]
    Follower,
}

impl Related<super::follower::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Follower.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
