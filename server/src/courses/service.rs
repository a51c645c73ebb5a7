//! The catalogue service: implements `app`'s `CatalogueService` on the database.
use super::{
    category, course,
    rules::{FlatCategory, build_tree, with_descendants},
    search::{SearchIndex, query_words},
    session, visibility,
};
use app::{
    accounts::service::SessionAccount,
    catalogue::{
        service::CatalogueService,
        types::{
            COURSES_PER_PAGE, CategoryNode, CategoryRef, CourseDetail, CourseFilters, CourseKind, CoursePage,
            CourseQuery, CourseSummary, FilterOptions, PriceFilter, SUGGESTIONS, Suggestion,
        },
    },
    error::AppError,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Select, sea_query::Query,
};
use std::collections::HashMap;

/// Text searches rank at most this many courses; more are not useful to page through.
const MAX_RANKED: usize = 2000;

#[derive(Clone)]
pub struct CatalogueRepo {
    db: DatabaseConnection,
    search: SearchIndex,
}

use super::calendar::month_start;

/// Courses with an upcoming, not cancelled session that also meets `extra`.
fn with_upcoming_session(extra: Condition, now: DateTime<Utc>) -> Condition {
    let sessions = Query::select()
        .column(session::Column::CourseId)
        .from(session::Entity)
        .and_where(session::Column::StartsAt.gte(now))
        .and_where(session::Column::CancelledAt.is_null())
        .cond_where(extra)
        .to_owned();
    Condition::all().add(course::Column::Id.in_subquery(sessions))
}

/// Narrows a course query by kind, price, place and month.
fn filtered(
    mut select: Select<course::Entity>,
    filters: &CourseFilters,
    now: DateTime<Utc>,
) -> Select<course::Entity> {
    if let Some(kind) = filters.kind {
        select = select.filter(course::Column::Kind.eq(kind.as_str()));
    }
    match filters.price {
        Some(PriceFilter::Free) => select = select.filter(visibility::free_courses()),
        Some(PriceFilter::Paid) => select = select.filter(course::Column::PriceNok.gt(0)),
        None => {}
    }
    if let Some(place) = &filters.place {
        select = select.filter(
            Condition::any()
                .add(course::Column::Place.eq(place.as_str()))
                .add(with_upcoming_session(
                    Condition::all().add(session::Column::Place.eq(place.as_str())),
                    now,
                )),
        );
    }
    if let Some(month) = filters.month {
        select = select.filter(with_upcoming_session(
            Condition::all()
                .add(session::Column::StartsAt.gte(month_start(month)))
                .add(session::Column::StartsAt.lt(month_start(month.next()))),
            now,
        ));
    }
    select
}

impl CatalogueRepo {
    pub fn new(db: DatabaseConnection, search: SearchIndex) -> Self {
        Self { db, search }
    }

    async fn flat_categories(&self) -> Result<Vec<category::Model>, DbErr> {
        category::Entity::find()
            .order_by_asc(category::Column::Position)
            .order_by_asc(category::Column::Name)
            .all(&self.db)
            .await
    }
}

/// Logs the database error and answers with an error that tells the client nothing internal.
fn internal(error: DbErr) -> AppError {
    tracing::error!(%error, "catalogue query failed");
    AppError::Internal
}

fn flat(categories: &[category::Model]) -> Vec<FlatCategory> {
    categories
        .iter()
        .map(|c| FlatCategory {
            id: c.id,
            parent_id: c.parent_id,
            slug: c.slug.clone(),
            name: c.name.clone(),
        })
        .collect()
}

fn summary(model: &course::Model, categories: &HashMap<i64, &category::Model>) -> CourseSummary {
    let category = categories
        .get(&model.category_id)
        .map(|c| CategoryRef {
            slug: c.slug.clone(),
            name: c.name.clone(),
        })
        .unwrap_or_else(|| CategoryRef {
            slug: String::new(),
            name: String::new(),
        });
    CourseSummary {
        code: model.code.clone(),
        title: model.title.clone(),
        summary: model.summary.clone(),
        kind: CourseKind::parse(&model.kind).unwrap_or(CourseKind::Classroom),
        category,
        duration: model.duration.clone(),
        place: model.place.clone(),
        price_nok: model.price_nok.and_then(|p| u32::try_from(p).ok()),
        validity_months: model.validity_months.and_then(|m| u32::try_from(m).ok()),
    }
}

#[derive(FromQueryResult)]
struct CategoryCount {
    category_id: i64,
    courses: i64,
}

