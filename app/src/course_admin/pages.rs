//! Course administration pages: «Kursadministrasjon» (courses and subject areas), one course with
//! its sessions, requests for new sessions, and «Mine kursenheter» for instructors.
use super::widgets::SessionFields;
use super::{
    api::{
        AddCategory, AddSession, SaveCourse, UpdateCategory, admin_categories, admin_courses, admin_sessions,
        instructors, load_course_form, session_requests, teaching,
    },
    types::{AdminCourseRow, AdminSession, CategoryOption, CourseForm, InstructorOption},
};
use crate::{
    catalogue::types::CourseKind,
    error::AppError,
    i18n::*,
    ui::{
        Loading,
        forms::{
            ErrorSummary, Field, FormError, Refused, SelectField, TextArea, field_error, form_error, label,
            succeeded,
        },
        labels::{KindLabel, kind_text},
    },
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn kind_options(i18n: I18nContext<Locale>) -> Vec<(String, String)> {
    CourseKind::ALL
        .into_iter()
        .map(|k| (k.as_str().to_string(), kind_text(i18n, k)))
        .collect()
}

fn category_options(categories: &[CategoryOption]) -> Vec<(String, String)> {
    categories
        .iter()
        .map(|c| (c.slug.clone(), c.path.clone()))
        .collect()
}

/// «Kursadministrasjon»: every course, a search, and a new subject area.
#[component]
pub fn AdminCoursesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let text = move || query.read().get("q").unwrap_or_default();
    let add_category = crate::ui::forms::form_action::<AddCategory>();
    let update_category = crate::ui::forms::form_action::<UpdateCategory>();
    let courses = Resource::new(text, admin_courses);
    let categories = Resource::new(
        move || (add_category.version().get(), update_category.version().get()),
        |_| admin_categories(),
    );
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, admin.title).to_string()) />
        <h1>{t!(i18n, admin.title)}</h1>
        <p class="actions">
            <a class="button button-primary" href="/admin/kurs/ny">{t!(i18n, admin.new_course)}</a>
            " "
            <a class="button" href="/admin/foresporsler">{t!(i18n, admin.requests)}</a>
        </p>
        <form class="search-inline" method="get" action="/admin/kurs" role="search" aria-label=move || t_string!(i18n, admin.find_courses).to_string()>
            <label for="admin-search">{t!(i18n, admin.search)}</label>
            <input id="admin-search" type="search" name="q" value=text />
            <button type="submit" class="button">{t!(i18n, search.submit)}</button>
        </form>
        <CourseTable courses />
        <NewCategoryPanel add_category categories />
        <EditCategoryPanel update_category categories />
    }
}

type Categories = Resource<Result<Vec<CategoryOption>, AppError>>;

