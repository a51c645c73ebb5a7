//! Wire types of accounts: what pages show and what forms send.
pub use super::policy::{HmsCardRule, Preset, ProfileForm, RegistrationPolicy};
pub use crate::error::FieldIssue;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The roles of the SPEC: learner, instructor, course administrator, support, administrator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Learner,
    Instructor,
    CourseAdmin,
    Support,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Learner,
        Role::Instructor,
        Role::CourseAdmin,
        Role::Support,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Learner => "learner",
            Role::Instructor => "instructor",
            Role::CourseAdmin => "course_admin",
            Role::Support => "support",
            Role::Admin => "admin",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == value)
    }

    /// Support work (finding accounts, resending activation) is for support and administrators.
    pub fn can_support(self) -> bool {
        matches!(self, Role::Support | Role::Admin)
    }

    /// Looking after courses, sessions, e-learning content and learning paths is for course
    /// administrators and administrators.
    pub fn administers_courses(self) -> bool {
        matches!(self, Role::CourseAdmin | Role::Admin)
    }

    /// Recording results and signing off path steps is for instructors and course administrators.
    pub fn signs_off(self) -> bool {
        matches!(self, Role::Instructor | Role::CourseAdmin | Role::Admin)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an external learner registered for: it decides which courses they see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserType {
    /// «Gratis e-læring»: free courses only.
    FreeElearning,
    /// «Full kurskatalog»: every course; needs an employer who pays.
    FullCatalogue,
    /// «Fører»: driver training; needs an employer and the driver's health certificate.
    Driver,
}

impl UserType {
    pub const ALL: [UserType; 3] = [UserType::FreeElearning, UserType::FullCatalogue, UserType::Driver];

    pub fn as_str(self) -> &'static str {
        match self {
            UserType::FreeElearning => "free_elearning",
            UserType::FullCatalogue => "full_catalogue",
            UserType::Driver => "driver",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == value)
    }

    /// Full catalogue and driver learners are invoiced through an employer.
    pub fn needs_employer(self) -> bool {
        !matches!(self, UserType::FreeElearning)
    }
}

/// A message that used up its attempts («E-post som ikke kom fram»).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedMail {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub last_error: String,
    pub attempts: u32,
    pub created_at: String,
}

/// What waits on «Administrasjon» for the caller's role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOverview {
    pub role: Role,
    /// Companies learners asked for (administrators; 0 for others).
    pub pending_companies: u64,
    /// Mail that used up its attempts (support and administrators; 0 for others).
    pub failed_mail: u64,
}

/// The filter of «Logg»: each field as typed (empty: any); `before` pages back by keyset.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    /// Who did it: a name, an e-mail address or a staff code.
    pub actor: String,
    /// Whom it concerned: the same.
    pub subject: String,
    pub action: String,
    /// dd.mm.åååå, Norwegian time, both days included.
    pub from: String,
    pub to: String,
    /// Only entries older than this one (the last of the page before).
    pub before: Option<i64>,
}

/// One entry of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    /// «01.12.2026 kl. 14:03», Norwegian time.
    pub at: String,
    /// The person who did it; none for the system, the command line or an integration.
    pub actor: Option<String>,
    pub action: String,
    pub subject: Option<String>,
    pub detail: String,
}

/// Entries on one page of «Logg».
pub const AUDIT_PAGE: u64 = 50;

/// One page of «Logg», newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// `before` for the next, older page, if there is one.
    pub next: Option<i64>,
    /// Every action the trail holds, for the filter.
    pub actions: Vec<String>,
}

/// One person on «Brukere og roller».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRole {
    pub id: i64,
    pub full_name: String,
    pub email: Option<String>,
    pub staff_code: Option<String>,
    pub role: Role,
    pub activated: bool,
    /// For a course administrator: every subject area, and whether they are limited to it
    /// (none chosen: they manage all). Empty for anyone else.
    pub areas: Vec<AreaChoice>,
}

/// A subject area offered on «Brukere og roller» to limit a course administrator to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaChoice {
    pub slug: String,
    /// With the areas above it: «Bane › Sikkerhet».
    pub path: String,
    pub chosen: bool,
}

/// The signed-in person, as the header shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub full_name: String,
    pub role: Role,
    pub user_type: Option<UserType>,
}

/// A registered company a learner can pick as employer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyOption {
    pub id: i64,
    pub name: String,
    pub org_number: String,
}

