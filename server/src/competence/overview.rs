//! «Kompetanseoversikt»: who a viewer sees (a leader the people of the units they lead and
//! their sub-units, a company contact the people of their employer, an administrator
//! everyone), and the matrix of those people × what is required of them, read in batches in
//! name order (keyset paging by account id).
use super::{
    evidence,
    requirements::{self, Person, Rulebook, Standing, Thing},
};
use crate::{
    common::time::day,
    entity::{account, company, company_contact},
};
use app::{
    accounts::{service::Caller, types::Role},
    competence::types::{OverviewCell, OverviewColumn, OverviewFilter, RequiredLine, RequirementStatus},
    error::AppError,
};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{BTreeSet, HashMap, HashSet};

pub mod counts;
mod export;
pub mod xlsx;
pub use export::{Export, status_word};

/// People read per query.
const BATCH: u64 = 500;
/// People per page of the overview.
pub const PAGE: usize = 50;

/// Whose people a viewer sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sight {
    All,
    Some {
        units: HashSet<i64>,
        employers: HashSet<i64>,
    },
}

impl Sight {
    /// What `who` may see; `Forbidden` for someone who leads no unit and is no company contact.
    pub async fn of<C: ConnectionTrait>(conn: &C, book: &Rulebook, who: &Caller) -> Result<Self, AppError> {
        if who.role() == Role::Admin {
            return Ok(Sight::All);
        }
        Self::of_account(conn, book, &account::of_caller(conn, who).await?).await
    }

    /// What the person may see (an administrator everyone); `Forbidden` as for [`Sight::of`].
    pub async fn of_account<C: ConnectionTrait>(
        conn: &C,
        book: &Rulebook,
        me: &account::Model,
    ) -> Result<Self, AppError> {
        if me.role == Role::Admin.as_str() {
            return Ok(Sight::All);
        }
        let units = me
            .staff_code
            .as_deref()
            .map(|code| book.tree.below(book.tree.led_by(code)))
            .unwrap_or_default();
        let employers: HashSet<i64> = company_contact::Entity::find()
            .filter(company_contact::Column::AccountId.eq(me.id))
            .all(conn)
            .await?
            .into_iter()
            .map(|c| c.company_id)
            .collect();
        if units.is_empty() && employers.is_empty() {
            return Err(AppError::Forbidden);
        }
        Ok(Sight::Some { units, employers })
    }

    pub fn sees(&self, person: &account::Model) -> bool {
        match self {
            Sight::All => true,
            Sight::Some { units, employers } => {
                person.unit_id.is_some_and(|u| units.contains(&u))
                    || person.employer_id.is_some_and(|e| employers.contains(&e))
            }
        }
    }

    /// The units this viewer may narrow the overview to.
    pub fn units(&self, book: &Rulebook) -> Vec<(String, String)> {
        book.tree
            .ordered()
            .into_iter()
            .filter(|(u, _)| match self {
                Sight::All => true,
                Sight::Some { units, .. } => units.contains(&u.id),
            })
            .map(|(u, depth)| {
                (
                    u.code.clone(),
                    format!("{}{}", "– ".repeat(depth as usize), u.name),
                )
            })
            .collect()
    }
}

/// The people who count: not merged away, not anonymised, employment not over.
fn current(today: NaiveDate) -> Condition {
    Condition::all()
        .add(account::Column::MergedInto.is_null())
        .add(account::Column::AnonymisedAt.is_null())
        .add(
            Condition::any()
                .add(account::Column::EmploymentEnd.is_null())
                .add(account::Column::EmploymentEnd.gte(today)),
        )
}

/// The overview's question, checked.
pub struct Question {
    pub units: Option<HashSet<i64>>,
    pub thing: Option<Thing>,
    pub status: Option<RequirementStatus>,
    pub within_days: Option<i64>,
}

impl Question {
    /// Everyone the viewer sees, every requirement.
    pub fn everything() -> Self {
        Self {
            units: None,
            thing: None,
            status: None,
            within_days: None,
        }
    }

    pub fn parse(filter: &OverviewFilter, book: &Rulebook, sight: &Sight) -> Result<Self, AppError> {
        let unit = filter.unit.trim();
        let units = if unit.is_empty() {
            None
        } else {
            let found = book
                .tree
                .by_code(&unit.to_uppercase())
                .ok_or_else(|| AppError::invalid("unit", "Det finnes ingen enhet med den koden."))?;
            let below = book.tree.below([found.id]);
            match sight {
                Sight::All => Some(below),
                Sight::Some { units, .. } if units.contains(&found.id) => Some(below),
                Sight::Some { .. } => return Err(AppError::invalid("unit", "Du ser ikke den enheten.")),
            }
        };
        let thing = match filter.required.trim() {
            "" => None,
            key => Some(
                book.things()
                    .into_iter()
                    .find(|(_, r)| column_key(r) == key)
                    .map(|(t, _)| t)
                    .ok_or_else(|| AppError::invalid("required", "Det er ikke et krav."))?,
            ),
        };
        let status = match filter.status.trim() {
            "" => None,
            text => Some(
                RequirementStatus::parse(text)
                    .ok_or_else(|| AppError::invalid("status", "Velg en status fra listen."))?,
            ),
        };
        let within_days = match filter.within_days.trim() {
            "" => None,
            text => Some(
                text.parse::<i64>()
                    .ok()
                    .filter(|d| (0..=3650).contains(d))
                    .ok_or_else(|| {
                        AppError::invalid("within_days", "Skriv et antall dager fra 0 til 3650.")
                    })?,
            ),
        };
        Ok(Self {
            units,
            thing,
            status,
            within_days,
        })
    }
}

