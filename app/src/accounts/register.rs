//! «Registrer deg»: user type, identity, employer; then «Sjekk e-posten din».
use super::widgets::EmployerPicker;
use super::{
    api::{Register, load_registration_policy},
    types::{RegistrationPolicy, UserType},
};
use crate::{
    i18n::*,
    ui::forms::{ErrorSummary, Field, field_error, form_error, succeeded},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// The browser's checks of the registration fields: the same parsers the server uses.
mod checks {
    use crate::accounts::{
        fields::{Email, FieldError, PersonName},
        identity::{HmsCardNumber, MobileNumber, NationalId},
    };

    fn message<T>(result: Result<T, FieldError>) -> Option<&'static str> {
        result.err().map(|e| e.0)
    }

    pub fn full_name(value: &str) -> Option<&'static str> {
        message(PersonName::parse(value))
    }
    pub fn email(value: &str) -> Option<&'static str> {
        message(Email::parse(value))
    }
    pub fn mobile(value: &str) -> Option<&'static str> {
        message(MobileNumber::parse(value))
    }
    pub fn national_id(value: &str) -> Option<&'static str> {
        message(NationalId::parse(value))
    }
    pub fn optional_national_id(value: &str) -> Option<&'static str> {
        if value.trim().is_empty() {
            None
        } else {
            national_id(value)
        }
    }
    pub fn hms_card(value: &str) -> Option<&'static str> {
        message(HmsCardNumber::parse(value))
    }
    pub fn optional_hms_card(value: &str) -> Option<&'static str> {
        if value.trim().is_empty() {
            None
        } else {
            hms_card(value)
        }
    }
}

fn label(text: impl Fn() -> String + Send + Sync + 'static) -> Signal<String> {
    Signal::derive(text)
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let policy = Resource::new(|| (), |_| load_registration_policy());
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, register.title).to_string()) />
        <section class="form-page form-page-wide" aria-labelledby="register-title">
            <h1 id="register-title">{t!(i18n, register.title)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let policy = policy.await.unwrap_or(RegistrationPolicy::default());
                    view! { <RegisterForm policy /> }
                })}
            </Suspense>
        </section>
    }
}

