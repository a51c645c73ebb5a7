//! The course page: description, agenda, sessions to enrol in and contact.
use super::*;

/// The course page: description with agenda, times, place and contact.
#[component]
pub fn CoursePage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let detail = Resource::new(code, course);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <CourseView detail /> }.into_any(),
                    Err(crate::error::AppError::NotFound) => view! { <crate::ui::layout::NotFound /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CourseView(detail: CourseDetail) -> impl IntoView {
    let i18n = use_i18n();
    let course = detail.summary;
    let title = course.title.clone();
    let validity = course.validity_months;
    let paragraphs = detail
        .description
        .split("\n\n")
        .map(|p| view! { <p>{p.to_string()}</p> })
        .collect_view();
    let mailto = format!("mailto:{}", detail.contact_email);
    let code = course.code.clone();
    let kind = course.kind;
    view! {
        <Title text=title.clone() />
        <p class="breadcrumbs"><a href="/kurs">{t!(i18n, course.back)}</a></p>
        <article class="course-page">
            <header>
                <p class="eyebrow"><KindLabel kind=course.kind /> " · " {course.code.clone()}</p>
                <h1>{title}</h1>
                <p class="lead">{course.summary}</p>
            </header>
            <div class="course-columns">
                <div>
                    <section aria-labelledby="about-title">
                        <h2 id="about-title">{t!(i18n, course.description)}</h2>
                        {paragraphs}
                        <p>{detail.target_group}</p>
                    </section>
                    {(!detail.prerequisites.is_empty()).then(|| view! {
                        <section aria-labelledby="prerequisites-title">
                            <h2 id="prerequisites-title">{t!(i18n, course.prerequisites)}</h2>
                            <ul>
                                {detail.prerequisites.iter().map(|item| view! { <li>{item.clone()}</li> }).collect_view()}
                            </ul>
                        </section>
                    })}
                    <section aria-labelledby="agenda-title">
                        <h2 id="agenda-title">{t!(i18n, course.agenda)}</h2>
                        <ol class="agenda">
                            {detail.agenda.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}
                        </ol>
                    </section>
                    {if kind == CourseKind::ELearning {
                        view! { <crate::elearning::order::StartCourse code /> }.into_any()
                    } else {
                        view! { <crate::enrolment::widgets::CourseSessions code /> }.into_any()
                    }}
                </div>
                <aside class="facts" aria-labelledby="facts-title">
                    <h2 id="facts-title">{t!(i18n, course.facts)}</h2>
                    <dl>
                        <dt>{t!(i18n, course.code)}</dt>
                        <dd>{course.code}</dd>
                        <dt>{t!(i18n, course.kind)}</dt>
                        <dd><KindLabel kind=course.kind /></dd>
                        <dt>{t!(i18n, course.category)}</dt>
                        <dd><a href=format!("/kurs?kategori={}", course.category.slug)>{course.category.name}</a></dd>
                        <dt>{t!(i18n, course.duration)}</dt>
                        <dd>{course.duration}</dd>
                        {course.place.map(|place| view! { <dt>{t!(i18n, course.place)}</dt><dd>{place}</dd> })}
                        <dt>{t!(i18n, course.price)}</dt>
                        <dd><PriceLabel price_nok=course.price_nok /></dd>
                        <dt>{t!(i18n, course.validity)}</dt>
                        <dd>
                            {match validity {
                                Some(months) => view! { {t!(i18n, catalogue.validity_months, months = move || months)} }.into_any(),
                                None => view! { {t!(i18n, catalogue.no_expiry)} }.into_any(),
                            }}
                        </dd>
                        <dt>{t!(i18n, course.contact)}</dt>
                        <dd>
                            {detail.contact_name}<br />
                            <a href=mailto>{detail.contact_email}</a>
                            {detail.contact_phone.map(|phone| view! { <br /><span>{phone}</span> })}
                        </dd>
                    </dl>
                </aside>
            </div>
        </article>
    }
}
