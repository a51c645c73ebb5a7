//! The `courses` table.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "courses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub code: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    /// One agenda item per line.
    pub agenda: String,
    pub target_group: String,
    pub kind: String,
    pub category_id: i64,
    pub duration: String,
    pub place: Option<String>,
    pub price_nok: Option<i32>,
    pub validity_months: Option<i32>,
    pub keywords: String,
    pub search_text: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: Option<String>,
    pub published: bool,
    pub created_at: DateTimeUtc,
    /// What a learner must have done first; one item per line.
    pub prerequisites: String,
    /// Set by every change; the search index of each instance reloads when it moves.
    pub updated_at: Option<DateTimeUtc>,
    /// E-learning: the share of quiz questions to answer right, in percent.
    pub pass_mark_percent: Option<i32>,
    /// E-learning: quiz attempts allowed per round (none: unlimited).
    pub max_attempts: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::category::Entity",
        from = "Column::CategoryId",
        to = "super::category::Column::Id"
    )]
    Category,
}

impl Related<super::category::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Category.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// Whether the course costs money (someone is invoiced for taking it).
    pub fn is_priced(&self) -> bool {
        self.price_nok.is_some_and(|price| price > 0)
    }
}

#[cfg(test)]
impl Model {
    /// A published, free classroom course in area 1, for unit tests; change what a test needs.
    pub fn sample(id: i64, code: &str, title: &str) -> Self {
        Self {
            id,
            code: code.into(),
            title: title.into(),
            summary: String::new(),
            description: String::new(),
            agenda: String::new(),
            target_group: String::new(),
            kind: "classroom".into(),
            category_id: 1,
            duration: "1 dag".into(),
            place: None,
            price_nok: None,
            validity_months: None,
            keywords: String::new(),
            search_text: String::new(),
            contact_name: String::new(),
            contact_email: String::new(),
            contact_phone: None,
            published: true,
            created_at: chrono::DateTime::UNIX_EPOCH,
            prerequisites: String::new(),
            updated_at: None,
            pass_mark_percent: None,
            max_attempts: None,
        }
    }
}