/// The registration form: checks each field when it is left, with the same parsers as the
/// server, and finds the employer as the name is typed. The fields for an employer and for a
/// driver show with the user type that needs them (CSS, so also without JavaScript).
#[island(lazy)]
fn RegisterForm(policy: RegistrationPolicy) -> impl IntoView {
    crate::ui::island_awake();
    let i18n = use_i18n();
    let register = crate::ui::forms::form_action::<Register>();
    let error = form_error(register);
    let done = succeeded(register);
    let user_type_error = field_error(error, "user_type");
    let chosen_type = crate::ui::forms::posted_value("form[user_type]");

    let choice = move |kind: UserType, title: String, text: String| {
        view! {
            <label class="type-choice">
                <input
                    type="radio"
                    name="form[user_type]"
                    value=kind.as_str()
                    required=true
                    checked=chosen_type.as_deref() == Some(kind.as_str())
                />
                <span class="type-choice-title">{title}</span>
                <span class="type-choice-text">{text}</span>
            </label>
        }
    };

    view! {
            <div class="on-success" hidden=move || !done.get()>
                    <div class="notice notice-success" role="status">
                        <h2>{t!(i18n, register.done_title)}</h2>
                        <p>{t!(i18n, register.done_text)}</p>
                        <p><a href="/konto/ny-aktiveringslenke">{t!(i18n, register.no_mail)}</a></p>
                    </div>
            </div>
            <div class="before-success" hidden=move || done.get()>
                <p>{t!(i18n, register.intro)}</p>
                            <ActionForm action=register attr:class="form" attr:novalidate="true">
                                <crate::ui::forms::PageField />
                                <ErrorSummary error />
                                <fieldset class="field type-choices" id="f-user_type">
                                    <legend>{t!(i18n, register.user_type)}</legend>
                                    <p class="field-error" hidden=move || user_type_error.get().is_none()>
                                        {move || user_type_error.get()}
                                    </p>
                                    {choice(
                                        UserType::FreeElearning,
                                        t_string!(i18n, user_type.free_elearning).to_string(),
                                        t_string!(i18n, register.free_elearning_text).to_string(),
                                    )}
                                    {choice(
                                        UserType::FullCatalogue,
                                        t_string!(i18n, user_type.full_catalogue).to_string(),
                                        t_string!(i18n, register.full_catalogue_text).to_string(),
                                    )}
                                    {choice(
                                        UserType::Driver,
                                        t_string!(i18n, user_type.driver).to_string(),
                                        t_string!(i18n, register.driver_text).to_string(),
                                    )}
                                </fieldset>
                                <Field
                                    id="f-full_name"
                                    name="form[full_name]"
                                    label=label(move || t_string!(i18n, register.full_name).to_string())
                                    autocomplete="name"
                                    required=true
                                    check=checks::full_name
                                    error=field_error(error, "full_name")
                                />
                                <Field
                                    id="f-email"
                                    name="form[email]"
                                    label=label(move || t_string!(i18n, register.email).to_string())
                                    hint=label(move || t_string!(i18n, register.email_hint).to_string())
                                    input_type="email"
                                    autocomplete="email"
                                    verbatim=true
                                    required=true
                                    check=checks::email
                                    error=field_error(error, "email")
                                />
                                <Field
                                    id="f-mobile"
                                    name="form[mobile]"
                                    label=label(move || t_string!(i18n, register.mobile).to_string())
                                    hint=label(move || t_string!(i18n, register.mobile_hint).to_string())
                                    input_type="tel"
                                    autocomplete="tel"
                                    required=true
                                    check=checks::mobile
                                    error=field_error(error, "mobile")
                                />
                                <Field
                                    id="f-national_id"
                                    name="form[national_id]"
                                    label=label(move || {
                                        if policy.require_national_id {
                                            t_string!(i18n, register.national_id).to_string()
                                        } else {
                                            t_string!(i18n, register.national_id_optional).to_string()
                                        }
                                    })
                                    hint=label(move || t_string!(i18n, register.national_id_hint).to_string())
                                    autocomplete="off"
                                    verbatim=true
                                    required=policy.require_national_id
                                    check=if policy.require_national_id { checks::national_id } else { checks::optional_national_id }
                                    error=field_error(error, "national_id")
                                />
                                <Field
                                    id="f-hms_card"
                                    name="form[hms_card]"
                                    label=label(move || {
                                        if policy.require_hms_card {
                                            t_string!(i18n, register.hms_card).to_string()
                                        } else {
                                            t_string!(i18n, register.hms_card_optional).to_string()
                                        }
                                    })
                                    hint=label(move || t_string!(i18n, register.hms_card_hint).to_string())
                                    autocomplete="off"
                                    verbatim=true
                                    required=policy.require_hms_card
                                    check=if policy.require_hms_card { checks::hms_card } else { checks::optional_hms_card }
                                    error=field_error(error, "hms_card")
                                />
                                <Field
                                    id="f-hms_card_expires_on"
                                    name="form[hms_card_expires_on]"
                                    label=label(move || t_string!(i18n, register.hms_card_expires_on).to_string())
                                    input_type="date"
                                    error=field_error(error, "hms_card_expires_on")
                                />
                                <div class="for-employer">
                                    <EmployerPicker name="form[employer_id]" error />
                                    <Field
                                        id="f-invoice_reference"
                                        name="form[invoice_reference]"
                                        label=label(move || t_string!(i18n, employer.invoice_reference).to_string())
                                        hint=label(move || t_string!(i18n, employer.invoice_reference_hint).to_string())
                                        error=field_error(error, "invoice_reference")
                                    />
                                </div>
                                <div class="for-driver">
                                    <Field
                                        id="f-health_certificate_until"
                                        name="form[health_certificate_until]"
                                        label=label(move || t_string!(i18n, register.health_certificate_until).to_string())
                                        hint=label(move || t_string!(i18n, register.health_certificate_hint).to_string())
                                        input_type="date"
                                        required=true
                                        error=field_error(error, "health_certificate_until")
                                    />
                                    <Field
                                        id="f-driver_licence_number"
                                        name="form[driver_licence_number]"
                                        label=label(move || t_string!(i18n, register.driver_licence_number).to_string())
                                        hint=label(move || t_string!(i18n, register.driver_licence_hint).to_string())
                                        verbatim=true
                                        error=field_error(error, "driver_licence_number")
                                    />
                                </div>
                                <button type="submit" class="button button-primary" disabled=move || register.pending().get()>
                                    {t!(i18n, register.submit)}
                                </button>
                            </ActionForm>
                <p class="form-aside">
                    {t!(i18n, register.have_account)} " " <a href="/logg-inn">{t!(i18n, nav.login)}</a>
                </p>
            </div>
    }
}
