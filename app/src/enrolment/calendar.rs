//! «Kurskalender»: upcoming sessions by month and place, with free seats; and the learner's
//! personal calendar feed.
use super::api::load_course_calendar;
use crate::{
    catalogue::types::Month,
    i18n::*,
    ui::{ErrorNotice, Loading, labels::month_label},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CalendarPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let month = move || query.read().get("maaned").filter(|m| Month::parse(m).is_some());
    let place = move || query.read().get("sted").filter(|p| !p.trim().is_empty());
    let calendar = Resource::new(
        move || (month(), place()),
        |(month, place)| load_course_calendar(month, place),
    );
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, calendar.title).to_string()) />
        <h1 id="calendar-title">{t!(i18n, calendar.title)}</h1>
        <p class="lead">{t!(i18n, calendar.intro)}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match calendar.await {
                    Ok(calendar) => {
                        let shown = calendar.month;
                        let label = move || month_label(shown, i18n.get_locale());
                        let place = calendar.place.clone();
                        let months = calendar.options.months.clone();
                        let places = calendar.options.places.clone();
                        let entries = calendar.entries;
                        view! {
                            <form class="filters filters-inline" method="get" action="/kurskalender">
                                <div class="field">
                                    <label for="calendar-month">{t!(i18n, filters.month)}</label>
                                    <select id="calendar-month" name="maaned">
                                        {months.into_iter().map(|m| {
                                            let text = move || month_label(m, i18n.get_locale());
                                            view! { <option value=m.as_param() selected=m == shown>{text}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                <div class="field">
                                    <label for="calendar-place">{t!(i18n, filters.place)}</label>
                                    <select id="calendar-place" name="sted">
                                        <option value="">{t!(i18n, filters.all_places)}</option>
                                        {places.into_iter().map(|p| {
                                            let selected = place.as_deref() == Some(p.as_str());
                                            view! { <option value=p.clone() selected=selected>{p.clone()}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                <button type="submit" class="button">{t!(i18n, calendar.show)}</button>
                            </form>
                            <h2>{label}</h2>
                            {if entries.is_empty() {
                                view! { <p class="empty">{t!(i18n, calendar.none)}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="table-wrap">
                                        <table class="data-table">
                                            <caption class="visually-hidden">{label}</caption>
                                            <thead>
                                                <tr>
                                                    <th scope="col">{t!(i18n, calendar.when)}</th>
                                                    <th scope="col">{t!(i18n, calendar.course)}</th>
                                                    <th scope="col">{t!(i18n, filters.place)}</th>
                                                    <th scope="col">{t!(i18n, enrolment.free_seats)}</th>
                                                    <th scope="col">{t!(i18n, calendar.file)}</th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {entries.into_iter().map(|entry| {
                                                    let s = entry.session;
                                                    let free = s.free_seats;
                                                    let capacity = s.capacity;
                                                    view! {
                                                        <tr>
                                                            <td>{s.when}</td>
                                                            <th scope="row"><a href=format!("/kurs/{}", entry.course_code)>{entry.course_title}</a></th>
                                                            <td>{s.place}</td>
                                                            <td>{t!(i18n, enrolment.free_of, free = move || free, capacity = move || capacity)}</td>
                                                            <td><a href=format!("/kalender/kursenhet/{}.ics", s.id) rel="nofollow">".ics"</a></td>
                                                        </tr>
                                                    }
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                }.into_any()
                            }}
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
