//! Who may see which courses: «Gratis e-læring» users never see a course with a price, not in
//! lists, counts, search, sessions or by a direct address.
use crate::entity::account;
use crate::entity::course;
use app::accounts::{service::SessionAccount, types::UserType};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr};

/// Whether the visitor sees free courses only.
pub async fn free_only<C: ConnectionTrait>(conn: &C, who: Option<SessionAccount>) -> Result<bool, DbErr> {
    let Some(who) = who else {
        return Ok(false);
    };
    Ok(account::session_owner(conn, who)
        .await?
        .is_some_and(|person| sees_free_only(&person)))
}

/// Whether `person` is a «Gratis e-læring» user, who sees free courses only.
pub fn sees_free_only(person: &account::Model) -> bool {
    person.user_type.as_deref().and_then(UserType::parse) == Some(UserType::FreeElearning)
}

/// The courses without a price.
pub fn free_courses() -> Condition {
    Condition::any()
        .add(course::Column::PriceNok.is_null())
        .add(course::Column::PriceNok.lte(0))
}

/// Whether a course may be shown to a visitor who sees free courses only (or to anyone).
pub fn visible(course: &course::Model, free_only: bool) -> bool {
    !free_only || !course.is_priced()
}
