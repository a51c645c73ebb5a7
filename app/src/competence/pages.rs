//! «Ansatte fra HR-systemet» (an HR file, previewed before anything is saved) and
//! «Integrasjoner» (the API clients of the HR system and the competence register).
use super::{
    api::{ApplyEmployeeImport, CreateApiClient, PreviewEmployeeImport, RevokeApiClient, load_api_clients},
    types::{ApiClient, ImportAction, ImportReport, ImportRow},
};
use crate::{
    error::AppError,
    i18n::*,
    ui::{
        ErrorNotice, Loading,
        forms::{ErrorSummary, Field, field_error, form_error},
    },
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;

fn column_label(i18n: I18nContext<Locale>, field: &str) -> String {
    match field {
        "staff_code" => t_string!(i18n, hr.col_staff_code),
        "name" => t_string!(i18n, hr.col_name),
        "national_id" => t_string!(i18n, hr.col_national_id),
        "work_email" => t_string!(i18n, hr.col_work_email),
        "employer_org_number" => t_string!(i18n, hr.col_employer_org_number),
        "employer_name" => t_string!(i18n, hr.col_employer_name),
        "employment_start" => t_string!(i18n, hr.col_employment_start),
        "employment_end" => t_string!(i18n, hr.col_employment_end),
        "unit_code" => t_string!(i18n, hr.col_unit_code),
        "unit_name" => t_string!(i18n, hr.col_unit_name),
        "employer" => t_string!(i18n, hr.full_employer),
        "last_day" => t_string!(i18n, hr.full_last_day),
        _ => t_string!(i18n, hr.col_file),
    }
    .to_string()
}

/// Reads the chosen file into the form's text area (the browser only; the file never
/// leaves the page except as the form's text).
#[cfg(feature = "hydrate")]
fn read_file(ev: leptos::ev::Event, csv: RwSignal<String>, too_big: RwSignal<bool>) {
    use leptos::wasm_bindgen::JsCast;
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return;
    };
    // The server's limit; a larger file is not read at all.
    let over = file.size() > super::types::HR_FILE_MAX_BYTES as f64;
    too_big.set(over);
    if over {
        return;
    }
    leptos::task::spawn_local(async move {
        if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
            csv.set(text.as_string().unwrap_or_default());
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn read_file(_: leptos::ev::Event, _: RwSignal<String>, _: RwSignal<bool>) {}

/// `/admin/ansatte`: upload the HR system's export, see what would change, then save it.
#[component]
pub fn EmployeeImportPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, hr.title).to_string()) />
        <h1>{t!(i18n, hr.title)}</h1>
        <p>{t!(i18n, hr.intro)}</p>
        <p>
            <a href="/admin/integrasjoner">{t!(i18n, hr.to_integrations)}</a> " · "
            <a href="/admin/historikk">{t!(i18n, history.title)}</a>
        </p>
        <details class="reveal">
            <summary>{t!(i18n, hr.columns_title)}</summary>
            <p>{t!(i18n, hr.columns_intro)}</p>
            <ul>
                <li><code>"staff_code"</code> " – " {t!(i18n, hr.col_staff_code_help)}</li>
                <li><code>"name"</code> " – " {t!(i18n, hr.col_name_help)}</li>
                <li><code>"employer_org_number"</code> " – " {t!(i18n, hr.col_employer_help)}</li>
                <li><code>"national_id"</code> " – " {t!(i18n, hr.col_national_id_help)}</li>
                <li><code>"work_email"</code> ", " <code>"employer_name"</code> ", " <code>"employment_start"</code> ", "
                    <code>"employment_end"</code> " – " {t!(i18n, hr.col_optional_help)}</li>
                <li><code>"unit_code"</code> ", " <code>"unit_name"</code> " – " {t!(i18n, hr.col_unit_help)}</li>
            </ul>
            <p>{t!(i18n, hr.example)}</p>
            <pre class="code">"staff_code;name;national_id;work_email;employer_org_number;employment_start\nKAR12;Kari Nordmann;;kari.nordmann@firma.no;974760673;01.08.2025"</pre>
        </details>
        <HrFileImport />
    }
}

