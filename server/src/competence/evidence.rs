//! What people have towards required courses and paths, with the database doing the sums: one
//! row per person and thing held (the best validity of what is not revoked), and the pairs
//! started. Read for a batch of people by id, or for everyone an accounts condition matches
//! (the overview's counts), by the same queries.
use super::{requirements::Thing, status::Evidence};
use crate::entity::{account, completion, elearning_package_attempt, enrolment, follower, progress, session};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, JoinType, QueryFilter, QuerySelect,
    RelationTrait,
    sea_query::{Expr, Func, Query, SimpleExpr},
};
use std::collections::HashMap;

/// The validity a database sum gives what never expires: stored nowhere, only compared, so a
/// day every backend takes and no real validity comes near.
pub fn forever() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).expect("a day")
}

/// A best validity as the status rules read it: `None` never expires.
pub fn until_of(best: NaiveDate) -> Option<NaiveDate> {
    (best < forever()).then_some(best)
}

/// Whose evidence is read.
#[derive(Clone, Copy)]
pub enum People<'a> {
    /// These people (at most a few hundred).
    Ids(&'a [i64]),
    /// Everyone an accounts condition matches.
    Matching(&'a Condition),
}

impl People<'_> {
    /// `column IN (…)` for a column holding an account id.
    pub fn on(&self, column: impl ColumnTrait) -> SimpleExpr {
        match self {
            People::Ids(ids) => column.is_in(ids.iter().copied()),
            People::Matching(condition) => column.in_subquery(
                Query::select()
                    .column((account::Entity, account::Column::Id))
                    .from(account::Entity)
                    .cond_where((*condition).clone())
                    .to_owned(),
            ),
        }
    }
}

/// Courses and paths among `things`.
pub fn split(things: &[Thing]) -> (Vec<i64>, Vec<i64>) {
    let mut courses = Vec::new();
    let mut paths = Vec::new();
    for thing in things {
        match thing {
            Thing::Course(id) => courses.push(*id),
            Thing::Path(id) => paths.push(*id),
        }
    }
    (courses, paths)
}

/// `MAX(COALESCE(valid_until, 9999-12-31))`: the best validity of the rows summed.
pub fn best(valid_until: SimpleExpr) -> SimpleExpr {
    Func::max(Func::coalesce([valid_until, Expr::val(forever()).into()])).into()
}

/// (person, thing, best validity) for each thing a person holds: a completion of the course
/// or a completed path whose certificate is not revoked; the one valid longest counts.
pub async fn held<C: ConnectionTrait>(
    conn: &C,
    people: People<'_>,
    things: &[Thing],
) -> Result<Vec<(i64, Thing, NaiveDate)>, DbErr> {
    let (courses, paths) = split(things);
    let mut found = Vec::new();
    if !courses.is_empty() {
        let rows: Vec<(i64, i64, NaiveDate)> = completion::Entity::find()
            .select_only()
            .column(completion::Column::AccountId)
            .column(completion::Column::CourseId)
            .expr_as(
                best(Expr::col((completion::Entity, completion::Column::ValidUntil)).into()),
                "best",
            )
            .filter(people.on(completion::Column::AccountId))
            .filter(completion::Column::CourseId.is_in(courses))
            .filter(completion::Column::RevokedAt.is_null())
            .group_by(completion::Column::AccountId)
            .group_by(completion::Column::CourseId)
            .into_tuple()
            .all(conn)
            .await?;
        found.extend(rows.into_iter().map(|(a, c, b)| (a, Thing::Course(c), b)));
    }
    if !paths.is_empty() {
        let rows: Vec<(i64, i64, NaiveDate)> = follower::Entity::find()
            .select_only()
            .column(follower::Column::AccountId)
            .column(follower::Column::PathId)
            .expr_as(
                best(Expr::col((follower::Entity, follower::Column::ValidUntil)).into()),
                "best",
            )
            .filter(people.on(follower::Column::AccountId))
            .filter(follower::Column::PathId.is_in(paths))
            .filter(follower::Column::RevokedAt.is_null())
            .filter(follower::Column::CompletedAt.is_not_null())
            .group_by(follower::Column::AccountId)
            .group_by(follower::Column::PathId)
            .into_tuple()
            .all(conn)
            .await?;
        found.extend(rows.into_iter().map(|(a, p, b)| (a, Thing::Path(p), b)));
    }
    Ok(found)
}

