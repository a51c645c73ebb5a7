//! «Din konto» / «Min profil»: what the portal knows about you, your employer, your password.
use super::{
    api::{ChangePassword, UpdateEmployer, my_profile},
    companies::CompanyRequest,
    register::EmployerPicker,
    types::{Profile, UserType},
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

pub fn user_type_name(i18n: I18nContext<Locale>, user_type: Option<UserType>) -> String {
    match user_type {
        Some(UserType::FreeElearning) => t_string!(i18n, user_type.free_elearning).to_string(),
        Some(UserType::FullCatalogue) => t_string!(i18n, user_type.full_catalogue).to_string(),
        Some(UserType::Driver) => t_string!(i18n, user_type.driver).to_string(),
        None => t_string!(i18n, user_type.employee).to_string(),
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let change_password = ServerAction::<ChangePassword>::new();
    let update_employer = ServerAction::<UpdateEmployer>::new();
    let profile = Resource::new(move || update_employer.version().get(), |_| my_profile());
    view! {
        <Title text=move || t_string!(i18n, account.title).to_string() />
        <h1>{t!(i18n, account.title)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(profile) => view! {
                        <ProfileView profile change_password update_employer />
                    }
                    .into_any(),
                    Err(AppError::Unauthenticated) => view! {
                        <div class="notice" role="status">
                            <p>{t!(i18n, forms.signed_out)}</p>
                            <p><A href="/logg-inn" attr:class="button button-primary">{t!(i18n, nav.login)}</A></p>
                        </div>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProfileView(
    profile: Profile,
    change_password: ServerAction<ChangePassword>,
    update_employer: ServerAction<UpdateEmployer>,
) -> impl IntoView {
    let i18n = use_i18n();
    let dash = || "–".to_string();
    let row = move |term: String, value: Option<String>| {
        view! {
            <div class="fact">
                <dt>{term}</dt>
                <dd>{value.unwrap_or_else(dash)}</dd>
            </div>
        }
    };
    let user_type = user_type_name(i18n, profile.user_type);
    let password_error = form_error(change_password);
    let password_done = succeeded(change_password);
    let employer_error = form_error(update_employer);
    let employer_done = succeeded(update_employer);
    let is_external = profile.user_type.is_some();
    view! {
        <div class="account-grid">
            <section class="panel" aria-labelledby="basic-title">
                <h2 id="basic-title">{t!(i18n, account.basic)}</h2>
                <dl class="facts">
                    {row(t_string!(i18n, register.full_name).to_string(), Some(profile.full_name.clone()))}
                    {row(t_string!(i18n, register.email).to_string(), profile.email.clone())}
                    {profile.staff_code.clone().map(|code| row(t_string!(i18n, account.staff_code).to_string(), Some(code)))}
                    {row(t_string!(i18n, register.mobile).to_string(), profile.mobile.clone())}
                    {row(t_string!(i18n, account.user_type).to_string(), Some(user_type))}
                </dl>
            </section>
            <section class="panel" aria-labelledby="personal-title">
                <h2 id="personal-title">{t!(i18n, account.personal)}</h2>
                <dl class="facts">
                    {row(t_string!(i18n, account.birth_date).to_string(), profile.birth_date.clone())}
                    {row(t_string!(i18n, account.national_id).to_string(), profile.national_id_masked.clone())}
                    {row(t_string!(i18n, register.hms_card).to_string(), profile.hms_card_number.clone())}
                    {row(t_string!(i18n, account.hms_card_expires_on).to_string(), profile.hms_card_expires_on.clone())}
                    {profile.health_certificate_until.clone().map(|d| row(t_string!(i18n, register.health_certificate_until).to_string(), Some(d)))}
                    {profile.driver_licence_number.clone().map(|n| row(t_string!(i18n, register.driver_licence_number).to_string(), Some(n)))}
                </dl>
            </section>
            {is_external.then(|| view! {
                <section class="panel" aria-labelledby="employer-title">
                    <h2 id="employer-title">{t!(i18n, account.update_employer)}</h2>
                    <dl class="facts">
                        {row(t_string!(i18n, employer.legend).to_string(), profile.employer.clone().map(|c| c.name))}
                        {row(t_string!(i18n, employer.invoice_reference).to_string(), profile.invoice_reference.clone())}
                    </dl>
                    <div class="notice notice-success" role="status" hidden=move || !employer_done.get()>
                        <p>{t!(i18n, account.employer_saved)}</p>
                    </div>
                    <ActionForm action=update_employer attr:class="form" attr:novalidate="true">
                        <ErrorSummary error=employer_error />
                        <EmployerPicker name="employer_id" error=employer_error current=profile.employer.clone() />
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
            })}
            <section class="panel" aria-labelledby="password-title">
                <h2 id="password-title">{t!(i18n, account.change_password)}</h2>
                <div class="notice notice-success" role="status" hidden=move || !password_done.get()>
                    <p>{t!(i18n, account.password_saved)}</p>
                </div>
                <ActionForm action=change_password attr:class="form" attr:novalidate="true">
                    <ErrorSummary error=password_error />
                    <Field
                        id="f-current"
                        name="current"
                        label=Signal::derive(move || t_string!(i18n, account.current_password).to_string())
                        input_type="password"
                        autocomplete="current-password"
                        required=true
                        error=field_error(password_error, "current")
                    />
                    <Field
                        id="f-password"
                        name="password"
                        label=Signal::derive(move || t_string!(i18n, set_password.password).to_string())
                        hint=Signal::derive(move || t_string!(i18n, set_password.password_hint).to_string())
                        input_type="password"
                        autocomplete="new-password"
                        required=true
                        error=field_error(password_error, "password")
                    />
                    <Field
                        id="f-repeat"
                        name="repeat"
                        label=Signal::derive(move || t_string!(i18n, set_password.repeat).to_string())
                        input_type="password"
                        autocomplete="new-password"
                        required=true
                        error=field_error(password_error, "repeat")
                    />
                    <button type="submit" class="button button-primary">{t!(i18n, account.update)}</button>
                </ActionForm>
            </section>
        </div>
    }
}
