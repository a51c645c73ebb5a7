//! The catalogue service interface; implemented by the server's `courses` module.
use super::types::{CategoryNode, CourseDetail, CoursePage, CourseQuery, FilterOptions, Suggestion};
use crate::{accounts::service::Caller, error::AppError};

#[async_trait::async_trait]
pub trait CatalogueService: Send + Sync + 'static {
    /// Every published subject area as a tree, with course counts.
    ///
    /// `who` is the visitor's session: a «Gratis e-læring» user never sees a course with a price,
    /// here or anywhere else.
    async fn category_tree(&self, who: Option<Caller>) -> Result<Vec<CategoryNode>, AppError>;
    /// A page of published courses, filtered by category and/or text.
    async fn courses(&self, who: Option<Caller>, query: CourseQuery) -> Result<CoursePage, AppError>;
    /// One published course by its code.
    async fn course(&self, who: Option<Caller>, code: &str) -> Result<CourseDetail, AppError>;
    /// At most [`super::types::SUGGESTIONS`] courses for what has been typed so far (two letters or more).
    async fn suggest(&self, who: Option<Caller>, text: &str) -> Result<Vec<Suggestion>, AppError>;
    /// The places and months that have upcoming sessions, for the filters.
    async fn filter_options(&self, who: Option<Caller>) -> Result<FilterOptions, AppError>;
}
