//! `PathService` over the database.
use super::{
    entities::{follower, path, signoff, step},
    rules::{self, State},
};
use crate::courses::time::{day as date, today};
use crate::{
    accounts::entity as account,
    audit,
    courses::{
        course,
        enrolment::{self, ENROLLED},
        session,
        time::when,
    },
    learning::{
        completion,
        rules::{CertificateCode, is_expired, valid_until},
    },
};
use app::{
    accounts::{service::SessionAccount, types::Role},
    catalogue::types::CourseKind,
    error::{AppError, FieldIssue},
    paths::{
        service::PathService,
        types::{
            PathAdmin, PathForm, PathParticipant, PathSummary, PlanStep, StepForm, StepSession, StepState,
            TrainingPlan,
        },
    },
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    Set, TransactionTrait, sea_query::Expr,
};
use std::collections::HashMap;

#[derive(Clone)]
pub struct PathRepo {
    db: DatabaseConnection,
}

fn internal(error: impl std::fmt::Display) -> AppError {
    tracing::error!(%error, "learning paths failed");
    AppError::Internal
}

fn role(person: &account::Model) -> Role {
    Role::parse(&person.role).unwrap_or(Role::Learner)
}

fn may_edit(person: &account::Model) -> bool {
    matches!(role(person), Role::CourseAdmin | Role::Admin)
}

fn may_sign(person: &account::Model) -> bool {
    matches!(role(person), Role::Instructor | Role::CourseAdmin | Role::Admin)
}

fn invalid(issues: Vec<(&str, &str)>) -> AppError {
    AppError::InvalidForm {
        fields: issues
            .into_iter()
            .map(|(field, message)| FieldIssue {
                field: field.into(),
                message: message.into(),
            })
            .collect(),
    }
}

fn requirement(step: &step::Model) -> Option<String> {
    let amount = step.required_amount?;
    let unit = match step.required_unit.as_deref() {
        Some("days") => "dager",
        _ => "timer",
    };
    Some(format!("{amount} {unit}"))
}

/// One step with what the learner has done of it.
struct Facts {
    step: step::Model,
    kind: CourseKind,
    course: Option<course::Model>,
    done: Option<(NaiveDate, Option<String>)>,
}

impl PathRepo {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    async fn actor(&self, who: SessionAccount) -> Result<account::Model, AppError> {
        account::session_owner(&self.db, who)
            .await
            .map_err(internal)?
            .ok_or(AppError::Unauthenticated)
    }

