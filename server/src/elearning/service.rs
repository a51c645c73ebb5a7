//! `ElearningService` over the database.
use crate::common::time::{day as date, today};
use crate::{
    audit,
    catalogue::visibility,
    entity::{account, completion, course},
    learning::rules,
};
use crate::{
    common::markdown,
    elearning::{access, quiz},
    entity::{attempt, choice, lesson, order, progress, question},
};
use app::{
    accounts::service::Caller,
    elearning::{
        service::ElearningService,
        types::{
            Access, AttemptResult, Completed, Content, Lesson, LessonDraft, OrderLine, OrderTerms,
            PackageAttemptDetail, PackageAttemptLine, Player, QuestionDraft, Quiz, QuizQuestion,
        },
    },
    error::AppError,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set, TransactionTrait, sea_query::OnConflict,
};
use std::collections::{BTreeSet, HashMap};

mod attempts;
mod editor;
mod orders;
mod packages;

#[derive(Clone)]
pub struct ElearningRepo {
    db: DatabaseConnection,
    package_limits: crate::elearning::package::Limits,
    launcher: crate::elearning::package::launch::Launcher,
}

impl ElearningRepo {
    pub fn new(
        db: DatabaseConnection,
        package_limits: crate::elearning::package::Limits,
        launcher: crate::elearning::package::launch::Launcher,
    ) -> Self {
        Self {
            db,
            package_limits,
            launcher,
        }
    }

    /// A published online course `actor` may see (see `access::opens`).
    async fn visible_course(&self, actor: Option<&Caller>, code: &str) -> Result<course::Model, AppError> {
        let free_only = visibility::free_only(actor);
        course::Entity::find()
            .filter(course::Column::Code.eq(code.trim().to_uppercase()))
            .one(&self.db)
            .await?
            .filter(|course| access::opens(course, free_only))
            .ok_or(AppError::NotFound)
    }

    /// A published online course the learner may see and take: ordered when priced, with a
    /// seat when a written exam (`access::entitled`).
    async fn course_for(&self, actor: Caller, code: &str) -> Result<(Caller, course::Model), AppError> {
        let course = self.visible_course(Some(&actor), code).await?;
        let standing = access::standing(&self.db, &actor, &course).await?;
        if !access::entitled(standing) {
            return Err(AppError::Forbidden);
        }
        Ok((actor, course))
    }

    async fn lessons(&self, course_id: i64) -> Result<Vec<lesson::Model>, AppError> {
        Ok(lesson::Entity::find()
            .filter(lesson::Column::CourseId.eq(course_id))
            .order_by_asc(lesson::Column::Position)
            .order_by_asc(lesson::Column::Id)
            .all(&self.db)
            .await?)
    }

    async fn questions(
        &self,
        course_id: i64,
    ) -> Result<Vec<(question::Model, Vec<choice::Model>)>, AppError> {
        let questions = question::Entity::find()
            .filter(question::Column::CourseId.eq(course_id))
            .order_by_asc(question::Column::Position)
            .order_by_asc(question::Column::Id)
            .all(&self.db)
            .await?;
        let mut options: HashMap<i64, Vec<choice::Model>> = HashMap::new();
        for option in choice::Entity::find()
            .filter(choice::Column::QuestionId.is_in(questions.iter().map(|q| q.id).collect::<Vec<_>>()))
            .order_by_asc(choice::Column::Position)
            .order_by_asc(choice::Column::Id)
            .all(&self.db)
            .await?
        {
            options.entry(option.question_id).or_default().push(option);
        }
        Ok(questions
            .into_iter()
            .map(|q| {
                let opts = options.remove(&q.id).unwrap_or_default();
                (q, opts)
            })
            .collect())
    }

    async fn progress(&self, account_id: i64, course_id: i64) -> Result<Option<progress::Model>, AppError> {
        Ok(progress::Entity::find_by_id((account_id, course_id))
            .one(&self.db)
            .await?)
    }

