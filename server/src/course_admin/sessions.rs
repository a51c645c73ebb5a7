//! A course's sessions (kursenheter) as its administrators set them up: the list, instructors to
//! choose from, adding, changing and cancelling one (people told, the catalogue's filters renewed).
use super::*;

pub(super) async fn sessions(
    repo: &CourseAdminRepo,
    who: Caller,
    code: &str,
) -> Result<Vec<AdminSession>, AppError> {
    let (_, course) = repo.managed_course(who, code).await?;
    let sessions = session::Entity::find()
        .filter(session::Column::CourseId.eq(course.id))
        .order_by_asc(session::Column::StartsAt)
        .all(&repo.db)
        .await?;
    repo.describe(sessions).await
}

pub(super) async fn instructors(
    repo: &CourseAdminRepo,
    who: Caller,
) -> Result<Vec<InstructorOption>, AppError> {
    repo.administrator(who).await?;
    Ok(account::Entity::find()
        .filter(account::Column::Role.is_in([
            Role::Instructor.as_str(),
            Role::CourseAdmin.as_str(),
            Role::Admin.as_str(),
        ]))
        .filter(account::Column::ActivatedAt.is_not_null())
        .order_by_asc(account::Column::FullName)
        .all(&repo.db)
        .await?
        .into_iter()
        .map(|a| InstructorOption {
            account_id: a.id,
            name: a.full_name,
        })
        .collect())
}

pub(super) async fn add_session(
    repo: &CourseAdminRepo,
    who: Caller,
    code: &str,
    form: SessionForm,
    answer_requests: bool,
) -> Result<i64, AppError> {
    let (actor, course) = repo.managed_course(who, code).await?;
    let draft = parse_session(&form, Utc::now(), true)?;
    let instructor = repo.instructor_name(draft.instructor_account_id).await?;
    let session = session::ActiveModel {
        course_id: Set(course.id),
        starts_at: Set(draft.starts_at),
        ends_at: Set(draft.ends_at),
        place: Set(draft.place),
        instructor: Set(instructor),
        instructor_account_id: Set(draft.instructor_account_id),
        capacity: Set(draft.capacity),
        enrolment_deadline: Set(draft.enrolment_deadline),
        lock_version: Set(0),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&repo.db)
    .await?;
    audit::record(
        &repo.db,
        Some(actor.account_id),
        "session.created",
        None,
        Some(session.id.to_string().to_string()),
    )
    .await?;
    repo.session_changed(session.id).await;
    if answer_requests {
        let told = repo.answer_requests(&course, &session).await?;
        tracing::info!(session_id = session.id, told, "session requests answered");
    }
    Ok(session.id)
}

pub(super) async fn update_session(
    repo: &CourseAdminRepo,
    who: Caller,
    session_id: i64,
    form: SessionForm,
) -> Result<(), AppError> {
    let (actor, _, _) = repo.managed_session(who, session_id).await?;
    let draft = parse_session(&form, Utc::now(), false)?;
    let instructor = repo.instructor_name(draft.instructor_account_id).await?;
    let promoted = enrolment::update_session(
        &repo.db,
        &repo.mailer,
        &repo.links,
        session_id,
        SessionChanges {
            starts_at: draft.starts_at,
            ends_at: draft.ends_at,
            enrolment_deadline: draft.enrolment_deadline,
            place: draft.place,
            instructor,
            instructor_account_id: draft.instructor_account_id,
            capacity: draft.capacity,
        },
        Utc::now(),
    )
    .await
    .map_err(refused)?;
    tracing::info!(session_id, promoted = promoted.len(), "session changed");
    repo.session_changed(session_id).await;
    audit::record(
        &repo.db,
        Some(actor.account_id),
        "session.changed",
        None,
        Some(session_id.to_string().to_string()),
    )
    .await?;
    Ok(())
}

pub(super) async fn cancel_session(
    repo: &CourseAdminRepo,
    who: Caller,
    session_id: i64,
    reason: &str,
) -> Result<(), AppError> {
    let (actor, _, _) = repo.managed_session(who, session_id).await?;
    if reason.chars().count() > 2000 {
        return Err(AppError::invalid("reason", "Beskjeden kan ha høyst 2000 tegn."));
    }
    let told = enrolment::cancel_session(
        &repo.db,
        &repo.mailer,
        &repo.links,
        session_id,
        reason,
        Utc::now(),
    )
    .await
    .map_err(refused)?;
    tracing::info!(session_id, told, "session cancelled");
    repo.session_changed(session_id).await;
    audit::record(
        &repo.db,
        Some(actor.account_id),
        "session.cancelled",
        None,
        Some(session_id.to_string().to_string()),
    )
    .await?;
    Ok(())
}
