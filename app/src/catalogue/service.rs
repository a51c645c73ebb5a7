//! The catalogue service interface; implemented by the server's `courses` module.
use super::types::{CategoryNode, CourseDetail, CoursePage, CourseQuery};
use crate::error::AppError;

#[async_trait::async_trait]
pub trait CatalogueService: Send + Sync + 'static {
    /// Every published subject area as a tree, with course counts.
    async fn category_tree(&self) -> Result<Vec<CategoryNode>, AppError>;
    /// A page of published courses, filtered by category and/or text.
    async fn courses(&self, query: CourseQuery) -> Result<CoursePage, AppError>;
    /// One published course by its code.
    async fn course(&self, code: &str) -> Result<CourseDetail, AppError>;
}
