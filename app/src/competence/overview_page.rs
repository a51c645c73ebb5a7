//! «Kompetanseoversikt» (`/kompetanse`): the people a leader, company contact or administrator
//! sees × what is required of them, with filters (a plain GET form), counts per status, pages
//! (keyset: `etter`), a CSV download and a page per person (`/kompetanse/:id`) with their
//! requirements and history. Rendered by the server; no island.
use super::{
    api::{ChooseDigest, load_overview, load_person_overview},
    types::{Overview, PersonOverview, RequirementStatus},
    widgets::{StatusMark, status_label},
};
use crate::{
    i18n::*,
    learning::widgets::{status_class, status_text},
    ui::{Loading, forms::Refused},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The overview's query string keys: unit, requirement, status, days, after.
const KEYS: [&str; 4] = ["enhet", "krav", "status", "dager"];

fn query_string(values: &[(&str, String)]) -> String {
    let pairs: Vec<String> = values
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// A query value, percent-encoded (letters, digits and `-_.:~` as they are).
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b':' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
pub fn OverviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map().read_untracked();
    let values: Vec<(&str, String)> = KEYS
        .iter()
        .map(|k| (*k, query.get(k).unwrap_or_default()))
        .collect();
    let after: Option<i64> = query.get("etter").and_then(|v| v.parse().ok());
    let filter = values.clone();
    let overview = Resource::new(
        move || (filter.clone(), after),
        |(f, after)| {
            load_overview(
                f[0].1.clone(),
                f[1].1.clone(),
                f[2].1.clone(),
                f[3].1.clone(),
                after,
            )
        },
    );
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, requirements.overview_title).to_string()) />
        <h1>{t!(i18n, requirements.overview_title)}</h1>
        <p class="no-print">{t!(i18n, requirements.overview_intro)}</p>
        <Suspense fallback=Loading>
            {move || {
                let values = values.clone();
                Suspend::new(async move {
                    match overview.await {
                        Ok(overview) => view! { <OverviewView overview values after /> }.into_any(),
                        Err(error) => view! { <Refused error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Filters(overview: Overview, values: Vec<(&'static str, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let value = move |key: &str| {
        values
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (unit, required, status, days) = (value("enhet"), value("krav"), value("status"), value("dager"));
    let all = move || t_string!(i18n, requirements.filter_all).to_string();
    let units = overview
        .units
        .iter()
        .map(|(code, name)| {
            let selected = *code == unit;
            view! { <option value=code.clone() selected=selected>{name.clone()}</option> }
        })
        .collect_view();
    let columns = overview
        .columns
        .iter()
        .map(|c| {
            let selected = c.key == required;
            view! { <option value=c.key.clone() selected=selected>{c.required.title.clone()}</option> }
        })
        .collect_view();
    let statuses = RequirementStatus::ALL.map(|s| {
        let selected = s.as_str() == status;
        view! { <option value=s.as_str() selected=selected>{status_label(i18n, s)}</option> }
    });
    view! {
        <form method="get" action="/kompetanse" class="form overview-filters no-print">
            <div class="field">
                <label for="f-enhet">{t!(i18n, requirements.filter_unit)}</label>
                <select id="f-enhet" name="enhet"><option value="">{all()}</option>{units}</select>
            </div>
            <div class="field">
                <label for="f-krav">{t!(i18n, requirements.filter_required)}</label>
                <select id="f-krav" name="krav"><option value="">{all()}</option>{columns}</select>
            </div>
            <div class="field">
                <label for="f-status">{t!(i18n, requirements.filter_status)}</label>
                <select id="f-status" name="status"><option value="">{all()}</option>{statuses.into_iter().collect_view()}</select>
            </div>
            <div class="field">
                <label for="f-dager">{t!(i18n, requirements.filter_within)}</label>
                <input id="f-dager" name="dager" type="number" min="0" max="3650" inputmode="numeric" value=days />
            </div>
            <button type="submit" class="button">{t!(i18n, requirements.filter_show)}</button>
        </form>
    }
}

#[component]
fn OverviewView(
    overview: Overview,
    values: Vec<(&'static str, String)>,
    after: Option<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let base = query_string(&values);
    let csv = format!("/kompetanse.csv{base}");
    let xlsx = format!("/kompetanse.xlsx{base}");
    let next = overview.next.map(|id| {
        let mut with = values.clone();
        with.push(("etter", id.to_string()));
        format!("/kompetanse{}", query_string(&with))
    });
    let first = after.map(|_| format!("/kompetanse{base}"));
    let counts = overview
        .counts
        .iter()
        .map(|(status, count)| {
            let count = *count;
            view! { <li><StatusMark status=*status />": " {count}</li> }
        })
        .collect_view();
    let people = overview.people;
    let heads = overview
        .columns
        .iter()
        .map(|c| {
            view! {
                <th scope="col"><a href=c.required.href()>{c.required.title.clone()}</a></th>
            }
        })
        .collect_view();
    let rows = overview.rows.iter().map(|row| {
        let cells = row.cells.iter().map(|cell| match cell {
            Some(cell) => {
                let until = cell.valid_until.clone().map(|d| view! { <br /><span class="hint">{d}</span> });
                view! { <td><StatusMark status=cell.status />{until}</td> }.into_any()
            }
            None => view! { <td><span class="hint">"–"<span class="visually-hidden">{t!(i18n, requirements.not_required)}</span></span></td> }.into_any(),
        }).collect_view();
        let place = [row.unit.clone(), row.employer.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
        view! {
            <tr>
                <th scope="row"><a href=format!("/kompetanse/{}", row.account_id)>{row.name.clone()}</a><br /><span class="hint">{place}</span></th>
                {cells}
            </tr>
        }
    }).collect_view();
    let empty = overview.rows.is_empty();
    let filters = overview.clone();
    view! {
        <Filters overview=filters values />
        <section aria-labelledby="counts-title">
            <h2 id="counts-title">{t!(i18n, requirements.counts)}</h2>
            <p>{t!(i18n, requirements.people, count = move || people)}</p>
            <ul class="status-counts">{counts}</ul>
        </section>
        <p class="no-print">
            <a href=csv download>{t!(i18n, requirements.csv)}</a> " · "
            <a href=xlsx download>{t!(i18n, requirements.xlsx)}</a>
        </p>
        <DigestChoice chosen=overview.digest />
        {if empty {
            view! { <p>{t!(i18n, requirements.none)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label=t_string!(i18n, requirements.overview_title).to_string()>
                    <table class="data-table matrix">
                        <caption class="visually-hidden">{t!(i18n, requirements.overview_title)}</caption>
                        <thead><tr><th scope="col">{t!(i18n, requirements.person)}</th>{heads}</tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <nav class="pager no-print" aria-label=t_string!(i18n, requirements.overview_title).to_string()>
            {first.map(|href| view! { <a href=href>{t!(i18n, requirements.first_page)}</a> })}
            {next.map(|href| view! { <a href=href rel="next">{t!(i18n, requirements.next_page)}</a> })}
        </nav>
    }
}

/// «Ukentlig e-post»: a plain form (a checkbox and a button), so it works without JavaScript.
#[component]
fn DigestChoice(chosen: bool) -> impl IntoView {
    let i18n = use_i18n();
    let choose = crate::ui::forms::form_action::<ChooseDigest>();
    let saved = crate::ui::forms::succeeded(choose);
    view! {
        <ActionForm action=choose attr:class="form no-print digest-choice">
            <crate::ui::forms::PageField />
            <div class="field field-check">
                <input id="f-weekly" type="checkbox" name="weekly" value="on" checked=chosen />
                <label for="f-weekly">{t!(i18n, requirements.digest_label)}</label>
            </div>
            <p class="hint">{t!(i18n, requirements.digest_hint)}</p>
            <button type="submit" class="button">{t!(i18n, requirements.digest_save)}</button>
            <p role="status" hidden=move || !saved.get()>{t!(i18n, requirements.saved)}</p>
        </ActionForm>
    }
}

#[component]
pub fn PersonPage() -> impl IntoView {
    let i18n = use_i18n();
    let id: i64 = use_params_map()
        .read_untracked()
        .get("id")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let person = Resource::new(move || id, load_person_overview);
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, requirements.overview_title).to_string()) />
        <p class="breadcrumbs no-print"><a href="/kompetanse">{t!(i18n, requirements.back)}</a></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match person.await {
                    Ok(person) => view! { <PersonView person /> }.into_any(),
                    Err(error) => view! { <h1>{t!(i18n, requirements.overview_title)}</h1><Refused error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PersonView(person: PersonOverview) -> impl IntoView {
    let i18n = use_i18n();
    let place = [person.unit.clone(), person.employer.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let required = person.required.iter().map(|line| {
        let until = line.valid_until.clone().map(|date| view! { " · " {t!(i18n, requirements.valid_until, date = move || date.clone())} });
        let due = line.due.clone().map(|date| view! { " · " {t!(i18n, requirements.due, date = move || date.clone())} });
        view! { <li><a href=line.required.href()>{line.required.title.clone()}</a>": " <StatusMark status=line.status />{until}{due}</li> }
    }).collect_view();
    let history = if person.history.is_empty() {
        view! { <p>{t!(i18n, requirements.no_history)}</p> }.into_any()
    } else {
        let rows = person
            .history
            .iter()
            .map(|h| {
                view! {
                    <tr>
                        <th scope="row"><a href=h.href.clone()>{h.course_title.clone()}</a></th>
                        <td>{h.completed_on.clone()}</td>
                        <td>{h.result.clone()}</td>
                        <td>{h.valid_until.clone().unwrap_or_default()}</td>
                        <td><span class=status_class(h.status)>{status_text(i18n, h.status)}</span></td>
                        <td><a href=format!("/verifiser/{}", h.code)>{h.code.clone()}</a></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap" tabindex="0" role="region" aria-label=t_string!(i18n, requirements.history).to_string()>
                <table class="data-table">
                    <caption class="visually-hidden">{t!(i18n, requirements.history)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, learning.course)}</th>
                        <th scope="col">{t!(i18n, learning.completed)}</th>
                        <th scope="col">{t!(i18n, learning.result)}</th>
                        <th scope="col">{t!(i18n, learning.valid_until)}</th>
                        <th scope="col">{t!(i18n, learning.status)}</th>
                        <th scope="col">{t!(i18n, learning.code)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }.into_any()
    };
    view! {
        <h1>{person.name.clone()}</h1>
        <p>{place}</p>
        <section aria-labelledby="person-required">
            <h2 id="person-required">{t!(i18n, requirements.mine_title)}</h2>
            <ul class="required-summary">{required}</ul>
        </section>
        <section>
            <h2 id="person-history">{t!(i18n, requirements.history)}</h2>
            {history}
        </section>
    }
}
