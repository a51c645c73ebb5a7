//! Administration of learning paths: create and change a path, compose its steps, assign
//! people; instructors and examiners sign off practical exams and practice.
use super::{
    api::{
        AddInstructor, AddStep, AssignPath, RemoveInstructor, RemoveStep, SavePath, SignOff,
        load_admin_paths, load_path_admin,
    },
    types::{PathAdmin, PathForm, PathInstructor, PathParticipant},
};
use crate::{
    catalogue::types::CourseKind,
    i18n::*,
    ui::forms::{Refused, label},
    ui::labels::KindLabel,
    ui::{
        Loading,
        forms::{ErrorSummary, Field, field_error, form_error, succeeded},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/admin/opplaeringslop`: every path, and a new one.
#[component]
pub fn AdminPathsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = crate::ui::forms::form_action::<SavePath>();
    let list = Resource::new(move || save.version().get(), |_| load_admin_paths());
    let error = form_error(save);
    crate::ui::forms::continue_after(save, |code| Some(format!("/admin/opplaeringslop/{code}")));
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, paths.admin_title).to_string()) />
        <h1>{t!(i18n, paths.admin_title)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) if list.is_empty() => view! { <p>{t!(i18n, paths.none)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="editor-list">
                            {list.into_iter().map(|p| {
                                let steps = p.steps;
                                view! {
                                    <li>
                                        <a href=format!("/admin/opplaeringslop/{}", p.code)>{p.title.clone()}</a>
                                        " (" {p.code.clone()} ") · " {t!(i18n, paths.step_count, count = move || steps)}
                                        {(!p.published).then(|| view! { " · " {t!(i18n, paths.unpublished)} })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <Refused error /> }.into_any(),
                }
            })}
        </Suspense>
        <section class="panel" aria-labelledby="new-path-title">
            <h2 id="new-path-title">{t!(i18n, paths.new_path)}</h2>
            <ActionForm action=save attr:class="form" attr:novalidate="true">
                <crate::ui::forms::PageField />
                <ErrorSummary error />
                <input type="hidden" name="original_code" value="" />
                <PathFields form=PathForm { published: true, ..Default::default() } error />
                <button type="submit" class="button button-primary">{t!(i18n, paths.create)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn PathFields(form: PathForm, error: crate::ui::forms::FormError) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Field id="f-code" name="form[code]" verbatim=true label=label(|i18n| t_string!(i18n, paths.code).to_string())
            value=form.code.clone() required=true error=field_error(error, "code") />
        <Field id="f-title" name="form[title]" label=label(|i18n| t_string!(i18n, paths.path_title).to_string())
            value=form.title.clone() required=true error=field_error(error, "title") />
        <Field id="f-validity_months" name="form[validity_months]" input_type="number" label=label(|i18n| t_string!(i18n, paths.validity).to_string())
            hint=label(|i18n| t_string!(i18n, paths.validity_hint).to_string()) value=form.validity_months.clone() error=field_error(error, "validity_months") />
        <div class="field">
            <label for="f-description">{t!(i18n, paths.description)}</label>
            <textarea id="f-description" name="form[description]" rows="3">{form.description.clone()}</textarea>
        </div>
        <div class="field field-check">
            <input id="f-enforce" name="form[enforce_order]" type="checkbox" value="true" checked=form.enforce_order />
            <label for="f-enforce">{t!(i18n, paths.enforce_order)}</label>
        </div>
        <div class="field field-check">
            <input id="f-published" name="form[published]" type="checkbox" value="true" checked=form.published />
            <label for="f-published">{t!(i18n, paths.published)}</label>
        </div>
    }
}

/// `/admin/opplaeringslop/:code`
#[component]
pub fn AdminPathPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let save = crate::ui::forms::form_action::<SavePath>();
    let add = crate::ui::forms::form_action::<AddStep>();
    let remove = crate::ui::forms::form_action::<RemoveStep>();
    let assign = crate::ui::forms::form_action::<AssignPath>();
    let sign = crate::ui::forms::form_action::<SignOff>();
    let name = crate::ui::forms::form_action::<AddInstructor>();
    let unname = crate::ui::forms::form_action::<RemoveInstructor>();
    let data = Resource::new(
        move || {
            (
                code(),
                save.version().get(),
                add.version().get(),
                remove.version().get(),
                assign.version().get(),
                sign.version().get(),
                name.version().get(),
                unname.version().get(),
            )
        },
        |(code, ..)| load_path_admin(code),
    );
    let actions = PathActions {
        save,
        add,
        remove,
        assign,
        sign,
        name,
        unname,
    };
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, paths.admin_title).to_string()) />
        <p class="breadcrumbs"><a href="/admin/opplaeringslop">{t!(i18n, paths.admin_title)}</a></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <PathAdminView data actions /> }.into_any(),
                    Err(error) => view! { <Refused error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[derive(Clone, Copy)]
struct PathActions {
    save: ServerAction<SavePath>,
    add: ServerAction<AddStep>,
    remove: ServerAction<RemoveStep>,
    assign: ServerAction<AssignPath>,
    sign: ServerAction<SignOff>,
    name: ServerAction<AddInstructor>,
    unname: ServerAction<RemoveInstructor>,
}

#[component]
fn PathAdminView(data: PathAdmin, actions: PathActions) -> impl IntoView {
    let i18n = use_i18n();
    let code = data.form.code.clone();
    let assign_error = form_error(actions.assign);
    let list_error = Signal::derive(move || {
        actions
            .remove
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| actions.sign.value().get().and_then(Result::err))
    });
    let can_edit = data.can_edit;
    let (code_add, code_assign, code_steps, code_people) =
        (code.clone(), code.clone(), code.clone(), code.clone());
    let total = data.steps.len() as u32;
    let today = data.today.clone();
    view! {
        <h1>{data.form.title.clone()}</h1>
        <ErrorSummary error=list_error prefix="x-" />
        <section class="panel" aria-labelledby="steps-title">
            <h2 id="steps-title">{t!(i18n, paths.steps)}</h2>
            {if data.steps.is_empty() {
                view! { <p>{t!(i18n, paths.no_steps)}</p> }.into_any()
            } else {
                view! {
                    <ol class="editor-list">
                        {data.steps.into_iter().map(|s| {
                            let (code, id) = (code_steps.clone(), s.id.to_string());
                            let remove_label = format!("{} {}", t_string!(i18n, elearning.delete), s.title);
                            view! {
                                <li>
                                    <span class="editor-item-title">{s.title.clone()}</span>
                                    <span class="meta"><KindLabel kind=s.kind />
                                        {s.course_code.clone().map(|c| view! { " · " {c} })}
                                        {s.requirement.clone().map(|r| view! { " · " {r} })}
                                    </span>
                                    {can_edit.then(|| view! {
                                        <ActionForm action=actions.remove attr:class="inline-form">
                                            <crate::ui::forms::PageField />
                                            <input type="hidden" name="code" value=code />
                                            <input type="hidden" name="step_id" value=id />
                                            <button type="submit" class="button button-danger" aria-label=remove_label>{t!(i18n, elearning.delete)}</button>
                                        </ActionForm>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            {can_edit.then(|| view! { <AddStepForm add=actions.add code=code_add /> })}
        </section>
        <section class="panel" aria-labelledby="people-title">
            <h2 id="people-title">{t!(i18n, paths.people)}</h2>
            {if data.participants.is_empty() {
                view! { <p>{t!(i18n, paths.no_people)}</p> }.into_any()
            } else {
                view! {
                    <ul class="session-list">
                        {data.participants.into_iter().map(|p| view! { <Participant p code=code_people.clone() total today=today.clone() sign=actions.sign /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {can_edit.then(|| view! {
                <h3 id="assign-title">{t!(i18n, paths.assign)}</h3>
                <ActionForm action=actions.assign attr:class="form" attr:novalidate="true" attr:aria-labelledby="assign-title">
                    <crate::ui::forms::PageField />
                    <ErrorSummary error=assign_error prefix="as-" />
                    <input type="hidden" name="code" value=code_assign />
                    <Field id="as-email" name="email" input_type="email" verbatim=true label=label(|i18n| t_string!(i18n, admin.participant_email).to_string())
                        error=field_error(assign_error, "email") />
                    <button type="submit" class="button button-primary">{t!(i18n, paths.assign_button)}</button>
                </ActionForm>
            })}
        </section>
        <Instructors instructors=data.instructors code=code.clone() can_edit actions />
        {can_edit.then(|| view! { <EditPathPanel save=actions.save form=data.form.clone() /> })}
    }
}

/// «Legg til steg»: a course, a kind of training or a number of hours or days.
#[component]
fn AddStepForm(add: ServerAction<AddStep>, code: String) -> impl IntoView {
    let i18n = use_i18n();
    let add_error = form_error(add);
    let code_add = code;
    view! {
        <h3 id="add-step-title">{t!(i18n, paths.add_step)}</h3>
        <ActionForm action=add attr:class="form" attr:novalidate="true" attr:aria-labelledby="add-step-title">
            <crate::ui::forms::PageField />
            <ErrorSummary error=add_error prefix="st-" />
            <input type="hidden" name="code" value=code_add />
            <div class="field">
                <label for="st-kind">{t!(i18n, paths.kind)}</label>
                <select id="st-kind" name="form[kind]">
                    {CourseKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()><KindLabel kind=k /></option> }).collect_view()}
                </select>
            </div>
            <Field id="st-course_code" name="form[course_code]" verbatim=true label=label(|i18n| t_string!(i18n, paths.course_code).to_string())
                hint=label(|i18n| t_string!(i18n, paths.course_code_hint).to_string()) error=field_error(add_error, "course_code") />
            <Field id="st-title" name="form[title]" label=label(|i18n| t_string!(i18n, paths.step_title).to_string())
                hint=label(|i18n| t_string!(i18n, paths.step_title_hint).to_string()) error=field_error(add_error, "title") />
            <Field id="st-amount" name="form[amount]" input_type="number" label=label(|i18n| t_string!(i18n, paths.amount).to_string())
                error=field_error(add_error, "amount") />
            <div class="field">
                <label for="st-unit">{t!(i18n, paths.unit)}</label>
                <select id="st-unit" name="form[unit]">
                    <option value="hours">{t!(i18n, paths.hours)}</option>
                    <option value="days">{t!(i18n, paths.days)}</option>
                </select>
            </div>
            <button type="submit" class="button button-primary">{t!(i18n, paths.add_step)}</button>
        </ActionForm>
    }
}

/// «Endre opplæringsløpet»: its code, title and the rest of its form.
#[component]
fn EditPathPanel(save: ServerAction<SavePath>, form: PathForm) -> impl IntoView {
    let i18n = use_i18n();
    let save_error = form_error(save);
    let saved = succeeded(save);
    let code = form.code.clone();
    view! {
        <section class="panel" aria-labelledby="edit-path-title">
            <h2 id="edit-path-title">{t!(i18n, paths.edit_path)}</h2>
            <div class="notice notice-success" role="status" hidden=move || !saved.get()><p>{t!(i18n, admin.saved)}</p></div>
            <ActionForm action=save attr:class="form" attr:novalidate="true">
                <crate::ui::forms::PageField />
                <ErrorSummary error=save_error />
                <input type="hidden" name="original_code" value=code.clone() />
                <PathFields form=form.clone() error=save_error />
                <button type="submit" class="button button-primary">{t!(i18n, admin.save)}</button>
            </ActionForm>
        </section>
    }
}

/// «Instruktører»: who signs off on this path; course administrators name and remove them.
#[component]
fn Instructors(
    instructors: Vec<PathInstructor>,
    code: String,
    can_edit: bool,
    actions: PathActions,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = Signal::derive(move || {
        actions
            .name
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| actions.unname.value().get().and_then(Result::err))
    });
    let list = if instructors.is_empty() {
        view! { <p>{t!(i18n, paths.no_instructors)}</p> }.into_any()
    } else {
        let code = code.clone();
        view! {
            <ul class="editor-list">
                {instructors.into_iter().map(|person| {
                    let remove_label = format!("{} {}", t_string!(i18n, paths.remove_instructor), person.name);
                    let code = code.clone();
                    view! {
                        <li>
                            <span class="editor-item-title">{person.name.clone()}</span>
                            <span class="meta">{person.email.clone()}</span>
                            {can_edit.then(|| view! {
                                <ActionForm action=actions.unname attr:class="inline-form">
                                    <crate::ui::forms::PageField />
                                    <input type="hidden" name="code" value=code />
                                    <input type="hidden" name="account_id" value=person.account_id.to_string() />
                                    <button type="submit" class="button button-danger" aria-label=remove_label>{t!(i18n, paths.remove_instructor)}</button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any()
    };
    view! {
        <section class="panel" aria-labelledby="instructors-title">
            <h2 id="instructors-title">{t!(i18n, paths.instructors)}</h2>
            <p class="hint">{t!(i18n, paths.instructors_intro)}</p>
            {list}
            {can_edit.then(|| view! {
                <ActionForm action=actions.name attr:class="form" attr:novalidate="true" attr:aria-labelledby="instructors-title">
                    <crate::ui::forms::PageField />
                    <ErrorSummary error prefix="in-" />
                    <input type="hidden" name="code" value=code.clone() />
                    <Field id="in-email" name="email" input_type="email" verbatim=true label=label(|i18n| t_string!(i18n, paths.instructor_email).to_string())
                        error=field_error(error, "email") />
                    <button type="submit" class="button button-primary">{t!(i18n, paths.add_instructor)}</button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn Participant(
    p: PathParticipant,
    code: String,
    total: u32,
    today: String,
    sign: ServerAction<SignOff>,
) -> impl IntoView {
    let i18n = use_i18n();
    let done = p.done;
    let heading = format!("person-{}", p.account_id);
    let labelled = heading.clone();
    view! {
        <li class="panel" aria-labelledby=labelled>
            <h3 id=heading>{p.name.clone()}</h3>
            <p class="meta">{p.email.clone()} " · " {t!(i18n, paths.progress, done = move || done, total = move || total)}
                {p.completed_on.clone().map(|on| view! { " · " {t!(i18n, paths.completed)} " " {on} })}</p>
            {p.to_sign.into_iter().map(|(step_id, title)| {
                let base = format!("so-{}-{step_id}", p.account_id);
                let (date_id, comment_id) = (format!("{base}-date"), format!("{base}-comment"));
                let sign_label = format!("{} {}: {}", t_string!(i18n, paths.sign), p.name, title);
                let (code, today) = (code.clone(), today.clone());
                view! {
                    <ActionForm action=sign attr:class="form signoff">
                        <crate::ui::forms::PageField />
                        <input type="hidden" name="code" value=code />
                        <input type="hidden" name="account_id" value=p.account_id.to_string() />
                        <input type="hidden" name="step_id" value=step_id.to_string() />
                        <p><strong>{title.clone()}</strong></p>
                        <div class="field">
                            <label for=date_id.clone()>{t!(i18n, paths.signed_on)}</label>
                            <input id=date_id name="date" type="date" value=today />
                        </div>
                        <div class="field">
                            <label for=comment_id.clone()>{t!(i18n, paths.comment)}</label>
                            <input id=comment_id name="comment" type="text" />
                        </div>
                        <button type="submit" class="button button-primary" aria-label=sign_label>{t!(i18n, paths.sign)}</button>
                    </ActionForm>
                }
            }).collect_view()}
        </li>
    }
}
