//! The frame of every page: skip link, header with search and navigation, footer.
use crate::{i18n::*, site::load_site_info};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_use::UseLocalesOptions;

/// Norwegian unless the person chose otherwise: the browser's language is not asked.
pub fn ignore_accept_language() -> UseLocalesOptions {
    UseLocalesOptions::default().ssr_lang_header_getter(|| None)
}

/// A page title that follows the language in the browser, but is a plain string on the server.
///
/// leptos_axum reads the title after rendering; when the client has gone away by then, the
/// reactive owner is already disposed and reading a signal there panicked the worker (seen under
/// load). A string read needs no signal.
pub fn page_title(text: impl Fn() -> String + Send + Sync + 'static) -> leptos::text_prop::TextProp {
    #[cfg(feature = "ssr")]
    {
        leptos::text_prop::TextProp::from(text())
    }
    #[cfg(not(feature = "ssr"))]
    {
        leptos::text_prop::TextProp::from(text)
    }
}

/// «Page – Kursportalen» in the window title; the front page has the site name alone.
#[component]
pub fn SiteTitle() -> impl IntoView {
    let i18n = use_i18n();
    // On the server the site name is read once, now, for the reason given at `page_title`.
    #[cfg(feature = "ssr")]
    let server_site = t_string!(i18n, site.name).to_string();
    let formatter = move |text: String| {
        #[cfg(feature = "ssr")]
        let site = server_site.clone();
        #[cfg(not(feature = "ssr"))]
        let site = t_string!(i18n, site.name).to_string();
        if text.is_empty() {
            site
        } else {
            format!("{text} – {site}")
        }
    };
    view! { <Title formatter /> }
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">{t!(i18n, site.skip_to_content)}</a>
        <header class="site-header">
            <div class="header-inner">
                <a class="brand" href="/">
                    <svg class="brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
                        <rect width="32" height="32" rx="7" />
                        <path d="M9 8v16M9 16l9-8M12.5 13l7 11" />
                    </svg>
                    <span class="brand-text">
                        <span class="brand-name">{t!(i18n, site.name)}</span>
                        <span class="brand-tagline">{t!(i18n, site.tagline)}</span>
                    </span>
                </a>
                <LanguageSwitch />
            </div>
            <div class="header-inner header-row">
                <crate::catalogue::search_box::SearchBox />
                <nav class="main-nav" aria-label=move || t_string!(i18n, site.main_nav).to_string()>
                    <ul>
                        <li><A href="/kurs">{t!(i18n, nav.courses)}</A></li>
                        <li><A href="/kurskalender">{t!(i18n, nav.calendar)}</A></li>
                        <li class="account-entry"><crate::accounts::pages::AccountMenu /></li>
                    </ul>
                </nav>
            </div>
        </header>
        <main id="main" tabindex="-1">
            {children()}
        </main>
        <Footer />
    }
}

/// Norsk / English; the choice is kept in a cookie by the i18n context.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let button = move |locale: Locale, label: &'static str, lang: &'static str| {
        view! {
            <button
                type="button"
                lang=lang
                aria-pressed=move || (i18n.get_locale() == locale).to_string()
                on:click=move |_| i18n.set_locale(locale)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="language-switch" role="group" aria-label=move || t_string!(i18n, site.language).to_string()>
            {button(Locale::nb, "Norsk", "nb")}
            {button(Locale::en, "English", "en")}
        </div>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    let info = OnceResource::new(load_site_info());
    view! {
        <footer class="site-footer">
            <div class="footer-inner">
                <section aria-labelledby="support-title">
                    <h2 id="support-title">{t!(i18n, site.support)}</h2>
                    <p>
                        {t!(i18n, site.support_text)} " "
                        <Suspense>
                            {move || Suspend::new(async move {
                                info.await.ok().map(|info| {
                                    let href = format!("mailto:{}", info.support_email);
                                    view! { <a href=href>{info.support_email}</a> }
                                })
                            })}
                        </Suspense>
                    </p>
                </section>
                <p class="footer-brand">{t!(i18n, site.name)}</p>
            </div>
        </footer>
    }
}

/// Answers an unknown address with 404 and a way back.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, site.not_found_title).to_string()) />
        <section class="not-found">
            <h1>{t!(i18n, site.not_found_title)}</h1>
            <p>{t!(i18n, site.not_found_text)}</p>
            <p><a href="/">{t!(i18n, site.back_home)}</a></p>
        </section>
    }
}
