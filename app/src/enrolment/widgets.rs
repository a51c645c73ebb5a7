//! Parts of the enrolment pages used elsewhere: a course's sessions (on the course page) and
//! the personal calendar feed (on «Mine kurs»).
use super::{api::*, types::*};
use crate::{
    i18n::*,
    ui::{forms::*, *},
};
use leptos::prelude::*;

/// «Kursenheter»: the upcoming sessions of a course.
#[component]
pub fn CourseSessions(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let enrol = crate::ui::forms::form_action::<Enrol>();
    let cancel = crate::ui::forms::form_action::<CancelEnrolment>();
    let code_for_request = code.clone();
    let sessions = Resource::new(
        move || (enrol.version().get(), cancel.version().get()),
        move |_| course_sessions(code.clone()),
    );
    let error = Signal::derive(move || {
        enrol
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| cancel.value().get().and_then(Result::err))
    });
    view! {
        <section class="sessions" aria-labelledby="sessions-title">
            <h2 id="sessions-title">{t!(i18n, enrolment.sessions)}</h2>
            <ErrorSummary error />
            <Suspense fallback=Loading>
                {move || {
                    let code = code_for_request.clone();
                    Suspend::new(async move {
                    match sessions.await {
                        Ok(list) if list.is_empty() => view! {
                            <p>{t!(i18n, enrolment.none)}</p>
                            <RequestSession code />
                        }.into_any(),
                        Ok(list) => view! {
                            <ul class="session-list">
                                {list.into_iter().map(|session| view! { <SessionItem session enrol cancel /> }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}}
            </Suspense>
        </section>
    }
}

#[component]
fn SessionItem(
    session: SessionInfo,
    enrol: ServerAction<Enrol>,
    cancel: ServerAction<CancelEnrolment>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = session.id.to_string();
    let heading = format!("session-{}", session.id);
    let labelled_by = heading.clone();
    let free = session.free_seats;
    let waiting = session.waiting;
    let action = match (session.mine, session.open) {
        (Some(MyPlace::Enrolled), open) => view! {
            <p class="my-place"><strong>{t!(i18n, enrolment.you_are_enrolled)}</strong></p>
            {open.then(|| view! {
                <ActionForm action=cancel attr:class="inline-form">
                    <crate::ui::forms::PageField />
                    <input type="hidden" name="session_id" value=id.clone() />
                    <button type="submit" class="button">{t!(i18n, enrolment.cancel)}</button>
                </ActionForm>
            })}
        }
        .into_any(),
        (Some(MyPlace::Waitlisted { position }), open) => view! {
            <p class="my-place"><strong>{t!(i18n, enrolment.your_position, position = move || position)}</strong></p>
            {open.then(|| view! {
                <ActionForm action=cancel attr:class="inline-form">
                    <crate::ui::forms::PageField />
                    <input type="hidden" name="session_id" value=id.clone() />
                    <button type="submit" class="button">{t!(i18n, enrolment.leave_waitlist)}</button>
                </ActionForm>
            })}
        }
        .into_any(),
        (None, true) => view! {
            <ActionForm action=enrol attr:class="inline-form enrol-form">
                <crate::ui::forms::PageField />
                <input type="hidden" name="session_id" value=id.clone() />
                {session.priced.then(|| {
                    let field = format!("invoice-{}", session.id);
                    view! {
                        <div class="field">
                            <label for=field.clone()>{t!(i18n, enrolment.invoice_reference)}</label>
                            <input id=field type="text" name="invoice_reference" maxlength="100"
                                value=session.invoice_reference.clone().unwrap_or_default() />
                        </div>
                    }
                })}
                <button type="submit" class="button button-primary">
                    {if free > 0 {
                        t_string!(i18n, enrolment.enrol).to_string()
                    } else {
                        t_string!(i18n, enrolment.join_waitlist).to_string()
                    }}
                </button>
            </ActionForm>
        }
        .into_any(),
        (None, false) => view! { <p>{t!(i18n, enrolment.closed)}</p> }.into_any(),
    };
    view! {
        <li class="panel session" aria-labelledby=labelled_by>
            <h3 id=heading>{session.when.clone()}</h3>
            <dl class="facts">
                <div class="fact"><dt>{t!(i18n, course.place)}</dt><dd>{session.place.clone()}</dd></div>
                {session.instructor.clone().map(|name| view! {
                    <div class="fact"><dt>{t!(i18n, enrolment.instructor)}</dt><dd>{name}</dd></div>
                })}
                <div class="fact">
                    <dt>{t!(i18n, enrolment.free_seats)}</dt>
                    <dd>
                        {t!(i18n, enrolment.free_of, free = move || free, capacity = move || session.capacity)}
                        {(waiting > 0).then(|| view! { " · " {t!(i18n, enrolment.waiting, count = move || waiting)} })}
                    </dd>
                </div>
                <div class="fact"><dt>{t!(i18n, enrolment.deadline)}</dt><dd>{session.deadline.clone()}</dd></div>
            </dl>
            {action}
            <p class="calendar-link">
                <a href=format!("/kalender/kursenhet/{}.ics", session.id) rel="nofollow">{t!(i18n, enrolment.add_to_calendar)}</a>
            </p>
        </li>
    }
}

/// «Be om ny kursenhet»: where and when the learner would like the course.
#[component]
fn RequestSession(code: String) -> impl IntoView {
    use crate::{
        course_admin::api::RequestSession as Ask,
        ui::forms::{Field, field_error, form_error, succeeded},
    };
    let i18n = use_i18n();
    let ask = crate::ui::forms::form_action::<Ask>();
    let error = form_error(ask);
    let done = succeeded(ask);
    let label = |text: fn(leptos_i18n::I18nContext<Locale>) -> String| {
        let i18n = use_i18n();
        Signal::derive(move || text(i18n))
    };
    let note_error = field_error(error, "note");
    view! {
        <section class="panel request-session" aria-labelledby="request-title">
            <h3 id="request-title">{t!(i18n, request.title)}</h3>
            <div class="notice notice-success" role="status" hidden=move || !done.get()>
                <p>{t!(i18n, request.sent)}</p>
            </div>
            <div hidden=move || done.get()>
                <p>{t!(i18n, request.intro)}</p>
                <ActionForm action=ask attr:class="form" attr:novalidate="true">
                    <crate::ui::forms::PageField />
                    <ErrorSummary error />
                    <input type="hidden" name="code" value=code />
                    <Field
                        id="f-preferred_place"
                        name="form[preferred_place]"
                        label=label(|i18n| t_string!(i18n, request.place).to_string())
                        required=true
                        error=field_error(error, "preferred_place")
                    />
                    <Field
                        id="f-preferred_period"
                        name="form[preferred_period]"
                        label=label(|i18n| t_string!(i18n, request.period).to_string())
                        hint=label(|i18n| t_string!(i18n, request.period_hint).to_string())
                        required=true
                        error=field_error(error, "preferred_period")
                    />
                    <div class="field">
                        <label for="f-note">{t!(i18n, request.note)}</label>
                        <p class="field-error" id="f-note-error" hidden=move || note_error.get().is_none()>{move || note_error.get()}</p>
                        <textarea id="f-note" name="form[note]" rows="3"></textarea>
                    </div>
                    <button type="submit" class="button button-primary">{t!(i18n, request.submit)}</button>
                </ActionForm>
            </div>
        </section>
    }
}

/// «Kalenderabonnement» on «Mine kurs»: the secret feed address and a way to replace it.
#[component]
pub fn CalendarFeed() -> impl IntoView {
    let i18n = use_i18n();
    let renew = crate::ui::forms::form_action::<NewCalendarFeed>();
    let feed = Resource::new(move || renew.version().get(), |_| calendar_feed());
    view! {
        <section class="panel" aria-labelledby="feed-title">
            <h2 id="feed-title">{t!(i18n, calendar.feed_title)}</h2>
            <p id="feed-hint">{t!(i18n, calendar.feed_intro)}</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    feed.await.ok().map(|url| view! {
                        <div class="field">
                            <label for="feed-url">{t!(i18n, calendar.feed_label)}</label>
                            <input id="feed-url" type="text" readonly=true value=url aria-describedby="feed-hint" />
                        </div>
                    })
                })}
            </Suspense>
            <ActionForm action=renew attr:class="inline-form">
                <crate::ui::forms::PageField />
                <button type="submit" class="button">{t!(i18n, calendar.feed_renew)}</button>
            </ActionForm>
        </section>
    }
}
