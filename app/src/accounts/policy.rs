//! The organisation profile: what registration asks of external learners (user types,
//! national ID, HMS card, open or closed, the transfer warning), its presets and its form.
use super::types::{FieldIssue, UserType};
use serde::{Deserialize, Serialize};

/// The organisation profile: what registration asks of external learners here. Set by
/// administrators on «Organisasjonsprofil», from the presets «Jernbane» and «Helseforetak» or
/// field by field; until then from the configuration (`KURSPORTAL_ORGANISATION_PROFILE`,
/// `KURSPORTAL_REQUIRE_*`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationPolicy {
    pub require_national_id: bool,
    pub require_hms_card: bool,
    /// Whether the form asks for an HMS card at all (a hospital does not).
    #[serde(default = "yes")]
    pub ask_hms_card: bool,
    /// The user types external learners may register as, in the order shown.
    #[serde(default = "all_user_types")]
    pub user_types: Vec<UserType>,
    /// Whether external learners may register here at all.
    #[serde(default = "yes")]
    pub open: bool,
    /// The transfer warning in the organisation's own words (none: the portal's).
    #[serde(default)]
    pub transfer_warning: Option<String>,
    #[serde(default)]
    pub preset: Preset,
}

fn yes() -> bool {
    true
}

fn all_user_types() -> Vec<UserType> {
    UserType::ALL.to_vec()
}

impl Default for RegistrationPolicy {
    /// «Jernbane»: today's railway behaviour.
    fn default() -> Self {
        Self::preset(Preset::Railway)
    }
}

impl RegistrationPolicy {
    /// A built-in profile: «Jernbane» (every user type, national ID and HMS card required) or
    /// «Helseforetak» (no «Fører», no HMS card, the national ID optional with the warning).
    pub fn preset(preset: Preset) -> Self {
        match preset {
            Preset::Hospital => Self {
                require_national_id: false,
                require_hms_card: false,
                ask_hms_card: false,
                user_types: vec![UserType::FreeElearning, UserType::FullCatalogue],
                open: true,
                transfer_warning: None,
                preset,
            },
            Preset::Railway | Preset::Own => Self {
                require_national_id: true,
                require_hms_card: true,
                ask_hms_card: true,
                user_types: all_user_types(),
                open: true,
                transfer_warning: None,
                preset,
            },
        }
    }

    pub fn hms_card_rule(&self) -> HmsCardRule {
        match (self.ask_hms_card, self.require_hms_card) {
            (false, _) => HmsCardRule::NotAsked,
            (true, true) => HmsCardRule::Required,
            (true, false) => HmsCardRule::Optional,
        }
    }

    pub fn offers(&self, user_type: UserType) -> bool {
        self.user_types.contains(&user_type)
    }
}

/// Where an organisation profile came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    #[default]
    Railway,
    Hospital,
    /// Set field by field.
    Own,
}

impl Preset {
    pub fn as_str(self) -> &'static str {
        match self {
            Preset::Railway => "jernbane",
            Preset::Hospital => "helseforetak",
            Preset::Own => "egen",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Preset::Railway, Preset::Hospital, Preset::Own]
            .into_iter()
            .find(|p| p.as_str() == text)
    }
}

/// Whether registration asks for an HMS card, and whether it must be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HmsCardRule {
    Required,
    Optional,
    NotAsked,
}

impl HmsCardRule {
    pub fn as_str(self) -> &'static str {
        match self {
            HmsCardRule::Required => "required",
            HmsCardRule::Optional => "optional",
            HmsCardRule::NotAsked => "off",
        }
    }
}

/// The organisation profile as posted from «Organisasjonsprofil».
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileForm {
    pub preset: String,
    pub user_types: Vec<String>,
    pub national_id: String,
    pub hms_card: String,
    pub open: bool,
    pub transfer_warning: String,
}

impl ProfileForm {
    /// The profile, or every field to fix. A preset other than «egen» gives the preset's
    /// values (the transfer warning and «open» are kept from the form).
    pub fn parse(&self) -> Result<RegistrationPolicy, Vec<FieldIssue>> {
        let mut issues = Vec::new();
        let mut issue = |field: &str, message: &'static str| {
            issues.push(FieldIssue {
                field: field.into(),
                message: message.into(),
            })
        };
        let preset = Preset::parse(self.preset.trim());
        if preset.is_none() {
            issue("preset", "Velg «Jernbane», «Helseforetak» eller «Egen».");
        }
        let warning = self.transfer_warning.trim();
        if warning.chars().count() > 600 {
            issue("transfer_warning", "Advarselen kan ha høyst 600 tegn.");
        }
        let mut profile = RegistrationPolicy::preset(preset.unwrap_or(Preset::Own));
        if preset == Some(Preset::Own) {
            let types: Vec<UserType> = UserType::ALL
                .into_iter()
                .filter(|t| self.user_types.iter().any(|chosen| chosen == t.as_str()))
                .collect();
            if types.is_empty()
                || self
                    .user_types
                    .iter()
                    .any(|chosen| UserType::parse(chosen).is_none())
            {
                issue(
                    "user_types",
                    "Velg minst én brukertype eksterne kan registrere seg som.",
                );
            }
            profile.user_types = types;
            match self.national_id.as_str() {
                "required" => profile.require_national_id = true,
                "optional" => profile.require_national_id = false,
                _ => issue("national_id", "Velg om fødselsnummer er påkrevd eller valgfritt."),
            }
            match self.hms_card.as_str() {
                "required" => (profile.ask_hms_card, profile.require_hms_card) = (true, true),
                "optional" => (profile.ask_hms_card, profile.require_hms_card) = (true, false),
                "off" => (profile.ask_hms_card, profile.require_hms_card) = (false, false),
                _ => issue(
                    "hms_card",
                    "Velg om HMS-kort er påkrevd, valgfritt eller ikke spørres om.",
                ),
            }
        }
        profile.open = self.open;
        profile.transfer_warning = (!warning.is_empty()).then(|| warning.to_string());
        if issues.is_empty() {
            Ok(profile)
        } else {
            Err(issues)
        }
    }
}
