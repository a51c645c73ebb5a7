//! «Hva vil du LÆRE i dag?»: the search field with suggestions (WAI-ARIA combobox with a listbox).
//!
//! Without JavaScript it is a plain GET form to `/sok`. As an island it suggests courses from
//! the second letter (debounced), Arrow keys move through them, Enter opens the chosen course (or
//! the full results page when none is chosen), Escape closes the list.
use crate::catalogue::types::{CourseKind, Suggestion};
use leptos::{prelude::*, task::spawn_local};
use serde::{Deserialize, Serialize};
use std::time::Duration;

const LIST_ID: &str = "site-search-list";

/// The suggestions for `text` from `GET /api/catalogue/suggest` (the `suggest` server
/// function), read without the server-function client: the search box is on every page.
async fn fetch_suggestions(text: &str) -> Vec<Suggestion> {
    let url = format!(
        "/api/catalogue/suggest?text={}",
        crate::ui::fetch::query_escape(text)
    );
    crate::ui::fetch::get_json(&url).await
}

fn option_id(index: usize) -> String {
    format!("site-search-option-{index}")
}

/// The search box's words in the page's language. The island gets them as a prop: it is on
/// every page, and the translation machinery would otherwise come into the wasm with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchBoxText {
    pub label: String,
    pub placeholder: String,
    pub submit: String,
    /// «forslag»: follows the number of suggestions for screen readers.
    pub suggestions: String,
    /// The kinds' names in the order of [`CourseKind::ALL`].
    pub kinds: Vec<String>,
}

impl SearchBoxText {
    pub fn new(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>) -> Self {
        use crate::i18n::*;
        Self {
            label: t_string!(i18n, search.label).to_string(),
            placeholder: t_string!(i18n, search.placeholder).to_string(),
            submit: t_string!(i18n, search.submit).to_string(),
            suggestions: t_string!(i18n, search.suggestions).to_string(),
            kinds: CourseKind::ALL
                .into_iter()
                .map(|kind| crate::ui::labels::kind_text(i18n, kind))
                .collect(),
        }
    }

    fn kind(&self, kind: CourseKind) -> String {
        let index = CourseKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
        self.kinds.get(index).cloned().unwrap_or_default()
    }
}

/// The header's search field; `current` is the query of the page it is on (`/sok?q=…`).
#[island]
pub fn SearchBox(current: String, text: SearchBoxText) -> impl IntoView {
    crate::ui::island_awake();
    let text = StoredValue::new(text);
    let combo = Combo::new();
    let on_input = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        if typed.trim().chars().count() < 2 {
            combo.open.set(false);
            combo.active.set(None);
        }
        combo.fetch(typed);
    };
    let status = move || {
        let count = combo.suggestions.with(Vec::len);
        if combo.open.get() && count > 0 {
            format!("{count} {}", text.with_value(|t| t.suggestions.clone()))
        } else {
            String::new()
        }
    };
    view! {
        <form class="search" role="search" action="/sok" method="get">
            <label for="site-search" id="site-search-label">{text.with_value(|t| t.label.clone())}</label>
            <div class="search-row">
                <div class="combobox">
                    <input
                        id="site-search"
                        type="search"
                        name="q"
                        role="combobox"
                        aria-autocomplete="list"
                        aria-controls=LIST_ID
                        aria-expanded=move || combo.open.get().to_string()
                        aria-activedescendant=move || combo.active.get().filter(|_| combo.open.get()).map(option_id)
                        autocomplete="off"
                        // The attribute, not the property: hydration must not wipe what was typed before it.
                        value=current
                        placeholder=text.with_value(|t| t.placeholder.clone())
                        on:input=on_input
                        on:keydown=move |ev| combo.on_key(ev)
                        on:blur=move |_| combo.close()
                        on:focus=move |_| combo.open.set(!combo.suggestions.with(Vec::is_empty))
                    />
                    <SuggestionList combo text />
                </div>
                <button type="submit" class="button button-primary">{text.with_value(|t| t.submit.clone())}</button>
            </div>
            <p class="visually-hidden" role="status" aria-live="polite">{status}</p>
        </form>
    }
}

