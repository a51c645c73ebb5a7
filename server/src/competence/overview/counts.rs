//! The overview's counts per status, summed by the database so that an organisation of tens of
//! thousands is counted without reading a row per person and requirement.
//!
//! Every pair of a person asked about and a thing required of them is held (a completion or a
//! path certificate not revoked: counted by its best validity), or not held (overdue when a
//! deadline of a requirement asking it has passed, else missing); the database returns how many
//! pairs there are of each best validity and of each kind not held, and the status rules
//! (`status::status`, the one place they are written) name each sum's status. The few pairs
//! started (a place on a session to come, e-learning or a package under way, a path followed)
//! are then read one by one and moved to the status being started gives them.
use super::{Question, Sight, Walker, asked};
use crate::{
    competence::{
        evidence::{self, People},
        requirements::{Person, Requirement, Rulebook, Scope, Thing},
        status::{self, Evidence},
    },
    entity::{account, completion, follower},
};
use app::{competence::types::RequirementStatus, error::AppError};
use chrono::{Days, NaiveDate, TimeZone, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryResult,
    sea_query::{Alias, Expr, Func, Query, SelectStatement, SimpleExpr},
};
use std::collections::{BTreeMap, BTreeSet};

/// Counts per status, and how many people they are of.
pub type Counts = (BTreeMap<RequirementStatus, u64>, u64);

/// Things that are asked of the same people: the condition on accounts, and the things.
struct Group {
    who: Condition,
    things: Vec<Thing>,
}

impl Group {
    /// `thing IN (…) AND who`, for rows of completions (`path` false) or path certificates
    /// whose course or path is in the column `thing`.
    fn pairs(&self, thing: &SimpleExpr, path: bool) -> Condition {
        let (courses, paths) = evidence::split(&self.things);
        let ids = if path { paths } else { courses };
        let of = if ids.is_empty() {
            Expr::val(1).eq(0)
        } else {
            Expr::expr(thing.clone()).is_in(ids)
        };
        Condition::all().add(of).add(self.who.clone())
    }
}

/// The condition on accounts for whom a scope asks.
fn scope(book: &Rulebook, scope: &Scope) -> Condition {
    Condition::all().add(match scope {
        Scope::Unit(id) => account::Column::UnitId.is_in(book.tree.below([*id])),
        Scope::UserType(kind) => account::Column::UserType.eq(kind.as_str()),
        Scope::Employer(id) => account::Column::EmployerId.eq(*id),
    })
}

/// People who started before `day` (the employment's start, else the day the profile was made,
/// in Norway), as `Person::start` reads it.
fn started_before(day: NaiveDate) -> Condition {
    let midnight = chrono_tz::Europe::Oslo
        .from_local_datetime(&day.and_time(chrono::NaiveTime::MIN))
        .earliest()
        .map(|t| t.with_timezone(&Utc));
    let created = match midnight {
        Some(at) => account::Column::CreatedAt.lt(at),
        None => Expr::val(1).eq(0),
    };
    Condition::any()
        .add(account::Column::EmploymentStart.lt(day))
        .add(
            Condition::all()
                .add(account::Column::EmploymentStart.is_null())
                .add(created),
        )
}

/// Whose deadline for one requirement has passed on `today`: `max(start, made) + days < today`.
fn late(book: &Rulebook, r: &Requirement, today: NaiveDate) -> Option<Condition> {
    let days = Days::new(u64::try_from(r.deadline_days?).ok()?);
    let latest_start = today.checked_sub_days(days)?;
    (r.made < latest_start).then(|| scope(book, &r.scope).add(started_before(latest_start)))
}

/// The things asked, grouped by whom they are asked of (`who`) and by whose deadline has passed.
fn groups(book: &Rulebook, things: &[Thing], today: NaiveDate) -> (Vec<Group>, Vec<Group>) {
    let mut asked: BTreeMap<String, Group> = BTreeMap::new();
    let mut overdue: BTreeMap<String, Group> = BTreeMap::new();
    for thing in things {
        let (mut who, mut late_who) = (Condition::any(), Condition::any());
        let (mut key, mut late_key) = (String::new(), String::new());
        for r in book.requirements.iter().filter(|r| r.thing == *thing) {
            who = who.add(scope(book, &r.scope));
            key.push_str(&format!("{:?};", r.scope));
            if let Some(condition) = late(book, r, today) {
                late_who = late_who.add(condition);
                late_key.push_str(&format!("{:?}/{:?};", r.scope, r.deadline_days));
            }
        }
        let group = asked.entry(key).or_insert_with(|| Group {
            who,
            things: Vec::new(),
        });
        group.things.push(*thing);
        if !late_key.is_empty() {
            let group = overdue.entry(late_key).or_insert_with(|| Group {
                who: late_who,
                things: Vec::new(),
            });
            group.things.push(*thing);
        }
    }
    (asked.into_values().collect(), overdue.into_values().collect())
}