    async fn path_by_code(&self, code: &str) -> Result<path::Model, AppError> {
        path::Entity::find()
            .filter(path::Column::Code.eq(code.trim().to_uppercase()))
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)
    }

    async fn steps(&self, path_id: i64) -> Result<Vec<step::Model>, AppError> {
        step::Entity::find()
            .filter(step::Column::PathId.eq(path_id))
            .order_by_asc(step::Column::Position)
            .order_by_asc(step::Column::Id)
            .all(&self.db)
            .await
            .map_err(internal)
    }

    async fn follower(&self, path_id: i64, account_id: i64) -> Result<Option<follower::Model>, AppError> {
        follower::Entity::find()
            .filter(follower::Column::PathId.eq(path_id))
            .filter(follower::Column::AccountId.eq(account_id))
            .one(&self.db)
            .await
            .map_err(internal)
    }

    /// What `account_id` has done of each step.
    async fn facts(
        &self,
        steps: Vec<step::Model>,
        account_id: i64,
        enrolment: Option<&follower::Model>,
    ) -> Result<Vec<Facts>, AppError> {
        let course_ids: Vec<i64> = steps.iter().filter_map(|s| s.course_id).collect();
        let courses: HashMap<i64, course::Model> = course::Entity::find()
            .filter(course::Column::Id.is_in(course_ids.clone()))
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let today = today();
        let mut passed: HashMap<i64, NaiveDate> = HashMap::new();
        for item in completion::Entity::find()
            .filter(completion::Column::AccountId.eq(account_id))
            .filter(completion::Column::CourseId.is_in(course_ids))
            .filter(completion::Column::RevokedAt.is_null())
            .all(&self.db)
            .await
            .map_err(internal)?
        {
            if !is_expired(item.valid_until, today) {
                let entry = passed.entry(item.course_id).or_insert(item.completed_on);
                *entry = (*entry).max(item.completed_on);
            }
        }
        let signed: HashMap<i64, signoff::Model> = match enrolment {
            Some(enrolment) => signoff::Entity::find()
                .filter(signoff::Column::PathEnrolmentId.eq(enrolment.id))
                .all(&self.db)
                .await
                .map_err(internal)?
                .into_iter()
                .map(|s| (s.step_id, s))
                .collect(),
            None => HashMap::new(),
        };
        let signers: HashMap<i64, String> = account::Entity::find()
            .filter(account::Column::Id.is_in(signed.values().map(|s| s.signed_by).collect::<Vec<_>>()))
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|a| (a.id, a.full_name))
            .collect();
        Ok(steps
            .into_iter()
            .map(|step| {
                let kind = CourseKind::parse(&step.kind).unwrap_or(CourseKind::Practice);
                let course = step.course_id.and_then(|id| courses.get(&id).cloned());
                let done = if rules::needs_signoff(kind) {
                    signed.get(&step.id).map(|s| {
                        let by = signers.get(&s.signed_by).cloned().unwrap_or_default();
                        let detail = if s.comment.is_empty() {
                            by
                        } else {
                            format!("{by}: {}", s.comment)
                        };
                        (s.signed_on, Some(detail))
                    })
                } else {
                    step.course_id.and_then(|id| passed.get(&id)).map(|d| (*d, None))
                };
                Facts {
                    step,
                    kind,
                    course,
                    done,
                }
            })
            .collect())
    }

    /// Upcoming sessions of a course, and the one the learner is enrolled in.
    async fn sessions_of(
        &self,
        course_id: i64,
        account_id: i64,
    ) -> Result<(Vec<StepSession>, Option<String>), AppError> {
        let upcoming = session::Entity::find()
            .filter(session::Column::CourseId.eq(course_id))
            .filter(session::Column::StartsAt.gt(Utc::now()))
            .filter(session::Column::CancelledAt.is_null())
            .order_by_asc(session::Column::StartsAt)
            .all(&self.db)
            .await
            .map_err(internal)?;
        // The seats of every session in one query, not two per session.
        let seated = enrolment::Entity::find()
            .filter(enrolment::Column::SessionId.is_in(upcoming.iter().map(|s| s.id).collect::<Vec<_>>()))
            .filter(enrolment::Column::Status.eq(ENROLLED))
            .all(&self.db)
            .await
            .map_err(internal)?;
        let mut list = Vec::new();
        let mut mine = None;
        for s in upcoming {
            let here = seated.iter().filter(|e| e.session_id == s.id);
            let taken = here.clone().count();
            let own = here.clone().any(|e| e.account_id == account_id);
            let text = when(s.starts_at, s.ends_at);
            if own {
                mine = Some(format!("{text}, {}", s.place));
            }
            list.push(StepSession {
                id: s.id,
                when: text,
                place: s.place,
                free_seats: i64::from(s.capacity) - i64::try_from(taken).unwrap_or(0),
            });
        }
        Ok((list, mine))
    }

    async fn plan_steps(
        &self,
        facts: Vec<Facts>,
        path: &path::Model,
        account_id: i64,
        with_sessions: bool,
    ) -> Result<Vec<PlanStep>, AppError> {
        let done: Vec<bool> = facts.iter().map(|f| f.done.is_some()).collect();
        let states = rules::states(&done, path.enforce_order);
        let mut out = Vec::new();
        for (index, (fact, state)) in facts.into_iter().zip(states).enumerate() {
            let (sessions, enrolled_in) = match (&fact.course, fact.kind, state) {
                (
                    Some(course),
                    CourseKind::Classroom | CourseKind::WrittenExam | CourseKind::PracticalExam,
                    State::Open | State::Locked,
                ) if with_sessions => self.sessions_of(course.id, account_id).await?,
                _ => (Vec::new(), None),
            };
            out.push(PlanStep {
                id: fact.step.id,
                number: u32::try_from(index + 1).unwrap_or(0),
                kind: fact.kind,
                title: fact.step.title.clone(),
                course_code: fact.course.as_ref().map(|c| c.code.clone()),
                requirement: requirement(&fact.step),
                state: match (state, fact.done) {
                    (State::Done, Some((on, detail))) => StepState::Done { on: date(on), detail },
                    (State::Locked, _) => StepState::Locked,
                    _ => StepState::Open,
                },
                sessions,
                enrolled_in,
                needs_signoff: rules::needs_signoff(fact.kind),
            });
        }
        Ok(out)
    }

    /// Marks the path complete for the follower the first time every step is done, with a
    /// certificate and, when the path has a validity, the last valid day. Returns the
    /// completion date and the certificate code.
    async fn settle(
        &self,
        path: &path::Model,
        follower: &follower::Model,
        steps: &[PlanStep],
        actor: Option<i64>,
    ) -> Result<(Option<String>, Option<String>), AppError> {
        let printed = |code: Option<&str>| {
            code.and_then(|c| CertificateCode::parse(c).ok())
                .map(|c| c.to_string())
        };
        let done: Vec<bool> = steps
            .iter()
            .map(|s| matches!(s.state, StepState::Done { .. }))
            .collect();
        if let Some(at) = follower.completed_at {
            let on = date(at.with_timezone(&chrono_tz::Europe::Oslo).date_naive());
            return Ok((Some(on), printed(follower.certificate_code.as_deref())));
        }
        if !rules::complete(&done) {
            return Ok((None, None));
        }
        let now = Utc::now();
        let code = CertificateCode::generate();
        let txn = self.db.begin().await.map_err(internal)?;
        let marked = follower::Entity::update_many()
            .col_expr(follower::Column::CompletedAt, Expr::value(now))
            .col_expr(
                follower::Column::CertificateCode,
                Expr::value(code.as_str().to_string()),
            )
            .col_expr(
                follower::Column::ValidUntil,
                Expr::value(valid_until(today(), path.validity_months)),
            )
            .filter(follower::Column::Id.eq(follower.id))
            .filter(follower::Column::CompletedAt.is_null())
            .exec(&txn)
            .await
            .map_err(internal)?;
        if marked.rows_affected == 1 {
            audit::record(
                &txn,
                actor,
                "path.completed",
                Some(follower.account_id),
                Some(follower.path_id.to_string()),
            )
            .await
            .map_err(internal)?;
        }
        txn.commit().await.map_err(internal)?;
        if marked.rows_affected == 1 {
            return Ok((Some(date(today())), Some(code.to_string())));
        }
        // Another request completed it first: show what that one stored.
        let stored = self.follower(follower.path_id, follower.account_id).await?;
        Ok((
            Some(date(today())),
            printed(stored.and_then(|f| f.certificate_code).as_deref()),
        ))
    }

    async fn summaries(
        &self,
        paths: Vec<path::Model>,
        account_id: i64,
    ) -> Result<Vec<PathSummary>, AppError> {
        let mine: Vec<i64> = follower::Entity::find()
            .filter(follower::Column::AccountId.eq(account_id))
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|f| f.path_id)
            .collect();
        let mut out = Vec::new();
        for p in paths {
            let steps = step::Entity::find()
                .filter(step::Column::PathId.eq(p.id))
                .count(&self.db)
                .await
                .map_err(internal)?;
            out.push(PathSummary {
                mine: mine.contains(&p.id),
                code: p.code,
                title: p.title,
                description: p.description,
                steps: u32::try_from(steps).unwrap_or(0),
                enforce_order: p.enforce_order,
                published: p.published,
            });
        }
        Ok(out)
    }

    async fn editor(&self, who: SessionAccount) -> Result<account::Model, AppError> {
        let actor = self.actor(who).await?;
        if !may_edit(&actor) {
            tracing::warn!(account_id = actor.id, "learning path editing refused");
            return Err(AppError::Forbidden);
        }
        Ok(actor)
    }

    async fn enrol(
        &self,
        path: &path::Model,
        account_id: i64,
        assigned_by: Option<i64>,
    ) -> Result<bool, AppError> {
        let inserted = follower::Entity::insert(follower::ActiveModel {
            path_id: Set(path.id),
            account_id: Set(account_id),
            assigned_by: Set(assigned_by),
            created_at: Set(Utc::now()),
            completed_at: Set(None),
            ..Default::default()
        })
        .on_conflict(
            sea_orm::sea_query::OnConflict::columns([follower::Column::PathId, follower::Column::AccountId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&self.db)
        .await
        .map_err(internal)?;
        Ok(inserted == 1)
    }
}

#[async_trait::async_trait]
impl PathService for PathRepo {
    async fn paths(&self, who: SessionAccount) -> Result<Vec<PathSummary>, AppError> {
        let actor = self.actor(who).await?;
        let paths = path::Entity::find()
            .filter(path::Column::Published.eq(true))
            .order_by_asc(path::Column::Title)
            .all(&self.db)
            .await
            .map_err(internal)?;
        self.summaries(paths, actor.id).await
    }

    async fn join(&self, who: SessionAccount, code: &str) -> Result<(), AppError> {
        let actor = self.actor(who).await?;
        let path = self.path_by_code(code).await?;
        if !path.published {
            return Err(AppError::NotFound);
        }
        if self.enrol(&path, actor.id, None).await? {
            audit::record(
                &self.db,
                Some(actor.id),
                "path.joined",
                Some(actor.id),
                Some(path.code.clone()),
            )
            .await
            .map_err(internal)?;
        }
        Ok(())
    }

    async fn plan(&self, who: SessionAccount, code: &str) -> Result<TrainingPlan, AppError> {
        let actor = self.actor(who).await?;
        let path = self.path_by_code(code).await?;
        let follower = self
            .follower(path.id, actor.id)
            .await?
            .ok_or(AppError::NotFound)?;
        let facts = self
            .facts(self.steps(path.id).await?, actor.id, Some(&follower))
            .await?;
        let steps = self.plan_steps(facts, &path, actor.id, true).await?;
        let (completed_on, certificate_code) = self.settle(&path, &follower, &steps, Some(actor.id)).await?;
        Ok(TrainingPlan {
            certificate_code,
            code: path.code,
            title: path.title,
            description: path.description,
            enforce_order: path.enforce_order,
            learner_name: actor.full_name,
            done: u32::try_from(
                steps
                    .iter()
                    .filter(|s| matches!(s.state, StepState::Done { .. }))
                    .count(),
            )
            .unwrap_or(0),
            steps,
            completed_on,
        })
    }

    async fn admin_paths(&self, who: SessionAccount) -> Result<Vec<PathSummary>, AppError> {
        let actor = self.actor(who).await?;
        if !may_sign(&actor) {
            return Err(AppError::Forbidden);
        }
        let paths = path::Entity::find()
            .order_by_asc(path::Column::Title)
            .all(&self.db)
            .await
            .map_err(internal)?;
        self.summaries(paths, actor.id).await
    }

    async fn save_path(
        &self,
        who: SessionAccount,
        original_code: &str,
        form: PathForm,
    ) -> Result<String, AppError> {
        let actor = self.editor(who).await?;
        let code = form.code.trim().to_uppercase();
        let title = form.title.trim();
        let mut issues = Vec::new();
        if code.len() < 2 || code.len() > 40 || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            issues.push((
                "code",
                "Koden skal ha 2–40 tegn: bokstaver A–Z, sifre og bindestrek.",
            ));
        }
        if title.is_empty() || title.chars().count() > 200 {
            issues.push(("title", "Skriv en tittel på høyst 200 tegn."));
        }
        let validity = match form.validity_months.trim() {
            "" => None,
            text => match text.parse::<i32>() {
                Ok(months) if (1..=240).contains(&months) => Some(months),
                _ => {
                    issues.push((
                        "validity_months",
                        "Skriv antall måneder (1–240), eller la feltet stå tomt.",
                    ));
                    None
                }
            },
        };
        if !issues.is_empty() {
            return Err(invalid(issues));
        }
        let taken = path::Entity::find()
            .filter(path::Column::Code.eq(code.clone()))
            .one(&self.db)
            .await
            .map_err(internal)?;
        if original_code.trim().is_empty() {
            if taken.is_some() {
                return Err(AppError::Taken {
                    field: "code".into(),
                    message: "Et opplæringsløp har denne koden allerede.".into(),
                });
            }
            path::ActiveModel {
                code: Set(code.clone()),
                title: Set(title.to_string()),
                description: Set(form.description.trim().to_string()),
                enforce_order: Set(form.enforce_order),
                published: Set(form.published),
                validity_months: Set(validity),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&self.db)
            .await
            .map_err(internal)?;
        } else {
            let existing = self.path_by_code(original_code).await?;
            if taken.as_ref().is_some_and(|t| t.id != existing.id) {
                return Err(AppError::Taken {
                    field: "code".into(),
                    message: "Et opplæringsløp har denne koden allerede.".into(),
                });
            }
            let mut active: path::ActiveModel = existing.into();
            active.code = Set(code.clone());
            active.title = Set(title.to_string());
            active.description = Set(form.description.trim().to_string());
            active.enforce_order = Set(form.enforce_order);
            active.published = Set(form.published);
            active.validity_months = Set(validity);
            active.update(&self.db).await.map_err(internal)?;
        }
        audit::record(&self.db, Some(actor.id), "path.saved", None, Some(code.clone()))
            .await
            .map_err(internal)?;
        Ok(code)
    }

    async fn path_admin(&self, who: SessionAccount, code: &str) -> Result<PathAdmin, AppError> {
        let actor = self.actor(who).await?;
        if !may_sign(&actor) {
            return Err(AppError::Forbidden);
        }
        let path = self.path_by_code(code).await?;
        let steps = self.steps(path.id).await?;
        let outline = self
            .plan_steps(self.facts(steps.clone(), 0, None).await?, &path, 0, false)
            .await?;
        let followers = follower::Entity::find()
            .filter(follower::Column::PathId.eq(path.id))
            .order_by_asc(follower::Column::CreatedAt)
            .all(&self.db)
            .await
            .map_err(internal)?;
        let people: HashMap<i64, account::Model> = account::Entity::find()
            .filter(account::Column::Id.is_in(followers.iter().map(|f| f.account_id).collect::<Vec<_>>()))
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        let mut participants = Vec::new();
        for f in &followers {
            let facts = self.facts(steps.clone(), f.account_id, Some(f)).await?;
            let plan = self.plan_steps(facts, &path, f.account_id, false).await?;
            let (completed_on, _) = self.settle(&path, f, &plan, Some(actor.id)).await?;
            let person = people.get(&f.account_id);
            participants.push(PathParticipant {
                account_id: f.account_id,
                name: person.map(|p| p.full_name.clone()).unwrap_or_default(),
                email: person.and_then(|p| p.email.clone()).unwrap_or_default(),
                done: u32::try_from(
                    plan.iter()
                        .filter(|s| matches!(s.state, StepState::Done { .. }))
                        .count(),
                )
                .unwrap_or(0),
                completed_on,
                to_sign: plan
                    .iter()
                    .filter(|s| s.needs_signoff && s.state == StepState::Open)
                    .map(|s| (s.id, s.title.clone()))
                    .collect(),
            });
        }
        Ok(PathAdmin {
            form: PathForm {
                code: path.code.clone(),
                title: path.title.clone(),
                description: path.description.clone(),
                enforce_order: path.enforce_order,
                published: path.published,
                validity_months: path.validity_months.map(|m| m.to_string()).unwrap_or_default(),
            },
            steps: outline,
            participants,
            can_edit: may_edit(&actor),
            today: today().format("%Y-%m-%d").to_string(),
        })
    }

    async fn add_step(&self, who: SessionAccount, code: &str, form: StepForm) -> Result<(), AppError> {
        let actor = self.editor(who).await?;
        let path = self.path_by_code(code).await?;
        let mut issues = Vec::new();
        let kind = CourseKind::parse(form.kind.trim());
        if kind.is_none() {
            issues.push(("kind", "Velg hva slags steg dette er."));
        }
        let course = match form.course_code.trim() {
            "" => None,
            text => {
                let found = course::Entity::find()
                    .filter(course::Column::Code.eq(text.to_uppercase()))
                    .one(&self.db)
                    .await
                    .map_err(internal)?;
                if found.is_none() {
                    issues.push(("course_code", "Vi finner ikke noe kurs med denne koden."));
                }
                found
            }
        };
        if let Some(kind) = kind
            && !rules::needs_signoff(kind)
            && course.is_none()
            && form.course_code.trim().is_empty()
        {
            issues.push((
                "course_code",
                "Dette steget fullføres med et kurs: skriv kurskoden.",
            ));
        }
        let amount = match form.amount.trim() {
            "" => None,
            text => match text.parse::<i32>() {
                Ok(n) if (1..=10_000).contains(&n) => Some(n),
                _ => {
                    issues.push(("amount", "Skriv et helt antall timer eller dager."));
                    None
                }
            },
        };
        let unit = match form.unit.trim() {
            "" | "hours" => "hours",
            "days" => "days",
            _ => {
                issues.push(("unit", "Velg timer eller dager."));
                "hours"
            }
        };
        let title = match (form.title.trim(), &course) {
            ("", Some(course)) => course.title.clone(),
            ("", None) => {
                issues.push(("title", "Gi steget en tittel."));
                String::new()
            }
            (title, _) => title.to_string(),
        };
        if !issues.is_empty() {
            return Err(invalid(issues));
        }
        let position = step::Entity::find()
            .filter(step::Column::PathId.eq(path.id))
            .count(&self.db)
            .await
            .map_err(internal)?;
        step::ActiveModel {
            path_id: Set(path.id),
            position: Set(i32::try_from(position).unwrap_or(0)),
            kind: Set(kind.map(CourseKind::as_str).unwrap_or_default().to_string()),
            course_id: Set(course.map(|c| c.id)),
            title: Set(title),
            required_amount: Set(amount),
            required_unit: Set(amount.map(|_| unit.to_string())),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .map_err(internal)?;
        audit::record(
            &self.db,
            Some(actor.id),
            "path.step_added",
            None,
            Some(path.code.clone()),
        )
        .await
        .map_err(internal)?;
        Ok(())
    }

    async fn remove_step(&self, who: SessionAccount, code: &str, step_id: i64) -> Result<(), AppError> {
        let actor = self.editor(who).await?;
        let path = self.path_by_code(code).await?;
        let txn = self.db.begin().await.map_err(internal)?;
        let removed = step::Entity::delete_many()
            .filter(step::Column::Id.eq(step_id))
            .filter(step::Column::PathId.eq(path.id))
            .exec(&txn)
            .await
            .map_err(internal)?;
        if removed.rows_affected == 0 {
            return Err(AppError::NotFound);
        }
        signoff::Entity::delete_many()
            .filter(signoff::Column::StepId.eq(step_id))
            .exec(&txn)
            .await
            .map_err(internal)?;
        audit::record(
            &txn,
            Some(actor.id),
            "path.step_removed",
            None,
            Some(format!("{} {step_id}", path.code)),
        )
        .await
        .map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        Ok(())
    }

    async fn assign(&self, who: SessionAccount, code: &str, email: &str) -> Result<(), AppError> {
        let actor = self.editor(who).await?;
        let path = self.path_by_code(code).await?;
        let person = account::Entity::find()
            .filter(account::Column::Email.eq(email.trim().to_lowercase()))
            .filter(account::Column::ActivatedAt.is_not_null())
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or_else(|| {
                AppError::invalid(
                    "email",
                    "Vi finner ingen aktivert bruker med denne e-postadressen.",
                )
            })?;
        if !self.enrol(&path, person.id, Some(actor.id)).await? {
            return Err(AppError::Conflict {
                message: "Personen følger allerede dette opplæringsløpet.".into(),
            });
        }
        audit::record(
            &self.db,
            Some(actor.id),
            "path.assigned",
            Some(person.id),
            Some(path.code.clone()),
        )
        .await
        .map_err(internal)?;
        Ok(())
    }

    async fn sign_off(
        &self,
        who: SessionAccount,
        code: &str,
        account_id: i64,
        step_id: i64,
        day: &str,
        comment: &str,
    ) -> Result<(), AppError> {
        let actor = self.actor(who).await?;
        // Nobody vouches for their own practice or exam.
        if !may_sign(&actor) || actor.id == account_id {
            tracing::warn!(account_id = actor.id, "sign-off refused");
            return Err(AppError::Forbidden);
        }
        let path = self.path_by_code(code).await?;
        let follower = self
            .follower(path.id, account_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let signed_on = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")
            .map_err(|_| AppError::invalid("date", "Skriv datoen steget ble bestått."))?;
        if signed_on > today() {
            return Err(AppError::invalid("date", "Datoen kan ikke være fram i tid."));
        }
        if comment.chars().count() > 1000 {
            return Err(AppError::invalid(
                "comment",
                "Kommentaren kan være på høyst 1000 tegn.",
            ));
        }
        let facts = self
            .facts(self.steps(path.id).await?, account_id, Some(&follower))
            .await?;
        let plan = self.plan_steps(facts, &path, account_id, false).await?;
        let target = plan.iter().find(|s| s.id == step_id).ok_or(AppError::NotFound)?;
        if !target.needs_signoff {
            return Err(AppError::Conflict {
                message: "Dette steget fullføres med kurset, ikke med signering.".into(),
            });
        }
        match target.state {
            StepState::Done { .. } => {
                return Err(AppError::Conflict {
                    message: "Steget er allerede signert.".into(),
                });
            }
            StepState::Locked => {
                return Err(AppError::Conflict {
                    message: "Stegene før dette må være fullført først.".into(),
                });
            }
            StepState::Open => {}
        }
        let txn = self.db.begin().await.map_err(internal)?;
        signoff::ActiveModel {
            path_enrolment_id: Set(follower.id),
            step_id: Set(step_id),
            signed_by: Set(actor.id),
            signed_on: Set(signed_on),
            comment: Set(comment.trim().to_string()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|_| AppError::Conflict {
            message: "Steget er allerede signert.".into(),
        })?;
        audit::record(
            &txn,
            Some(actor.id),
            "path.signed_off",
            Some(account_id),
            Some(format!("{} step {step_id} {signed_on}", path.code)),
        )
        .await
        .map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        Ok(())
    }
}
