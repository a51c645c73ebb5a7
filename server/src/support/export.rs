//! «Last ned mine data» (GDPR articles 15 and 20): everything the portal holds about one
//! person, as one JSON document. The national ID is masked; mails are listed without their
//! text, which may hold links that still work.
use super::Desk;
use crate::{
    common::time::{day, moment},
    entity::{
        account, attempt, audit_log, company, completion, course, enrolment, follower, order, outbox, path,
        progress, session, session_request,
    },
};
use app::error::AppError;
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use std::collections::HashMap;

/// Courses by id: code and title.
type Courses = HashMap<i64, (String, String)>;

fn course_of(courses: &Courses, course_id: i64) -> Value {
    courses
        .get(&course_id)
        .map(|(code, title)| json!({ "code": code, "title": title }))
        .unwrap_or(Value::Null)
}

/// The document for `person`.
/// `in_full`: the national ID unmasked (the person proved it is them just now).
pub(super) async fn personal_data(
    desk: &Desk,
    person: &account::Model,
    in_full: bool,
) -> Result<String, AppError> {
    let db = &desk.db;
    let courses: Courses = course::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, (c.code, c.title)))
        .collect();
    let (enrolments, certificates, learning_paths) = (
        enrolments(db, person.id, &courses).await?,
        certificates(db, person.id, &courses).await?,
        learning_paths(db, person.id).await?,
    );
    let (elearning_attempts, elearning_progress) = elearning(db, person.id, &courses).await?;
    let (orders, requests) = orders_and_requests(db, person.id, &courses).await?;
    let document = json!({
        "about": if in_full { ABOUT_IN_FULL } else { ABOUT },
        "exported_at": moment(chrono::Utc::now()),
        "profile": profile(desk, person, in_full).await?,
        "enrolments": enrolments,
        "certificates": certificates,
        "learning_paths": learning_paths,
        "elearning_attempts": elearning_attempts,
        "elearning_progress": elearning_progress,
        "orders": orders,
        "session_requests": requests,
        "audit_entries": audit_entries(db, person.id).await?,
        "mails": mails(db, person).await?,
    });
    serde_json::to_string_pretty(&document).map_err(AppError::fault)
}

const ABOUT: &str = "Alt Kursportalen har lagret om deg (personvernforordningen artikkel 15 og 20). Fødselsnummeret er maskert; e-poster er listet uten innhold.";
const ABOUT_IN_FULL: &str = "Alt Kursportalen har lagret om deg (personvernforordningen artikkel 15 og 20), med fødselsnummeret i sin helhet; e-poster er listet uten innhold. Oppbevar filen trygt.";

async fn profile(desk: &Desk, person: &account::Model, in_full: bool) -> Result<Value, AppError> {
    let db = &desk.db;
    let id = person.id;
    let employer = match person.employer_id {
        Some(employer) => company::Entity::find_by_id(employer).one(db).await?,
        None => None,
    };
    let profile = json!({
        "id": id,
        "full_name": person.full_name,
        "login_email": person.email,
        "private_email": person.private_email,
        "mobile": person.mobile,
        "staff_code": person.staff_code,
        "national_id_masked": desk.accounts.masked_national_id(person),
        "national_id": if in_full { desk.accounts.national_id(person) } else { None },
        "birth_date": person.birth_date.map(day),
        "user_type": person.user_type,
        "role": person.role,
        "employer": employer.map(|c| json!({ "name": c.name, "org_number": c.org_number })),
        "invoice_reference": person.invoice_reference,
        "hms_card_number": person.hms_card_number,
        "hms_card_expires_on": person.hms_card_expires_on.map(day),
        "driver_licence_number": person.driver_licence_number,
        "health_certificate_until": person.health_certificate_until.map(day),
        "employment_start": person.employment_start.map(day),
        "employment_end": person.employment_end.map(day),
        "created_at": moment(person.created_at),
        "activated_at": person.activated_at.map(moment),
        "last_login_at": person.last_login_at.map(moment),
        "deactivated_at": person.deactivated_at.map(moment),
    });
    Ok(profile)
}

async fn enrolments(db: &DatabaseConnection, id: i64, courses: &Courses) -> Result<Vec<Value>, AppError> {
    let course = |course_id| course_of(courses, course_id);
    Ok(enrolment::Entity::find()
        .filter(enrolment::Column::AccountId.eq(id))
        .order_by_asc(enrolment::Column::CreatedAt)
        .find_also_related(session::Entity)
        .all(db)
        .await?
        .into_iter()
        .map(|(e, s)| {
            json!({
                "status": e.status,
                "course": s.as_ref().map(|s| course(s.course_id)),
                "starts_at": s.as_ref().map(|s| moment(s.starts_at)),
                "place": s.as_ref().map(|s| s.place.clone()),
                "outcome": e.outcome,
                "invoice_reference": e.invoice_reference,
                "created_at": moment(e.created_at),
            })
        })
        .collect())
}

