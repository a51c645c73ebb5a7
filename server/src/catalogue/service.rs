//! The catalogue service: implements `app`'s `CatalogueService` on the database.
use crate::{
    catalogue::{
        rules::{FlatCategory, build_tree, with_descendants},
        search::{Entry, SearchIndex, query_words},
        visibility,
    },
    entity::{category, course},
};
use app::{
    accounts::service::Caller,
    catalogue::{
        service::CatalogueService,
        types::{
            COURSES_PER_PAGE, CategoryNode, CategoryRef, CourseDetail, CourseKind, CoursePage, CourseQuery,
            CourseSummary, FilterOptions, PriceFilter, SUGGESTIONS, Suggestion,
        },
    },
    error::AppError,
};
use chrono::Utc;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::collections::{HashMap, HashSet};

/// Text searches rank at most this many courses; more are not useful to page through.
const MAX_RANKED: usize = 2000;

#[derive(Clone)]
pub struct CatalogueRepo {
    db: DatabaseConnection,
    search: SearchIndex,
    filter_options: crate::catalogue::calendar::UpcomingOptions,
}

impl CatalogueRepo {
    pub fn new(
        db: DatabaseConnection,
        search: SearchIndex,
        filter_options: crate::catalogue::calendar::UpcomingOptions,
    ) -> Self {
        Self {
            db,
            search,
            filter_options,
        }
    }
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

#[async_trait::async_trait]
impl CatalogueService for CatalogueRepo {
    async fn category_tree(&self, who: Option<Caller>) -> Result<Vec<CategoryNode>, AppError> {
        let free_only = visibility::free_only(who.as_ref());
        // Counted from the in-memory catalogue: no query per page view.
        let snapshot = self.search.snapshot();
        let counts = snapshot.counts(free_only);
        Ok(build_tree(&flat(snapshot.categories()), counts))
    }

    async fn courses(&self, who: Option<Caller>, query: CourseQuery) -> Result<CoursePage, AppError> {
        let free_only = visibility::free_only(who.as_ref());
        // Subject area, kind, price and text are decided on the in-memory catalogue; place and
        // month (which depend on sessions) by the database.
        let snapshot = self.search.snapshot();
        let categories = snapshot.categories();
        let mut selected = None;
        let mut in_category: Option<HashSet<i64>> = None;
        if let Some(slug) = query.category.as_deref().filter(|s| !s.is_empty()) {
            let Some(found) = categories.iter().find(|c| c.slug == slug) else {
                return Err(AppError::NotFound);
            };
            selected = Some(CategoryRef {
                slug: found.slug.clone(),
                name: found.name.clone(),
            });
            in_category = Some(
                with_descendants(&flat(categories), found.id)
                    .into_iter()
                    .collect(),
            );
        }
        let words = query.text.as_deref().map(query_words).unwrap_or_default();
        // Text of punctuation alone («%%») finds nothing rather than everything.
        let text_given = query.text.as_deref().is_some_and(|t| !t.trim().is_empty());
        let candidates: Vec<&Entry> = if text_given {
            snapshot.search(&words, free_only, MAX_RANKED)
        } else {
            snapshot.visible(free_only).collect()
        };
        let filters = &query.filters;
        let mut matching: Vec<&Entry> = candidates
            .into_iter()
            .filter(|e| {
                in_category
                    .as_ref()
                    .is_none_or(|ids| ids.contains(&e.category_id))
            })
            .filter(|e| filters.kind.is_none_or(|k| e.kind == k.as_str()))
            .filter(|e| match filters.price {
                Some(PriceFilter::Free) => !e.priced,
                Some(PriceFilter::Paid) => e.priced,
                None => true,
            })
            .collect();
        if let Some(allowed) = snapshot.by_sessions(filters.place.as_deref(), filters.month, Utc::now()) {
            matching.retain(|entry| allowed.contains(entry));
        }
        let page = query.page.max(1);
        let per_page = COURSES_PER_PAGE as usize;
        // The cards come from the in-memory catalogue: no query per page view.
        let courses = matching
            .iter()
            .skip((page as usize - 1) * per_page)
            .take(per_page)
            .map(|entry| entry.card.clone())
            .collect();
        Ok(CoursePage {
            courses,
            total: matching.len() as u64,
            page,
            per_page: COURSES_PER_PAGE,
            category: selected,
            free_only,
        })
    }

    async fn course(&self, who: Option<Caller>, code: &str) -> Result<CourseDetail, AppError> {
        let free_only = visibility::free_only(who.as_ref());
        let code = code.trim().to_uppercase();
        if code.is_empty() || code.len() > 32 {
            return Err(AppError::NotFound);
        }
        let Some(model) = course::Entity::find()
            .filter(course::Column::Code.eq(code))
            .filter(course::Column::Published.eq(true))
            .one(&self.db)
            .await?
        else {
            return Err(AppError::NotFound);
        };
        if !visibility::visible(&model, free_only) {
            return Err(AppError::NotFound);
        }
        let snapshot = self.search.snapshot();
        let by_id: HashMap<i64, &category::Model> = snapshot.categories().iter().map(|c| (c.id, c)).collect();
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

    async fn suggest(&self, who: Option<Caller>, text: &str) -> Result<Vec<Suggestion>, AppError> {
        let words = query_words(text);
        if words.iter().map(|w| w.chars().count()).sum::<usize>() < 2 {
            return Ok(Vec::new());
        }
        let free_only = visibility::free_only(who.as_ref());
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

    async fn filter_options(&self, who: Option<Caller>) -> Result<FilterOptions, AppError> {
        let free_only = visibility::free_only(who.as_ref());
        Ok(self.filter_options.get(&self.db, free_only).await?)
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
