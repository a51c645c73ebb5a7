//! «Brukere og roller»: administrators find people and give them a role (instructor, course
//! administrator, support, administrator) or take it away, with a reason that is logged, and
//! limit a course administrator to subject areas.
use super::{
    api::{SetAreas, SetRole, people_with_roles},
    types::{PersonRole, Role},
};
use crate::{
    i18n::*,
    ui::{
        LoadError, Loading,
        forms::{ErrorSummary, PostedForm, form_error, succeeded},
    },
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use server_fn::ServerFn;

/// The name of a role as the pages show it.
pub fn role_name(i18n: I18nContext<Locale>, role: Role) -> String {
    match role {
        Role::Learner => t_string!(i18n, roles.learner).to_string(),
        Role::Instructor => t_string!(i18n, roles.instructor).to_string(),
        Role::CourseAdmin => t_string!(i18n, roles.course_admin).to_string(),
        Role::Support => t_string!(i18n, roles.support).to_string(),
        Role::Admin => t_string!(i18n, roles.admin).to_string(),
    }
}

#[component]
pub fn RolesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let text = move || query.read().get("q").unwrap_or_default();
    let set_role = crate::ui::forms::form_action::<SetRole>();
    let set_areas = crate::ui::forms::form_action::<SetAreas>();
    let people = Resource::new(
        move || (text(), set_role.version().get(), set_areas.version().get()),
        |(text, _, _)| people_with_roles(text),
    );
    let error = form_error(set_role);
    let areas_error = form_error(set_areas);
    let saved = succeeded(set_role);
    let areas_saved = succeeded(set_areas);
    // The person and form posted without JavaScript, so that form opens with its error.
    let posted_for =
        PostedForm::current().and_then(|posted| Some((posted.path.clone(), posted.value("account_id")?)));
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, roles.title).to_string()) />
        <h1>{t!(i18n, roles.title)}</h1>
        <p>{t!(i18n, roles.intro)}</p>
        <form class="search-inline" method="get" action="/admin/brukere" role="search" aria-label=move || t_string!(i18n, roles.find).to_string()>
            <label for="people-search">{t!(i18n, roles.search)}</label>
            <input id="people-search" type="search" name="q" value=text autocomplete="off" />
            <button type="submit" class="button">{t!(i18n, search.submit)}</button>
        </form>
        <div class="notice notice-success" role="status" hidden=move || !saved.get()>
            <p>{t!(i18n, roles.saved)}</p>
        </div>
        <div class="notice notice-success" role="status" hidden=move || !areas_saved.get()>
            <p>{t!(i18n, roles.areas_saved)}</p>
        </div>
        <ErrorSummary error />
        <ErrorSummary error=areas_error />
        <Suspense fallback=Loading>
            {move || {
                let posted_for = posted_for.clone();
                Suspend::new(async move {
                    match people.await {
                        Ok(list) if list.is_empty() => view! { <p>{t!(i18n, roles.none)}</p> }.into_any(),
                        Ok(list) => view! {
                            <p class="hint">
                                {if text().is_empty() { t!(i18n, roles.listing_staff).into_any() } else { t!(i18n, roles.listing_found).into_any() }}
                            </p>
                            <ul class="account-results">
                                {list.into_iter().map(|person| {
                                    let id = person.id.to_string();
                                    let posted = |path: &str| posted_for.as_ref().is_some_and(|(p, who)| p == path && *who == id);
                                    let open = posted(SetRole::PATH);
                                    let areas_open = posted(SetAreas::PATH);
                                    view! { <PersonItem person set_role set_areas open areas_open /> }
                                }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn PersonItem(
    person: PersonRole,
    set_role: ServerAction<SetRole>,
    set_areas: ServerAction<SetAreas>,
    open: bool,
    areas_open: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = person.id;
    let heading = format!("person-{id}");
    let labelled_by = heading.clone();
    let role_id = format!("role-{id}");
    let reason_id = format!("reason-{id}");
    let dash = || "–".to_string();
    let current = person.role;
    let areas = (current == Role::CourseAdmin).then(|| {
        let chosen: Vec<String> = person
            .areas
            .iter()
            .filter(|a| a.chosen)
            .map(|a| a.path.clone())
            .collect();
        let summary = if chosen.is_empty() {
            t_string!(i18n, roles.areas_all).to_string()
        } else {
            chosen.join(", ")
        };
        (summary, person.areas.clone())
    });
    let (areas_summary, area_choices) = areas.unzip();
    view! {
        <li class="panel" aria-labelledby=labelled_by>
            <h2 id=heading>{person.full_name.clone()}</h2>
            <dl class="facts">
                <div class="fact"><dt>{t!(i18n, register.email)}</dt><dd>{person.email.clone().unwrap_or_else(dash)}</dd></div>
                <div class="fact"><dt>{t!(i18n, roles.staff_code)}</dt><dd>{person.staff_code.clone().unwrap_or_else(dash)}</dd></div>
                <div class="fact"><dt>{t!(i18n, roles.role)}</dt><dd>{role_name(i18n, current)}</dd></div>
                <div class="fact">
                    <dt>{t!(i18n, support.status)}</dt>
                    <dd>{if person.activated { t!(i18n, support.activated).into_any() } else { t!(i18n, support.not_activated).into_any() }}</dd>
                </div>
                {areas_summary.map(|summary| view! {
                    <div class="fact"><dt>{t!(i18n, roles.areas)}</dt><dd>{summary}</dd></div>
                })}
            </dl>
            <details class="reveal" open=open>
                <summary>{t!(i18n, roles.change)}</summary>
                <ActionForm action=set_role attr:class="form">
                    <crate::ui::forms::PageField />
                    <input type="hidden" name="account_id" value=id.to_string() />
                    <div class="field">
                        <label for=role_id.clone()>{t!(i18n, roles.new_role)}</label>
                        <select id=role_id name="role">
                            {Role::ALL.into_iter().map(|role| view! {
                                <option value=role.as_str() selected=role == current>{role_name(i18n, role)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for=reason_id.clone()>{t!(i18n, roles.reason)}</label>
                        <p class="hint">{t!(i18n, roles.reason_hint)}</p>
                        <input id=reason_id name="reason" required maxlength="500" />
                    </div>
                    <button type="submit" class="button button-primary">{t!(i18n, roles.submit)}</button>
                </ActionForm>
            </details>
            {area_choices.map(|choices| view! { <AreasForm id choices set_areas open=areas_open /> })}
        </li>
    }
}

/// Limits a course administrator to subject areas: a checkbox per area, and the reason.
#[component]
fn AreasForm(
    id: i64,
    choices: Vec<super::types::AreaChoice>,
    set_areas: ServerAction<SetAreas>,
    open: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let legend_id = format!("areas-{id}");
    let reason_id = format!("areas-reason-{id}");
    view! {
        <details class="reveal" open=open>
            <summary>{t!(i18n, roles.areas_change)}</summary>
            <ActionForm action=set_areas attr:class="form">
                <crate::ui::forms::PageField />
                <input type="hidden" name="account_id" value=id.to_string() />
                <fieldset class="field" aria-describedby=format!("{legend_id}-hint")>
                    <legend id=legend_id.clone()>{t!(i18n, roles.areas)}</legend>
                    <p class="hint" id=format!("{legend_id}-hint")>{t!(i18n, roles.areas_hint)}</p>
                    <div class="choices">
                        {choices.into_iter().map(|area| view! {
                            <label class="choice">
                                <input type="checkbox" name="areas[]" value=area.slug checked=area.chosen />
                                <span>{area.path}</span>
                            </label>
                        }).collect_view()}
                    </div>
                </fieldset>
                <div class="field">
                    <label for=reason_id.clone()>{t!(i18n, roles.reason)}</label>
                    <input id=reason_id name="reason" required maxlength="500" />
                </div>
                <button type="submit" class="button button-primary">{t!(i18n, roles.areas_submit)}</button>
            </ActionForm>
        </details>
    }
}
