//! «Organisasjonsprofil» for administrators: what registration asks of external learners here
//! (which user types exist, national ID and HMS card required, optional or not asked, whether
//! registration is open, the transfer warning's wording), from the built-in presets «Jernbane»
//! and «Helseforetak» or set field by field. A change never touches existing accounts.
use super::types::{HmsCardRule, Preset, RegistrationPolicy, UserType};
use crate::{
    error::AppError,
    i18n::*,
    ui::{
        LoadError, Loading,
        forms::{ErrorSummary, PageField, field_error, form_error, succeeded},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;

#[cfg(feature = "ssr")]
use crate::services::{require_caller, respond, services};

/// Saves the organisation profile (administrators only; audited). With a preset other than
/// «egen», the preset's values are used and the other fields are ignored.
#[server(prefix = "/api", endpoint = "admin/organisation")]
pub async fn save_organisation_profile(
    preset: String,
    #[server(default)] user_types: Vec<String>,
    #[server(default)] national_id: String,
    #[server(default)] hms_card: String,
    #[server(default)] open: Option<String>,
    #[server(default)] transfer_warning: String,
) -> Result<(), AppError> {
    let who = require_caller().await?;
    let form = super::types::ProfileForm {
        preset,
        user_types,
        national_id,
        hms_card,
        open: open.is_some(),
        transfer_warning,
    };
    respond(services()?.accounts.save_organisation_profile(who, form).await)
}

#[component]
pub fn OrganisationPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = crate::ui::forms::form_action::<SaveOrganisationProfile>();
    let profile = Resource::new(
        move || save.version().get(),
        |_| super::api::load_registration_policy(),
    );
    let saved = succeeded(save);
    view! {
        <Title text=crate::ui::layout::page_title(move || t_string!(i18n, organisation.title).to_string()) />
        <h1>{t!(i18n, organisation.title)}</h1>
        <p>{t!(i18n, organisation.intro)}</p>
        <div class="notice notice-success" role="status" hidden=move || !saved.get()>
            <p>{t!(i18n, organisation.saved)}</p>
        </div>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(profile) => view! { <ProfileForm profile save /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn type_name(i18n: leptos_i18n::I18nContext<Locale>, kind: UserType) -> String {
    match kind {
        UserType::FreeElearning => t_string!(i18n, user_type.free_elearning).to_string(),
        UserType::FullCatalogue => t_string!(i18n, user_type.full_catalogue).to_string(),
        UserType::Driver => t_string!(i18n, user_type.driver).to_string(),
    }
}

#[component]
fn ProfileForm(profile: RegistrationPolicy, save: ServerAction<SaveOrganisationProfile>) -> impl IntoView {
    let i18n = use_i18n();
    let error = form_error(save);
    let user_types_error = field_error(error, "user_types");
    let (current_preset, national_required) = (profile.preset, profile.require_national_id);
    let preset = move |value: Preset, text: String| {
        let checked = current_preset == value;
        view! {
            <label class="choice">
                <input type="radio" name="preset" value=value.as_str() checked=checked />
                <span>{text}</span>
            </label>
        }
    };
    let national = move |value: &'static str, text: String| {
        let checked = (value == "required") == national_required;
        view! { <label class="choice"><input type="radio" name="national_id" value=value checked=checked /><span>{text}</span></label> }
    };
    let current_hms = profile.hms_card_rule();
    let hms = move |value: HmsCardRule, text: String| {
        let checked = current_hms == value;
        view! { <label class="choice"><input type="radio" name="hms_card" value=value.as_str() checked=checked /><span>{text}</span></label> }
    };
    let types = UserType::ALL.map(|kind| {
        let checked = profile.user_types.contains(&kind);
        view! {
            <label class="choice">
                <input type="checkbox" name="user_types[]" value=kind.as_str() checked=checked />
                <span>{type_name(i18n, kind)}</span>
            </label>
        }
    });
    view! {
        <ActionForm action=save attr:class="form" attr:novalidate="true">
            <PageField />
            <ErrorSummary error />
            <fieldset class="field" id="f-preset">
                <legend>{t!(i18n, organisation.preset)}</legend>
                <p class="hint">{t!(i18n, organisation.preset_hint)}</p>
                {preset(Preset::Railway, t_string!(i18n, organisation.railway).to_string())}
                {preset(Preset::Hospital, t_string!(i18n, organisation.hospital).to_string())}
                {preset(Preset::Own, t_string!(i18n, organisation.own).to_string())}
            </fieldset>
            <fieldset class="field" id="f-user_types">
                <legend>{t!(i18n, organisation.user_types)}</legend>
                <p class="field-error" hidden=move || user_types_error.get().is_none()>{move || user_types_error.get()}</p>
                {types.into_iter().collect_view()}
            </fieldset>
            <fieldset class="field" id="f-national_id">
                <legend>{t!(i18n, organisation.national_id)}</legend>
                {national("required", t_string!(i18n, organisation.required).to_string())}
                {national("optional", t_string!(i18n, organisation.optional).to_string())}
            </fieldset>
            <fieldset class="field" id="f-hms_card">
                <legend>{t!(i18n, organisation.hms_card)}</legend>
                {hms(HmsCardRule::Required, t_string!(i18n, organisation.required).to_string())}
                {hms(HmsCardRule::Optional, t_string!(i18n, organisation.optional).to_string())}
                {hms(HmsCardRule::NotAsked, t_string!(i18n, organisation.not_asked).to_string())}
            </fieldset>
            <div class="field field-check">
                <input id="f-open" type="checkbox" name="open" value="on" checked=profile.open />
                <label for="f-open">{t!(i18n, organisation.open)}</label>
            </div>
            <crate::ui::forms::TextArea id="f-transfer_warning" name="transfer_warning"
                label=crate::ui::forms::label(|i18n| t_string!(i18n, organisation.transfer_warning).to_string())
                value=profile.transfer_warning.clone().unwrap_or_default() rows=3
                error=field_error(error, "transfer_warning") />
            <p class="hint">{t!(i18n, organisation.transfer_warning_hint)}</p>
            <button type="submit" class="button button-primary">{t!(i18n, organisation.save)}</button>
        </ActionForm>
    }
}
