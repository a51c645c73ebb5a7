//! The course list of the admin area and the course form: find, load and save a course.
use super::*;

pub(super) async fn courses(
    repo: &CourseAdminRepo,
    who: Caller,
    text: &str,
) -> Result<Vec<AdminCourseRow>, AppError> {
    let who = repo.administrator(who).await?;
    let scope = repo.scope(&who).await?;
    let words = crate::catalogue::search::query_words(text);
    let mut courses = course::Entity::find()
        .order_by_asc(course::Column::Code)
        .all(&repo.db)
        .await?;
    courses.retain(|c| {
        let hay = fold(&format!("{} {}", c.code, c.title)).replace(' ', "");
        scope.covers(c.category_id) && words.iter().all(|w| hay.contains(w.as_str()))
    });
    courses.truncate(200);
    let categories = courses.load_one(category::Entity, &repo.db).await?;
    let now = Utc::now();
    let ids: Vec<i64> = courses.iter().map(|c| c.id).collect();
    let upcoming: Vec<i64> = session::Entity::find()
        .select_only()
        .column(session::Column::CourseId)
        .filter(session::Column::CourseId.is_in(ids.clone()))
        .filter(session::Column::StartsAt.gt(now))
        .filter(session::Column::CancelledAt.is_null())
        .into_tuple()
        .all(&repo.db)
        .await?;
    let requested: Vec<i64> = session_request::Entity::find()
        .select_only()
        .column(session_request::Column::CourseId)
        .filter(session_request::Column::CourseId.is_in(ids))
        .filter(session_request::Column::AnsweredAt.is_null())
        .into_tuple()
        .all(&repo.db)
        .await?;
    Ok(courses
        .into_iter()
        .zip(categories)
        .map(|(c, category)| AdminCourseRow {
            upcoming_sessions: upcoming.iter().filter(|id| **id == c.id).count() as u64,
            open_requests: requested.iter().filter(|id| **id == c.id).count() as u64,
            category: category.map(|c| c.name).unwrap_or_default(),
            kind: CourseKind::parse(&c.kind).unwrap_or(CourseKind::Classroom),
            code: c.code,
            title: c.title,
            published: c.published,
        })
        .collect())
}

pub(super) async fn course_form(
    repo: &CourseAdminRepo,
    who: Caller,
    code: &str,
) -> Result<CourseForm, AppError> {
    let (_, c) = repo.managed_course(who, code).await?;
    let category = category::Entity::find_by_id(c.category_id)
        .one(&repo.db)
        .await?
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

pub(super) async fn save_course(
    repo: &CourseAdminRepo,
    who: Caller,
    original_code: &str,
    form: CourseForm,
) -> Result<String, AppError> {
    let (actor, original) = if original_code.trim().is_empty() {
        (repo.administrator(who).await?, None)
    } else {
        let (actor, course) = repo.managed_course(who, original_code).await?;
        (actor, Some(course))
    };
    let draft = parse_course(&form)?;
    let created = original.is_none();
    let scope = repo.scope(&actor).await?;
    let code = repo.store_course(draft, original, &scope).await?;
    let action = if created {
        "course.created"
    } else {
        "course.changed"
    };
    audit::record(
        &repo.db,
        Some(actor.account_id),
        action,
        None,
        Some(code.to_string()),
    )
    .await?;
    Ok(code)
}
