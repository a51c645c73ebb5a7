//! «Krav og enheter» (`/admin/krav`), for administrators: the requirements (a course or a
//! learning path for a unit and its sub-units, a user type or an employer's people, with an
//! optional deadline for new people), the units (code, name, parent, leader by staff code) and
//! the company contacts. Plain forms: they work without JavaScript.
use super::{
    api::{
        AddCompanyContact, AddRequirement, RemoveCompanyContact, RemoveRequirement, RemoveUnit, SaveUnit,
        load_organisation_setup,
    },
    types::{CompanyContactLine, OrganisationSetup, RequirementLine, RequirementScope, UnitLine},
};
use crate::{
    accounts::types::UserType,
    i18n::*,
    ui::{
        Loading,
        forms::{
            ErrorSummary, Field, FormError, PageField, Refused, SelectField, field_error, form_action,
            form_error, label,
        },
    },
};
use leptos::prelude::*;
use leptos_meta::Title;

/// The actions of the page, shared by its sections.
#[derive(Clone, Copy)]
struct Actions {
    add_requirement: ServerAction<AddRequirement>,
    remove_requirement: ServerAction<RemoveRequirement>,
    save_unit: ServerAction<SaveUnit>,
    remove_unit: ServerAction<RemoveUnit>,
    add_contact: ServerAction<AddCompanyContact>,
    remove_contact: ServerAction<RemoveCompanyContact>,
}

impl Actions {
    fn version(&self) -> usize {
        self.add_requirement.version().get()
            + self.remove_requirement.version().get()
            + self.save_unit.version().get()
            + self.remove_unit.version().get()
            + self.add_contact.version().get()
            + self.remove_contact.version().get()
    }

    /// The refusal of a removal (a unit with people, say), shown at the top of the page.
    fn removal_error(&self) -> FormError {
        let (a, b, c) = (self.remove_requirement, self.remove_unit, self.remove_contact);
        Signal::derive(move || {
            form_error(a)
                .get()
                .or_else(|| form_error(b).get())
                .or_else(|| form_error(c).get())
        })
    }
}

