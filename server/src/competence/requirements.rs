//! Requirements: a course or a learning path required for a unit and its sub-units, for a user
//! type, or for everyone employed by an employer, optionally within a number of days of a
//! person's start; and what people have towards them (`Evidence`), read in batches.
use super::{
    status::{self, Evidence},
    units::{Tree, issue},
};
use crate::entity::{
    account, company, completion, course, elearning_package_attempt, enrolment, follower, path, progress,
    requirement, session,
};
use app::{
    accounts::{
        identity::{OrgNumber, UnitCode},
        types::UserType,
    },
    competence::types::{
        RequiredThing, RequirementForm, RequirementLine, RequirementScope, RequirementStatus,
    },
    error::AppError,
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect,
    RelationTrait,
};
use std::collections::{HashMap, HashSet};

/// What is required: a course or a path, by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Thing {
    Course(i64),
    Path(i64),
}

/// Who it is required of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Unit(i64),
    UserType(String),
    Employer(i64),
}

/// A requirement, with what it needs to be shown.
#[derive(Debug, Clone)]
pub struct Requirement {
    pub id: i64,
    pub thing: Thing,
    pub required: RequiredThing,
    pub scope: Scope,
    pub deadline_days: Option<i32>,
    pub made: NaiveDate,
}

/// A person as the rules see them.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub unit_id: Option<i64>,
    pub user_type: Option<String>,
    pub employer_id: Option<i64>,
    /// The employment's start, or the day the profile was made.
    pub start: NaiveDate,
}

impl From<&account::Model> for Person {
    fn from(a: &account::Model) -> Self {
        Self {
            id: a.id,
            name: a.full_name.clone(),
            unit_id: a.unit_id,
            user_type: a.user_type.clone(),
            employer_id: a.employer_id,
            start: a
                .employment_start
                .unwrap_or_else(|| a.created_at.with_timezone(&chrono_tz::Europe::Oslo).date_naive()),
        }
    }
}

/// Every requirement and the unit tree they are read against.
pub struct Rulebook {
    pub requirements: Vec<Requirement>,
    pub tree: Tree,
}

impl Rulebook {
    pub async fn load<C: ConnectionTrait>(conn: &C) -> Result<Self, DbErr> {
        let tree = Tree::load(conn).await?;
        let rows = requirement::Entity::find()
            .order_by_asc(requirement::Column::Id)
            .all(conn)
            .await?;
        let courses: HashMap<i64, course::Model> = course::Entity::find()
            .filter(course::Column::Id.is_in(rows.iter().filter_map(|r| r.course_id)))
            .all(conn)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let paths: HashMap<i64, path::Model> = path::Entity::find()
            .filter(path::Column::Id.is_in(rows.iter().filter_map(|r| r.path_id)))
            .all(conn)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let requirements = rows
            .into_iter()
            .filter_map(|r| {
                let (thing, required) = match (r.course_id, r.path_id) {
                    (Some(id), _) => courses.get(&id).map(|c| {
                        (
                            Thing::Course(id),
                            RequiredThing {
                                path: false,
                                code: c.code.clone(),
                                title: c.title.clone(),
                            },
                        )
                    })?,
                    (None, Some(id)) => paths.get(&id).map(|p| {
                        (
                            Thing::Path(id),
                            RequiredThing {
                                path: true,
                                code: p.code.clone(),
                                title: p.title.clone(),
                            },
                        )
                    })?,
                    (None, None) => return None,
                };
                let scope = match (r.unit_id, r.user_type, r.employer_id) {
                    (Some(unit), _, _) => Scope::Unit(unit),
                    (None, Some(kind), _) => Scope::UserType(kind),
                    (None, None, Some(employer)) => Scope::Employer(employer),
                    _ => return None,
                };
                Some(Requirement {
                    id: r.id,
                    thing,
                    required,
                    scope,
                    deadline_days: r.deadline_days,
                    made: r.created_at.with_timezone(&chrono_tz::Europe::Oslo).date_naive(),
                })
            })
            .collect();
        Ok(Self { requirements, tree })
    }

    /// The requirements that apply to `person`.
    pub fn applying<'a>(&'a self, person: &'a Person) -> impl Iterator<Item = &'a Requirement> + 'a {
        let units = person.unit_id.map(|u| self.tree.upwards(u)).unwrap_or_default();
        self.requirements.iter().filter(move |r| match &r.scope {
            Scope::Unit(unit) => units.contains(unit),
            Scope::UserType(kind) => person.user_type.as_deref() == Some(kind.as_str()),
            Scope::Employer(employer) => person.employer_id == Some(*employer),
        })
    }

    /// The things required of anyone, each once, in the order the requirements were made.
    pub fn things(&self) -> Vec<(Thing, RequiredThing)> {
        let mut seen = HashSet::new();
        self.requirements
            .iter()
            .filter(|r| seen.insert(r.thing))
            .map(|r| (r.thing, r.required.clone()))
            .collect()
    }
}

