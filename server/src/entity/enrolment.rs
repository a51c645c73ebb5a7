//! `enrolments`: a person on a session: enrolled, waitlisted (in queue order) or cancelled.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enrolments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    pub account_id: i64,
    pub status: String,
    /// The place in the queue while waitlisted (smaller is earlier).
    pub queued_at: Option<i64>,
    pub employer_id: Option<i64>,
    pub invoice_reference: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// What the instructor recorded after the session: passed | failed | no_show.
    pub outcome: Option<String>,
    pub outcome_at: Option<DateTimeUtc>,
    pub outcome_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::session::Entity",
        from = "Column::SessionId",
        to = "super::session::Column::Id"
    )]
    Session,
    #[sea_orm(
        belongs_to = "super::account::Entity",
        from = "Column::AccountId",
        to = "super::account::Column::Id"
    )]
    Account,
    #[sea_orm(
        belongs_to = "super::company::Entity",
        from = "Column::EmployerId",
        to = "super::company::Column::Id"
    )]
    Employer,
}

impl Related<super::session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Session.def()
    }
}

impl Related<super::account::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Account.def()
    }
}

impl Related<super::company::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Employer.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
