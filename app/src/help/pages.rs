//! «Hjelp» for everyone: the topics and their questions, a search, one answer per page, and
//! the contacts; and the pieces other pages use to point at an answer or a contact.
use super::{
    api::{load_answer, load_contacts, load_help},
    types::{Answer, Contact, ContactKind, Found, HelpIndex, Topic},
};
use crate::{
    error::AppError,
    i18n::*,
    ui::{LoadError, Loading},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn HelpPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let text = move || query.read().get("q").unwrap_or_default();
    let index = Resource::new(text, load_help);
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, help.title).to_string()) />
        <h1>{t!(i18n, help.title)}</h1>
        <p class="lead">{t!(i18n, help.intro)}</p>
        <form class="search-inline" method="get" action="/hjelp" role="search" aria-label=move || t_string!(i18n, help.search_label).to_string()>
            <label for="help-search">{t!(i18n, help.search_label)}</label>
            <input id="help-search" type="search" name="q" value=text autocomplete="off" />
            <button type="submit" class="button">{t!(i18n, search.submit)}</button>
        </form>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match index.await {
                    Ok(index) => view! { <HelpContents index query=text() /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn HelpContents(index: HelpIndex, query: String) -> impl IntoView {
    let i18n = use_i18n();
    let HelpIndex {
        topics,
        contacts,
        found,
    } = index;
    view! {
        {found.map(|found| view! { <SearchResults found query /> })}
        <div class="help-topics">
            {topics.into_iter().map(|topic| view! { <TopicSection topic /> }).collect_view()}
        </div>
        <section class="help-contacts" aria-labelledby="contacts-title">
            <h2 id="contacts-title">{t!(i18n, help.contacts_title)}</h2>
            <p>{t!(i18n, help.contacts_intro)}</p>
            <div class="contact-grid">
                {contacts.into_iter().map(|contact| view! { <ContactCard contact /> }).collect_view()}
            </div>
        </section>
    }
}

#[component]
fn SearchResults(found: Vec<Found>, query: String) -> impl IntoView {
    let i18n = use_i18n();
    let count = found.len();
    let heading = query;
    view! {
        <section class="help-found" aria-labelledby="found-title">
            <h2 id="found-title">
                {if count == 0 {
                    t!(i18n, help.none_found, query = move || heading.clone()).into_any()
                } else {
                    t!(i18n, help.found, count = move || count, query = move || heading.clone()).into_any()
                }}
            </h2>
            {if count == 0 {
                view! { <p>{t!(i18n, help.none_found_hint)}</p> }.into_any()
            } else {
                view! {
                    <ul class="help-found-list">
                        {found.into_iter().map(|item| {
                            let href = format!("/hjelp/{}", item.slug);
                            view! {
                                <li>
                                    <a href=href>{item.question}</a>
                                    <p class="hint">{item.topic} " · " {item.excerpt}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn TopicSection(topic: Topic) -> impl IntoView {
    let heading = format!("emne-{}", topic.slug);
    let labelled_by = heading.clone();
    view! {
        <section class="help-topic panel" aria-labelledby=labelled_by>
            <h2 id=heading>{topic.title}</h2>
            <ul>
                {topic.questions.into_iter().map(|question| {
                    let href = format!("/hjelp/{}", question.slug);
                    view! { <li><a href=href>{question.question}</a></li> }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// One contact: name, address, phone and opening hours.
#[component]
pub fn ContactCard(contact: Contact) -> impl IntoView {
    let i18n = use_i18n();
    let mail = format!("mailto:{}", contact.email);
    let phone = contact.phone.map(|phone| {
        let tel = format!(
            "tel:{}",
            phone
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect::<String>()
        );
        view! { <p>{t!(i18n, help.phone)} " " <a href=tel>{phone}</a></p> }
    });
    let kind = contact.kind.as_str();
    view! {
        <div class="contact-card" data-contact=kind>
            <p class="contact-name">{contact.name}</p>
            <p><a href=mail>{contact.email}</a></p>
            {phone}
            {contact.hours.map(|hours| view! { <p class="hint">{hours}</p> })}
        </div>
    }
}

/// The contact of one kind, looked up (for the pages where its questions arise).
#[component]
pub fn ContactOf(kind: ContactKind) -> impl IntoView {
    let contacts = OnceResource::new(load_contacts());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                contacts.await.ok().and_then(|list| list.into_iter().find(|c| c.kind == kind)).map(|contact| view! { <ContactCard contact /> })
            })}
        </Suspense>
    }
}

/// A link from another page to an answer («Fant du ikke firmaet ditt?»).
#[component]
pub fn HelpLink(slug: &'static str, #[prop(into)] text: Signal<String>) -> impl IntoView {
    let href = format!("/hjelp/{slug}");
    view! { <p class="help-link"><a href=href>{text}</a></p> }
}

#[component]
pub fn AnswerPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let answer = Resource::new(slug, load_answer);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match answer.await {
                    Ok(answer) => view! { <AnswerView answer /> }.into_any(),
                    Err(AppError::NotFound) => view! { <MissingAnswer slug=slug() /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AnswerView(answer: Answer) -> impl IntoView {
    let i18n = use_i18n();
    let title = answer.question.clone();
    let topic_href = format!("/hjelp#emne-{}", answer.topic_slug);
    let topic = answer.topic.clone();
    view! {
        <Title text=crate::ui::layout::page_title(move || title.clone()) />
        <nav class="breadcrumbs" aria-label=move || t_string!(i18n, help.breadcrumbs).to_string()>
            <a href="/hjelp">{t!(i18n, help.title)}</a> " › " <a href=topic_href>{answer.topic.clone()}</a>
        </nav>
        <article class="help-answer">
            <h1>{answer.question}</h1>
            <div class="lesson-body" inner_html=answer.html></div>
            <p class="hint">{t!(i18n, help.updated, date = move || answer.updated.clone())}</p>
        </article>
        <aside class="help-ask panel" aria-labelledby="ask-title">
            <h2 id="ask-title">{t!(i18n, help.ask_title)}</h2>
            <p>{t!(i18n, help.ask_text)}</p>
            <ContactCard contact=answer.contact />
        </aside>
        {(!answer.related.is_empty()).then(|| view! {
            <section aria-labelledby="related-title">
                <h2 id="related-title">{t!(i18n, help.related, topic = move || topic.clone())}</h2>
                <ul>
                    {answer.related.into_iter().map(|question| {
                        let href = format!("/hjelp/{}", question.slug);
                        view! { <li><a href=href>{question.question}</a></li> }
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

/// An address with no answer (removed, or a link whose answer was never written): 404, and a
/// search for the address's words.
#[component]
fn MissingAnswer(slug: String) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    let words = slug.replace('-', " ");
    let href = format!("/hjelp?q={}", crate::ui::fetch::query_escape(&words));
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, help.missing_title).to_string()) />
        <section class="not-found">
            <h1>{t!(i18n, help.missing_title)}</h1>
            <p>{t!(i18n, help.missing_text)}</p>
            <p><a href=href>{t!(i18n, help.search_for, words = move || words.clone())}</a></p>
            <p><a href="/hjelp">{t!(i18n, help.all_questions)}</a></p>
        </section>
    }
}
