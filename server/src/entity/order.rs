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
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
