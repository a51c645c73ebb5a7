//! Pages of the catalogue: front page, «Bla gjennom alle kurs», search results, course page.
use super::{
    api::{category_tree, course, list_courses, load_filter_options},
    types::{
        CategoryNode, CourseDetail, CourseFilters, CourseKind, CoursePage, CourseSummary, FilterOptions,
        Month, PriceFilter,
    },
};
use crate::{
    i18n::*,
    ui::{
        ErrorNotice, Loading,
        labels::{KindLabel, PriceLabel},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

mod course;
pub use course::CoursePage;

/// The page number from `?side=N`, 1 when absent or nonsense.
fn page_param(value: Option<String>) -> u32 {
    value
        .and_then(|v| v.parse::<u32>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
}

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let categories = Resource::new(|| (), |_| category_tree());
    view! {
        <Title text="" />
        <section class="hero" aria-labelledby="hero-title">
            <h1 id="hero-title">{t!(i18n, home.title)}</h1>
            <p class="lead">{t!(i18n, home.intro)}</p>
            <p>
                <a href="/kurs" class="button button-primary">
                    {t!(i18n, home.browse_all)}
                </a>
            </p>
        </section>
        <section aria-labelledby="categories-title">
            <h2 id="categories-title">{t!(i18n, home.categories_title)}</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match categories.await {
                        Ok(tree) => view! {
                            <ul class="tiles">
                                {tree.into_iter().map(|node| view! {
                                    <li class="tile">
                                        <a href=format!("/kurs?kategori={}", node.slug)>
                                            <span class="tile-name">{node.name}</span>
                                            <span class="tile-count">
                                                {t!(i18n, search.count, count = move || node.course_count)}
                                            </span>
                                        </a>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// «Bla gjennom alle kurs»: the catalogue with «Alle kategorier» and paging.
#[component]
pub fn CatalogueIndex() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let category = move || query.read().get("kategori").filter(|s| !s.is_empty());
    let page = move || page_param(query.read().get("side"));
    let filters = move || filters_from(&query.read());
    let categories = Resource::new(|| (), |_| category_tree());
    let options = Resource::new(|| (), |_| load_filter_options());
    let courses = Resource::new(
        move || (category(), page(), filters()),
        |(category, page, filters)| fetch_courses(category, None, page, filters),
    );

    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, catalogue.title).to_string()) />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match courses.await.ok().and_then(|page| page.category).map(|c| c.name) {
                    Some(name) => view! {
                        <h1 id="catalogue-title">
                            {t!(i18n, catalogue.courses_in, category = move || name.clone())}
                        </h1>
                    }
                    .into_any(),
                    None => view! { <h1 id="catalogue-title">{t!(i18n, catalogue.title)}</h1> }.into_any(),
                }
            })}
        </Suspense>
        <div class="catalogue">
            <nav class="category-nav" aria-labelledby="category-nav-title">
                <h2 id="category-nav-title" class="sidebar-title">{t!(i18n, catalogue.categories_nav)}</h2>
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        match categories.await {
                            Ok(tree) => {
                                let selected = category();
                                let keep = filters().query_string(crate::ui::labels::urlencode);
                                view! { <CategoryTree tree selected keep /> }.into_any()
                            }
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                        }
                    })}
                </Suspense>
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        let chosen = filters();
                        let options = options.await.unwrap_or_default();
                        view! { <FilterForm category=category() chosen options /> }
                    })}
                </Suspense>
            </nav>
            <section class="course-results" aria-labelledby="catalogue-title">
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        match courses.await {
                            Ok(page) => {
                                let base_href = format!("{}{}", category_href(category()), filters().query_string(crate::ui::labels::urlencode));
                                view! { <CourseList page base_href /> }.into_any()
                            }
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
        </div>
    }
}

fn category_href(category: Option<String>) -> String {
    match category {
        Some(slug) => format!("/kurs?kategori={slug}&"),
        None => "/kurs?".to_string(),
    }
}

/// The filters from the address: `type`, `sted`, `maaned`, `pris`.
fn filters_from(query: &leptos_router::params::ParamsMap) -> CourseFilters {
    CourseFilters::from_params(
        query.get("type").as_deref(),
        query.get("sted").as_deref(),
        query.get("maaned").as_deref(),
        query.get("pris").as_deref(),
    )
}

/// Calls the list server function with the filters as its plain arguments.
async fn fetch_courses(
    category: Option<String>,
    text: Option<String>,
    page: u32,
    filters: CourseFilters,
) -> Result<CoursePage, crate::error::AppError> {
    list_courses(
        category,
        text,
        page,
        filters.kind.map(|k| k.as_str().to_string()),
        filters.place,
        filters.month.map(Month::as_param),
        filters.price.map(|p| p.as_str().to_string()),
    )
    .await
}

