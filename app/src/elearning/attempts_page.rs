//! `/admin/kurs/:code/forsok`: the attempts at a course's package, for its course
//! administrators: per learner the status, score, time spent and last activity; one attempt
//! opened (`?vis=12`) with each SCO's state and the answers it reported; a CSV of them all;
//! resetting an attempt. Rendered by the server, no island: links and a plain form.
use super::{
    api::{package_attempt, package_attempts},
    types::{PackageAttemptDetail, PackageAttemptLine, ScoLine},
};
use crate::{
    error::AppError,
    i18n::*,
    ui::{Loading, forms::Refused},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The words for a status the runtime records.
pub fn status_label(i18n: leptos_i18n::I18nContext<Locale>, status: &str) -> String {
    match status {
        "passed" => t_string!(i18n, elearning.status_passed),
        "completed" => t_string!(i18n, elearning.status_completed),
        "failed" => t_string!(i18n, elearning.status_failed),
        "incomplete" => t_string!(i18n, elearning.status_incomplete),
        _ => t_string!(i18n, elearning.status_not_attempted),
    }
    .to_string()
}

#[component]
pub fn AttemptsPage() -> impl IntoView {
    let i18n = use_i18n();
    let code = use_params_map()
        .read_untracked()
        .get("code")
        .unwrap_or_default()
        .to_uppercase();
    let query = use_query_map().read_untracked();
    let shown: Option<i64> = query.get("vis").and_then(|v| v.parse().ok());
    let reset = query.get("nullstilt").is_some();
    let list = Resource::new(
        {
            let code = code.clone();
            move || code.clone()
        },
        package_attempts,
    );
    let detail = Resource::new(
        {
            let code = code.clone();
            move || (code.clone(), shown)
        },
        |(code, shown)| async move {
            match shown {
                Some(id) => package_attempt(code, id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let (editor, csv) = (
        format!("/admin/kurs/{code}/e-laering"),
        format!("/admin/kurs/{code}/forsok.csv"),
    );
    let list_code = code.clone();
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, elearning.attempts_title).to_string()) />
        <p class="breadcrumbs"><a href=editor>{code.clone()}</a></p>
        <h1>{t!(i18n, elearning.attempts_title)}</h1>
        {reset.then(|| view! { <p class="notice notice-success" role="status">{t!(i18n, elearning.attempts_reset_done)}</p> })}
        <p><a href=csv download>{t!(i18n, elearning.attempts_csv)}</a></p>
        <Suspense fallback=Loading>
            {move || {
                let code = list_code.clone();
                Suspend::new(async move {
                    match list.await {
                        Ok(lines) => view! { <AttemptTable lines code shown /> }.into_any(),
                        Err(error) => view! { <Refused error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
        <Suspense fallback=Loading>
            {move || {
                let code = code.clone();
                Suspend::new(async move {
                    match detail.await {
                        Ok(Some(attempt)) => view! { <AttemptView attempt code /> }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(AppError::NotFound) => ().into_any(),
                        Err(error) => view! { <Refused error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn AttemptTable(lines: Vec<PackageAttemptLine>, code: String, shown: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    if lines.is_empty() {
        return view! { <p>{t!(i18n, elearning.attempts_none)}</p> }.into_any();
    }
    let rows = lines
        .into_iter()
        .map(|line| {
            let href = format!("/admin/kurs/{code}/forsok?vis={}#forsok", line.id);
            view! {
                <tr>
                    <th scope="row">
                        <a href=href aria-current=(shown == Some(line.id)).then_some("true")>{line.name.clone()}</a>
                        <br /><span class="hint">{line.email.clone()}</span>
                    </th>
                    <td>{line.version}</td>
                    <td>{status_label(i18n, &line.status)}</td>
                    <td>{line.score.map(|s| format!("{s} %")).unwrap_or_default()}</td>
                    <td>{line.time_spent.clone()}</td>
                    <td>{line.last_activity.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=t_string!(i18n, elearning.attempts_title).to_string()>
            <table class="data-table">
                <caption class="visually-hidden">{t!(i18n, elearning.attempts_title)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, elearning.attempts_learner)}</th>
                    <th scope="col">{t!(i18n, elearning.package_version)}</th>
                    <th scope="col">{t!(i18n, elearning.attempts_status)}</th>
                    <th scope="col">{t!(i18n, elearning.attempts_score)}</th>
                    <th scope="col">{t!(i18n, elearning.attempts_time)}</th>
                    <th scope="col">{t!(i18n, elearning.attempts_last)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn AttemptView(attempt: PackageAttemptDetail, code: String) -> impl IntoView {
    let i18n = use_i18n();
    let line = attempt.line.clone();
    let name = line.name.clone();
    let scos = attempt
        .scos
        .into_iter()
        .map(|sco| view! { <ScoView sco /> })
        .collect_view();
    view! {
        <section class="panel" id="forsok" aria-labelledby="attempt-title">
            <h2 id="attempt-title">{t!(i18n, elearning.attempts_of, name = move || name.clone())}</h2>
            <dl class="facts">
                <dt>{t!(i18n, elearning.attempts_status)}</dt><dd>{status_label(i18n, &line.status)}</dd>
                <dt>{t!(i18n, elearning.attempts_score)}</dt><dd>{line.score.map(|s| format!("{s} %")).unwrap_or_default()}</dd>
                <dt>{t!(i18n, elearning.attempts_time)}</dt><dd>{line.time_spent.clone()}</dd>
                <dt>{t!(i18n, elearning.attempts_started)}</dt><dd>{line.started_at.clone()}</dd>
                <dt>{t!(i18n, elearning.attempts_last)}</dt><dd>{line.last_activity.clone()}</dd>
            </dl>
            {scos}
            <form method="post" action="/api/elearning/reset-attempt" class="form">
                <input type="hidden" name="code" value=code />
                <input type="hidden" name="id" value=line.id.to_string() />
                <p class="hint">{t!(i18n, elearning.attempts_reset_hint)}</p>
                <button type="submit" class="button button-danger">{t!(i18n, elearning.attempts_reset)}</button>
            </form>
        </section>
    }
}

#[component]
fn ScoView(sco: ScoLine) -> impl IntoView {
    let i18n = use_i18n();
    let answers = if sco.interactions.is_empty() {
        view! { <p class="hint">{t!(i18n, elearning.attempts_no_answers)}</p> }.into_any()
    } else {
        let rows = sco
            .interactions
            .iter()
            .map(|i| {
                view! {
                    <tr>
                        <th scope="row">{i.id.clone()}</th>
                        <td>{i.response.clone()}</td>
                        <td>{i.correct.clone()}</td>
                        <td>{i.result.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap" tabindex="0" role="region" aria-label=t_string!(i18n, elearning.attempts_answers).to_string()>
                <table class="data-table">
                    <caption>{t!(i18n, elearning.attempts_answers)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, elearning.attempts_question)}</th>
                        <th scope="col">{t!(i18n, elearning.attempts_response)}</th>
                        <th scope="col">{t!(i18n, elearning.attempts_correct)}</th>
                        <th scope="col">{t!(i18n, elearning.attempts_result)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <h3>{sco.title.clone()}</h3>
        <p>
            {status_label(i18n, &sco.status)}
            {sco.score.map(|s| format!(" · {s} %"))}
            " · " {sco.time_spent.clone()}
            " · " {t!(i18n, elearning.attempts_last)} " " {sco.last_activity.clone()}
        </p>
        {answers}
    }
}
