//! `step_signoffs`: an instructor's or examiner's sign-off of a step, with date and comment.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "step_signoffs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub path_enrolment_id: i64,
    pub step_id: i64,
    pub signed_by: i64,
    pub signed_on: Date,
    pub comment: String,
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
    #[sea_orm(
        belongs_to = "super::step::Entity",
        from = "Column::StepId",
        to = "super::step::Column::Id"
    )]
    Step,
    /// Who signed the step off.
    #[sea_orm(
        belongs_to = "super::account::Entity",
        from = "Column::SignedBy",
        to = "super::account::Column::Id"
    )]
    SignedBy,
}

impl Related<super::account::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SignedBy.def()
    }
}

impl Related<super::follower::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Follower.def()
    }
}

impl Related<super::step::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Step.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
