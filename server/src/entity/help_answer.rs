//! `help_answers`: one question and its answer (Markdown) on «Hjelp», at `/hjelp/{slug}`.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "help_answers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub topic_id: i64,
    /// The answer's address; kept when the question is reworded, so links stay valid.
    pub slug: String,
    pub question: String,
    pub body_markdown: String,
    /// The question and the answer folded for search (`common::text::search_key`).
    pub search_text: String,
    pub position: i32,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::help_topic::Entity",
        from = "Column::TopicId",
        to = "super::help_topic::Column::Id"
    )]
    Topic,
}

impl Related<super::help_topic::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Topic.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
