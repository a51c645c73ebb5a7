//! «Dine data» on «Din konto»: the person's own data as a file, masked or, after the current
//! password, with the national ID in full (`server/src/http/personal_data.rs` answers).
use crate::{i18n::*, ui::forms::Field};
use leptos::prelude::*;

/// «Dine data»: everything the portal holds about the person, as a file (GDPR articles 15, 20);
/// with the national ID in full after the current password (or a fresh login at work), posted
/// as a plain form: the browser saves the answer, or the server sends the page back with
/// `?mine-data=avvist|vent` when the proof was refused.
#[component]
pub fn DataPanel(has_password: bool) -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let error = Signal::derive(move || {
        let refused = query.read().get("mine-data")?;
        Some(match (refused.as_str(), has_password) {
            ("vent", _) => t_string!(i18n, account.data_wait).to_string(),
            (_, true) => t_string!(i18n, account.data_wrong_password).to_string(),
            (_, false) => t_string!(i18n, account.data_login_at_work).to_string(),
        })
    });
    view! {
        <section class="panel" aria-labelledby="data-title">
            <h2 id="data-title">{t!(i18n, account.data_title)}</h2>
            <p>{t!(i18n, account.data_text)}</p>
            <p><a class="button" href="/min-konto/mine-data.json" download="mine-data.json">{t!(i18n, account.data_download)}</a></p>
            <h3>{t!(i18n, account.data_full)}</h3>
            <form class="form" method="post" action="/min-konto/mine-data.json">
                {if has_password {
                    view! {
                        <p>{t!(i18n, account.data_full_text)}</p>
                        <Field
                            id="f-data-current"
                            name="current"
                            label=Signal::derive(move || t_string!(i18n, account.current_password).to_string())
                            input_type="password"
                            autocomplete="current-password"
                            required=true
                            error=error
                        />
                    }.into_any()
                } else {
                    view! {
                        <p>{t!(i18n, account.data_full_text_at_work)}</p>
                        <p class="field-error" role="alert" hidden=move || error.get().is_none()>{move || error.get()}</p>
                    }.into_any()
                }}
                <button type="submit" class="button">{t!(i18n, account.data_full_download)}</button>
            </form>
        </section>
    }
}
