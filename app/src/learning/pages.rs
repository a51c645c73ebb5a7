//! «Historikk», the certificate («kursbevis») with print and PDF, the public verification
//! page, and revocation for course administrators.
use super::widgets::{HistoryTable, status_text};
use super::{
    api::{RevokeCertificate, history, load_certificate, verify},
    types::{Certificate, CertificateStatus},
};
use crate::{
    error::AppError,
    i18n::*,
    ui::forms::{Refused, TextArea, label},
    ui::{
        ErrorNotice, Loading,
        forms::{ErrorSummary, field_error, form_error, succeeded},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// «Historikk» → «Vis alt»: every completion.
#[component]
pub fn HistoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let rows = Resource::new(|| (), |_| history());
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, learning.history).to_string()) />
        <h1 id="history-title">{t!(i18n, learning.history)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(rows) if rows.is_empty() => view! { <p>{t!(i18n, learning.history_none)}</p> }.into_any(),
                    Ok(rows) => view! { <HistoryTable rows /> }.into_any(),
                    Err(error) => view! { <Refused error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/kursbevis/:code`: the certificate, print-ready on A4, with a PDF download.
#[component]
pub fn CertificatePage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    view! { {move || view! { <CertificateView code=code() /> }} }
}

/// `/admin/kursbevis?kode=…`: find a certificate by its code, to revoke it.
#[component]
pub fn CertificateLookupPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let code = move || query.read().get("kode").unwrap_or_default();
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, learning.lookup).to_string()) />
        <div class="no-print">
            <h1>{t!(i18n, learning.lookup)}</h1>
            <form method="get" action="/admin/kursbevis" class="form inline-search">
                <div class="field">
                    <label for="f-kode">{t!(i18n, learning.lookup_code)}</label>
                    <input id="f-kode" name="kode" type="text" autocomplete="off" value=code />
                </div>
                <button type="submit" class="button button-primary">{t!(i18n, learning.find)}</button>
            </form>
        </div>
        {move || {
            let code = code();
            (!code.trim().is_empty()).then(|| view! { <CertificateView code /> })
        }}
    }
}

#[component]
fn CertificateView(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let revoke = crate::ui::forms::form_action::<RevokeCertificate>();
    let item = Resource::new(
        move || (code.clone(), revoke.version().get()),
        |(code, _)| load_certificate(code),
    );
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, learning.certificate).to_string()) />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match item.await {
                    Ok(certificate) => view! { <CertificateSheet certificate revoke /> }.into_any(),
                    Err(AppError::NotFound) => view! {
                        <p class="notice notice-error" role="alert">{t!(i18n, learning.not_found)}</p>
                    }.into_any(),
                    Err(error) => view! { <Refused error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CertificateSheet(certificate: Certificate, revoke: ServerAction<RevokeCertificate>) -> impl IntoView {
    let i18n = use_i18n();
    let c = certificate;
    let pdf = format!("/kursbevis/{}/kursbevis.pdf", c.code.replace('-', ""));
    let view_box = format!("-2 -2 {} {}", c.qr_size + 4, c.qr_size + 4);
    let error = form_error(revoke);
    let revoked = succeeded(revoke);
    let status = c.status;
    let revoke_panel = (c.can_revoke && status != CertificateStatus::Revoked).then(|| {
        let code = c.code.clone();
        view! {
            <section class="panel panel-danger no-print" aria-labelledby="revoke-title" hidden=move || revoked.get()>
                <h2 id="revoke-title">{t!(i18n, learning.revoke)}</h2>
                <p>{t!(i18n, learning.revoke_intro)}</p>
                <ActionForm action=revoke attr:class="form" attr:novalidate="true">
                    <crate::ui::forms::PageField />
                    <ErrorSummary error />
                    <input type="hidden" name="code" value=code />
                    <TextArea id="f-reason" name="reason" label=label(|i18n| t_string!(i18n, learning.revoke_reason).to_string())
                        error=field_error(error, "reason") rows=3 />
                    <button type="submit" class="button button-danger">{t!(i18n, learning.revoke)}</button>
                </ActionForm>
            </section>
        }
    });
    view! {
        <div class="certificate-actions no-print">
            <PrintButton label=t_string!(i18n, learning.print).to_string() />
            <a class="button" href=pdf download="">{t!(i18n, learning.download_pdf)}</a>
            <a href="/historikk">{t!(i18n, learning.history)}</a>
        </div>
        <article class="certificate" aria-labelledby="certificate-title">
            <header class="certificate-head">
                <h1 id="certificate-title">{t!(i18n, learning.certificate_heading)}</h1>
                <p>{c.issuer.clone()}</p>
            </header>
            {(status != CertificateStatus::Valid).then(|| view! {
                <p class="certificate-warning" role="status">
                    <strong>{status_text(i18n, status)}</strong>
                    {c.revoked_reason.clone().map(|r| view! { " – " {r} })}
                </p>
            })}
            <h2 class="certificate-course">{c.course_title.clone()}</h2>
            <p>{t!(i18n, learning.course_code)} ": " {c.course_code.clone()}</p>
            <dl class="certificate-facts">
                <dt>{t!(i18n, learning.holder)}</dt><dd>{c.holder_name.clone()}</dd>
                <dt>{t!(i18n, learning.birth_date)}</dt><dd>{c.birth_date.clone().unwrap_or_else(|| "–".into())}</dd>
                <dt>{t!(i18n, learning.completed)}</dt><dd>{c.completed_on.clone()}</dd>
                <dt>{t!(i18n, learning.result)}</dt><dd>{c.result.clone()}</dd>
                <dt>{t!(i18n, learning.valid_until)}</dt>
                <dd>{c.valid_until.clone().unwrap_or_else(|| t_string!(i18n, learning.no_expiry).to_string())}</dd>
                <dt>{t!(i18n, learning.issuer)}</dt><dd>{c.issuer.clone()}</dd>
                <dt>{t!(i18n, learning.code)}</dt><dd class="certificate-code">{c.code.clone()}</dd>
            </dl>
            <div class="certificate-verify">
                <svg class="qr" viewBox=view_box role="img" aria-label=t_string!(i18n, learning.qr_label).to_string()>
                    <rect x="-2" y="-2" width="100%" height="100%" fill="#fff" />
                    <path d=c.qr_path.clone() fill="#000" />
                </svg>
                <p>{t!(i18n, learning.scan_to_verify)} <br /><a href=c.verify_url.clone()>{c.verify_url.clone()}</a></p>
            </div>
        </article>
        {revoke_panel}
    }
}

/// `/verifiser/:code` (and `/verifiser?kode=…`): public, no login; valid, expired or revoked.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let code = move || {
        params
            .read()
            .get("code")
            .or_else(|| query.read().get("kode"))
            .unwrap_or_default()
    };
    let result = Resource::new(code, |code| async move {
        if code.trim().is_empty() {
            Ok(None)
        } else {
            verify(code).await.map(Some)
        }
    });
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, learning.verify_title).to_string()) />
        <h1>{t!(i18n, learning.verify_title)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match result.await {
                    Ok(Some(v)) => {
                        let (class, text) = match v.status {
                            CertificateStatus::Valid => ("verdict verdict-ok", t_string!(i18n, learning.verify_valid).to_string()),
                            CertificateStatus::Expired => ("verdict verdict-warn", t_string!(i18n, learning.verify_expired).to_string()),
                            CertificateStatus::Revoked => ("verdict verdict-bad", t_string!(i18n, learning.verify_revoked).to_string()),
                        };
                        view! {
                            <div class=class role="status"><p><strong>{text}</strong></p></div>
                            <dl class="certificate-facts">
                                <dt>{t!(i18n, learning.code)}</dt><dd>{v.code}</dd>
                                <dt>{t!(i18n, learning.holder)}</dt><dd>{v.holder_name}</dd>
                                <dt>{t!(i18n, learning.course)}</dt><dd>{v.course_title}</dd>
                                <dt>{t!(i18n, learning.completed)}</dt><dd>{v.completed_on}</dd>
                                <dt>{t!(i18n, learning.valid_until)}</dt>
                                <dd>{v.valid_until.unwrap_or_else(|| t_string!(i18n, learning.no_expiry).to_string())}</dd>
                            </dl>
                        }.into_any()
                    }
                    Ok(None) => ().into_any(),
                    Err(AppError::NotFound) => view! {
                        <div class="verdict verdict-bad" role="status"><p><strong>{t!(i18n, learning.verify_unknown)}</strong></p></div>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
        <form method="get" action="/verifiser" class="form inline-search">
            <div class="field">
                <label for="f-verify-code">{t!(i18n, learning.lookup_code)}</label>
                <input id="f-verify-code" name="kode" type="text" autocomplete="off" />
            </div>
            <button type="submit" class="button">{t!(i18n, learning.verify_button)}</button>
        </form>
    }
}

/// «Skriv ut»: the browser's print dialog (the print CSS shows the certificate alone).
#[island]
fn PrintButton(label: String) -> impl IntoView {
    crate::ui::island_awake();
    view! {
        <button type="button" class="button button-primary" on:click=move |_| { let _ = window().print(); }>
            {label}
        </button>
    }
}
