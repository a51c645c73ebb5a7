//! «Brukerstøtte»: find an account by name, possible e-mail addresses and birth date; resend
//! activation; reveal a national ID on purpose, with a reason that is logged.
use super::{
    api::{RevealNationalId, SearchAccounts, SupportResendActivation, search_accounts},
    types::{AccountSearch, AccountSummary},
    widgets::user_type_name,
};
use crate::{
    error::AppError,
    i18n::*,
    ui::{
        ErrorNotice,
        forms::{ErrorSummary, Field, PostedForm, field_error, form_action_for, form_error, succeeded},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SupportPage() -> impl IntoView {
    let i18n = use_i18n();
    let search = crate::ui::forms::form_action::<SearchAccounts>();
    let error = form_error(search);
    // The search the page was answering: the one just posted, or the one a form on a found
    // person carried with it (resend, reveal), which is run again so the person stays listed.
    let posted = PostedForm::current();
    let query = posted.as_ref().map(|posted| AccountSearch {
        name: posted.value("query[name]").unwrap_or_default(),
        email: posted.value("query[email]").unwrap_or_default(),
        birth_date: posted.value("query[birth_date]").unwrap_or_default(),
        staff_code: posted.value("query[staff_code]").unwrap_or_default(),
        employer: posted.value("query[employer]").unwrap_or_default(),
    });
    let again = posted
        .filter(|posted| posted.path != <SearchAccounts as server_fn::ServerFn>::PATH)
        .and(query.clone())
        .filter(|query| *query != AccountSearch::default());
    let repeated = Resource::new(
        || (),
        move |_| {
            let again = again.clone();
            async move {
                match again {
                    Some(query) => Some(search_accounts(query).await),
                    None => None,
                }
            }
        },
    );
    let query = query.unwrap_or_default();
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, support.title).to_string()) />
        <h1>{t!(i18n, support.title)}</h1>
        <p>{t!(i18n, support.intro)}</p>
        <section class="panel" aria-labelledby="support-search-title">
            <h2 id="support-search-title">{t!(i18n, support.search)}</h2>
            <ActionForm action=search attr:class="form form-inline" attr:novalidate="true">
                <crate::ui::forms::PageField />
                <ErrorSummary error />
                <Field
                    id="f-name"
                    name="query[name]"
                    label=Signal::derive(move || t_string!(i18n, register.full_name).to_string())
                    error=field_error(error, "name")
                />
                <Field
                    id="f-email"
                    name="query[email]"
                    label=Signal::derive(move || t_string!(i18n, support.emails).to_string())
                    hint=Signal::derive(move || t_string!(i18n, support.emails_hint).to_string())
                    verbatim=true
                />
                <Field
                    id="f-birth_date"
                    name="query[birth_date]"
                    label=Signal::derive(move || t_string!(i18n, account.birth_date).to_string())
                    hint=Signal::derive(move || t_string!(i18n, support.birth_date_hint).to_string())
                    error=field_error(error, "birth_date")
                />
                <Field
                    id="f-staff_code"
                    name="query[staff_code]"
                    label=Signal::derive(move || t_string!(i18n, roles.staff_code).to_string())
                    verbatim=true
                    error=field_error(error, "staff_code")
                />
                <Field
                    id="f-employer"
                    name="query[employer]"
                    label=Signal::derive(move || t_string!(i18n, employer.legend).to_string())
                    hint=Signal::derive(move || t_string!(i18n, support.employer_hint).to_string())
                    error=field_error(error, "employer")
                />
                <button type="submit" class="button button-primary">{t!(i18n, support.search_submit)}</button>
            </ActionForm>
        </section>
        <section aria-labelledby="support-results-title" aria-live="polite">
            <h2 id="support-results-title">{t!(i18n, support.results)}</h2>
            <Suspense fallback=|| ()>
                {move || {
                    let query = query.clone();
                    Suspend::new(async move {
                        let found = match search.value().get() {
                            Some(found) => Some(found),
                            None => repeated.await,
                        };
                        match found {
                            None => view! { <p class="hint">{t!(i18n, support.no_search)}</p> }.into_any(),
                            Some(Ok(accounts)) if accounts.is_empty() => view! { <p>{t!(i18n, support.none)}</p> }.into_any(),
                            Some(Ok(accounts)) => view! {
                                <ul class="account-results">
                                    {accounts.into_iter().map(|account| {
                                        let query = query.clone();
                                        view! { <AccountResult account query /> }
                                    }).collect_view()}
                                </ul>
                            }
                            .into_any(),
                            Some(Err(AppError::Invalid { .. })) => ().into_any(),
                            Some(Err(error)) => view! { <ErrorNotice error /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn AccountResult(account: AccountSummary, query: AccountSearch) -> impl IntoView {
    let i18n = use_i18n();
    let resend = form_action_for::<SupportResendActivation>("account_id", account.id.to_string());
    let reveal = form_action_for::<RevealNationalId>("account_id", account.id.to_string());
    // Each form carries the search, so the page that answers it lists the person again.
    let query = StoredValue::new(query);
    let carried = move || {
        let query = query.get_value();
        view! {
            <input type="hidden" name="query[name]" value=query.name.clone() />
            <input type="hidden" name="query[email]" value=query.email.clone() />
            <input type="hidden" name="query[birth_date]" value=query.birth_date.clone() />
            <input type="hidden" name="query[staff_code]" value=query.staff_code.clone() />
            <input type="hidden" name="query[employer]" value=query.employer.clone() />
        }
    };
    let reveal_error = form_error(reveal);
    let reason_error = field_error(reveal_error, "reason");
    let resent = succeeded(resend);
    let id = account.id;
    let reason_id = format!("reason-{id}");
    let heading_id = format!("account-{id}");
    let labelled_by = heading_id.clone();
    let status = if account.activated {
        t_string!(i18n, support.activated).to_string()
    } else {
        t_string!(i18n, support.not_activated).to_string()
    };
    let dash = || "–".to_string();
    view! {
        <li class="panel account-result" aria-labelledby=labelled_by>
            <h3 id=heading_id><a href=format!("/brukerstotte/{id}")>{account.full_name.clone()}</a></h3>
            <dl class="facts">
                <div class="fact"><dt>{t!(i18n, register.email)}</dt><dd>{account.email.clone().unwrap_or_else(dash)}</dd></div>
                <div class="fact"><dt>{t!(i18n, account.birth_date)}</dt><dd>{account.birth_date.clone().unwrap_or_else(dash)}</dd></div>
                <div class="fact"><dt>{t!(i18n, support.status)}</dt><dd>{status}</dd></div>
                <div class="fact"><dt>{t!(i18n, support.last_login)}</dt><dd>{account.last_login_at.clone().unwrap_or_else(dash)}</dd></div>
                <div class="fact"><dt>{t!(i18n, account.user_type)}</dt><dd>{user_type_name(i18n, account.user_type)}</dd></div>
                <div class="fact"><dt>{t!(i18n, employer.legend)}</dt><dd>{account.employer.clone().unwrap_or_else(dash)}</dd></div>
            </dl>
            {(!account.activated).then(|| view! {
                <ActionForm action=resend attr:class="inline-form">
                    <crate::ui::forms::PageField />
                    <input type="hidden" name="account_id" value=id.to_string() />
                    {carried()}
                    <button type="submit" class="button">{t!(i18n, support.resend)}</button>
                </ActionForm>
                <p role="status" hidden=move || !resent.get()>{t!(i18n, support.resent)}</p>
            })}
            {account.has_national_id.then(|| view! {
                <details class="reveal" open=move || reveal.value().get().is_some()>
                    <summary>{t!(i18n, support.reveal)}</summary>
                    <ActionForm action=reveal attr:class="form" attr:novalidate="true">
                        <crate::ui::forms::PageField />
                        <input type="hidden" name="account_id" value=id.to_string() />
                        {carried()}
                        <div class="field">
                            <label for=reason_id.clone()>{t!(i18n, support.reason)}</label>
                            <p class="hint">{t!(i18n, support.reason_hint)}</p>
                            <p class="field-error" hidden=move || reason_error.get().is_none()>
                                {move || reason_error.get()}
                            </p>
                            <input
                                id=reason_id
                                name="reason"
                                aria-invalid=move || reason_error.get().is_some().to_string()
                            />
                        </div>
                        <button type="submit" class="button">{t!(i18n, support.reveal_submit)}</button>
                    </ActionForm>
                    {move || reveal.value().get().and_then(Result::ok).map(|number| view! {
                        <p class="revealed">{t!(i18n, support.revealed)} " " <strong>{number}</strong></p>
                    })}
                </details>
            })}
        </li>
    }
}
