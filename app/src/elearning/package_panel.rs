//! The course's package from an authoring tool, in the editor: what is stored, the upload form
//! (a plain multipart post to `/admin/kurs/{code}/pakke`) and removal. Rendered by the server;
//! no part of it needs the browser to run code.
use super::types::PackageSummary;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn PackagePanel(
    code: String,
    package: Option<PackageSummary>,
    /// Why the last upload was refused.
    refusal: Option<String>,
    /// `?pakke=`: the version just stored, or `fjernet`.
    outcome: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let notice = outcome.map(|outcome| {
        let text = if outcome == "fjernet" {
            view! { {t!(i18n, elearning.package_removed)} }.into_any()
        } else {
            let version: String = outcome.chars().filter(char::is_ascii_digit).take(6).collect();
            view! { {t!(i18n, elearning.package_stored, version = move || version.clone())} }.into_any()
        };
        view! { <p class="notice notice-success" role="status">{text}</p> }
    });
    let refusal = refusal.map(|text| {
        view! {
            <div class="notice notice-error" role="alert">
                <p><strong>{t!(i18n, elearning.package_refused)}</strong></p>
                <p>{text}</p>
            </div>
        }
    });
    let upload_action = format!("/admin/kurs/{code}/pakke");
    let stored = package.map(|package| view! { <StoredPackage code=code.clone() package /> });
    view! {
        <section class="panel" id="pakke" aria-labelledby="package-title">
            <h2 id="package-title">{t!(i18n, elearning.package_title)}</h2>
            <p>{t!(i18n, elearning.package_intro)}</p>
            {notice}
            {refusal}
            {stored}
            <form method="post" enctype="multipart/form-data" action=upload_action class="form">
                <div class="field">
                    <label for="f-package">{t!(i18n, elearning.package_file)}</label>
                    <p class="hint" id="f-package-hint">{t!(i18n, elearning.package_hint)}</p>
                    <input id="f-package" name="package" type="file" accept=".zip,application/zip"
                        required aria-describedby="f-package-hint" />
                </div>
                <button type="submit" class="button button-primary">{t!(i18n, elearning.package_upload)}</button>
            </form>
        </section>
    }
}

#[component]
fn StoredPackage(code: String, package: PackageSummary) -> impl IntoView {
    let i18n = use_i18n();
    let parts = package
        .parts
        .iter()
        .map(|part| {
            let kind = if part.sco {
                t_string!(i18n, elearning.package_part_sco).to_string()
            } else if part.launched {
                t_string!(i18n, elearning.package_part_asset).to_string()
            } else {
                t_string!(i18n, elearning.package_part_heading).to_string()
            };
            view! {
                <li class=format!("depth-{}", part.depth.min(4))>
                    {part.title.clone()} " " <span class="hint">"(" {kind} ")"</span>
                </li>
            }
        })
        .collect_view();
    let (files, mb) = (package.file_count, package.unpacked_mb.clone());
    view! {
        <dl class="facts">
            <dt>{t!(i18n, elearning.package_name)}</dt><dd>{package.title.clone()}</dd>
            <dt>{t!(i18n, elearning.package_version)}</dt><dd>{package.version}</dd>
            <dt>{t!(i18n, elearning.package_standard)}</dt><dd>{package.scorm.clone()}</dd>
            <dt>{t!(i18n, elearning.package_upload_file)}</dt><dd>{package.file_name.clone()}</dd>
            <dt>{t!(i18n, elearning.package_size)}</dt>
            <dd>{t!(i18n, elearning.package_size_value, files = move || files, mb = move || mb.clone())}</dd>
            <dt>{t!(i18n, elearning.package_uploaded)}</dt><dd>{package.uploaded_at.clone()}</dd>
        </dl>
        <p><a href=format!("/admin/kurs/{code}/forsok")>{t!(i18n, elearning.attempts_link)}</a></p>
        <h3>{t!(i18n, elearning.package_contents)}</h3>
        <ul class="package-parts">{parts}</ul>
        <p class="hint">{t!(i18n, elearning.package_versions_note)}</p>
        <form method="post" action="/api/elearning/remove-package" class="form">
            <input type="hidden" name="code" value=code />
            <button type="submit" class="button button-danger">{t!(i18n, elearning.package_remove)}</button>
        </form>
    }
}
