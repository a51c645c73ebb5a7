//! Server functions of the catalogue: the typed API the pages call.
use super::types::{CategoryNode, CourseDetail, CoursePage, FilterOptions, Suggestion};
use crate::error::AppError;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "catalogue/categories")]
pub async fn category_tree() -> Result<Vec<CategoryNode>, AppError> {
    use crate::services::{caller, respond, services};
    let who = caller().await?;
    respond(services()?.catalogue.category_tree(who).await)
}

#[server(prefix = "/api", endpoint = "catalogue/courses")]
pub async fn list_courses(
    category: Option<String>,
    text: Option<String>,
    page: u32,
    kind: Option<String>,
    place: Option<String>,
    month: Option<String>,
    price: Option<String>,
) -> Result<CoursePage, AppError> {
    use crate::services::{caller, respond, services};
    let who = caller().await?;
    let filters = super::types::CourseFilters::from_params(
        kind.as_deref(),
        place.as_deref(),
        month.as_deref(),
        price.as_deref(),
    );
    respond(
        services()?
            .catalogue
            .courses(
                who,
                super::types::CourseQuery {
                    category,
                    text,
                    page,
                    filters,
                },
            )
            .await,
    )
}

/// Suggestions while the learner types in «Hva vil du LÆRE i dag?».
#[server(prefix = "/api", endpoint = "catalogue/suggest", input = server_fn::codec::GetUrl)]
pub async fn suggest(text: String) -> Result<Vec<Suggestion>, AppError> {
    use crate::services::{caller, respond, services};
    let who = caller().await?;
    respond(services()?.catalogue.suggest(who, &text).await)
}

#[server(prefix = "/api", endpoint = "catalogue/filters")]
pub async fn load_filter_options() -> Result<FilterOptions, AppError> {
    use crate::services::{caller, respond, services};
    let who = caller().await?;
    respond(services()?.catalogue.filter_options(who).await)
}

#[server(prefix = "/api", endpoint = "catalogue/course")]
pub async fn course(code: String) -> Result<CourseDetail, AppError> {
    use crate::services::{caller, respond, services};
    let who = caller().await?;
    respond(services()?.catalogue.course(who, &code).await)
}
