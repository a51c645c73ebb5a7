//! The `completions` table: a passed course, its validity and its certificate code.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "completions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    pub course_id: i64,
    /// The enrolment whose recorded result created it (instructor-recorded completions).
    pub enrolment_id: Option<i64>,
    pub completed_on: Date,
    /// «Bestått», or a score («Bestått (85 %)»).
    pub result: String,
    pub score: Option<i32>,
    /// quiz | instructor | import
    pub source: String,
    pub valid_until: Option<Date>,
    /// Set by the expiry job the first day after `valid_until`.
    pub expired_at: Option<DateTimeUtc>,
    #[sea_orm(unique)]
    pub certificate_code: String,
    pub revoked_at: Option<DateTimeUtc>,
    pub revoked_reason: Option<String>,
    pub recorded_by: Option<i64>,
    pub created_at: DateTimeUtc,
    /// How many times it was corrected (0: as recorded).
    pub revision: i32,
    pub corrected_at: Option<DateTimeUtc>,
    /// Where an imported completion came from («Gammelt LMS»).
    pub imported_from: Option<String>,
    /// Whether the competence register is sent it (imported completions are not, unless asked).
    pub to_register: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::account::Entity",
        from = "Column::AccountId",
        to = "super::account::Column::Id"
    )]
    Account,
    #[sea_orm(
        belongs_to = "super::course::Entity",
        from = "Column::CourseId",
        to = "super::course::Column::Id"
    )]
    Course,
    #[sea_orm(
        belongs_to = "super::enrolment::Entity",
        from = "Column::EnrolmentId",
        to = "super::enrolment::Column::Id"
    )]
    Enrolment,
}

impl Related<super::account::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Account.def()
    }
}

impl Related<super::course::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Course.def()
    }
}

impl Related<super::enrolment::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Enrolment.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

pub const SOURCE_QUIZ: &str = "quiz";
pub const SOURCE_PACKAGE: &str = "package";
pub const SOURCE_INSTRUCTOR: &str = "instructor";
pub const SOURCE_IMPORT: &str = "import";
