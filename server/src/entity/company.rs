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
/// Closed by an administrator: no new registrations or enrolments billed to it; the people who
/// had it keep it, and their history, until they choose another.
pub const STATUS_CLOSED: &str = "closed";

/// Who an enrolment or order made on `today` is billed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Billing {
    /// The person's employer.
    Employer { id: i64, name: String },
    /// Nobody: no employer, or the employment has ended.
    Nobody,
    /// The person's employer, which has been closed (its name); nothing is billed to it.
    Closed(String),
}

impl Billing {
    /// The employer written on the enrolment or order.
    pub fn employer_id(&self) -> Option<i64> {
        match self {
            Billing::Employer { id, .. } => Some(*id),
            Billing::Nobody | Billing::Closed(_) => None,
        }
    }

    /// For an enrolment or order with a price: refused while the employer is closed, since the
    /// person would otherwise be billed privately without choosing to be.
    pub fn for_priced(self) -> Result<Self, app::messages::Message> {
        match self {
            Billing::Closed(name) => Err(app::messages::Message::new(
                "Arbeidsgiveren din, {name}, er avsluttet i Kursportalen, så kurs med pris kan ikke \
                 faktureres dit. Velg arbeidsgiveren din på nytt under «Din konto».",
            )
            .arg("name", name)),
            billing => Ok(billing),
        }
    }
}

/// Who an enrolment or order `person` makes on `today` is billed to: their employer, unless the
/// employment has ended (`account::Model::billable_employer`) or the employer has been closed.
pub async fn billing<C: ConnectionTrait>(
    conn: &C,
    person: &super::account::Model,
    today: Date,
) -> Result<Billing, DbErr> {
    let Some(id) = person.billable_employer(today) else {
        return Ok(Billing::Nobody);
    };
    Ok(match Entity::find_by_id(id).one(conn).await? {
        Some(company) if company.status == STATUS_CLOSED => Billing::Closed(company.name),
        Some(company) => Billing::Employer {
            id,
            name: company.name,
        },
        None => Billing::Nobody,
    })
}
