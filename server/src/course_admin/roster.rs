//! A session's people as its administrators and instructors handle them: the roster (participants
//! and waitlist), adding, removing and moving a participant.
use super::*;

pub(super) async fn roster(
    repo: &CourseAdminRepo,
    actor: Caller,
    session_id: i64,
) -> Result<SessionRoster, AppError> {
    let (session, course) = repo.session_with_course(session_id).await?;
    let can_edit = may_administer(actor.role()) && repo.scope(&actor).await?.covers(course.category_id);
    // The session's instructor reads its list, whatever else they are.
    let own = actor.role().signs_off() && session.instructor_account_id == Some(actor.account_id);
    if !can_edit && !own {
        tracing::warn!(
            account_id = actor.account_id,
            session_id,
            "participant list refused"
        );
        return Err(AppError::Forbidden);
    }
    let rows = enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(session_id))
        .filter(enrolment::Column::Status.is_in([ENROLLED, WAITLISTED]))
        .order_by_asc(enrolment::Column::QueuedAt)
        .order_by_asc(enrolment::Column::CreatedAt)
        .all(&repo.db)
        .await?;
    let people = rows.load_one(account::Entity, &repo.db).await?;
    let employers = rows.load_one(company::Entity, &repo.db).await?;
    let mut seated = Vec::new();
    let mut waiting = Vec::new();
    for ((row, person), employer) in rows.into_iter().zip(people).zip(employers) {
        let person = person.as_ref();
        let entry = Participant {
            account_id: row.account_id,
            name: person.map(|p| p.full_name.clone()).unwrap_or_default(),
            email: person.and_then(|p| p.email.clone()).unwrap_or_default(),
            employer: employer.map(|e| e.name),
            employer_confirmed: row.employer_id.is_some()
                && person
                    .is_some_and(|p| p.employer_confirmed_at.is_some() && p.employer_id == row.employer_id),
            invoice_reference: row.invoice_reference.clone(),
            waiting_position: None,
            since: moment(row.updated_at),
            outcome: row
                .outcome
                .as_deref()
                .and_then(app::learning::types::Outcome::parse),
        };
        if row.status == ENROLLED {
            seated.push(entry);
        } else {
            waiting.push(entry);
        }
    }
    seated.sort_by_key(|p| fold(&p.name));
    for (index, person) in waiting.iter_mut().enumerate() {
        person.waiting_position = Some(index as u64 + 1);
    }
    seated.extend(waiting);
    let others = session::Entity::find()
        .filter(session::Column::CourseId.eq(course.id))
        .filter(session::Column::Id.ne(session_id))
        .filter(session::Column::StartsAt.gt(Utc::now()))
        .filter(session::Column::CancelledAt.is_null())
        .order_by_asc(session::Column::StartsAt)
        .all(&repo.db)
        .await?
        .into_iter()
        .map(|s| (s.id, format!("{}, {}", when(s.starts_at, s.ends_at), s.place)))
        .collect();
    let can_record = (can_edit || own) && session.cancelled_at.is_none() && session.starts_at <= Utc::now();
    let described = repo.describe(vec![session]).await?.remove(0);
    Ok(SessionRoster {
        session: described,
        participants: seated,
        other_sessions: others,
        can_record,
        can_edit,
    })
}

pub(super) async fn add_participant(
    repo: &CourseAdminRepo,
    who: Caller,
    session_id: i64,
    email: &str,
) -> Result<MyPlace, AppError> {
    let (actor, _, _) = repo.managed_session(who, session_id).await?;
    let email = Email::parse(email).map_err(|e| AppError::invalid("email", e.0))?;
    let person = account::Entity::find()
        .filter(account::Column::Email.eq(email.as_str()))
        .one(&repo.db)
        .await?
        .filter(|p| p.activated_at.is_some())
        .ok_or_else(|| AppError::invalid("email", "Fant ingen aktivert bruker med den e-postadressen."))?;
    let outcome = enrolment::enrol_as(
        &repo.db,
        session_id,
        person.id,
        (
            company::billing(&repo.db, &person, crate::common::time::today())
                .await?
                .employer_id(),
            person.invoice_reference.clone(),
        ),
        Utc::now(),
        Actor::Staff,
    )
    .await
    .map_err(refused)?;
    audit::record(
        &repo.db,
        Some(actor.account_id),
        "enrolment.added",
        Some(person.id),
        Some(session_id.to_string().to_string()),
    )
    .await?;
    let place = outcome.place();
    crate::enrolment::service::confirm(&repo.db, &repo.mailer, &repo.links, &person, session_id, place).await;
    Ok(place)
}

pub(super) async fn remove_participant(
    repo: &CourseAdminRepo,
    who: Caller,
    session_id: i64,
    account_id: i64,
) -> Result<(), AppError> {
    let (actor, _, _) = repo.managed_session(who, session_id).await?;
    enrolment::cancel_as(
        &repo.db,
        &repo.mailer,
        &repo.links,
        session_id,
        account_id,
        Utc::now(),
        Actor::Staff,
    )
    .await
    .map_err(refused)?;
    audit::record(
        &repo.db,
        Some(actor.account_id),
        "enrolment.removed",
        Some(account_id),
        Some(session_id.to_string().to_string()),
    )
    .await?;
    Ok(())
}

pub(super) async fn move_participant(
    repo: &CourseAdminRepo,
    who: Caller,
    session_id: i64,
    account_id: i64,
    to_session: i64,
) -> Result<MyPlace, AppError> {
    let (actor, _, _) = repo.managed_session(who, session_id).await?;
    // The target must be a session of the same course (enrolment's rule), so in the same area.
    let outcome = enrolment::move_participant(
        &repo.db,
        &repo.mailer,
        &repo.links,
        session_id,
        to_session,
        account_id,
        Utc::now(),
    )
    .await
    .map_err(refused)?;
    audit::record(
        &repo.db,
        Some(actor.account_id),
        "enrolment.moved",
        Some(account_id),
        Some(format!("{session_id} -> {to_session}").to_string()),
    )
    .await?;
    Ok(outcome.place())
}
