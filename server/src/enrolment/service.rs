//! Implements `app`'s `EnrolmentService`: sessions as the course page shows them, enrolment,
//! cancellation and «Mine kurs», on top of the rules in `enrolment`.
use crate::{
    accounts::mails::Links,
    entity::{account, company},
    mail::Mailer,
};
use crate::{
    common::time::{moment as local, when},
    enrolment::{self, CANCELLED, ENROLLED, EnrolmentError, WAITLISTED},
    entity::{course, session},
};
use app::{
    accounts::service::Caller,
    enrolment::{
        service::EnrolmentService,
        types::{CalendarEntry, CourseCalendar, MyEnrolment, MyPlace, SessionInfo},
    },
    error::AppError,
};
use chrono::Utc;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, LoaderTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

#[derive(Clone)]
pub struct EnrolmentRepo {
    db: DatabaseConnection,
    mailer: Mailer,
    links: Links,
    feed: crate::enrolment::feed::FeedKey,
    options: crate::catalogue::calendar::UpcomingOptions,
}

#[track_caller]
pub(crate) fn refused(error: EnrolmentError) -> AppError {
    match error {
        EnrolmentError::NoSession => AppError::NotFound,
        EnrolmentError::Cancelled => AppError::Conflict {
            message: "Kursenheten er avlyst.".into(),
        },
        EnrolmentError::DeadlinePassed => AppError::Conflict {
            message: "Påmeldingsfristen er ute. Ta kontakt med kursansvarlig.".into(),
        },
        EnrolmentError::NotEnrolled => AppError::Conflict {
            message: "Du er ikke påmeldt denne kursenheten.".into(),
        },
        EnrolmentError::SameSession => {
            AppError::invalid("to_session", "Velg en annen kursenhet enn den personen er i.")
        }
        EnrolmentError::OtherCourse => AppError::invalid(
            "to_session",
            "Personen kan bare flyttes til en kursenhet av samme kurs.",
        ),
        EnrolmentError::CapacityBelowEnrolled { enrolled } => AppError::invalid(
            "capacity",
            format!(
                "{enrolled} er allerede påmeldt. Antall plasser kan ikke være lavere; flytt eller meld av noen først."
            ),
        ),
        EnrolmentError::Database(error) => AppError::fault(error),
    }
}

impl EnrolmentRepo {
    pub fn new(
        db: DatabaseConnection,
        mailer: Mailer,
        links: Links,
        feed: crate::enrolment::feed::FeedKey,
        options: crate::catalogue::calendar::UpcomingOptions,
    ) -> Self {
        Self {
            db,
            mailer,
            links,
            feed,
            options,
        }
    }

    async fn confirm(&self, person: &account::Model, session_id: i64, place: MyPlace) {
        confirm(&self.db, &self.mailer, &self.links, person, session_id, place).await;
    }

    /// Sessions with their counts and the person's place.
    async fn describe(
        &self,
        sessions: Vec<session::Model>,
        account_id: Option<i64>,
    ) -> Result<Vec<SessionInfo>, AppError> {
        let now = Utc::now();
        let ids: Vec<i64> = sessions.iter().map(|s| s.id).collect();
        let rows = enrolment::Entity::find()
            .filter(enrolment::Column::SessionId.is_in(ids))
            .filter(enrolment::Column::Status.ne(CANCELLED))
            .all(&self.db)
            .await?;
        let mut out = Vec::new();
        for s in sessions {
            let here: Vec<&enrolment::Model> = rows.iter().filter(|r| r.session_id == s.id).collect();
            let enrolled = here.iter().filter(|r| r.status == ENROLLED).count() as u32;
            let waiting = here.iter().filter(|r| r.status == WAITLISTED).count() as u32;
            // The position from the rows already loaded: no query per session.
            let mine = match account_id.and_then(|a| here.iter().find(|r| r.account_id == a)) {
                Some(row) if row.status == ENROLLED => Some(MyPlace::Enrolled),
                Some(row) => Some(MyPlace::Waitlisted {
                    position: here
                        .iter()
                        .filter(|r| r.status == WAITLISTED && r.queued_at < row.queued_at)
                        .count() as u64
                        + 1,
                }),
                None => None,
            };
            let capacity = u32::try_from(s.capacity).unwrap_or(0);
            out.push(SessionInfo {
                id: s.id,
                when: when(s.starts_at, s.ends_at),
                place: s.place,
                instructor: s.instructor,
                capacity,
                free_seats: capacity.saturating_sub(enrolled),
                waiting,
                deadline: local(s.enrolment_deadline),
                open: s.cancelled_at.is_none() && now <= s.enrolment_deadline,
                mine,
                priced: false,
                invoice_reference: None,
            });
        }
        Ok(out)
    }
}

