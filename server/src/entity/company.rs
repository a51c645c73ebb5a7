//! Employers: companies learners can choose, and requests for new ones.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "companies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub org_number: String,
    pub name: String,
    /// The name folded for search (lower case, accents and æøå handled).
    pub name_search: String,
    pub invoice_address: Option<String>,
    pub invoice_email: Option<String>,
    pub contact_person: Option<String>,
    pub status: String,
    pub requested_by: Option<i64>,
    pub decision_note: Option<String>,
    pub created_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::account::Entity",
        from = "Column::RequestedBy",
        to = "super::account::Column::Id"
    )]
    RequestedBy,
}

impl Related<super::account::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::RequestedBy.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

pub const STATUS_APPROVED: &str = "approved";
pub const STATUS_PENDING: &str = "pending";
pub const STATUS_REJECTED: &str = "rejected";
