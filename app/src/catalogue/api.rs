//! Server functions of the catalogue: the typed API the pages call.
use super::types::{CategoryNode, CourseDetail, CoursePage};
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "catalogue/categories")]
pub async fn category_tree() -> Result<Vec<CategoryNode>, AppError> {
    use crate::services::{respond, services, session_account};
    let who = session_account().await?;
    respond(services()?.catalogue.category_tree(who).await)
}

#[server(prefix = "/api", endpoint = "catalogue/courses")]
pub async fn list_courses(
    category: Option<String>,
    text: Option<String>,
    page: u32,
) -> Result<CoursePage, AppError> {
    use crate::services::{respond, services, session_account};
    let who = session_account().await?;
    respond(
        services()?
            .catalogue
            .courses(who, super::types::CourseQuery { category, text, page })
            .await,
    )
}

#[server(prefix = "/api", endpoint = "catalogue/course")]
pub async fn course(code: String) -> Result<CourseDetail, AppError> {
    use crate::services::{respond, services, session_account};
    let who = session_account().await?;
    respond(services()?.catalogue.course(who, &code).await)
}
