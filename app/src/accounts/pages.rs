//! «Logg inn»: e-mail address (external learners) or staff code (employees) and password.
use crate::{
    error::AppError,
    i18n::*,
    ui::{account_menu::Auth, forms::Field},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

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
            "avvist" => t_string!(i18n, login.sso_avvist),
            "avbrutt" => t_string!(i18n, login.sso_avbrutt),
            "ukjent" => t_string!(i18n, login.sso_ukjent),
            "sluttet" => t_string!(i18n, login.sso_sluttet),
            "deaktivert" => t_string!(i18n, login.sso_deaktivert),
            "mange" => t_string!(i18n, login.sso_mange),
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
        Some(Err(AppError::Conflict { message })) => message.to_string().into_any(),
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
                <crate::ui::forms::PageField />
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
                <li><a href="/glemt-passord">{t!(i18n, login.forgot)}</a></li>
                <li>{t!(i18n, login.new_user)} " " <a href="/registrer">{t!(i18n, login.register)}</a></li>
                <li><a href="/konto/ny-aktiveringslenke">{t!(i18n, login.no_activation)}</a></li>
                <li><a href="/hjelp/logge-inn">{t!(i18n, help.login_help)}</a></li>
            </ul>
        </section>
    }
}
