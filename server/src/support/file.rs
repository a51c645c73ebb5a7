//! A person's file as the support desk sees it.
use super::Desk;
use crate::{
    common::time::{day, moment, when},
    enrolment::{self, ENROLLED, WAITLISTED},
    entity::{account, company, completion, course, session},
};
use app::{
    accounts::types::{Role, UserType},
    error::AppError,
    support::types::{PersonCompletion, PersonEnrolment, PersonFile, SessionChoice},
};
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// The most sessions offered in «Meld på et kurs».
const BOOKABLE: u64 = 300;

pub(super) async fn person(
    desk: &Desk,
    account_id: i64,
    can_anonymise: bool,
) -> Result<PersonFile, AppError> {
    let person = desk.accounts.desk_account(account_id).await?;
    let employer = match person.employer_id {
        Some(id) => company::Entity::find_by_id(id)
            .one(&desk.db)
            .await?
            .map(|c| c.name),
        None => None,
    };
    let earlier_email = match person.merged_email.clone() {
        Some(own) => Some(own),
        None => account::Entity::find()
            .filter(account::Column::MergedInto.eq(person.id))
            .order_by_desc(account::Column::MergedAt)
            .one(&desk.db)
            .await?
            .and_then(|merged| merged.merged_email),
    };
    Ok(PersonFile {
        id: person.id,
        full_name: person.full_name.clone(),
        email: person.email.clone(),
        private_email: person.private_email.clone(),
        earlier_email,
        staff_code: person.staff_code.clone(),
        birth_date: person.birth_date.map(day),
        user_type: person.user_type.as_deref().and_then(UserType::parse),
        employer,
        role: Role::parse(&person.role).unwrap_or(Role::Learner),
        activated: person.activated_at.is_some(),
        deactivated_at: person.deactivated_at.map(moment),
        locked_until: desk.accounts.login_locked_until(&person).await?.map(moment),
        last_login_at: person.last_login_at.map(moment),
        merged_into: person.merged_into,
        has_national_id: person.national_id_sealed.is_some(),
        enrolments: enrolments(desk, person.id).await?,
        history: history(desk, person.id).await?,
        bookable: bookable(desk).await?,
        anonymised_at: person.anonymised_at.map(moment),
        can_anonymise: can_anonymise && person.anonymised_at.is_none(),
    })
}

/// Seats and queue places in sessions that have not ended, soonest first.
async fn enrolments(desk: &Desk, account_id: i64) -> Result<Vec<PersonEnrolment>, AppError> {
    let rows = enrolment::Entity::find()
        .filter(enrolment::Column::AccountId.eq(account_id))
        .filter(enrolment::Column::Status.is_in([ENROLLED, WAITLISTED]))
        .all(&desk.db)
        .await?;
    let sessions: HashMap<i64, session::Model> = session::Entity::find()
        .filter(session::Column::Id.is_in(rows.iter().map(|r| r.session_id)))
        .filter(session::Column::EndsAt.gt(Utc::now()))
        .all(&desk.db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let titles = course_titles(desk, sessions.values().map(|s| s.course_id).collect()).await?;
    let mut found = Vec::new();
    for row in rows {
        let Some(session) = sessions.get(&row.session_id) else {
            continue;
        };
        let waitlist_position = match row.status.as_str() {
            WAITLISTED => Some(enrolment::position(&desk.db, &row).await?),
            _ => None,
        };
        found.push((
            session.starts_at,
            PersonEnrolment {
                session_id: session.id,
                course_title: titles.get(&session.course_id).cloned().unwrap_or_default(),
                starts_at: when(session.starts_at, session.ends_at),
                place: session.place.clone(),
                waitlist_position,
            },
        ));
    }
    found.sort_by_key(|(starts, _)| *starts);
    Ok(found.into_iter().map(|(_, e)| e).collect())
}

/// Completed courses, newest first.
async fn history(desk: &Desk, account_id: i64) -> Result<Vec<PersonCompletion>, AppError> {
    let rows = completion::Entity::find()
        .filter(completion::Column::AccountId.eq(account_id))
        .order_by_desc(completion::Column::CompletedOn)
        .all(&desk.db)
        .await?;
    let titles = course_titles(desk, rows.iter().map(|c| c.course_id).collect()).await?;
    Ok(rows
        .into_iter()
        .map(|c| PersonCompletion {
            course_title: titles.get(&c.course_id).cloned().unwrap_or_default(),
            completed_on: day(c.completed_on),
            result: c.result,
            certificate_code: c.certificate_code,
            valid_until: c.valid_until.map(day),
            revoked: c.revoked_at.is_some(),
        })
        .collect())
}

/// Coming sessions that are not cancelled, soonest first.
async fn bookable(desk: &Desk) -> Result<Vec<SessionChoice>, AppError> {
    let sessions = session::Entity::find()
        .filter(session::Column::StartsAt.gt(Utc::now()))
        .filter(session::Column::CancelledAt.is_null())
        .order_by_asc(session::Column::StartsAt)
        .limit(BOOKABLE)
        .all(&desk.db)
        .await?;
    let titles = course_titles(desk, sessions.iter().map(|s| s.course_id).collect()).await?;
    Ok(sessions
        .into_iter()
        .map(|s| SessionChoice {
            session_id: s.id,
            label: format!(
                "{}: {}, {}",
                titles.get(&s.course_id).map(String::as_str).unwrap_or_default(),
                when(s.starts_at, s.ends_at),
                s.place
            ),
        })
        .collect())
}

async fn course_titles(desk: &Desk, mut ids: Vec<i64>) -> Result<HashMap<i64, String>, AppError> {
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(course::Entity::find()
        .filter(course::Column::Id.is_in(ids))
        .all(&desk.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.title))
        .collect())
}
