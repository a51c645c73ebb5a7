//! Parts of the account pages used on more than one page: the employer picker, the company
//! request, the new-password fields and user type names.
use super::{api::*, types::*};
use crate::{i18n::*, ui::forms::*};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// «Arbeidsgiver»: search registered companies by name or organisation number and pick one.
///
/// Rendered by the server; only the search field and its results are an island
/// ([`EmployerSearch`]), which gets its words as props so that no translation code is in it.
/// Without JavaScript the search travels with the form: the page that comes back (refused, since
/// no employer was chosen) lists the companies found as choices, rendered by the server.
#[component]
pub fn EmployerChoice(
    /// The form field the chosen company's id is sent as.
    name: &'static str,
    /// The form field the search text is sent as (ignored by the server function).
    search_name: &'static str,
    /// The server's message for the field, when the form came back refused.
    error: Option<String>,
    /// The employer chosen before, shown first and selected.
    current: Option<CompanyOption>,
) -> impl IntoView {
    let i18n = use_i18n();
    let searched = crate::ui::forms::posted_value(search_name)
        .map(|text| text.trim().to_string())
        .filter(|text| text.chars().count() >= 2);
    let found = Resource::new(
        move || searched.clone(),
        |text| async move {
            match text {
                Some(text) => search_companies(text).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let typed = crate::ui::forms::posted_value(search_name).unwrap_or_default();
    view! {
        <fieldset class="field employer-picker" id="f-employer_id" aria-describedby="employer-hint">
            <legend>{t!(i18n, employer.legend)}</legend>
            <p class="hint" id="employer-hint">{t!(i18n, employer.hint)} " " {t!(i18n, register.company_missing_hint)}</p>
            <p class="field-error" hidden=error.is_none()>{error.clone()}</p>
            {current.map(|company| company_choice(name, company, true))}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match found.await {
                        Ok(Some(companies)) if companies.is_empty() => {
                            view! { <p class="hint">{t!(i18n, employer.none)}</p> }.into_any()
                        }
                        Ok(Some(companies)) => companies
                            .into_iter()
                            .map(|company| company_choice(name, company, false))
                            .collect_view()
                            .into_any(),
                        _ => ().into_any(),
                    }
                })}
            </Suspense>
            <label for="employer-search">{t!(i18n, employer.search)}</label>
            <EmployerSearch
                name=name.to_string()
                search_name=search_name.to_string()
                typed
                none=t_string!(i18n, employer.none).to_string()
            />
            <crate::help::pages::HelpLink slug="fant-ikke-firmaet" text=Signal::derive(move || t_string!(i18n, help.company_not_found).to_string()) />
        </fieldset>
    }
}

fn company_choice(name: &str, company: CompanyOption, checked: bool) -> impl IntoView + use<> {
    view! {
        <label class="choice">
            <input type="radio" name=name.to_string() value=company.id.to_string() checked=checked />
            <span>{company.name} " "<span class="muted">"(" {company.org_number} ")"</span></span>
        </label>
    }
}

/// The employer search field and the companies found, as radio buttons named `name`.
///
/// The field and the empty list are rendered by the server; in the browser the island listens
/// to the field and writes the companies found straight into the list. No reactive view is
/// built, so the island's part of the wasm holds little more than the fetch and the JSON.
#[island(lazy)]
fn EmployerSearch(
    name: String,
    /// The search field's own name, so that the text travels with a form posted as a page.
    search_name: String,
    /// What was typed before the form came back.
    typed: String,
    /// «Fant ingen registrerte firma …», shown when a search finds nothing.
    none: String,
) -> impl IntoView {
    crate::ui::island_awake();
    #[cfg(feature = "hydrate")]
    employer_search::listen(name, none);
    #[cfg(not(feature = "hydrate"))]
    let _ = (name, none);
    view! {
        <input id="employer-search" name=search_name value=typed type="search" autocomplete="off" />
        <div class="choices" id="employer-found" aria-live="polite"></div>
    }
}

/// The browser side of [`EmployerSearch`].
#[cfg(feature = "hydrate")]
mod employer_search {
    use super::CompanyOption;
    use leptos::{
        prelude::document,
        wasm_bindgen::{JsCast, closure::Closure},
    };
    use std::{cell::RefCell, rc::Rc};
    use web_sys::{Element, HtmlInputElement};

