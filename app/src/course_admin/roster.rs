//! One session's participants and waitlist: change the session, add, move or remove people,
//! cancel the session, export CSV. Instructors see the list of their own sessions, read-only.
use super::{
    api::{
        AddParticipant, CancelSession, MoveParticipant, RemoveParticipant, UpdateSession, instructors, roster,
    },
    types::{Participant, SessionRoster},
    widgets::SessionFields,
};
use crate::{
    i18n::*,
    learning::{
        api::{RecordOutcome, RecordRemaining},
        types::Outcome,
    },
    ui::{
        Loading,
        forms::{ErrorSummary, Field, Refused, TextArea, field_error, form_error, label, succeeded},
    },
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn RosterPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let update = crate::ui::forms::form_action::<UpdateSession>();
    let add = crate::ui::forms::form_action::<AddParticipant>();
    let remove = crate::ui::forms::form_action::<RemoveParticipant>();
    let move_to = crate::ui::forms::form_action::<MoveParticipant>();
    let cancel = crate::ui::forms::form_action::<CancelSession>();
    let record = crate::ui::forms::form_action::<RecordOutcome>();
    let record_all = crate::ui::forms::form_action::<RecordRemaining>();
    let list = Resource::new(
        move || {
            (
                id(),
                record.version().get(),
                record_all.version().get(),
                update.version().get(),
                add.version().get(),
                remove.version().get(),
                move_to.version().get(),
                cancel.version().get(),
            )
        },
        |(id, ..)| roster(id),
    );
    let people = Resource::new(|| (), |_| instructors());
    let list_error = Signal::derive(move || {
        remove
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| move_to.value().get().and_then(Result::err))
            .or_else(|| record.value().get().and_then(Result::err))
            .or_else(|| record_all.value().get().and_then(Result::err))
    });
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, admin.roster).to_string()) />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(roster) => {
                        let editor = roster.can_edit.then(|| {
                            let session = roster.session.clone();
                            view! {
                                <Suspense fallback=Loading>
                                    {move || {
                                        let session = session.clone();
                                        Suspend::new(async move {
                                            let people = people.await.unwrap_or_default();
                                            view! { <EditSession session people update cancel /> }
                                        })
                                    }}
                                </Suspense>
                            }
                        });
                        view! {
                            <RosterView roster=roster.clone() add remove move_to record record_all list_error />
                            {editor}
                        }
                        .into_any()
                    }
                    Err(error) => view! { <Refused error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RosterView(
    roster: SessionRoster,
    add: ServerAction<AddParticipant>,
    remove: ServerAction<RemoveParticipant>,
    move_to: ServerAction<MoveParticipant>,
    record: ServerAction<RecordOutcome>,
    record_all: ServerAction<RecordRemaining>,
    list_error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let can_record = roster.can_record;
    let s = roster.session;
    let session_id = s.id.to_string();
    let enrolled = s.enrolled;
    let capacity = s.capacity;
    let waiting = s.waiting;
    let can_edit = roster.can_edit && !s.cancelled;
    let others = roster.other_sessions;
    let add_error = form_error(add);
    let csv = format!("/admin/kursenhet/{}/deltakere.csv", s.id);
    view! {
        <p class="breadcrumbs">
            {roster.can_edit.then(|| view! { <a href=format!("/admin/kurs/{}", s.course_code)>{s.course_code.clone()}</a> })}
        </p>
        <h1>{s.course_title.clone()}</h1>
        <p class="lead">{s.when.clone()} " · " {s.place.clone()}</p>
        {s.cancelled.then(|| view! { <p class="notice notice-error" role="status">{t!(i18n, admin.session_cancelled)}</p> })}
        <p>
            {t!(i18n, admin.seats_line, enrolled = move || enrolled, capacity = move || capacity, waiting = move || waiting)}
            " · " <a href=csv download="">{t!(i18n, admin.csv)}</a>
        </p>
        <ErrorSummary error=list_error />
        <h2 id="participants-title">{t!(i18n, admin.participants)}</h2>
        {if roster.participants.is_empty() {
            view! { <p>{t!(i18n, admin.no_participants)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="data-table" aria-labelledby="participants-title">
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, admin.person)}</th>
                                <th scope="col">{t!(i18n, admin.status)}</th>
                                <th scope="col">{t!(i18n, admin.employer)}</th>
                                <th scope="col">{t!(i18n, admin.since)}</th>
                                {can_record.then(|| view! { <th scope="col">{t!(i18n, learning.outcome)}</th> })}
                                {can_edit.then(|| view! { <th scope="col">{t!(i18n, admin.actions)}</th> })}
                            </tr>
                        </thead>
                        <tbody>
                            {roster.participants.into_iter().map(|p| view! {
                                <ParticipantRow p session_id=session_id.clone() can_edit can_record others=others.clone() remove move_to record />
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        {can_record.then(|| view! { <RecordRemainingForm session_id=s.id record_all /> })}
        {can_edit.then(|| view! {
            <section class="panel" aria-labelledby="add-participant-title">
                <h2 id="add-participant-title">{t!(i18n, admin.add_participant)}</h2>
                <ActionForm action=add attr:class="form" attr:novalidate="true">
                    <crate::ui::forms::PageField />
                    <ErrorSummary error=add_error />
                    <input type="hidden" name="session_id" value=s.id.to_string() />
                    <Field id="f-email" name="email" input_type="email" verbatim=true
                        label=label(|i18n| t_string!(i18n, admin.participant_email).to_string())
                        hint=label(|i18n| t_string!(i18n, admin.participant_email_hint).to_string())
                        required=true error=field_error(add_error, "email") />
                    <button type="submit" class="button button-primary">{t!(i18n, admin.add)}</button>
                </ActionForm>
            </section>
        })}
    }
}

#[component]
fn ParticipantRow(
    p: Participant,
    session_id: String,
    can_edit: bool,
    can_record: bool,
    others: Vec<(i64, String)>,
    remove: ServerAction<RemoveParticipant>,
    move_to: ServerAction<MoveParticipant>,
    record: ServerAction<RecordOutcome>,
) -> impl IntoView {
    let i18n = use_i18n();
    let outcome_cell = can_record.then(|| {
        if p.waiting_position.is_some() {
            view! { <td>"–"</td> }.into_any()
        } else {
            view! {
                <td>
                    <div class="row-actions">
                        <OutcomeForm session_id=session_id.clone() account_id=p.account_id name=p.name.clone() current=p.outcome record />
                    </div>
                </td>
            }
            .into_any()
        }
    });
    let status = match p.waiting_position {
        Some(position) => {
            view! { {t!(i18n, enrolment.your_position, position = move || position)} }.into_any()
        }
        None => view! { {t!(i18n, admin.seated)} }.into_any(),
    };
    let account = p.account_id.to_string();
    let select_id = format!("move-{}", p.account_id);
    let name = p.name.clone();
    let actions = can_edit.then(|| {
        let (account2, session2) = (account.clone(), session_id.clone());
        let remove_label = format!("{} {}", t_string!(i18n, admin.remove), name);
        view! {
            <td class="row-actions">
                <ActionForm action=remove attr:class="inline-form">
                    <crate::ui::forms::PageField />
                    <input type="hidden" name="session_id" value=session_id />
                    <input type="hidden" name="account_id" value=account />
                    <button type="submit" class="button" aria-label=remove_label>{t!(i18n, admin.remove)}</button>
                </ActionForm>
                {(!others.is_empty()).then(|| view! {
                    <ActionForm action=move_to attr:class="inline-form">
                        <crate::ui::forms::PageField />
                        <input type="hidden" name="session_id" value=session2 />
                        <input type="hidden" name="account_id" value=account2 />
                        <label for=select_id.clone() class="visually-hidden">{t!(i18n, admin.move_to)} " " {name.clone()}</label>
                        <select id=select_id name="to_session">
                            {others.into_iter().map(|(id, text)| view! { <option value=id.to_string()>{text}</option> }).collect_view()}
                        </select>
                        <button type="submit" class="button">{t!(i18n, admin.move_to)}</button>
                    </ActionForm>
                })}
            </td>
        }
    });
    view! {
        <tr>
            <th scope="row">{p.name}<br /><a href=format!("mailto:{}", p.email)>{p.email.clone()}</a></th>
            <td>{status}</td>
            <td>
                {p.employer.clone().unwrap_or_default()}
                {(p.employer.is_some() && !p.employer_confirmed).then(|| view! { " " <span class="meta">{t!(i18n, admin.employer_unconfirmed)}</span> })}
                {p.invoice_reference.map(|r| view! { <br /><span class="meta">{r}</span> })}
            </td>
            <td>{p.since}</td>
            {outcome_cell}
            {actions}
        </tr>
    }
}

#[component]
fn EditSession(
    session: super::types::AdminSession,
    people: Vec<super::types::InstructorOption>,
    update: ServerAction<UpdateSession>,
    cancel: ServerAction<CancelSession>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(update);
    let saved = succeeded(update);
    let cancel_error = form_error(cancel);
    let id = session.id.to_string();
    let cancel_id = id.clone();
    let cancelled = session.cancelled;
    view! {
        <section class="panel" aria-labelledby="edit-session-title" hidden=cancelled>
            <h2 id="edit-session-title">{t!(i18n, admin.edit_session)}</h2>
            <div class="notice notice-success" role="status" hidden=move || !saved.get()>
                <p>{t!(i18n, admin.saved)}</p>
            </div>
            <ActionForm action=update attr:class="form" attr:novalidate="true">
                <crate::ui::forms::PageField />
                <ErrorSummary error prefix="s-" />
                <input type="hidden" name="session_id" value=id />
                <SessionFields people session error />
                <button type="submit" class="button button-primary">{t!(i18n, admin.save)}</button>
            </ActionForm>
        </section>
        <section class="panel panel-danger" aria-labelledby="cancel-session-title" hidden=cancelled>
            <h2 id="cancel-session-title">{t!(i18n, admin.cancel_session)}</h2>
            <p>{t!(i18n, admin.cancel_intro)}</p>
            <ActionForm action=cancel attr:class="form" attr:novalidate="true">
                <crate::ui::forms::PageField />
                <ErrorSummary error=cancel_error />
                <input type="hidden" name="session_id" value=cancel_id />
                <TextArea id="f-reason" name="reason" label=label(|i18n| t_string!(i18n, admin.cancel_reason).to_string())
                    error=field_error(cancel_error, "reason") rows=3 />
                <button type="submit" class="button button-danger">{t!(i18n, admin.cancel_session)}</button>
            </ActionForm>
        </section>
    }
}

fn outcome_label(i18n: I18nContext<Locale>, outcome: Outcome) -> String {
    match outcome {
        Outcome::Passed => t_string!(i18n, learning.outcome_passed).to_string(),
        Outcome::Failed => t_string!(i18n, learning.outcome_failed).to_string(),
        Outcome::NoShow => t_string!(i18n, learning.outcome_no_show).to_string(),
    }
}

/// One participant's result: a choice and «Lagre».
#[component]
fn OutcomeForm(
    session_id: String,
    account_id: i64,
    name: String,
    current: Option<Outcome>,
    record: ServerAction<RecordOutcome>,
) -> impl IntoView {
    let i18n = use_i18n();
    let select_id = format!("outcome-{account_id}");
    let save_label = format!("{} {}", t_string!(i18n, learning.save_outcome), name);
    view! {
        <ActionForm action=record attr:class="inline-form">
            <crate::ui::forms::PageField />
            <input type="hidden" name="session_id" value=session_id />
            <input type="hidden" name="account_id" value=account_id.to_string() />
            <label for=select_id.clone() class="visually-hidden">{t!(i18n, learning.outcome)} " " {name.clone()}</label>
            <select id=select_id name="outcome">
                {current.is_none().then(|| view! { <option value="" selected=true>{t!(i18n, learning.outcome_none)}</option> })}
                {Outcome::ALL.into_iter().map(|o| view! {
                    <option value=o.as_str() selected=current == Some(o)>{outcome_label(i18n, o)}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="button" aria-label=save_label>{t!(i18n, admin.save)}</button>
        </ActionForm>
    }
}

/// «Registrer for alle»: the same result for every seated participant without one.
#[component]
fn RecordRemainingForm(session_id: i64, record_all: ServerAction<RecordRemaining>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel" aria-labelledby="record-all-title">
            <h2 id="record-all-title">{t!(i18n, learning.record_remaining)}</h2>
            <p>{t!(i18n, learning.record_remaining_intro)}</p>
            <ActionForm action=record_all attr:class="inline-form">
                <crate::ui::forms::PageField />
                <input type="hidden" name="session_id" value=session_id.to_string() />
                <label for="record-all-outcome" class="visually-hidden">{t!(i18n, learning.outcome)}</label>
                <select id="record-all-outcome" name="outcome">
                    {Outcome::ALL.into_iter().map(|o| view! { <option value=o.as_str()>{outcome_label(i18n, o)}</option> }).collect_view()}
                </select>
                <button type="submit" class="button button-primary">{t!(i18n, learning.record_remaining_button)}</button>
            </ActionForm>
        </section>
    }
}
