//! `requirements`: a course or a learning path (exactly one) required for a unit and its
//! sub-units, for a user type, or for an employer's people (exactly one), optionally within
//! `deadline_days` of a person's start.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "requirements")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub course_id: Option<i64>,
    pub path_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub user_type: Option<String>,
    pub employer_id: Option<i64>,
    pub deadline_days: Option<i32>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
