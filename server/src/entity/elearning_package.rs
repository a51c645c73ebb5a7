//! `elearning_packages`: each uploaded version of a course's SCORM package.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "elearning_packages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub course_id: i64,
    /// 1 for the first upload of the course, then 2, 3, …
    pub version: i32,
    /// `1.2`, `2004-2`, `2004-3` or `2004-4`.
    pub scorm_version: String,
    pub identifier: String,
    pub title: String,
    /// The default organization's items as JSON (`package::Item`).
    pub structure: String,
    /// The name of the uploaded zip file.
    pub file_name: String,
    pub file_count: i32,
    pub unpacked_bytes: i64,
    pub uploaded_by: Option<i64>,
    pub uploaded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
