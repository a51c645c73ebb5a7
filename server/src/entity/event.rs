//! `competence_events`: the transfer feed, one row per change of a person's competence
//! (completed, corrected, revoked, expired, path completed), never changed once written except
//! for its push state. The id is the feed's cursor.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "competence_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// What makes the event unique (`completed:17`, `corrected:17:2`, …): a second sweep
    /// finding the same change writes nothing.
    #[sea_orm(unique)]
    pub key: String,
    /// completed | corrected | revoked | expired | path_completed
    pub kind: String,
    pub account_id: i64,
    pub completion_id: Option<i64>,
    /// The path enrolment, for the events of a learning path.
    pub follower_id: Option<i64>,
    /// The completion's revision the event describes.
    pub revision: i32,
    /// The event this one corrects, revokes or ends (the last one of the same completion or path).
    pub refers_to: Option<i64>,
    /// The record of `competence_transfers` the register already had for this completion, if any.
    pub transfer_id: Option<i64>,
    /// What the event says, as JSON, written once.
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub occurred_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub pushed_at: Option<DateTimeUtc>,
    pub push_attempts: i32,
    pub next_push_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
