//! Merging an external profile into the employee profile with the same national ID. Runs
//! inside the HR feed's transaction: everything moves, or (killed, failed) nothing does.
//! Only the national ID ever decides a merge, never a name or an e-mail address.
use crate::{
    accounts::{mails::Links, token},
    enrolment,
    entity::{account, attempt, completion, follower, progress, session_request},
    mail::{Mailer, OutgoingMail},
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter,
    QuerySelect, Set, sea_query::Expr,
};

/// What is left of the external profile once it lets go of its national ID and e-mail.
#[derive(Debug, Clone)]
pub struct Tombstone {
    pub email: Option<String>,
    pub name: String,
}

/// Frees the external profile's national ID and e-mail (both unique) and ends its sessions.
pub async fn close_external<C: ConnectionTrait>(
    conn: &C,
    profile: &account::Model,
) -> Result<Tombstone, DbErr> {
    let tombstone = Tombstone {
        email: profile.email.clone(),
        name: profile.full_name.clone(),
    };
    let mut row = profile.clone().into_active_model();
    row.merged_email = Set(profile.email.clone());
    row.email = Set(None);
    row.national_id_sealed = Set(None);
    row.national_id_key = Set(None);
    row.merged_at = Set(Some(Utc::now()));
    row.session_generation = Set(profile.session_generation + 1);
    row.update(conn).await?;
    Ok(tombstone)
}

/// Moves the external profile's history to the employee profile, marks the external one as
/// merged, audits before → after and tells the person by mail.
pub async fn move_everything<C: ConnectionTrait>(
    conn: &C,
    external: &account::Model,
    employee: &account::Model,
    tombstone: &Tombstone,
    mailer: &Mailer,
    links: &Links,
) -> Result<(), DbErr> {
    let (from, to) = (external.id, employee.id);
    let moved = move_history(conn, external, employee).await?;
    crate::audit::record(
        conn,
        None,
        "profile.merged",
        Some(to),
        Some(format!(
            "before: external profile {from} (e-mail login) and employee profile {to}; after: one employee profile {to}, \
             external {from} closed. {moved}"
        )),
    )
    .await?;
    if let Some(email) = &tombstone.email {
        mailer
            .enqueue(
                conn,
                merged_mail(
                    links,
                    email,
                    &tombstone.name,
                    employee,
                    external.chosen_language(),
                ),
            )
            .await?;
    }
    Ok(())
}

/// Moves everything `from` holds to `to` (completions, enrolments and waitlist places,
/// requests, e-learning, training plans), fills `to`'s gaps from `from` and marks `from` as
/// merged into `to`. Returns what moved, for the audit trail. Call [`close_external`] first.
pub async fn move_history<C: ConnectionTrait>(
    conn: &C,
    external: &account::Model,
    keeper: &account::Model,
) -> Result<String, DbErr> {
    let (from, to) = (external.id, keeper.id);
    let completions = completion::Entity::update_many()
        .col_expr(completion::Column::AccountId, Expr::value(to))
        .filter(completion::Column::AccountId.eq(from))
        .exec(conn)
        .await?
        .rows_affected;
    let (enrolments, duplicate_enrolments) = move_enrolments(conn, from, to).await?;
    // Half way: completions and enrolments have moved, the rest has not (the crash test stops here).
    crate::failpoint::pause("merge.half_way").await;
    session_request::Entity::update_many()
        .col_expr(session_request::Column::AccountId, Expr::value(to))
        .filter(session_request::Column::AccountId.eq(from))
        .exec(conn)
        .await?;
    move_elearning(conn, from, to).await?;
    let plans = move_plans(conn, from, to).await?;
    token::Entity::delete_many()
        .filter(token::Column::AccountId.eq(from))
        .exec(conn)
        .await?;
    let filled = fill_gaps(conn, external, keeper).await?;
    account::Entity::update_many()
        .col_expr(account::Column::MergedInto, Expr::value(to))
        .filter(account::Column::Id.eq(from))
        .exec(conn)
        .await?;
    Ok(format!(
        "Moved {completions} completions, {enrolments} enrolments and waitlist places ({duplicate_enrolments} \
         duplicates dropped), {plans} training plans; filled: {}",
        if filled.is_empty() {
            "nothing".to_string()
        } else {
            filled.join(", ")
        }
    ))
}

