//! The sessions on a course page, with «Meld meg på» / «Sett meg på venteliste», and «Mine kurs».
use super::{
    api::{CancelEnrolment, my_enrolments},
    types::MyPlace,
};
use crate::{
    error::AppError,
    i18n::*,
    ui::{ErrorNotice, Loading, forms::ErrorSummary},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// «Mine kurs»: enrolments and waitlist places, with a way out before the deadline.
#[component]
pub fn MyCoursesPage() -> impl IntoView {
    let i18n = use_i18n();
    let cancel = crate::ui::forms::form_action::<CancelEnrolment>();
    let mine = Resource::new(move || cancel.version().get(), |_| my_enrolments());
    let error = Signal::derive(move || cancel.value().get().and_then(Result::err));
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, enrolment.mine_title).to_string()) />
        <h1>{t!(i18n, enrolment.mine_title)}</h1>
        <ErrorSummary error />
        <super::widgets::CalendarFeed />
        <crate::competence::widgets::RequiredTraining />
        <crate::learning::widgets::RecentHistory />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match mine.await {
                    Ok(list) if list.is_empty() => view! {
                        <p>{t!(i18n, enrolment.mine_none)}</p>
                        <p><a href="/kurs">{t!(i18n, home.browse_all)}</a></p>
                    }
                    .into_any(),
                    Ok(list) => view! {
                        <ul class="session-list">
                            {list.into_iter().map(|item| {
                                let id = item.session.id.to_string();
                                let heading = format!("mine-{}", item.session.id);
                                let labelled_by = heading.clone();
                                let open = item.session.open;
                                let place = match item.session.mine {
                                    Some(MyPlace::Waitlisted { position }) => view! {
                                        {t!(i18n, enrolment.your_position, position = move || position)}
                                    }.into_any(),
                                    _ => view! { {t!(i18n, enrolment.you_are_enrolled)} }.into_any(),
                                };
                                view! {
                                    <li class="panel session" aria-labelledby=labelled_by>
                                        <h2 id=heading>
                                            <a href=format!("/kurs/{}", item.course_code)>{item.course_title}</a>
                                        </h2>
                                        <p>{item.session.when} " · " {item.session.place}</p>
                                        <p class="my-place"><strong>{place}</strong></p>
                                        {open.then(|| view! {
                                            <ActionForm action=cancel attr:class="inline-form">
                                                <crate::ui::forms::PageField />
                                                <input type="hidden" name="session_id" value=id />
                                                <button type="submit" class="button">{t!(i18n, enrolment.cancel)}</button>
                                            </ActionForm>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(AppError::Unauthenticated) => view! {
                        <p><a href="/logg-inn">{t!(i18n, forms.signed_out)}</a></p>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