/// The file is read in the browser into the form; the preview and the save are shown in place.
#[island(lazy)]
fn HrFileImport() -> impl IntoView {
    crate::ui::island_awake();
    let i18n = crate::ui::island_language();
    let preview = crate::ui::forms::form_action::<PreviewEmployeeImport>();
    let apply = crate::ui::forms::form_action::<ApplyEmployeeImport>();
    let preview_error = form_error(preview);
    let apply_error = form_error(apply);
    let csv = RwSignal::new(String::new());
    // A new preview replaces the outcome of the last save.
    Effect::new(move |_| {
        if preview.pending().get() {
            apply.value().set(None);
        }
    });
    let report = move || match (apply.value().get(), preview.value().get()) {
        (Some(Ok(applied)), _) => Some(applied),
        (_, Some(Ok(previewed))) => Some(previewed),
        _ => None,
    };
    view! {
        <section class="panel" aria-labelledby="upload-title">
            <h2 id="upload-title">{t!(i18n, hr.upload_title)}</h2>
            <ActionForm action=preview attr:class="form" attr:novalidate="true">
                <crate::ui::forms::PageField />
                <ErrorSummary error=preview_error />
                <CsvFields csv error=preview_error hint=Signal::derive(move || t_string!(i18n, hr.file_hint).to_string()) />
                <FullListFields error=preview_error />
                <button type="submit" class="button button-primary">{t!(i18n, hr.preview)}</button>
            </ActionForm>
        </section>
        {move || report().map(|report| view! { <ImportOutcome report csv apply apply_error /> })}
    }
}

/// The file chooser and the text it is read into (which can also be pasted), with the form's
/// `csv` error: the field of both imports.
#[component]
pub(super) fn CsvFields(
    csv: RwSignal<String>,
    error: Signal<Option<AppError>>,
    hint: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let too_big = RwSignal::new(false);
    view! {
        <div class="field">
            <label for="f-file">{t!(i18n, hr.file)}</label>
            <p class="hint" id="f-file-hint">{move || hint.get()}</p>
            <p class="field-error" id="f-file-error" hidden=move || !too_big.get()>{t!(i18n, hr.too_big)}</p>
            <input id="f-file" type="file" accept=".csv,text/csv,text/plain"
                aria-describedby=move || if too_big.get() { "f-file-hint f-file-error" } else { "f-file-hint" }
                on:change=move |ev| read_file(ev, csv, too_big) />
        </div>
        <div class="field">
            <label for="f-csv">{t!(i18n, hr.text)}</label>
            <p class="hint" id="f-csv-hint">{t!(i18n, hr.text_hint)}</p>
            <p class="field-error" id="f-csv-error" hidden=move || field_error(error, "csv").get().is_none()>
                {move || field_error(error, "csv").get()}
            </p>
            <textarea id="f-csv" name="csv" rows="8" spellcheck="false" class="code"
                aria-describedby="f-csv-hint f-csv-error"
                aria-invalid=move || field_error(error, "csv").get().is_some().to_string()
                prop:value=move || csv.get()
                on:input=move |ev| csv.set(event_target_value(&ev))></textarea>
        </div>
    }
}

/// «The file is the full list of one employer»: the employer and the last working day of
/// those missing from it.
#[component]
fn FullListFields(error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let label = |text: fn(I18nContext<Locale>) -> String| {
        let i18n = use_i18n();
        Signal::derive(move || text(i18n))
    };
    view! {
        <fieldset class="field" aria-describedby="f-full-hint">
            <legend>{t!(i18n, hr.full_title)}</legend>
            <p class="hint" id="f-full-hint">{t!(i18n, hr.full_hint)}</p>
            <label class="choice">
                <input type="checkbox" name="full" id="f-full" />
                <span>{t!(i18n, hr.full)}</span>
            </label>
            <Field id="f-employer" name="employer" verbatim=true
                label=label(|i18n| t_string!(i18n, hr.full_employer).to_string())
                error=field_error(error, "employer") />
            <Field id="f-last-day" name="last_day" input_type="date"
                label=label(|i18n| t_string!(i18n, hr.full_last_day).to_string())
                error=field_error(error, "last_day") />
        </fieldset>
    }
}