pub fn column_key(required: &app::competence::types::RequiredThing) -> String {
    format!(
        "{}:{}",
        if required.path { "path" } else { "course" },
        required.code
    )
}

/// A person and their standing with each thing required of them.
pub struct Line {
    pub account: account::Model,
    pub cells: Vec<(Thing, Standing)>,
}

impl Line {
    pub fn cell(&self, thing: Thing) -> Option<OverviewCell> {
        self.cells
            .iter()
            .find(|(t, _)| *t == thing)
            .map(|(_, s)| OverviewCell {
                status: s.status,
                valid_until: s.valid_until.map(day),
            })
    }
}

/// Reads the people a question matches in name order, a batch at a time (keyset paging by
/// name and id), each with their standing with each thing required of them.
pub struct Walker<'a, C> {
    conn: &'a C,
    book: &'a Rulebook,
    question: &'a Question,
    today: NaiveDate,
    base: Condition,
    things: Vec<Thing>,
    cursor: Option<(String, i64)>,
    batch: u64,
    done: bool,
}

/// The people a question asks about: current, someone something may be required of, in the
/// viewer's sight and in the unit asked for.
pub fn asked(book: &Rulebook, sight: &Sight, question: &Question, today: NaiveDate) -> Condition {
    let mut base = current(today).add(relevant(book));
    if let Sight::Some { units, employers } = sight {
        // Only the arms that can match, so that a leader's question reads their units' people
        // by the index of units.
        let mut seen = Condition::any();
        if !units.is_empty() {
            seen = seen.add(account::Column::UnitId.is_in(units.iter().copied()));
        }
        if !employers.is_empty() {
            seen = seen.add(account::Column::EmployerId.is_in(employers.iter().copied()));
        }
        base = base.add(nobody_if_empty(seen));
    }
    if let Some(units) = &question.units {
        base = base.add(account::Column::UnitId.is_in(units.iter().copied()));
    }
    base
}

impl<'a, C: ConnectionTrait> Walker<'a, C> {
    /// Starts after the person `after` (none: at the start).
    pub async fn new(
        conn: &'a C,
        book: &'a Rulebook,
        sight: &Sight,
        question: &'a Question,
        after: Option<i64>,
        today: NaiveDate,
    ) -> Result<Self, AppError> {
        let base = asked(book, sight, question, today);
        let cursor = match after {
            Some(id) => account::Entity::find_by_id(id)
                .one(conn)
                .await?
                .map(|a| (a.full_name, a.id)),
            None => None,
        };
        let things = book.things().into_iter().map(|(t, _)| t).collect();
        Ok(Self {
            conn,
            book,
            question,
            today,
            base,
            things,
            cursor,
            batch: BATCH,
            done: false,
        })
    }

    /// Reads as many people at a time as a page shows (and one more, to know there is more).
    pub fn paged(mut self) -> Self {
        self.batch = PAGE as u64 + 1;
        self
    }

    /// The next batch of matching people (possibly empty); none when all have been read.
    pub async fn next_batch(&mut self) -> Result<Option<Vec<Line>>, AppError> {
        if self.done {
            return Ok(None);
        }
        let mut query = account::Entity::find().filter(self.base.clone());
        if let Some((name, id)) = &self.cursor {
            query = query.filter(
                Condition::any()
                    .add(account::Column::FullName.gt(name.as_str()))
                    .add(
                        Condition::all()
                            .add(account::Column::FullName.eq(name.as_str()))
                            .add(account::Column::Id.gt(*id)),
                    ),
            );
        }
        let batch = query
            .order_by_asc(account::Column::FullName)
            .order_by_asc(account::Column::Id)
            .limit(self.batch)
            .all(self.conn)
            .await?;
        self.done = (batch.len() as u64) < self.batch;
        let Some(last) = batch.last() else {
            return Ok(None);
        };
        self.cursor = Some((last.full_name.clone(), last.id));
        let ids: Vec<i64> = batch.iter().map(|a| a.id).collect();
        let found = evidence::evidence(self.conn, &ids, &self.things).await?;
        let mut lines = Vec::new();
        for account in batch {
            let person = Person::from(&account);
            let cells: Vec<(Thing, Standing)> = self
                .book
                .duties(&person)
                .into_iter()
                .filter(|d| self.question.thing.is_none_or(|t| t == d.thing()))
                .map(|d| (d.thing(), d.standing(person.id, &found, self.today)))
                .collect();
            if !cells.is_empty() && self.question.matches(&cells, self.today) {
                lines.push(Line { account, cells });
            }
        }
        Ok(Some(lines))
    }
}

