//! Form fields with a label, an optional hint and a field-level error, wired for screen readers.
use crate::{error::AppError, i18n::*};
use leptos::prelude::*;

/// One labelled input. The error (from the server or the browser) is tied to the input with
/// `aria-describedby` and `aria-invalid`, so it is read out with the field.
#[component]
pub fn Field(
    id: &'static str,
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional, into)] invalid: Signal<bool>,
    /// For addresses and codes: no automatic capitals or spelling corrections.
    #[prop(optional)]
    verbatim: bool,
    #[prop(optional)] required: bool,
    /// The value shown when the page loads (e.g. the current value of a profile field).
    #[prop(optional, into)]
    value: Option<String>,
    /// Checked in the browser when the person leaves the field, with the same rules the
    /// server applies; `None` means fine. The server's answer still decides.
    #[prop(optional)]
    check: Option<fn(&str) -> Option<&'static str>>,
) -> impl IntoView {
    // What the browser found when the field was last left, and whether it was edited since
    // the server last answered (then the server's message for it is out of date).
    let local = RwSignal::new(None::<String>);
    let edited = RwSignal::new(false);
    Effect::new(move |_| {
        error.track();
        edited.set(false);
    });
    let error = Signal::derive(move || {
        if edited.get() {
            local.get()
        } else {
            error.get().or_else(|| local.get())
        }
    });
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(check) = check {
            local.set(check(&event_target_value(&ev)).map(String::from));
            edited.set(true);
        }
    };
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            <p class="field-error" id=error_id hidden=move || error.get().is_none()>
                {move || error.get()}
            </p>
            <input
                id=id
                name=name
                type=input_type
                autocomplete=autocomplete
                autocapitalize=verbatim.then_some("none")
                spellcheck=verbatim.then_some("false")
                required=required
                value=value
                on:change=on_change
                aria-describedby=described_by
                aria-invalid=move || (invalid.get() || error.get().is_some()).to_string()
            />
        </div>
    }
}

/// The latest error of a form's action, for [`field_error`] and [`ErrorSummary`].
pub type FormError = Signal<Option<AppError>>;

/// The error of the last submission of `action`, if it failed.
pub fn form_error<S>(action: ServerAction<S>) -> FormError
where
    S: server_fn::ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: Send + Sync + Clone + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

/// Whether the last submission of `action` succeeded.
pub fn succeeded<S>(action: ServerAction<S>) -> Signal<bool>
where
    S: server_fn::ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: Send + Sync + Clone + 'static,
{
    Signal::derive(move || matches!(action.value().get(), Some(Ok(_))))
}

/// The message for one field in a form's error.
pub fn field_error(error: FormError, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || error.get().and_then(|e| e.field_message(field).map(String::from)))
}

/// «Rett opp dette»: every problem of the last submission at the top of the form, each a
/// link to its field (whose id is `f-` and the field name), announced when it appears.
#[component]
pub fn ErrorSummary(
    error: FormError,
    /// The prefix of the fields' ids, when a page has two forms with fields of the same name.
    #[prop(default = "f-")]
    prefix: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let items = move || match error.get() {
        None => Vec::new(),
        Some(AppError::InvalidForm { fields }) => fields
            .into_iter()
            .map(|issue| (Some(format!("#{prefix}{}", issue.field)), issue.message))
            .collect(),
        Some(AppError::Invalid { field, message } | AppError::Taken { field, message }) => {
            vec![((!field.is_empty()).then(|| format!("#{prefix}{field}")), message)]
        }
        Some(AppError::Conflict { message }) => vec![(None, message)],
        Some(AppError::RateLimited { .. }) => vec![(None, t_string!(i18n, login.rate_limited).to_string())],
        Some(AppError::Unauthenticated) => vec![(None, t_string!(i18n, forms.signed_out).to_string())],
        Some(AppError::Forbidden) => vec![(None, t_string!(i18n, forms.forbidden).to_string())],
        Some(_) => vec![(None, t_string!(i18n, site.error_text).to_string())],
    };
    view! {
        <div class="notice notice-error error-summary" role="alert" hidden=move || error.get().is_none()>
            <p class="error-summary-title">{t!(i18n, forms.fix_these)}</p>
            <ul>
                {move || {
                    items()
                        .into_iter()
                        .map(|(href, message)| match href {
                            Some(href) => view! { <li><a href=href>{message}</a></li> }.into_any(),
                            None => view! { <li>{message}</li> }.into_any(),
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}