/// `SUM(CASE WHEN condition THEN 1 ELSE 0 END)`.
fn sum(condition: Condition) -> SimpleExpr {
    Func::sum(Expr::case(condition, 1).finally(0)).into()
}

fn number(row: &QueryResult, index: usize) -> Result<u64, DbErr> {
    Ok(row.try_get_by_index::<Option<i64>>(index)?.unwrap_or(0).max(0) as u64)
}

/// (pairs asked, pairs whose deadline has passed, people asked) of the people in `base`.
async fn totals<C: ConnectionTrait>(
    conn: &C,
    base: &Condition,
    asked: &[Group],
    overdue: &[Group],
) -> Result<(u64, u64, u64), DbErr> {
    let mut query = Query::select();
    query.from(account::Entity).cond_where(base.clone());
    let anyone = asked
        .iter()
        .fold(Condition::any(), |any, g| any.add(g.who.clone()));
    query.expr(sum(anyone));
    for g in asked.iter().chain(overdue) {
        query.expr(sum(g.who.clone()));
    }
    let Some(row) = conn.query_one(conn.get_database_backend().build(&query)).await? else {
        return Ok((0, 0, 0));
    };
    let (mut pairs, mut late) = (0, 0);
    for (i, g) in asked.iter().enumerate() {
        pairs += number(&row, i + 1)? * g.things.len() as u64;
    }
    for (i, g) in overdue.iter().enumerate() {
        late += number(&row, asked.len() + i + 1)? * g.things.len() as u64;
    }
    Ok((pairs, late, number(&row, 0)?))
}

/// `SELECT best, late, COUNT(*)` over the pairs `inner` sums one row each.
async fn buckets<C: ConnectionTrait>(
    conn: &C,
    inner: SelectStatement,
) -> Result<Vec<(NaiveDate, bool, u64)>, DbErr> {
    let (best, late) = (Alias::new("best"), Alias::new("late"));
    let query = Query::select()
        .column(best.clone())
        .column(late.clone())
        .expr(Func::count(Expr::col(best.clone())))
        .from_subquery(inner, Alias::new("pairs"))
        .group_by_col(best)
        .group_by_col(late)
        .to_owned();
    let mut found = Vec::new();
    for row in conn.query_all(conn.get_database_backend().build(&query)).await? {
        let day: NaiveDate = row.try_get_by_index(0)?;
        let late: i32 = row.try_get_by_index(1)?;
        found.push((day, late != 0, number(&row, 2)?));
    }
    Ok(found)
}

/// The pairs held, by best validity and whether the deadline has passed: one query over the
/// completions and one over the path certificates of the people in `base`.
async fn held<C: ConnectionTrait>(
    conn: &C,
    base: &Condition,
    asked: &[Group],
    overdue: &[Group],
) -> Result<Vec<(NaiveDate, bool, u64)>, DbErr> {
    let mut found = Vec::new();
    for path in [false, true] {
        let (table, owner, valid_until, thing): (_, Expr, Expr, SimpleExpr) = if path {
            (
                Alias::new("path_enrolments"),
                Expr::col((follower::Entity, follower::Column::AccountId)),
                Expr::col((follower::Entity, follower::Column::ValidUntil)),
                Expr::col((follower::Entity, follower::Column::PathId)).into(),
            )
        } else {
            (
                Alias::new("completions"),
                Expr::col((completion::Entity, completion::Column::AccountId)),
                Expr::col((completion::Entity, completion::Column::ValidUntil)),
                Expr::col((completion::Entity, completion::Column::CourseId)).into(),
            )
        };
        // No query for a kind nothing asked is of.
        let of_kind = |t: &Thing| matches!(t, Thing::Path(_)) == path;
        if !asked.iter().any(|g| g.things.iter().any(of_kind)) {
            continue;
        }
        let rows = |g: &Group| g.pairs(&thing, path);
        let wanted = asked.iter().fold(Condition::any(), |any, g| any.add(rows(g)));
        let late: SimpleExpr = if overdue.is_empty() {
            Expr::val(0).into()
        } else {
            Func::max(
                Expr::case(
                    overdue.iter().fold(Condition::any(), |any, g| any.add(rows(g))),
                    1,
                )
                .finally(0),
            )
            .into()
        };
        let mut filter = Condition::all().add(base.clone()).add(wanted);
        filter = if path {
            filter
                .add(follower::Column::RevokedAt.is_null())
                .add(follower::Column::CompletedAt.is_not_null())
        } else {
            filter.add(completion::Column::RevokedAt.is_null())
        };
        let inner = Query::select()
            .expr_as(evidence::best(valid_until.into()), Alias::new("best"))
            .expr_as(late, Alias::new("late"))
            .from(table)
            .inner_join(
                account::Entity,
                Expr::col((account::Entity, account::Column::Id)).eq(owner.clone()),
            )
            .cond_where(filter)
            // By the account's id, not the row's owner (equal by the join): SQLite then reads the
            // pairs in the order it groups them, without sorting a million rows.
            .add_group_by([
                Expr::col((account::Entity, account::Column::Id)).into(),
                thing.clone(),
            ])
            .to_owned();
        found.extend(buckets(conn, inner).await?);
    }
    Ok(found)
}