impl Question {
    fn matches(&self, cells: &[(Thing, Standing)], today: NaiveDate) -> bool {
        let status = self
            .status
            .is_none_or(|s| cells.iter().any(|(_, c)| c.status == s));
        let within = self.within_days.is_none_or(|days| {
            cells.iter().any(|(_, c)| {
                c.status.is_held() && c.valid_until.is_some_and(|u| (u - today).num_days() <= days)
            })
        });
        status && within
    }
}

/// People to whom some requirement may apply: in a unit with one (or beneath it), of a user
/// type with one, or employed by an employer with one.
fn relevant(book: &Rulebook) -> Condition {
    let (mut units, mut kinds, mut employers) = (Vec::new(), BTreeSet::new(), BTreeSet::new());
    for r in &book.requirements {
        match &r.scope {
            requirements::Scope::Unit(id) => units.push(*id),
            requirements::Scope::UserType(kind) => {
                kinds.insert(kind.clone());
            }
            requirements::Scope::Employer(id) => {
                employers.insert(*id);
            }
        }
    }
    let mut relevant = Condition::any();
    if !units.is_empty() {
        relevant = relevant.add(account::Column::UnitId.is_in(book.tree.below(units)));
    }
    if !kinds.is_empty() {
        relevant = relevant.add(account::Column::UserType.is_in(kinds));
    }
    if !employers.is_empty() {
        relevant = relevant.add(account::Column::EmployerId.is_in(employers));
    }
    nobody_if_empty(relevant)
}

/// An `any` without arms matches nobody (written out, not left to the query builder).
fn nobody_if_empty(any: Condition) -> Condition {
    if any.is_empty() {
        any.add(sea_orm::sea_query::Expr::val(1).eq(0))
    } else {
        any
    }
}

/// The columns: each thing required, in the order the requirements were made.
pub fn columns(book: &Rulebook, question: &Question) -> Vec<(Thing, OverviewColumn)> {
    book.things()
        .into_iter()
        .filter(|(t, _)| question.thing.is_none_or(|q| q == *t))
        .map(|(t, required)| {
            (
                t,
                OverviewColumn {
                    key: column_key(&required),
                    required,
                },
            )
        })
        .collect()
}

/// The names of the units and employers of some people.
pub struct Names {
    units: HashMap<i64, String>,
    employers: HashMap<i64, String>,
}

impl Names {
    pub async fn of<C: ConnectionTrait>(
        conn: &C,
        book: &Rulebook,
        people: &[&account::Model],
    ) -> Result<Self, AppError> {
        let employers = company::Entity::find()
            .filter(company::Column::Id.is_in(people.iter().filter_map(|p| p.employer_id)))
            .all(conn)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let units = people
            .iter()
            .filter_map(|p| p.unit_id)
            .filter_map(|id| book.tree.get(id).map(|u| (id, u.name.clone())))
            .collect();
        Ok(Self { units, employers })
    }

    pub fn unit(&self, person: &account::Model) -> Option<String> {
        person.unit_id.and_then(|u| self.units.get(&u).cloned())
    }

    pub fn employer(&self, person: &account::Model) -> Option<String> {
        person.employer_id.and_then(|e| self.employers.get(&e).cloned())
    }
}

/// One person's requirements, as «Påkrevd opplæring» and the drill-down show them.
pub async fn required_of<C: ConnectionTrait>(
    conn: &C,
    book: &Rulebook,
    account: &account::Model,
    today: NaiveDate,
) -> Result<Vec<RequiredLine>, AppError> {
    let person = Person::from(account);
    let duties = book.duties(&person);
    let things: Vec<Thing> = duties.iter().map(|d| d.thing()).collect();
    let found = evidence::evidence(conn, &[person.id], &things).await?;
    let mut lines: Vec<RequiredLine> = duties
        .into_iter()
        .map(|d| {
            let s = d.standing(person.id, &found, today);
            RequiredLine {
                requirement_id: d.requirement.id,
                required: d.requirement.required.clone(),
                status: s.status,
                valid_until: s.valid_until.map(day),
                due: s.due.map(day),
            }
        })
        .collect();
    // What needs doing first: overdue, missing, expired, in progress, expiring, valid.
    lines.sort_by_key(|l| std::cmp::Reverse(l.status));
    Ok(lines)
}
