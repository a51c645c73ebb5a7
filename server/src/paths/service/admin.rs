//! A learning path as its administrators keep it: the list, saving, steps, assigning people and
//! signing off the steps that need a person's word (the plan a learner follows stays in `service.rs`).
use super::*;

fn may_edit(person: &Caller) -> bool {
    person.role().administers_courses()
}

fn may_sign(person: &Caller) -> bool {
    person.role().signs_off()
}

fn invalid(issues: Vec<(&str, &'static str)>) -> AppError {
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

impl PathRepo {
    /// The activated account with login address `email`, or a field error.
    pub(super) async fn activated_by_email(&self, email: &str) -> Result<account::Model, AppError> {
        account::Entity::find()
            .filter(account::Column::Email.eq(email.trim().to_lowercase()))
            .filter(account::Column::ActivatedAt.is_not_null())
            .one(&self.db)
            .await?
            .ok_or_else(|| {
                AppError::invalid(
                    "email",
                    "Vi finner ingen aktivert bruker med denne e-postadressen.",
                )
            })
    }

    pub(super) async fn editor(&self, actor: Caller) -> Result<Caller, AppError> {
        if !may_edit(&actor) {
            tracing::warn!(account_id = actor.account_id, "learning path editing refused");
            return Err(AppError::Forbidden);
        }
        Ok(actor)
    }
}

pub(super) async fn admin_paths(repo: &PathRepo, actor: Caller) -> Result<Vec<PathSummary>, AppError> {
    if !may_sign(&actor) {
        return Err(AppError::Forbidden);
    }
    let mut paths = path::Entity::find()
        .order_by_asc(path::Column::Title)
        .all(&repo.db)
        .await?;
    if actor.role() == Role::Instructor {
        let named: std::collections::HashSet<i64> = instructor::Entity::find()
            .filter(instructor::Column::AccountId.eq(actor.account_id))
            .all(&repo.db)
            .await?
            .into_iter()
            .map(|row| row.path_id)
            .collect();
        paths.retain(|path| named.contains(&path.id));
    }
    repo.summaries(paths, actor.account_id).await
}

pub(super) async fn save_path(
    repo: &PathRepo,
    who: Caller,
    original_code: &str,
    form: PathForm,
) -> Result<String, AppError> {
    let actor = repo.editor(who).await?;
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
        .one(&repo.db)
        .await?;
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
        .insert(&repo.db)
        .await?;
    } else {
        let existing = repo.path_by_code(original_code).await?;
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
        active.update(&repo.db).await?;
    }
    audit::record(
        &repo.db,
        Some(actor.account_id),
        "path.saved",
        None,
        Some(code.clone()),
    )
    .await?;
    Ok(code)
}

pub(super) async fn path_admin(repo: &PathRepo, actor: Caller, code: &str) -> Result<PathAdmin, AppError> {
    if !may_sign(&actor) {
        return Err(AppError::Forbidden);
    }
    let path = repo.signed_path(&actor, code).await?;
    let steps = repo.steps(path.id).await?;
    let outline = repo
        .plan_steps(repo.facts(steps.clone(), 0, None).await?, &path, 0, false)
        .await?;
    let followers = follower::Entity::find()
        .filter(follower::Column::PathId.eq(path.id))
        .order_by_asc(follower::Column::CreatedAt)
        .find_also_related(account::Entity)
        .all(&repo.db)
        .await?;
    let mut participants = Vec::new();
    for (f, person) in &followers {
        let facts = repo.facts(steps.clone(), f.account_id, Some(f)).await?;
        let plan = repo.plan_steps(facts, &path, f.account_id, false).await?;
        let (completed_on, _) = repo.settle(&path, f, &plan, Some(actor.account_id)).await?;
        let person = person.as_ref();
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
        instructors: repo.instructors(path.id).await?,
        can_edit: may_edit(&actor),
        today: today().format("%Y-%m-%d").to_string(),
    })
}

pub(super) async fn add_step(
    repo: &PathRepo,
    who: Caller,
    code: &str,
    form: StepForm,
) -> Result<(), AppError> {
    let actor = repo.editor(who).await?;
    let path = repo.path_by_code(code).await?;
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
                .one(&repo.db)
                .await?;
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
        .count(&repo.db)
        .await?;
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
    .insert(&repo.db)
    .await?;
    audit::record(
        &repo.db,
        Some(actor.account_id),
        "path.step_added",
        None,
        Some(path.code.clone()),
    )
    .await?;
    Ok(())
}

pub(super) async fn remove_step(
    repo: &PathRepo,
    who: Caller,
    code: &str,
    step_id: i64,
) -> Result<(), AppError> {
    let actor = repo.editor(who).await?;
    let path = repo.path_by_code(code).await?;
    let txn = repo.db.begin().await?;
    let removed = step::Entity::delete_many()
        .filter(step::Column::Id.eq(step_id))
        .filter(step::Column::PathId.eq(path.id))
        .exec(&txn)
        .await?;
    if removed.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    signoff::Entity::delete_many()
        .filter(signoff::Column::StepId.eq(step_id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        Some(actor.account_id),
        "path.step_removed",
        None,
        Some(format!("{} {step_id}", path.code)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub(super) async fn assign(repo: &PathRepo, who: Caller, code: &str, email: &str) -> Result<(), AppError> {
    let actor = repo.editor(who).await?;
    let path = repo.path_by_code(code).await?;
    let person = repo.activated_by_email(email).await?;
    if !repo.enrol(&path, person.id, Some(actor.account_id)).await? {
        return Err(AppError::Conflict {
            message: "Personen følger allerede dette opplæringsløpet.".into(),
        });
    }
    audit::record(
        &repo.db,
        Some(actor.account_id),
        "path.assigned",
        Some(person.id),
        Some(path.code.clone()),
    )
    .await?;
    Ok(())
}

pub(super) async fn sign_off(
    repo: &PathRepo,
    actor: Caller,
    code: &str,
    account_id: i64,
    step_id: i64,
    day: &str,
    comment: &str,
) -> Result<(), AppError> {
    // Nobody vouches for their own practice or exam.
    if !may_sign(&actor) || actor.account_id == account_id {
        tracing::warn!(account_id = actor.account_id, "sign-off refused");
        return Err(AppError::Forbidden);
    }
    let path = repo.signed_path(&actor, code).await?;
    let follower = repo
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
    let facts = repo
        .facts(repo.steps(path.id).await?, account_id, Some(&follower))
        .await?;
    let plan = repo.plan_steps(facts, &path, account_id, false).await?;
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
    let txn = repo.db.begin().await?;
    signoff::ActiveModel {
        path_enrolment_id: Set(follower.id),
        step_id: Set(step_id),
        signed_by: Set(actor.account_id),
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
        Some(actor.account_id),
        "path.signed_off",
        Some(account_id),
        Some(format!("{} step {step_id} {signed_on}", path.code)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