#[async_trait::async_trait]
impl EnrolmentService for EnrolmentRepo {
    async fn sessions(&self, who: Option<Caller>, course_code: &str) -> Result<Vec<SessionInfo>, AppError> {
        let free_only = crate::catalogue::visibility::free_only(who.as_ref());
        let course = course::Entity::find()
            .filter(course::Column::Code.eq(course_code.trim().to_uppercase()))
            .filter(course::Column::Published.eq(true))
            .one(&self.db)
            .await?
            .filter(|c| crate::catalogue::visibility::visible(c, free_only))
            .ok_or(AppError::NotFound)?;
        let sessions = session::Entity::find()
            .filter(session::Column::CourseId.eq(course.id))
            .filter(session::Column::StartsAt.gt(Utc::now()))
            .filter(session::Column::CancelledAt.is_null())
            .order_by_asc(session::Column::StartsAt)
            .all(&self.db)
            .await?;
        let person = match &who {
            Some(who) => Some(account::of_caller(&self.db, who).await?),
            None => None,
        };
        let mut described = self.describe(sessions, person.as_ref().map(|p| p.id)).await?;
        // A paid course records an invoice reference with the enrolment: the profile's, editable.
        let priced = course.is_priced();
        for info in &mut described {
            info.priced = priced;
            info.invoice_reference = person
                .as_ref()
                .and_then(|p| p.invoice_reference.clone())
                .filter(|_| priced);
        }
        Ok(described)
    }

    async fn enrol(
        &self,
        who: Caller,
        session_id: i64,
        invoice_reference: Option<String>,
    ) -> Result<MyPlace, AppError> {
        let person = account::of_caller(&self.db, &who).await?;
        // A «Gratis e-læring» user cannot enrol in a course with a price, even by its session id.
        let free_only = who.free_only();
        let session = session::Entity::find_by_id(session_id)
            .one(&self.db)
            .await?
            .ok_or(AppError::NotFound)?;
        let course = course::Entity::find_by_id(session.course_id)
            .one(&self.db)
            .await?
            .filter(|c| c.published && crate::catalogue::visibility::visible(c, free_only))
            .ok_or(AppError::NotFound)?;
        let reference = match invoice_reference {
            Some(typed) if course.is_priced() => app::accounts::registration::invoice_reference(&typed)
                .map_err(|e| AppError::invalid("invoice_reference", e.0))?,
            _ => person.invoice_reference.clone(),
        };
        let billing = company::billing(&self.db, &person, crate::common::time::today()).await?;
        let billing = if course.is_priced() {
            billing.for_priced().map_err(AppError::conflict)?
        } else {
            billing
        };
        let invoicing = (billing.employer_id(), reference);
        let place = enrolment::enrol(&self.db, session_id, person.id, invoicing, Utc::now())
            .await
            .map_err(refused)?
            .place();
        tracing::info!(account_id = person.id, session_id, ?place, "enrolment");
        self.confirm(&person, session_id, place).await;
        Ok(place)
    }

    async fn cancel(&self, who: Caller, session_id: i64) -> Result<(), AppError> {
        let person = account::of_caller(&self.db, &who).await?;
        let outcome = enrolment::cancel(
            &self.db,
            &self.mailer,
            &self.links,
            session_id,
            person.id,
            Utc::now(),
        )
        .await
        .map_err(refused)?;
        tracing::info!(account_id = person.id, session_id, promoted = ?outcome.promoted, "cancelled");
        Ok(())
    }

    async fn mine(&self, who: Caller) -> Result<Vec<MyEnrolment>, AppError> {
        let person = account::of_caller(&self.db, &who).await?;
        let rows = enrolment::Entity::find()
            .filter(enrolment::Column::AccountId.eq(person.id))
            .filter(enrolment::Column::Status.ne(CANCELLED))
            .all(&self.db)
            .await?;
        let session_ids: Vec<i64> = rows.iter().map(|r| r.session_id).collect();
        let sessions = session::Entity::find()
            .filter(session::Column::Id.is_in(session_ids))
            .filter(session::Column::EndsAt.gt(Utc::now()))
            .order_by_asc(session::Column::StartsAt)
            .all(&self.db)
            .await?;
        let courses = sessions.load_one(course::Entity, &self.db).await?;
        let described = self.describe(sessions, Some(person.id)).await?;
        Ok(described
            .into_iter()
            .zip(courses)
            .filter_map(|(session, course)| {
                course.map(|c| MyEnrolment {
                    session,
                    course_code: c.code.clone(),
                    course_title: c.title.clone(),
                })
            })
            .collect())
    }

