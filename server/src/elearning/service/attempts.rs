//! A quiz attempt: scored on the server, counted against the attempt limit of the round (a
//! round starts after each completion), and a pass recorded as a completion with its
//! certificate code, all in one transaction.
use super::*;

pub(super) async fn submit(
    repo: &ElearningRepo,
    who: Caller,
    code: &str,
    selected: Vec<i64>,
) -> Result<AttemptResult, AppError> {
    let (actor, course) = repo.course_for(who, code).await?;
    let questions = repo.questions(course.id).await?;
    if questions.is_empty() {
        return Err(AppError::NotFound);
    }
    let score = quiz::score(&answer_keys(&questions), &selected).map_err(|error| {
        tracing::warn!(account_id = actor.account_id, %error, "a quiz answer that no page sends");
        AppError::invalid(
            "selected",
            "Svarene passer ikke til denne testen. Last siden på nytt.",
        )
    })?;
    let pass_mark = ElearningRepo::pass_mark(&course);
    let passed = quiz::passed(&score, pass_mark);
    let now = Utc::now();
    let txn = repo.db.begin().await?;
    record_attempt(&txn, actor.account_id, &course, &score, passed, &selected, now).await?;
    let max = course.max_attempts.and_then(|m| u32::try_from(m).ok());
    let used = ElearningRepo::attempts_used(&txn, actor.account_id, &course).await?;
    if max.is_some_and(|max| used > max) {
        txn.rollback().await?;
        return Err(AppError::Conflict {
            message: "Du har brukt alle forsøkene på testen. Ta kontakt med kursansvarlig.".into(),
        });
    }
    let certificate_code = if passed {
        Some(record_pass(&txn, actor.account_id, &course, &score).await?)
    } else {
        None
    };
    txn.commit().await?;
    // Without an attempt limit the score would reveal the wrong answers one try at a time.
    let scored = max.is_some();
    Ok(AttemptResult {
        correct: scored.then_some(score.correct),
        total: score.total,
        percent: scored.then_some(score.percent),
        pass_mark,
        passed,
        certificate_code,
        // A pass starts a new round.
        attempts_left: if passed {
            max
        } else {
            max.map(|max| max.saturating_sub(used))
        },
    })
}

/// The right answers of each question, which never leave the server.
fn answer_keys(questions: &[(question::Model, Vec<choice::Model>)]) -> Vec<quiz::Key> {
    questions
        .iter()
        .map(|(q, options)| quiz::Key {
            question_id: q.id,
            multiple: q.multiple,
            options: options.iter().map(|o| o.id).collect(),
            correct: options
                .iter()
                .filter(|o| o.correct)
                .map(|o| o.id)
                .collect::<BTreeSet<_>>(),
        })
        .collect()
}

/// Stores the attempt. The learner's progress row is written first: on PostgreSQL that locks
/// it until the transaction ends, on SQLite the write takes the database lock. Two submissions
/// at once are therefore counted one after the other and cannot both use the last attempt.
async fn record_attempt<C: ConnectionTrait>(
    txn: &C,
    account_id: i64,
    course: &course::Model,
    score: &quiz::Score,
    passed: bool,
    selected: &[i64],
    now: chrono::DateTime<Utc>,
) -> Result<(), AppError> {
    progress::Entity::insert(progress::ActiveModel {
        account_id: Set(account_id),
        course_id: Set(course.id),
        position: Set(0),
        furthest: Set(0),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([progress::Column::AccountId, progress::Column::CourseId])
            .update_column(progress::Column::UpdatedAt)
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    attempt::ActiveModel {
        account_id: Set(account_id),
        course_id: Set(course.id),
        score_percent: Set(i32::try_from(score.percent).unwrap_or(0)),
        passed: Set(passed),
        answers: Set(selected.iter().map(i64::to_string).collect::<Vec<_>>().join(",")),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Records the completion a pass earns, with a new certificate code (returned), and audits it.
async fn record_pass<C: ConnectionTrait>(
    txn: &C,
    account_id: i64,
    course: &course::Model,
    score: &quiz::Score,
) -> Result<String, AppError> {
    crate::elearning::completing::record(
        txn,
        crate::elearning::completing::Done {
            account_id,
            course,
            result: format!("Bestått ({} %)", score.percent),
            score: Some(i32::try_from(score.percent).unwrap_or(0)),
            source: completion::SOURCE_QUIZ,
            action: "elearning.passed",
            detail: format!("{} {} %", course.code, score.percent),
        },
    )
    .await
}

impl ElearningRepo {
    /// The latest completion of the course that still counts (not revoked).
    pub(super) async fn latest_completion<C: ConnectionTrait>(
        conn: &C,
        account_id: i64,
        course_id: i64,
    ) -> Result<Option<completion::Model>, AppError> {
        Ok(completion::Entity::find()
            .filter(completion::Column::AccountId.eq(account_id))
            .filter(completion::Column::CourseId.eq(course_id))
            .filter(completion::Column::RevokedAt.is_null())
            .order_by_desc(completion::Column::CreatedAt)
            .one(conn)
            .await?)
    }

    /// Attempts left in this round: a round starts after each completion (recertification).
    pub(super) async fn attempts_left<C: ConnectionTrait>(
        conn: &C,
        account_id: i64,
        course: &course::Model,
    ) -> Result<Option<u32>, AppError> {
        let Some(max) = course.max_attempts.and_then(|m| u32::try_from(m).ok()) else {
            return Ok(None);
        };
        Ok(Some(max.saturating_sub(
            Self::attempts_used(conn, account_id, course).await?,
        )))
    }

    /// Quiz attempts since the latest completion of the course.
    async fn attempts_used<C: ConnectionTrait>(
        conn: &C,
        account_id: i64,
        course: &course::Model,
    ) -> Result<u32, AppError> {
        let mut used = attempt::Entity::find()
            .filter(attempt::Column::AccountId.eq(account_id))
            .filter(attempt::Column::CourseId.eq(course.id));
        if let Some(done) = Self::latest_completion(conn, account_id, course.id).await? {
            used = used.filter(attempt::Column::CreatedAt.gt(done.created_at));
        }
        Ok(u32::try_from(used.count(conn).await?).unwrap_or(u32::MAX))
    }

    pub(super) fn pass_mark(course: &course::Model) -> u32 {
        course
            .pass_mark_percent
            .and_then(|p| u32::try_from(p).ok())
            .unwrap_or(quiz::DEFAULT_PASS_MARK)
    }
}
