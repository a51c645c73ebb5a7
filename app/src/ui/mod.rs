//! Shared components: the page frame, loading and error notices.
pub mod forms;
pub mod layout;

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
        AppError::Invalid { message, .. } | AppError::Conflict { message } => Some(message),
        _ => None,
    };
    view! {
        <div class="notice notice-error" role="alert">
            <p><strong>{t!(i18n, site.error_title)}</strong></p>
            <p>{detail.unwrap_or_else(|| t_string!(i18n, site.error_text).to_string())}</p>
        </div>
    }
}
