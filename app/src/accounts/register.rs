//! «Registrer deg»: user type, identity, employer; then «Sjekk e-posten din».
use super::widgets::EmployerChoice;
use super::{
    api::{Register, load_registration_policy},
    types::{RegistrationPolicy, UserType},
};
use crate::help::pages::HelpLink;
use crate::{
    i18n::*,
    ui::forms::{ErrorSummary, Field, FormError, field_error, form_error, succeeded},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// A registration field the browser checks when the person leaves it, with the same parsers
/// the server uses (the server's answer still decides).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Check {
    FullName,
    Email,
    Mobile,
    NationalId { required: bool },
    HmsCard { required: bool },
}

impl Check {
    /// The field's input id.
    pub fn input(self) -> &'static str {
        match self {
            Check::FullName => "f-full_name",
            Check::Email => "f-email",
            Check::Mobile => "f-mobile",
            Check::NationalId { .. } => "f-national_id",
            Check::HmsCard { .. } => "f-hms_card",
        }
    }

    /// What is wrong with `value`, in words a person understands (bokmål, the key of
    /// the message in the catalogue); `None` when it is fine.
    pub fn message(self, value: &str) -> Option<&'static str> {
        use crate::accounts::{
            fields::{Email, FieldError, PersonName},
            identity::{HmsCardNumber, MobileNumber, NationalId},
        };
        fn message<T>(result: Result<T, FieldError>) -> Option<&'static str> {
            result.err().map(|e| e.0)
        }
        let empty = value.trim().is_empty();
        match self {
            Check::FullName => message(PersonName::parse(value)),
            Check::Email => message(Email::parse(value)),
            Check::Mobile => message(MobileNumber::parse(value)),
            Check::NationalId { required } if required || !empty => message(NationalId::parse(value)),
            Check::HmsCard { required } if required || !empty => message(HmsCardNumber::parse(value)),
            Check::NationalId { .. } | Check::HmsCard { .. } => None,
        }
    }
}

/// The live checks of the registration form: when a checked field is left, its message shows
/// at the field (tied to it with `aria-describedby`, `aria-invalid`) or goes away. The form
/// itself is rendered by the server and posted as a page; this island only adds the checks,
/// so the page loads the parsers and nothing else. `words` holds the messages in the reader's
/// language when it is not bokmål (the server's translations, so the browser has no catalogue).
#[island(lazy)]
fn RegistrationChecks(checks: Vec<Check>, words: Vec<(String, String)>) -> impl IntoView {
    crate::ui::island_awake();
    #[cfg(feature = "hydrate")]
    for check in checks {
        use leptos::wasm_bindgen::{JsCast, closure::Closure};
        let Some(input) = document()
            .get_element_by_id(check.input())
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            continue;
        };
        let field = input.clone();
        let words = words.clone();
        let on_change = Closure::<dyn Fn()>::new(move || {
            let message = check.message(&field.value()).map(|key| {
                words
                    .iter()
                    .find(|(bokmål, _)| bokmål == key)
                    .map_or(key, |(_, text)| text.as_str())
            });
            crate::ui::forms::show_field_error(&field, message);
        });
        let _ = input.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        on_change.forget(); // lives as long as the page
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (checks, words);
}

