//! `elearning_package_scos`: the state of one SCO (an item of the package that reports
//! progress) in an attempt.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "elearning_package_scos")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub attempt_id: i64,
    /// The item's identifier in the manifest.
    #[sea_orm(primary_key, auto_increment = false)]
    pub item: String,
    pub status: String,
    pub score_percent: Option<i32>,
    /// The runtime data (`cmi`) as JSON, as the package last committed it, without interactions.
    pub runtime: String,
    /// The interactions reported in every session, as a JSON list, the latest of each id.
    pub interactions: String,
    /// The player that committed last: a new one starts a new session, so the time before it
    /// is kept in `seconds_before`.
    pub session_key: String,
    pub seconds_before: i64,
    pub total_seconds: i64,
    pub commits: i32,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
