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
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
