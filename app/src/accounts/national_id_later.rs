//! «Legg til fødselsnummer» on «Din konto»: an external learner who left the number out at
//! registration adds it (with the current password, or just after a login at work). When the
//! employer already has them as an employee, the profile becomes part of the employee's and
//! the person continues with «Logg inn på jobb».
use super::{api::AddNationalId, types::NationalIdAdded};
use crate::{
    i18n::*,
    ui::forms::{ErrorSummary, Field, field_error, form_error},
};
use leptos::prelude::*;

/// The form, for an external profile without a national ID.
#[component]
pub fn NationalIdPanel(action: ServerAction<AddNationalId>, has_password: bool) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(action);
    view! {
        <section class="panel" aria-labelledby="national-id-title">
            <h2 id="national-id-title">{t!(i18n, account.national_id_title)}</h2>
            <p>{t!(i18n, register.transfer_warning)}" "{t!(i18n, register.transfer_merge)}</p>
            <ActionForm action attr:class="form" attr:novalidate="true">
                <crate::ui::forms::PageField />
                <ErrorSummary error />
                <Field
                    id="f-later-national_id"
                    name="national_id"
                    label=Signal::derive(move || t_string!(i18n, register.national_id).to_string())
                    hint=Signal::derive(move || t_string!(i18n, register.national_id_hint).to_string())
                    verbatim=true
                    required=true
                    error=field_error(error, "national_id")
                />
                {if has_password {
                    view! {
                        <Field
                            id="f-later-current"
                            name="current"
                            label=Signal::derive(move || t_string!(i18n, account.current_password).to_string())
                            input_type="password"
                            autocomplete="current-password"
                            required=true
                            error=field_error(error, "current")
                        />
                    }.into_any()
                } else {
                    view! { <p class="hint">{t!(i18n, account.reauth_at_work)}</p> }.into_any()
                }}
                <button type="submit" class="button button-primary">{t!(i18n, account.national_id_add)}</button>
            </ActionForm>
        </section>
    }
}

/// What the form did, shown above the profile (a merged profile is signed out, so the profile
/// below no longer shows).
#[component]
pub fn NationalIdOutcome(action: ServerAction<AddNationalId>) -> impl IntoView {
    let i18n = use_i18n();
    move || match action.value().get() {
        Some(Ok(NationalIdAdded::Stored)) => view! {
            <div class="notice notice-success" role="status">
                <p>{t!(i18n, account.national_id_stored)}</p>
            </div>
        }
        .into_any(),
        Some(Ok(NationalIdAdded::MergedIntoEmployee)) => view! {
            <div class="notice notice-success" role="status">
                <p>{t!(i18n, account.national_id_merged)}</p>
                <p><a class="button button-primary" href="/logg-inn">{t!(i18n, login.work_button)}</a></p>
            </div>
        }
        .into_any(),
        _ => ().into_any(),
    }
}