    async fn remember(&self, account_id: i64, course_id: i64, position: i32) -> Result<(), AppError> {
        let furthest = self
            .progress(account_id, course_id)
            .await?
            .map_or(position, |p| p.furthest.max(position));
        progress::Entity::insert(progress::ActiveModel {
            account_id: Set(account_id),
            course_id: Set(course_id),
            position: Set(position),
            furthest: Set(furthest),
            updated_at: Set(Utc::now()),
        })
        .on_conflict(
            OnConflict::columns([progress::Column::AccountId, progress::Column::CourseId])
                .update_columns([
                    progress::Column::Position,
                    progress::Column::Furthest,
                    progress::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(&self.db)
        .await?;
        Ok(())
    }
}

#[async_trait::async_trait]
impl ElearningService for ElearningRepo {
    async fn player(&self, who: Caller, code: &str) -> Result<Player, AppError> {
        let (actor, course) = self.course_for(who, code).await?;
        let lessons = self.lessons(course.id).await?;
        let has_quiz = question::Entity::find()
            .filter(question::Column::CourseId.eq(course.id))
            .count(&self.db)
            .await?
            > 0;
        let place = self.progress(actor.account_id, course.id).await?;
        let last = u32::try_from(lessons.len()).unwrap_or(0);
        let clamp = |p: i32| {
            u32::try_from(p)
                .unwrap_or(0)
                .min(if has_quiz { last } else { last.saturating_sub(1) })
        };
        let completed = Self::latest_completion(&self.db, actor.account_id, course.id)
            .await?
            .filter(|c| !rules::is_expired(c.valid_until, today()))
            .and_then(|c| {
                Some(Completed {
                    certificate_code: rules::CertificateCode::parse(&c.certificate_code)
                        .ok()?
                        .to_string(),
                    completed_on: date(c.completed_on),
                    valid_until: c.valid_until.map(date),
                })
            });
        let package = packages::play(self, actor.account_id, course.id, completed.is_some()).await?;
        Ok(Player {
            package,
            code: course.code.clone(),
            title: course.title.clone(),
            lesson_titles: lessons.into_iter().map(|l| l.title).collect(),
            position: place.as_ref().map_or(0, |p| clamp(p.position)),
            furthest: place.as_ref().map_or(0, |p| clamp(p.furthest)),
            has_quiz,
            completed,
            attempts_left: Self::attempts_left(&self.db, actor.account_id, &course).await?,
        })
    }

    async fn lesson(&self, who: Caller, code: &str, position: u32) -> Result<Lesson, AppError> {
        let (actor, course) = self.course_for(who, code).await?;
        let lessons = self.lessons(course.id).await?;
        let item = lessons.get(position as usize).ok_or(AppError::NotFound)?;
        self.remember(actor.account_id, course.id, i32::try_from(position).unwrap_or(0))
            .await?;
        Ok(Lesson {
            position,
            title: item.title.clone(),
            html: markdown::to_html(&item.body_markdown),
        })
    }

    async fn quiz(&self, who: Caller, code: &str) -> Result<Quiz, AppError> {
        let (actor, course) = self.course_for(who, code).await?;
        let questions = self.questions(course.id).await?;
        if questions.is_empty() {
            return Err(AppError::NotFound);
        }
        let lessons = i32::try_from(self.lessons(course.id).await?.len()).unwrap_or(0);
        self.remember(actor.account_id, course.id, lessons).await?;
        Ok(Quiz {
            questions: questions
                .into_iter()
                .map(|(q, options)| QuizQuestion {
                    id: q.id,
                    prompt: q.prompt,
                    multiple: q.multiple,
                    options: options.into_iter().map(|o| (o.id, o.text)).collect(),
                })
                .collect(),
            pass_mark: Self::pass_mark(&course),
            attempts_left: Self::attempts_left(&self.db, actor.account_id, &course).await?,
        })
    }

    async fn submit(&self, who: Caller, code: &str, selected: Vec<i64>) -> Result<AttemptResult, AppError> {
        attempts::submit(self, who, code, selected).await
    }

    async fn access(&self, who: Option<Caller>, code: &str) -> Result<Access, AppError> {
        orders::access(self, who, code).await
    }

    async fn order(
        &self,
        who: Caller,
        code: &str,
        invoice_reference: Option<String>,
    ) -> Result<(), AppError> {
        orders::order(self, who, code, invoice_reference).await
    }

    async fn orders(&self, who: Caller, code: &str) -> Result<Vec<OrderLine>, AppError> {
        orders::orders(self, who, code).await
    }

    async fn content(&self, who: Caller, code: &str) -> Result<Content, AppError> {
        editor::content(self, who, code).await
    }

    async fn upload_package(
        &self,
        who: Caller,
        code: &str,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Result<app::elearning::types::PackageSummary, AppError> {
        packages::upload(self, who, code, file_name, bytes).await
    }

    async fn package_attempts(&self, who: Caller, code: &str) -> Result<Vec<PackageAttemptLine>, AppError> {
        packages::attempts_of(self, who, code).await
    }

    async fn package_attempt(
        &self,
        who: Caller,
        code: &str,
        id: i64,
    ) -> Result<PackageAttemptDetail, AppError> {
        packages::attempt_of(self, who, code, id).await
    }

    async fn reset_package_attempt(&self, who: Caller, code: &str, id: i64) -> Result<(), AppError> {
        packages::reset(self, who, code, id).await
    }

    async fn remove_package(&self, who: Caller, code: &str) -> Result<(), AppError> {
        packages::remove(self, who, code).await
    }

    async fn save_lesson(
        &self,
        who: Caller,
        code: &str,
        lesson_id: i64,
        title: &str,
        body: &str,
    ) -> Result<i64, AppError> {
        editor::save_lesson(self, who, code, lesson_id, title, body).await
    }

    async fn delete_lesson(&self, who: Caller, code: &str, lesson_id: i64) -> Result<(), AppError> {
        editor::delete_lesson(self, who, code, lesson_id).await
    }

    async fn move_lesson(&self, who: Caller, code: &str, lesson_id: i64, up: bool) -> Result<(), AppError> {
        editor::move_lesson(self, who, code, lesson_id, up).await
    }

    async fn save_question(&self, who: Caller, code: &str, draft: QuestionDraft) -> Result<i64, AppError> {
        editor::save_question(self, who, code, draft).await
    }

    async fn delete_question(&self, who: Caller, code: &str, question_id: i64) -> Result<(), AppError> {
        editor::delete_question(self, who, code, question_id).await
    }

    async fn save_quiz_settings(
        &self,
        who: Caller,
        code: &str,
        pass_mark: &str,
        max_attempts: &str,
    ) -> Result<(), AppError> {
        editor::save_quiz_settings(self, who, code, pass_mark, max_attempts).await
    }

    async fn preview(&self, who: Caller, text: &str) -> Result<String, AppError> {
        editor::preview(who, text)
    }
}
