//! `elearning_orders`: a priced online course ordered by a learner, with whom to invoice.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "elearning_orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    pub course_id: i64,
    /// The course's price when it was ordered.
    pub price_nok: i32,
    /// The employer invoiced (the learner's own, while employed), if any.
    pub employer_id: Option<i64>,
    /// Whether that employer had confirmed the employment (its HR feed) when ordered.
    pub employer_confirmed: bool,
    pub invoice_reference: Option<String>,
    pub ordered_at: DateTimeUtc,
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
        belongs_to = "super::company::Entity",
        from = "Column::EmployerId",
        to = "super::company::Column::Id"
    )]
    Employer,
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

impl Related<super::company::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Employer.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
