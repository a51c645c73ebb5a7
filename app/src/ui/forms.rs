//! Form fields with a label, an optional hint and a field-level error, wired for screen readers.
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
) -> impl IntoView {
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
                aria-describedby=described_by
                aria-invalid=move || (invalid.get() || error.get().is_some()).to_string()
            />
        </div>
    }
}
