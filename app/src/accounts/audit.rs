//! «Logg» (administrators): the audit trail, filtered by who did it, whom it concerned, the
//! action and the period; newest first, «Eldre» pages by keyset, and the same as a CSV file.
//! The filter is a plain GET form, so every page of it is an address that can be shared.
use super::{
    api::audit_trail,
    types::{AuditPage, AuditQuery},
};
use crate::{
    error::AppError,
    i18n::*,
    ui::{
        LoadError, Loading,
        forms::{ErrorSummary, Field},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The filter's part of an address (`actor=…&subject=…`), without the page.
fn filter_query(query: &AuditQuery) -> String {
    let pairs = [
        ("actor", &query.actor),
        ("subject", &query.subject),
        ("action", &query.action),
        ("from", &query.from),
        ("to", &query.to),
    ];
    pairs
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| format!("{name}={}", crate::ui::labels::urlencode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

#[component]
pub fn AuditTrailPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = move || {
        let params = params.read();
        let text = |name: &str| params.get(name).unwrap_or_default();
        AuditQuery {
            actor: text("actor"),
            subject: text("subject"),
            action: text("action"),
            from: text("from"),
            to: text("to"),
            before: params.get("before").and_then(|b| b.parse().ok()),
        }
    };
    let page = Resource::new(query, audit_trail);
    let shown = query();
    let csv = format!("/admin/logg.csv?{}", filter_query(&shown));
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, audit.title).to_string()) />
        <h1>{t!(i18n, audit.title)}</h1>
        <p>{t!(i18n, audit.intro)}</p>
        <form class="form filters" method="get" action="/admin/logg" role="search" aria-label=move || t_string!(i18n, audit.filter_label).to_string()>
            <Field id="f-actor" name="actor" label=Signal::derive(move || t_string!(i18n, audit.actor).to_string()) hint=Signal::derive(move || t_string!(i18n, audit.person_hint).to_string()) value=shown.actor.clone() />
            <Field id="f-subject" name="subject" label=Signal::derive(move || t_string!(i18n, audit.subject).to_string()) hint=Signal::derive(move || t_string!(i18n, audit.person_hint).to_string()) value=shown.subject.clone() />
            <ActionSelect selected=shown.action.clone() page />
            <Field id="f-from" name="from" label=Signal::derive(move || t_string!(i18n, audit.from).to_string()) hint=Signal::derive(move || t_string!(i18n, audit.date_hint).to_string()) value=shown.from.clone() />
            <Field id="f-to" name="to" label=Signal::derive(move || t_string!(i18n, audit.to).to_string()) hint=Signal::derive(move || t_string!(i18n, audit.date_hint).to_string()) value=shown.to.clone() />
            <button type="submit" class="button button-primary">{t!(i18n, audit.filter)}</button>
        </form>
        <p><a href=csv download>{t!(i18n, audit.csv)}</a></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <Entries page query=query() /> }.into_any(),
                    Err(error @ AppError::Invalid { .. }) => {
                        view! { <ErrorSummary error=Signal::stored(Some(error)) /> }.into_any()
                    }
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The action filter: every action the trail holds.
#[component]
fn ActionSelect(selected: String, page: Resource<Result<AuditPage, AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let selected = StoredValue::new(selected);
    view! {
        <div class="field">
            <label for="f-action">{t!(i18n, audit.action)}</label>
            <select id="f-action" name="action">
                <option value="">{t!(i18n, audit.all_actions)}</option>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let actions = page.await.map(|p| p.actions).unwrap_or_default();
                        let chosen = selected.get_value();
                        let known = actions.contains(&chosen);
                        view! {
                            {(!chosen.is_empty() && !known).then(|| view! { <option value=chosen.clone() selected=true>{chosen.clone()}</option> })}
                            {actions.into_iter().map(|action| {
                                let is_chosen = action == chosen;
                                view! { <option value=action.clone() selected=is_chosen>{action.clone()}</option> }
                            }).collect_view()}
                        }
                    })}
                </Suspense>
            </select>
        </div>
    }
}

#[component]
fn Entries(page: AuditPage, query: AuditQuery) -> impl IntoView {
    let i18n = use_i18n();
    if page.entries.is_empty() {
        return view! { <p>{t!(i18n, audit.none)}</p> }.into_any();
    }
    let older = page.next.map(|before| {
        let filter = filter_query(&query);
        let sep = if filter.is_empty() { "" } else { "&" };
        format!("/admin/logg?{filter}{sep}before={before}")
    });
    let dash = || "–".to_string();
    view! {
        <div class="table-wrap" role="region" aria-labelledby="audit-table-caption" tabindex="0">
            <table>
                <caption id="audit-table-caption">{t!(i18n, audit.caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, audit.at)}</th>
                        <th scope="col">{t!(i18n, audit.actor)}</th>
                        <th scope="col">{t!(i18n, audit.action)}</th>
                        <th scope="col">{t!(i18n, audit.subject)}</th>
                        <th scope="col">{t!(i18n, audit.detail)}</th>
                    </tr>
                </thead>
                <tbody>
                    {page.entries.into_iter().map(|entry| view! {
                        <tr>
                            <td>{entry.at}</td>
                            <td>{entry.actor.unwrap_or_else(|| t_string!(i18n, audit.system).to_string())}</td>
                            <td><code>{entry.action}</code></td>
                            <td>{entry.subject.unwrap_or_else(dash)}</td>
                            <td>{entry.detail}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {older.map(|href| view! { <p><a href=href>{t!(i18n, audit.older)}</a></p> })}
    }
    .into_any()
}
