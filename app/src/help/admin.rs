//! «Hjelp» in the admin area: the answers (written in Markdown, rendered by the same safe
//! renderer as lessons), their topics, the contacts per topic, and which answers the portal's
//! own pages link to.
use super::{
    api::{DeleteHelpAnswer, SaveHelpAnswer, SaveHelpContact, SaveHelpTopic, load_help_sources},
    types::{AnswerSource, Contact, ContactKind, HelpSources, LinkedAnswer, TopicSource},
};
use crate::{
    i18n::*,
    ui::{
        LoadError, Loading,
        forms::{
            ErrorSummary, Field, FormError, PageField, PostedForm, SelectField, TextArea, field_error,
            form_error, label, succeeded,
        },
    },
};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The actions of the page, shared by its parts.
#[derive(Clone, Copy)]
struct Actions {
    /// A new answer and the chosen one each have their own action, so that a refused save
    /// shows its messages in the form it came from.
    new_answer: ServerAction<SaveHelpAnswer>,
    answer: ServerAction<SaveHelpAnswer>,
    delete: ServerAction<DeleteHelpAnswer>,
    topic: ServerAction<SaveHelpTopic>,
}

/// Where the portal's pages link to the answer at `slug` (one of [`super::LINKED`]).
pub fn linked_place(i18n: I18nContext<Locale>, slug: &str) -> String {
    match slug {
        "fant-ikke-firmaet" => t_string!(i18n, help.place_company).to_string(),
        "ikke-fatt-e-post" => t_string!(i18n, help.place_no_mail).to_string(),
        "brukertyper" => t_string!(i18n, help.place_user_types).to_string(),
        "hms-kort-og-fodselsnummer" => t_string!(i18n, help.place_hms_and_id).to_string(),
        "logge-inn" => t_string!(i18n, help.place_login).to_string(),
        "glemt-passord" => t_string!(i18n, help.place_forgot).to_string(),
        "aktivere-kontoen" => t_string!(i18n, help.place_activation).to_string(),
        "overforing-til-kompetanseregisteret" => t_string!(i18n, help.place_transfer).to_string(),
        _ => String::new(),
    }
}

/// The name of a kind of contact as the admin page shows it.
pub fn contact_kind_name(i18n: I18nContext<Locale>, kind: ContactKind) -> String {
    match kind {
        ContactKind::Support => t_string!(i18n, help.kind_support).to_string(),
        ContactKind::Invoicing => t_string!(i18n, help.kind_invoicing).to_string(),
        ContactKind::Technical => t_string!(i18n, help.kind_technical).to_string(),
    }
}