#[component]
pub fn RequirementsAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let actions = Actions {
        add_requirement: form_action::<AddRequirement>(),
        remove_requirement: form_action::<RemoveRequirement>(),
        save_unit: form_action::<SaveUnit>(),
        remove_unit: form_action::<RemoveUnit>(),
        add_contact: form_action::<AddCompanyContact>(),
        remove_contact: form_action::<RemoveCompanyContact>(),
    };
    let setup = Resource::new(move || actions.version(), |_| load_organisation_setup());
    let removal = actions.removal_error();
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, requirements.admin_title).to_string()) />
        <h1>{t!(i18n, requirements.admin_title)}</h1>
        <p>{t!(i18n, requirements.admin_intro)}</p>
        <ErrorSummary error=removal prefix="x-" />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match setup.await {
                    Ok(setup) => view! { <Sections setup actions /> }.into_any(),
                    Err(error) => view! { <Refused error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Sections(setup: OrganisationSetup, actions: Actions) -> impl IntoView {
    let OrganisationSetup {
        units,
        requirements,
        contacts,
    } = setup;
    view! {
        <RequirementSection lines=requirements actions />
        <UnitSection lines=units actions />
        <ContactSection lines=contacts actions />
    }
}

fn scope_text(i18n: leptos_i18n::I18nContext<Locale>, scope: &RequirementScope) -> String {
    match scope {
        RequirementScope::Unit { code, name } => format!("{name} ({code})"),
        RequirementScope::UserType { user_type } => UserType::parse(user_type)
            .map(|kind| crate::accounts::widgets::user_type_name(i18n, Some(kind)))
            .unwrap_or_else(|| user_type.clone()),
        RequirementScope::Employer { name } => name.clone(),
    }
}

#[component]
fn RequirementSection(lines: Vec<RequirementLine>, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(actions.add_requirement);
    let table = if lines.is_empty() {
        view! { <p>{t!(i18n, requirements.no_requirements)}</p> }.into_any()
    } else {
        let rows = lines.into_iter().map(|line| {
            let deadline = line.deadline_days.map(|days| view! { {t!(i18n, requirements.deadline_days, days = move || days)} });
            view! {
                <tr>
                    <th scope="row"><a href=line.required.href()>{line.required.title.clone()}</a><br /><span class="hint">{line.required.code.clone()}</span></th>
                    <td>{scope_text(i18n, &line.scope)}</td>
                    <td>{deadline}</td>
                    <td>
                        <ActionForm action=actions.remove_requirement attr:class="inline-form">
                            <PageField />
                            <input type="hidden" name="id" value=line.id.to_string() />
                            <button type="submit" class="button">{t!(i18n, requirements.remove)}</button>
                        </ActionForm>
                    </td>
                </tr>
            }
        }).collect_view();
        view! {
            <div class="table-wrap" tabindex="0" role="region" aria-label=t_string!(i18n, requirements.requirements).to_string()>
                <table class="data-table">
                    <caption class="visually-hidden">{t!(i18n, requirements.requirements)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, requirements.required)}</th>
                        <th scope="col">{t!(i18n, requirements.scope)}</th>
                        <th scope="col">{t!(i18n, requirements.deadline)}</th>
                        <th scope="col"><span class="visually-hidden">{t!(i18n, requirements.remove)}</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }.into_any()
    };
    let scopes = vec![
        (
            "unit".to_string(),
            t_string!(i18n, requirements.scope_unit).to_string(),
        ),
        (
            "user_type".to_string(),
            t_string!(i18n, requirements.scope_user_type).to_string(),
        ),
        (
            "employer".to_string(),
            t_string!(i18n, requirements.scope_employer).to_string(),
        ),
    ];
    let kinds = UserType::ALL
        .map(|kind| {
            (
                kind.as_str().to_string(),
                crate::accounts::widgets::user_type_name(i18n, Some(kind)),
            )
        })
        .to_vec();
    view! {
        <section>
            <h2 id="requirements-title">{t!(i18n, requirements.requirements)}</h2>
            {table}
            <ActionForm action=actions.add_requirement attr:class="form" attr:novalidate="true">
                <PageField />
                <ErrorSummary error prefix="r-" />
                <Field id="r-required" name="required" verbatim=true
                    label=label(|i18n| t_string!(i18n, requirements.required).to_string()) error=field_error(error, "required") />
                <SelectField id="r-scope" name="scope" options=scopes selected="unit"
                    label=label(|i18n| t_string!(i18n, requirements.scope).to_string()) error=field_error(error, "scope") />
                <Field id="r-unit" name="unit" verbatim=true
                    label=label(|i18n| t_string!(i18n, requirements.unit_code).to_string()) error=field_error(error, "unit") />
                <SelectField id="r-user_type" name="user_type" options=kinds
                    label=label(|i18n| t_string!(i18n, requirements.user_type).to_string()) error=field_error(error, "user_type") />
                <Field id="r-employer" name="employer" verbatim=true
                    label=label(|i18n| t_string!(i18n, requirements.employer_org).to_string()) error=field_error(error, "employer") />
                <Field id="r-deadline_days" name="deadline_days" input_type="number"
                    label=label(|i18n| t_string!(i18n, requirements.deadline).to_string())
                    hint=label(|i18n| t_string!(i18n, requirements.deadline_hint).to_string())
                    error=field_error(error, "deadline_days") />
                <button type="submit" class="button button-primary">{t!(i18n, requirements.add_requirement)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn UnitSection(lines: Vec<UnitLine>, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(actions.save_unit);
    let table = if lines.is_empty() {
        view! { <p>{t!(i18n, requirements.no_units)}</p> }.into_any()
    } else {
        let rows = lines
            .into_iter()
            .map(|line| {
                let indent = format!("depth-{}", line.depth.min(6));
                let leader = match (&line.leader_name, &line.leader_staff_code) {
                    (Some(name), Some(code)) => format!("{name} ({code})"),
                    (None, Some(code)) => code.clone(),
                    _ => String::new(),
                };
                view! {
                    <tr>
                        <th scope="row" class=indent>{line.name.clone()}</th>
                        <td>{line.code.clone()}</td>
                        <td>{line.parent_code.clone().unwrap_or_default()}</td>
                        <td>{leader}</td>
                        <td>{line.people}</td>
                        <td>
                            <ActionForm action=actions.remove_unit attr:class="inline-form">
                                <PageField />
                                <input type="hidden" name="code" value=line.code.clone() />
                                <button type="submit" class="button">{t!(i18n, requirements.remove)}</button>
                            </ActionForm>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap" tabindex="0" role="region" aria-label=t_string!(i18n, requirements.units).to_string()>
                <table class="data-table">
                    <caption class="visually-hidden">{t!(i18n, requirements.units)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, requirements.name)}</th>
                        <th scope="col">{t!(i18n, requirements.code)}</th>
                        <th scope="col">{t!(i18n, requirements.parent)}</th>
                        <th scope="col">{t!(i18n, requirements.leader)}</th>
                        <th scope="col">{t!(i18n, requirements.people_count)}</th>
                        <th scope="col"><span class="visually-hidden">{t!(i18n, requirements.remove)}</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }.into_any()
    };
    view! {
        <section>
            <h2 id="units-title">{t!(i18n, requirements.units)}</h2>
            {table}
            <ActionForm action=actions.save_unit attr:class="form" attr:novalidate="true">
                <PageField />
                <ErrorSummary error prefix="u-" />
                <p class="hint">{t!(i18n, requirements.unit_hint)}</p>
                <Field id="u-code" name="code" verbatim=true
                    label=label(|i18n| t_string!(i18n, requirements.code).to_string()) error=field_error(error, "code") />
                <Field id="u-name" name="name"
                    label=label(|i18n| t_string!(i18n, requirements.name).to_string()) error=field_error(error, "name") />
                <Field id="u-parent" name="parent" verbatim=true
                    label=label(|i18n| t_string!(i18n, requirements.parent).to_string()) error=field_error(error, "parent") />
                <Field id="u-leader" name="leader" verbatim=true
                    label=label(|i18n| t_string!(i18n, requirements.leader).to_string()) error=field_error(error, "leader") />
                <button type="submit" class="button button-primary">{t!(i18n, requirements.save_unit)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn ContactSection(lines: Vec<CompanyContactLine>, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(actions.add_contact);
    let list = if lines.is_empty() {
        view! { <p>{t!(i18n, requirements.no_contacts)}</p> }.into_any()
    } else {
        let items = lines.into_iter().map(|line| view! {
            <li>
                {line.name.clone()} " (" {line.email.clone().unwrap_or_default()} ") · " {line.company.clone()} " "
                <ActionForm action=actions.remove_contact attr:class="inline-form">
                    <PageField />
                    <input type="hidden" name="company_id" value=line.company_id.to_string() />
                    <input type="hidden" name="account_id" value=line.account_id.to_string() />
                    <button type="submit" class="button">{t!(i18n, requirements.remove)}</button>
                </ActionForm>
            </li>
        }).collect_view();
        view! { <ul class="plain-list">{items}</ul> }.into_any()
    };
    view! {
        <section>
            <h2 id="contacts-title">{t!(i18n, requirements.contacts)}</h2>
            <p>{t!(i18n, requirements.contacts_intro)}</p>
            {list}
            <ActionForm action=actions.add_contact attr:class="form" attr:novalidate="true">
                <PageField />
                <ErrorSummary error prefix="c-" />
                <Field id="c-employer" name="employer" verbatim=true
                    label=label(|i18n| t_string!(i18n, requirements.employer_org).to_string()) error=field_error(error, "employer") />
                <Field id="c-person" name="person" verbatim=true
                    label=label(|i18n| t_string!(i18n, requirements.contact_person).to_string()) error=field_error(error, "person") />
                <button type="submit" class="button button-primary">{t!(i18n, requirements.add_contact)}</button>
            </ActionForm>
        </section>
    }
}