async fn certificates(db: &DatabaseConnection, id: i64, courses: &Courses) -> Result<Vec<Value>, AppError> {
    let course = |course_id| course_of(courses, course_id);
    Ok(completion::Entity::find()
        .filter(completion::Column::AccountId.eq(id))
        .order_by_asc(completion::Column::CompletedOn)
        .all(db)
        .await?
        .into_iter()
        .map(|c| {
            json!({
                "course": course(c.course_id),
                "completed_on": day(c.completed_on),
                "result": c.result,
                "score": c.score,
                "source": c.source,
                "valid_until": c.valid_until.map(day),
                "certificate_code": c.certificate_code,
                "revoked_at": c.revoked_at.map(moment),
                "revoked_reason": c.revoked_reason,
            })
        })
        .collect())
}

async fn learning_paths(db: &DatabaseConnection, id: i64) -> Result<Vec<Value>, AppError> {
    let paths: HashMap<i64, (String, String)> = path::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, (p.code, p.title)))
        .collect();
    Ok(follower::Entity::find()
        .filter(follower::Column::AccountId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|f| {
            let (code, title) = paths.get(&f.path_id).cloned().unwrap_or_default();
            json!({
                "path": { "code": code, "title": title },
                "started_at": moment(f.created_at),
                "completed_at": f.completed_at.map(moment),
                "certificate_code": f.certificate_code,
                "valid_until": f.valid_until.map(day),
            })
        })
        .collect())
}

async fn elearning(
    db: &DatabaseConnection,
    id: i64,
    courses: &Courses,
) -> Result<(Vec<Value>, Vec<Value>), AppError> {
    let course = |course_id| course_of(courses, course_id);
    let attempts = attempt::Entity::find()
        .filter(attempt::Column::AccountId.eq(id))
        .order_by_asc(attempt::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|a| {
            json!({
                "course": course(a.course_id),
                "score_percent": a.score_percent,
                "passed": a.passed,
                "answers": serde_json::from_str::<Value>(&a.answers).unwrap_or(Value::String(a.answers.clone())),
                "at": moment(a.created_at),
            })
        })
        .collect::<Vec<_>>();
    let progress = progress::Entity::find()
        .filter(progress::Column::AccountId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|p| json!({ "course": course(p.course_id), "position": p.position, "furthest": p.furthest, "updated_at": moment(p.updated_at) }))
        .collect::<Vec<_>>();
    Ok((attempts, progress))
}

async fn orders_and_requests(
    db: &DatabaseConnection,
    id: i64,
    courses: &Courses,
) -> Result<(Vec<Value>, Vec<Value>), AppError> {
    let course = |course_id| course_of(courses, course_id);
    let orders = order::Entity::find()
        .filter(order::Column::AccountId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|o| json!({ "course": course(o.course_id), "price_nok": o.price_nok, "invoice_reference": o.invoice_reference, "ordered_at": moment(o.ordered_at) }))
        .collect::<Vec<_>>();
    let requests = session_request::Entity::find()
        .filter(session_request::Column::AccountId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| json!({ "course": course(r.course_id), "preferred_place": r.preferred_place, "preferred_period": r.preferred_period, "note": r.note, "created_at": moment(r.created_at) }))
        .collect::<Vec<_>>();
    Ok((orders, requests))
}

async fn audit_entries(db: &DatabaseConnection, id: i64) -> Result<Vec<Value>, AppError> {
    Ok(audit_log::Entity::find()
        .filter(
            Condition::any()
                .add(audit_log::Column::SubjectId.eq(id))
                .add(audit_log::Column::ActorId.eq(id)),
        )
        .order_by_asc(audit_log::Column::At)
        .all(db)
        .await?
        .into_iter()
        .map(|a| json!({ "at": moment(a.at), "action": a.action, "by_this_person": a.actor_id == Some(id), "detail": a.detail }))
        .collect())
}

async fn mails(db: &DatabaseConnection, person: &account::Model) -> Result<Vec<Value>, AppError> {
    let addresses: Vec<String> = [person.email.clone(), person.private_email.clone()]
        .into_iter()
        .flatten()
        .collect();
    Ok(outbox::Entity::find()
        .filter(outbox::Column::Recipient.is_in(addresses))
        .order_by_asc(outbox::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|m| json!({ "to": m.recipient, "subject": m.subject, "status": m.status, "created_at": moment(m.created_at), "sent_at": m.sent_at.map(moment) }))
        .collect())
}
