//! Requirements: a course or a learning path required for a unit and its sub-units, for a user
//! type, or for everyone employed by an employer, optionally within a number of days of a
//! person's start; and what people have towards them (`Evidence`), read in batches.
use super::{
    status::{self, Evidence},
    units::{Tree, issue},
};
use crate::entity::{account, company, course, path, requirement};
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
use chrono::{NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
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
    pub fn applying<'a>(&'a self, person: &Person) -> impl Iterator<Item = &'a Requirement> + 'a {
        let units = person.unit_id.map(|u| self.tree.upwards(u)).unwrap_or_default();
        let (kind, employer) = (person.user_type.clone(), person.employer_id);
        self.requirements.iter().filter(move |r| match &r.scope {
            Scope::Unit(unit) => units.contains(unit),
            Scope::UserType(k) => kind.as_deref() == Some(k.as_str()),
            Scope::Employer(e) => employer == Some(*e),
        })
    }

    /// What is required of `person`, each thing once, in the order the requirements were made.
    pub fn duties(&self, person: &Person) -> Vec<Duty<'_>> {
        let mut duties: Vec<Duty<'_>> = Vec::new();
        for r in self.applying(person) {
            let due = status::due(person.start, r.made, r.deadline_days);
            match duties.iter_mut().find(|d| d.thing() == r.thing) {
                Some(duty) => {
                    duty.due = match (duty.due, due) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    }
                }
                None => duties.push(Duty { requirement: r, due }),
            }
        }
        duties
    }

    /// The things required of anyone, in the order the requirements were made.
    pub fn things(&self) -> Vec<(Thing, RequiredThing)> {
        let mut seen = HashSet::new();
        self.requirements
            .iter()
            .filter(|r| seen.insert(r.thing))
            .map(|r| (r.thing, r.required.clone()))
            .collect()
    }
}

/// One person's standing with one requirement.
#[derive(Debug, Clone)]
pub struct Standing {
    pub status: RequirementStatus,
    pub valid_until: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
}

/// A thing required of a person: the first requirement that asks it (the one shown) and the
/// deadline, the earliest any requirement asking it gives (the strictest wins).
#[derive(Debug, Clone, Copy)]
pub struct Duty<'a> {
    pub requirement: &'a Requirement,
    pub due: Option<NaiveDate>,
}

impl Duty<'_> {
    pub fn thing(&self) -> Thing {
        self.requirement.thing
    }

    /// The standing from the evidence found.
    pub fn standing(
        &self,
        person: i64,
        found: &HashMap<(i64, Thing), Evidence>,
        today: NaiveDate,
    ) -> Standing {
        let evidence = found.get(&(person, self.thing())).copied().unwrap_or_default();
        let status = status::status(evidence, self.due, today);
        Standing {
            status,
            valid_until: evidence.held.flatten(),
            due: (!status.is_held()).then_some(self.due).flatten(),
        }
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
