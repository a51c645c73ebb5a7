//! The latest completions on «Mine kurs».
use super::{api::*, types::*};
use crate::{i18n::*, ui::*};
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// «Historikk» on «Mine kurs»: the latest three, and «Vis alt».
#[component]
pub fn RecentHistory() -> impl IntoView {
    let i18n = use_i18n();
    let rows = Resource::new(|| (), |_| history());
    view! {
        <section class="history" aria-labelledby="history-title">
            <h2 id="history-title">{t!(i18n, learning.history)}</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match rows.await {
                        Ok(rows) if rows.is_empty() => view! { <p>{t!(i18n, learning.history_none)}</p> }.into_any(),
                        Ok(mut rows) => {
                            rows.truncate(3);
                            view! {
                                <HistoryTable rows />
                                <p><a href="/historikk">{t!(i18n, learning.see_all)}</a></p>
                            }.into_any()
                        }
                        Err(_) => ().into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn HistoryTable(rows: Vec<HistoryRow>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="data-table" aria-labelledby="history-title">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, learning.course)}</th>
                        <th scope="col">{t!(i18n, learning.completed)}</th>
                        <th scope="col">{t!(i18n, learning.result)}</th>
                        <th scope="col">{t!(i18n, learning.valid_until)}</th>
                        <th scope="col">{t!(i18n, learning.status)}</th>
                        <th scope="col">{t!(i18n, learning.action)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| {
                        let link_label = format!("{} {}", t_string!(i18n, learning.certificate_for), row.course_title);
                        view! {
                            <tr>
                                <th scope="row"><a href=row.href.clone()>{row.course_title.clone()}</a></th>
                                <td>{row.completed_on}</td>
                                <td>{row.result}</td>
                                <td>{row.valid_until.unwrap_or_else(|| t_string!(i18n, learning.no_expiry).to_string())}</td>
                                <td><span class=status_class(row.status)>{status_text(i18n, row.status)}</span></td>
                                <td>
                                    <a class="icon-link" href=format!("/kursbevis/{}", row.code) aria-label=link_label title=t_string!(i18n, learning.certificate).to_string()>
                                        <PrinterIcon />
                                    </a>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A printer, for the «Handling» column.
#[component]
pub fn PrinterIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path fill="currentColor" d="M6 2h12v5H6zM4 8h16a2 2 0 0 1 2 2v6h-4v6H6v-6H2v-6a2 2 0 0 1 2-2zm4 8v4h8v-4zm10-5a1 1 0 1 0 0 2 1 1 0 0 0 0-2z" />
        </svg>
    }
}

pub fn status_text(i18n: I18nContext<Locale>, status: CertificateStatus) -> String {
    match status {
        CertificateStatus::Valid => t_string!(i18n, learning.valid).to_string(),
        CertificateStatus::Expired => t_string!(i18n, learning.expired).to_string(),
        CertificateStatus::Revoked => t_string!(i18n, learning.revoked).to_string(),
    }
}

pub fn status_class(status: CertificateStatus) -> &'static str {
    match status {
        CertificateStatus::Valid => "badge badge-ok",
        CertificateStatus::Expired => "badge badge-warn",
        CertificateStatus::Revoked => "badge badge-bad",
    }
}
