//! Who may see which courses: «Gratis e-læring» users never see a course with a price, not in
//! lists, counts, search, sessions or by a direct address.
use crate::entity::course;
use app::accounts::service::Caller;
use sea_orm::{ColumnTrait, Condition};

/// Whether the visitor sees free courses only (a «Gratis e-læring» user).
pub fn free_only(who: Option<&Caller>) -> bool {
    who.is_some_and(Caller::free_only)
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