/// The courses found, with their sessions, open requests and whether they are published.
#[component]
fn CourseTable(courses: Resource<Result<Vec<AdminCourseRow>, AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match courses.await {
                    Ok(rows) => view! {
                        <div class="table-wrap">
                            <table class="data-table">
                                <caption class="visually-hidden">{t!(i18n, admin.courses)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{t!(i18n, course.code)}</th>
                                        <th scope="col">{t!(i18n, admin.course_title)}</th>
                                        <th scope="col">{t!(i18n, course.category)}</th>
                                        <th scope="col">{t!(i18n, course.kind)}</th>
                                        <th scope="col">{t!(i18n, admin.sessions)}</th>
                                        <th scope="col">{t!(i18n, admin.open_requests)}</th>
                                        <th scope="col">{t!(i18n, admin.published)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows.into_iter().map(|row| view! {
                                        <tr>
                                            <td><a href=format!("/admin/kurs/{}", row.code)>{row.code.clone()}</a></td>
                                            <th scope="row">{row.title}</th>
                                            <td>{row.category}</td>
                                            <td><KindLabel kind=row.kind /></td>
                                            <td>{row.upcoming_sessions}</td>
                                            <td>{row.open_requests}</td>
                                            <td>{if row.published { t_string!(i18n, admin.yes) } else { t_string!(i18n, admin.no) }}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                    .into_any(),
                    Err(error) => view! { <Refused error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// «Nytt fagområde».
#[component]
fn NewCategoryPanel(add_category: ServerAction<AddCategory>, categories: Categories) -> impl IntoView {
    let i18n = use_i18n();
    let category_error = form_error(add_category);
    let category_done = succeeded(add_category);
    view! {
        <section class="panel" aria-labelledby="new-category-title">
            <h2 id="new-category-title">{t!(i18n, admin.new_category)}</h2>
            <div class="notice notice-success" role="status" hidden=move || !category_done.get()>
                <p>{t!(i18n, admin.category_added)}</p>
            </div>
            <ActionForm action=add_category attr:class="form" attr:novalidate="true">
                <crate::ui::forms::PageField />
                <ErrorSummary error=category_error />
                <Field
                    id="f-name"
                    name="form[name]"
                    label=label(|i18n| t_string!(i18n, admin.category_name).to_string())
                    required=true
                    error=field_error(category_error, "name")
                />
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        let options = categories.await.map(|c| category_options(&c)).unwrap_or_default();
                        view! {
                            <SelectField
                                id="f-parent"
                                name="form[parent]"
                                label=label(|i18n| t_string!(i18n, admin.category_parent).to_string())
                                options
                                empty=label(|i18n| t_string!(i18n, admin.top_level).to_string())
                                error=field_error(category_error, "parent")
                            />
                        }
                    })}
                </Suspense>
                <button type="submit" class="button">{t!(i18n, admin.add_category)}</button>
            </ActionForm>
        </section>
    }
}

/// «Endre fagområde»: rename a subject area or move it under another.
#[component]
fn EditCategoryPanel(update_category: ServerAction<UpdateCategory>, categories: Categories) -> impl IntoView {
    let i18n = use_i18n();
    let edit_error = form_error(update_category);
    let edit_done = succeeded(update_category);
    view! {
        <section class="panel" aria-labelledby="edit-category-title">
            <h2 id="edit-category-title">{t!(i18n, admin.edit_category)}</h2>
            <div class="notice notice-success" role="status" hidden=move || !edit_done.get()>
                <p>{t!(i18n, admin.saved)}</p>
            </div>
            <ActionForm action=update_category attr:class="form" attr:novalidate="true">
                <crate::ui::forms::PageField />
                <ErrorSummary error=edit_error prefix="c-" />
                <Suspense fallback=Loading>
                    {move || Suspend::new(async move {
                        let options = categories.await.map(|c| category_options(&c)).unwrap_or_default();
                        view! {
                            <SelectField
                                id="c-slug"
                                name="slug"
                                label=label(|i18n| t_string!(i18n, admin.category_to_edit).to_string())
                                options=options.clone()
                                empty=label(|i18n| t_string!(i18n, admin.choose).to_string())
                                error=field_error(edit_error, "slug")
                            />
                            <Field
                                id="c-name"
                                name="form[name]"
                                label=label(|i18n| t_string!(i18n, admin.new_name).to_string())
                                required=true
                                error=field_error(edit_error, "name")
                            />
                            <SelectField
                                id="c-parent"
                                name="form[parent]"
                                label=label(|i18n| t_string!(i18n, admin.category_parent).to_string())
                                options
                                empty=label(|i18n| t_string!(i18n, admin.top_level).to_string())
                                error=field_error(edit_error, "parent")
                            />
                        }
                    })}
                </Suspense>
                <button type="submit" class="button">{t!(i18n, admin.save)}</button>
            </ActionForm>
        </section>
    }
}

/// One course: its form, and (once it exists) its sessions and a form for a new one.
#[component]
pub fn AdminCoursePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let is_new = move || code() == "ny";
    let save = crate::ui::forms::form_action::<SaveCourse>();
    let add_session = crate::ui::forms::form_action::<AddSession>();
    let form = Resource::new(code, |code| async move {
        if code == "ny" {
            Ok(CourseForm {
                published: Some("on".into()),
                ..Default::default()
            })
        } else {
            load_course_form(code).await
        }
    });
    let categories = Resource::new(|| (), |_| admin_categories());
    let sessions = Resource::new(
        move || (code(), add_session.version().get()),
        |(code, _)| async move {
            if code == "ny" {
                Ok(Vec::new())
            } else {
                admin_sessions(code).await
            }
        },
    );
    let people = Resource::new(|| (), |_| instructors());
    // A new course continues on its own page.
    crate::ui::forms::continue_after(save, move |saved| {
        is_new().then(|| format!("/admin/kurs/{saved}"))
    });
    let error = form_error(save);
    let saved = succeeded(save);
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, admin.course_page).to_string()) />
        <p class="breadcrumbs"><a href="/admin/kurs">{t!(i18n, admin.title)}</a></p>
        <h1>{move || if is_new() { t_string!(i18n, admin.new_course).to_string() } else { code() }}</h1>
        <p hidden=is_new>
            <a href=move || format!("/admin/kurs/{}/e-laering", code())>{t!(i18n, elearning.edit_content)}</a>
            " · "
            <a href=move || format!("/admin/kurs/{}/bestillinger.csv", code()) download>{t!(i18n, elearning.orders_csv)}</a>
        </p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let original = if is_new() { String::new() } else { code() };
                match (form.await, categories.await) {
                    (Ok(form), Ok(categories)) => view! { <CourseEditor form categories original save error saved /> }.into_any(),
                    (Err(error), _) | (_, Err(error)) => view! { <Refused error /> }.into_any(),
                }
            })}
        </Suspense>
        <section aria-labelledby="admin-sessions-title" hidden=is_new>
            <h2 id="admin-sessions-title">{t!(i18n, enrolment.sessions)}</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Ok(list) => view! { <SessionTable list /> }.into_any(),
                        Err(error) => view! { <Refused error /> }.into_any(),
                    }
                })}
            </Suspense>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    let people = people.await.unwrap_or_default();
                    view! { <NewSession code=code() people action=add_session /> }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn CourseEditor(
    form: CourseForm,
    categories: Vec<CategoryOption>,
    original: String,
    save: ServerAction<SaveCourse>,
    error: FormError,
    saved: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let f = move |name: &'static str| field_error(error, name);
    view! {
        <div class="notice notice-success" role="status" hidden=move || !saved.get()>
            <p>{t!(i18n, admin.saved)}</p>
        </div>
        <ActionForm action=save attr:class="form" attr:novalidate="true">
            <crate::ui::forms::PageField />
            <ErrorSummary error />
            <input type="hidden" name="original_code" value=original />
            <Field id="f-code" name="form[code]" label=label(|i18n| t_string!(i18n, course.code).to_string())
                hint=label(|i18n| t_string!(i18n, admin.code_hint).to_string()) verbatim=true required=true value=form.code error=f("code") />
            <Field id="f-title" name="form[title]" label=label(|i18n| t_string!(i18n, admin.course_title).to_string()) required=true value=form.title error=f("title") />
            <TextArea id="f-summary" name="form[summary]" label=label(|i18n| t_string!(i18n, admin.summary).to_string()) value=form.summary error=f("summary") rows=2 />
            <TextArea id="f-description" name="form[description]" label=label(|i18n| t_string!(i18n, course.description).to_string()) value=form.description error=f("description") rows=6 />
            <TextArea id="f-agenda" name="form[agenda]" label=label(|i18n| t_string!(i18n, admin.agenda).to_string()) value=form.agenda error=f("agenda") />
            <TextArea id="f-prerequisites" name="form[prerequisites]" label=label(|i18n| t_string!(i18n, admin.prerequisites).to_string()) value=form.prerequisites error=f("prerequisites") rows=2 />
            <TextArea id="f-target_group" name="form[target_group]" label=label(|i18n| t_string!(i18n, admin.target_group).to_string()) value=form.target_group error=f("target_group") rows=2 />
            <SelectField id="f-kind" name="form[kind]" label=label(|i18n| t_string!(i18n, course.kind).to_string())
                options=kind_options(i18n) selected=form.kind error=f("kind") />
            <SelectField id="f-category" name="form[category]" label=label(|i18n| t_string!(i18n, course.category).to_string())
                options=category_options(&categories) selected=form.category
                empty=label(|i18n| t_string!(i18n, admin.choose).to_string()) error=f("category") />
            <Field id="f-duration" name="form[duration]" label=label(|i18n| t_string!(i18n, course.duration).to_string()) required=true value=form.duration error=f("duration") />
            <Field id="f-place" name="form[place]" label=label(|i18n| t_string!(i18n, course.place).to_string()) value=form.place error=f("place") />
            <Field id="f-price_nok" name="form[price_nok]" label=label(|i18n| t_string!(i18n, admin.price).to_string())
                hint=label(|i18n| t_string!(i18n, admin.price_hint).to_string()) value=form.price_nok error=f("price_nok") />
            <Field id="f-validity_months" name="form[validity_months]" label=label(|i18n| t_string!(i18n, admin.validity).to_string())
                hint=label(|i18n| t_string!(i18n, admin.validity_hint).to_string()) value=form.validity_months error=f("validity_months") />
            <Field id="f-keywords" name="form[keywords]" label=label(|i18n| t_string!(i18n, admin.keywords).to_string()) value=form.keywords error=f("keywords") />
            <Field id="f-contact_name" name="form[contact_name]" label=label(|i18n| t_string!(i18n, admin.contact_name).to_string()) required=true value=form.contact_name error=f("contact_name") />
            <Field id="f-contact_email" name="form[contact_email]" input_type="email" verbatim=true label=label(|i18n| t_string!(i18n, admin.contact_email).to_string()) required=true value=form.contact_email error=f("contact_email") />
            <Field id="f-contact_phone" name="form[contact_phone]" input_type="tel" label=label(|i18n| t_string!(i18n, admin.contact_phone).to_string()) value=form.contact_phone error=f("contact_phone") />
            <div class="field field-check">
                <input id="f-published" type="checkbox" name="form[published]" checked=form.published.is_some() />
                <label for="f-published">{t!(i18n, admin.published)}</label>
            </div>
            <button type="submit" class="button button-primary">{t!(i18n, admin.save)}</button>
        </ActionForm>
    }
}

