//! «Historikk fra tidligere system» (`/admin/historikk`): completions from the system the
//! organisation used before, as a CSV file previewed line by line before anything is saved.
use super::{
    api::{ApplyHistoryImport, PreviewHistoryImport},
    pages::CsvFields,
    types::{HistoryAction, HistoryReport, HistoryRow},
};
use crate::{
    error::AppError,
    i18n::*,
    ui::forms::{ErrorSummary, form_error},
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;

fn column_label(i18n: I18nContext<Locale>, field: &str) -> String {
    match field {
        "staff_code" => t_string!(i18n, hr.col_staff_code),
        "national_id" => t_string!(i18n, hr.col_national_id),
        "email" => t_string!(i18n, history.col_email),
        "course_code" => t_string!(i18n, history.col_course),
        "completed_on" => t_string!(i18n, history.col_completed),
        "valid_until" => t_string!(i18n, history.col_valid_until),
        "result" => t_string!(i18n, history.col_result),
        "source" => t_string!(i18n, history.col_source),
        _ => t_string!(i18n, hr.col_file),
    }
    .to_string()
}

#[component]
pub fn HistoryImportPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, history.title).to_string()) />
        <h1>{t!(i18n, history.title)}</h1>
        <p>{t!(i18n, history.intro)}</p>
        <p><a href="/admin/ansatte">{t!(i18n, integration.to_hr)}</a></p>
        <details class="reveal">
            <summary>{t!(i18n, hr.columns_title)}</summary>
            <p>{t!(i18n, history.columns_intro)}</p>
            <pre class="code">"ansattkode;fødselsnummer;e-post;kurskode;fullført;gyldig til;resultat;kilde\nKAR12;;;SIK-100;01.02.2024;01.02.2026;Bestått;Gammelt LMS"</pre>
        </details>
        <HistoryFileImport />
    }
}

/// The file is read in the browser into the form; the preview and the save are shown in place.
#[island(lazy)]
fn HistoryFileImport() -> impl IntoView {
    crate::ui::island_awake();
    let i18n = crate::ui::island_language();
    let preview = crate::ui::forms::form_action::<PreviewHistoryImport>();
    let apply = crate::ui::forms::form_action::<ApplyHistoryImport>();
    let preview_error = form_error(preview);
    let apply_error = form_error(apply);
    let csv = RwSignal::new(String::new());
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
                <CsvFields csv error=preview_error hint=Signal::derive(move || t_string!(i18n, history.file_hint).to_string()) />
                <div class="field">
                    <label class="choice">
                        <input type="checkbox" name="to_register" id="f-to-register" aria-describedby="f-to-register-hint" />
                        <span>{t!(i18n, history.to_register)}</span>
                    </label>
                    <p class="hint" id="f-to-register-hint">{t!(i18n, history.to_register_hint)}</p>
                </div>
                <button type="submit" class="button button-primary">{t!(i18n, hr.preview)}</button>
            </ActionForm>
        </section>
        {move || report().map(|report| view! { <HistoryOutcome report csv apply apply_error /> })}
    }
}

#[component]
fn HistoryOutcome(
    report: HistoryReport,
    csv: RwSignal<String>,
    apply: ServerAction<ApplyHistoryImport>,
    apply_error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let created = report.count(HistoryAction::Create);
    let corrected = report.count(HistoryAction::Correct);
    let unchanged = report.count(HistoryAction::Unchanged);
    let invalid = report.count(HistoryAction::Invalid);
    let can_apply = !report.applied && !report.has_errors() && report.has_changes();
    let nothing_to_do = !report.applied && !report.has_errors() && !report.has_changes();
    let fingerprint = report.fingerprint.clone();
    let to_register = report.to_register.then_some("on");
    let listed: Vec<HistoryRow> = report
        .rows
        .into_iter()
        .filter(|r| r.action != HistoryAction::Unchanged)
        .collect();
    view! {
        <section class="panel" aria-labelledby="outcome-title">
            <h2 id="outcome-title">
                {if report.applied { t!(i18n, hr.applied_title).into_any() } else { t!(i18n, history.preview_title).into_any() }}
            </h2>
            {report.applied.then(|| view! {
                <div class="notice notice-success" role="status"><p>{t!(i18n, history.applied)}</p></div>
            })}
            {(!report.applied).then(|| view! { <p>{t!(i18n, hr.nothing_saved_yet)}</p> })}
            <ul class="import-summary">
                <li>{t!(i18n, history.count_created, count = move || created)}</li>
                <li>{t!(i18n, history.count_corrected, count = move || corrected)}</li>
                <li>{t!(i18n, hr.count_unchanged, count = move || unchanged)}</li>
                <li class=(invalid > 0).then_some("has-errors")>{t!(i18n, hr.count_invalid, count = move || invalid)}</li>
            </ul>
            <p>{if report.to_register { t!(i18n, history.sent).into_any() } else { t!(i18n, history.not_sent).into_any() }}</p>
            {(invalid > 0).then(|| view! {
                <div class="notice notice-error" role="alert"><p>{t!(i18n, hr.fix_first)}</p></div>
            })}
            {nothing_to_do.then(|| view! { <p role="status">{t!(i18n, hr.nothing_to_do)}</p> })}
            {(!listed.is_empty()).then(|| view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label=move || t_string!(i18n, hr.lines).to_string()>
                    <table class="data-table" aria-labelledby="outcome-title">
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, hr.line)}</th>
                                <th scope="col">{t!(i18n, history.col_person)}</th>
                                <th scope="col">{t!(i18n, history.col_course)}</th>
                                <th scope="col">{t!(i18n, history.col_completed)}</th>
                                <th scope="col">{t!(i18n, history.col_valid_until)}</th>
                                <th scope="col">{t!(i18n, hr.what)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {listed.into_iter().map(|row| view! { <HistoryLine row /> }).collect_view()}
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
                    {to_register.map(|on| view! { <input type="hidden" name="to_register" value=on /> })}
                    <button type="submit" class="button button-primary">{t!(i18n, hr.apply)}</button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn HistoryLine(row: HistoryRow) -> impl IntoView {
    let i18n = use_i18n();
    let what = match row.action {
        HistoryAction::Create => view! { <strong>{t!(i18n, history.created)}</strong> }.into_any(),
        HistoryAction::Correct => {
            let fields = row
                .changes
                .iter()
                .map(|field| column_label(i18n, field))
                .collect::<Vec<_>>()
                .join(", ");
            view! { {t!(i18n, history.corrected)} " " {fields} }.into_any()
        }
        HistoryAction::Unchanged => t!(i18n, hr.unchanged).into_any(),
        HistoryAction::Invalid => view! {
            <ul class="row-errors">
                {row.errors.into_iter().map(|issue| {
                    let column = column_label(i18n, &issue.field);
                    view! { <li>{column} ": " {issue.message.to_string()}</li> }
                }).collect_view()}
            </ul>
        }
        .into_any(),
    };
    view! {
        <tr class=(row.action == HistoryAction::Invalid).then_some("row-invalid")>
            <td>{row.line}</td>
            <td>{row.person}</td>
            <td>{row.course_code}</td>
            <td>{row.completed_on.unwrap_or_default()}</td>
            <td>{row.valid_until.unwrap_or_default()}</td>
            <td>{what}</td>
        </tr>
    }
}
