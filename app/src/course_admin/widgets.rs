//! Form parts shared by the course administration pages.
use super::types::*;
use crate::{i18n::*, ui::forms::*};
use leptos::prelude::*;

/// The session fields, filled from `session` when it is given (editing).
#[component]
pub(super) fn SessionFields(
    people: Vec<InstructorOption>,
    #[prop(optional)] session: Option<AdminSession>,
    error: FormError,
) -> impl IntoView {
    let f = move |name: &'static str| field_error(error, name);
    let options = people
        .into_iter()
        .map(|p| (p.account_id.to_string(), p.name))
        .collect::<Vec<_>>();
    let value = |pick: fn(&AdminSession) -> String| session.as_ref().map(pick).unwrap_or_default();
    view! {
        <Field id="s-starts" name="form[starts]" input_type="datetime-local" label=label(|i18n| t_string!(i18n, admin.starts).to_string())
            required=true value=value(|s| s.starts_local.clone()) error=f("starts") />
        <Field id="s-ends" name="form[ends]" input_type="datetime-local" label=label(|i18n| t_string!(i18n, admin.ends).to_string())
            required=true value=value(|s| s.ends_local.clone()) error=f("ends") />
        <Field id="s-deadline" name="form[deadline]" input_type="datetime-local" label=label(|i18n| t_string!(i18n, enrolment.deadline).to_string())
            required=true value=value(|s| s.deadline_local.clone()) error=f("deadline") />
        <Field id="s-place" name="form[place]" label=label(|i18n| t_string!(i18n, course.place).to_string())
            required=true value=value(|s| s.place.clone()) error=f("place") />
        <Field id="s-capacity" name="form[capacity]" input_type="number" label=label(|i18n| t_string!(i18n, admin.capacity).to_string())
            required=true value=value(|s| s.capacity.to_string()) error=f("capacity") />
        <SelectField id="s-instructor" name="form[instructor]" label=label(|i18n| t_string!(i18n, enrolment.instructor).to_string())
            options selected=value(|s| s.instructor_account_id.map(|id| id.to_string()).unwrap_or_default())
            empty=label(|i18n| t_string!(i18n, admin.no_instructor).to_string()) error=f("instructor") />
    }
}
