//! Who may open an online course (e-learning, a written exam held as a quiz) and the images of
//! its lessons: one rule for the player and for `/media/{id}`; and who may take it: a priced
//! e-learning course is ordered first, a written exam needs a seat at one of its sessions.
use crate::entity::{attempt, media, order, progress};
use crate::{
    catalogue::{scope, visibility},
    enrolment,
    entity::{completion, course, follower, session, step},
};
use app::{accounts::service::Caller, catalogue::types::CourseKind, error::AppError};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};

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

/// What decides whether a learner may take a course they can open.
#[derive(Debug, Clone, Copy, Default)]
pub struct Standing {
    /// Course administrators and administrators: they look after the content.
    pub edits_content: bool,
    pub priced: bool,
    pub written_exam: bool,
    /// The learner has ordered the course.
    pub ordered: bool,
    /// The learner has a seat (not a place in the queue) at a session of the course.
    pub seated: bool,
    /// An administrator assigned the learner a learning path with the course in it.
    pub assigned: bool,
    /// The learner has already begun or passed the course (they keep what they had).
    pub begun: bool,
}

/// Whether a learner with `standing` may take the course: a written exam with a seat at one
/// of its sessions, a priced e-learning course once ordered, a free one always; an assigned
/// learning path, or having begun the course, is entitlement enough.
pub fn entitled(standing: Standing) -> bool {
    let taken_already_or_given = standing.edits_content || standing.begun || standing.assigned;
    taken_already_or_given
        || if standing.written_exam {
            standing.seated
        } else {
            !standing.priced || standing.ordered
        }
}

/// The facts [`entitled`] weighs for `actor` and `course`, read only as far as needed to decide.
pub async fn standing<C: ConnectionTrait>(
    db: &C,
    actor: &Caller,
    course: &course::Model,
) -> Result<Standing, DbErr> {
    let written_exam = course.kind == CourseKind::WrittenExam.as_str();
    let mut standing = Standing {
        edits_content: edits_content(actor),
        priced: course.is_priced(),
        written_exam,
        ..Standing::default()
    };
    if entitled(standing) {
        return Ok(standing);
    }
    let (who, id) = (actor.account_id, course.id);
    // The facts in the order that most often settles it: an order or a seat, an assigned
    // path, having begun. Each is read only while the learner is not yet entitled.
    if written_exam {
        let sessions = sea_orm::sea_query::Query::select()
            .column(session::Column::Id)
            .from(session::Entity)
            .and_where(session::Column::CourseId.eq(id))
            .and_where(session::Column::CancelledAt.is_null())
            .to_owned();
        standing.seated = enrolment::Entity::find()
            .filter(enrolment::Column::AccountId.eq(who))
            .filter(enrolment::Column::Status.eq(enrolment::ENROLLED))
            .filter(enrolment::Column::SessionId.in_subquery(sessions))
            .count(db)
            .await?
            > 0;
    } else {
        standing.ordered = order::Entity::find()
            .filter(order::Column::AccountId.eq(who))
            .filter(order::Column::CourseId.eq(id))
            .count(db)
            .await?
            > 0;
    }
    if entitled(standing) {
        return Ok(standing);
    }
    let paths_with_course: Vec<i64> = step::Entity::find()
        .select_only()
        .column(step::Column::PathId)
        .filter(step::Column::CourseId.eq(id))
        .into_tuple()
        .all(db)
        .await?;
    standing.assigned = !paths_with_course.is_empty()
        && follower::Entity::find()
            .filter(follower::Column::AccountId.eq(who))
            .filter(follower::Column::PathId.is_in(paths_with_course))
            .filter(follower::Column::AssignedBy.is_not_null())
            .filter(follower::Column::RevokedAt.is_null())
            .count(db)
            .await?
            > 0;
    if entitled(standing) {
        return Ok(standing);
    }
    let progress = progress::Entity::find()
        .filter(progress::Column::AccountId.eq(who))
        .filter(progress::Column::CourseId.eq(id))
        .count(db);
    let attempts = attempt::Entity::find()
        .filter(attempt::Column::AccountId.eq(who))
        .filter(attempt::Column::CourseId.eq(id))
        .count(db);
    let completions = completion::Entity::find()
        .filter(completion::Column::AccountId.eq(who))
        .filter(completion::Column::CourseId.eq(id))
        .count(db);
    standing.begun = progress.await? + attempts.await? + completions.await? > 0;
    Ok(standing)
}

