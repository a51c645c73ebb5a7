//! «E-post som ikke kom fram»: mail that used up its attempts, for support and administrators
//! to send again or discard.
use super::{
    api::{SettleFailedMail, list_failed_mail},
    types::FailedMail,
};
use crate::{
    i18n::*,
    ui::{
        LoadError, Loading,
        forms::{ErrorSummary, form_error, succeeded},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn FailedMailPage() -> impl IntoView {
    let i18n = use_i18n();
    let settle = crate::ui::forms::form_action::<SettleFailedMail>();
    let messages = Resource::new(move || settle.version().get(), |_| list_failed_mail());
    let error = form_error(settle);
    let settled = succeeded(settle);
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, failed_mail.title).to_string()) />
        <h1>{t!(i18n, failed_mail.title)}</h1>
        <p>{t!(i18n, failed_mail.intro)}</p>
        <div class="notice notice-success" role="status" hidden=move || !settled.get()>
            <p>{t!(i18n, failed_mail.settled)}</p>
        </div>
        <ErrorSummary error />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match messages.await {
                    Ok(list) if list.is_empty() => view! { <p>{t!(i18n, failed_mail.none)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="account-results">
                            {list.into_iter().map(|message| view! { <FailedMailItem message settle /> }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn FailedMailItem(message: FailedMail, settle: ServerAction<SettleFailedMail>) -> impl IntoView {
    let i18n = use_i18n();
    let heading = format!("mail-{}", message.id);
    let labelled_by = heading.clone();
    let id = message.id.to_string();
    let discard_id = id.clone();
    view! {
        <li class="panel" aria-labelledby=labelled_by>
            <h2 id=heading>{message.subject.clone()}</h2>
            <dl class="facts">
                <div class="fact"><dt>{t!(i18n, failed_mail.recipient)}</dt><dd>{message.recipient.clone()}</dd></div>
                <div class="fact"><dt>{t!(i18n, failed_mail.created)}</dt><dd>{message.created_at.clone()}</dd></div>
                <div class="fact"><dt>{t!(i18n, failed_mail.attempts)}</dt><dd>{message.attempts}</dd></div>
                <div class="fact"><dt>{t!(i18n, failed_mail.last_error)}</dt><dd>{message.last_error.clone()}</dd></div>
            </dl>
            <div class="actions">
                <ActionForm action=settle attr:class="inline-form">
                    <crate::ui::forms::PageField />
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="action" value="retry" />
                    <button type="submit" class="button button-primary">{t!(i18n, failed_mail.retry)}</button>
                </ActionForm>
                " "
                <ActionForm action=settle attr:class="inline-form">
                    <crate::ui::forms::PageField />
                    <input type="hidden" name="id" value=discard_id />
                    <input type="hidden" name="action" value="discard" />
                    <button type="submit" class="button">{t!(i18n, failed_mail.discard)}</button>
                </ActionForm>
            </div>
        </li>
    }
}
