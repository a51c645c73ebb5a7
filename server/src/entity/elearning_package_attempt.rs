//! `elearning_package_attempts`: a learner's attempt at a course's package, on the version it
//! started.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "elearning_package_attempts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub package_id: i64,
    pub course_id: i64,
    pub account_id: i64,
    /// `not attempted`, `incomplete`, `completed`, `passed` or `failed` (the package's word).
    pub status: String,
    pub score_percent: Option<i32>,
    pub total_seconds: i64,
    pub started_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub completed_at: Option<DateTimeUtc>,
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
        belongs_to = "super::elearning_package::Entity",
        from = "Column::PackageId",
        to = "super::elearning_package::Column::Id"
    )]
    Package,
}

impl Related<super::account::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Account.def()
    }
}

impl Related<super::elearning_package::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Package.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