/// Whether `actor` looks after courses' content (and so sees every lesson image).
pub fn edits_content(actor: &Caller) -> bool {
    actor.role().administers_courses()
}

/// Why someone may not edit a course's online content.
#[derive(Debug, thiserror::Error)]
pub enum NotEditable {
    #[error("not an editor of this course")]
    Forbidden,
    #[error("no such course")]
    NotFound,
    #[error("database: {0}")]
    Database(#[from] DbErr),
}

impl From<NotEditable> for AppError {
    fn from(error: NotEditable) -> Self {
        match error {
            NotEditable::Forbidden => AppError::Forbidden,
            NotEditable::NotFound => AppError::NotFound,
            NotEditable::Database(error) => AppError::fault(error),
        }
    }
}

/// Course `code`, when `actor` edits its content: an administrator, or a course administrator
/// who manages its subject area (`catalogue::scope`).
pub async fn editable<C: ConnectionTrait>(
    db: &C,
    actor: &Caller,
    code: &str,
) -> Result<course::Model, NotEditable> {
    if !edits_content(actor) {
        tracing::warn!(account_id = actor.account_id, "e-learning editing refused");
        return Err(NotEditable::Forbidden);
    }
    let course = course::Entity::find()
        .filter(course::Column::Code.eq(code.trim().to_uppercase()))
        .one(db)
        .await?
        .ok_or(NotEditable::NotFound)?;
    if !scope::of(db, actor).await?.covers(course.category_id) {
        tracing::warn!(
            account_id = actor.account_id,
            course_id = course.id,
            "course outside the administrator's areas"
        );
        return Err(NotEditable::Forbidden);
    }
    Ok(course)
}

/// Lesson image `id`, when `who` may see it: course administrators always, anyone else only
/// when logged in and allowed to take the image's course in the player. An image nobody may
/// see is answered like one that does not exist.
pub async fn image_for<C: ConnectionTrait>(
    db: &C,
    who: Option<Caller>,
    id: i64,
) -> Result<Option<media::Model>, DbErr> {
    let Some(actor) = who else {
        return Ok(None);
    };
    let Some(image) = media::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    if edits_content(&actor) {
        return Ok(Some(image));
    }
    let free_only = actor.free_only();
    let Some(course) = course::Entity::find_by_id(image.course_id)
        .one(db)
        .await?
        .filter(|course| opens(course, free_only))
    else {
        return Ok(None);
    };
    Ok(entitled(standing(db, &actor, &course).await?).then_some(image))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_priced_elearning_course_is_taken_once_ordered() {
        let priced = Standing {
            priced: true,
            ..Standing::default()
        };
        assert!(!entitled(priced));
        assert!(entitled(Standing {
            ordered: true,
            ..priced
        }));
        assert!(entitled(Standing {
            assigned: true,
            ..priced
        }));
        assert!(entitled(Standing {
            begun: true,
            ..priced
        }));
        assert!(entitled(Standing {
            edits_content: true,
            ..priced
        }));
        assert!(entitled(Standing::default()), "a free course is open to all");
    }

    #[test]
    fn a_written_exam_is_taken_with_a_seat_at_one_of_its_sessions() {
        let exam = Standing {
            written_exam: true,
            ..Standing::default()
        };
        assert!(!entitled(exam), "free or not, an exam is for its candidates");
        assert!(
            !entitled(Standing {
                ordered: true,
                ..exam
            }),
            "an exam is not ordered"
        );
        assert!(entitled(Standing { seated: true, ..exam }));
        assert!(entitled(Standing {
            assigned: true,
            ..exam
        }));
        assert!(entitled(Standing {
            edits_content: true,
            ..exam
        }));
    }
}