/// Sessions of a course, each linking to its participants.
#[component]
pub(super) fn SessionTable(list: Vec<AdminSession>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p>{t!(i18n, enrolment.none)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption class="visually-hidden">{t!(i18n, enrolment.sessions)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, calendar.when)}</th>
                        <th scope="col">{t!(i18n, calendar.course)}</th>
                        <th scope="col">{t!(i18n, course.place)}</th>
                        <th scope="col">{t!(i18n, enrolment.instructor)}</th>
                        <th scope="col">{t!(i18n, admin.enrolled)}</th>
                        <th scope="col">{t!(i18n, admin.waiting)}</th>
                    </tr>
                </thead>
                <tbody>
                    {list.into_iter().map(|s| {
                        let status = s.cancelled.then(|| view! { " " <span class="badge badge-danger">{t!(i18n, admin.cancelled)}</span> });
                        view! {
                            <tr>
                                <th scope="row"><a href=format!("/admin/kursenhet/{}", s.id)>{s.when}</a>{status}</th>
                                <td>{s.course_title}</td>
                                <td>{s.place}</td>
                                <td>{s.instructor.unwrap_or_default()}</td>
                                <td>{format!("{} / {}", s.enrolled, s.capacity)}</td>
                                <td>{s.waiting}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn NewSession(
    code: String,
    people: Vec<InstructorOption>,
    action: ServerAction<AddSession>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(action);
    let done = succeeded(action);
    view! {
        <section class="panel" id="ny-kursenhet" aria-labelledby="new-session-title">
            <h3 id="new-session-title">{t!(i18n, admin.new_session)}</h3>
            <div class="notice notice-success" role="status" hidden=move || !done.get()>
                <p>{t!(i18n, admin.session_added)}</p>
            </div>
            <ActionForm action attr:class="form" attr:novalidate="true">
                <crate::ui::forms::PageField />
                <ErrorSummary error prefix="s-" />
                <input type="hidden" name="code" value=code />
                <SessionFields people error />
                <div class="field field-check">
                    <input id="s-answer_requests" type="checkbox" name="answer_requests" checked=true />
                    <label for="s-answer_requests">{t!(i18n, admin.answer_requests)}</label>
                </div>
                <button type="submit" class="button button-primary">{t!(i18n, admin.add_session)}</button>
            </ActionForm>
        </section>
    }
}

/// Open «Be om ny kursenhet» requests, grouped by course, most asked for first.
#[component]
pub fn SessionRequestsPage() -> impl IntoView {
    let i18n = use_i18n();
    let groups = Resource::new(|| (), |_| session_requests());
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, admin.requests).to_string()) />
        <p class="breadcrumbs"><a href="/admin/kurs">{t!(i18n, admin.title)}</a></p>
        <h1>{t!(i18n, admin.requests)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match groups.await {
                    Ok(groups) if groups.is_empty() => view! { <p>{t!(i18n, admin.no_requests)}</p> }.into_any(),
                    Ok(groups) => groups.into_iter().map(|group| {
                        let heading = format!("requests-{}", group.course_code);
                        let labelled = heading.clone();
                        let count = group.requests.len();
                        view! {
                            <section class="panel" aria-labelledby=labelled>
                                <h2 id=heading>{group.course_title} " (" {group.course_code.clone()} ")"</h2>
                                <p>{t!(i18n, admin.request_count, count = move || count)} " "
                                    <a href=format!("/admin/kurs/{}#ny-kursenhet", group.course_code)>{t!(i18n, admin.answer_with_session)}</a>
                                </p>
                                <div class="table-wrap">
                                    <table class="data-table">
                                        <thead>
                                            <tr>
                                                <th scope="col">{t!(i18n, admin.person)}</th>
                                                <th scope="col">{t!(i18n, request.place)}</th>
                                                <th scope="col">{t!(i18n, request.period)}</th>
                                                <th scope="col">{t!(i18n, request.note)}</th>
                                                <th scope="col">{t!(i18n, admin.asked)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {group.requests.into_iter().map(|r| view! {
                                                <tr>
                                                    <th scope="row">{r.name}<br /><a href=format!("mailto:{}", r.email)>{r.email.clone()}</a></th>
                                                    <td>{r.preferred_place}</td>
                                                    <td>{r.preferred_period}</td>
                                                    <td>{r.note}</td>
                                                    <td>{r.asked}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            </section>
                        }
                    }).collect_view().into_any(),
                    Err(error) => view! { <Refused error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// «Mine kursenheter»: the instructor's sessions, each linking to its participant list.
#[component]
pub fn TeachingPage() -> impl IntoView {
    let i18n = use_i18n();
    let sessions = Resource::new(|| (), |_| teaching());
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, admin.teaching).to_string()) />
        <h1>{t!(i18n, admin.teaching)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match sessions.await {
                    Ok(list) => view! { <SessionTable list /> }.into_any(),
                    Err(error) => view! { <Refused error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
