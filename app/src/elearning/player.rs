//! `/kurs/:code/e-laering`: the e-learning player. Lessons one at a time with a progress bar,
//! the place remembered on the server (so another device resumes there), then the quiz,
//! scored on the server.
//!
//! Rendered by the server with no island: a step is a page (`?steg=2`, `?steg=test`), «Forrige»
//! and «Neste» are small GET forms, and the quiz is a form posted as a page, so the player works
//! the same without JavaScript and costs a phone no more than any other page.
use super::{
    api::{SubmitQuiz, load_lesson, load_player, load_quiz},
    types::{AttemptResult, Lesson, Player, Quiz},
};
use crate::{
    error::AppError,
    i18n::*,
    ui::{
        Loading,
        forms::{ErrorSummary, PostedForm, Refused, form_action},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The query parameter naming the step: a lesson number from 1, or [`QUIZ_STEP`].
const STEP: &str = "steg";
const QUIZ_STEP: &str = "test";

#[component]
pub fn PlayerPage() -> impl IntoView {
    let i18n = use_i18n();
    let code = use_params_map().read_untracked().get("code").unwrap_or_default();
    let asked = use_query_map().read_untracked().get(STEP);
    let part = use_query_map().read_untracked().get(super::package_player::PART);
    let course_code = code.clone();
    let player = Resource::new(
        move || (code.clone(), asked.clone()),
        |(code, asked)| async move {
            let player = load_player(code.clone()).await?;
            let at = step_at(&player, asked.as_deref());
            let shown = if player.package.is_some() {
                Shown::Nothing
            } else if at.is_quiz(&player) {
                Shown::Quiz(load_quiz(code).await?)
            } else if player.lesson_titles.is_empty() {
                Shown::Nothing
            } else {
                Shown::Lesson(load_lesson(code, at.0).await?)
            };
            Ok::<_, AppError>((player, at, shown))
        },
    );
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, elearning.title).to_string()) />
        <Suspense fallback=Loading>
            {move || {
                let code = course_code.clone();
                let part = part.clone();
                Suspend::new(async move {
                match player.await {
                    Ok((player, _, _)) if player.package.is_some() => {
                        view! { <super::package_player::PackageView player asked=part.clone() /> }.into_any()
                    }
                    Ok((player, at, shown)) => view! { <PlayerView player at shown /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <NotEntitled code /> }.into_any(),
                    Err(error) => view! { <Refused error /> }.into_any(),
                }
            })}}
        </Suspense>
    }
}

/// A priced course not ordered, or an exam without a seat: the way is through the course page.
#[component]
fn NotEntitled(code: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{t!(i18n, elearning.title)}</h1>
        <p class="notice" role="alert">{t!(i18n, elearning.not_entitled)}</p>
        <p><a class="button button-primary" href=format!("/kurs/{code}")>{t!(i18n, elearning.to_course_page)}</a></p>
    }
}

/// A step of the player: lesson `0..lessons`, or `lessons` for the quiz.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Step(pub u32);

impl Step {
    fn is_quiz(self, player: &Player) -> bool {
        player.has_quiz && self.0 >= player.lesson_titles.len() as u32
    }

    /// The step's value of [`STEP`] in an address.
    fn param(self, player: &Player) -> String {
        if self.is_quiz(player) {
            QUIZ_STEP.to_string()
        } else {
            (self.0 + 1).to_string()
        }
    }
}

/// The last step: the quiz when there is one, otherwise the last lesson.
fn last_step(player: &Player) -> Step {
    let lessons = player.lesson_titles.len() as u32;
    Step(if player.has_quiz {
        lessons
    } else {
        lessons.saturating_sub(1)
    })
}

/// The step asked for in the address, or where the learner left off; never past the last.
pub fn step_at(player: &Player, asked: Option<&str>) -> Step {
    let lessons = player.lesson_titles.len() as u32;
    let last = last_step(player);
    let wanted = match asked.map(str::trim) {
        Some(QUIZ_STEP) => lessons,
        Some(number) => match number.parse::<u32>() {
            Ok(n) if n >= 1 => n - 1,
            _ => player.position,
        },
        None => player.position,
    };
    Step(wanted.min(last.0))
}

