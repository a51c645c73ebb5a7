//! Implements `app`'s `CourseAdminService`: courses, subject areas, sessions, participants and
//! requests for new sessions. Course administrators and administrators change things; an
//! instructor reads the participant lists of their own sessions.
use crate::{
    accounts::mails::Links,
    audit,
    entity::{account, company},
    mail::Mailer,
};
use crate::{
    catalogue::{
        scope::{self, Scope},
        search::{SearchIndex, fold},
        visibility,
    },
    common::time::{moment, moment_in, when, when_in},
    course_admin::forms::{CourseDraft, local_input, parse_course, parse_session},
    enrolment::{self, Actor, ENROLLED, SessionChanges, WAITLISTED, service::refused},
    entity::{category, course, session, session_request},
};
use app::{
    accounts::{fields::Email, service::Caller, types::Role},
    catalogue::types::CourseKind,
    course_admin::{
        service::CourseAdminService,
        types::{
            AdminCourseRow, AdminSession, CategoryForm, CategoryOption, CourseForm, InstructorOption,
            Participant, SessionForm, SessionRequestForm, SessionRequestGroup, SessionRequestInfo,
            SessionRoster,
        },
    },
    enrolment::types::MyPlace,
    error::AppError,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, LoaderTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait, sea_query::Expr,
};

mod categories;
mod courses;
pub mod forms;
mod requests;
mod roster;
mod sessions;

#[derive(Clone)]
pub struct CourseAdminRepo {
    db: DatabaseConnection,
    mailer: Mailer,
    links: Links,
    search: SearchIndex,
}

fn role(model: &account::Model) -> Role {
    Role::parse(&model.role).unwrap_or(Role::Learner)
}

fn may_administer(role: Role) -> bool {
    matches!(role, Role::CourseAdmin | Role::Admin)
}

