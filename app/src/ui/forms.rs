//! Form fields with a label, an optional hint and a field-level error, wired for screen readers,
//! and the answer to a form posted without JavaScript.
//!
//! Every form is a plain `POST` to its server function. A browser that posts it as a page
//! (`Accept: text/html`: JavaScript off, or a form outside an island) gets back the page the form
//! was on, rendered by the server with the function's answer (see `server::http::forms`):
//! [`form_action`] puts that answer into the action, and [`Field`] shows what was typed.
use crate::{error::AppError, i18n::*, ui::ErrorNotice};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// What a form posted as a page brought back: the server function's path, its answer (JSON of
/// the output, or of the [`AppError`]) and the submitted fields, to show them again.
#[derive(Debug, Clone, Default)]
pub struct PostedForm {
    pub path: String,
    pub ok: bool,
    pub body: String,
    pub values: Vec<(String, String)>,
}

/// The form posted with this page's request, taken from the request once per render (reading
/// the request from context clones all of its headers).
#[cfg(feature = "ssr")]
#[derive(Clone)]
struct Posted(Option<std::sync::Arc<PostedForm>>);

/// Puts the posted form, if any, into the render's context; the server calls this for every
/// page, after Leptos has put the request there.
#[cfg(feature = "ssr")]
pub fn provide_posted_form() {
    let posted = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<PostedForm>().cloned())
        .map(std::sync::Arc::new);
    provide_context(Posted(posted));
}

impl PostedForm {
    /// The form posted with this page's request, if any.
    pub fn current() -> Option<Self> {
        #[cfg(feature = "ssr")]
        {
            match use_context::<Posted>() {
                Some(Posted(posted)) => posted.map(|form| (*form).clone()),
                None => use_context::<http::request::Parts>()
                    .and_then(|parts| parts.extensions.get::<Self>().cloned()),
            }
        }
        #[cfg(not(feature = "ssr"))]
        {
            None
        }
    }

    /// What was typed into the field `name` (the last value when the name repeats).
    pub fn value(&self, name: &str) -> Option<String> {
        self.values
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    }
}

/// The value typed into `name` in the form posted with this request, when that form was
/// refused (after a success the page shows what is stored).
pub fn posted_value(name: &str) -> Option<String> {
    PostedForm::current()
        .filter(|posted| !posted.ok)
        .and_then(|posted| posted.value(name))
}

/// A server action whose value is, on the page rendered for a posted form, that form's answer.
pub fn form_action<S>() -> ServerAction<S>
where
    S: server_fn::ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: serde::de::DeserializeOwned + Send + Sync + Clone + 'static,
{
    form_action_where(|_| true)
}

/// [`form_action`] for a form repeated on a page (one per person, say): it takes the posted
/// answer only when the posted form's `field` was `value`.
pub fn form_action_for<S>(field: &'static str, value: String) -> ServerAction<S>
where
    S: server_fn::ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: serde::de::DeserializeOwned + Send + Sync + Clone + 'static,
{
    form_action_where(move |posted| posted.value(field).as_deref() == Some(value.as_str()))
}

fn form_action_where<S>(applies: impl Fn(&PostedForm) -> bool) -> ServerAction<S>
where
    S: server_fn::ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: serde::de::DeserializeOwned + Send + Sync + Clone + 'static,
{
    let action = ServerAction::<S>::new();
    if let Some(posted) = PostedForm::current().filter(|posted| posted.path == S::PATH && applies(posted)) {
        let value = if posted.ok {
            serde_json::from_str::<S::Output>(&posted.body).ok().map(Ok)
        } else {
            Some(Err(
                serde_json::from_str::<AppError>(&posted.body).unwrap_or(AppError::Internal)
            ))
        };
        action.value().set(value);
    }
    action
}

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
) -> impl IntoView {
    // On the page answering a form posted without JavaScript: what was typed, except passwords.
    let value = (input_type != "password")
        .then(|| posted_value(name))
        .flatten()
        .or(value);
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
                aria-describedby=described_by
                aria-invalid=move || (invalid.get() || error.get().is_some()).to_string()
            />
        </div>
    }
}