/// The registration form as typed; `registration::parse` turns it into a `Registration`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegistrationForm {
    pub user_type: String,
    pub full_name: String,
    pub email: String,
    pub mobile: String,
    pub national_id: String,
    pub hms_card: String,
    pub hms_card_expires_on: String,
    pub employer_id: String,
    pub invoice_reference: String,
    pub driver_licence_number: String,
    pub health_certificate_until: String,
}

/// Which single-use link a token belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenPurpose {
    Activation,
    PasswordReset,
    EmailChange,
    /// An employee's private address, confirmed before «Glemt passord» mails it.
    PrivateEmail,
}

/// Which address a confirmation link confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfirmedEmail {
    /// The address the person logs in with and is mailed at.
    Login,
    /// An employee's private address for «Glemt passord».
    Private,
}

/// What adding a national ID later did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NationalIdAdded {
    /// Stored on the profile; it is merged when the employer's HR feed brings the number.
    Stored,
    /// An employee with the number existed: the profile is now part of theirs, and the person
    /// continues with «Logg inn på jobb».
    MergedIntoEmployee,
}

/// What «Valgfritt» did with the private address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrivateEmailChange {
    /// A link went to the new address; it is saved when the link is used.
    LinkSent,
    Removed,
}

impl TokenPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::Activation => "activation",
            TokenPurpose::PasswordReset => "password_reset",
            TokenPurpose::EmailChange => "email_change",
            TokenPurpose::PrivateEmail => "private_email",
        }
    }
}

/// What a link's token is worth now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenStatus {
    Valid,
    Expired,
    Used,
    Unknown,
}

/// «Min profil»: what the person sees about themselves. The national ID only masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub full_name: String,
    pub email: Option<String>,
    pub staff_code: Option<String>,
    pub mobile: Option<String>,
    pub role: Role,
    pub user_type: Option<UserType>,
    pub national_id_masked: Option<String>,
    pub birth_date: Option<String>,
    pub hms_card_number: Option<String>,
    pub hms_card_expires_on: Option<String>,
    pub employer: Option<CompanyOption>,
    pub invoice_reference: Option<String>,
    pub driver_licence_number: Option<String>,
    pub health_certificate_until: Option<String>,
    /// False for an employee who has only signed in at work so far: they set a first password
    /// without a current one.
    #[serde(default)]
    pub has_password: bool,
    #[serde(default)]
    pub private_email: Option<String>,
}

/// What support searches accounts by: never the national ID.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccountSearch {
    pub name: String,
    pub email: String,
    /// dd.mm.åååå or åååå-mm-dd
    pub birth_date: String,
    pub staff_code: String,
    /// Part of the employer's name, or its organisation number.
    pub employer: String,
}

/// One account in a support search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub id: i64,
    pub full_name: String,
    pub email: Option<String>,
    pub birth_date: Option<String>,
    pub role: Role,
    pub user_type: Option<UserType>,
    pub employer: Option<String>,
    pub activated: bool,
    pub last_login_at: Option<String>,
    pub has_national_id: bool,
}

/// «Finner du ikke firmaet ditt?»: the request for a company to be added.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CompanyRequestForm {
    pub org_number: String,
    pub name: String,
    /// Only when it differs from the address in Brønnøysundregistrene.
    pub invoice_address: String,
    /// Only when the company does not receive invoices through ELMA.
    pub invoice_email: String,
    pub contact_person: String,
}

/// A company request waiting for an administrator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingCompany {
    pub id: i64,
    pub org_number: String,
    pub name: String,
    pub invoice_address: Option<String>,
    pub invoice_email: Option<String>,
    pub contact_person: Option<String>,
    pub requested_by: Option<String>,
    pub requested_at: String,
}

/// An employer as administrators see it in «Firma».
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyRecord {
    pub id: i64,
    pub org_number: String,
    pub name: String,
    pub invoice_address: Option<String>,
    pub invoice_email: Option<String>,
    pub contact_person: Option<String>,
    /// Closed: no new registrations or enrolments billed to it; its people keep their history.
    pub closed: bool,
    /// People who have it as employer.
    pub people: u64,
}

/// «Oppdater brukerkonto»: the new user type and what it needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserTypeForm {
    pub user_type: String,
    /// Blank keeps the current employer.
    pub employer_id: String,
    pub invoice_reference: String,
    pub health_certificate_until: String,
    pub driver_licence_number: String,
}

/// «Personlig informasjon»: mobile number and the HMS card (renewed every two years).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonalForm {
    pub mobile: String,
    pub hms_card: String,
    pub hms_card_expires_on: String,
}
