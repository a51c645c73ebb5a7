//! `path_steps`: one step; `course_id` for steps passed by completing a course.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "path_steps")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub path_id: i64,
    pub position: i32,
    pub kind: String,
    pub course_id: Option<i64>,
    pub title: String,
    pub required_amount: Option<i32>,
    /// hours | days
    pub required_unit: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::path::Entity",
        from = "Column::PathId",
        to = "super::path::Column::Id"
    )]
    Path,
    #[sea_orm(
        belongs_to = "super::course::Entity",
        from = "Column::CourseId",
        to = "super::course::Column::Id"
    )]
    Course,
}

impl Related<super::path::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Path.def()
    }
}

impl Related<super::course::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Course.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
