//! «Din konto» / «Min profil»: what the portal knows about you, your employer, your password.
use super::{
    api::{
        AddNationalId, ChangePassword, ChangeUserType, ConfirmEmailChange, RequestEmailChange,
        SetPrivateEmail, UpdateEmployer, UpdatePersonal, my_profile,
    },
    national_id_later::{NationalIdOutcome, NationalIdPanel},
    own_data::DataPanel,
    types::{Profile, UserType},
    widgets::{CompanyRequest, EmployerChoice, NewPasswordFields, user_type_name},
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
use leptos_meta::Title;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let change_password = crate::ui::forms::form_action::<ChangePassword>();
    let update_employer = crate::ui::forms::form_action::<UpdateEmployer>();
    let change_type = crate::ui::forms::form_action::<ChangeUserType>();
    let update_personal = crate::ui::forms::form_action::<UpdatePersonal>();
    let change_email = crate::ui::forms::form_action::<RequestEmailChange>();
    let private_email = crate::ui::forms::form_action::<SetPrivateEmail>();
    let add_national_id = crate::ui::forms::form_action::<AddNationalId>();
    let actions = ProfileActions {
        private_email,
        add_national_id,
        change_password,
        update_employer,
        change_type,
        update_personal,
        change_email,
    };
    let profile = Resource::new(
        move || {
            (
                update_employer.version().get(),
                change_type.version().get(),
                update_personal.version().get(),
                change_password.version().get(),
                private_email.version().get(),
                add_national_id.version().get(),
            )
        },
        |_| my_profile(),
    );
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, account.title).to_string()) />
        <h1>{t!(i18n, account.title)}</h1>
        <NationalIdOutcome action=add_national_id />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(profile) => view! {
                        <ProfileView profile actions />
                    }
                    .into_any(),
                    Err(AppError::Unauthenticated) => view! {
                        <div class="notice" role="status">
                            <p>{t!(i18n, forms.signed_out)}</p>
                            <p><a href="/logg-inn" class="button button-primary">{t!(i18n, nav.login)}</a></p>
                        </div>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The forms of «Din konto»; they outlive a reload of the profile, so their answers stay shown.
#[derive(Clone, Copy)]
struct ProfileActions {
    change_password: ServerAction<ChangePassword>,
    update_employer: ServerAction<UpdateEmployer>,
    change_type: ServerAction<ChangeUserType>,
    update_personal: ServerAction<UpdatePersonal>,
    change_email: ServerAction<RequestEmailChange>,
    private_email: ServerAction<SetPrivateEmail>,
    add_national_id: ServerAction<AddNationalId>,
}

#[component]
fn ProfileView(profile: Profile, actions: ProfileActions) -> impl IntoView {
    let ProfileActions {
        private_email,
        change_password,
        update_employer,
        change_type,
        update_personal,
        change_email,
        add_national_id,
    } = actions;
    let is_external = profile.user_type.is_some();
    let is_employee = profile.staff_code.is_some();
    let has_password = profile.has_password;
    let lacks_national_id = is_external && !is_employee && profile.national_id_masked.is_none();
    view! {
        <div class="account-grid">
            {lacks_national_id.then(|| view! { <NationalIdPanel action=add_national_id has_password /> })}
            <BasicPanel profile=profile.clone() change_email=change_email />
            <PersonalPanel profile=profile.clone() update_personal=update_personal />
            {is_external.then(|| view! { <EmployerPanel profile=profile.clone() update_employer=update_employer /> })}
            {is_external.then(|| view! { <UserTypePanel profile=profile.clone() change_type=change_type /> })}
            {is_employee.then(|| view! { <PrivateEmailPanel profile=profile.clone() private_email=private_email /> })}
            <PasswordPanel has_password=has_password change_password=change_password />
            <DataPanel has_password=has_password />
        </div>
    }
}

/// One fact of the profile: a term and its value, or a dash.
fn fact(term: String, value: Option<String>) -> impl IntoView {
    view! {
        <div class="fact">
            <dt>{term}</dt>
            <dd>{value.unwrap_or_else(|| "–".to_string())}</dd>
        </div>
    }
}

/// Name, login address (and changing it), staff code, mobile, user type.
#[component]
fn BasicPanel(profile: Profile, change_email: ServerAction<RequestEmailChange>) -> impl IntoView {
    let i18n = use_i18n();
    let email_error = form_error(change_email);
    let email_done = succeeded(change_email);
    let user_type = user_type_name(i18n, profile.user_type);
    let has_password = profile.has_password;
    view! {
        <section class="panel" aria-labelledby="basic-title">
            <h2 id="basic-title">{t!(i18n, account.basic)}</h2>
            <dl class="facts">
                {fact(t_string!(i18n, register.full_name).to_string(), Some(profile.full_name.clone()))}
                {fact(t_string!(i18n, register.email).to_string(), profile.email.clone())}
                {profile.staff_code.clone().map(|code| fact(t_string!(i18n, account.staff_code).to_string(), Some(code)))}
                {fact(t_string!(i18n, register.mobile).to_string(), profile.mobile.clone())}
                {fact(t_string!(i18n, account.user_type).to_string(), Some(user_type))}
            </dl>
            <details class="edit" open=move || change_email.value().get().is_some()>
                <summary>{t!(i18n, account.change_email)}</summary>
                <div class="notice notice-success" role="status" hidden=move || !email_done.get()>
                    <p>{t!(i18n, account.email_sent)}</p>
                </div>
                <ActionForm action=change_email attr:class="form" attr:novalidate="true">
                    <crate::ui::forms::PageField />
                    <ErrorSummary error=email_error />
                    <Field
                        id="f-email"
                        name="email"
                        label=Signal::derive(move || t_string!(i18n, account.new_email).to_string())
                        hint=Signal::derive(move || t_string!(i18n, account.new_email_hint).to_string())
                        input_type="email"
                        autocomplete="email"
                        verbatim=true
                        required=true
                        error=field_error(email_error, "email")
                    />
                    {if has_password {
                        view! {
                            <Field
                                id="f-email-current"
                                name="current"
                                label=Signal::derive(move || t_string!(i18n, account.current_password).to_string())
                                input_type="password"
                                autocomplete="current-password"
                                required=true
                                error=field_error(email_error, "current")
                            />
                        }.into_any()
                    } else {
                        view! { <p class="hint">{t!(i18n, account.reauth_at_work)}</p> }.into_any()
                    }}
                    <button type="submit" class="button button-primary">{t!(i18n, account.update)}</button>
                </ActionForm>
            </details>
        </section>
    }
}

/// Birth date, national ID (masked), HMS card and the rest; mobile and HMS card editable.
#[component]
fn PersonalPanel(profile: Profile, update_personal: ServerAction<UpdatePersonal>) -> impl IntoView {
    let i18n = use_i18n();
    let personal_error = form_error(update_personal);
    let personal_done = succeeded(update_personal);
    view! {
        <section class="panel" aria-labelledby="personal-title">
            <h2 id="personal-title">{t!(i18n, account.personal)}</h2>
            <dl class="facts">
                {fact(t_string!(i18n, account.birth_date).to_string(), profile.birth_date.clone())}
                {fact(t_string!(i18n, account.national_id).to_string(), profile.national_id_masked.clone())}
                {fact(t_string!(i18n, register.hms_card).to_string(), profile.hms_card_number.clone())}
                {fact(t_string!(i18n, account.hms_card_expires_on).to_string(), profile.hms_card_expires_on.clone())}
                {profile.health_certificate_until.clone().map(|d| fact(t_string!(i18n, register.health_certificate_until).to_string(), Some(d)))}
                {profile.driver_licence_number.clone().map(|n| fact(t_string!(i18n, register.driver_licence_number).to_string(), Some(n)))}
            </dl>
            <div class="notice notice-success" role="status" hidden=move || !personal_done.get()>
                <p>{t!(i18n, account.saved)}</p>
            </div>
            <details class="edit" open=move || update_personal.value().get().is_some_and(|r| r.is_err())>
                <summary>{t!(i18n, account.edit_personal)}</summary>
                <ActionForm action=update_personal attr:class="form" attr:novalidate="true">
                    <crate::ui::forms::PageField />
                    <ErrorSummary error=personal_error />
                    <Field
                        id="f-mobile"
                        name="form[mobile]"
                        label=Signal::derive(move || t_string!(i18n, register.mobile).to_string())
                        input_type="tel"
                        autocomplete="tel"
                        value=profile.mobile.clone().unwrap_or_default()
                        error=field_error(personal_error, "mobile")
                    />
                    <Field
                        id="f-hms_card"
                        name="form[hms_card]"
                        label=Signal::derive(move || t_string!(i18n, register.hms_card).to_string())
                        hint=Signal::derive(move || t_string!(i18n, account.hms_card_renewed).to_string())
                        verbatim=true
                        value=profile.hms_card_number.clone().unwrap_or_default()
                        error=field_error(personal_error, "hms_card")
                    />
                    <Field
                        id="f-hms_card_expires_on"
                        name="form[hms_card_expires_on]"
                        label=Signal::derive(move || t_string!(i18n, account.hms_card_expires_on).to_string())
                        hint=Signal::derive(move || t_string!(i18n, account.date_hint).to_string())
                        value=profile.hms_card_expires_on.clone().unwrap_or_default()
                        error=field_error(personal_error, "hms_card_expires_on")
                    />
                    <button type="submit" class="button button-primary">{t!(i18n, account.save)}</button>
                </ActionForm>
            </details>
        </section>
    }
}

/// An external learner's employer and invoice reference.
#[component]
fn EmployerPanel(profile: Profile, update_employer: ServerAction<UpdateEmployer>) -> impl IntoView {
    let i18n = use_i18n();
    let employer_error = form_error(update_employer);
    let employer_done = succeeded(update_employer);
    view! {
        <section class="panel" aria-labelledby="employer-title">
            <h2 id="employer-title">{t!(i18n, account.update_employer)}</h2>
            <dl class="facts">
                {fact(t_string!(i18n, employer.legend).to_string(), profile.employer.clone().map(|c| c.name))}
                {fact(t_string!(i18n, employer.invoice_reference).to_string(), profile.invoice_reference.clone())}
            </dl>
            <div class="notice notice-success" role="status" hidden=move || !employer_done.get()>
                <p>{t!(i18n, account.employer_saved)}</p>
            </div>
            <ActionForm action=update_employer attr:class="form" attr:novalidate="true">
                <crate::ui::forms::PageField />
                <ErrorSummary error=employer_error />
                <EmployerChoice
                    name="employer_id"
                    search_name="employer_search"
                    error=employer_error.get_untracked().and_then(|e| e.field_message("employer_id").map(String::from))
                    current=profile.employer.clone()
                />
                <Field
                    id="f-invoice_reference"
                    name="invoice_reference"
                    label=Signal::derive(move || t_string!(i18n, employer.invoice_reference).to_string())
                    hint=Signal::derive(move || t_string!(i18n, employer.invoice_reference_hint).to_string())
                    value=profile.invoice_reference.clone().unwrap_or_default()
                    error=field_error(employer_error, "invoice_reference")
                />
                <button type="submit" class="button button-primary">{t!(i18n, account.update)}</button>
            </ActionForm>
            <CompanyRequest />
        </section>
    }
}

/// An external learner's user type (which courses they see).
#[component]
fn UserTypePanel(profile: Profile, change_type: ServerAction<ChangeUserType>) -> impl IntoView {
    let i18n = use_i18n();
    let type_error = form_error(change_type);
    let type_done = succeeded(change_type);
    let type_employer_error = field_error(type_error, "employer_id");
    view! {
        <section class="panel" aria-labelledby="user-type-title">
            <h2 id="user-type-title">{t!(i18n, account.update_user_type)}</h2>
            <p>{t!(i18n, account.user_type_intro)}</p>
            <div class="notice notice-success" role="status" hidden=move || !type_done.get()>
                <p>{t!(i18n, account.saved)}</p>
            </div>
            <ActionForm action=change_type attr:class="form" attr:novalidate="true">
                <crate::ui::forms::PageField />
                <ErrorSummary error=type_error />
                <fieldset class="field type-choices" id="f-user_type">
                    <legend>{t!(i18n, account.user_type)}</legend>
                    {UserType::ALL.into_iter().map(|kind| {
                        let current = profile.user_type == Some(kind);
                        view! {
                            <label class="type-choice">
                                <input
                                    type="radio"
                                    name="form[user_type]"
                                    value=kind.as_str()
                                    checked=current
                                />
                                <span class="type-choice-title">
                                    {user_type_name(i18n, Some(kind))}
                                    {current.then(|| view! { " " <span class="current-badge">{t!(i18n, account.current)}</span> })}
                                </span>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <p class="field-error" hidden=move || type_employer_error.get().is_none()>
                    {move || type_employer_error.get()}
                </p>
                <div class="for-driver">
                    <Field
                        id="f-health_certificate_until"
                        name="form[health_certificate_until]"
                        label=Signal::derive(move || t_string!(i18n, register.health_certificate_until).to_string())
                        hint=Signal::derive(move || t_string!(i18n, account.date_hint).to_string())
                        error=field_error(type_error, "health_certificate_until")
                    />
                    <Field
                        id="f-driver_licence_number"
                        name="form[driver_licence_number]"
                        label=Signal::derive(move || t_string!(i18n, register.driver_licence_number).to_string())
                        verbatim=true
                        error=field_error(type_error, "driver_licence_number")
                    />
                </div>
                <button type="submit" class="button button-primary">{t!(i18n, account.update)}</button>
            </ActionForm>
        </section>
    }
}

/// An employee's private e-mail address (for mail after the employment ends).
#[component]
fn PrivateEmailPanel(profile: Profile, private_email: ServerAction<SetPrivateEmail>) -> impl IntoView {
    let i18n = use_i18n();
    let private_error = form_error(private_email);
    let private_done = succeeded(private_email);
    let private_value = profile.private_email.clone().unwrap_or_default();
    view! {
        <section class="panel" aria-labelledby="optional-title">
            <h2 id="optional-title">{t!(i18n, account.optional)}</h2>
            <div class="notice notice-success" role="status" hidden=move || !private_done.get()>
                <p>
                    {move || match private_email.value().get() {
                        Some(Ok(super::types::PrivateEmailChange::Removed)) => {
                            t!(i18n, account.private_email_removed).into_any()
                        }
                        _ => t!(i18n, account.private_email_sent).into_any(),
                    }}
                </p>
            </div>
            <ActionForm action=private_email attr:class="form" attr:novalidate="true">
                <crate::ui::forms::PageField />
                <ErrorSummary error=private_error />
                <Field
                    id="f-private-email"
                    name="private_email"
                    label=Signal::derive(move || t_string!(i18n, account.private_email).to_string())
                    hint=Signal::derive(move || t_string!(i18n, account.private_email_hint).to_string())
                    input_type="email"
                    autocomplete="email"
                    verbatim=true
                    value=private_value.clone()
                    error=field_error(private_error, "private_email")
                />
                <button type="submit" class="button button-primary">{t!(i18n, account.save)}</button>
            </ActionForm>
        </section>
    }
}

/// Changing the password, or choosing a first one (an employee who signs in at work).
#[component]
fn PasswordPanel(has_password: bool, change_password: ServerAction<ChangePassword>) -> impl IntoView {
    let i18n = use_i18n();
    let password_error = form_error(change_password);
    let password_done = succeeded(change_password);
    view! {
        <section class="panel" aria-labelledby="password-title">
            <h2 id="password-title">
                {move || if has_password {
                    t_string!(i18n, account.change_password).to_string()
                } else {
                    t_string!(i18n, account.first_password).to_string()
                }}
            </h2>
            {(!has_password).then(|| view! { <p>{t!(i18n, account.first_password_intro)}</p> })}
            <div class="notice notice-success" role="status" hidden=move || !password_done.get()>
                <p>{t!(i18n, account.password_saved)}</p>
            </div>
            <ActionForm action=change_password attr:class="form" attr:novalidate="true">
                <crate::ui::forms::PageField />
                <ErrorSummary error=password_error />
                {if has_password {
                    view! {
                        <Field
                            id="f-current"
                            name="current"
                            label=Signal::derive(move || t_string!(i18n, account.current_password).to_string())
                            input_type="password"
                            autocomplete="current-password"
                            required=true
                            error=field_error(password_error, "current")
                        />
                    }.into_any()
                } else {
                    view! { <input type="hidden" name="current" value="" /> }.into_any()
                }}
                <NewPasswordFields error=password_error />
                <button type="submit" class="button button-primary">{t!(i18n, account.update)}</button>
            </ActionForm>
        </section>
    }
}

/// `/konto/bekreft-epost/{token}`: the new address takes effect when its owner says so.
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = leptos_router::hooks::use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let confirm = crate::ui::forms::form_action::<ConfirmEmailChange>();
    let error = form_error(confirm);
    let done = succeeded(confirm);
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, account.confirm_email_title).to_string()) />
        <section class="form-page" aria-labelledby="confirm-email-title">
            <h1 id="confirm-email-title">{t!(i18n, account.confirm_email_title)}</h1>
            <div class="on-success" hidden=move || !done.get()>
                    <div class="notice notice-success" role="status">
                        <p>
                            {move || match confirm.value().get() {
                                Some(Ok(super::types::ConfirmedEmail::Private)) => {
                                    t!(i18n, account.private_email_confirmed).into_any()
                                }
                                _ => t!(i18n, account.email_changed).into_any(),
                            }}
                        </p>
                    </div>
                    <p><a href="/min-konto">{t!(i18n, account.title)}</a></p>
            </div>
            <div class="before-success" hidden=move || done.get()>
                <ActionForm action=confirm attr:class="form">
                    <crate::ui::forms::PageField />
                    <ErrorSummary error />
                    <input type="hidden" name="token" value=token />
                    <p>{t!(i18n, account.confirm_email_text)}</p>
                    <button type="submit" class="button button-primary">{t!(i18n, account.confirm_email_submit)}</button>
                </ActionForm>
            </div>
        </section>
    }
}
