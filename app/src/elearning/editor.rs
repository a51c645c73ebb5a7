//! `/admin/kurs/:code/e-laering`: course administrators build an e-learning course: lessons in
//! Markdown (with uploaded images), the quiz and its pass mark and attempts.
use super::{
    api::{
        DeleteLesson, DeleteQuestion, MoveLesson, SaveLesson, SaveQuestion, SaveQuizSettings, load_content,
        preview_markdown,
    },
    types::{Content, LessonDraft, QuestionDraft},
};
use crate::{
    i18n::*,
    ui::forms::Refused,
    ui::{
        Loading,
        forms::{ErrorSummary, FormError, field_error, form_error, succeeded},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn EditorPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let content = Resource::new(code, load_content);
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, elearning.editor_title).to_string()) />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                // Back from an image upload (a plain form post): `?bilde=` or `?bildefeil=`.
                let uploaded = query.read_untracked().get("bilde");
                let upload_error = query.read_untracked().get("bildefeil");
                let outcome = query.read_untracked().get("pakke");
                match content.await {
                    Ok(content) => {
                        let package = view! {
                            <super::package_panel::PackagePanel code=content.code.clone()
                                package=content.package.clone() refusal=content.package_refusal.clone() outcome />
                        };
                        view! { <Editor content uploaded upload_error /> {package} }.into_any()
                    }
                    Err(error) => view! { <Refused error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[derive(Clone, Copy)]
struct EditorActions {
    save_lesson: ServerAction<SaveLesson>,
    delete_lesson: ServerAction<DeleteLesson>,
    move_lesson: ServerAction<MoveLesson>,
    save_question: ServerAction<SaveQuestion>,
    delete_question: ServerAction<DeleteQuestion>,
    settings: ServerAction<SaveQuizSettings>,
}

impl EditorActions {
    fn new() -> Self {
        Self {
            save_lesson: crate::ui::forms::form_action::<SaveLesson>(),
            delete_lesson: crate::ui::forms::form_action::<DeleteLesson>(),
            move_lesson: crate::ui::forms::form_action::<MoveLesson>(),
            save_question: crate::ui::forms::form_action::<SaveQuestion>(),
            delete_question: crate::ui::forms::form_action::<DeleteQuestion>(),
            settings: crate::ui::forms::form_action::<SaveQuizSettings>(),
        }
    }

    /// After a change is saved the page is loaded again, with the content as it is now.
    fn reload_after_changes(self) {
        let versions = move || {
            let ok = |done: Option<bool>| done.unwrap_or(false);
            [
                ok(self.save_lesson.value().get().map(|r| r.is_ok())),
                ok(self.delete_lesson.value().get().map(|r| r.is_ok())),
                ok(self.move_lesson.value().get().map(|r| r.is_ok())),
                ok(self.save_question.value().get().map(|r| r.is_ok())),
                ok(self.delete_question.value().get().map(|r| r.is_ok())),
            ]
        };
        Effect::new(move |_| {
            if versions().into_iter().any(|saved| saved) {
                let _ = window().location().reload();
            }
        });
    }
}

/// A labelled input or text area whose value follows a signal (the item being edited).
#[component]
fn EditField(
    id: &'static str,
    name: &'static str,
    label: String,
    value: Signal<String>,
    error: Signal<Option<String>>,
    #[prop(optional)] hint: Option<String>,
    #[prop(optional)] rows: Option<u32>,
    /// The text area, for reading what is typed (the lesson preview).
    #[prop(optional)]
    area: NodeRef<leptos::html::Textarea>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = {
        let (error_id, hint_id, has_hint) = (error_id.clone(), hint_id.clone(), hint.is_some());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let input = match rows {
        Some(rows) => view! {
            <textarea id=id name=name rows=rows node_ref=area prop:value=move || value.get()
                aria-invalid=move || error.get().is_some().then_some("true") aria-describedby=described></textarea>
        }
        .into_any(),
        None => view! {
            <input id=id name=name type="text" autocomplete="off" prop:value=move || value.get()
                aria-invalid=move || error.get().is_some().then_some("true") aria-describedby=described />
        }
        .into_any(),
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            <p class="field-error" id=error_id hidden=move || error.get().is_none()>{move || error.get()}</p>
            {input}
        </div>
    }
}

/// The editor runs in the browser: «Rediger» fills the forms, «Forhåndsvis» renders the lesson.
#[island(lazy)]
fn Editor(content: Content, uploaded: Option<String>, upload_error: Option<String>) -> impl IntoView {
    crate::ui::island_awake();
    let i18n = crate::ui::island_language();
    let actions = EditorActions::new();
    actions.reload_after_changes();
    let code = content.code.clone();
    let editing_lesson = RwSignal::new(LessonDraft::default());
    let editing_question = RwSignal::new(QuestionDraft::default());
    let lesson_error = form_error(actions.save_lesson);
    let question_error = form_error(actions.save_question);
    // A saved item leaves the form empty for the next one.
    Effect::new(move || {
        if actions.save_lesson.value().get().is_some_and(|r| r.is_ok()) {
            editing_lesson.set(LessonDraft::default());
        }
    });
    Effect::new(move || {
        if actions.save_question.value().get().is_some_and(|r| r.is_ok()) {
            editing_question.set(QuestionDraft::default());
        }
    });
    // The lesson as learners will see it, rendered by the server from what is typed now.
    let body_area = NodeRef::<leptos::html::Textarea>::new();
    let preview = Action::new(|markdown: &String| preview_markdown(markdown.clone()));
    Effect::new(move || {
        editing_lesson.track();
        preview.value().set(None);
    });
    let pass_mark = content.pass_mark.to_string();
    let max_attempts = content.max_attempts.map(|m| m.to_string()).unwrap_or_default();
    let lessons = content.lessons.clone();
    let questions = content.questions.clone();
    let (code_lesson, code_settings, code_question) =
        (content.code.clone(), content.code.clone(), content.code.clone());
    view! {
        <p class="breadcrumbs"><a href=format!("/admin/kurs/{}", content.code)>{content.code.clone()}</a></p>
        <h1>{t!(i18n, elearning.editor_title)} ": " {content.title.clone()}</h1>
        <p><a href=format!("/kurs/{}/e-laering", content.code)>{t!(i18n, elearning.preview_as_learner)}</a></p>

        <section class="panel" aria-labelledby="lessons-title">
            <h2 id="lessons-title">{t!(i18n, elearning.lessons)}</h2>
            <LessonList code=code.clone() lessons editing=editing_lesson move_lesson=actions.move_lesson delete_lesson=actions.delete_lesson />
            <h3 id="lesson-form-title">
                {move || if editing_lesson.with(|l| l.id == 0) {
                    t_string!(i18n, elearning.new_lesson).to_string()
                } else {
                    format!("{}: {}", t_string!(i18n, elearning.edit), editing_lesson.with(|l| l.title.clone()))
                }}
            </h3>
            <ActionForm action=actions.save_lesson attr:class="form" attr:novalidate="true" attr:aria-labelledby="lesson-form-title">
                <crate::ui::forms::PageField />
                <ErrorSummary error=lesson_error prefix="l-" />
                <input type="hidden" name="code" value=code_lesson />
                <input type="hidden" name="lesson_id" prop:value=move || editing_lesson.with(|l| l.id.to_string()) />
                <EditField id="l-title" name="title" label=t_string!(i18n, elearning.lesson_title).to_string()
                    value=Signal::derive(move || editing_lesson.with(|l| l.title.clone())) error=field_error(lesson_error, "title") />
                <EditField id="l-body" name="body" label=t_string!(i18n, elearning.lesson_body).to_string()
                    hint=t_string!(i18n, elearning.markdown_hint).to_string() rows=14
                    value=Signal::derive(move || editing_lesson.with(|l| l.body.clone())) error=field_error(lesson_error, "body")
                    area=body_area />
                <section class="lesson-preview" aria-labelledby="l-preview-title" aria-live="polite"
                    hidden=move || preview.value().with(Option::is_none)>
                    <h4 id="l-preview-title">{t!(i18n, elearning.preview)}</h4>
                    {move || preview.value().get().map(|result| match result {
                        Ok(html) => view! { <div class="lesson-body" inner_html=html></div> }.into_any(),
                        Err(error) => view! { <p class="field-error">{error.to_string()}</p> }.into_any(),
                    })}
                </section>
                <p class="form-buttons">
                    <button type="submit" class="button button-primary">{t!(i18n, elearning.save_lesson)}</button>
                    <button type="button" class="button" on:click=move |_| {
                        if let Some(area) = body_area.get() {
                            preview.dispatch(area.value());
                        }
                    }>{t!(i18n, elearning.show_preview)}</button>
                    <button type="button" class="button" hidden=move || editing_lesson.with(|l| l.id == 0)
                        on:click=move |_| editing_lesson.set(LessonDraft::default())>{t!(i18n, elearning.cancel_edit)}</button>
                </p>
            </ActionForm>
        </section>

        <ImagesPanel code=content.code.clone() uploaded upload_error />
        <QuizSettingsPanel code=code_settings pass_mark max_attempts settings=actions.settings />

        <section class="panel" aria-labelledby="questions-title">
            <h2 id="questions-title">{t!(i18n, elearning.questions)}</h2>
            <QuestionList code=code.clone() questions editing=editing_question delete_question=actions.delete_question />
            <QuestionForm code=code_question editing=editing_question action=actions.save_question error=question_error />
        </section>
    }
}

/// The lessons in order, each with «Rediger», up, down and «Slett».
#[component]
fn LessonList(
    code: String,
    lessons: Vec<LessonDraft>,
    editing: RwSignal<LessonDraft>,
    move_lesson: ServerAction<MoveLesson>,
    delete_lesson: ServerAction<DeleteLesson>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editing_lesson = editing;
    {
        if lessons.is_empty() {
            view! { <p>{t!(i18n, elearning.no_lessons)}</p> }.into_any()
        } else {
            let count = lessons.len();
            view! {
                <ol class="editor-list">
                    {lessons.into_iter().enumerate().map(|(index, lesson)| {
                        let (id, code_up, code_down, code_del) = (lesson.id.to_string(), code.clone(), code.clone(), code.clone());
                        let (id_down, id_del) = (id.clone(), id.clone());
                        let title = lesson.title.clone();
                        let up_label = format!("{} {}", t_string!(i18n, elearning.up), title);
                        let down_label = format!("{} {}", t_string!(i18n, elearning.down), title);
                        let edit_label = format!("{} {}", t_string!(i18n, elearning.edit), title);
                        let delete_label = format!("{} {}", t_string!(i18n, elearning.delete), title);
                        view! {
                            <li>
                                <span class="editor-item-title">{title.clone()}</span>
                                <span class="row-actions">
                                    <button type="button" class="button" aria-label=edit_label
                                        on:click=move |_| editing_lesson.set(lesson.clone())>{t!(i18n, elearning.edit)}</button>
                                    {(index > 0).then(|| view! {
                                        <ActionForm action=move_lesson attr:class="inline-form">
                                            <crate::ui::forms::PageField />
                                            <input type="hidden" name="code" value=code_up />
                                            <input type="hidden" name="lesson_id" value=id />
                                            <input type="hidden" name="direction" value="up" />
                                            <button type="submit" class="button" aria-label=up_label>"↑"</button>
                                        </ActionForm>
                                    })}
                                    {(index + 1 < count).then(|| view! {
                                        <ActionForm action=move_lesson attr:class="inline-form">
                                            <crate::ui::forms::PageField />
                                            <input type="hidden" name="code" value=code_down />
                                            <input type="hidden" name="lesson_id" value=id_down />
                                            <input type="hidden" name="direction" value="down" />
                                            <button type="submit" class="button" aria-label=down_label>"↓"</button>
                                        </ActionForm>
                                    })}
                                    <ActionForm action=delete_lesson attr:class="inline-form">
                                        <crate::ui::forms::PageField />
                                        <input type="hidden" name="code" value=code_del />
                                        <input type="hidden" name="lesson_id" value=id_del />
                                        <button type="submit" class="button button-danger" aria-label=delete_label>{t!(i18n, elearning.delete)}</button>
                                    </ActionForm>
                                </span>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            }.into_any()
        }
    }
}

/// The quiz's questions, each with «Rediger» and «Slett».
#[component]
fn QuestionList(
    code: String,
    questions: Vec<QuestionDraft>,
    editing: RwSignal<QuestionDraft>,
    delete_question: ServerAction<DeleteQuestion>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editing_question = editing;
    {
        if questions.is_empty() {
            view! { <p>{t!(i18n, elearning.no_questions)}</p> }.into_any()
        } else {
            view! {
                <ol class="editor-list">
                    {questions.into_iter().map(|q| {
                        let (id, code) = (q.id.to_string(), code.clone());
                        let prompt = q.prompt.clone();
                        let edit_label = format!("{} {}", t_string!(i18n, elearning.edit), prompt);
                        let delete_label = format!("{} {}", t_string!(i18n, elearning.delete), prompt);
                        view! {
                            <li>
                                <span class="editor-item-title">{prompt.clone()}</span>
                                <span class="row-actions">
                                    <button type="button" class="button" aria-label=edit_label
                                        on:click=move |_| editing_question.set(q.clone())>{t!(i18n, elearning.edit)}</button>
                                    <ActionForm action=delete_question attr:class="inline-form">
                                        <crate::ui::forms::PageField />
                                        <input type="hidden" name="code" value=code />
                                        <input type="hidden" name="question_id" value=id />
                                        <button type="submit" class="button button-danger" aria-label=delete_label>{t!(i18n, elearning.delete)}</button>
                                    </ActionForm>
                                </span>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            }.into_any()
        }
    }
}

/// Images for the lessons: the upload form, and the Markdown to paste for the one uploaded.
#[component]
fn ImagesPanel(code: String, uploaded: Option<String>, upload_error: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let (uploaded, upload_error) = (move || uploaded.clone(), move || upload_error.clone());
    let upload_action = format!("/admin/kurs/{code}/bilder");
    view! {
        <section class="panel" aria-labelledby="images-title">
            <h2 id="images-title">{t!(i18n, elearning.images)}</h2>
            {move || uploaded().map(|id| view! {
                <div class="notice notice-success" role="status">
                    <p>{t!(i18n, elearning.image_uploaded)}</p>
                    <p><code>{format!("![{}](/media/{id})", t_string!(i18n, elearning.image_alt))}</code></p>
                    <img class="upload-preview" src=format!("/media/{id}") alt="" />
                </div>
            })}
            {move || upload_error().map(|kind| {
                let message = match kind.as_str() {
                    "type" => t_string!(i18n, elearning.image_type),
                    "stor" => t_string!(i18n, elearning.image_size),
                    _ => t_string!(i18n, elearning.image_missing),
                };
                view! { <p class="notice notice-error" role="alert">{message}</p> }
            })}
            <form method="post" enctype="multipart/form-data" action=upload_action class="form">
                <div class="field">
                    <label for="f-image">{t!(i18n, elearning.image_file)}</label>
                    <p class="hint" id="f-image-hint">{t!(i18n, elearning.image_hint)}</p>
                    <input id="f-image" name="image" type="file" accept="image/png,image/jpeg,image/gif,image/webp" aria-describedby="f-image-hint" />
                </div>
                <button type="submit" class="button">{t!(i18n, elearning.upload)}</button>
            </form>
        </section>
    }
}

/// The quiz's pass mark and the number of attempts allowed.
#[component]
fn QuizSettingsPanel(
    code: String,
    pass_mark: String,
    max_attempts: String,
    settings: ServerAction<SaveQuizSettings>,
) -> impl IntoView {
    let i18n = use_i18n();
    let settings_error = form_error(settings);
    let settings_saved = succeeded(settings);
    let code_settings = code;
    view! {
        <section class="panel" aria-labelledby="quiz-settings-title">
            <h2 id="quiz-settings-title">{t!(i18n, elearning.quiz_settings)}</h2>
            <div class="notice notice-success" role="status" hidden=move || !settings_saved.get()><p>{t!(i18n, admin.saved)}</p></div>
            <ActionForm action=settings attr:class="form" attr:novalidate="true">
                <crate::ui::forms::PageField />
                <ErrorSummary error=settings_error prefix="s-" />
                <input type="hidden" name="code" value=code_settings />
                <EditField id="s-pass_mark" name="pass_mark" label=t_string!(i18n, elearning.pass_mark_label).to_string()
                    value=Signal::stored(pass_mark) error=field_error(settings_error, "pass_mark") />
                <EditField id="s-max_attempts" name="max_attempts" label=t_string!(i18n, elearning.max_attempts_label).to_string()
                    hint=t_string!(i18n, elearning.max_attempts_hint).to_string()
                    value=Signal::stored(max_attempts) error=field_error(settings_error, "max_attempts") />
                <button type="submit" class="button button-primary">{t!(i18n, admin.save)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn QuestionForm(
    code: String,
    editing: RwSignal<QuestionDraft>,
    action: ServerAction<SaveQuestion>,
    error: FormError,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h3 id="question-form-title">
            {move || if editing.with(|q| q.id == 0) {
                t_string!(i18n, elearning.new_question).to_string()
            } else {
                t_string!(i18n, elearning.edit_question).to_string()
            }}
        </h3>
        <ActionForm action attr:class="form" attr:novalidate="true" attr:aria-labelledby="question-form-title">
            <crate::ui::forms::PageField />
            <ErrorSummary error prefix="q-" />
            <input type="hidden" name="code" value=code />
            <input type="hidden" name="draft[id]" prop:value=move || editing.with(|q| q.id.to_string()) />
            <EditField id="q-prompt" name="draft[prompt]" label=t_string!(i18n, elearning.question).to_string()
                value=Signal::derive(move || editing.with(|q| q.prompt.clone())) error=field_error(error, "prompt") rows=2 />
            <div class="field field-check">
                <input id="q-multiple" name="draft[multiple]" type="checkbox" value="true"
                    prop:checked=move || editing.with(|q| q.multiple) />
                <label for="q-multiple">{t!(i18n, elearning.multiple)}</label>
            </div>
            <EditField id="q-options" name="draft[options]" label=t_string!(i18n, elearning.options).to_string()
                hint=t_string!(i18n, elearning.options_hint).to_string() rows=5
                value=Signal::derive(move || editing.with(|q| q.options.clone())) error=field_error(error, "options") />
            <p class="form-buttons">
                <button type="submit" class="button button-primary">{t!(i18n, elearning.save_question)}</button>
                <button type="button" class="button" hidden=move || editing.with(|q| q.id == 0)
                    on:click=move |_| editing.set(QuestionDraft::default())>{t!(i18n, elearning.cancel_edit)}</button>
            </p>
        </ActionForm>
    }
}
