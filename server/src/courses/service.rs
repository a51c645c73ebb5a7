//! The catalogue service: implements `app`'s `CatalogueService` on the database.
use super::{
    category, course,
    rules::{FlatCategory, build_tree, contains_pattern, query_terms, with_descendants},
    visibility,
};
use app::{
    accounts::service::SessionAccount,
    catalogue::{
        service::CatalogueService,
        types::{
            COURSES_PER_PAGE, CategoryNode, CategoryRef, CourseDetail, CourseKind, CoursePage, CourseQuery,
            CourseSummary,
        },
    },
    error::AppError,
};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
    sea_query::{Expr, LikeExpr},
};
use std::collections::HashMap;

#[derive(Clone)]
pub struct CatalogueRepo {
    db: DatabaseConnection,
}

impl CatalogueRepo {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
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
        if let Some(text) = query.text.as_deref() {
            for term in query_terms(text) {
                select = select.filter(
                    Expr::col(course::Column::SearchText)
                        .like(LikeExpr::new(contains_pattern(&term)).escape('\\')),
                );
            }
        }

        let page = query.page.max(1);
        let paginator = select
            .order_by_asc(course::Column::Title)
            .order_by_asc(course::Column::Id)
            .paginate(&self.db, u64::from(COURSES_PER_PAGE));
        let total = paginator.num_items().await.map_err(internal)?;
        let rows = paginator
            .fetch_page(u64::from(page - 1))
            .await
            .map_err(internal)?;
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
            agenda: model
                .agenda
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect(),
            target_group: model.target_group.clone(),
            contact_name: model.contact_name.clone(),
            contact_email: model.contact_email.clone(),
            contact_phone: model.contact_phone.clone(),
        })
    }
}
