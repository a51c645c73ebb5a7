//! Shared components: the page frame, loading and error notices.
pub mod account_menu;
pub mod fetch;
pub mod forms;
pub mod labels;
pub mod layout;
pub mod search_box;

use crate::{error::AppError, i18n::*};
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading" role="status">{t!(i18n, site.loading)}</p> }
}

/// A calm message for a failed load; details stay in the server log.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let detail = match error {
        AppError::Invalid { message, .. } | AppError::Conflict { message } => Some(message.to_string()),
        _ => None,
    };
    view! {
        <div class="notice notice-error" role="alert">
            <p><strong>{t!(i18n, site.error_title)}</strong></p>
            <p>{detail.unwrap_or_else(|| t_string!(i18n, site.error_text).to_string())}</p>
        </div>
    }
}

/// A page's answer when its data could not be loaded: a sign-in link when the visitor is not
/// (or no longer) signed in, otherwise [`ErrorNotice`].
#[component]
pub fn LoadError(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    match error {
        AppError::Unauthenticated => view! {
            <p><a href="/logg-inn">{t!(i18n, forms.signed_out)}</a></p>
        }
        .into_any(),
        error => view! { <ErrorNotice error /> }.into_any(),
    }
}

/// The language of the page for everything rendered on the server, and `<html lang dir>`.
///
/// Not the `I18nContextProvider` island that leptos_i18n generates: that island would wrap
/// every page and bring the translation machinery into the wasm every page loads. The islands
/// that show translated text are lazy and call [`island_language`]; the small ones every page
/// loads (the search box, the print button) get their text as props.
#[component]
pub fn LanguageContext(children: Children) -> impl IntoView {
    let i18n = island_language();
    let children = children();
    view! {
        {children}
        <leptos_meta::Html
            attr:lang=move || i18n.get_locale().as_str()
            attr:dir=move || i18n.get_locale().direction().as_str()
        />
    }
}

/// The language context inside an island: in the browser an island has no parent context, so
/// it takes the language from `<html lang>`, which the server set; on the server it is the
/// page's own context.
pub fn island_language() -> leptos_i18n::I18nContext<Locale> {
    #[allow(deprecated)] // the replacement is the provider island this module avoids
    leptos_i18n::context::provide_i18n_context::<Locale>()
}

/// Every island calls this first. When the last island of the page has woken up (lazy ones
/// load their part of the wasm first), `<body data-hydrated>` marks the page interactive; the
/// browser tests wait for it.
pub fn island_awake() {
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        use std::cell::Cell;
        thread_local! {
            static AWAKE: Cell<u32> = const { Cell::new(0) };
        }
        let awake = AWAKE.with(|count| {
            count.set(count.get() + 1);
            count.get()
        });
        if awake >= islands_on_page()
            && let Some(body) = document().body()
        {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

/// How many islands the page holds.
#[cfg(feature = "hydrate")]
pub fn islands_on_page() -> u32 {
    document()
        .query_selector_all("leptos-island")
        .map(|list| list.length())
        .unwrap_or(0)
}
