//! The learner's side: «Opplæringsløp» to follow, and «Opplæringsplan» with every step, its
//! status and what is left.
use super::{
    api::{JoinPath, load_paths, load_plan},
    types::{PlanStep, StepState, TrainingPlan},
};
use crate::{
    i18n::*,
    ui::forms::Refused,
    ui::labels::KindLabel,
    ui::{Loading, forms::ErrorSummary},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/opplaeringslop`
#[component]
pub fn PathsPage() -> impl IntoView {
    let i18n = use_i18n();
    let join = crate::ui::forms::form_action::<JoinPath>();
    let paths = Resource::new(move || join.version().get(), |_| load_paths());
    let error = Signal::derive(move || join.value().get().and_then(Result::err));
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, paths.title).to_string()) />
        <h1>{t!(i18n, paths.title)}</h1>
        <p class="lead">{t!(i18n, paths.intro)}</p>
        <ErrorSummary error />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match paths.await {
                    Ok(list) if list.is_empty() => view! { <p>{t!(i18n, paths.none)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="session-list">
                            {list.into_iter().map(|p| {
                                let heading = format!("path-{}", p.code);
                                let labelled = heading.clone();
                                let steps = p.steps;
                                view! {
                                    <li class="panel" aria-labelledby=labelled>
                                        <h2 id=heading>{p.title.clone()}</h2>
                                        <p>{p.description.clone()}</p>
                                        <p class="meta">{t!(i18n, paths.step_count, count = move || steps)}</p>
                                        {if p.mine {
                                            view! { <p><a class="button button-primary" href=format!("/opplaeringsplan/{}", p.code)>{t!(i18n, paths.open_plan)}</a></p> }.into_any()
                                        } else {
                                            view! {
                                                <ActionForm action=join attr:class="inline-form">
                                                    <crate::ui::forms::PageField />
                                                    <input type="hidden" name="code" value=p.code.clone() />
                                                    <button type="submit" class="button button-primary">{t!(i18n, paths.join)} " " <span class="visually-hidden">{p.title.clone()}</span></button>
                                                </ActionForm>
                                            }.into_any()
                                        }}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <Refused error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/opplaeringsplan/:code`: «Opplæringsplan».
#[component]
pub fn PlanPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let plan = Resource::new(code, load_plan);
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, paths.plan).to_string()) />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match plan.await {
                    Ok(plan) => view! { <PlanView plan /> }.into_any(),
                    Err(error) => view! { <Refused error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PlanView(plan: TrainingPlan) -> impl IntoView {
    let i18n = use_i18n();
    let total = plan.steps.len() as u32;
    let done = plan.done;
    let percent = (done * 100).checked_div(total).unwrap_or(0);
    view! {
        <p class="breadcrumbs"><a href="/opplaeringslop">{t!(i18n, paths.title)}</a></p>
        <h1>{t!(i18n, paths.plan)} ": " {plan.title.clone()}</h1>
        <p>{plan.description.clone()}</p>
        {plan.completed_on.clone().map(|on| view! {
            <div class="notice notice-success" role="status"><p><strong>{t!(i18n, paths.completed)}</strong> " " {on}</p></div>
        })}
        {plan.certificate_code.clone().map(|code| view! {
            <p><a class="button button-primary" href=format!("/kursbevis/{code}")>{t!(i18n, elearning.open_certificate)}</a></p>
        })}
        <div class="progress-block">
            <p id="plan-progress">{t!(i18n, paths.progress, done = move || done, total = move || total)}</p>
            <progress class="progress" aria-labelledby="plan-progress" max="100" value=percent.to_string()>{format!("{percent} %")}</progress>
        </div>
        {plan.enforce_order.then(|| view! { <p class="hint">{t!(i18n, paths.in_order)}</p> })}
        <ol class="plan-steps">
            {plan.steps.into_iter().map(|step| view! { <StepItem step /> }).collect_view()}
        </ol>
    }
}

#[component]
fn StepItem(step: PlanStep) -> impl IntoView {
    let i18n = use_i18n();
    let heading = format!("step-{}", step.id);
    let labelled = heading.clone();
    let (class, status) = match &step.state {
        StepState::Done { on, .. } => (
            "plan-step step-done",
            format!("{} {on}", t_string!(i18n, paths.done_on)),
        ),
        StepState::Open => ("plan-step step-open", t_string!(i18n, paths.open).to_string()),
        StepState::Locked => ("plan-step step-locked", t_string!(i18n, paths.locked).to_string()),
    };
    let detail = match &step.state {
        StepState::Done { detail, .. } => detail.clone(),
        _ => None,
    };
    let open = !matches!(step.state, StepState::Done { .. });
    let what_next = open.then(|| {
        if step.needs_signoff {
            view! { <p>{t!(i18n, paths.needs_signoff)}</p> }.into_any()
        } else if let Some(code) = step.course_code.clone() {
            match step.kind {
                crate::catalogue::types::CourseKind::ELearning => view! {
                    <p><a href=format!("/kurs/{code}/e-laering")>{t!(i18n, paths.take_elearning)}</a></p>
                }
                .into_any(),
                _ => view! { <p><a href=format!("/kurs/{code}")>{t!(i18n, paths.see_course)}</a></p> }
                    .into_any(),
            }
        } else {
            ().into_any()
        }
    });
    let sessions = (open && !step.sessions.is_empty()).then(|| {
        let code = step.course_code.clone().unwrap_or_default();
        view! {
            <p>{t!(i18n, paths.choose_session)}</p>
            <ul>
                {step.sessions.into_iter().map(|s| {
                    let free = s.free_seats;
                    view! {
                        <li>
                            <a href=format!("/kurs/{code}#session-{}", s.id)>{s.when} ", " {s.place}</a>
                            " · " {t!(i18n, paths.free_seats, free = move || free)}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    });
    view! {
        <li class=class aria-labelledby=labelled>
            <h2 id=heading>{step.number} ". " {step.title.clone()}</h2>
            <p class="meta"><KindLabel kind=step.kind />
                {step.course_code.clone().map(|c| view! { " · " {c} })}
                {step.requirement.clone().map(|r| view! { " · " {r} })}
            </p>
            <p class="step-status"><strong>{status}</strong>{detail.map(|d| view! { " – " {d} })}</p>
            {step.enrolled_in.clone().map(|e| view! { <p>{t!(i18n, paths.enrolled_in)} " " {e}</p> })}
            {what_next}
            {sessions}
        </li>
    }
}