/// (person, thing) for each thing started: a place on a session of the course still to come,
/// its e-learning opened after the last completion or revocation (progress from before it is
/// that completion's), a package attempt not finished, a path followed and not completed.
/// A pair may come more than once.
pub async fn started<C: ConnectionTrait>(
    conn: &C,
    people: People<'_>,
    things: &[Thing],
) -> Result<Vec<(i64, Thing)>, DbErr> {
    let (courses, paths) = split(things);
    let mut found: Vec<(i64, Thing)> = Vec::new();
    if !courses.is_empty() {
        let mut pairs: Vec<(i64, i64)> = enrolment::Entity::find()
            .select_only()
            .column(enrolment::Column::AccountId)
            .column(session::Column::CourseId)
            .join(JoinType::InnerJoin, enrolment::Relation::Session.def())
            .filter(people.on(enrolment::Column::AccountId))
            .filter(session::Column::CourseId.is_in(courses.iter().copied()))
            .filter(enrolment::Column::Status.is_in([
                crate::enrolment::waitlist::ENROLLED,
                crate::enrolment::waitlist::WAITLISTED,
            ]))
            .filter(enrolment::Column::Outcome.is_null())
            .filter(session::Column::CancelledAt.is_null())
            .filter(session::Column::EndsAt.gte(Utc::now()))
            .into_tuple()
            .all(conn)
            .await?;
        // Opened after every completion and revocation of the course.
        let later = Query::select()
            .expr(Expr::val(1))
            .from(completion::Entity)
            .and_where(
                Expr::col((completion::Entity, completion::Column::AccountId))
                    .equals((progress::Entity, progress::Column::AccountId)),
            )
            .and_where(
                Expr::col((completion::Entity, completion::Column::CourseId))
                    .equals((progress::Entity, progress::Column::CourseId)),
            )
            .cond_where(
                Condition::any()
                    .add(
                        Expr::col((completion::Entity, completion::Column::CreatedAt))
                            .gte(Expr::col((progress::Entity, progress::Column::UpdatedAt))),
                    )
                    .add(
                        Expr::col((completion::Entity, completion::Column::RevokedAt))
                            .gte(Expr::col((progress::Entity, progress::Column::UpdatedAt))),
                    ),
            )
            .to_owned();
        pairs.extend(
            progress::Entity::find()
                .select_only()
                .columns([progress::Column::AccountId, progress::Column::CourseId])
                .filter(people.on(progress::Column::AccountId))
                .filter(progress::Column::CourseId.is_in(courses.iter().copied()))
                .filter(Expr::exists(later).not())
                .into_tuple::<(i64, i64)>()
                .all(conn)
                .await?,
        );
        pairs.extend(
            elearning_package_attempt::Entity::find()
                .select_only()
                .columns([
                    elearning_package_attempt::Column::AccountId,
                    elearning_package_attempt::Column::CourseId,
                ])
                .filter(people.on(elearning_package_attempt::Column::AccountId))
                .filter(elearning_package_attempt::Column::CourseId.is_in(courses.iter().copied()))
                .filter(elearning_package_attempt::Column::CompletedAt.is_null())
                .into_tuple::<(i64, i64)>()
                .all(conn)
                .await?,
        );
        found.extend(pairs.into_iter().map(|(a, c)| (a, Thing::Course(c))));
    }
    if !paths.is_empty() {
        let pairs: Vec<(i64, i64)> = follower::Entity::find()
            .select_only()
            .columns([follower::Column::AccountId, follower::Column::PathId])
            .filter(people.on(follower::Column::AccountId))
            .filter(follower::Column::PathId.is_in(paths))
            .filter(follower::Column::RevokedAt.is_null())
            .filter(follower::Column::CompletedAt.is_null())
            .into_tuple()
            .all(conn)
            .await?;
        found.extend(pairs.into_iter().map(|(a, p)| (a, Thing::Path(p))));
    }
    Ok(found)
}

/// What each of these people (at most a few hundred) has towards each thing.
pub async fn evidence<C: ConnectionTrait>(
    conn: &C,
    people: &[i64],
    things: &[Thing],
) -> Result<HashMap<(i64, Thing), Evidence>, DbErr> {
    let mut found: HashMap<(i64, Thing), Evidence> = HashMap::new();
    if people.is_empty() || things.is_empty() {
        return Ok(found);
    }
    for (person, thing, best) in held(conn, People::Ids(people), things).await? {
        found.entry((person, thing)).or_default().held = Some(until_of(best));
    }
    for (person, thing) in started(conn, People::Ids(people), things).await? {
        found.entry((person, thing)).or_default().in_progress = true;
    }
    Ok(found)
}
