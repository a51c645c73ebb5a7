//! «Brukerstøtte» for one person (`/brukerstotte/:id`): the account's state, seats and queue
//! places, history and kursbevis, and the desk's actions, each with a reason that is logged.
//! Every form is a plain POST that works without JavaScript; the page answering it shows the
//! outcome at the form.
use super::{
    api::{
        SupportAnonymise, SupportChangeEmail, SupportEnrol, SupportLiftLock, SupportMerge, SupportSendReset,
        SupportSetActive, SupportWithdraw, load_person,
    },
    types::{PersonEnrolment, PersonFile},
};
use crate::{
    accounts::{roles::role_name, widgets::user_type_name},
    i18n::*,
    ui::{
        LoadError, Loading,
        forms::{ErrorSummary, Field, FormError, PageField, field_error, form_action, form_error, succeeded},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The desk's actions on this page, so the file is read again after any of them.
#[derive(Clone, Copy)]
struct Actions {
    email: ServerAction<SupportChangeEmail>,
    reset: ServerAction<SupportSendReset>,
    unlock: ServerAction<SupportLiftLock>,
    active: ServerAction<SupportSetActive>,
    enrol: ServerAction<SupportEnrol>,
    withdraw: ServerAction<SupportWithdraw>,
    merge: ServerAction<SupportMerge>,
    anonymise: ServerAction<SupportAnonymise>,
}

impl Actions {
    fn new() -> Self {
        Self {
            email: form_action(),
            reset: form_action(),
            unlock: form_action(),
            active: form_action(),
            enrol: form_action(),
            withdraw: form_action(),
            merge: form_action(),
            anonymise: form_action(),
        }
    }

    fn version(self) -> [usize; 8] {
        [
            self.email.version().get(),
            self.reset.version().get(),
            self.unlock.version().get(),
            self.active.version().get(),
            self.enrol.version().get(),
            self.withdraw.version().get(),
            self.merge.version().get(),
            self.anonymise.version().get(),
        ]
    }
}

#[component]
pub fn PersonPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let actions = Actions::new();
    let person = Resource::new(move || (id(), actions.version()), |(id, _)| load_person(id));
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, desk.title).to_string()) />
        <p><a href="/brukerstotte">{t!(i18n, desk.back)}</a></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match person.await {
                    Ok(person) => view! { <PersonView person actions /> }.into_any(),
                    Err(error) => view! { <h1>{t!(i18n, desk.title)}</h1> <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PersonView(person: PersonFile, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let dash = || "–".to_string();
    let status = match (&person.deactivated_at, person.activated, person.merged_into) {
        _ if person.anonymised_at.is_some() => t_string!(i18n, desk.anonymised).to_string(),
        (_, _, Some(_)) => t_string!(i18n, desk.merged).to_string(),
        (Some(at), _, _) => format!("{} {at}", t_string!(i18n, desk.deactivated)),
        (None, true, _) => t_string!(i18n, support.activated).to_string(),
        (None, false, _) => t_string!(i18n, support.not_activated).to_string(),
    };
    let id = person.id;
    let external = person.staff_code.is_none() && person.merged_into.is_none();
    let locked = person.locked_until.is_some();
    let deactivated = person.deactivated_at.is_some();
    view! {
        <h1>{person.full_name.clone()}</h1>
        <dl class="facts">
            <div class="fact"><dt>{t!(i18n, desk.login_email)}</dt><dd>{person.email.clone().unwrap_or_else(dash)}</dd></div>
            <div class="fact"><dt>{t!(i18n, desk.private_email)}</dt><dd>{person.private_email.clone().unwrap_or_else(dash)}</dd></div>
            <div class="fact"><dt>{t!(i18n, desk.earlier_email)}</dt><dd>{person.earlier_email.clone().unwrap_or_else(dash)}</dd></div>
            <div class="fact"><dt>{t!(i18n, roles.staff_code)}</dt><dd>{person.staff_code.clone().unwrap_or_else(dash)}</dd></div>
            <div class="fact"><dt>{t!(i18n, account.birth_date)}</dt><dd>{person.birth_date.clone().unwrap_or_else(dash)}</dd></div>
            <div class="fact"><dt>{t!(i18n, account.user_type)}</dt><dd>{user_type_name(i18n, person.user_type)}</dd></div>
            <div class="fact"><dt>{t!(i18n, employer.legend)}</dt><dd>{person.employer.clone().unwrap_or_else(dash)}</dd></div>
            <div class="fact"><dt>{t!(i18n, roles.role)}</dt><dd>{role_name(i18n, person.role)}</dd></div>
            <div class="fact"><dt>{t!(i18n, support.status)}</dt><dd>{status}</dd></div>
            <div class="fact"><dt>{t!(i18n, desk.lock)}</dt><dd>{person.locked_until.clone().map(|until| format!("{} {until}", t_string!(i18n, desk.locked_until))).unwrap_or_else(|| t_string!(i18n, desk.not_locked).to_string())}</dd></div>
            <div class="fact"><dt>{t!(i18n, support.last_login)}</dt><dd>{person.last_login_at.clone().unwrap_or_else(dash)}</dd></div>
        </dl>
        <section aria-labelledby="desk-actions">
            <h2 id="desk-actions">{t!(i18n, desk.actions)}</h2>
            <DeskAction title=move || t_string!(i18n, desk.reset).to_string() prefix="reset-" error=form_error(actions.reset) done=succeeded(actions.reset) done_text=move || t_string!(i18n, desk.reset_done).to_string()>
                <ActionForm action=actions.reset attr:class="form" attr:novalidate="true">
                    <Hidden id />
                    <Reason id="reset-reason" error=form_error(actions.reset) />
                    <button type="submit" class="button button-primary">{t!(i18n, desk.reset_submit)}</button>
                </ActionForm>
            </DeskAction>
            {locked.then(|| view! {
                <DeskAction title=move || t_string!(i18n, desk.unlock).to_string() prefix="unlock-" error=form_error(actions.unlock) done=succeeded(actions.unlock) done_text=move || t_string!(i18n, desk.unlock_done).to_string()>
                    <ActionForm action=actions.unlock attr:class="form" attr:novalidate="true">
                        <Hidden id />
                        <Reason id="unlock-reason" error=form_error(actions.unlock) />
                        <button type="submit" class="button button-primary">{t!(i18n, desk.unlock_submit)}</button>
                    </ActionForm>
                </DeskAction>
            })}
            <DeskAction title=move || t_string!(i18n, desk.email).to_string() prefix="email-" error=form_error(actions.email) done=succeeded(actions.email) done_text=move || t_string!(i18n, desk.email_done).to_string()>
                <ActionForm action=actions.email attr:class="form" attr:novalidate="true">
                    <Hidden id />
                                        <Field
                        id="email-email"
                        name="email"
                        input_type="email"
                        verbatim=true
                        label=Signal::derive(move || t_string!(i18n, desk.new_email).to_string())
                        hint=Signal::derive(move || t_string!(i18n, desk.email_hint).to_string())
                        error=field_error(form_error(actions.email), "email")
                    />
                    <Reason id="email-reason" error=form_error(actions.email) />
                    <button type="submit" class="button button-primary">{t!(i18n, desk.email_submit)}</button>
                </ActionForm>
            </DeskAction>
            <DeskAction
                title=move || if deactivated { t_string!(i18n, desk.reactivate).to_string() } else { t_string!(i18n, desk.deactivate).to_string() }
                prefix="active-"
                error=form_error(actions.active)
                done=succeeded(actions.active)
                done_text=move || t_string!(i18n, desk.active_done).to_string()
            >
                <p class="hint">{if deactivated { t!(i18n, desk.reactivate_hint).into_any() } else { t!(i18n, desk.deactivate_hint).into_any() }}</p>
                <ActionForm action=actions.active attr:class="form" attr:novalidate="true">
                    <Hidden id />
                    <input type="hidden" name="active" value=deactivated.to_string() />
                    <Reason id="active-reason" error=form_error(actions.active) />
                    <button type="submit" class="button button-primary">
                        {if deactivated { t!(i18n, desk.reactivate).into_any() } else { t!(i18n, desk.deactivate).into_any() }}
                    </button>
                </ActionForm>
            </DeskAction>
            {external.then(|| view! {
                <DeskAction title=move || t_string!(i18n, desk.merge).to_string() prefix="merge-" error=form_error(actions.merge) done=succeeded(actions.merge) done_text=move || t_string!(i18n, desk.merge_done).to_string()>
                    <p class="hint">{t!(i18n, desk.merge_hint)}</p>
                    <ActionForm action=actions.merge attr:class="form" attr:novalidate="true">
                        <Hidden id />
                                                <Field
                            id="merge-other_email"
                            name="other_email"
                            input_type="email"
                            verbatim=true
                            label=Signal::derive(move || t_string!(i18n, desk.other_email).to_string())
                            error=field_error(form_error(actions.merge), "other_email")
                        />
                        <Reason id="merge-reason" error=form_error(actions.merge) />
                        <button type="submit" class="button button-primary">{t!(i18n, desk.merge_submit)}</button>
                    </ActionForm>
                </DeskAction>
            })}
            {person.can_anonymise.then(|| view! {
                <DeskAction title=move || t_string!(i18n, desk.anonymise).to_string() prefix="anonymise-" error=form_error(actions.anonymise) done=succeeded(actions.anonymise) done_text=move || t_string!(i18n, desk.anonymise_done).to_string()>
                    <p class="hint">{t!(i18n, desk.anonymise_hint)}</p>
                    <ActionForm action=actions.anonymise attr:class="form" attr:novalidate="true">
                        <Hidden id />
                        <Reason id="anonymise-reason" error=form_error(actions.anonymise) />
                        <button type="submit" class="button button-danger">{t!(i18n, desk.anonymise_submit)}</button>
                    </ActionForm>
                </DeskAction>
            })}
            <p><a class="button" href=format!("/brukerstotte/{id}/data.json") download="data.json">{t!(i18n, desk.export)}</a></p>
        </section>
        <Enrolments person=person.clone() actions />
        <History person />
    }
}

#[component]
fn Enrolments(person: PersonFile, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let id = person.id;
    let none_bookable = person.bookable.is_empty();
    view! {
        <section aria-labelledby="desk-enrolments">
            <h2 id="desk-enrolments">{t!(i18n, desk.enrolments)}</h2>
            <div class="notice notice-success" role="status" hidden=move || !succeeded(actions.withdraw).get()>
                <p>{t!(i18n, desk.withdraw_done)}</p>
            </div>
            <ErrorSummary error=form_error(actions.withdraw) prefix="withdraw-" />
            {if person.enrolments.is_empty() {
                view! { <p>{t!(i18n, desk.no_enrolments)}</p> }.into_any()
            } else {
                view! {
                    <ul class="account-results">
                        {person.enrolments.into_iter().map(|enrolment| view! { <EnrolmentItem id enrolment actions /> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
            <DeskAction title=move || t_string!(i18n, desk.enrol).to_string() prefix="enrol-" error=form_error(actions.enrol) done=succeeded(actions.enrol) done_text=move || t_string!(i18n, desk.enrol_done).to_string()>
                {none_bookable.then(|| view! { <p>{t!(i18n, desk.no_sessions)}</p> })}
                <ActionForm action=actions.enrol attr:class="form" attr:novalidate="true" attr:hidden=none_bookable>
                    <Hidden id />
                    <div class="field">
                        <label for="enrol-session_id">{t!(i18n, desk.session)}</label>
                        <select id="enrol-session_id" name="session_id">
                            {person.bookable.into_iter().map(|choice| view! {
                                <option value=choice.session_id.to_string()>{choice.label}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <Reason id="enrol-reason" error=form_error(actions.enrol) />
                    <button type="submit" class="button button-primary">{t!(i18n, desk.enrol_submit)}</button>
                </ActionForm>
            </DeskAction>
        </section>
    }
}

#[component]
fn EnrolmentItem(id: i64, enrolment: PersonEnrolment, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let heading = format!("enrolment-{}", enrolment.session_id);
    let labelled_by = heading.clone();
    let reason_id = format!("withdraw-reason-{}", enrolment.session_id);
    let state = match enrolment.waitlist_position {
        Some(position) => format!("{} {position}", t_string!(i18n, desk.waitlist_position)),
        None => t_string!(i18n, desk.seat).to_string(),
    };
    view! {
        <li class="panel" aria-labelledby=labelled_by>
            <h3 id=heading>{enrolment.course_title.clone()}</h3>
            <p>{enrolment.starts_at.clone()} ", " {enrolment.place.clone()} " · " {state}</p>
            <details class="reveal">
                <summary>{t!(i18n, desk.withdraw)}</summary>
                <ActionForm action=actions.withdraw attr:class="form">
                    <Hidden id />
                    <input type="hidden" name="session_id" value=enrolment.session_id.to_string() />
                    <div class="field">
                        <label for=reason_id.clone()>{t!(i18n, desk.reason)}</label>
                        <input id=reason_id name="reason" required maxlength="500" />
                    </div>
                    <button type="submit" class="button">{t!(i18n, desk.withdraw_submit)}</button>
                </ActionForm>
            </details>
        </li>
    }
}

#[component]
fn History(person: PersonFile) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="desk-history">
            <h2 id="desk-history">{t!(i18n, desk.history)}</h2>
            {if person.history.is_empty() {
                view! { <p>{t!(i18n, desk.no_history)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table>
                            <thead><tr>
                                <th scope="col">{t!(i18n, desk.course)}</th>
                                <th scope="col">{t!(i18n, desk.completed_on)}</th>
                                <th scope="col">{t!(i18n, desk.result)}</th>
                                <th scope="col">{t!(i18n, desk.valid_until)}</th>
                                <th scope="col">{t!(i18n, desk.certificate)}</th>
                            </tr></thead>
                            <tbody>
                                {person.history.into_iter().map(|done| view! {
                                    <tr>
                                        <td>{done.course_title}</td>
                                        <td>{done.completed_on}</td>
                                        <td>{done.result}{done.revoked.then(|| view! { " (" {t!(i18n, desk.revoked)} ")" })}</td>
                                        <td>{done.valid_until.unwrap_or_else(|| "–".into())}</td>
                                        <td><a href=format!("/verifiser/{}", done.certificate_code)>{done.certificate_code.clone()}</a></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </section>
    }
}

/// One of the desk's actions: a fold-out with its form, open when its last submission is
/// being answered, with the outcome inside it.
#[component]
fn DeskAction(
    #[prop(into)] title: Signal<String>,
    /// The prefix of the form's field ids (`reset-`), for the summary's links.
    prefix: &'static str,
    error: FormError,
    done: Signal<bool>,
    #[prop(into)] done_text: Signal<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <details class="reveal panel" open=move || error.get().is_some() || done.get()>
            <summary>{title}</summary>
            <div class="notice notice-success" role="status" hidden=move || !done.get()>
                <p>{done_text}</p>
            </div>
            <ErrorSummary error prefix />
            {children()}
        </details>
    }
}

/// The account the form acts on, and the page the answer returns to.
#[component]
fn Hidden(id: i64) -> impl IntoView {
    view! {
        <PageField />
        <input type="hidden" name="account_id" value=id.to_string() />
    }
}

/// «Begrunnelse»: why, for the audit trail; with the form's error when it was refused.
#[component]
fn Reason(id: &'static str, error: FormError) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Field
            id
            name="reason"
            label=Signal::derive(move || t_string!(i18n, desk.reason).to_string())
            hint=Signal::derive(move || t_string!(i18n, desk.reason_hint).to_string())
            error=field_error(error, "reason")
        />
    }
}
