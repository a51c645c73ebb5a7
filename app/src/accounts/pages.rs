//! «Logg inn»: e-mail address (external learners) or staff code (employees) and password.
use super::api::{Login, Logout, signed_in_user};
use crate::{error::AppError, i18n::*, ui::forms::Field};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_query_map};

/// Login and logout actions and the signed-in person, shared by the header and the pages.
#[derive(Clone, Copy)]
pub struct Auth {
    pub login: ServerAction<Login>,
    pub logout: ServerAction<Logout>,
    pub user: Resource<Result<Option<super::types::CurrentUser>, AppError>>,
}

impl Auth {
    pub fn provide() -> Self {
        let login = ServerAction::<Login>::new();
        let logout = ServerAction::<Logout>::new();
        let user = Resource::new(
            move || (login.version().get(), logout.version().get()),
            |_| signed_in_user(),
        );
        let auth = Self { login, logout, user };
        provide_context(auth);
        auth
    }

    pub fn get() -> Self {
        expect_context::<Self>()
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let login = Auth::get().login;
    let failed = move || matches!(login.value().get(), Some(Err(_)));
    // Back from «Logg inn på jobb» without a sign-in: `?sso=<why>`.
    let query = use_query_map();
    let sso_refusal = move || {
        query.read().get("sso").map(|code| match code.as_str() {
            "av" => t_string!(i18n, login.sso_av),
            "utlopt" => t_string!(i18n, login.sso_utlopt),
            "avbrutt" => t_string!(i18n, login.sso_avbrutt),
            "ukjent" => t_string!(i18n, login.sso_ukjent),
            "sluttet" => t_string!(i18n, login.sso_sluttet),
            _ => t_string!(i18n, login.sso_feil),
        })
    };
    let site = Resource::new(|| (), |_| crate::site::load_site_info());
    let failure = move || match login.value().get() {
        Some(Err(AppError::InvalidCredentials)) => t!(i18n, login.failed).into_any(),
        Some(Err(AppError::RateLimited { retry_after_secs })) => {
            let minutes = retry_after_secs.div_ceil(60);
            t!(i18n, login.rate_limited_minutes, minutes = move || minutes).into_any()
        }
        // A merged profile's e-mail login: the server explains where the profile went.
        Some(Err(AppError::Conflict { message })) => message.into_any(),
        Some(Err(_)) => t!(i18n, site.error_text).into_any(),
        _ => ().into_any(),
    };
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, login.title).to_string()) />
        <section class="form-page" aria-labelledby="login-title">
            <h1 id="login-title">{t!(i18n, login.title)}</h1>
            <p>{t!(i18n, login.intro)}</p>
            {move || sso_refusal().map(|message| view! {
                <div class="notice notice-error" role="alert"><p>{message}</p></div>
            })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    site.await.ok().filter(|s| s.work_login).map(|_| view! {
                        <section class="work-login" aria-labelledby="work-login-title">
                            <h2 id="work-login-title">{t!(i18n, login.work_title)}</h2>
                            <p>{t!(i18n, login.work_intro)}</p>
                            // A full page load: the server sends the browser on to the provider.
                            <a class="button button-primary" href="/logg-inn/jobb" rel="external">{t!(i18n, login.work_button)}</a>
                        </section>
                    })
                })}
            </Suspense>
            <ActionForm action=login attr:class="form" attr:novalidate="true">
                <div class="notice notice-error" role="alert" hidden=move || !failed()>
                    <p id="login-error">{failure}</p>
                </div>
                <Field
                    id="login-identifier"
                    name="identifier"
                    label=Signal::derive(move || t_string!(i18n, login.identifier).to_string())
                    hint=Signal::derive(move || t_string!(i18n, login.identifier_hint).to_string())
                    autocomplete="username"
                    verbatim=true
                    required=true
                    invalid=Signal::derive(failed)
                />
                <Field
                    id="login-password"
                    name="password"
                    label=Signal::derive(move || t_string!(i18n, login.password).to_string())
                    input_type="password"
                    autocomplete="current-password"
                    required=true
                    invalid=Signal::derive(failed)
                />
                <button type="submit" class="button button-primary" disabled=move || login.pending().get()>
                    {t!(i18n, login.submit)}
                </button>
            </ActionForm>
            <ul class="form-links">
                <li><A href="/glemt-passord">{t!(i18n, login.forgot)}</A></li>
                <li>{t!(i18n, login.new_user)} " " <A href="/registrer">{t!(i18n, login.register)}</A></li>
                <li><A href="/konto/ny-aktiveringslenke">{t!(i18n, login.no_activation)}</A></li>
            </ul>
        </section>
    }
}

/// The header's account entry: «Logg inn», or the person's name and «Logg ut».
#[component]
pub fn AccountMenu() -> impl IntoView {
    let i18n = use_i18n();
    let auth = Auth::get();
    let login_link = move || {
        view! {
            <a class="login-link" href="/logg-inn">{t!(i18n, nav.login)}</a>
            <a class="nav-link" href="/registrer">{t!(i18n, login.register)}</a>
        }
    };
    view! {
        <Transition fallback=login_link>
            {move || Suspend::new(async move {
                match auth.user.await {
                    Ok(Some(user)) => view! {
                        {user.role.can_support().then(|| view! {
                            <a class="nav-link" href="/brukerstotte">{t!(i18n, nav.support)}</a>
                        })}
                        {(user.role == super::types::Role::Admin).then(|| view! {
                            <a class="nav-link" href="/admin/firma">{t!(i18n, nav.admin_companies)}</a>
                            <a class="nav-link" href="/admin/ansatte">{t!(i18n, nav.admin_hr)}</a>
                        })}
                        {matches!(user.role, super::types::Role::CourseAdmin | super::types::Role::Admin).then(|| view! {
                            <a class="nav-link" href="/admin/kurs">{t!(i18n, nav.course_admin)}</a>
                            <a class="nav-link" href="/admin/kursbevis">{t!(i18n, nav.certificates)}</a>
                            <a class="nav-link" href="/admin/opplaeringslop">{t!(i18n, nav.paths)}</a>
                        })}
                        {(user.role == super::types::Role::Instructor).then(|| view! {
                            <a class="nav-link" href="/instruktor">{t!(i18n, nav.teaching)}</a>
                        })}
                        <a class="nav-link" href="/mine-kurs">{t!(i18n, nav.my_courses)}</a>
                        <a class="nav-link" href="/opplaeringslop">{t!(i18n, nav.paths)}</a>
                        <a class="signed-in" href="/min-konto">
                            {t!(i18n, nav.signed_in_as, name = move || user.full_name.clone())}
                        </a>
                        <ActionForm action=auth.logout attr:class="logout-form">
                            <button type="submit" class="link-button">{t!(i18n, nav.logout)}</button>
                        </ActionForm>
                    }
                    .into_any(),
                    _ => login_link().into_any(),
                }
            })}
        </Transition>
    }
}
