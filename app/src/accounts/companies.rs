//! «Firma» for administrators: the employers learners choose from (found, edited, closed and
//! opened again) and the companies learners asked for (approved or rejected).
use super::{
    api::{DecideCompany, SetCompanyOpen, UpdateCompany, companies, pending_companies},
    types::{CompanyRecord, PendingCompany},
    widgets::CompanyFields,
};
use crate::{
    i18n::*,
    ui::{
        LoadError, Loading,
        forms::{ErrorSummary, Field, field_error, form_error, succeeded},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CompaniesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, company.companies_title).to_string()) />
        <h1>{t!(i18n, company.companies_title)}</h1>
        <CompanyRequests />
        <CompanyRegister />
    }
}

/// The employers learners choose from: a search, and the chosen one's details to edit, close
/// or open again (`?endre=ID`).
#[component]
fn CompanyRegister() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let text = move || query.read().get("q").unwrap_or_default();
    let editing = move || query.read().get("endre").and_then(|id| id.parse::<i64>().ok());
    let update = crate::ui::forms::form_action::<UpdateCompany>();
    let open = crate::ui::forms::form_action::<SetCompanyOpen>();
    let list = Resource::new(
        move || (text(), update.version().get(), open.version().get()),
        |(text, _, _)| companies(text),
    );
    let saved = Signal::derive(move || succeeded(update).get() || succeeded(open).get());
    view! {
        <section aria-labelledby="companies-title">
            <h2 id="companies-title">{t!(i18n, company.register_title)}</h2>
            <p>{t!(i18n, company.register_intro)}</p>
            <form class="search-inline" method="get" action="/admin/firma" role="search" aria-label=move || t_string!(i18n, company.find).to_string()>
                <label for="company-search">{t!(i18n, company.search)}</label>
                <input id="company-search" type="search" name="q" value=text autocomplete="off" />
                <button type="submit" class="button">{t!(i18n, search.submit)}</button>
            </form>
            <div class="notice notice-success" role="status" hidden=move || !saved.get()>
                <p>{t!(i18n, company.saved)}</p>
            </div>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) if list.is_empty() => view! { <p>{t!(i18n, company.none_found)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="account-results">
                                {list.into_iter().map(|company| {
                                    let chosen = editing() == Some(company.id);
                                    view! { <CompanyItem company chosen update open search=text() /> }
                                }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn CompanyItem(
    company: CompanyRecord,
    chosen: bool,
    update: ServerAction<UpdateCompany>,
    open: ServerAction<SetCompanyOpen>,
    search: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let anchor = format!("firma-{}", company.id);
    let heading = format!("firma-{}-name", company.id);
    let labelled_by = heading.clone();
    let dash = || "–".to_string();
    let edit_link = format!(
        "/admin/firma?q={}&endre={}#{anchor}",
        crate::ui::fetch::query_escape(&search),
        company.id
    );
    let closed = company.closed;
    let people = company.people.to_string();
    let facts = company.clone();
    view! {
        <li class="panel" id=anchor aria-labelledby=labelled_by>
            <h3 id=heading>{company.name.clone()}</h3>
            <dl class="facts">
                <div class="fact"><dt>{t!(i18n, company.org_number)}</dt><dd>{facts.org_number}</dd></div>
                <div class="fact">
                    <dt>{t!(i18n, company.status)}</dt>
                    <dd>{if closed { t!(i18n, company.closed).into_any() } else { t!(i18n, company.listed).into_any() }}</dd>
                </div>
                <div class="fact"><dt>{t!(i18n, company.people)}</dt><dd>{people}</dd></div>
                <div class="fact"><dt>{t!(i18n, company.invoice_address)}</dt><dd>{facts.invoice_address.unwrap_or_else(dash)}</dd></div>
                <div class="fact"><dt>{t!(i18n, company.invoice_email)}</dt><dd>{facts.invoice_email.unwrap_or_else(dash)}</dd></div>
                <div class="fact"><dt>{t!(i18n, company.contact_person)}</dt><dd>{facts.contact_person.unwrap_or_else(dash)}</dd></div>
            </dl>
            {if chosen {
                view! { <CompanyForms company update open /> }.into_any()
            } else {
                view! { <p><a href=edit_link>{t!(i18n, company.edit)}</a></p> }.into_any()
            }}
        </li>
    }
}

/// The chosen employer's details to edit, and closing or opening it again with a reason.
#[component]
fn CompanyForms(
    company: CompanyRecord,
    update: ServerAction<UpdateCompany>,
    open: ServerAction<SetCompanyOpen>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(update);
    let open_error = form_error(open);
    let label = |text: fn(leptos_i18n::I18nContext<Locale>) -> String| {
        let i18n = use_i18n();
        Signal::derive(move || text(i18n))
    };
    let (id, open_id) = (company.id.to_string(), company.id.to_string());
    let closed = company.closed;
    view! {
        <ActionForm action=update attr:class="form" attr:novalidate="true">
            <crate::ui::forms::PageField />
            <ErrorSummary error />
            <input type="hidden" name="company_id" value=id />
            <CompanyFields error current=company />
            <button type="submit" class="button button-primary">{t!(i18n, company.save)}</button>
        </ActionForm>
        <ActionForm action=open attr:class="form" attr:novalidate="true">
            <crate::ui::forms::PageField />
            <ErrorSummary error=open_error />
            <input type="hidden" name="company_id" value=open_id />
            <input type="hidden" name="open" value=closed.to_string() />
            <p class="hint">{if closed { t!(i18n, company.reopen_hint).into_any() } else { t!(i18n, company.close_hint).into_any() }}</p>
            <Field id="f-reason" name="reason" label=label(|i18n| t_string!(i18n, company.reason).to_string())
                required=true error=field_error(open_error, "reason") />
            <button type="submit" class="button">
                {if closed { t!(i18n, company.reopen).into_any() } else { t!(i18n, company.close).into_any() }}
            </button>
        </ActionForm>
    }
}

/// Companies learners asked for, waiting for an administrator.
#[component]
fn CompanyRequests() -> impl IntoView {
    let i18n = use_i18n();
    let decide = crate::ui::forms::form_action::<DecideCompany>();
    let pending = Resource::new(move || decide.version().get(), |_| pending_companies());
    let decision_error = form_error(decide);
    let decided = succeeded(decide);
    view! {
        <section aria-labelledby="requests-title">
        <h2 id="requests-title">{t!(i18n, company.admin_title)}</h2>
        <div class="notice notice-success" role="status" hidden=move || !decided.get()>
            <p>{t!(i18n, company.decided)}</p>
        </div>
        <ErrorSummary error=decision_error />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match pending.await {
                    Ok(list) if list.is_empty() => view! { <p>{t!(i18n, company.none_pending)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="account-results">
                            {list.into_iter().map(|company| view! { <PendingCompanyItem company decide /> }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
        </section>
    }
}

#[component]
fn PendingCompanyItem(company: PendingCompany, decide: ServerAction<DecideCompany>) -> impl IntoView {
    let i18n = use_i18n();
    let heading = format!("request-{}", company.id);
    let note_id = format!("note-{}", company.id);
    let dash = || "–".to_string();
    let id = company.id.to_string();
    let approve_id = id.clone();
    let labelled_by = heading.clone();
    view! {
        <li class="panel" aria-labelledby=labelled_by>
            <h3 id=heading>{company.name.clone()}</h3>
            <dl class="facts">
                <div class="fact"><dt>{t!(i18n, company.org_number)}</dt><dd>{company.org_number.clone()}</dd></div>
                <div class="fact"><dt>{t!(i18n, company.invoice_address)}</dt><dd>{company.invoice_address.clone().unwrap_or_else(dash)}</dd></div>
                <div class="fact"><dt>{t!(i18n, company.invoice_email)}</dt><dd>{company.invoice_email.clone().unwrap_or_else(dash)}</dd></div>
                <div class="fact"><dt>{t!(i18n, company.contact_person)}</dt><dd>{company.contact_person.clone().unwrap_or_else(dash)}</dd></div>
                <div class="fact"><dt>{t!(i18n, company.requested_by)}</dt><dd>{company.requested_by.clone().unwrap_or_else(dash)} ", " {company.requested_at.clone()}</dd></div>
            </dl>
            <ActionForm action=decide attr:class="inline-form">
                <crate::ui::forms::PageField />
                <input type="hidden" name="company_id" value=approve_id />
                <input type="hidden" name="approve" value="true" />
                <input type="hidden" name="note" value="" />
                <button type="submit" class="button button-primary">{t!(i18n, company.approve)}</button>
            </ActionForm>
            <details class="reveal" open=move || decide.value().get().is_some_and(|r| r.is_err())>
                <summary>{t!(i18n, company.reject)}</summary>
                <ActionForm action=decide attr:class="form">
                    <crate::ui::forms::PageField />
                    <input type="hidden" name="company_id" value=id />
                    <input type="hidden" name="approve" value="false" />
                    <div class="field">
                        <label for=note_id.clone()>{t!(i18n, company.note)}</label>
                        <p class="hint">{t!(i18n, company.note_hint)}</p>
                        <input id=note_id name="note" />
                    </div>
                    <button type="submit" class="button">{t!(i18n, company.reject_submit)}</button>
                </ActionForm>
            </details>
        </li>
    }
}