use crate::ui::labels::month_label;

/// Kind, place, month and price: a GET form, so it works without JavaScript and the address can be shared.
#[component]
fn FilterForm(category: Option<String>, chosen: CourseFilters, options: FilterOptions) -> impl IntoView {
    let i18n = use_i18n();
    let kind = chosen.kind.map(|k| k.as_str());
    let kinds = CourseKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.as_str() selected=kind == Some(k.as_str())><KindLabel kind=k /></option> })
        .collect_view();
    let place = chosen.place.clone();
    let places = options
        .places
        .into_iter()
        .map(|p| {
            let selected = place.as_deref() == Some(p.as_str());
            view! { <option value=p.clone() selected=selected>{p.clone()}</option> }
        })
        .collect_view();
    let month = chosen.month;
    let months = options
        .months
        .into_iter()
        .map(|m| {
            let label = move || month_label(m, i18n.get_locale());
            view! { <option value=m.as_param() selected=month == Some(m)>{label}</option> }
        })
        .collect_view();
    let price = chosen.price;
    let any_filter = !chosen.is_empty();
    let reset = category_href(category.clone());
    view! {
        <form class="filters" method="get" action="/kurs" aria-labelledby="filters-title">
            <h2 id="filters-title" class="sidebar-title">{t!(i18n, filters.title)}</h2>
            {category.map(|slug| view! { <input type="hidden" name="kategori" value=slug /> })}
            <label for="filter-kind">{t!(i18n, filters.kind)}</label>
            <select id="filter-kind" name="type">
                <option value="">{t!(i18n, filters.all_kinds)}</option>
                {kinds}
            </select>
            <label for="filter-place">{t!(i18n, filters.place)}</label>
            <select id="filter-place" name="sted">
                <option value="">{t!(i18n, filters.all_places)}</option>
                {places}
            </select>
            <label for="filter-month">{t!(i18n, filters.month)}</label>
            <select id="filter-month" name="maaned">
                <option value="">{t!(i18n, filters.all_months)}</option>
                {months}
            </select>
            <label for="filter-price">{t!(i18n, filters.price)}</label>
            <select id="filter-price" name="pris">
                <option value="">{t!(i18n, filters.all_prices)}</option>
                <option value=PriceFilter::Free.as_str() selected=price == Some(PriceFilter::Free)>{t!(i18n, filters.free)}</option>
                <option value=PriceFilter::Paid.as_str() selected=price == Some(PriceFilter::Paid)>{t!(i18n, filters.paid)}</option>
            </select>
            <button type="submit" class="button">{t!(i18n, filters.apply)}</button>
            {any_filter.then(|| view! { <a class="reset" href=reset.trim_end_matches(['?', '&']).to_string()>{t!(i18n, filters.reset)}</a> })}
        </form>
    }
}

/// «Alle kategorier»: the nested subject areas with counts.
#[component]
fn CategoryTree(tree: Vec<CategoryNode>, selected: Option<String>, keep: String) -> impl IntoView {
    let i18n = use_i18n();
    let total: u64 = tree.iter().map(|node| node.course_count).sum();
    let all_current = selected.is_none();
    let all_href = format!("/kurs?{keep}").trim_end_matches(['?', '&']).to_string();
    view! {
        <ul class="category-tree">
            <li>
                <a href=all_href aria-current=all_current.then_some("page")>
                    <span>{t!(i18n, catalogue.all_categories)}</span>
                    <span class="count">{total}</span>
                </a>
                <CategoryBranch nodes=tree selected keep />
            </li>
        </ul>
    }
}

