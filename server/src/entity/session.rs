//! The `course_sessions` table: a dated run of a course («kursenhet») with a number of seats.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "course_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub course_id: i64,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub place: String,
    pub instructor: Option<String>,
    pub capacity: i32,
    pub enrolment_deadline: DateTimeUtc,
    /// Bumped first by every enrolment change of the session: the per-session lock.
    pub lock_version: i64,
    pub cancelled_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// The instructor's account, when the instructor has one: their sessions and participant lists.
    pub instructor_account_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::course::Entity",
        from = "Column::CourseId",
        to = "super::course::Column::Id"
    )]
    Course,
    #[sea_orm(
        belongs_to = "super::account::Entity",
        from = "Column::InstructorAccountId",
        to = "super::account::Column::Id"
    )]
    Instructor,
}

impl Related<super::course::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Course.def()
    }
}

impl Related<super::account::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Instructor.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
