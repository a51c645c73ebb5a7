//! Implements `app`'s `CourseAdminService`: courses, subject areas, sessions, participants and
//! requests for new sessions. Course administrators and administrators change things; an
//! instructor reads the participant lists of their own sessions.
use super::{
    admin_forms::{CourseDraft, local_input, parse_course, parse_session},
    category, course,
    enrolment::{self, Actor, ENROLLED, Enrolled, SessionChanges, WAITLISTED},
    enrolment_service::refused,
    search::{SearchIndex, fold},
    session, session_request,
    time::{moment, when},
    visibility,
};
use crate::{
    accounts::{company, entity as account, mails::Links},
    audit,
    mail::{Mailer, OutgoingMail},
};
use app::{
    accounts::{fields::Email, service::SessionAccount, types::Role},
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
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait, sea_query::Expr,
};
use std::collections::HashMap;

#[derive(Clone)]
pub struct CourseAdminRepo {
    db: DatabaseConnection,
    mailer: Mailer,
    links: Links,
    search: SearchIndex,
}

fn internal(error: impl std::fmt::Display) -> AppError {
    tracing::error!(%error, "course administration failed");
    AppError::Internal
}

fn role(model: &account::Model) -> Role {
    Role::parse(&model.role).unwrap_or(Role::Learner)
}

fn may_administer(role: Role) -> bool {
    matches!(role, Role::CourseAdmin | Role::Admin)
}