/// The suggestion list's state: what it shows, which one is chosen, whether it is open, and
/// the ticket of the newest request (answers can arrive out of order; only the newest may
/// fill the list).
#[derive(Clone, Copy)]
struct Combo {
    suggestions: RwSignal<Vec<Suggestion>>,
    active: RwSignal<Option<usize>>,
    open: RwSignal<bool>,
    asked: StoredValue<u64>,
}

impl Combo {
    fn new() -> Self {
        Self {
            suggestions: RwSignal::new(Vec::new()),
            active: RwSignal::new(None),
            open: RwSignal::new(false),
            asked: StoredValue::new(0),
        }
    }

    /// Asks for suggestions once typing pauses.
    fn fetch(self, text: String) {
        let Some(ticket) = self.asked.try_update_value(|n| {
            *n += 1;
            *n
        }) else {
            return;
        };
        set_timeout(
            move || {
                if self.asked.try_get_value() != Some(ticket) {
                    return;
                }
                spawn_local(async move {
                    let found = if text.trim().chars().count() >= 2 {
                        fetch_suggestions(&text).await
                    } else {
                        Vec::new()
                    };
                    if self.asked.try_get_value() == Some(ticket) {
                        let any = !found.is_empty();
                        self.suggestions.try_set(found);
                        self.active.try_set(None);
                        self.open.try_set(any);
                    }
                });
            },
            Duration::from_millis(180),
        );
    }

    /// Closing also drops the answers still on their way: one arriving after Escape (typing
    /// pauses now and then, so several requests can be out) must not open the list again.
    fn close(self) {
        self.asked.update_value(|n| *n += 1);
        self.open.set(false);
        self.active.set(None);
    }

    fn go_to(self, code: String) {
        self.open.set(false);
        let _ = window().location().set_href(&format!("/kurs/{code}"));
    }

    /// Arrow keys move through the list, Enter opens the chosen course (or submits the
    /// search), Escape closes the list.
    fn on_key(self, ev: leptos::ev::KeyboardEvent) {
        let count = self.suggestions.with(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                self.open.set(true);
                self.active
                    .update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                self.open.set(true);
                self.active
                    .update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
            }
            "Enter" => {
                if let Some(code) = self
                    .open
                    .get()
                    .then(|| self.active.get())
                    .flatten()
                    .and_then(|i| self.suggestions.with(|s| s.get(i).map(|s| s.code.clone())))
                {
                    ev.prevent_default();
                    self.go_to(code);
                }
                // Otherwise the form is submitted: the full results page.
            }
            "Escape" => {
                // An open list is closed; otherwise the field clears itself as usual.
                if self.open.get() {
                    ev.prevent_default();
                }
                self.close();
            }
            _ => {}
        }
    }
}

/// The suggestions under the field; eight at most, redrawn whole, without a keyed list's
/// diffing code.
#[component]
fn SuggestionList(combo: Combo, text: StoredValue<SearchBoxText>) -> impl IntoView {
    view! {
        <ul
            id=LIST_ID
            role="listbox"
            aria-labelledby="site-search-label"
            class="suggestions"
            hidden=move || !combo.open.get()
        >
            {move || {
                combo
                    .suggestions
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(index, suggestion)| {
                        let code = suggestion.code.clone();
                        view! {
                            <li
                                id=option_id(index)
                                role="option"
                                aria-selected=move || (combo.active.get() == Some(index)).to_string()
                                // Keep focus in the field; the click still chooses.
                                on:mousedown=|ev| ev.prevent_default()
                                on:click=move |_| combo.go_to(code.clone())
                            >
                                <span class="suggestion-title">{suggestion.title}</span>
                                <span class="suggestion-meta">
                                    {suggestion.code} " · " {text.with_value(|t| t.kind(suggestion.kind))} " · "
                                    {suggestion.category}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
    }
}