/// The field types' messages in `locale`, for [`RegistrationChecks`]; none for bokmål.
fn field_words(locale: Locale) -> Vec<(String, String)> {
    #[cfg(feature = "ssr")]
    {
        let Some(language) =
            crate::messages::Language::parse(locale.as_str()).filter(|l| *l != Default::default())
        else {
            return Vec::new();
        };
        super::fields::FIELD_MESSAGES
            .iter()
            .map(|key| {
                (
                    key.to_string(),
                    crate::messages::Message::new(key).in_language(language),
                )
            })
            .collect()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = locale;
        Vec::new()
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
                    let policy = policy.await.unwrap_or_default();
                    if policy.open {
                        view! { <RegisterForm policy /> }.into_any()
                    } else {
                        view! { <RegistrationClosed /> }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Where the organisation has closed registration for external learners.
#[component]
fn RegistrationClosed() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="notice notice-warning" role="status">
            <p>{t!(i18n, register.closed)}</p>
        </div>
        <p><a href="/logg-inn">{t!(i18n, nav.login)}</a></p>
        <crate::help::pages::ContactOf kind=crate::help::types::ContactKind::Support />
    }
}

/// The registration form, rendered by the server and posted as a page: the answer comes back
/// with the messages at the fields or «Sjekk e-posten din». Two small islands add the live
/// checks of the fields and the employer search. The fields for an employer and for a driver
/// show with the user type that needs them (CSS, so also without JavaScript).
#[component]
fn RegisterForm(policy: RegistrationPolicy) -> impl IntoView {
    let i18n = use_i18n();
    let register = crate::ui::forms::form_action::<Register>();
    let error = form_error(register);
    let done = succeeded(register);
    let mut checks = vec![
        Check::FullName,
        Check::Email,
        Check::Mobile,
        Check::NationalId {
            required: policy.require_national_id,
        },
    ];
    if policy.ask_hms_card {
        checks.push(Check::HmsCard {
            required: policy.require_hms_card,
        });
    }
    view! {
            <div class="on-success" hidden=move || !done.get()>
                    <div class="notice notice-success" role="status">
                        <h2>{t!(i18n, register.done_title)}</h2>
                        <p>{t!(i18n, register.done_text)}</p>
                        <p><a href="/konto/ny-aktiveringslenke">{t!(i18n, register.no_mail)}</a></p>
                    </div>
                    <HelpLink slug="ikke-fatt-e-post" text=Signal::derive(move || t_string!(i18n, help.no_mail).to_string()) />
            </div>
            <div class="before-success" hidden=move || done.get()>
                <p>{t!(i18n, register.intro)}</p>
                            <ActionForm action=register attr:class="form" attr:novalidate="true">
                                <crate::ui::forms::PageField />
                                <ErrorSummary error />
                                <UserTypeChoices error offered=policy.user_types.clone() />
                                <Field
                                    id="f-full_name"
                                    name="form[full_name]"
                                    label=label(move || t_string!(i18n, register.full_name).to_string())
                                    autocomplete="name"
                                    required=true
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
                                    error=field_error(error, "mobile")
                                />
                                <RegistrationChecks checks=checks words=field_words(i18n.get_locale_untracked()) />
                                <IdentityFields error policy />
                                <EmployerAndDriverFields error />
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

/// The three kinds of external user; the choice shows the fields that kind needs (CSS).
#[component]
fn UserTypeChoices(error: FormError, offered: Vec<UserType>) -> impl IntoView {
    let i18n = use_i18n();
    let user_type_error = field_error(error, "user_type");
    let chosen_type = crate::ui::forms::posted_value("form[user_type]");

    let choice = move |kind: UserType, title: String, text: String| {
        offered.contains(&kind).then(|| {
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
        })
    };
    view! {
        <fieldset class="field type-choices" id="f-user_type">
            <legend>{t!(i18n, register.user_type)}</legend>
            <HelpLink slug="brukertyper" text=Signal::derive(move || t_string!(i18n, help.which_user_type).to_string()) />
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
    }
}

/// National ID and HMS card, required or optional as the organisation decides.
#[component]
fn IdentityFields(error: FormError, policy: RegistrationPolicy) -> impl IntoView {
    let i18n = use_i18n();
    let RegistrationPolicy {
        require_national_id,
        require_hms_card,
        ask_hms_card,
        transfer_warning,
        ..
    } = policy;
    view! {
        <Field
            id="f-national_id"
            name="form[national_id]"
            label=label(move || {
                if require_national_id {
                    t_string!(i18n, register.national_id).to_string()
                } else {
                    t_string!(i18n, register.national_id_optional).to_string()
                }
            })
            hint=label(move || t_string!(i18n, register.national_id_hint).to_string())
            autocomplete="off"
            verbatim=true
            required=require_national_id
            error=field_error(error, "national_id")
        />
        // What the number is for (seed 000): without it nothing reaches the employer's register.
        <div class="notice notice-warning" id="transfer-warning">
            <p>
                {if let Some(own) = transfer_warning {
                    view! { <strong>{own}</strong> }.into_any()
                } else if require_national_id {
                    t!(i18n, register.transfer_merge).into_any()
                } else {
                    view! { <strong>{t!(i18n, register.transfer_warning)}</strong>" "{t!(i18n, register.transfer_merge)}" "{t!(i18n, register.transfer_later)} }.into_any()
                }}
            </p>
            <p><a href="/hjelp/overforing-til-kompetanseregisteret">{t!(i18n, help.transfer_help)}</a></p>
        </div>
        {ask_hms_card.then(|| view! {
        <Field
            id="f-hms_card"
            name="form[hms_card]"
            label=label(move || {
                if require_hms_card {
                    t_string!(i18n, register.hms_card).to_string()
                } else {
                    t_string!(i18n, register.hms_card_optional).to_string()
                }
            })
            hint=label(move || t_string!(i18n, register.hms_card_hint).to_string())
            autocomplete="off"
            verbatim=true
            required=require_hms_card
            error=field_error(error, "hms_card")
        />
        <Field
            id="f-hms_card_expires_on"
            name="form[hms_card_expires_on]"
            label=label(move || t_string!(i18n, register.hms_card_expires_on).to_string())
            input_type="date"
            error=field_error(error, "hms_card_expires_on")
        />
        })}
        <HelpLink slug="hms-kort-og-fodselsnummer" text=Signal::derive(move || t_string!(i18n, help.hms_and_id).to_string()) />
    }
}

/// The employer (full catalogue and drivers) and a driver's health certificate and licence.
#[component]
fn EmployerAndDriverFields(error: FormError) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="for-employer">
            <EmployerChoice
                name="form[employer_id]"
                search_name="form[employer_search]"
                error=field_error(error, "employer_id").get_untracked()
                current=None
            />
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
    }
}