/// What each person has towards each thing, for these people (at most a few hundred at a time).
pub async fn evidence<C: ConnectionTrait>(
    conn: &C,
    people: &[i64],
    things: &[Thing],
) -> Result<HashMap<(i64, Thing), Evidence>, DbErr> {
    let courses: Vec<i64> = things
        .iter()
        .filter_map(|t| match t {
            Thing::Course(id) => Some(*id),
            Thing::Path(_) => None,
        })
        .collect();
    let paths: Vec<i64> = things
        .iter()
        .filter_map(|t| match t {
            Thing::Path(id) => Some(*id),
            Thing::Course(_) => None,
        })
        .collect();
    let mut found: HashMap<(i64, Thing), Evidence> = HashMap::new();
    if people.is_empty() || things.is_empty() {
        return Ok(found);
    }
    let latest = completions(conn, people, &courses, &mut found).await?;
    followed_paths(conn, people, &paths, &mut found).await?;
    for (person, course) in started(conn, people, &courses, &latest).await? {
        found
            .entry((person, Thing::Course(course)))
            .or_default()
            .in_progress = true;
    }
    Ok(found)
}

type Recorded = (i64, i64, Option<NaiveDate>, Option<DateTime<Utc>>, DateTime<Utc>);
type Followed = (i64, i64, Option<DateTime<Utc>>, Option<NaiveDate>);

/// The completions not revoked, held; returns when each person last completed each course or
/// had a completion revoked.
async fn completions<C: ConnectionTrait>(
    conn: &C,
    people: &[i64],
    courses: &[i64],
    found: &mut HashMap<(i64, Thing), Evidence>,
) -> Result<HashMap<(i64, i64), DateTime<Utc>>, DbErr> {
    let recorded: Vec<Recorded> = completion::Entity::find()
        .select_only()
        .columns([
            completion::Column::AccountId,
            completion::Column::CourseId,
            completion::Column::ValidUntil,
            completion::Column::RevokedAt,
            completion::Column::CreatedAt,
        ])
        .filter(completion::Column::AccountId.is_in(people.iter().copied()))
        .filter(completion::Column::CourseId.is_in(courses.iter().copied()))
        .into_tuple()
        .all(conn)
        .await?;
    let mut latest: HashMap<(i64, i64), DateTime<Utc>> = HashMap::new();
    for (person, course, until, revoked, at) in recorded {
        // A revocation ends what came before it too: the player's last save after the test.
        let at = revoked.map_or(at, |revoked| revoked.max(at));
        let last = latest.entry((person, course)).or_insert(at);
        *last = (*last).max(at);
        if revoked.is_none() {
            found
                .entry((person, Thing::Course(course)))
                .or_default()
                .hold(until);
        }
    }
    Ok(latest)
}

/// Paths: a completed one (its certificate not revoked) held, one being followed in progress.
async fn followed_paths<C: ConnectionTrait>(
    conn: &C,
    people: &[i64],
    paths: &[i64],
    found: &mut HashMap<(i64, Thing), Evidence>,
) -> Result<(), DbErr> {
    let followers: Vec<Followed> = follower::Entity::find()
        .select_only()
        .columns([
            follower::Column::AccountId,
            follower::Column::PathId,
            follower::Column::CompletedAt,
            follower::Column::ValidUntil,
        ])
        .filter(follower::Column::AccountId.is_in(people.iter().copied()))
        .filter(follower::Column::PathId.is_in(paths.iter().copied()))
        .filter(follower::Column::RevokedAt.is_null())
        .into_tuple()
        .all(conn)
        .await?;
    for (person, path, completed, until) in followers {
        let evidence = found.entry((person, Thing::Path(path))).or_default();
        match completed {
            Some(_) => evidence.hold(until),
            None => evidence.in_progress = true,
        }
    }
    Ok(())
}

/// (person, course) for each course started: a place on a session still to come, e-learning
/// opened since the last completion or revocation (progress from before it is that
/// completion's), or a package attempt not finished.
async fn started<C: ConnectionTrait>(
    conn: &C,
    people: &[i64],
    courses: &[i64],
    latest: &HashMap<(i64, i64), DateTime<Utc>>,
) -> Result<Vec<(i64, i64)>, DbErr> {
    let mut started: Vec<(i64, i64)> = enrolment::Entity::find()
        .select_only()
        .column(enrolment::Column::AccountId)
        .column(session::Column::CourseId)
        .join(JoinType::InnerJoin, enrolment::Relation::Session.def())
        .filter(enrolment::Column::AccountId.is_in(people.iter().copied()))
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
    started.extend(
        progress::Entity::find()
            .select_only()
            .columns([
                progress::Column::AccountId,
                progress::Column::CourseId,
                progress::Column::UpdatedAt,
            ])
            .filter(progress::Column::AccountId.is_in(people.iter().copied()))
            .filter(progress::Column::CourseId.is_in(courses.iter().copied()))
            .into_tuple::<(i64, i64, DateTime<Utc>)>()
            .all(conn)
            .await?
            .into_iter()
            .filter(|(person, course, at)| latest.get(&(*person, *course)).is_none_or(|done| at > done))
            .map(|(person, course, _)| (person, course)),
    );
    started.extend(
        elearning_package_attempt::Entity::find()
            .select_only()
            .columns([
                elearning_package_attempt::Column::AccountId,
                elearning_package_attempt::Column::CourseId,
            ])
            .filter(elearning_package_attempt::Column::AccountId.is_in(people.iter().copied()))
            .filter(elearning_package_attempt::Column::CourseId.is_in(courses.iter().copied()))
            .filter(elearning_package_attempt::Column::CompletedAt.is_null())
            .into_tuple::<(i64, i64)>()
            .all(conn)
            .await?,
    );
    Ok(started)
}

