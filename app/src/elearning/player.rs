//! `/kurs/:code/e-laering`: the e-learning player. Lessons one at a time with a progress bar,
//! the place remembered on the server (so another device resumes there), then the quiz,
//! scored on the server.
use super::{
    api::{SubmitQuiz, load_lesson, load_player, load_quiz},
    types::{AttemptResult, Lesson, Player, Quiz},
};
use crate::{
    i18n::*,
    ui::forms::Refused,
    ui::{ErrorNotice, Loading, forms::ErrorSummary},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use std::collections::BTreeSet;

#[component]
pub fn PlayerPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    // The player and the step it opens at, loaded here so that the island starts with them.
    let player = Resource::new(code, |code| async move {
        let player = load_player(code.clone()).await?;
        let lessons = player.lesson_titles.len() as u32;
        let first = if player.position >= lessons && player.has_quiz {
            FirstStep::Quiz(load_quiz(code).await?)
        } else if lessons > 0 {
            FirstStep::Lesson(load_lesson(code, player.position.min(lessons - 1)).await?)
        } else {
            FirstStep::Nothing
        };
        Ok::<_, crate::error::AppError>((player, first))
    });
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, elearning.title).to_string()) />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match player.await {
                    Ok((player, first)) => view! { <PlayerView player first /> }.into_any(),
                    Err(error) => view! { <Refused error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The step the player opens at, rendered by the server; later steps are fetched by the browser.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum FirstStep {
    Lesson(Lesson),
    Quiz(Quiz),
    Nothing,
}

/// The player runs in the browser: lessons are fetched one at a time and the place is saved.
#[island(lazy)]
fn PlayerView(player: Player, first: FirstStep) -> impl IntoView {
    crate::ui::island_awake();
    let i18n = crate::ui::island_language();
    let lessons = player.lesson_titles.len() as u32;
    let steps = lessons + u32::from(player.has_quiz);
    let last = if player.has_quiz {
        lessons
    } else {
        lessons.saturating_sub(1)
    };
    let opened_at = player.position.min(last);
    let position = RwSignal::new(opened_at);
    let furthest = RwSignal::new(player.furthest.max(player.position).min(last));
    let passed = RwSignal::new(player.completed.is_some());
    let code = player.code.clone();
    let go = move |to: u32| {
        position.set(to);
        furthest.update(|f| *f = (*f).max(to));
        #[cfg(feature = "hydrate")]
        window().scroll_to_with_x_and_y(0.0, 0.0);
    };
    let percent = move || {
        if passed.get() || steps == 0 {
            100
        } else {
            (furthest.get() * 100 / steps).min(99)
        }
    };
    let titles = player.lesson_titles.clone();
    let step_label = move || {
        let p = position.get();
        if p >= lessons {
            t_string!(i18n, elearning.quiz).to_string()
        } else {
            format!(
                "{} {} {} {}",
                t_string!(i18n, elearning.lesson),
                p + 1,
                t_string!(i18n, elearning.of),
                lessons
            )
        }
    };
    view! {
        <p class="breadcrumbs"><a href=format!("/kurs/{}", player.code)>{player.code.clone()}</a></p>
        <h1>{player.title.clone()}</h1>
        {player.completed.clone().map(|done| view! {
            <div class="notice notice-success" role="status">
                <p>
                    {t!(i18n, elearning.completed_on)} " " {done.completed_on}
                    {done.valid_until.map(|d| view! { " · " {t!(i18n, learning.valid_until)} " " {d} })}
                    " · " <a href=format!("/kursbevis/{}", done.certificate_code)>{t!(i18n, learning.certificate)}</a>
                </p>
            </div>
        })}
        <div class="progress-block">
            <p id="progress-label" aria-live="polite">{step_label}</p>
            // A native progress bar: the page's CSP allows no inline styles to draw one.
            <progress class="progress" aria-labelledby="progress-label" max="100" value=move || percent().to_string()>
                {move || format!("{} %", percent())}
            </progress>
        </div>
        <div class="player">
            <nav class="lesson-nav" aria-label=move || t_string!(i18n, elearning.contents).to_string()>
                <ol>
                    {titles.into_iter().enumerate().map(|(index, title)| {
                        let index = index as u32;
                        view! {
                            <li>
                                <button type="button" class="link-button"
                                    aria-current=move || (position.get() == index).then_some("step")
                                    on:click=move |_| go(index)>
                                    {title}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                    {player.has_quiz.then(|| view! {
                        <li>
                            <button type="button" class="link-button"
                                aria-current=move || (position.get() == lessons).then_some("step")
                                on:click=move |_| go(lessons)>
                                {t!(i18n, elearning.quiz)}
                            </button>
                        </li>
                    })}
                </ol>
            </nav>
            <div class="player-main">
                {move || {
                    let at = position.get();
                    let opened_here = at == opened_at;
                    match (&first, at >= lessons && player.has_quiz) {
                        (FirstStep::Quiz(quiz), true) if opened_here => {
                            view! { <QuizForm quiz=quiz.clone() code=code.clone() passed /> }.into_any()
                        }
                        (_, true) => view! { <QuizStep code=code.clone() passed /> }.into_any(),
                        (FirstStep::Lesson(lesson), false) if opened_here => {
                            view! { <LessonView lesson=lesson.clone() /> }.into_any()
                        }
                        (_, false) => view! { <LessonStep code=code.clone() at /> }.into_any(),
                    }
                }}
                <div class="player-buttons">
                    <button type="button" class="button" hidden=move || position.get() == 0
                        on:click=move |_| go(position.get().saturating_sub(1))>
                        {t!(i18n, elearning.previous)}
                    </button>
                    <button type="button" class="button button-primary" hidden=move || { position.get() >= last }
                        on:click=move |_| go((position.get() + 1).min(last))>
                        {move || if position.get() + 1 == lessons && player.has_quiz {
                            t_string!(i18n, elearning.to_quiz).to_string()
                        } else {
                            t_string!(i18n, elearning.next).to_string()
                        }}
                    </button>
                </div>
            </div>
        </div>
    }
}

#[component]
fn LessonView(lesson: Lesson) -> impl IntoView {
    view! {
        <article class="lesson" aria-labelledby="lesson-title">
            <h2 id="lesson-title">{lesson.title}</h2>
            <div class="lesson-body" inner_html=lesson.html></div>
        </article>
    }
}

/// A lesson the learner moved to: fetched by the browser (the place is saved on the server).
#[component]
fn LessonStep(code: String, at: u32) -> impl IntoView {
    let lesson = LocalResource::new(move || load_lesson(code.clone(), at));
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match lesson.await {
                    Ok(lesson) => view! { <LessonView lesson /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn QuizStep(code: String, passed: RwSignal<bool>) -> impl IntoView {
    let quiz = LocalResource::new({
        let code = code.clone();
        move || load_quiz(code.clone())
    });
    view! {
        <Suspense fallback=Loading>
            {move || {
                let code = code.clone();
                Suspend::new(async move {
                    match quiz.await {
                        Ok(quiz) => view! { <QuizForm quiz code passed /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn QuizForm(quiz: Quiz, code: String, passed: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let submit = crate::ui::forms::form_action::<SubmitQuiz>();
    let chosen = RwSignal::new(BTreeSet::<i64>::new());
    let error = Signal::derive(move || submit.value().get().and_then(Result::err));
    let result = Signal::derive(move || submit.value().get().and_then(Result::ok));
    Effect::new(move || {
        if result.get().is_some_and(|r| r.passed) {
            passed.set(true);
        }
    });
    let pass_mark = quiz.pass_mark;
    let attempts_left = quiz.attempts_left;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit.dispatch(SubmitQuiz {
            code: code.clone(),
            selected: chosen.get_untracked().into_iter().collect(),
        });
    };
    view! {
        <section class="quiz" aria-labelledby="quiz-title">
            <h2 id="quiz-title">{t!(i18n, elearning.quiz)}</h2>
            <p>
                {t!(i18n, elearning.pass_mark, mark = move || pass_mark)}
                {attempts_left.map(|left| view! { " " {t!(i18n, elearning.attempts_left, left = move || left)} })}
            </p>
            <ErrorSummary error />
            <div aria-live="polite">{move || result.get().map(|r| view! { <AttemptView r /> })}</div>
            <form class="form" on:submit=on_submit hidden=move || result.get().is_some_and(|r| r.passed)>
                {quiz.questions.into_iter().enumerate().map(|(number, q)| {
                    let group: Vec<i64> = q.options.iter().map(|(id, _)| *id).collect();
                    let multiple = q.multiple;
                    let name = format!("q-{}", q.id);
                    view! {
                        <fieldset class="question">
                            <legend>{format!("{}. {}", number + 1, q.prompt)}</legend>
                            {multiple.then(|| view! { <p class="hint">{t!(i18n, elearning.several)}</p> })}
                            {q.options.into_iter().map(|(id, text)| {
                                let group = group.clone();
                                let input_id = format!("o-{id}");
                                view! {
                                    <div class="choice">
                                        <input type=if multiple { "checkbox" } else { "radio" } id=input_id.clone() name=name.clone()
                                            value=id.to_string()
                                            prop:checked=move || chosen.with(|c| c.contains(&id))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                chosen.update(|c| {
                                                    if !multiple {
                                                        for other in &group { c.remove(other); }
                                                    }
                                                    if on { c.insert(id); } else { c.remove(&id); }
                                                });
                                            } />
                                        <label for=input_id>{text}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </fieldset>
                    }
                }).collect_view()}
                <button type="submit" class="button button-primary" disabled=move || submit.pending().get()>
                    {t!(i18n, elearning.submit)}
                </button>
            </form>
        </section>
    }
}

#[component]
fn AttemptView(r: AttemptResult) -> impl IntoView {
    let i18n = use_i18n();
    let (correct, total, percent) = (r.correct, r.total, r.percent);
    let summary = view! { <p>{t!(i18n, elearning.score, correct = move || correct, total = move || total, percent = move || percent)}</p> };
    if r.passed {
        view! {
            <div class="notice notice-success" role="status">
                <p><strong>{t!(i18n, elearning.passed)}</strong></p>
                {summary}
                {r.certificate_code.map(|code| view! {
                    <p>
                        <a class="button button-primary" href=format!("/kursbevis/{code}")>{t!(i18n, elearning.open_certificate)}</a>
                        " " <a href="/historikk">{t!(i18n, learning.history)}</a>
                    </p>
                })}
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="notice notice-error" role="status">
                <p><strong>{t!(i18n, elearning.not_passed)}</strong></p>
                {summary}
                {r.attempts_left.map(|left| view! { <p>{t!(i18n, elearning.attempts_left, left = move || left)}</p> })}
            </div>
        }
        .into_any()
    }
}