#[async_trait::async_trait]
impl CatalogueService for CatalogueRepo {
    async fn category_tree(&self, who: Option<SessionAccount>) -> Result<Vec<CategoryNode>, AppError> {
        let free_only = visibility::free_only(&self.db, who).await.map_err(internal)?;
        let categories = self.flat_categories().await.map_err(internal)?;
        let mut counted = course::Entity::find();
        if free_only {
            counted = counted.filter(visibility::free_courses());
        }
        let counts: HashMap<i64, u64> = counted
            .select_only()
            .column(course::Column::CategoryId)
            .column_as(course::Column::Id.count(), "courses")
            .filter(course::Column::Published.eq(true))
            .group_by(course::Column::CategoryId)
            .into_model::<CategoryCount>()
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|row| (row.category_id, row.courses.max(0) as u64))
            .collect();
        Ok(build_tree(&flat(&categories), &counts))
    }

    async fn courses(&self, who: Option<SessionAccount>, query: CourseQuery) -> Result<CoursePage, AppError> {
        let free_only = visibility::free_only(&self.db, who).await.map_err(internal)?;
        let categories = self.flat_categories().await.map_err(internal)?;
        let by_id: HashMap<i64, &category::Model> = categories.iter().map(|c| (c.id, c)).collect();
        let mut select = course::Entity::find().filter(course::Column::Published.eq(true));
        if free_only {
            select = select.filter(visibility::free_courses());
        }

        let mut selected = None;
        if let Some(slug) = query.category.as_deref().filter(|s| !s.is_empty()) {
            let Some(found) = categories.iter().find(|c| c.slug == slug) else {
                return Err(AppError::NotFound);
            };
            selected = Some(CategoryRef {
                slug: found.slug.clone(),
                name: found.name.clone(),
            });
            select = select
                .filter(course::Column::CategoryId.is_in(with_descendants(&flat(&categories), found.id)));
        }
        select = filtered(select, &query.filters, Utc::now());
        let page = query.page.max(1);
        let words = query.text.as_deref().map(query_words).unwrap_or_default();
        // Text of punctuation alone («%%») finds nothing rather than everything.
        let text_given = query.text.as_deref().is_some_and(|t| !t.trim().is_empty());

        let (total, rows) = if !text_given {
            let paginator = select
                .order_by_asc(course::Column::Title)
                .order_by_asc(course::Column::Id)
                .paginate(&self.db, u64::from(COURSES_PER_PAGE));
            let total = paginator.num_items().await.map_err(internal)?;
            let rows = paginator
                .fetch_page(u64::from(page - 1))
                .await
                .map_err(internal)?;
            (total, rows)
        } else {
            // The index ranks; the database applies category, filters and visibility again.
            let ranked: Vec<i64> = self
                .search
                .snapshot()
                .search(&words, free_only, MAX_RANKED)
                .into_iter()
                .map(|entry| entry.id)
                .collect();
            let allowed: std::collections::HashSet<i64> = select
                .clone()
                .select_only()
                .column(course::Column::Id)
                .filter(course::Column::Id.is_in(ranked.clone()))
                .into_tuple::<i64>()
                .all(&self.db)
                .await
                .map_err(internal)?
                .into_iter()
                .collect();
            let matching: Vec<i64> = ranked.into_iter().filter(|id| allowed.contains(id)).collect();
            let per_page = COURSES_PER_PAGE as usize;
            let shown: Vec<i64> = matching
                .iter()
                .skip((page as usize - 1) * per_page)
                .take(per_page)
                .copied()
                .collect();
            let mut rows = course::Entity::find()
                .filter(course::Column::Id.is_in(shown.clone()))
                .all(&self.db)
                .await
                .map_err(internal)?;
            rows.sort_by_key(|row| shown.iter().position(|id| *id == row.id));
            (matching.len() as u64, rows)
        };
        Ok(CoursePage {
            courses: rows.iter().map(|row| summary(row, &by_id)).collect(),
            total,
            page,
            per_page: COURSES_PER_PAGE,
            category: selected,
            free_only,
        })
    }

    async fn course(&self, who: Option<SessionAccount>, code: &str) -> Result<CourseDetail, AppError> {
        let free_only = visibility::free_only(&self.db, who).await.map_err(internal)?;
        let code = code.trim().to_uppercase();
        if code.is_empty() || code.len() > 32 {
            return Err(AppError::NotFound);
        }
        let Some(model) = course::Entity::find()
            .filter(course::Column::Code.eq(code))
            .filter(course::Column::Published.eq(true))
            .one(&self.db)
            .await
            .map_err(internal)?
        else {
            return Err(AppError::NotFound);
        };
        if !visibility::visible(&model, free_only) {
            return Err(AppError::NotFound);
        }
        let categories = self.flat_categories().await.map_err(internal)?;
        let by_id: HashMap<i64, &category::Model> = categories.iter().map(|c| (c.id, c)).collect();
        Ok(CourseDetail {
            summary: summary(&model, &by_id),
            description: model.description.clone(),
            agenda: lines(&model.agenda),
            target_group: model.target_group.clone(),
            contact_name: model.contact_name.clone(),
            contact_email: model.contact_email.clone(),
            contact_phone: model.contact_phone.clone(),
            prerequisites: lines(&model.prerequisites),
        })
    }

    async fn suggest(&self, who: Option<SessionAccount>, text: &str) -> Result<Vec<Suggestion>, AppError> {
        let words = query_words(text);
        if words.iter().map(|w| w.chars().count()).sum::<usize>() < 2 {
            return Ok(Vec::new());
        }
        let free_only = visibility::free_only(&self.db, who).await.map_err(internal)?;
        let snapshot = self.search.snapshot();
        Ok(snapshot
            .search(&words, free_only, SUGGESTIONS)
            .into_iter()
            .map(|entry| Suggestion {
                code: entry.code.clone(),
                title: entry.title.clone(),
                category: entry.category.clone(),
                kind: CourseKind::parse(&entry.kind).unwrap_or(CourseKind::Classroom),
            })
            .collect())
    }

    async fn filter_options(&self, who: Option<SessionAccount>) -> Result<FilterOptions, AppError> {
        let free_only = visibility::free_only(&self.db, who).await.map_err(internal)?;
        super::calendar::upcoming_options(&self.db, free_only, Utc::now())
            .await
            .map_err(internal)
    }
}

/// The non-empty lines of a text, trimmed.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}
