//! «Be om ny kursenhet»: learners ask for a session of a course; administrators see the requests
//! grouped per course; and an instructor's own sessions.
use super::*;

pub(super) async fn requests(
    repo: &CourseAdminRepo,
    who: Caller,
) -> Result<Vec<SessionRequestGroup>, AppError> {
    let who = repo.administrator(who).await?;
    let scope = repo.scope(&who).await?;
    let open = session_request::Entity::find()
        .filter(session_request::Column::AnsweredAt.is_null())
        .order_by_asc(session_request::Column::CreatedAt)
        .all(&repo.db)
        .await?;
    let courses = open.load_one(course::Entity, &repo.db).await?;
    let people = open.load_one(account::Entity, &repo.db).await?;
    let mut groups: Vec<SessionRequestGroup> = Vec::new();
    for ((request, course), person) in open.into_iter().zip(courses).zip(people) {
        let Some(course) = course.filter(|c| scope.covers(c.category_id)) else {
            continue;
        };
        let person = person.as_ref();
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

pub(super) async fn teaching(repo: &CourseAdminRepo, actor: Caller) -> Result<Vec<AdminSession>, AppError> {
    if !matches!(actor.role(), Role::Instructor | Role::CourseAdmin | Role::Admin) {
        return Err(AppError::Forbidden);
    }
    let sessions = session::Entity::find()
        .filter(session::Column::InstructorAccountId.eq(actor.account_id))
        .filter(session::Column::EndsAt.gt(Utc::now() - chrono::Duration::days(30)))
        .order_by_asc(session::Column::StartsAt)
        .all(&repo.db)
        .await?;
    repo.describe(sessions).await
}

pub(super) async fn request_session(
    repo: &CourseAdminRepo,
    who: Caller,
    code: &str,
    form: SessionRequestForm,
) -> Result<(), AppError> {
    let free_only = visibility::free_only(Some(&who));
    let person = who;
    let course = repo.course_by_code(code).await?;
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
        .filter(session_request::Column::AccountId.eq(person.account_id))
        .filter(session_request::Column::AnsweredAt.is_null())
        .one(&repo.db)
        .await?;
    let mut active = match already {
        // Asking again updates the open request rather than adding a second one.
        Some(open) => open.into_active_model(),
        None => session_request::ActiveModel {
            course_id: Set(course.id),
            account_id: Set(person.account_id),
            created_at: Set(Utc::now()),
            ..Default::default()
        },
    };
    active.preferred_place = Set(place);
    active.preferred_period = Set(period);
    active.note = Set(note);
    active.save(&repo.db).await?;
    Ok(())
}