/// Shows `message` at the field `input` rendered by [`Field`], or clears it: the error
/// paragraph `{id}-error`, `aria-invalid`, and `aria-describedby` (hint, then error). For
/// islands that check a server-rendered form.
#[cfg(feature = "hydrate")]
pub fn show_field_error(input: &web_sys::HtmlInputElement, message: Option<&str>) {
    let id = input.id();
    let (hint_id, error_id) = (format!("{id}-hint"), format!("{id}-error"));
    if let Some(paragraph) = document().get_element_by_id(&error_id) {
        paragraph.set_text_content(message);
        let _ = match message {
            Some(_) => paragraph.remove_attribute("hidden"),
            None => paragraph.set_attribute("hidden", ""),
        };
    }
    let _ = input.set_attribute("aria-invalid", if message.is_some() { "true" } else { "false" });
    let mut described = Vec::new();
    if document().get_element_by_id(&hint_id).is_some() {
        described.push(hint_id);
    }
    if message.is_some() {
        described.push(error_id);
    }
    let _ = if described.is_empty() {
        input.remove_attribute("aria-describedby")
    } else {
        input.set_attribute("aria-describedby", &described.join(" "))
    };
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
            .map(|issue| {
                (
                    Some(format!("#{prefix}{}", issue.field)),
                    issue.message.to_string(),
                )
            })
            .collect(),
        Some(AppError::Invalid { field, message } | AppError::Taken { field, message }) => {
            vec![(
                (!field.is_empty()).then(|| format!("#{prefix}{field}")),
                message.to_string(),
            )]
        }
        Some(AppError::Conflict { message }) => vec![(None, message.to_string())],
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

/// The address of the page a form is on, posted with it (`__page`), so that the answer to a
/// form posted without JavaScript is that page again, also when it is itself such an answer.
#[component]
pub fn PageField() -> impl IntoView {
    #[cfg(feature = "ssr")]
    let page = use_context::<http::request::Parts>()
        .and_then(|parts| parts.uri.path_and_query().map(|p| p.as_str().to_string()))
        .unwrap_or_else(|| "/".into());
    #[cfg(not(feature = "ssr"))]
    let page = {
        let location = window().location();
        format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        )
    };
    view! { <input type="hidden" name="__page" value=page /> }
}

/// On the page rendered for a posted form: when the form succeeded and `to` names another
/// page (a new course continues on its own page), the browser is sent there.
pub fn continue_after<S>(action: ServerAction<S>, to: impl Fn(&S::Output) -> Option<String>)
where
    S: server_fn::ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: Send + Sync + Clone + 'static,
{
    #[cfg(feature = "ssr")]
    if let Some(Ok(output)) = action.value().get_untracked()
        && let Some(path) = to(&output)
    {
        leptos_axum::redirect(&path);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = (action, to);
}

pub type Text = fn(I18nContext<Locale>) -> String;

/// A translated label as a signal.
pub fn label(text: Text) -> Signal<String> {
    let i18n = use_i18n();
    Signal::derive(move || text(i18n))
}

/// A labelled multi-line field with its error.
#[component]
pub fn TextArea(
    id: &'static str,
    name: &'static str,
    label: Signal<String>,
    #[prop(optional, into)] value: String,
    error: Signal<Option<String>>,
    #[prop(default = 4)] rows: u32,
) -> impl IntoView {
    let value = posted_value(name).unwrap_or(value);
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <p class="field-error" id=error_id hidden=move || error.get().is_none()>{move || error.get()}</p>
            <textarea
                id=id
                name=name
                rows=rows
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=move || error.get().map(|_| described.clone())
            >
                {value}
            </textarea>
        </div>
    }
}

/// A labelled choice with its error; `options` are (value, text).
#[component]
pub fn SelectField(
    id: &'static str,
    name: &'static str,
    label: Signal<String>,
    options: Vec<(String, String)>,
    #[prop(optional, into)] selected: String,
    #[prop(optional, into)] empty: Option<Signal<String>>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let selected = posted_value(name).unwrap_or(selected);
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <p class="field-error" id=error_id hidden=move || error.get().is_none()>{move || error.get()}</p>
            <select
                id=id
                name=name
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=move || error.get().map(|_| described.clone())
            >
                {empty.map(|text| view! { <option value="">{text}</option> })}
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is = value == selected;
                        view! { <option value=value selected=is>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// What to show when the server says no.
#[component]
pub fn Refused(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    match error {
        AppError::Unauthenticated => {
            view! { <p><a href="/logg-inn">{t!(i18n, forms.signed_out)}</a></p> }.into_any()
        }
        AppError::Forbidden => {
            view! { <p class="notice notice-error" role="alert">{t!(i18n, forms.forbidden)}</p> }.into_any()
        }
        error => view! { <ErrorNotice error /> }.into_any(),
    }
}
