//! The `accounts` table.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "accounts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub email: Option<String>,
    #[sea_orm(unique)]
    pub staff_code: Option<String>,
    pub full_name: String,
    pub role: String,
    pub password_hash: Option<String>,
    pub created_at: DateTimeUtc,
    pub activated_at: Option<DateTimeUtc>,
    pub last_login_at: Option<DateTimeUtc>,
    pub user_type: Option<String>,
    pub mobile: Option<String>,
    /// AES-256-GCM sealed national ID (see `national_id::Vault`); never logged.
    pub national_id_sealed: Option<String>,
    /// HMAC of the national ID: one account per person.
    #[sea_orm(unique)]
    pub national_id_key: Option<String>,
    pub birth_date: Option<Date>,
    pub hms_card_number: Option<String>,
    pub hms_card_expires_on: Option<Date>,
    pub employer_id: Option<i64>,
    /// Set when the employer itself (its HR feed) named `employer_id`; a learner's own choice
    /// stays unconfirmed and is marked so in the invoicing export.
    pub employer_confirmed_at: Option<DateTimeUtc>,
    pub invoice_reference: Option<String>,
    pub driver_licence_number: Option<String>,
    pub health_certificate_until: Option<Date>,
    /// Raised by every password change; sessions of an older generation are over.
    pub session_generation: i32,
    /// Part of the personal calendar feed's secret address; bumped to make old addresses stop working.
    pub calendar_feed_generation: i32,
    /// The name folded for support search.
    pub name_search: Option<String>,
    /// The HMS card expiry date the reminder mail was sent for.
    pub hms_reminder_sent_for: Option<Date>,
    /// Employee profiles (those with a staff code): the employment period from the HR feed.
    pub employment_start: Option<Date>,
    pub employment_end: Option<Date>,
    /// The `employment_end` whose consequences have been carried out (`competence::employment`).
    pub employment_closed_for: Option<Date>,
    /// Set on an external profile merged into the employee profile `merged_into`: the row
    /// stays as a tombstone so references and the audit trail keep their meaning.
    pub merged_into: Option<i64>,
    pub merged_at: Option<DateTimeUtc>,
    /// The e-mail address the merged profile logged in with, to explain a refused login.
    pub merged_email: Option<String>,
    /// An employee's private address («Valgfritt»), where «Glemt passord» sends the link.
    pub private_email: Option<String>,
    /// Set while the support desk has deactivated the account: no login, no mail, history kept.
    pub deactivated_at: Option<DateTimeUtc>,
    /// Set when an administrator anonymised the person: the row stays, without identity.
    pub anonymised_at: Option<DateTimeUtc>,
    /// The language the person chose: `nb`, `nn` or `en` (none: bokmål). Mails are written in it.
    pub language: Option<String>,
    /// The unit the person works in (`units`), from the HR feed or set by an administrator.
    pub unit_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::company::Entity",
        from = "Column::EmployerId",
        to = "super::company::Column::Id"
    )]
    Employer,
}

impl Related<super::company::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Employer.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

/// Whether an employment with last day `last_day` is over on `today`.
pub fn ended(last_day: Option<Date>, today: Date) -> bool {
    last_day.is_some_and(|last| last < today)
}

impl Model {
    /// Whether the employment's last day lies before `today` (the last day is still a working day).
    pub fn employment_has_ended(&self, today: Date) -> bool {
        ended(self.employment_end, today)
    }

    /// The employer an enrolment made on `today` may be billed to: none once the employment
    /// has ended (see `competence::employment`).
    pub fn billable_employer(&self, today: Date) -> Option<i64> {
        self.employer_id.filter(|_| !self.employment_has_ended(today))
    }
}

/// The account a session belongs to, if that session is still valid: the account exists, is
/// activated, and its password has not changed since the session began. The account service
/// asks this once per request (`AccountService::caller`).
pub async fn session_owner<C: ConnectionTrait>(
    conn: &C,
    who: app::accounts::service::SessionAccount,
) -> Result<Option<Model>, DbErr> {
    Ok(Entity::find_by_id(who.account_id).one(conn).await?.filter(|a| {
        a.session_generation == who.generation && a.activated_at.is_some() && a.deactivated_at.is_none()
    }))
}

/// The accounts a name, e-mail address or staff code typed by staff stands for: every word of
/// a name (folded as the search index folds it), or the whole text as part of an e-mail
/// address, or as a staff code.
pub fn matching(text: &str) -> sea_orm::Condition {
    use crate::common::text::{contains_pattern, fold_for_search};
    use sea_orm::sea_query::{Expr, LikeExpr};
    let text = text.trim();
    let folded = fold_for_search(text);
    let terms: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).take(6).collect();
    let mut any = sea_orm::Condition::any()
        .add(
            Expr::col(Column::Email).like(LikeExpr::new(contains_pattern(&text.to_lowercase())).escape('\\')),
        )
        .add(Column::StaffCode.eq(text.to_uppercase()));
    if !terms.is_empty() {
        let mut name = sea_orm::Condition::all();
        for term in terms {
            name = name
                .add(Expr::col(Column::NameSearch).like(LikeExpr::new(contains_pattern(term)).escape('\\')));
        }
        any = any.add(name);
    }
    any
}

/// The account an identifier names: an e-mail address, or else a staff code (as a login, or
/// `kursportal role`, is given it); none when it is neither.
pub async fn by_identifier<C: ConnectionTrait>(conn: &C, identifier: &str) -> Result<Option<Model>, DbErr> {
    use app::accounts::{fields::Email, identity::StaffCode};
    let identifier = identifier.trim();
    let filter = if identifier.contains('@') {
        match Email::parse(identifier) {
            Ok(email) => Column::Email.eq(email.as_str().to_string()),
            Err(_) => return Ok(None),
        }
    } else {
        match StaffCode::parse(identifier) {
            Ok(code) => Column::StaffCode.eq(code.as_str().to_string()),
            Err(_) => return Ok(None),
        }
    };
    Entity::find().filter(filter).one(conn).await
}

/// The caller's own account row, for what depends on more than who they are and their role
/// (their invoice reference, their employer, their profile).
pub async fn of_caller<C: ConnectionTrait>(
    conn: &C,
    who: &app::accounts::service::Caller,
) -> Result<Model, app::error::AppError> {
    Entity::find_by_id(who.account_id)
        .one(conn)
        .await?
        .ok_or(app::error::AppError::Unauthenticated)
}

impl Model {
    /// The language to write to this person in: the one they chose, bokmål by default.
    pub fn chosen_language(&self) -> app::messages::Language {
        app::messages::Language::or_default(self.language.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_employment_ends_the_day_after_its_last_day() {
        let day = |d| Date::from_ymd_opt(2026, 12, d).unwrap();
        assert!(!ended(None, day(1)));
        assert!(
            !ended(Some(day(1)), day(1)),
            "the last day is still a working day"
        );
        assert!(ended(Some(day(1)), day(2)));
    }
}
