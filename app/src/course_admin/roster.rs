//! One session's participants and waitlist: change the session, add, move or remove people,
//! cancel the session, export CSV. Instructors see the list of their own sessions, read-only.
use super::{
    api::{
        AddParticipant, CancelSession, MoveParticipant, RemoveParticipant, UpdateSession, instructors, roster,
    },
    pages::{Refused, SessionFields, TextArea, label},
    types::{Participant, SessionRoster},
};
use crate::{
    i18n::*,
    ui::{
        Loading,
        forms::{ErrorSummary, Field, field_error, form_error, succeeded},
    },
};
use leptos::prelude::*;
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
    let update = ServerAction::<UpdateSession>::new();
    let add = ServerAction::<AddParticipant>::new();
    let remove = ServerAction::<RemoveParticipant>::new();
    let move_to = ServerAction::<MoveParticipant>::new();
    let cancel = ServerAction::<CancelSession>::new();
    let list = Resource::new(
        move || {
            (
                id(),
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
                            <RosterView roster=roster.clone() add remove move_to list_error />
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
    list_error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
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
                                {can_edit.then(|| view! { <th scope="col">{t!(i18n, admin.actions)}</th> })}
                            </tr>
                        </thead>
                        <tbody>
                            {roster.participants.into_iter().map(|p| view! {
                                <ParticipantRow p session_id=session_id.clone() can_edit others=others.clone() remove move_to />
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        {can_edit.then(|| view! {
            <section class="panel" aria-labelledby="add-participant-title">
                <h2 id="add-participant-title">{t!(i18n, admin.add_participant)}</h2>
                <ActionForm action=add attr:class="form" attr:novalidate="true">
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
    others: Vec<(i64, String)>,
    remove: ServerAction<RemoveParticipant>,
    move_to: ServerAction<MoveParticipant>,
) -> impl IntoView {
    let i18n = use_i18n();
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
                    <input type="hidden" name="session_id" value=session_id />
                    <input type="hidden" name="account_id" value=account />
                    <button type="submit" class="button" aria-label=remove_label>{t!(i18n, admin.remove)}</button>
                </ActionForm>
                {(!others.is_empty()).then(|| view! {
                    <ActionForm action=move_to attr:class="inline-form">
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
            <td>{p.employer.unwrap_or_default()}{p.invoice_reference.map(|r| view! { <br /><span class="meta">{r}</span> })}</td>
            <td>{p.since}</td>
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
                <ErrorSummary error=cancel_error />
                <input type="hidden" name="session_id" value=cancel_id />
                <TextArea id="f-reason" name="reason" label=label(|i18n| t_string!(i18n, admin.cancel_reason).to_string())
                    error=field_error(cancel_error, "reason") rows=3 />
                <button type="submit" class="button button-danger">{t!(i18n, admin.cancel_session)}</button>
            </ActionForm>
        </section>
    }
}