/// Enrolments and waitlist places move; a session both profiles are in keeps the employee's
/// place. Returns how many moved and how many were dropped as duplicates.
async fn move_enrolments<C: ConnectionTrait>(conn: &C, from: i64, to: i64) -> Result<(u64, u64), DbErr> {
    let employee_sessions: Vec<i64> = enrolment::Entity::find()
        .select_only()
        .column(enrolment::Column::SessionId)
        .filter(enrolment::Column::AccountId.eq(to))
        .into_tuple()
        .all(conn)
        .await?;
    let duplicate_enrolments = enrolment::Entity::delete_many()
        .filter(enrolment::Column::AccountId.eq(from))
        .filter(enrolment::Column::SessionId.is_in(employee_sessions))
        .exec(conn)
        .await?
        .rows_affected;
    let enrolments = enrolment::Entity::update_many()
        .col_expr(enrolment::Column::AccountId, Expr::value(to))
        .filter(enrolment::Column::AccountId.eq(from))
        .exec(conn)
        .await?
        .rows_affected;
    Ok((enrolments, duplicate_enrolments))
}

/// E-learning progress (the employee's own kept where both have begun a course) and quiz attempts.
async fn move_elearning<C: ConnectionTrait>(conn: &C, from: i64, to: i64) -> Result<(), DbErr> {
    let employee_courses: Vec<i64> = progress::Entity::find()
        .select_only()
        .column(progress::Column::CourseId)
        .filter(progress::Column::AccountId.eq(to))
        .into_tuple()
        .all(conn)
        .await?;
    progress::Entity::delete_many()
        .filter(progress::Column::AccountId.eq(from))
        .filter(progress::Column::CourseId.is_in(employee_courses))
        .exec(conn)
        .await?;
    progress::Entity::update_many()
        .col_expr(progress::Column::AccountId, Expr::value(to))
        .filter(progress::Column::AccountId.eq(from))
        .exec(conn)
        .await?;
    attempt::Entity::update_many()
        .col_expr(attempt::Column::AccountId, Expr::value(to))
        .filter(attempt::Column::AccountId.eq(from))
        .exec(conn)
        .await?;

    Ok(())
}

/// A training plan the employee already follows stays theirs; the others move.
async fn move_plans<C: ConnectionTrait>(conn: &C, from: i64, to: i64) -> Result<u64, DbErr> {
    let employee_paths: Vec<i64> = follower::Entity::find()
        .select_only()
        .column(follower::Column::PathId)
        .filter(follower::Column::AccountId.eq(to))
        .into_tuple()
        .all(conn)
        .await?;
    let plans = follower::Entity::update_many()
        .col_expr(follower::Column::AccountId, Expr::value(to))
        .filter(follower::Column::AccountId.eq(from))
        .filter(follower::Column::PathId.is_not_in(employee_paths))
        .exec(conn)
        .await?
        .rows_affected;
    Ok(plans)
}

/// What the employee profile lacks, the external one may know: mobile, HMS card, birth date.
async fn fill_gaps<C: ConnectionTrait>(
    conn: &C,
    external: &account::Model,
    employee: &account::Model,
) -> Result<Vec<&'static str>, DbErr> {
    let mut row = employee.clone().into_active_model();
    let mut filled = Vec::new();
    if employee.mobile.is_none() && external.mobile.is_some() {
        row.mobile = Set(external.mobile.clone());
        filled.push("mobile");
    }
    if employee.hms_card_number.is_none() && external.hms_card_number.is_some() {
        row.hms_card_number = Set(external.hms_card_number.clone());
        row.hms_card_expires_on = Set(external.hms_card_expires_on);
        filled.push("hms_card");
    }
    if employee.birth_date.is_none() && external.birth_date.is_some() {
        row.birth_date = Set(external.birth_date);
        filled.push("birth_date");
    }
    if !filled.is_empty() {
        row.update(conn).await?;
    }
    Ok(filled)
}

fn merged_mail(
    links: &Links,
    to: &str,
    name: &str,
    employee: &account::Model,
    language: app::messages::Language,
) -> OutgoingMail {
    let staff_code = employee.staff_code.as_deref().unwrap_or("");
    let login = links.page("/logg-inn");
    crate::accounts::mails::compose(
        links,
        to,
        language,
        "merged_into_employee",
        &[("name", name), ("staff_code", staff_code), ("login", &login)],
    )
}
