//! What a course administrator does to a session and its people: move a participant to another
//! session of the course, change the session, cancel it (everyone told, nobody left enrolled).
//! Each locks the session first, as every enrolment change does (see the parent module).
use super::*;

/// Moves a person from one session to another of the same course: the old seat goes to the next
/// in that queue, and the person gets a seat (or the end of the queue) in the new session. Both
/// sessions are locked in id order, so two moves in opposite directions cannot deadlock.
pub async fn move_participant(
    db: &DatabaseConnection,
    mailer: &Mailer,
    links: &Links,
    from: i64,
    to: i64,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<Enrolled, EnrolmentError> {
    if from == to {
        return Err(EnrolmentError::SameSession);
    }
    let txn = db.begin().await?;
    let (first, second) = (from.min(to), from.max(to));
    let first = lock_session(&txn, first).await?;
    let second = lock_session(&txn, second).await?;
    let (from_session, to_session) = if first.id == from {
        (first, second)
    } else {
        (second, first)
    };
    if from_session.course_id != to_session.course_id {
        return Err(EnrolmentError::OtherCourse);
    }
    let old = withdraw(&txn, from, account_id, now).await?;
    fill_free_seats(&txn, mailer, links, &from_session, now).await?;
    let outcome = place(
        &txn,
        &to_session,
        account_id,
        (old.employer_id, old.invoice_reference),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(outcome)
}

/// What a course administrator may change on a session.
#[derive(Debug, Clone)]
pub struct SessionChanges {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub enrolment_deadline: DateTime<Utc>,
    pub place: String,
    pub instructor: Option<String>,
    pub instructor_account_id: Option<i64>,
    pub capacity: i32,
}

/// Changes a session; more seats go to the queue at once (same transaction). Fewer seats than
/// people already enrolled is refused: nobody loses a seat they were given.
pub async fn update_session(
    db: &DatabaseConnection,
    mailer: &Mailer,
    links: &Links,
    session_id: i64,
    changes: SessionChanges,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, EnrolmentError> {
    let txn = db.begin().await?;
    let session = lock_session(&txn, session_id).await?;
    let enrolled = enrolled_count(&txn, session_id).await?;
    if u64::try_from(changes.capacity).unwrap_or(0) < enrolled {
        return Err(EnrolmentError::CapacityBelowEnrolled { enrolled });
    }
    let mut active = session.into_active_model();
    active.starts_at = Set(changes.starts_at);
    active.ends_at = Set(changes.ends_at);
    active.enrolment_deadline = Set(changes.enrolment_deadline);
    active.place = Set(changes.place);
    active.instructor = Set(changes.instructor);
    active.instructor_account_id = Set(changes.instructor_account_id);
    active.capacity = Set(changes.capacity);
    let session = active.update(&txn).await?;
    let promoted = fill_free_seats(&txn, mailer, links, &session, now).await?;
    txn.commit().await?;
    Ok(promoted)
}

/// Cancels a session: every enrolment and queue place ends, and each person is told by mail
/// (queued in the same transaction).
pub async fn cancel_session(
    db: &DatabaseConnection,
    mailer: &Mailer,
    links: &Links,
    session_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<usize, EnrolmentError> {
    let txn = db.begin().await?;
    let session = lock_session(&txn, session_id).await?;
    let course = course::Entity::find_by_id(session.course_id)
        .one(&txn)
        .await?
        .ok_or(EnrolmentError::NoSession)?;
    let people = Entity::find()
        .filter(Column::SessionId.eq(session_id))
        .filter(Column::Status.is_in([ENROLLED, WAITLISTED]))
        .all(&txn)
        .await?;
    Entity::update_many()
        .col_expr(Column::Status, Expr::value(CANCELLED))
        .col_expr(Column::QueuedAt, Expr::value(Option::<i64>::None))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::SessionId.eq(session_id))
        .filter(Column::Status.is_in([ENROLLED, WAITLISTED]))
        .exec(&txn)
        .await?;
    let mut active = session.into_active_model();
    active.cancelled_at = Set(Some(now));
    let session = active.update(&txn).await?;
    let ids: Vec<i64> = people.iter().map(|p| p.account_id).collect();
    let persons = account::Entity::find()
        .filter(account::Column::Id.is_in(ids))
        .all(&txn)
        .await?;
    for person in &persons {
        if let Some(email) = &person.email {
            mailer
                .enqueue(
                    &txn,
                    cancellation_mail(links, email, person, &course, &session, reason),
                )
                .await?;
        }
    }
    txn.commit().await?;
    Ok(persons.len())
}

/// «Kursenheten er avlyst».
fn cancellation_mail(
    links: &Links,
    to: &str,
    person: &account::Model,
    course: &course::Model,
    session: &session::Model,
    reason: &str,
) -> OutgoingMail {
    let language = person.chosen_language();
    let when = crate::common::time::when_in(session.starts_at, session.ends_at, language);
    let reason = match reason.trim() {
        "" => String::new(),
        reason => crate::mail::texts::text(
            "session_cancelled_reason",
            "body",
            language,
            &[("reason", reason)],
        ),
    };
    let other = links.page(&format!("/kurs/{}", course.code));
    let mut mail = crate::accounts::mails::compose(
        links,
        to,
        language,
        "session_cancelled",
        &[
            ("name", &person.full_name),
            ("course", &course.title),
            ("code", &course.code),
            ("when", &when),
            ("place", &session.place),
            ("reason", &reason),
            ("other", &other),
        ],
    );
    mail.attachment = Some(crate::enrolment::ical::attachment(
        course,
        session,
        &links.public_url,
    ));
    mail
}

/// Gives up every seat and queue place `account_id` holds in sessions that have not started
/// (a deactivated account): each freed seat goes to the next in that queue, who is told. In
/// the caller's transaction; the sessions are locked in id order, as [`move_participant`]
/// does. Returns how many seats and places were given up.
pub async fn release_all<C: ConnectionTrait>(
    txn: &C,
    mailer: &Mailer,
    links: &Links,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<u64, EnrolmentError> {
    let coming: Vec<i64> = session::Entity::find()
        .select_only()
        .column(session::Column::Id)
        .filter(session::Column::StartsAt.gt(now))
        .filter(session::Column::CancelledAt.is_null())
        .into_tuple()
        .all(txn)
        .await?;
    let mut held: Vec<i64> = Entity::find()
        .select_only()
        .column(Column::SessionId)
        .filter(Column::AccountId.eq(account_id))
        .filter(Column::Status.is_in([ENROLLED, WAITLISTED]))
        .filter(Column::SessionId.is_in(coming))
        .into_tuple()
        .all(txn)
        .await?;
    held.sort_unstable();
    for session_id in &held {
        let session = lock_session(txn, *session_id).await?;
        withdraw(txn, *session_id, account_id, now).await?;
        fill_free_seats(txn, mailer, links, &session, now).await?;
    }
    Ok(held.len() as u64)
}