/// One person's standing with one requirement.
#[derive(Debug, Clone)]
pub struct Standing {
    pub status: RequirementStatus,
    pub valid_until: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
}

/// The standing from the evidence found.
pub fn standing(
    requirement: &Requirement,
    person: &Person,
    found: &HashMap<(i64, Thing), Evidence>,
    today: NaiveDate,
) -> Standing {
    let evidence = found
        .get(&(person.id, requirement.thing))
        .copied()
        .unwrap_or_default();
    let due = status::due(person.start, requirement.made, requirement.deadline_days);
    let status = status::status(evidence, due, today);
    Standing {
        status,
        valid_until: evidence.held.flatten(),
        due: (!status.is_held()).then_some(due).flatten(),
    }
}

/// The row an administrator's form describes, or every problem at its field.
pub async fn check<C: ConnectionTrait>(
    form: &RequirementForm,
    conn: &C,
    tree: &Tree,
) -> Result<requirement::ActiveModel, AppError> {
    {
        use sea_orm::Set;
        let mut issues = Vec::new();
        let mut row = requirement::ActiveModel {
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        let code = form.required.trim().to_uppercase();
        if let Some(c) = course::Entity::find()
            .filter(course::Column::Code.eq(&code))
            .one(conn)
            .await?
        {
            row.course_id = Set(Some(c.id));
        } else if let Some(p) = path::Entity::find()
            .filter(path::Column::Code.eq(&code))
            .one(conn)
            .await?
        {
            row.path_id = Set(Some(p.id));
        } else {
            issues.push(issue(
                "required",
                "Skriv koden til et kurs eller et opplæringsløp, for eksempel HMS-100.",
            ));
        }
        match form.scope.as_str() {
            "unit" => match UnitCode::parse(&form.unit)
                .ok()
                .and_then(|c| tree.by_code(c.as_str()))
            {
                Some(unit) => row.unit_id = Set(Some(unit.id)),
                None => issues.push(issue("unit", "Det finnes ingen enhet med den koden.")),
            },
            "user_type" => match UserType::parse(&form.user_type) {
                Some(kind) => row.user_type = Set(Some(kind.as_str().to_string())),
                None => issues.push(issue("user_type", "Velg en brukertype.")),
            },
            "employer" => {
                let company = match OrgNumber::parse(&form.employer) {
                    Ok(number) => {
                        company::Entity::find()
                            .filter(company::Column::OrgNumber.eq(number.as_str()))
                            .one(conn)
                            .await?
                    }
                    Err(_) => None,
                };
                match company {
                    Some(c) => row.employer_id = Set(Some(c.id)),
                    None => issues.push(issue(
                        "employer",
                        "Skriv organisasjonsnummeret til en arbeidsgiver i Kursportalen.",
                    )),
                }
            }
            _ => issues.push(issue("scope", "Velg hvem kravet gjelder for.")),
        }
        let deadline = form.deadline_days.trim();
        if !deadline.is_empty() {
            match deadline.parse::<i32>() {
                Ok(days) if (1..=3650).contains(&days) => row.deadline_days = Set(Some(days)),
                _ => issues.push(issue(
                    "deadline_days",
                    "Fristen er et antall dager fra 1 til 3650, eller tom.",
                )),
            }
        }
        if issues.is_empty() {
            Ok(row)
        } else {
            Err(AppError::InvalidForm { fields: issues })
        }
    }
}

/// Every requirement as the admin area lists it.
pub async fn lines<C: ConnectionTrait>(conn: &C, book: &Rulebook) -> Result<Vec<RequirementLine>, DbErr> {
    let employers: HashMap<i64, String> = company::Entity::find()
        .filter(
            company::Column::Id.is_in(book.requirements.iter().filter_map(|r| match r.scope {
                Scope::Employer(id) => Some(id),
                _ => None,
            })),
        )
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    Ok(book
        .requirements
        .iter()
        .map(|r| RequirementLine {
            id: r.id,
            required: r.required.clone(),
            scope: match &r.scope {
                Scope::Unit(id) => {
                    let unit = book.tree.get(*id);
                    RequirementScope::Unit {
                        code: unit.map(|u| u.code.clone()).unwrap_or_default(),
                        name: unit.map(|u| u.name.clone()).unwrap_or_default(),
                    }
                }
                Scope::UserType(kind) => RequirementScope::UserType {
                    user_type: kind.clone(),
                },
                Scope::Employer(id) => RequirementScope::Employer {
                    name: employers.get(id).cloned().unwrap_or_default(),
                },
            },
            deadline_days: r.deadline_days,
        })
        .collect())
}