/// The slug for a new subject area: folded name, words joined by hyphens.
fn slug_for(name: &str) -> String {
    fold(name)
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

impl CourseAdminRepo {
    pub fn new(db: DatabaseConnection, mailer: Mailer, links: Links, search: SearchIndex) -> Self {
        Self {
            db,
            mailer,
            links,
            search,
        }
    }

    /// The caller when they are a course administrator (or administrator), else 403.
    async fn administrator(&self, who: Caller) -> Result<Caller, AppError> {
        if !may_administer(who.role()) {
            tracing::warn!(account_id = who.account_id, "course administration refused");
            return Err(AppError::Forbidden);
        }
        Ok(who)
    }

    /// The subject areas `who` manages (see `catalogue::scope`).
    async fn scope(&self, who: &Caller) -> Result<Scope, AppError> {
        Ok(scope::of(&self.db, who).await?)
    }

    /// Refuses a course outside the caller's subject areas.
    fn within(&self, who: &Caller, scope: &Scope, course: &course::Model) -> Result<(), AppError> {
        if scope.covers(course.category_id) {
            return Ok(());
        }
        tracing::warn!(
            account_id = who.account_id,
            course_id = course.id,
            "course outside the administrator's areas"
        );
        Err(AppError::Forbidden)
    }

    /// Course `code`, when the caller administers courses and manages its subject area.
    async fn managed_course(&self, who: Caller, code: &str) -> Result<(Caller, course::Model), AppError> {
        let who = self.administrator(who).await?;
        let course = self.course_by_code(code).await?;
        let scope = self.scope(&who).await?;
        self.within(&who, &scope, &course)?;
        Ok((who, course))
    }

    /// Session `session_id` with its course, when the caller administers courses and manages
    /// the course's subject area.
    async fn managed_session(
        &self,
        who: Caller,
        session_id: i64,
    ) -> Result<(Caller, session::Model, course::Model), AppError> {
        let who = self.administrator(who).await?;
        let (session, course) = self.session_with_course(session_id).await?;
        let scope = self.scope(&who).await?;
        self.within(&who, &scope, &course)?;
        Ok((who, session, course))
    }

    async fn course_by_code(&self, code: &str) -> Result<course::Model, AppError> {
        course::Entity::find()
            .filter(course::Column::Code.eq(code.trim().to_uppercase()))
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)
    }

    async fn session_with_course(
        &self,
        session_id: i64,
    ) -> Result<(session::Model, course::Model), AppError> {
        let session = session::Entity::find_by_id(session_id)
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?;
        let course = course::Entity::find_by_id(session.course_id)
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok((session, course))
    }

    /// Sessions with their counts, in the order given.
    async fn describe(&self, sessions: Vec<session::Model>) -> Result<Vec<AdminSession>, AppError> {
        let ids: Vec<i64> = sessions.iter().map(|s| s.id).collect();
        let courses = sessions.load_one(course::Entity, &self.db).await?;
        let rows: Vec<(i64, String)> = enrolment::Entity::find()
            .select_only()
            .column(enrolment::Column::SessionId)
            .column(enrolment::Column::Status)
            .filter(enrolment::Column::SessionId.is_in(ids))
            .filter(enrolment::Column::Status.is_in([ENROLLED, WAITLISTED]))
            .into_tuple()
            .all(&self.db)
            .await?;
        let count =
            |id: i64, status: &str| rows.iter().filter(|(s, st)| *s == id && st == status).count() as u32;
        Ok(sessions
            .into_iter()
            .zip(courses)
            .map(|(s, course)| {
                let course = course.as_ref();
                AdminSession {
                    id: s.id,
                    course_code: course.map(|c| c.code.clone()).unwrap_or_default(),
                    course_title: course.map(|c| c.title.clone()).unwrap_or_default(),
                    when: when(s.starts_at, s.ends_at),
                    starts_local: local_input(s.starts_at),
                    ends_local: local_input(s.ends_at),
                    deadline_local: local_input(s.enrolment_deadline),
                    place: s.place.clone(),
                    instructor: s.instructor.clone(),
                    instructor_account_id: s.instructor_account_id,
                    capacity: u32::try_from(s.capacity).unwrap_or(0),
                    enrolled: count(s.id, ENROLLED),
                    waiting: count(s.id, WAITLISTED),
                    cancelled: s.cancelled_at.is_some(),
                }
            })
            .collect())
    }

    /// The instructor's name for a chosen account (which must be an instructor or course staff).
    async fn instructor_name(&self, account_id: Option<i64>) -> Result<Option<String>, AppError> {
        let Some(id) = account_id else {
            return Ok(None);
        };
        let person = account::Entity::find_by_id(id).one(&self.db).await?;
        match person {
            Some(p) if matches!(role(&p), Role::Instructor | Role::CourseAdmin | Role::Admin) => {
                Ok(Some(p.full_name))
            }
            _ => Err(AppError::invalid("instructor", "Velg en instruktør fra listen.")),
        }
    }

    async fn store_course(
        &self,
        draft: CourseDraft,
        original: Option<course::Model>,
        scope: &Scope,
    ) -> Result<String, AppError> {
        let category = category::Entity::find()
            .filter(category::Column::Slug.eq(draft.category_slug.as_str()))
            .one(&self.db)
            .await?
            .filter(|c| scope.covers(c.id))
            .ok_or_else(|| AppError::invalid("category", "Velg et av fagområdene i listen."))?;
        let clash = course::Entity::find()
            .filter(course::Column::Code.eq(draft.code.as_str()))
            .one(&self.db)
            .await?;
        if clash.is_some_and(|c| original.as_ref().is_none_or(|o| o.id != c.id)) {
            return Err(AppError::Taken {
                field: "code".into(),
                message: app::messages::Message::new("Kurskoden {code} er i bruk av et annet kurs.")
                    .arg("code", &draft.code),
            });
        }
        let now = Utc::now();
        let search_text = crate::catalogue::rules::search_text(
            &draft.code,
            &draft.title,
            &category.name,
            &draft.keywords,
            &draft.summary,
        );
        let mut active = match original {
            Some(model) => model.into_active_model(),
            None => course::ActiveModel {
                created_at: Set(now),
                ..Default::default()
            },
        };
        active.code = Set(draft.code.clone());
        active.title = Set(draft.title);
        active.summary = Set(draft.summary);
        active.description = Set(draft.description);
        active.agenda = Set(draft.agenda);
        active.prerequisites = Set(draft.prerequisites);
        active.target_group = Set(draft.target_group);
        active.kind = Set(draft.kind.as_str().to_string());
        active.category_id = Set(category.id);
        active.duration = Set(draft.duration);
        active.place = Set(draft.place);
        active.price_nok = Set(draft.price_nok);
        active.validity_months = Set(draft.validity_months);
        active.keywords = Set(draft.keywords);
        active.search_text = Set(search_text);
        active.contact_name = Set(draft.contact_name);
        active.contact_email = Set(draft.contact_email);
        active.contact_phone = Set(draft.contact_phone);
        active.published = Set(draft.published);
        active.updated_at = Set(Some(now));
        active.save(&self.db).await?;
        self.refresh_search().await;
        Ok(draft.code)
    }

    /// A session was added, changed or cancelled: its course's change stamp moves, so every
    /// instance reloads the catalogue with its upcoming sessions (this one at once).
    async fn session_changed(&self, session_id: i64) {
        let course_id = match session::Entity::find_by_id(session_id).one(&self.db).await {
            Ok(Some(session)) => session.course_id,
            Ok(None) => return,
            Err(error) => {
                tracing::warn!(%error, "session lookup failed");
                return;
            }
        };
        if let Err(error) = course::Entity::update_many()
            .col_expr(course::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(course::Column::Id.eq(course_id))
            .exec(&self.db)
            .await
        {
            tracing::warn!(%error, "course stamp not moved");
        }
        self.refresh_search().await;
    }

    /// This instance sees its own change at once; others within the refresh interval.
    async fn refresh_search(&self) {
        if let Err(error) = self.search.reload(&self.db).await {
            tracing::warn!(%error, "search index reload failed");
        }
    }

    /// Tells the people who asked for a session of this course that one exists now.
    async fn answer_requests(
        &self,
        course: &course::Model,
        session: &session::Model,
    ) -> Result<usize, AppError> {
        let txn = self.db.begin().await?;
        let now = Utc::now();
        // The claim is the transaction's first statement (a write): on SQLite a read first could not
        // be upgraded under concurrent writes, and only the rows this answer claimed are mailed,
        // so two answers at once mail nobody twice.
        session_request::Entity::update_many()
            .col_expr(
                session_request::Column::AnsweredAt,
                sea_orm::sea_query::Expr::value(Some(now)),
            )
            .col_expr(
                session_request::Column::AnsweredSessionId,
                sea_orm::sea_query::Expr::value(Some(session.id)),
            )
            .filter(session_request::Column::CourseId.eq(course.id))
            .filter(session_request::Column::AnsweredAt.is_null())
            .exec(&txn)
            .await?;
        let open = session_request::Entity::find()
            .filter(session_request::Column::AnsweredSessionId.eq(session.id))
            .all(&txn)
            .await?;
        let people: Vec<i64> = open.iter().map(|r| r.account_id).collect();
        let persons = account::Entity::find()
            .filter(account::Column::Id.is_in(people))
            .all(&txn)
            .await?;
        for person in &persons {
            let Some(email) = &person.email else { continue };
            let language = person.chosen_language();
            let (when, deadline, link) = (
                when_in(session.starts_at, session.ends_at, language),
                moment_in(session.enrolment_deadline, language),
                self.links.page(&format!("/kurs/{}", course.code)),
            );
            let mut mail = crate::accounts::mails::compose(
                &self.links,
                email,
                language,
                "new_session",
                &[
                    ("name", &person.full_name),
                    ("course", &course.title),
                    ("code", &course.code),
                    ("when", &when),
                    ("place", &session.place),
                    ("deadline", &deadline),
                    ("link", &link),
                ],
            );
            mail.attachment = Some(crate::enrolment::ical::attachment(
                course,
                session,
                &self.links.public_url,
            ));
            self.mailer.enqueue(&txn, mail).await?;
        }
        txn.commit().await?;
        Ok(persons.len())
    }
}

#[async_trait::async_trait]
impl CourseAdminService for CourseAdminRepo {
    async fn courses(&self, who: Caller, text: &str) -> Result<Vec<AdminCourseRow>, AppError> {
        courses::courses(self, who, text).await
    }

    async fn categories(&self, who: Caller) -> Result<Vec<CategoryOption>, AppError> {
        categories::categories(self, who).await
    }

    async fn add_category(&self, who: Caller, form: CategoryForm) -> Result<String, AppError> {
        categories::add_category(self, who, form).await
    }

    async fn update_category(&self, who: Caller, slug: &str, form: CategoryForm) -> Result<(), AppError> {
        categories::update_category(self, who, slug, form).await
    }

    async fn course_form(&self, who: Caller, code: &str) -> Result<CourseForm, AppError> {
        courses::course_form(self, who, code).await
    }

    async fn save_course(
        &self,
        who: Caller,
        original_code: &str,
        form: CourseForm,
    ) -> Result<String, AppError> {
        courses::save_course(self, who, original_code, form).await
    }

    async fn sessions(&self, who: Caller, code: &str) -> Result<Vec<AdminSession>, AppError> {
        sessions::sessions(self, who, code).await
    }

    async fn instructors(&self, who: Caller) -> Result<Vec<InstructorOption>, AppError> {
        sessions::instructors(self, who).await
    }

    async fn add_session(
        &self,
        who: Caller,
        code: &str,
        form: SessionForm,
        answer_requests: bool,
    ) -> Result<i64, AppError> {
        sessions::add_session(self, who, code, form, answer_requests).await
    }

    async fn update_session(&self, who: Caller, session_id: i64, form: SessionForm) -> Result<(), AppError> {
        sessions::update_session(self, who, session_id, form).await
    }

    async fn cancel_session(&self, who: Caller, session_id: i64, reason: &str) -> Result<(), AppError> {
        sessions::cancel_session(self, who, session_id, reason).await
    }

    async fn roster(&self, who: Caller, session_id: i64) -> Result<SessionRoster, AppError> {
        roster::roster(self, who, session_id).await
    }

    async fn add_participant(&self, who: Caller, session_id: i64, email: &str) -> Result<MyPlace, AppError> {
        roster::add_participant(self, who, session_id, email).await
    }

    async fn remove_participant(
        &self,
        who: Caller,
        session_id: i64,
        account_id: i64,
    ) -> Result<(), AppError> {
        roster::remove_participant(self, who, session_id, account_id).await
    }

    async fn move_participant(
        &self,
        who: Caller,
        session_id: i64,
        account_id: i64,
        to_session: i64,
    ) -> Result<MyPlace, AppError> {
        roster::move_participant(self, who, session_id, account_id, to_session).await
    }

    async fn requests(&self, who: Caller) -> Result<Vec<SessionRequestGroup>, AppError> {
        requests::requests(self, who).await
    }

    async fn teaching(&self, who: Caller) -> Result<Vec<AdminSession>, AppError> {
        requests::teaching(self, who).await
    }

    async fn request_session(
        &self,
        who: Caller,
        code: &str,
        form: SessionRequestForm,
    ) -> Result<(), AppError> {
        requests::request_session(self, who, code, form).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_folded_words() {
        assert_eq!(slug_for("Sikkerhet på spor"), "sikkerhet-pa-spor");
        assert_eq!(slug_for("  HMS & Førstehjelp "), "hms-forstehjelp");
    }

    #[test]
    fn only_course_staff_administer() {
        assert!(may_administer(Role::CourseAdmin));
        assert!(may_administer(Role::Admin));
        for role in [Role::Learner, Role::Instructor, Role::Support] {
            assert!(!may_administer(role));
        }
    }
}
