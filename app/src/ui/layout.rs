//! The frame of every page: skip link, header with search and navigation, footer.
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_query_map};

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
    // The search field shows the query of a results page.
    let current_query = use_query_map().read_untracked().get("q").unwrap_or_default();
    // The main navigation marks the section the page belongs to (`/kurs` for a course page too).
    let path = use_location().pathname.get_untracked();
    let current = move |section: &str| {
        (path == section
            || path
                .strip_prefix(section)
                .is_some_and(|rest| rest.starts_with('/')))
        .then_some("page")
    };
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
                <crate::ui::search_box::SearchBox current=current_query text=crate::ui::search_box::SearchBoxText::new(i18n) />
                <nav class="main-nav" aria-label=move || t_string!(i18n, site.main_nav).to_string()>
                    <ul>
                        <li><a href="/kurs" aria-current=current("/kurs")>{t!(i18n, nav.courses)}</a></li>
                        <li><a href="/kurskalender" aria-current=current("/kurskalender")>{t!(i18n, nav.calendar)}</a></li>
                        <li><a href="/hjelp" aria-current=current("/hjelp")>{t!(i18n, help.nav)}</a></li>
                        <li class="account-entry"><crate::ui::account_menu::AccountMenu /></li>
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

/// The cookie leptos_i18n reads the chosen language from.
#[cfg(feature = "ssr")]
pub const LANGUAGE_COOKIE: &str = "i18n_pref_locale";

/// The `Set-Cookie` value that gives the browser `language` for a year (the cookie
/// leptos_i18n and the server read).
#[cfg(feature = "ssr")]
pub fn language_cookie(language: crate::messages::Language) -> http::HeaderValue {
    http::HeaderValue::from_str(&format!(
        "{LANGUAGE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        language.code()
    ))
    .expect("a language code is a valid header value")
}

/// Gives the browser `language` for a year, on the response of this server function.
#[cfg(feature = "ssr")]
pub fn set_language_cookie(language: crate::messages::Language) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let value = language_cookie(language);
        response.append_header(http::header::SET_COOKIE, value);
    }
}

/// Remembers the chosen language (a year, in a cookie) and sends the browser back to the page.
/// A signed-in person's choice is also kept on the account, for their mails and other browsers.
#[server(prefix = "/api", endpoint = "site/language")]
pub async fn choose_language(lang: String, back: String) -> Result<(), crate::error::AppError> {
    let Some(language) = crate::messages::Language::parse(&lang) else {
        return Err(crate::error::AppError::invalid(
            "lang",
            "Velg bokmål, nynorsk eller English.",
        ));
    };
    set_language_cookie(language);
    if let Some(who) = crate::services::caller().await? {
        crate::services::services()?
            .accounts
            .remember_language(who, language)
            .await?;
    }
    // Back to a page of ours only.
    let back = if back.starts_with('/') && !back.starts_with("//") {
        back
    } else {
        "/".into()
    };
    leptos_axum::redirect(&back);
    Ok(())
}

/// Bokmål / Nynorsk / English: a form, so it works without JavaScript; the page is loaded again.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ChooseLanguage>::new();
    #[cfg(feature = "ssr")]
    let back = use_context::<http::request::Parts>()
        .and_then(|parts| parts.uri.path_and_query().map(|p| p.as_str().to_string()))
        .unwrap_or_else(|| "/".into());
    #[cfg(not(feature = "ssr"))]
    let back = String::from("/");
    let button = move |locale: Locale, label: &'static str, lang: &'static str| {
        view! {
            <button
                type="submit"
                name="lang"
                value=lang
                lang=lang
                aria-pressed=(i18n.get_locale_untracked() == locale).to_string()
            >
                {label}
            </button>
        }
    };
    view! {
        <ActionForm action attr:class="language-form">
            <input type="hidden" name="back" value=back />
            <div class="language-switch" role="group" aria-label=t_string!(i18n, site.language).to_string()>
                {button(Locale::nb, "Bokmål", "nb")}
                {button(Locale::nn, "Nynorsk", "nn")}
                {button(Locale::en, "English", "en")}
            </div>
        </ActionForm>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    // The support contact set on «Hjelp og kontakter» (the configured address until then).
    let contacts = OnceResource::new(crate::help::api::load_contacts());
    view! {
        <footer class="site-footer">
            <div class="footer-inner">
                <section aria-labelledby="support-title">
                    <h2 id="support-title">{t!(i18n, site.support)}</h2>
                    <p><a href="/hjelp">{t!(i18n, help.footer_help)}</a></p>
                    <p>
                        {t!(i18n, site.support_text)} " "
                        <Suspense>
                            {move || Suspend::new(async move {
                                contacts.await.ok().and_then(|list| list.into_iter().next()).map(|contact| {
                                    let href = format!("mailto:{}", contact.email);
                                    view! { <a href=href>{contact.email}</a> }
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
