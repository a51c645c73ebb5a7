//! «Administrasjon»: the start page of everyone with a role, with what waits for them.
use super::{api::load_admin_overview, types::Role};
use crate::{
    i18n::*,
    ui::{LoadError, Loading},
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AdminHomePage() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| load_admin_overview());
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, admin_home.title).to_string()) />
        <h1>{t!(i18n, admin_home.title)}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => {
                        let role = overview.role;
                        let admin = role == Role::Admin;
                        view! {
                            <ul class="admin-areas">
                                {admin.then(|| view! {
                                    <li class="panel">
                                        <h2><a href="/admin/brukere">{t!(i18n, admin_home.people)}</a></h2>
                                        <p>{t!(i18n, admin_home.people_text)}</p>
                                    </li>
                                    <li class="panel">
                                        <h2><a href="/admin/firma">{t!(i18n, admin_home.companies)}</a></h2>
                                        <p>{t!(i18n, admin_home.companies_waiting, count = overview.pending_companies)}</p>
                                    </li>
                                    <li class="panel">
                                        <h2><a href="/admin/ansatte">{t!(i18n, admin_home.employees)}</a></h2>
                                        <p>{t!(i18n, admin_home.employees_text)}</p>
                                    </li>
                                    <li class="panel">
                                        <h2><a href="/admin/logg">{t!(i18n, admin_home.audit)}</a></h2>
                                        <p>{t!(i18n, admin_home.audit_text)}</p>
                                    </li>
                                    <li class="panel">
                                        <h2><a href="/admin/hjelp">{t!(i18n, admin_home.help)}</a></h2>
                                        <p>{t!(i18n, admin_home.help_text)}</p>
                                    </li>
                                    <li class="panel">
                                        <h2><a href="/admin/krav">{t!(i18n, admin_home.requirements)}</a></h2>
                                        <p>{t!(i18n, admin_home.requirements_text)}</p>
                                    </li>
                                    <li class="panel">
                                        <h2><a href="/kompetanse">{t!(i18n, admin_home.overview)}</a></h2>
                                        <p>{t!(i18n, admin_home.overview_text)}</p>
                                    </li>
                                    <li class="panel">
                                        <h2><a href="/admin/organisasjon">{t!(i18n, admin_home.organisation)}</a></h2>
                                        <p>{t!(i18n, admin_home.organisation_text)}</p>
                                    </li>
                                })}
                                {role.administers_courses().then(|| view! {
                                    <li class="panel">
                                        <h2><a href="/admin/kurs">{t!(i18n, admin_home.courses)}</a></h2>
                                        <p>{t!(i18n, admin_home.courses_text)}</p>
                                    </li>
                                })}
                                {role.can_support().then(|| view! {
                                    <li class="panel">
                                        <h2><a href="/brukerstotte">{t!(i18n, admin_home.support)}</a></h2>
                                        <p>{t!(i18n, admin_home.support_text)}</p>
                                    </li>
                                    <li class="panel">
                                        <h2><a href="/admin/e-post">{t!(i18n, admin_home.mail)}</a></h2>
                                        <p class=(overview.failed_mail > 0).then_some("attention")>
                                            {if overview.failed_mail > 0 {
                                                t!(i18n, admin_home.mail_waiting, count = overview.failed_mail).into_any()
                                            } else {
                                                t!(i18n, admin_home.mail_none).into_any()
                                            }}
                                        </p>
                                    </li>
                                })}
                            </ul>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