/// What the step shows, loaded by the server.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
enum Shown {
    Lesson(Lesson),
    Quiz(Quiz),
    Nothing,
}

#[component]
fn PlayerView(player: Player, at: Step, shown: Shown) -> impl IntoView {
    let i18n = use_i18n();
    let lessons = player.lesson_titles.len() as u32;
    let steps = lessons + u32::from(player.has_quiz);
    let last = last_step(&player);
    let submit = form_action::<SubmitQuiz>();
    let attempt = submit.value().get_untracked().and_then(Result::ok);
    let passed = player.completed.is_some() || attempt.as_ref().is_some_and(|a| a.passed);
    let furthest = player.furthest.max(at.0).min(last.0);
    let percent = if passed || steps == 0 {
        100
    } else {
        (furthest * 100 / steps).min(99)
    };
    let step_label = if at.is_quiz(&player) {
        t_string!(i18n, elearning.quiz).to_string()
    } else {
        format!(
            "{} {} {} {}",
            t_string!(i18n, elearning.lesson),
            at.0 + 1,
            t_string!(i18n, elearning.of),
            lessons
        )
    };
    let address = format!("/kurs/{}/e-laering", player.code);
    let step_button = |to: Step, text: String, primary: bool| {
        view! {
            <form method="get" action=address.clone() class=if primary { "step-form step-next" } else { "step-form" }>
                <input type="hidden" name=STEP value=to.param(&player) />
                <button type="submit" class=if primary { "button button-primary" } else { "button" }>{text}</button>
            </form>
        }
    };
    let previous = (at.0 > 0).then(|| {
        step_button(
            Step(at.0 - 1),
            t_string!(i18n, elearning.previous).to_string(),
            false,
        )
    });
    let next = (at.0 < last.0).then(|| {
        let text = if at.0 + 1 == lessons && player.has_quiz {
            t_string!(i18n, elearning.to_quiz).to_string()
        } else {
            t_string!(i18n, elearning.next).to_string()
        };
        step_button(Step(at.0 + 1), text, true)
    });
    let main = match shown {
        Shown::Lesson(lesson) => view! { <LessonView lesson /> }.into_any(),
        Shown::Quiz(quiz) => view! { <QuizForm quiz code=player.code.clone() submit attempt /> }.into_any(),
        Shown::Nothing => ().into_any(),
    };
    view! {
        <p class="breadcrumbs"><a href=format!("/kurs/{}", player.code)>{player.code.clone()}</a></p>
        <h1>{player.title.clone()}</h1>
        {player.completed.clone().map(|done| view! { <CompletedNotice done /> })}
        <div class="progress-block">
            <p id="progress-label">{step_label}</p>
            // A native progress bar: the page's CSP allows no inline styles to draw one.
            <progress class="progress" aria-labelledby="progress-label" max="100" value=percent.to_string()>
                {format!("{percent} %")}
            </progress>
        </div>
        <div class="player">
            <LessonNav player=player.clone() at address=address.clone() />
            <div class="player-main">
                {main}
                <div class="player-buttons">{previous}{next}</div>
            </div>
        </div>
    }
}

/// The learner's valid completion of the course, with its kursbevis.
#[component]
pub(super) fn CompletedNotice(done: super::types::Completed) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="notice notice-success" role="status">
            <p>
                {t!(i18n, elearning.completed_on)} " " {done.completed_on}
                {done.valid_until.map(|d| view! { " · " {t!(i18n, learning.valid_until)} " " {d} })}
                " · " <a href=format!("/kursbevis/{}", done.certificate_code)>{t!(i18n, learning.certificate)}</a>
            </p>
        </div>
    }
}

