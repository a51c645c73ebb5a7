//! Parts other pages use: a requirement status as words, and «Påkrevd opplæring» on «Mine kurs».
use super::{api::my_requirements, types::RequirementStatus};
use crate::{error::AppError, i18n::*};
use leptos::prelude::*;

/// The words for a status.
pub fn status_label(i18n: leptos_i18n::I18nContext<Locale>, status: RequirementStatus) -> String {
    match status {
        RequirementStatus::Valid => t_string!(i18n, requirements.status_valid),
        RequirementStatus::Expiring => t_string!(i18n, requirements.status_expiring),
        RequirementStatus::InProgress => t_string!(i18n, requirements.status_in_progress),
        RequirementStatus::Expired => t_string!(i18n, requirements.status_expired),
        RequirementStatus::Missing => t_string!(i18n, requirements.status_missing),
        RequirementStatus::Overdue => t_string!(i18n, requirements.status_overdue),
    }
    .to_string()
}

/// A status as a marked word (the class gives its colour; the word carries the meaning).
#[component]
pub fn StatusMark(status: RequirementStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! { <span class=format!("status status-{}", status.as_str())>{status_label(i18n, status)}</span> }
}

/// «Påkrevd opplæring»: what the person's job requires, most urgent first, each with what to do
/// next; nothing when nothing is required. Leaders and company contacts get a link to
/// «Kompetanseoversikt».
#[component]
pub fn RequiredTraining() -> impl IntoView {
    let i18n = use_i18n();
    let mine = Resource::new(|| (), |_| my_requirements());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match mine.await {
                    Ok(mine) => {
                        let link = mine.sees_overview.then(|| view! {
                            <p><a href="/kompetanse">{t!(i18n, requirements.overview_link)}</a></p>
                        });
                        let lines = (!mine.lines.is_empty()).then(|| {
                            let items = mine.lines.into_iter().map(|line| {
                                let href = line.required.href();
                                let todo = (!line.status.is_held() || line.status == RequirementStatus::Expiring).then(|| {
                                    let text = if line.required.path {
                                        t_string!(i18n, requirements.do_path)
                                    } else {
                                        t_string!(i18n, requirements.do_take)
                                    };
                                    view! { <a class="button" href=href.clone()>{text}</a> }
                                });
                                let until = line.valid_until.clone().map(|date| view! {
                                    " · " {t!(i18n, requirements.valid_until, date = move || date.clone())}
                                });
                                let due = line.due.clone().map(|date| view! {
                                    " · " {t!(i18n, requirements.due, date = move || date.clone())}
                                });
                                view! {
                                    <li class="panel required">
                                        <h3><a href=href>{line.required.title.clone()}</a></h3>
                                        <p><StatusMark status=line.status />{until}{due}</p>
                                        {todo}
                                    </li>
                                }
                            }).collect_view();
                            view! {
                                <section aria-labelledby="required-title">
                                    <h2 id="required-title">{t!(i18n, requirements.mine_title)}</h2>
                                    <p>{t!(i18n, requirements.mine_intro)}</p>
                                    <ul class="required-list">{items}</ul>
                                </section>
                            }
                        });
                        view! { {link}{lines} }.into_any()
                    }
                    Err(AppError::Unauthenticated) => ().into_any(),
                    Err(error) => view! { <crate::ui::ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