#[component]
fn ImportOutcome(
    report: ImportReport,
    csv: RwSignal<String>,
    apply: ServerAction<ApplyEmployeeImport>,
    apply_error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let created = report.count(ImportAction::Create);
    let updated = report.count(ImportAction::Update);
    let unchanged = report.count(ImportAction::Unchanged);
    let invalid = report.count(ImportAction::Invalid);
    let merged = report.merges();
    let ended = report.count(ImportAction::End);
    let full_list = report.full_list.clone();
    let can_apply = !report.applied && !report.has_errors() && report.has_changes();
    let nothing_to_do = !report.applied && !report.has_errors() && !report.has_changes();
    let fingerprint = report.fingerprint.clone();
    let listed: Vec<ImportRow> = report
        .rows
        .into_iter()
        .filter(|r| r.action != ImportAction::Unchanged)
        .collect();
    view! {
        <section class="panel" aria-labelledby="outcome-title">
            <h2 id="outcome-title">
                {if report.applied { t!(i18n, hr.applied_title).into_any() } else { t!(i18n, hr.preview_title).into_any() }}
            </h2>
            {report.applied.then(|| view! {
                <div class="notice notice-success" role="status"><p>{t!(i18n, hr.applied)}</p></div>
            })}
            {(!report.applied).then(|| view! { <p>{t!(i18n, hr.nothing_saved_yet)}</p> })}
            <ul class="import-summary">
                <li>{t!(i18n, hr.count_created, count = move || created)}</li>
                <li>{t!(i18n, hr.count_updated, count = move || updated)}</li>
                <li>{t!(i18n, hr.count_merged, count = move || merged)}</li>
                <li>{t!(i18n, hr.count_unchanged, count = move || unchanged)}</li>
                {full_list.is_some().then(|| view! { <li>{t!(i18n, hr.count_ended, count = move || ended)}</li> })}
                <li class=(invalid > 0).then_some("has-errors")>{t!(i18n, hr.count_invalid, count = move || invalid)}</li>
            </ul>
            {(invalid > 0).then(|| view! {
                <div class="notice notice-error" role="alert"><p>{t!(i18n, hr.fix_first)}</p></div>
            })}
            {nothing_to_do.then(|| view! { <p role="status">{t!(i18n, hr.nothing_to_do)}</p> })}
            {(!listed.is_empty()).then(|| view! {
                // Scrolls sideways on a phone: focusable, so a keyboard can scroll it too.
                <div class="table-wrap" tabindex="0" role="region" aria-label=move || t_string!(i18n, hr.lines).to_string()>
                    <table class="data-table" aria-labelledby="outcome-title">
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, hr.line)}</th>
                                <th scope="col">{t!(i18n, hr.col_staff_code)}</th>
                                <th scope="col">{t!(i18n, hr.col_name)}</th>
                                <th scope="col">{t!(i18n, hr.what)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {listed.into_iter().map(|row| view! { <OutcomeRow row /> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            {can_apply.then(|| view! {
                <ActionForm action=apply attr:class="form">
                    <crate::ui::forms::PageField />
                    <ErrorSummary error=apply_error prefix="apply-" />
                    <input type="hidden" name="csv" prop:value=move || csv.get() />
                    <input type="hidden" name="fingerprint" value=fingerprint.clone() />
                    {full_list.clone().map(|list| view! {
                        <input type="hidden" name="full" value="on" />
                        <input type="hidden" name="employer" value=list.employer />
                        <input type="hidden" name="last_day" value=list.last_day />
                    })}
                    <button type="submit" class="button button-primary">{t!(i18n, hr.apply)}</button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn OutcomeRow(row: ImportRow) -> impl IntoView {
    let i18n = use_i18n();
    let what = match row.action {
        ImportAction::Create => view! { <strong>{t!(i18n, hr.new_employee)}</strong> }.into_any(),
        ImportAction::Update => {
            let fields = row
                .changes
                .iter()
                .map(|field| column_label(i18n, field))
                .collect::<Vec<_>>()
                .join(", ");
            view! { {t!(i18n, hr.changes)} " " {fields} }.into_any()
        }
        ImportAction::Unchanged => t!(i18n, hr.unchanged).into_any(),
        ImportAction::End => view! { <strong>{t!(i18n, hr.missing)}</strong> }.into_any(),
        ImportAction::Invalid => view! {
            <ul class="row-errors">
                {row.errors.into_iter().map(|issue| {
                    let column = column_label(i18n, &issue.field);
                    view! { <li>{column} ": " {issue.message.to_string()}</li> }
                }).collect_view()}
            </ul>
        }
        .into_any(),
    };
    let merges = row.merges.map(|name| {
        view! { <p class="row-note">{t!(i18n, hr.merges, name = move || name.clone())}</p> }
    });
    let ends = row.ends.map(|day| {
        view! { <p class="row-note">{t!(i18n, hr.ends, day = move || day.clone())}</p> }
    });
    view! {
        <tr class=(row.action == ImportAction::Invalid).then_some("row-invalid")>
            <td>{if row.line == 0 { "–".to_string() } else { row.line.to_string() }}</td>
            <td>{row.staff_code}</td>
            <td>{row.name}</td>
            <td>{what} {merges} {ends}</td>
        </tr>
    }
}

/// `/admin/integrasjoner`: the HR system's and the competence register's API keys.
#[component]
pub fn IntegrationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = crate::ui::forms::form_action::<CreateApiClient>();
    let revoke = crate::ui::forms::form_action::<RevokeApiClient>();
    let create_error = form_error(create);
    let revoke_error = form_error(revoke);
    let clients = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| load_api_clients(),
    );
    let created = move || create.value().get().and_then(Result::ok);
    let label = |text: fn(I18nContext<Locale>) -> String| {
        let i18n = use_i18n();
        Signal::derive(move || text(i18n))
    };
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, integration.title).to_string()) />
        <h1>{t!(i18n, integration.title)}</h1>
        <p>{t!(i18n, integration.intro)}</p>
        <p>
            <a href="/admin/ansatte">{t!(i18n, integration.to_hr)}</a> " · "
            <a href="/api/v1/openapi.json">{t!(i18n, integration.openapi)}</a>
        </p>
        {move || created().map(|made| view! {
            <div class="notice notice-success" role="status">
                <p>{t!(i18n, integration.created, name = move || made.name.clone())}</p>
                <p><strong>{t!(i18n, integration.copy_now)}</strong></p>
                <p><code class="code token" id="new-token">{made.token.clone()}</code></p>
            </div>
        })}
        <section class="panel" aria-labelledby="new-client-title">
            <h2 id="new-client-title">{t!(i18n, integration.new_title)}</h2>
            <ActionForm action=create attr:class="form" attr:novalidate="true">
                <crate::ui::forms::PageField />
                <ErrorSummary error=create_error />
                <Field id="f-name" name="name" required=true
                    label=label(|i18n| t_string!(i18n, integration.name).to_string())
                    hint=label(|i18n| t_string!(i18n, integration.name_hint).to_string())
                    error=field_error(create_error, "name") />
                <fieldset class="field" id="f-scopes" aria-describedby="f-scopes-error">
                    <legend>{t!(i18n, integration.scopes)}</legend>
                    <p class="field-error" id="f-scopes-error" hidden=move || field_error(create_error, "scopes").get().is_none()>
                        {move || field_error(create_error, "scopes").get()}
                    </p>
                    <div class="choices">
                        <label class="choice">
                            <input type="checkbox" name="employees_write" />
                            <span><code class="code">"employees:write"</code> " – " {t!(i18n, integration.scope_employees)}</span>
                        </label>
                        <label class="choice">
                            <input type="checkbox" name="transfers_read" />
                            <span><code class="code">"transfers:read"</code> " – " {t!(i18n, integration.scope_transfers)}</span>
                        </label>
                    </div>
                </fieldset>
                <button type="submit" class="button button-primary">{t!(i18n, integration.create)}</button>
            </ActionForm>
        </section>
        <h2 id="clients-title">{t!(i18n, integration.list_title)}</h2>
        <ErrorSummary error=revoke_error prefix="revoke-" />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match clients.await {
                    Ok(list) if list.is_empty() => view! { <p>{t!(i18n, integration.none)}</p> }.into_any(),
                    Ok(list) => view! {
                        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="clients-title">
                            <table class="data-table" aria-labelledby="clients-title">
                                <thead>
                                    <tr>
                                        <th scope="col">{t!(i18n, integration.name)}</th>
                                        <th scope="col">{t!(i18n, integration.scopes)}</th>
                                        <th scope="col">{t!(i18n, integration.created_at)}</th>
                                        <th scope="col">{t!(i18n, integration.last_used)}</th>
                                        <th scope="col">{t!(i18n, integration.status)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list.into_iter().map(|client| view! { <ClientRow client revoke /> }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                    .into_any(),
                    Err(AppError::Unauthenticated) => view! {
                        <p><a href="/logg-inn">{t!(i18n, forms.signed_out)}</a></p>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ClientRow(client: ApiClient, revoke: ServerAction<RevokeApiClient>) -> impl IntoView {
    let i18n = use_i18n();
    let never = move || t_string!(i18n, integration.never).to_string();
    let status = match client.revoked_at.clone() {
        Some(at) => view! { {t!(i18n, integration.revoked, at = move || at.clone())} }.into_any(),
        None => {
            let name = client.name.clone();
            view! {
                {t!(i18n, integration.active)}
                <details class="reveal" open=move || revoke.value().get().is_some_and(|r| r.is_err())>
                    <summary>
                        {t!(i18n, integration.revoke)} <span class="visually-hidden">" (" {name} ")"</span>
                    </summary>
                    <ActionForm action=revoke attr:class="form">
                        <crate::ui::forms::PageField />
                        <p>{t!(i18n, integration.revoke_warning)}</p>
                        <input type="hidden" name="id" value=client.id.to_string() />
                        <button type="submit" class="button button-danger">{t!(i18n, integration.revoke_confirm)}</button>
                    </ActionForm>
                </details>
            }
            .into_any()
        }
    };
    view! {
        <tr>
            <td>{client.name.clone()}</td>
            <td>{client.scopes.join(", ")}</td>
            <td>{client.created_at.clone()}</td>
            <td>{client.last_used_at.clone().unwrap_or_else(never)}</td>
            <td>{status}</td>
        </tr>
    }
}
