//! `PathService` over the database.
use crate::common::time::{day as date, today};
use crate::{
    audit,
    common::time::when,
    enrolment::{self, ENROLLED},
    entity::{account, completion, course, session},
    learning::rules::{CertificateCode, is_expired, valid_until},
};
use crate::{
    entity::{follower, instructor, path, signoff, step},
    paths::rules::{self, State},
};
use app::{
    accounts::{service::Caller, types::Role},
    catalogue::types::CourseKind,
    error::{AppError, FieldIssue},
    paths::{
        service::PathService,
        types::{
            PathAdmin, PathForm, PathInstructor, PathParticipant, PathSummary, PlanStep, StepForm,
            StepSession, StepState, TrainingPlan,
        },
    },
};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, LoaderTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait, sea_query::Expr,
};
use std::collections::HashMap;

mod admin;
mod instructors;
mod sessions;

#[derive(Clone)]
pub struct PathRepo {
    db: DatabaseConnection,
}

fn role(person: &account::Model) -> Role {
    Role::parse(&person.role).unwrap_or(Role::Learner)
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

    async fn path_by_code(&self, code: &str) -> Result<path::Model, AppError> {
        path::Entity::find()
            .filter(path::Column::Code.eq(code.trim().to_uppercase()))
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)
    }

    async fn steps(&self, path_id: i64) -> Result<Vec<step::Model>, AppError> {
        Ok(step::Entity::find()
            .filter(step::Column::PathId.eq(path_id))
            .order_by_asc(step::Column::Position)
            .order_by_asc(step::Column::Id)
            .all(&self.db)
            .await?)
    }

    async fn follower(&self, path_id: i64, account_id: i64) -> Result<Option<follower::Model>, AppError> {
        Ok(follower::Entity::find()
            .filter(follower::Column::PathId.eq(path_id))
            .filter(follower::Column::AccountId.eq(account_id))
            .one(&self.db)
            .await?)
    }

    /// What `account_id` has done of each step.
    async fn facts(
        &self,
        steps: Vec<step::Model>,
        account_id: i64,
        enrolment: Option<&follower::Model>,
    ) -> Result<Vec<Facts>, AppError> {
        let course_ids: Vec<i64> = steps.iter().filter_map(|s| s.course_id).collect();
        let courses = steps.load_one(course::Entity, &self.db).await?;
        let today = today();
        let mut passed: HashMap<i64, NaiveDate> = HashMap::new();
        for item in completion::Entity::find()
            .filter(completion::Column::AccountId.eq(account_id))
            .filter(completion::Column::CourseId.is_in(course_ids))
            .filter(completion::Column::RevokedAt.is_null())
            .all(&self.db)
            .await?
        {
            if !is_expired(item.valid_until, today) {
                let entry = passed.entry(item.course_id).or_insert(item.completed_on);
                *entry = (*entry).max(item.completed_on);
            }
        }
        // Each signed step with the name of whoever signed it.
        let signed: HashMap<i64, (signoff::Model, String)> = match enrolment {
            Some(enrolment) => signoff::Entity::find()
                .filter(signoff::Column::PathEnrolmentId.eq(enrolment.id))
                .find_also_related(account::Entity)
                .all(&self.db)
                .await?
                .into_iter()
                .map(|(s, by)| (s.step_id, (s, by.map(|a| a.full_name).unwrap_or_default())))
                .collect(),
            None => HashMap::new(),
        };
        Ok(steps
            .into_iter()
            .zip(courses)
            .map(|(step, course)| {
                let kind = CourseKind::parse(&step.kind).unwrap_or(CourseKind::Practice);
                let done = if rules::needs_signoff(kind) {
                    signed.get(&step.id).map(|(s, by)| {
                        let by = by.clone();
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
        let txn = self.db.begin().await?;
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
            .await?;
        if marked.rows_affected == 1 {
            audit::record(
                &txn,
                actor,
                "path.completed",
                Some(follower.account_id),
                Some(follower.path_id.to_string()),
            )
            .await?;
        }
        txn.commit().await?;
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
            .await?
            .into_iter()
            .map(|f| f.path_id)
            .collect();
        let mut out = Vec::new();
        for p in paths {
            let steps = step::Entity::find()
                .filter(step::Column::PathId.eq(p.id))
                .count(&self.db)
                .await?;
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
        .await?;
        Ok(inserted == 1)
    }
}

#[async_trait::async_trait]
impl PathService for PathRepo {
    async fn paths(&self, actor: Caller) -> Result<Vec<PathSummary>, AppError> {
        let paths = path::Entity::find()
            .filter(path::Column::Published.eq(true))
            .order_by_asc(path::Column::Title)
            .all(&self.db)
            .await?;
        self.summaries(paths, actor.account_id).await
    }

    async fn join(&self, actor: Caller, code: &str) -> Result<(), AppError> {
        let path = self.path_by_code(code).await?;
        if !path.published {
            return Err(AppError::NotFound);
        }
        if self.enrol(&path, actor.account_id, None).await? {
            audit::record(
                &self.db,
                Some(actor.account_id),
                "path.joined",
                Some(actor.account_id),
                Some(path.code.clone()),
            )
            .await?;
        }
        Ok(())
    }

    async fn plan(&self, actor: Caller, code: &str) -> Result<TrainingPlan, AppError> {
        let path = self.path_by_code(code).await?;
        let follower = self
            .follower(path.id, actor.account_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let facts = self
            .facts(self.steps(path.id).await?, actor.account_id, Some(&follower))
            .await?;
        let steps = self.plan_steps(facts, &path, actor.account_id, true).await?;
        let (completed_on, certificate_code) = self
            .settle(&path, &follower, &steps, Some(actor.account_id))
            .await?;
        Ok(TrainingPlan {
            certificate_code,
            code: path.code,
            title: path.title,
            description: path.description,
            enforce_order: path.enforce_order,
            learner_name: actor.user.full_name,
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

    async fn admin_paths(&self, who: Caller) -> Result<Vec<PathSummary>, AppError> {
        admin::admin_paths(self, who).await
    }

    async fn save_path(&self, who: Caller, original_code: &str, form: PathForm) -> Result<String, AppError> {
        admin::save_path(self, who, original_code, form).await
    }

    async fn path_admin(&self, who: Caller, code: &str) -> Result<PathAdmin, AppError> {
        admin::path_admin(self, who, code).await
    }

    async fn add_step(&self, who: Caller, code: &str, form: StepForm) -> Result<(), AppError> {
        admin::add_step(self, who, code, form).await
    }

    async fn remove_step(&self, who: Caller, code: &str, step_id: i64) -> Result<(), AppError> {
        admin::remove_step(self, who, code, step_id).await
    }

    async fn assign(&self, who: Caller, code: &str, email: &str) -> Result<(), AppError> {
        admin::assign(self, who, code, email).await
    }

    async fn add_instructor(&self, who: Caller, code: &str, email: &str) -> Result<(), AppError> {
        instructors::add_instructor(self, who, code, email).await
    }

    async fn remove_instructor(&self, who: Caller, code: &str, account_id: i64) -> Result<(), AppError> {
        instructors::remove_instructor(self, who, code, account_id).await
    }

    async fn sign_off(
        &self,
        who: Caller,
        code: &str,
        account_id: i64,
        step_id: i64,
        day: &str,
        comment: &str,
    ) -> Result<(), AppError> {
        admin::sign_off(self, who, code, account_id, step_id, day, comment).await
    }
}