    async fn calendar(
        &self,
        who: Option<Caller>,
        month: Option<app::catalogue::types::Month>,
        place: Option<String>,
    ) -> Result<CourseCalendar, AppError> {
        use crate::catalogue::calendar::{month_of, month_start, visible_course_ids};
        let free_only = crate::catalogue::visibility::free_only(who.as_ref());
        let now = Utc::now();
        let month = month.unwrap_or_else(|| month_of(now));
        let options = self.options.get(&self.db, free_only).await?;
        let mut sessions = session::Entity::find()
            .filter(session::Column::StartsAt.gte(month_start(month).max(now)))
            .filter(session::Column::StartsAt.lt(month_start(month.next())))
            .filter(session::Column::CancelledAt.is_null())
            .filter(session::Column::CourseId.in_subquery(visible_course_ids(free_only)))
            .order_by_asc(session::Column::StartsAt)
            .limit(500);
        if let Some(place) = &place {
            sessions = sessions.filter(session::Column::Place.eq(place.as_str()));
        }
        let sessions = sessions.all(&self.db).await?;
        let courses = sessions.load_one(course::Entity, &self.db).await?;
        let account_id = who.map(|who| who.account_id);
        let described = self.describe(sessions, account_id).await?;
        let entries = described
            .into_iter()
            .zip(courses)
            .filter_map(|(session, course)| {
                course.map(|c| CalendarEntry {
                    course_code: c.code.clone(),
                    course_title: c.title.clone(),
                    session,
                })
            })
            .collect();
        Ok(CourseCalendar {
            month,
            place,
            options,
            entries,
        })
    }

    async fn calendar_feed(&self, who: Caller) -> Result<String, AppError> {
        let person = account::of_caller(&self.db, &who).await?;
        Ok(format!(
            "{}{}",
            self.links.public_url,
            self.feed.path(person.id, person.calendar_feed_generation)
        ))
    }

    async fn new_calendar_feed(&self, who: Caller) -> Result<String, AppError> {
        let person = account::of_caller(&self.db, &who).await?;
        account::Entity::update_many()
            .col_expr(
                account::Column::CalendarFeedGeneration,
                sea_orm::sea_query::Expr::col(account::Column::CalendarFeedGeneration).add(1),
            )
            .filter(account::Column::Id.eq(person.id))
            .exec(&self.db)
            .await?;
        self.calendar_feed(who).await
    }
}

/// How many are enrolled in a session (for the demo data and tests).
pub async fn enrolled_in(db: &DatabaseConnection, session_id: i64) -> Result<u64, sea_orm::DbErr> {
    enrolment::Entity::find()
        .filter(enrolment::Column::SessionId.eq(session_id))
        .filter(enrolment::Column::Status.eq(ENROLLED))
        .count(db)
        .await
}

/// «Påmelding bekreftet» or «Du står på venteliste», with the calendar link. A failure is
/// logged, not returned: the enrolment itself stands. For an enrolment the person made, and one
/// staff made on their behalf.
pub async fn confirm(
    db: &DatabaseConnection,
    mailer: &Mailer,
    links: &Links,
    person: &account::Model,
    session_id: i64,
    place: MyPlace,
) {
    let Some(email) = &person.email else { return };
    let found = async {
        let session = session::Entity::find_by_id(session_id).one(db).await?;
        let Some(session) = session else { return Ok(None) };
        let course = course::Entity::find_by_id(session.course_id).one(db).await?;
        Ok::<_, sea_orm::DbErr>(course.map(|c| (c, session)))
    }
    .await;
    let Ok(Some((course, session))) = found else {
        tracing::warn!(session_id, "no confirmation mail: session not found");
        return;
    };
    let language = person.chosen_language();
    let when = crate::common::time::when_in(session.starts_at, session.ends_at, language);
    let (calendar, my_courses) = (
        links.page(&format!("/kalender/kursenhet/{}.ics", session.id)),
        links.page("/mine-kurs"),
    );
    let details = crate::mail::texts::text(
        "session_details",
        "body",
        language,
        &[
            ("course", &course.title),
            ("code", &course.code),
            ("when", &when),
            ("place", &session.place),
            ("calendar", &calendar),
            ("my_courses", &my_courses),
        ],
    );
    let position = match place {
        MyPlace::Enrolled => None,
        MyPlace::Waitlisted { position } => Some(position.to_string()),
    };
    let mut args = vec![
        ("name", person.full_name.as_str()),
        ("course", course.title.as_str()),
        ("details", details.as_str()),
    ];
    if let Some(position) = &position {
        args.push(("position", position));
    }
    let id = if position.is_some() {
        "waitlisted"
    } else {
        "enrolled"
    };
    let mut mail = crate::accounts::mails::compose(links, email, language, id, &args);
    mail.attachment = Some(crate::enrolment::ical::attachment(
        &course,
        &session,
        &links.public_url,
    ));
    if let Err(error) = mailer.enqueue(db, mail).await {
        tracing::error!(%error, "confirmation mail not queued");
    }
}
