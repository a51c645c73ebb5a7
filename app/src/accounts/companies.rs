//! Employers that are not listed yet: a learner's request, an administrator's decision.
use super::{
    api::{DecideCompany, pending_companies},
    types::PendingCompany,
};
use crate::{
    i18n::*,
    ui::{
        LoadError, Loading,
        forms::{ErrorSummary, form_error, succeeded},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;

/// «Firmaforespørsler»: administrators approve or reject the companies learners asked for.
#[component]
pub fn CompanyRequestsPage() -> impl IntoView {
    let i18n = use_i18n();
    let decide = crate::ui::forms::form_action::<DecideCompany>();
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
                    Err(error) => view! { <LoadError error /> }.into_any(),
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
