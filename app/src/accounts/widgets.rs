//! Parts of the account pages used on more than one page: the employer picker, the company
//! request, the new-password fields and user type names.
use super::{api::*, types::*};
use crate::{i18n::*, ui::forms::*};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// «Arbeidsgiver»: search registered companies by name or organisation number and pick one.
#[component]
pub fn EmployerPicker(
    /// The form field the chosen company's id is sent as.
    name: &'static str,
    error: FormError,
    /// The employer chosen before, shown first and selected.
    #[prop(default = None)]
    current: Option<CompanyOption>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let results = Resource::new(
        move || query.get(),
        |q| async move {
            if q.trim().chars().count() < 2 {
                Ok(Vec::new())
            } else {
                search_companies(q).await
            }
        },
    );
    let message = field_error(error, "employer_id");
    let option = move |company: CompanyOption, checked: bool| {
        view! {
            <label class="choice">
                <input type="radio" name=name value=company.id.to_string() checked=checked />
                <span>{company.name} " "<span class="muted">"(" {company.org_number} ")"</span></span>
            </label>
        }
    };
    view! {
        <fieldset class="field employer-picker" id="f-employer_id" aria-describedby="employer-hint">
            <legend>{t!(i18n, employer.legend)}</legend>
            <p class="hint" id="employer-hint">{t!(i18n, employer.hint)} " " {t!(i18n, register.company_missing_hint)}</p>
            <p class="field-error" hidden=move || message.get().is_none()>{move || message.get()}</p>
            {current.map(|company| option(company, true))}
            <label for="employer-search">{t!(i18n, employer.search)}</label>
            <input
                id="employer-search"
                type="search"
                autocomplete="off"
                on:input=move |ev| query.set(event_target_value(&ev))
            />
            <div class="choices" aria-live="polite">
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let found = results.await.unwrap_or_default();
                        let searched = query.get_untracked().trim().chars().count() >= 2;
                        if searched && found.is_empty() {
                            view! {
                                <p class="hint">{t!(i18n, employer.none)}</p>
                            }
                            .into_any()
                        } else {
                            found.into_iter().map(|c| option(c, false)).collect_view().into_any()
                        }
                    })}
                </Transition>
            </div>
        </fieldset>
    }
}

/// [`EmployerPicker`] on a page of its own (not inside another island).
#[island(lazy)]
pub fn EmployerChoice(name: String, error: Option<String>, current: Option<CompanyOption>) -> impl IntoView {
    crate::ui::island_awake();
    crate::ui::island_language();
    let error = Signal::derive(move || {
        error
            .clone()
            .map(|message| crate::error::AppError::invalid("employer_id", message))
    });
    let name: &'static str = if name == "employer_id" {
        "employer_id"
    } else {
        "form[employer_id]"
    };
    view! { <EmployerPicker name error current /> }
}

/// «Finner du ikke arbeidsgiveren din?»: what the portal needs to add a company.
#[component]
pub fn CompanyRequest() -> impl IntoView {
    let i18n = use_i18n();
    let request = crate::ui::forms::form_action::<RequestCompany>();
    let error = form_error(request);
    let done = succeeded(request);
    let label = |text: fn(I18nContext<Locale>) -> String| {
        let i18n = use_i18n();
        Signal::derive(move || text(i18n))
    };
    view! {
        <details class="company-request" open=move || request.value().get().is_some()>
            <summary>{t!(i18n, company.missing)}</summary>
            <div class="on-success" hidden=move || !done.get()>
                    <div class="notice notice-success" role="status"><p>{t!(i18n, company.requested)}</p></div>
            </div>
            <div class="before-success" hidden=move || done.get()>
                <p>{t!(i18n, company.intro)}</p>
                <ActionForm action=request attr:class="form" attr:novalidate="true">
                    <crate::ui::forms::PageField />
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

/// «Nytt passord» and «Gjenta passordet», sent as `password` and `repeat`.
#[component]
pub fn NewPasswordFields(error: FormError) -> impl IntoView {
    let i18n = use_i18n();
    view! {
            <Field
                id="f-password"
                name="password"
                label=Signal::derive(move || t_string!(i18n, set_password.password).to_string())
                hint=Signal::derive(move || t_string!(i18n, set_password.password_hint).to_string())
                input_type="password"
                autocomplete="new-password"
                required=true
                error=field_error(error, "password")
            />
            <Field
                id="f-repeat"
                name="repeat"
                label=Signal::derive(move || t_string!(i18n, set_password.repeat).to_string())
                input_type="password"
                autocomplete="new-password"
                required=true
                error=field_error(error, "repeat")
            />
    }
}

pub fn user_type_name(i18n: I18nContext<Locale>, user_type: Option<UserType>) -> String {
    match user_type {
        Some(UserType::FreeElearning) => t_string!(i18n, user_type.free_elearning).to_string(),
        Some(UserType::FullCatalogue) => t_string!(i18n, user_type.full_catalogue).to_string(),
        Some(UserType::Driver) => t_string!(i18n, user_type.driver).to_string(),
        None => t_string!(i18n, user_type.employee).to_string(),
    }
}
