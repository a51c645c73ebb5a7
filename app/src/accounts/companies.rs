//! Employers that are not listed yet: a learner's request, an administrator's decision.
use super::{
    api::{DecideCompany, RequestCompany, pending_companies},
    types::PendingCompany,
};
use crate::{
    error::AppError,
    i18n::*,
    ui::{
        ErrorNotice, Loading,
        forms::{ErrorSummary, Field, field_error, form_error, succeeded},
    },
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::components::A;

/// «Finner du ikke arbeidsgiveren din?»: what the portal needs to add a company.
#[component]
pub fn CompanyRequest() -> impl IntoView {
    let i18n = use_i18n();
    let request = ServerAction::<RequestCompany>::new();
    let error = form_error(request);
    let done = succeeded(request);
    let label = |text: fn(I18nContext<Locale>) -> String| {
        let i18n = use_i18n();
        Signal::derive(move || text(i18n))
    };
    view! {
        <details class="company-request">
            <summary>{t!(i18n, company.missing)}</summary>
            <div class="on-success" hidden=move || !done.get()>
                    <div class="notice notice-success" role="status"><p>{t!(i18n, company.requested)}</p></div>
            </div>
            <div class="before-success" hidden=move || done.get()>
                <p>{t!(i18n, company.intro)}</p>
                <ActionForm action=request attr:class="form" attr:novalidate="true">
                    <ErrorSummary error />
                    <Field
                        id="f-org_number"
                        name="form[org_number]"
                        label=label(|i18n| t_string!(i18n, company.org_number).to_string())
                        hint=label(|i18n| t_string!(i18n, company.org_number_hint).to_string())
                        required=true
                        error=field_error(error, "org_number")
                    />
                    <Field
                        id="f-name"
                        name="form[name]"
                        label=label(|i18n| t_string!(i18n, company.name).to_string())
                        autocomplete="organization"
                        required=true
                        error=field_error(error, "name")
                    />
                    <Field
                        id="f-invoice_address"
                        name="form[invoice_address]"
                        label=label(|i18n| t_string!(i18n, company.invoice_address).to_string())
                        hint=label(|i18n| t_string!(i18n, company.invoice_address_hint).to_string())
                        error=field_error(error, "invoice_address")
                    />
                    <Field
                        id="f-invoice_email"
                        name="form[invoice_email]"
                        label=label(|i18n| t_string!(i18n, company.invoice_email).to_string())
                        hint=label(|i18n| t_string!(i18n, company.invoice_email_hint).to_string())
                        input_type="email"
                        verbatim=true
                        error=field_error(error, "invoice_email")
                    />
                    <Field
                        id="f-contact_person"
                        name="form[contact_person]"
                        label=label(|i18n| t_string!(i18n, company.contact_person).to_string())
                        required=true
                        error=field_error(error, "contact_person")
                    />
                    <button type="submit" class="button button-primary">{t!(i18n, company.submit)}</button>
                </ActionForm>
            </div>
        </details>
    }
}

/// «Firmaforespørsler»: administrators approve or reject the companies learners asked for.
#[component]
pub fn CompanyRequestsPage() -> impl IntoView {
    let i18n = use_i18n();
    let decide = ServerAction::<DecideCompany>::new();
    let pending = Resource::new(move || decide.version().get(), |_| pending_companies());
    let decision_error = form_error(decide);
    let decided = succeeded(decide);
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, company.admin_title).to_string()) />
        <h1>{t!(i18n, company.admin_title)}</h1>
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
                    Err(AppError::Unauthenticated) => view! {
                        <p><A href="/logg-inn">{t!(i18n, forms.signed_out)}</A></p>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PendingCompanyItem(company: PendingCompany, decide: ServerAction<DecideCompany>) -> impl IntoView {
    let i18n = use_i18n();
    let heading = format!("company-{}", company.id);
    let note_id = format!("note-{}", company.id);
    let dash = || "–".to_string();
    let id = company.id.to_string();
    let approve_id = id.clone();
    let labelled_by = heading.clone();
    view! {
        <li class="panel" aria-labelledby=labelled_by>
            <h2 id=heading>{company.name.clone()}</h2>
            <dl class="facts">
                <div class="fact"><dt>{t!(i18n, company.org_number)}</dt><dd>{company.org_number.clone()}</dd></div>
                <div class="fact"><dt>{t!(i18n, company.invoice_address)}</dt><dd>{company.invoice_address.clone().unwrap_or_else(dash)}</dd></div>
                <div class="fact"><dt>{t!(i18n, company.invoice_email)}</dt><dd>{company.invoice_email.clone().unwrap_or_else(dash)}</dd></div>
                <div class="fact"><dt>{t!(i18n, company.contact_person)}</dt><dd>{company.contact_person.clone().unwrap_or_else(dash)}</dd></div>
                <div class="fact"><dt>{t!(i18n, company.requested_by)}</dt><dd>{company.requested_by.clone().unwrap_or_else(dash)} ", " {company.requested_at.clone()}</dd></div>
            </dl>
            <ActionForm action=decide attr:class="inline-form">
                <input type="hidden" name="company_id" value=approve_id />
                <input type="hidden" name="approve" value="true" />
                <input type="hidden" name="note" value="" />
                <button type="submit" class="button button-primary">{t!(i18n, company.approve)}</button>
            </ActionForm>
            <details class="reveal">
                <summary>{t!(i18n, company.reject)}</summary>
                <ActionForm action=decide attr:class="form">
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