/// Moves each pair started from the status it was counted with to the status being started
/// gives it (held and valid stays valid; otherwise in progress).
async fn adjust_started<C: ConnectionTrait>(
    conn: &C,
    book: &Rulebook,
    base: &Condition,
    things: &[Thing],
    today: NaiveDate,
    counts: &mut BTreeMap<RequirementStatus, u64>,
) -> Result<(), AppError> {
    let people: BTreeSet<i64> = evidence::started(conn, People::Matching(base), things)
        .await?
        .into_iter()
        .map(|(person, _)| person)
        .collect();
    let people: Vec<i64> = people.into_iter().collect();
    for chunk in people.chunks(500) {
        let found = evidence::evidence(conn, chunk, things).await?;
        let accounts = account::Entity::find()
            .filter(account::Column::Id.is_in(chunk.iter().copied()))
            .all(conn)
            .await?;
        for account in &accounts {
            let person = Person::from(account);
            for duty in book.duties(&person) {
                let Some(found) = found.get(&(person.id, duty.thing())).copied() else {
                    continue;
                };
                if !found.in_progress || !things.contains(&duty.thing()) {
                    continue;
                }
                let counted = status::status(
                    Evidence {
                        in_progress: false,
                        ..found
                    },
                    duty.due,
                    today,
                );
                let now = status::status(found, duty.due, today);
                if now != counted {
                    let from = counts.entry(counted).or_default();
                    *from = from.saturating_sub(1);
                    *counts.entry(now).or_default() += 1;
                }
            }
        }
    }
    Ok(())
}

/// The counts of everyone a question without a status or expiry filter asks about.
pub async fn summed<C: ConnectionTrait>(
    conn: &C,
    book: &Rulebook,
    sight: &Sight,
    question: &Question,
    today: NaiveDate,
) -> Result<Counts, AppError> {
    let base = asked(book, sight, question, today);
    let things: Vec<Thing> = book
        .things()
        .into_iter()
        .map(|(t, _)| t)
        .filter(|t| question.thing.is_none_or(|q| q == *t))
        .collect();
    let mut counts: BTreeMap<RequirementStatus, u64> = BTreeMap::new();
    if things.is_empty() {
        return Ok((counts, 0));
    }
    let (asked, overdue) = groups(book, &things, today);
    let (pairs, late, people) = totals(conn, &base, &asked, &overdue).await?;
    let (mut held_pairs, mut held_late) = (0, 0);
    for (best, is_late, n) in held(conn, &base, &asked, &overdue).await? {
        let holding = Evidence {
            held: Some(evidence::until_of(best)),
            in_progress: false,
        };
        *counts.entry(status::status(holding, None, today)).or_default() += n;
        held_pairs += n;
        held_late += if is_late { n } else { 0 };
    }
    let never = pairs.saturating_sub(held_pairs);
    let never_late = late.saturating_sub(held_late).min(never);
    *counts
        .entry(status::status(Evidence::default(), today.pred_opt(), today))
        .or_default() += never_late;
    *counts
        .entry(status::status(Evidence::default(), None, today))
        .or_default() += never - never_late;
    adjust_started(conn, book, &base, &things, today, &mut counts).await?;
    counts.retain(|_, n| *n > 0);
    Ok((counts, people))
}

/// The counts of everyone a question asks about: summed by the database, or, when the question
/// asks for a status or an expiry (people with such a cell, and all their cells), by reading
/// them all.
pub async fn of<C: ConnectionTrait>(
    conn: &C,
    book: &Rulebook,
    sight: &Sight,
    question: &Question,
    today: NaiveDate,
) -> Result<Counts, AppError> {
    if question.status.is_none() && question.within_days.is_none() {
        return summed(conn, book, sight, question, today).await;
    }
    walked(conn, book, sight, question, today).await
}

/// The counts by reading every person and cell.
pub async fn walked<C: ConnectionTrait>(
    conn: &C,
    book: &Rulebook,
    sight: &Sight,
    question: &Question,
    today: NaiveDate,
) -> Result<Counts, AppError> {
    let mut counts: BTreeMap<RequirementStatus, u64> = BTreeMap::new();
    let mut people = 0u64;
    let mut all = Walker::new(conn, book, sight, question, None, today).await?;
    while let Some(batch) = all.next_batch().await? {
        for line in batch {
            people += 1;
            for (_, s) in &line.cells {
                *counts.entry(s.status).or_default() += 1;
            }
        }
    }
    Ok((counts, people))
}