/// The course's contents beside the player: every lesson, then the quiz; the current one marked.
#[component]
fn LessonNav(player: Player, at: Step, address: String) -> impl IntoView {
    let i18n = use_i18n();
    let steps = player.lesson_titles.len() as u32 + u32::from(player.has_quiz);
    let step_link = |step: Step| format!("{address}?{STEP}={}", step.param(&player));
    let contents = (0..steps)
        .map(|index| {
            let step = Step(index);
            let title = if step.is_quiz(&player) {
                t_string!(i18n, elearning.quiz).to_string()
            } else {
                player.lesson_titles[index as usize].clone()
            };
            view! {
                <li>
                    <a href=step_link(step) aria-current=(step == at).then_some("step")>{title}</a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="lesson-nav" aria-label=t_string!(i18n, elearning.contents).to_string()>
            <ol>{contents}</ol>
        </nav>
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

/// The form field of an answer. A single-choice question's options share one field (one answer);
/// each option of a multiple-choice question has its own. Indexed, so that the fields arrive as
/// the list `selected` of [`SubmitQuiz`]; the index is an option id, so no two questions share one.
fn answer_field(question_first_option: i64, option: i64, multiple: bool) -> String {
    format!(
        "selected[{}]",
        if multiple { option } else { question_first_option }
    )
}

#[component]
fn QuizForm(
    quiz: Quiz,
    code: String,
    submit: ServerAction<SubmitQuiz>,
    /// The attempt this page answers (the form was posted with it).
    attempt: Option<AttemptResult>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = Signal::derive(move || submit.value().get().and_then(Result::err));
    // The answers given in the attempt this page answers stay chosen.
    let posted =
        PostedForm::current().filter(|posted| posted.path == <SubmitQuiz as server_fn::ServerFn>::PATH);
    let was_chosen = move |field: &str, option: i64| {
        posted.as_ref().is_some_and(|posted| {
            posted
                .values
                .iter()
                .any(|(name, value)| name == field && value.parse::<i64>() == Ok(option))
        })
    };
    let (pass_mark, attempts_left) = (quiz.pass_mark, quiz.attempts_left);
    let passed = attempt.as_ref().is_some_and(|a| a.passed);
    let questions = quiz
        .questions
        .into_iter()
        .enumerate()
        .map(|(number, q)| {
            let first = q.options.first().map(|(id, _)| *id).unwrap_or_default();
            let multiple = q.multiple;
            let options = q
                .options
                .into_iter()
                .map(|(id, text)| {
                    let field = answer_field(first, id, multiple);
                    let checked = was_chosen(&field, id);
                    let input_id = format!("o-{id}");
                    view! {
                        <div class="choice">
                            <input type=if multiple { "checkbox" } else { "radio" } id=input_id.clone()
                                name=field value=id.to_string() checked=checked />
                            <label for=input_id>{text}</label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="question">
                    <legend>{format!("{}. {}", number + 1, q.prompt)}</legend>
                    {multiple.then(|| view! { <p class="hint">{t!(i18n, elearning.several)}</p> })}
                    {options}
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <section class="quiz" aria-labelledby="quiz-title">
            <h2 id="quiz-title">{t!(i18n, elearning.quiz)}</h2>
            <p>
                {t!(i18n, elearning.pass_mark, mark = move || pass_mark)}
                {attempts_left.map(|left| view! { " " {t!(i18n, elearning.attempts_left, left = move || left)} })}
            </p>
            <ErrorSummary error />
            <div aria-live="polite">{attempt.map(|r| view! { <AttemptView r /> })}</div>
            <ActionForm action=submit attr:class="form" attr:hidden=passed>
                <crate::ui::forms::PageField />
                <input type="hidden" name="code" value=code />
                {questions}
                <button type="submit" class="button button-primary">{t!(i18n, elearning.submit)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn AttemptView(r: AttemptResult) -> impl IntoView {
    let i18n = use_i18n();
    let (total, pass_mark) = (r.total, r.pass_mark);
    let summary = match (r.correct, r.percent) {
        (Some(correct), Some(percent)) => view! {
            <p>{t!(i18n, elearning.score, correct = move || correct, total = move || total, percent = move || percent)}</p>
        }
        .into_any(),
        // No attempt limit: no score, or it would show which answers were wrong.
        _ if r.passed => ().into_any(),
        _ => view! { <p>{t!(i18n, elearning.score_hidden, pass_mark = move || pass_mark)}</p> }.into_any(),
    };
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
