//! The e-learning editor: lessons, questions and the quiz settings of a course, written by its
//! administrators (the player and the quiz a learner takes stay in `service.rs`).
use super::*;

/// «* Riktig svar» marks a correct option.
fn parse_options(text: &str) -> Vec<(String, bool)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| match line.strip_prefix('*') {
            Some(rest) => (rest.trim().to_string(), true),
            None => (line.to_string(), false),
        })
        .filter(|(text, _)| !text.is_empty())
        .collect()
}

fn field_issues(issues: Vec<(&str, &'static str)>) -> AppError {
    AppError::InvalidForm {
        fields: issues
            .into_iter()
            .map(|(field, message)| app::error::FieldIssue {
                field: field.to_string(),
                message: message.into(),
            })
            .collect(),
    }
}

pub(super) async fn content(repo: &ElearningRepo, who: Caller, code: &str) -> Result<Content, AppError> {
    let (_, course) = repo.editable(who, code).await?;
    let lessons = repo.lessons(course.id).await?;
    let questions = repo.questions(course.id).await?;
    Ok(Content {
        code: course.code.clone(),
        title: course.title.clone(),
        lessons: lessons
            .into_iter()
            .map(|l| LessonDraft {
                id: l.id,
                title: l.title,
                body: l.body_markdown,
            })
            .collect(),
        questions: questions
            .into_iter()
            .map(|(q, options)| QuestionDraft {
                id: q.id,
                prompt: q.prompt,
                multiple: q.multiple,
                options: options
                    .into_iter()
                    .map(|o| {
                        if o.correct {
                            format!("* {}", o.text)
                        } else {
                            o.text
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            })
            .collect(),
        pass_mark: ElearningRepo::pass_mark(&course),
        max_attempts: course.max_attempts.and_then(|m| u32::try_from(m).ok()),
        package: super::packages::current(repo, course.id).await?,
        package_refusal: None,
    })
}

pub(super) async fn save_lesson(
    repo: &ElearningRepo,
    who: Caller,
    code: &str,
    lesson_id: i64,
    title: &str,
    body: &str,
) -> Result<i64, AppError> {
    let (actor, course) = repo.editable(who, code).await?;
    let (title, body) = (title.trim(), body.trim());
    let mut issues = Vec::new();
    if title.is_empty() {
        issues.push(("title", "Gi leksjonen en tittel."));
    } else if title.chars().count() > 200 {
        issues.push(("title", "Tittelen kan være på høyst 200 tegn."));
    }
    if body.is_empty() {
        issues.push(("body", "Skriv innholdet i leksjonen."));
    } else if body.len() > 100_000 {
        issues.push((
            "body",
            "Leksjonen er for lang (høyst 100 000 tegn). Del den i flere.",
        ));
    }
    if !issues.is_empty() {
        return Err(field_issues(issues));
    }
    let id = if lesson_id == 0 {
        let next = i32::try_from(repo.lessons(course.id).await?.len()).unwrap_or(0);
        lesson::ActiveModel {
            course_id: Set(course.id),
            position: Set(next),
            title: Set(title.to_string()),
            body_markdown: Set(body.to_string()),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&repo.db)
        .await?
        .id
    } else {
        let existing = lesson::Entity::find_by_id(lesson_id)
            .filter(lesson::Column::CourseId.eq(course.id))
            .one(&repo.db)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut active: lesson::ActiveModel = existing.into();
        active.title = Set(title.to_string());
        active.body_markdown = Set(body.to_string());
        active.updated_at = Set(Utc::now());
        active.update(&repo.db).await?.id
    };
    audit::record(
        &repo.db,
        Some(actor.account_id),
        "elearning.lesson_saved",
        None,
        Some(format!("{} {id}", course.code)),
    )
    .await?;
    Ok(id)
}

pub(super) async fn delete_lesson(
    repo: &ElearningRepo,
    who: Caller,
    code: &str,
    lesson_id: i64,
) -> Result<(), AppError> {
    let (actor, course) = repo.editable(who, code).await?;
    let deleted = lesson::Entity::delete_many()
        .filter(lesson::Column::Id.eq(lesson_id))
        .filter(lesson::Column::CourseId.eq(course.id))
        .exec(&repo.db)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    repo.renumber(course.id).await?;
    audit::record(
        &repo.db,
        Some(actor.account_id),
        "elearning.lesson_deleted",
        None,
        Some(format!("{} {lesson_id}", course.code)),
    )
    .await?;
    Ok(())
}

pub(super) async fn move_lesson(
    repo: &ElearningRepo,
    who: Caller,
    code: &str,
    lesson_id: i64,
    up: bool,
) -> Result<(), AppError> {
    let (_, course) = repo.editable(who, code).await?;
    let mut lessons = repo.lessons(course.id).await?;
    let index = lessons
        .iter()
        .position(|l| l.id == lesson_id)
        .ok_or(AppError::NotFound)?;
    let other = if up {
        index.checked_sub(1)
    } else {
        Some(index + 1).filter(|i| *i < lessons.len())
    };
    if let Some(other) = other {
        lessons.swap(index, other);
    }
    repo.store_order(lessons).await
}

pub(super) async fn save_question(
    repo: &ElearningRepo,
    who: Caller,
    code: &str,
    draft: QuestionDraft,
) -> Result<i64, AppError> {
    let (actor, course) = repo.editable(who, code).await?;
    let prompt = draft.prompt.trim();
    let options = parse_options(&draft.options);
    let correct = options.iter().filter(|(_, c)| *c).count();
    let mut issues = Vec::new();
    if prompt.is_empty() {
        issues.push(("prompt", "Skriv spørsmålet."));
    }
    if options.len() < 2 {
        issues.push(("options", "Skriv minst to svaralternativer, ett per linje."));
    } else if correct == 0 {
        issues.push(("options", "Merk minst ett riktig svar med * først på linjen."));
    } else if !draft.multiple && correct > 1 {
        issues.push((
            "options",
            "Et spørsmål med ett svar kan ha bare ett riktig alternativ. Velg flervalg, eller fjern en *.",
        ));
    }
    if !issues.is_empty() {
        return Err(field_issues(issues));
    }
    let txn = repo.db.begin().await?;
    crate::db::write_lock(&txn).await?;
    let id = if draft.id == 0 {
        let next = question::Entity::find()
            .filter(question::Column::CourseId.eq(course.id))
            .count(&txn)
            .await?;
        question::ActiveModel {
            course_id: Set(course.id),
            position: Set(i32::try_from(next).unwrap_or(0)),
            prompt: Set(prompt.to_string()),
            multiple: Set(draft.multiple),
            ..Default::default()
        }
        .insert(&txn)
        .await?
        .id
    } else {
        let existing = question::Entity::find_by_id(draft.id)
            .filter(question::Column::CourseId.eq(course.id))
            .one(&txn)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut active: question::ActiveModel = existing.into();
        active.prompt = Set(prompt.to_string());
        active.multiple = Set(draft.multiple);
        let saved = active.update(&txn).await?;
        choice::Entity::delete_many()
            .filter(choice::Column::QuestionId.eq(saved.id))
            .exec(&txn)
            .await?;
        saved.id
    };
    for (position, (text, correct)) in options.into_iter().enumerate() {
        choice::ActiveModel {
            question_id: Set(id),
            position: Set(i32::try_from(position).unwrap_or(0)),
            text: Set(text),
            correct: Set(correct),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        Some(actor.account_id),
        "elearning.question_saved",
        None,
        Some(format!("{} {id}", course.code)),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

pub(super) async fn delete_question(
    repo: &ElearningRepo,
    who: Caller,
    code: &str,
    question_id: i64,
) -> Result<(), AppError> {
    let (actor, course) = repo.editable(who, code).await?;
    let txn = repo.db.begin().await?;
    crate::db::write_lock(&txn).await?;
    let owned = question::Entity::find_by_id(question_id)
        .filter(question::Column::CourseId.eq(course.id))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    choice::Entity::delete_many()
        .filter(choice::Column::QuestionId.eq(owned.id))
        .exec(&txn)
        .await?;
    question::Entity::delete_by_id(owned.id).exec(&txn).await?;
    audit::record(
        &txn,
        Some(actor.account_id),
        "elearning.question_deleted",
        None,
        Some(format!("{} {question_id}", course.code)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub(super) async fn save_quiz_settings(
    repo: &ElearningRepo,
    who: Caller,
    code: &str,
    pass_mark: &str,
    max_attempts: &str,
) -> Result<(), AppError> {
    let (actor, course) = repo.editable(who, code).await?;
    let mut issues = Vec::new();
    let pass = match pass_mark.trim().trim_end_matches('%').trim().parse::<i32>() {
        Ok(p) if (1..=100).contains(&p) => Some(p),
        _ => {
            issues.push((
                "pass_mark",
                "Skriv en grense for bestått mellom 1 og 100 prosent.",
            ));
            None
        }
    };
    let attempts = match max_attempts.trim() {
        "" => None,
        text => match text.parse::<i32>() {
            Ok(n) if (1..=100).contains(&n) => Some(n),
            _ => {
                issues.push((
                    "max_attempts",
                    "Skriv et antall forsøk mellom 1 og 100, eller la feltet stå tomt for ubegrenset.",
                ));
                None
            }
        },
    };
    if !issues.is_empty() {
        return Err(field_issues(issues));
    }
    let mut active: course::ActiveModel = course.clone().into();
    active.pass_mark_percent = Set(pass);
    active.max_attempts = Set(attempts);
    active.updated_at = Set(Some(Utc::now()));
    active.update(&repo.db).await?;
    audit::record(
        &repo.db,
        Some(actor.account_id),
        "elearning.quiz_settings",
        None,
        Some(format!("{} {pass:?} {attempts:?}", course.code)),
    )
    .await?;
    Ok(())
}

pub(super) fn preview(who: Caller, text: &str) -> Result<String, AppError> {
    if !access::edits_content(&who) {
        return Err(AppError::Forbidden);
    }
    Ok(markdown::to_html(text))
}

impl ElearningRepo {
    /// A course, for its editors: course administrators (in their subject areas) and
    /// administrators.
    pub(super) async fn editable(
        &self,
        actor: Caller,
        code: &str,
    ) -> Result<(Caller, course::Model), AppError> {
        let course = access::editable(&self.db, &actor, code).await?;
        Ok((actor, course))
    }

    async fn renumber(&self, course_id: i64) -> Result<(), AppError> {
        let lessons = self.lessons(course_id).await?;
        self.store_order(lessons).await
    }

    async fn store_order(&self, lessons: Vec<lesson::Model>) -> Result<(), AppError> {
        let txn = self.db.begin().await?;
        for (position, item) in lessons.into_iter().enumerate() {
            let position = i32::try_from(position).unwrap_or(0);
            if item.position != position {
                let mut active: lesson::ActiveModel = item.into();
                active.position = Set(position);
                active.update(&txn).await?;
            }
        }
        Ok(txn.commit().await?)
    }
}