fn place_of(outcome: Enrolled) -> MyPlace {
    match outcome {
        Enrolled::Seat => MyPlace::Enrolled,
        Enrolled::Waitlist { position } => MyPlace::Waitlisted { position },
    }
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

    async fn actor(&self, who: SessionAccount) -> Result<account::Model, AppError> {
        account::session_owner(&self.db, who)
            .await
            .map_err(internal)?
            .ok_or(AppError::Unauthenticated)
    }

    /// The caller when they are a course administrator (or administrator), else 403.
    async fn administrator(&self, who: SessionAccount) -> Result<account::Model, AppError> {
        let actor = self.actor(who).await?;
        if !may_administer(role(&actor)) {
            tracing::warn!(account_id = actor.id, "course administration refused");
            return Err(AppError::Forbidden);
        }
        Ok(actor)
    }

    async fn course_by_code(&self, code: &str) -> Result<course::Model, AppError> {
        course::Entity::find()
            .filter(course::Column::Code.eq(code.trim().to_uppercase()))
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)
    }

    async fn session_with_course(
        &self,
        session_id: i64,
    ) -> Result<(session::Model, course::Model), AppError> {
        let session = session::Entity::find_by_id(session_id)
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        let course = course::Entity::find_by_id(session.course_id)
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        Ok((session, course))
    }

    /// Sessions with their counts, in the order given.
    async fn describe(&self, sessions: Vec<session::Model>) -> Result<Vec<AdminSession>, AppError> {
        let ids: Vec<i64> = sessions.iter().map(|s| s.id).collect();
        let course_ids: Vec<i64> = sessions.iter().map(|s| s.course_id).collect();
        let courses: HashMap<i64, course::Model> = course::Entity::find()
            .filter(course::Column::Id.is_in(course_ids))
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let rows: Vec<(i64, String)> = enrolment::Entity::find()
            .select_only()
            .column(enrolment::Column::SessionId)
            .column(enrolment::Column::Status)
            .filter(enrolment::Column::SessionId.is_in(ids))
            .filter(enrolment::Column::Status.is_in([ENROLLED, WAITLISTED]))
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(internal)?;
        let count =
            |id: i64, status: &str| rows.iter().filter(|(s, st)| *s == id && st == status).count() as u32;
        Ok(sessions
            .into_iter()
            .map(|s| {
                let course = courses.get(&s.course_id);
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
        let person = account::Entity::find_by_id(id)
            .one(&self.db)
            .await
            .map_err(internal)?;
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
    ) -> Result<String, AppError> {
        let category = category::Entity::find()
            .filter(category::Column::Slug.eq(draft.category_slug.as_str()))
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or_else(|| AppError::invalid("category", "Velg fagområde."))?;
        let clash = course::Entity::find()
            .filter(course::Column::Code.eq(draft.code.as_str()))
            .one(&self.db)
            .await
            .map_err(internal)?;
        if clash.is_some_and(|c| original.as_ref().is_none_or(|o| o.id != c.id)) {
            return Err(AppError::Taken {
                field: "code".into(),
                message: format!("Kurskoden {} er i bruk av et annet kurs.", draft.code),
            });
        }
        let now = Utc::now();
        let search_text = super::rules::search_text(
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
        active.save(&self.db).await.map_err(internal)?;
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
        let txn = self.db.begin().await.map_err(internal)?;
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
            .await
            .map_err(internal)?;
        let open = session_request::Entity::find()
            .filter(session_request::Column::AnsweredSessionId.eq(session.id))
            .all(&txn)
            .await
            .map_err(internal)?;
        let people: Vec<i64> = open.iter().map(|r| r.account_id).collect();
        let persons = account::Entity::find()
            .filter(account::Column::Id.is_in(people))
            .all(&txn)
            .await
            .map_err(internal)?;
        for person in &persons {
            let Some(email) = &person.email else { continue };
            let mail = OutgoingMail {
                to: email.clone(),
                subject: format!("Ny kursenhet: {}", course.title),
                body_text: format!(
                    "Hei {},\n\nDu ba om en ny kursenhet av {} ({}). Nå er det satt opp en:\n\n{}\n{}\n\
                     Påmeldingsfrist: {}\n\nMeld deg på her: {}/kurs/{}\n\nHilsen\nKursportalen\n",
                    person.full_name,
                    course.title,
                    course.code,
                    when(session.starts_at, session.ends_at),
                    session.place,
                    moment(session.enrolment_deadline),
                    self.links.public_url,
                    course.code
                ),
                attachment: Some(super::ical::attachment(course, session, &self.links.public_url)),
            };
            self.mailer.enqueue(&txn, mail).await.map_err(internal)?;
        }
        txn.commit().await.map_err(internal)?;
        Ok(persons.len())
    }
}

#[async_trait::async_trait]
impl CourseAdminService for CourseAdminRepo {
    async fn courses(&self, who: SessionAccount, text: &str) -> Result<Vec<AdminCourseRow>, AppError> {
        self.administrator(who).await?;
        let categories: HashMap<i64, String> = category::Entity::find()
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let words = super::search::query_words(text);
        let mut courses = course::Entity::find()
            .order_by_asc(course::Column::Code)
            .all(&self.db)
            .await
            .map_err(internal)?;
        if !words.is_empty() {
            courses.retain(|c| {
                let hay = fold(&format!("{} {}", c.code, c.title)).replace(' ', "");
                words.iter().all(|w| hay.contains(w.as_str()))
            });
        }
        courses.truncate(200);
        let now = Utc::now();
        let ids: Vec<i64> = courses.iter().map(|c| c.id).collect();
        let upcoming: Vec<i64> = session::Entity::find()
            .select_only()
            .column(session::Column::CourseId)
            .filter(session::Column::CourseId.is_in(ids.clone()))
            .filter(session::Column::StartsAt.gt(now))
            .filter(session::Column::CancelledAt.is_null())
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(internal)?;
        let requested: Vec<i64> = session_request::Entity::find()
            .select_only()
            .column(session_request::Column::CourseId)
            .filter(session_request::Column::CourseId.is_in(ids))
            .filter(session_request::Column::AnsweredAt.is_null())
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(internal)?;
        Ok(courses
            .into_iter()
            .map(|c| AdminCourseRow {
                upcoming_sessions: upcoming.iter().filter(|id| **id == c.id).count() as u64,
                open_requests: requested.iter().filter(|id| **id == c.id).count() as u64,
                category: categories.get(&c.category_id).cloned().unwrap_or_default(),
                kind: CourseKind::parse(&c.kind).unwrap_or(CourseKind::Classroom),
                code: c.code,
                title: c.title,
                published: c.published,
            })
            .collect())
    }

    async fn categories(&self, who: SessionAccount) -> Result<Vec<CategoryOption>, AppError> {
        self.administrator(who).await?;
        let all = category::Entity::find()
            .order_by_asc(category::Column::Position)
            .order_by_asc(category::Column::Name)
            .all(&self.db)
            .await
            .map_err(internal)?;
        let by_id: HashMap<i64, &category::Model> = all.iter().map(|c| (c.id, c)).collect();
        let mut options: Vec<CategoryOption> = all
            .iter()
            .map(|c| {
                let mut path = vec![c.name.clone()];
                let mut parent = c.parent_id;
                while let Some(p) = parent.and_then(|id| by_id.get(&id)) {
                    if path.len() > 16 {
                        break;
                    }
                    path.push(p.name.clone());
                    parent = p.parent_id;
                }
                path.reverse();
                CategoryOption {
                    slug: c.slug.clone(),
                    path: path.join(" › "),
                }
            })
            .collect();
        options.sort_by_key(|o| fold(&o.path));
        Ok(options)
    }

    async fn add_category(&self, who: SessionAccount, form: CategoryForm) -> Result<String, AppError> {
        let actor = self.administrator(who).await?;
        let name = form.name.trim().to_string();
        if !(2..=120).contains(&name.chars().count()) {
            return Err(AppError::invalid(
                "name",
                "Navnet på fagområdet må ha 2–120 tegn.",
            ));
        }
        let slug = slug_for(&name);
        let parent = match form.parent.trim() {
            "" => None,
            parent => Some(
                category::Entity::find()
                    .filter(category::Column::Slug.eq(parent))
                    .one(&self.db)
                    .await
                    .map_err(internal)?
                    .ok_or_else(|| AppError::invalid("parent", "Velg et fagområde fra listen."))?,
            ),
        };
        let taken = category::Entity::find()
            .filter(category::Column::Slug.eq(slug.as_str()))
            .count(&self.db)
            .await
            .map_err(internal)?;
        if taken > 0 || slug.is_empty() {
            return Err(AppError::Taken {
                field: "name".into(),
                message: "Et fagområde med det navnet finnes allerede.".into(),
            });
        }
        let position = category::Entity::find().count(&self.db).await.map_err(internal)?;
        category::ActiveModel {
            parent_id: Set(parent.map(|p| p.id)),
            slug: Set(slug.clone()),
            name: Set(name),
            position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            updated_at: Set(Some(Utc::now())),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .map_err(internal)?;
        audit::record(
            &self.db,
            Some(actor.id),
            "category.created",
            None,
            Some(slug.to_string()),
        )
        .await
        .map_err(internal)?;
        self.refresh_search().await;
        Ok(slug)
    }

    async fn update_category(
        &self,
        who: SessionAccount,
        slug: &str,
        form: CategoryForm,
    ) -> Result<(), AppError> {
        let actor = self.administrator(who).await?;
        let all = category::Entity::find().all(&self.db).await.map_err(internal)?;
        let Some(this) = all.iter().find(|c| c.slug == slug.trim()) else {
            return Err(AppError::invalid("slug", "Velg et fagområde fra listen."));
        };
        let name = form.name.trim().to_string();
        if !(2..=120).contains(&name.chars().count()) {
            return Err(AppError::invalid(
                "name",
                "Navnet på fagområdet må ha 2–120 tegn.",
            ));
        }
        let parent = match form.parent.trim() {
            "" => None,
            parent => {
                let Some(found) = all.iter().find(|c| c.slug == parent) else {
                    return Err(AppError::invalid("parent", "Velg et fagområde fra listen."));
                };
                // Not under itself or anything below it: the tree must stay a tree.
                let flat: Vec<super::rules::FlatCategory> = all
                    .iter()
                    .map(|c| super::rules::FlatCategory {
                        id: c.id,
                        parent_id: c.parent_id,
                        slug: c.slug.clone(),
                        name: c.name.clone(),
                    })
                    .collect();
                if super::rules::with_descendants(&flat, this.id).contains(&found.id) {
                    return Err(AppError::invalid(
                        "parent",
                        "Et fagområde kan ikke ligge under seg selv eller under et av sine egne underområder.",
                    ));
                }
                Some(found.id)
            }
        };
        let mut active = this.clone().into_active_model();
        active.name = Set(name);
        active.parent_id = Set(parent);
        active.updated_at = Set(Some(Utc::now()));
        active.update(&self.db).await.map_err(internal)?;
        audit::record(
            &self.db,
            Some(actor.id),
            "category.changed",
            None,
            Some(slug.to_string()),
        )
        .await
        .map_err(internal)?;
        self.refresh_search().await;
        Ok(())
    }

    async fn course_form(&self, who: SessionAccount, code: &str) -> Result<CourseForm, AppError> {
        self.administrator(who).await?;
        let c = self.course_by_code(code).await?;
        let category = category::Entity::find_by_id(c.category_id)
            .one(&self.db)
            .await
            .map_err(internal)?
            .map(|c| c.slug)
            .unwrap_or_default();
        Ok(CourseForm {
            code: c.code,
            title: c.title,
            summary: c.summary,
            description: c.description,
            agenda: c.agenda,
            prerequisites: c.prerequisites,
            target_group: c.target_group,
            kind: c.kind,
            category,
            duration: c.duration,
            place: c.place.unwrap_or_default(),
            price_nok: c.price_nok.map(|p| p.to_string()).unwrap_or_default(),
            validity_months: c.validity_months.map(|m| m.to_string()).unwrap_or_default(),
            keywords: c.keywords,
            contact_name: c.contact_name,
            contact_email: c.contact_email,
            contact_phone: c.contact_phone.unwrap_or_default(),
            published: c.published.then(|| "on".to_string()),
        })
    }

    async fn save_course(
        &self,
        who: SessionAccount,
        original_code: &str,
        form: CourseForm,
    ) -> Result<String, AppError> {
        let actor = self.administrator(who).await?;
        let draft = parse_course(&form)?;
        let original = if original_code.trim().is_empty() {
            None
        } else {
            Some(self.course_by_code(original_code).await?)
        };
        let created = original.is_none();
        let code = self.store_course(draft, original).await?;
        let action = if created {
            "course.created"
        } else {
            "course.changed"
        };
        audit::record(&self.db, Some(actor.id), action, None, Some(code.to_string()))
            .await
            .map_err(internal)?;
        Ok(code)
    }

    async fn sessions(&self, who: SessionAccount, code: &str) -> Result<Vec<AdminSession>, AppError> {
        self.administrator(who).await?;
        let course = self.course_by_code(code).await?;
        let sessions = session::Entity::find()
            .filter(session::Column::CourseId.eq(course.id))
            .order_by_asc(session::Column::StartsAt)
            .all(&self.db)
            .await
            .map_err(internal)?;
        self.describe(sessions).await
    }

    async fn instructors(&self, who: SessionAccount) -> Result<Vec<InstructorOption>, AppError> {
        self.administrator(who).await?;
        Ok(account::Entity::find()
            .filter(account::Column::Role.is_in([Role::Instructor.as_str(), Role::CourseAdmin.as_str()]))
            .filter(account::Column::ActivatedAt.is_not_null())
            .order_by_asc(account::Column::FullName)
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|a| InstructorOption {
                account_id: a.id,
                name: a.full_name,
            })
            .collect())
    }

    async fn add_session(
        &self,
        who: SessionAccount,
        code: &str,
        form: SessionForm,
        answer_requests: bool,
    ) -> Result<i64, AppError> {
        let actor = self.administrator(who).await?;
        let course = self.course_by_code(code).await?;
        let draft = parse_session(&form, Utc::now(), true)?;
        let instructor = self.instructor_name(draft.instructor_account_id).await?;
        let session = session::ActiveModel {
            course_id: Set(course.id),
            starts_at: Set(draft.starts_at),
            ends_at: Set(draft.ends_at),
            place: Set(draft.place),
            instructor: Set(instructor),
            instructor_account_id: Set(draft.instructor_account_id),
            capacity: Set(draft.capacity),
            enrolment_deadline: Set(draft.enrolment_deadline),
            lock_version: Set(0),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .map_err(internal)?;
        audit::record(
            &self.db,
            Some(actor.id),
            "session.created",
            None,
            Some(session.id.to_string().to_string()),
        )
        .await
        .map_err(internal)?;
        self.session_changed(session.id).await;
        if answer_requests {
            let told = self.answer_requests(&course, &session).await?;
            tracing::info!(session_id = session.id, told, "session requests answered");
        }
        Ok(session.id)
    }

    async fn update_session(
        &self,
        who: SessionAccount,
        session_id: i64,
        form: SessionForm,
    ) -> Result<(), AppError> {
        let actor = self.administrator(who).await?;
        let draft = parse_session(&form, Utc::now(), false)?;
        let instructor = self.instructor_name(draft.instructor_account_id).await?;
        let promoted = enrolment::update_session(
            &self.db,
            &self.mailer,
            &self.links,
            session_id,
            SessionChanges {
                starts_at: draft.starts_at,
                ends_at: draft.ends_at,
                enrolment_deadline: draft.enrolment_deadline,
                place: draft.place,
                instructor,
                instructor_account_id: draft.instructor_account_id,
                capacity: draft.capacity,
            },
            Utc::now(),
        )
        .await
        .map_err(refused)?;
        tracing::info!(session_id, promoted = promoted.len(), "session changed");
        self.session_changed(session_id).await;
        audit::record(
            &self.db,
            Some(actor.id),
            "session.changed",
            None,
            Some(session_id.to_string().to_string()),
        )
        .await
        .map_err(internal)?;
        Ok(())
    }

    async fn cancel_session(
        &self,
        who: SessionAccount,
        session_id: i64,
        reason: &str,
    ) -> Result<(), AppError> {
        let actor = self.administrator(who).await?;
        if reason.chars().count() > 2000 {
            return Err(AppError::invalid("reason", "Beskjeden kan ha høyst 2000 tegn."));
        }
        let told = enrolment::cancel_session(
            &self.db,
            &self.mailer,
            &self.links,
            session_id,
            reason,
            Utc::now(),
        )
        .await
        .map_err(refused)?;
        tracing::info!(session_id, told, "session cancelled");
        self.session_changed(session_id).await;
        audit::record(
            &self.db,
            Some(actor.id),
            "session.cancelled",
            None,
            Some(session_id.to_string().to_string()),
        )
        .await
        .map_err(internal)?;
        Ok(())
    }

    async fn roster(&self, who: SessionAccount, session_id: i64) -> Result<SessionRoster, AppError> {
        let actor = self.actor(who).await?;
        let (session, course) = self.session_with_course(session_id).await?;
        let can_edit = may_administer(role(&actor));
        let own = role(&actor) == Role::Instructor && session.instructor_account_id == Some(actor.id);
        if !can_edit && !own {
            tracing::warn!(account_id = actor.id, session_id, "participant list refused");
            return Err(AppError::Forbidden);
        }
        let rows = enrolment::Entity::find()
            .filter(enrolment::Column::SessionId.eq(session_id))
            .filter(enrolment::Column::Status.is_in([ENROLLED, WAITLISTED]))
            .order_by_asc(enrolment::Column::QueuedAt)
            .order_by_asc(enrolment::Column::CreatedAt)
            .all(&self.db)
            .await
            .map_err(internal)?;
        let people: HashMap<i64, account::Model> = account::Entity::find()
            .filter(account::Column::Id.is_in(rows.iter().map(|r| r.account_id).collect::<Vec<_>>()))
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        let employers: HashMap<i64, String> = company::Entity::find()
            .filter(company::Column::Id.is_in(rows.iter().filter_map(|r| r.employer_id).collect::<Vec<_>>()))
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let mut seated = Vec::new();
        let mut waiting = Vec::new();
        for row in rows {
            let person = people.get(&row.account_id);
            let entry = Participant {
                account_id: row.account_id,
                name: person.map(|p| p.full_name.clone()).unwrap_or_default(),
                email: person.and_then(|p| p.email.clone()).unwrap_or_default(),
                employer: row.employer_id.and_then(|id| employers.get(&id).cloned()),
                invoice_reference: row.invoice_reference.clone(),
                waiting_position: None,
                since: moment(row.updated_at),
                outcome: row
                    .outcome
                    .as_deref()
                    .and_then(app::learning::types::Outcome::parse),
            };
            if row.status == ENROLLED {
                seated.push(entry);
            } else {
                waiting.push(entry);
            }
        }
        seated.sort_by_key(|p| fold(&p.name));
        for (index, person) in waiting.iter_mut().enumerate() {
            person.waiting_position = Some(index as u64 + 1);
        }
        seated.extend(waiting);
        let others = session::Entity::find()
            .filter(session::Column::CourseId.eq(course.id))
            .filter(session::Column::Id.ne(session_id))
            .filter(session::Column::StartsAt.gt(Utc::now()))
            .filter(session::Column::CancelledAt.is_null())
            .order_by_asc(session::Column::StartsAt)
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|s| (s.id, format!("{}, {}", when(s.starts_at, s.ends_at), s.place)))
            .collect();
        let can_record =
            (can_edit || own) && session.cancelled_at.is_none() && session.starts_at <= Utc::now();
        let described = self.describe(vec![session]).await?.remove(0);
        Ok(SessionRoster {
            session: described,
            participants: seated,
            other_sessions: others,
            can_record,
            can_edit,
        })
    }

    async fn add_participant(
        &self,
        who: SessionAccount,
        session_id: i64,
        email: &str,
    ) -> Result<MyPlace, AppError> {
        let actor = self.administrator(who).await?;
        let email = Email::parse(email).map_err(|e| AppError::invalid("email", e.0))?;
        let person = account::Entity::find()
            .filter(account::Column::Email.eq(email.as_str()))
            .one(&self.db)
            .await
            .map_err(internal)?
            .filter(|p| p.activated_at.is_some())
            .ok_or_else(|| {
                AppError::invalid("email", "Fant ingen aktivert bruker med den e-postadressen.")
            })?;
        let outcome = enrolment::enrol_as(
            &self.db,
            session_id,
            person.id,
            (person.employer_id, person.invoice_reference.clone()),
            Utc::now(),
            Actor::Staff,
        )
        .await
        .map_err(refused)?;
        audit::record(
            &self.db,
            Some(actor.id),
            "enrolment.added",
            Some(person.id),
            Some(session_id.to_string().to_string()),
        )
        .await
        .map_err(internal)?;
        Ok(place_of(outcome))
    }

    async fn remove_participant(
        &self,
        who: SessionAccount,
        session_id: i64,
        account_id: i64,
    ) -> Result<(), AppError> {
        let actor = self.administrator(who).await?;
        enrolment::cancel_as(
            &self.db,
            &self.mailer,
            &self.links,
            session_id,
            account_id,
            Utc::now(),
            Actor::Staff,
        )
        .await
        .map_err(refused)?;
        audit::record(
            &self.db,
            Some(actor.id),
            "enrolment.removed",
            Some(account_id),
            Some(session_id.to_string().to_string()),
        )
        .await
        .map_err(internal)?;
        Ok(())
    }

    async fn move_participant(
        &self,
        who: SessionAccount,
        session_id: i64,
        account_id: i64,
        to_session: i64,
    ) -> Result<MyPlace, AppError> {
        let actor = self.administrator(who).await?;
        let outcome = enrolment::move_participant(
            &self.db,
            &self.mailer,
            &self.links,
            session_id,
            to_session,
            account_id,
            Utc::now(),
        )
        .await
        .map_err(refused)?;
        audit::record(
            &self.db,
            Some(actor.id),
            "enrolment.moved",
            Some(account_id),
            Some(format!("{session_id} -> {to_session}").to_string()),
        )
        .await
        .map_err(internal)?;
        Ok(place_of(outcome))
    }

    async fn requests(&self, who: SessionAccount) -> Result<Vec<SessionRequestGroup>, AppError> {
        self.administrator(who).await?;
        let open = session_request::Entity::find()
            .filter(session_request::Column::AnsweredAt.is_null())
            .order_by_asc(session_request::Column::CreatedAt)
            .all(&self.db)
            .await
            .map_err(internal)?;
        let courses: HashMap<i64, course::Model> = course::Entity::find()
            .filter(course::Column::Id.is_in(open.iter().map(|r| r.course_id).collect::<Vec<_>>()))
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let people: HashMap<i64, account::Model> = account::Entity::find()
            .filter(account::Column::Id.is_in(open.iter().map(|r| r.account_id).collect::<Vec<_>>()))
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        let mut groups: Vec<SessionRequestGroup> = Vec::new();
        for request in open {
            let Some(course) = courses.get(&request.course_id) else {
                continue;
            };
            let person = people.get(&request.account_id);
            let info = SessionRequestInfo {
                id: request.id,
                name: person.map(|p| p.full_name.clone()).unwrap_or_default(),
                email: person.and_then(|p| p.email.clone()).unwrap_or_default(),
                preferred_place: request.preferred_place,
                preferred_period: request.preferred_period,
                note: request.note,
                asked: moment(request.created_at),
            };
            match groups.iter_mut().find(|g| g.course_code == course.code) {
                Some(group) => group.requests.push(info),
                None => groups.push(SessionRequestGroup {
                    course_code: course.code.clone(),
                    course_title: course.title.clone(),
                    requests: vec![info],
                }),
            }
        }
        // Courses most asked for first.
        groups.sort_by(|a, b| {
            b.requests
                .len()
                .cmp(&a.requests.len())
                .then_with(|| a.course_code.cmp(&b.course_code))
        });
        Ok(groups)
    }

    async fn teaching(&self, who: SessionAccount) -> Result<Vec<AdminSession>, AppError> {
        let actor = self.actor(who).await?;
        if !matches!(role(&actor), Role::Instructor | Role::CourseAdmin | Role::Admin) {
            return Err(AppError::Forbidden);
        }
        let sessions = session::Entity::find()
            .filter(session::Column::InstructorAccountId.eq(actor.id))
            .filter(session::Column::EndsAt.gt(Utc::now() - chrono::Duration::days(30)))
            .order_by_asc(session::Column::StartsAt)
            .all(&self.db)
            .await
            .map_err(internal)?;
        self.describe(sessions).await
    }

    async fn request_session(
        &self,
        who: SessionAccount,
        code: &str,
        form: SessionRequestForm,
    ) -> Result<(), AppError> {
        let person = self.actor(who).await?;
        let free_only = visibility::free_only(&self.db, Some(who))
            .await
            .map_err(internal)?;
        let course = self.course_by_code(code).await?;
        if !course.published || !visibility::visible(&course, free_only) {
            return Err(AppError::NotFound);
        }
        let mut fields = Vec::new();
        let place = form.preferred_place.trim().to_string();
        let period = form.preferred_period.trim().to_string();
        let note = form.note.trim().to_string();
        if place.is_empty() || place.chars().count() > 200 {
            fields.push(app::error::FieldIssue {
                field: "preferred_place".into(),
                message: "Skriv hvor du helst vil ta kurset (høyst 200 tegn).".into(),
            });
        }
        if period.is_empty() || period.chars().count() > 200 {
            fields.push(app::error::FieldIssue {
                field: "preferred_period".into(),
                message: "Skriv når det passer, for eksempel «mars 2027» (høyst 200 tegn).".into(),
            });
        }
        if note.chars().count() > 2000 {
            fields.push(app::error::FieldIssue {
                field: "note".into(),
                message: "Merknaden kan ha høyst 2000 tegn.".into(),
            });
        }
        if !fields.is_empty() {
            return Err(AppError::InvalidForm { fields });
        }
        let already = session_request::Entity::find()
            .filter(session_request::Column::CourseId.eq(course.id))
            .filter(session_request::Column::AccountId.eq(person.id))
            .filter(session_request::Column::AnsweredAt.is_null())
            .one(&self.db)
            .await
            .map_err(internal)?;
        let mut active = match already {
            // Asking again updates the open request rather than adding a second one.
            Some(open) => open.into_active_model(),
            None => session_request::ActiveModel {
                course_id: Set(course.id),
                account_id: Set(person.id),
                created_at: Set(Utc::now()),
                ..Default::default()
            },
        };
        active.preferred_place = Set(place);
        active.preferred_period = Set(period);
        active.note = Set(note);
        active.save(&self.db).await.map_err(internal)?;
        Ok(())
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