#[component]
pub fn AdminHelpPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let editing = move || query.read().get("endre").and_then(|id| id.parse::<i64>().ok());
    let actions = Actions {
        new_answer: crate::ui::forms::form_action::<SaveHelpAnswer>(),
        answer: crate::ui::forms::form_action::<SaveHelpAnswer>(),
        delete: crate::ui::forms::form_action::<DeleteHelpAnswer>(),
        topic: crate::ui::forms::form_action::<SaveHelpTopic>(),
    };
    let sources = Resource::new(
        move || {
            (
                actions.new_answer.version().get(),
                actions.answer.version().get(),
                actions.delete.version().get(),
                actions.topic.version().get(),
            )
        },
        |_| load_help_sources(),
    );
    let saved = Signal::derive(move || {
        succeeded(actions.new_answer).get()
            || succeeded(actions.answer).get()
            || succeeded(actions.delete).get()
            || succeeded(actions.topic).get()
    });
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, help.admin_title).to_string()) />
        <h1>{t!(i18n, help.admin_title)}</h1>
        <p>{t!(i18n, help.admin_intro)} " " <a href="/hjelp">{t!(i18n, help.admin_view)}</a></p>
        <div class="notice notice-success" role="status" hidden=move || !saved.get()>
            <p>{t!(i18n, help.saved)}</p>
        </div>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match sources.await {
                    Ok(sources) => view! { <HelpSourcesView sources actions editing=editing() /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn HelpSourcesView(sources: HelpSources, actions: Actions, editing: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let HelpSources {
        topics,
        answers,
        contacts,
        linked,
    } = sources;
    let topic_options: Vec<(String, String)> = topics
        .iter()
        .map(|t| (t.id.to_string(), t.title.clone()))
        .collect();
    let new_options = topic_options.clone();
    // A new answer posted without JavaScript and refused: its form opens with the messages.
    let posted_new = PostedForm::current()
        .is_some_and(|p| !p.ok && p.value("form[id]").is_none() && p.value("form[question]").is_some());
    view! {
        <section aria-labelledby="answers-title">
            <h2 id="answers-title">{t!(i18n, help.answers_title)}</h2>
            <details
                class="reveal panel"
                open=move || {
                    posted_new || matches!(actions.new_answer.value().get(), Some(Err(_)))
                }
            >
                <summary>{t!(i18n, help.new_answer)}</summary>
                <AnswerFields action=actions.new_answer answer=None topics=new_options prefix="n-" />
            </details>
            {topics.iter().map(|topic| {
                let own: Vec<AnswerSource> = answers.iter().filter(|a| a.topic_id == topic.id).cloned().collect();
                let options = topic_options.clone();
                view! { <TopicAnswers topic=topic.clone() answers=own options actions editing /> }
            }).collect_view()}
        </section>
        <LinkedAnswers linked />
        <TopicsEditor topics actions />
        <ContactsEditor contacts />
    }
}

#[component]
fn TopicAnswers(
    topic: TopicSource,
    answers: Vec<AnswerSource>,
    options: Vec<(String, String)>,
    actions: Actions,
    editing: Option<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="panel">
            <h3>{topic.title}</h3>
            {answers.is_empty().then(|| view! { <p class="hint">{t!(i18n, help.topic_empty)}</p> })}
            <ul class="help-admin-list">
                {answers.into_iter().map(|answer| {
                    let anchor = format!("svar-{}", answer.id);
                    let edit = format!("/admin/hjelp?endre={}#{anchor}", answer.id);
                    let view_href = format!("/hjelp/{}", answer.slug);
                    let chosen = editing == Some(answer.id);
                    let slug = answer.slug.clone();
                    let question = answer.question.clone();
                    view! {
                        <li id=anchor>
                            <span class="help-admin-question">{question}</span>
                            " " <code>{slug}</code> " "
                            <a href=view_href>{t!(i18n, help.view)}</a> " · "
                            <a href=edit>{t!(i18n, help.edit)}</a>
                            {chosen.then(|| view! { <AnswerEditor answer options=options.clone() actions /> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn AnswerEditor(answer: AnswerSource, options: Vec<(String, String)>, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let delete_error = form_error(actions.delete);
    let id = answer.id.to_string();
    view! {
        <AnswerFields action=actions.answer answer=Some(answer) topics=options prefix="f-" />
        <ActionForm action=actions.delete attr:class="inline-form">
            <PageField />
            <ErrorSummary error=delete_error />
            <input type="hidden" name="answer_id" value=id />
            <button type="submit" class="button button-danger">{t!(i18n, help.delete)}</button>
        </ActionForm>
    }
}

/// The form of a new answer (`prefix` «n-») or of the chosen one («f-»).
#[component]
fn AnswerFields(
    action: ServerAction<SaveHelpAnswer>,
    answer: Option<AnswerSource>,
    topics: Vec<(String, String)>,
    prefix: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let editing = answer.is_some();
    let error: FormError = {
        let all = form_error(action);
        // The error belongs to this form only: the new one has no id, an edited one has one.
        let own = PostedForm::current().is_none_or(|p| p.value("form[id]").is_some() == editing);
        Signal::derive(move || all.get().filter(|_| own))
    };
    let current = answer.clone().unwrap_or(AnswerSource {
        id: 0,
        topic_id: 0,
        slug: String::new(),
        question: String::new(),
        body_markdown: String::new(),
        position: 0,
    });
    let ids = if editing {
        [
            "f-topic_id",
            "f-question",
            "f-slug",
            "f-body_markdown",
            "f-position",
        ]
    } else {
        [
            "n-topic_id",
            "n-question",
            "n-slug",
            "n-body_markdown",
            "n-position",
        ]
    };
    view! {
        <ActionForm action attr:class="form" attr:novalidate="true">
            <PageField />
            <ErrorSummary error prefix />
            {answer.map(|a| view! { <input type="hidden" name="form[id]" value=a.id.to_string() /> })}
            <SelectField id=ids[0] name="form[topic_id]" label=label(|i18n| t_string!(i18n, help.topic).to_string())
                options=topics selected=current.topic_id.to_string() error=field_error(error, "topic_id") />
            <Field id=ids[1] name="form[question]" label=label(|i18n| t_string!(i18n, help.question).to_string())
                required=true value=current.question error=field_error(error, "question") />
            <Field id=ids[2] name="form[slug]" label=label(|i18n| t_string!(i18n, help.slug).to_string())
                hint=label(|i18n| t_string!(i18n, help.slug_hint).to_string()) verbatim=true
                value=current.slug error=field_error(error, "slug") />
            <TextArea id=ids[3] name="form[body_markdown]" label=label(|i18n| t_string!(i18n, help.body).to_string())
                rows=12 value=current.body_markdown error=field_error(error, "body_markdown") />
            <p class="hint">{t!(i18n, help.body_hint)}</p>
            <Field id=ids[4] name="form[position]" input_type="number" label=label(|i18n| t_string!(i18n, help.position).to_string())
                value=current.position.to_string() error=field_error(error, "position") />
            <button type="submit" class="button button-primary">{t!(i18n, help.save_answer)}</button>
        </ActionForm>
    }
}

#[component]
fn LinkedAnswers(linked: Vec<LinkedAnswer>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        // Not a landmark itself: the table below is the region named by this heading.
        <section>
            <h2 id="linked-title">{t!(i18n, help.linked_title)}</h2>
            <p>{t!(i18n, help.linked_intro)}</p>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="linked-title"><table class="data-table">
                <thead><tr>
                    <th scope="col">{t!(i18n, help.slug)}</th>
                    <th scope="col">{t!(i18n, help.linked_place)}</th>
                    <th scope="col">{t!(i18n, help.linked_state)}</th>
                </tr></thead>
                <tbody>
                    {linked.into_iter().map(|link| view! {
                        <tr>
                            <td><code>{link.slug.clone()}</code></td>
                            <td>{linked_place(i18n, &link.slug)}</td>
                            <td>{if link.answered { t!(i18n, help.linked_ok).into_any() } else { view! { <strong>{t!(i18n, help.linked_missing)}</strong> }.into_any() }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table></div>
        </section>
    }
}

#[component]
fn TopicsEditor(topics: Vec<TopicSource>, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(actions.topic);
    view! {
        <section aria-labelledby="topics-title">
            <h2 id="topics-title">{t!(i18n, help.topics_title)}</h2>
            <p>{t!(i18n, help.topics_intro)}</p>
            <ErrorSummary error prefix="t-" />
            <ul class="help-admin-list">
                {topics.into_iter().map(|topic| view! { <TopicRow topic action=actions.topic /> }).collect_view()}
            </ul>
            <details class="reveal">
                <summary>{t!(i18n, help.new_topic)}</summary>
                <ActionForm action=actions.topic attr:class="form" attr:novalidate="true">
                    <PageField />
                    <Field id="t-title" name="form[title]" label=label(|i18n| t_string!(i18n, help.topic_title).to_string())
                        required=true error=field_error(error, "title") />
                    <ContactChoice id="t-contact" selected=ContactKind::Support error=field_error(error, "contact") />
                    <Field id="t-position" name="form[position]" input_type="number" value="0".to_string()
                        label=label(|i18n| t_string!(i18n, help.position).to_string()) error=field_error(error, "position") />
                    <button type="submit" class="button">{t!(i18n, help.save_topic)}</button>
                </ActionForm>
            </details>
        </section>
    }
}

/// One topic: its title, its contact and its place, changed in one small form.
#[component]
fn TopicRow(topic: TopicSource, action: ServerAction<SaveHelpTopic>) -> impl IntoView {
    let i18n = use_i18n();
    let title_id = format!("topic-{}-title", topic.id);
    let contact_id = format!("topic-{}-contact", topic.id);
    let position_id = format!("topic-{}-position", topic.id);
    let options = ContactKind::ALL.map(|kind| {
        let selected = kind == topic.contact;
        view! { <option value=kind.as_str() selected=selected>{contact_kind_name(i18n, kind)}</option> }
    });
    view! {
        <li>
            <ActionForm action attr:class="inline-form topic-form">
                <PageField />
                <input type="hidden" name="form[id]" value=topic.id.to_string() />
                <input type="hidden" name="form[slug]" value=topic.slug.clone() />
                <label for=title_id.clone()>{t!(i18n, help.topic_title)}</label>
                <input id=title_id name="form[title]" value=topic.title.clone() />
                <label for=contact_id.clone()>{t!(i18n, help.topic_contact)}</label>
                <select id=contact_id name="form[contact]">{options.into_iter().collect_view()}</select>
                <label for=position_id.clone()>{t!(i18n, help.position)}</label>
                <input id=position_id name="form[position]" type="number" value=topic.position.to_string() />
                <button type="submit" class="button">{t!(i18n, help.save_topic)}</button>
            </ActionForm>
        </li>
    }
}

#[component]
fn ContactChoice(id: &'static str, selected: ContactKind, error: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let options = ContactKind::ALL
        .into_iter()
        .map(|kind| (kind.as_str().to_string(), contact_kind_name(i18n, kind)))
        .collect();
    view! {
        <SelectField id name="form[contact]" label=label(|i18n| t_string!(i18n, help.topic_contact).to_string())
            options selected=selected.as_str().to_string() error />
    }
}

#[component]
fn ContactsEditor(contacts: Vec<Contact>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="contact-editor-title">
            <h2 id="contact-editor-title">{t!(i18n, help.contacts_title)}</h2>
            <p>{t!(i18n, help.contacts_admin_intro)}</p>
            <div class="contact-grid">
                {contacts.into_iter().map(|contact| view! { <ContactForm contact /> }).collect_view()}
            </div>
        </section>
    }
}

#[component]
fn ContactForm(contact: Contact) -> impl IntoView {
    let i18n = use_i18n();
    // Each contact its own action: its message and its «Lagret» stay with its form.
    let action = crate::ui::forms::form_action::<SaveHelpContact>();
    let kind = contact.kind;
    let own_success =
        PostedForm::current().is_none_or(|p| p.value("form[kind]").as_deref() == Some(kind.as_str()));
    let done = Signal::derive(move || own_success && succeeded(action).get());
    let all = form_error(action);
    let own = PostedForm::current().is_none_or(|p| p.value("form[kind]").as_deref() == Some(kind.as_str()));
    let error: FormError = Signal::derive(move || all.get().filter(|_| own));
    let (prefix, ids): (&'static str, [&'static str; 4]) = match kind {
        ContactKind::Support => ("cs-", ["cs-name", "cs-email", "cs-phone", "cs-hours"]),
        ContactKind::Invoicing => ("ci-", ["ci-name", "ci-email", "ci-phone", "ci-hours"]),
        ContactKind::Technical => ("ct-", ["ct-name", "ct-email", "ct-phone", "ct-hours"]),
    };
    let heading = format!("contact-{}", kind.as_str());
    let labelled_by = heading.clone();
    view! {
        <div class="panel" role="group" aria-labelledby=labelled_by>
            <h3 id=heading>{contact_kind_name(i18n, kind)}</h3>
            <ActionForm action attr:class="form" attr:novalidate="true">
                <PageField />
                <ErrorSummary error prefix />
                <p class="notice notice-success" role="status" hidden=move || !done.get()>{t!(i18n, help.saved)}</p>
                <input type="hidden" name="form[kind]" value=kind.as_str() />
                <Field id=ids[0] name="form[name]" label=label(|i18n| t_string!(i18n, help.contact_name).to_string())
                    required=true value=contact.name error=field_error(error, "name") />
                <Field id=ids[1] name="form[email]" input_type="email" verbatim=true label=label(|i18n| t_string!(i18n, help.contact_email).to_string())
                    required=true value=contact.email error=field_error(error, "email") />
                <Field id=ids[2] name="form[phone]" input_type="tel" label=label(|i18n| t_string!(i18n, help.contact_phone).to_string())
                    value=contact.phone.unwrap_or_default() error=field_error(error, "phone") />
                <Field id=ids[3] name="form[hours]" label=label(|i18n| t_string!(i18n, help.contact_hours).to_string())
                    value=contact.hours.unwrap_or_default() error=field_error(error, "hours") />
                <button type="submit" class="button">{t!(i18n, help.save_contact)}</button>
            </ActionForm>
        </div>
    }
}
