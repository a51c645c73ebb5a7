//! Who may open an online course (e-learning, a written exam held as a quiz) and the images of
//! its lessons: one rule for the player and for `/media/{id}`.
use super::entities::media;
use crate::{
    accounts::entity as account,
    courses::{course, visibility},
};
use app::{
    accounts::{service::SessionAccount, types::Role},
    catalogue::types::CourseKind,
};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

/// The kinds of course taken in the player: e-learning, and written exams held as an online quiz.
pub fn taken_online() -> [&'static str; 2] {
    [CourseKind::ELearning.as_str(), CourseKind::WrittenExam.as_str()]
}

/// Whether a learner who sees free courses only (or anyone, when `free_only` is false) may
/// open `course` in the player: published, taken online, visible to them.
pub fn opens(course: &course::Model, free_only: bool) -> bool {
    course.published
        && taken_online().contains(&course.kind.as_str())
        && visibility::visible(course, free_only)
}

/// Whether `actor` looks after courses' content (and so sees every lesson image).
fn edits_content(actor: &account::Model) -> bool {
    matches!(Role::parse(&actor.role), Some(Role::CourseAdmin | Role::Admin))
}

/// Lesson image `id`, when `who` may see it: course administrators always, anyone else only
/// when logged in and allowed to open the image's course in the player. An image nobody may
/// see is answered like one that does not exist.
pub async fn image_for<C: ConnectionTrait>(
    db: &C,
    who: Option<SessionAccount>,
    id: i64,
) -> Result<Option<media::Model>, DbErr> {
    let Some(who) = who else {
        return Ok(None);
    };
    let Some(actor) = account::session_owner(db, who).await? else {
        return Ok(None);
    };
    let Some(image) = media::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    if edits_content(&actor) {
        return Ok(Some(image));
    }
    let course = course::Entity::find_by_id(image.course_id).one(db).await?;
    let free_only = visibility::sees_free_only(&actor);
    Ok(course.filter(|course| opens(course, free_only)).map(|_| image))
}