    /// From two typed characters on, every change of the field asks for the companies; an
    /// answer that arrives after the text changed again is dropped.
    pub fn listen(name: String, none: String) {
        let (Some(input), Some(list)) = (
            document()
                .get_element_by_id("employer-search")
                .and_then(|e| e.dyn_into::<HtmlInputElement>().ok()),
            document().get_element_by_id("employer-found"),
        ) else {
            return;
        };
        let latest = Rc::new(RefCell::new(String::new()));
        let field = input.clone();
        let on_input = Closure::<dyn Fn()>::new(move || {
            let text = field.value();
            latest.replace(text.clone());
            if text.trim().chars().count() < 2 {
                list.set_inner_html("");
                return;
            }
            let (latest, list, name, none) = (latest.clone(), list.clone(), name.clone(), none.clone());
            wasm_bindgen_futures::spawn_local(async move {
                // `search_companies`' GET address, read without the server-function client.
                let url = format!(
                    "/api/accounts/companies?query={}",
                    crate::ui::fetch::query_escape(&text)
                );
                let companies: Vec<CompanyOption> = crate::ui::fetch::get_json(&url).await;
                if *latest.borrow() == text {
                    show(&list, &name, &none, &companies);
                }
            });
        });
        let _ = input.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref());
        on_input.forget(); // lives as long as the page
    }

    /// The same markup as the server's `company_choice`, or the «none found» hint.
    fn show(list: &Element, name: &str, none: &str, companies: &[CompanyOption]) {
        let element = |tag: &str, class: &str| {
            let element = document().create_element(tag).ok()?;
            if !class.is_empty() {
                element.set_class_name(class);
            }
            Some(element)
        };
        list.set_inner_html("");
        if companies.is_empty() {
            if let Some(hint) = element("p", "hint") {
                hint.set_text_content(Some(none));
                let _ = list.append_child(&hint);
            }
            return;
        }
        for company in companies {
            let (Some(label), Some(radio), Some(text), Some(org)) = (
                element("label", "choice"),
                element("input", ""),
                element("span", ""),
                element("span", "muted"),
            ) else {
                return;
            };
            let _ = radio.set_attribute("type", "radio");
            let _ = radio.set_attribute("name", name);
            let _ = radio.set_attribute("value", &company.id.to_string());
            text.set_text_content(Some(&format!("{} ", company.name)));
            org.set_text_content(Some(&format!("({})", company.org_number)));
            let _ = text.append_child(&org);
            let _ = label.append_child(&radio);
            let _ = label.append_child(&text);
            let _ = list.append_child(&label);
        }
    }
}

/// «Finner du ikke arbeidsgiveren din?»: what the portal needs to add a company.
#[component]
pub fn CompanyRequest() -> impl IntoView {
    let i18n = use_i18n();
    let request = crate::ui::forms::form_action::<RequestCompany>();
    let error = form_error(request);
    let done = succeeded(request);
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
                    <CompanyFields error />
                    <button type="submit" class="button button-primary">{t!(i18n, company.submit)}</button>
                </ActionForm>
            </div>
        </details>
    }
}

/// A company's details, sent as `form[…]`: asked for by a learner (every field empty, a contact
/// person required) or edited by an administrator (`current`; a contact person optional).
#[component]
pub fn CompanyFields(error: FormError, #[prop(optional)] current: Option<CompanyRecord>) -> impl IntoView {
    let label = |text: fn(I18nContext<Locale>) -> String| {
        let i18n = use_i18n();
        Signal::derive(move || text(i18n))
    };
    let editing = current.is_some();
    let current = current.unwrap_or_default();
    view! {
        <Field
            id="f-org_number"
            name="form[org_number]"
            label=label(|i18n| t_string!(i18n, company.org_number).to_string())
            hint=label(|i18n| t_string!(i18n, company.org_number_hint).to_string())
            required=true
            value=current.org_number
            error=field_error(error, "org_number")
        />
        <Field
            id="f-name"
            name="form[name]"
            label=label(|i18n| t_string!(i18n, company.name).to_string())
            autocomplete="organization"
            required=true
            value=current.name
            error=field_error(error, "name")
        />
        <Field
            id="f-invoice_address"
            name="form[invoice_address]"
            label=label(|i18n| t_string!(i18n, company.invoice_address).to_string())
            hint=label(|i18n| t_string!(i18n, company.invoice_address_hint).to_string())
            value=current.invoice_address.unwrap_or_default()
            error=field_error(error, "invoice_address")
        />
        <Field
            id="f-invoice_email"
            name="form[invoice_email]"
            label=label(|i18n| t_string!(i18n, company.invoice_email).to_string())
            hint=label(|i18n| t_string!(i18n, company.invoice_email_hint).to_string())
            input_type="email"
            verbatim=true
            value=current.invoice_email.unwrap_or_default()
            error=field_error(error, "invoice_email")
        />
        {if editing {
            view! {
                <Field
                    id="f-contact_person"
                    name="form[contact_person]"
                    label=label(|i18n| t_string!(i18n, company.contact_person_optional).to_string())
                    value=current.contact_person.unwrap_or_default()
                    error=field_error(error, "contact_person")
                />
            }
            .into_any()
        } else {
            view! {
                <Field
                    id="f-contact_person"
                    name="form[contact_person]"
                    label=label(|i18n| t_string!(i18n, company.contact_person).to_string())
                    required=true
                    error=field_error(error, "contact_person")
                />
            }
            .into_any()
        }}
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