#[component]
fn CategoryBranch(nodes: Vec<CategoryNode>, selected: Option<String>, keep: String) -> impl IntoView {
    view! {
        <ul>
            {nodes.into_iter().map(|node| {
                let current = selected.as_deref() == Some(node.slug.as_str());
                let children = (!node.children.is_empty()).then(|| {
                    let selected = selected.clone();
                    let keep = keep.clone();
                    view! { <CategoryBranch nodes=node.children.clone() selected keep /> }.into_any()
                });
                let href = format!("/kurs?kategori={}&{keep}", node.slug).trim_end_matches('&').to_string();
                view! {
                    <li>
                        <a href=href aria-current=current.then_some("page")>
                            <span>{node.name.clone()}</span>
                            <span class="count">{node.course_count}</span>
                        </a>
                        {children}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// A page of course cards with a count line and a pager.
#[component]
fn CourseList(page: CoursePage, base_href: String) -> impl IntoView {
    let i18n = use_i18n();
    let (from, to) = page.shown_range();
    let total = page.total;
    let pages = page.page_count();
    let current = page.page;
    // «Gratis e-læring» users see free courses only; tell them where the rest are.
    let free_hint = page.free_only.then(|| {
        view! {
            <div class="notice" role="note">
                <p>{t!(i18n, catalogue.free_only)} " " <a href="/min-konto">{t!(i18n, catalogue.change_user_type)}</a></p>
            </div>
        }
    });
    if page.courses.is_empty() {
        return view! {
            {free_hint}
            <p class="empty">{t!(i18n, catalogue.no_courses)}</p>
        }
        .into_any();
    }
    let prev = (current > 1).then(|| format!("{base_href}side={}", current - 1));
    let next = (current < pages).then(|| format!("{base_href}side={}", current + 1));
    view! {
        {free_hint}
        <p class="result-count" role="status">
            {t!(i18n, catalogue.showing, from = move || from, to = move || to, total = move || total)}
        </p>
        <ul class="course-list">
            {page.courses.into_iter().map(|course| view! { <li><CourseCard course /></li> }).collect_view()}
        </ul>
        <Pager prev next page=current pages />
    }
    .into_any()
}

#[component]
fn Pager(prev: Option<String>, next: Option<String>, page: u32, pages: u32) -> impl IntoView {
    let i18n = use_i18n();
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label=move || t_string!(i18n, catalogue.pagination).to_string()>
                {prev.map(|href| view! { <a href=href rel="prev">{t!(i18n, catalogue.previous)}</a> })}
                <span>{t!(i18n, catalogue.page_of, page = move || page, pages = move || pages)}</span>
                {next.map(|href| view! { <a href=href rel="next">{t!(i18n, catalogue.next)}</a> })}
            </nav>
        }
    })
}

#[component]
fn CourseCard(course: CourseSummary) -> impl IntoView {
    let href = format!("/kurs/{}", course.code);
    view! {
        <article class="course-card">
            <h2 class="course-title"><a href=href>{course.title}</a></h2>
            <p class="meta">
                <span class="badge"><KindLabel kind=course.kind /></span>
                <span class="code">{course.code}</span>
                <span>{course.category.name}</span>
            </p>
            <p>{course.summary}</p>
            <p class="meta">
                <span>{course.duration}</span>
                {course.place.map(|place| view! { <span>{place}</span> })}
                <span class="price"><PriceLabel price_nok=course.price_nok /></span>
            </p>
        </article>
    }
}

/// Search results for «Hva vil du LÆRE i dag?»; works as a plain GET form without JavaScript.
#[component]
pub fn SearchPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let text = move || {
        query
            .read()
            .get("q")
            .map(|q| q.trim().to_string())
            .unwrap_or_default()
    };
    let page = move || page_param(query.read().get("side"));
    let results = Resource::new(
        move || (text(), page()),
        |(text, page)| async move {
            if text.is_empty() {
                Ok(None)
            } else {
                fetch_courses(None, Some(text), page, CourseFilters::default())
                    .await
                    .map(Some)
            }
        },
    );
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, search.results_title).to_string()) />
        <section class="course-results" aria-labelledby="search-title">
            <h1 id="search-title">{t!(i18n, search.results_title)}</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    let q = text();
                    match results.await {
                        Ok(None) => view! { <p class="empty">{t!(i18n, search.empty_query)}</p> }.into_any(),
                        Ok(Some(page)) if page.total == 0 => view! {
                            <p class="lead">{t!(i18n, search.results_for, q = move || q.clone())}</p>
                            <p class="empty">{t!(i18n, search.none)}</p>
                            <p><a href="/kurs">{t!(i18n, home.browse_all)}</a></p>
                        }.into_any(),
                        Ok(Some(page)) => {
                            let base = format!("/sok?q={}&", crate::ui::labels::urlencode(&q));
                            view! {
                                <p class="lead">{t!(i18n, search.results_for, q = move || q.clone())}</p>
                                <CourseList page base_href=base />
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_param_falls_back_to_one() {
        assert_eq!(page_param(None), 1);
        assert_eq!(page_param(Some("0".into())), 1);
        assert_eq!(page_param(Some("abc".into())), 1);
        assert_eq!(page_param(Some("3".into())), 3);
    }

    #[test]
    fn search_links_encode_norwegian_letters() {
        assert_eq!(
            crate::ui::labels::urlencode("sikkerhet på spor"),
            "sikkerhet+p%C3%A5+spor"
        );
    }
}
