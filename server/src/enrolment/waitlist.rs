//! Enrolment in one session, the waitlist, and promotion from it when a seat frees.
//!
//! Every change to a session's enrolments starts by bumping the session's `lock_version` in
//! the same transaction. That write is a row lock on PostgreSQL and the database write lock on
//! SQLite, so the changes of one session happen one after another: never more enrolled than
//! seats, and each freed seat goes to exactly one person, the first in the queue.
use crate::entity::{course, session};
use crate::{
    accounts::mails::Links,
    entity::account,
    mail::{Mailer, OutgoingMail},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait, sea_query::Expr,
};

pub use crate::entity::enrolment::{ActiveModel, Column, Entity, Model};

pub const ENROLLED: &str = "enrolled";
pub const WAITLISTED: &str = "waitlisted";
pub const CANCELLED: &str = "cancelled";

/// What an enrolment request led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enrolled {
    /// A seat.
    Seat,
    /// A place in the queue, 1 being next.
    Waitlist { position: u64 },
}

impl Enrolled {
    /// The place as the pages show it.
    pub fn place(self) -> app::enrolment::types::MyPlace {
        use app::enrolment::types::MyPlace;
        match self {
            Enrolled::Seat => MyPlace::Enrolled,
            Enrolled::Waitlist { position } => MyPlace::Waitlisted { position },
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum EnrolmentError {
    #[error("no such session")]
    NoSession,
    #[error("the session is cancelled")]
    Cancelled,
    #[error("the enrolment deadline has passed")]
    DeadlinePassed,
    #[error("not enrolled in this session")]
    NotEnrolled,
    #[error("a person cannot be moved to the session they are in")]
    SameSession,
    #[error("sessions of different courses")]
    OtherCourse,
    #[error("{enrolled} people are enrolled already")]
    CapacityBelowEnrolled { enrolled: u64 },
    #[error("database: {0}")]
    Database(#[from] DbErr),
}

/// Takes the session's lock: the first statement of the transaction, a write.
pub(crate) async fn lock_session<C: ConnectionTrait>(
    conn: &C,
    session_id: i64,
) -> Result<session::Model, EnrolmentError> {
    let bumped = session::Entity::update_many()
        .col_expr(
            session::Column::LockVersion,
            Expr::col(session::Column::LockVersion).add(1),
        )
        .filter(session::Column::Id.eq(session_id))
        .exec(conn)
        .await?;
    if bumped.rows_affected != 1 {
        return Err(EnrolmentError::NoSession);
    }
    let session = session::Entity::find_by_id(session_id)
        .one(conn)
        .await?
        .ok_or(EnrolmentError::NoSession)?;
    if session.cancelled_at.is_some() {
        return Err(EnrolmentError::Cancelled);
    }
    Ok(session)
}

async fn enrolled_count<C: ConnectionTrait>(conn: &C, session_id: i64) -> Result<u64, DbErr> {
    Entity::find()
        .filter(Column::SessionId.eq(session_id))
        .filter(Column::Status.eq(ENROLLED))
        .count(conn)
        .await
}

/// The 1-based queue position of a waitlisted enrolment.
pub async fn position<C: ConnectionTrait>(conn: &C, enrolment: &Model) -> Result<u64, DbErr> {
    let Some(queued_at) = enrolment.queued_at else {
        return Ok(0);
    };
    let ahead = Entity::find()
        .filter(Column::SessionId.eq(enrolment.session_id))
        .filter(Column::Status.eq(WAITLISTED))
        .filter(Column::QueuedAt.lt(queued_at))
        .count(conn)
        .await?;
    Ok(ahead + 1)
}

/// Who asks: a learner is held to the enrolment deadline; course administrators are not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Learner,
    Staff,
}

/// Enrols `account_id` in the session: a seat while there is one, else the end of the queue.
/// Asking again returns what the person already has.
pub async fn enrol(
    db: &DatabaseConnection,
    session_id: i64,
    account_id: i64,
    invoicing: (Option<i64>, Option<String>),
    now: DateTime<Utc>,
) -> Result<Enrolled, EnrolmentError> {
    enrol_as(db, session_id, account_id, invoicing, now, Actor::Learner).await
}

/// [`enrol`], by a learner or by staff (who may add people after the deadline).
pub async fn enrol_as(
    db: &DatabaseConnection,
    session_id: i64,
    account_id: i64,
    invoicing: (Option<i64>, Option<String>),
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<Enrolled, EnrolmentError> {
    let txn = db.begin().await?;
    let session = lock_session(&txn, session_id).await?;
    if actor == Actor::Learner && now > session.enrolment_deadline {
        return Err(EnrolmentError::DeadlinePassed);
    }
    let outcome = place(&txn, &session, account_id, invoicing, now).await?;
    txn.commit().await?;
    Ok(outcome)
}

/// Gives a seat or a queue place in a session whose lock this transaction holds.
async fn place<C: ConnectionTrait>(
    txn: &C,
    session: &session::Model,
    account_id: i64,
    invoicing: (Option<i64>, Option<String>),
    now: DateTime<Utc>,
) -> Result<Enrolled, EnrolmentError> {
    let session_id = session.id;
    let existing = Entity::find()
        .filter(Column::SessionId.eq(session_id))
        .filter(Column::AccountId.eq(account_id))
        .one(txn)
        .await?;
    if let Some(existing) = &existing {
        match existing.status.as_str() {
            ENROLLED => return Ok(Enrolled::Seat),
            WAITLISTED => {
                let position = position(txn, existing).await?;
                return Ok(Enrolled::Waitlist { position });
            }
            _ => {}
        }
    }
    let seat = enrolled_count(txn, session_id).await? < u64::try_from(session.capacity).unwrap_or(0);
    let (status, queued_at) = if seat {
        (ENROLLED, None)
    } else {
        // The lock version just taken is unique and increasing per session: the queue order.
        (WAITLISTED, Some(session.lock_version))
    };
    let row = match existing {
        Some(existing) => {
            let mut active = existing.into_active_model();
            active.status = Set(status.to_string());
            active.queued_at = Set(queued_at);
            active.employer_id = Set(invoicing.0);
            active.invoice_reference = Set(invoicing.1);
            active.updated_at = Set(now);
            active.update(txn).await?
        }
        None => {
            ActiveModel {
                session_id: Set(session_id),
                account_id: Set(account_id),
                status: Set(status.to_string()),
                queued_at: Set(queued_at),
                employer_id: Set(invoicing.0),
                invoice_reference: Set(invoicing.1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?
        }
    };
    Ok(if seat {
        Enrolled::Seat
    } else {
        Enrolled::Waitlist {
            position: position(txn, &row).await?,
        }
    })
}

/// Who got a freed seat, for the caller's log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled {
    pub promoted: Option<i64>,
}

/// Cancels before the deadline. A freed seat goes to the first in the queue in the same
/// transaction, and they are told by mail (queued in the same transaction too).
pub async fn cancel(
    db: &DatabaseConnection,
    mailer: &Mailer,
    links: &Links,
    session_id: i64,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<Cancelled, EnrolmentError> {
    cancel_as(db, mailer, links, session_id, account_id, now, Actor::Learner).await
}

/// [`cancel`], by the learner or by staff removing someone (any time before the session).
pub async fn cancel_as(
    db: &DatabaseConnection,
    mailer: &Mailer,
    links: &Links,
    session_id: i64,
    account_id: i64,
    now: DateTime<Utc>,
    actor: Actor,
) -> Result<Cancelled, EnrolmentError> {
    let txn = db.begin().await?;
    let session = lock_session(&txn, session_id).await?;
    if actor == Actor::Learner && now > session.enrolment_deadline {
        return Err(EnrolmentError::DeadlinePassed);
    }
    withdraw(&txn, session_id, account_id, now).await?;
    let promoted = fill_free_seats(&txn, mailer, links, &session, now).await?;
    txn.commit().await?;
    Ok(Cancelled {
        promoted: promoted.first().copied(),
    })
}

/// Marks a person's enrolment or queue place cancelled (the session's lock is held).
async fn withdraw<C: ConnectionTrait>(
    txn: &C,
    session_id: i64,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<Model, EnrolmentError> {
    let enrolment = Entity::find()
        .filter(Column::SessionId.eq(session_id))
        .filter(Column::AccountId.eq(account_id))
        .filter(Column::Status.is_in([ENROLLED, WAITLISTED]))
        .one(txn)
        .await?
        .ok_or(EnrolmentError::NotEnrolled)?;
    let before = enrolment.clone();
    let mut active = enrolment.into_active_model();
    active.status = Set(CANCELLED.to_string());
    active.queued_at = Set(None);
    active.updated_at = Set(now);
    active.update(txn).await?;
    Ok(before)
}

/// Gives every free seat to the next in the queue, one seat each, in queue order, and queues
/// their «Du har fått plass» mail in the same transaction. The session's lock must be held.
pub async fn fill_free_seats<C: ConnectionTrait>(
    txn: &C,
    mailer: &Mailer,
    links: &Links,
    session: &session::Model,
    now: DateTime<Utc>,
) -> Result<Vec<i64>, EnrolmentError> {
    let capacity = u64::try_from(session.capacity).unwrap_or(0);
    let free = capacity.saturating_sub(enrolled_count(txn, session.id).await?);
    if free == 0 {
        return Ok(Vec::new());
    }
    let next_in_line = Entity::find()
        .filter(Column::SessionId.eq(session.id))
        .filter(Column::Status.eq(WAITLISTED))
        .order_by_asc(Column::QueuedAt)
        .order_by_asc(Column::Id)
        .limit(free)
        .all(txn)
        .await?;
    if next_in_line.is_empty() {
        return Ok(Vec::new());
    }
    let course = course::Entity::find_by_id(session.course_id).one(txn).await?;
    let mut promoted = Vec::new();
    for next in next_in_line {
        let next_account = next.account_id;
        let mut active = next.into_active_model();
        active.status = Set(ENROLLED.to_string());
        active.queued_at = Set(None);
        active.updated_at = Set(now);
        active.update(txn).await?;
        let person = account::Entity::find_by_id(next_account).one(txn).await?;
        if let (Some(person), Some(course)) = (person, &course)
            && let Some(email) = &person.email
        {
            mailer
                .enqueue(txn, promotion_mail(links, email, &person, course, session))
                .await?;
        }
        promoted.push(next_account);
    }
    Ok(promoted)
}

mod session_admin;
pub use session_admin::{SessionChanges, cancel_session, move_participant, release_all, update_session};

/// «Du har fått plass»: the first in the queue got the freed seat.
fn promotion_mail(
    links: &Links,
    to: &str,
    person: &account::Model,
    course: &course::Model,
    session: &session::Model,
) -> OutgoingMail {
    let language = person.chosen_language();
    let when = crate::common::time::when_in(session.starts_at, session.ends_at, language);
    let my_courses = links.page("/mine-kurs");
    let mut mail = crate::accounts::mails::compose(
        links,
        to,
        language,
        "promoted",
        &[
            ("name", &person.full_name),
            ("course", &course.title),
            ("code", &course.code),
            ("when", &when),
            ("place", &session.place),
            ("my_courses", &my_courses),
        ],
    );
    mail.attachment = Some(crate::enrolment::ical::attachment(
        course,
        session,
        &links.public_url,
    ));
    mail
}
