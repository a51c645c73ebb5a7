//! The course page's way into an online course: «Start kurset», or for a priced e-learning
//! course the order that opens it (the price, who is invoiced, an invoice reference). A plain
//! form: posted without JavaScript it orders and goes on to the player the same way.
use super::{
    api::{OrderCourse, course_access},
    types::{Access, OrderTerms},
};
use crate::{
    i18n::*,
    ui::{
        ErrorNotice, Loading,
        forms::{ErrorSummary, Field, FormError, PageField, field_error, form_action, form_error},
        labels::PriceLabel,
    },
};
use leptos::prelude::*;

/// Where the course page starts an e-learning course.
#[component]
pub fn StartCourse(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let order = form_action::<OrderCourse>();
    let error = form_error(order);
    let access = Resource::new(
        {
            let code = code.clone();
            move || code.clone()
        },
        course_access,
    );
    view! {
        <section class="start-elearning" aria-labelledby="start-title">
            <h2 id="start-title" class="visually-hidden">{t!(i18n, elearning.title)}</h2>
            <Suspense fallback=Loading>
                {move || {
                    let code = code.clone();
                    Suspend::new(async move {
                        match access.await {
                            Ok(Access::Open) => view! {
                                <p><a class="button button-primary" href=format!("/kurs/{code}/e-laering")>{t!(i18n, elearning.start)}</a></p>
                            }.into_any(),
                            Ok(Access::SignIn) => view! {
                                <p><a class="button button-primary" href="/logg-inn">{t!(i18n, elearning.sign_in_to_start)}</a></p>
                            }.into_any(),
                            Ok(Access::Enrol) => view! { <p>{t!(i18n, elearning.exam_needs_seat)}</p> }.into_any(),
                            Ok(Access::Order(terms)) => view! { <OrderForm code terms order error /> }.into_any(),
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn OrderForm(
    code: String,
    terms: OrderTerms,
    order: ServerAction<OrderCourse>,
    error: FormError,
) -> impl IntoView {
    let i18n = use_i18n();
    let invoiced = match (terms.employer, terms.employer_confirmed) {
        (Some(employer), true) => {
            view! { <p>{t!(i18n, elearning.invoiced_to_employer, employer = move || employer.clone())}</p> }.into_any()
        }
        (Some(employer), false) => view! {
            <p class="notice">{t!(i18n, elearning.employer_unconfirmed, employer = move || employer.clone())}</p>
        }
        .into_any(),
        (None, _) => view! { <p>{t!(i18n, elearning.invoiced_to_you)}</p> }.into_any(),
    };
    view! {
        <div class="panel order-panel">
            <h3>{t!(i18n, elearning.order_title)}</h3>
            <p>{t!(i18n, elearning.order_lead)}</p>
            <p class="order-price"><strong><PriceLabel price_nok=Some(terms.price_nok) /></strong></p>
            {invoiced}
            <ErrorSummary error />
            <ActionForm action=order attr:class="form" attr:novalidate="true">
                <PageField />
                <input type="hidden" name="code" value=code />
                <Field
                    id="f-invoice_reference"
                    name="invoice_reference"
                    label=Signal::derive(move || t_string!(i18n, enrolment.invoice_reference).to_string())
                    error=field_error(error, "invoice_reference")
                    value=terms.invoice_reference.unwrap_or_default()
                />
                <button type="submit" class="button button-primary">{t!(i18n, elearning.order_button)}</button>
            </ActionForm>
        </div>
    }
}
