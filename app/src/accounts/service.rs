//! The account service interface; implemented by the server's `accounts` module.
//!
//! Every method that acts for someone takes the request's [`Caller`] and checks on the server
//! what that account may do: the pages are never trusted with authorization.
use super::types::{
    AccountSearch, AccountSummary, AdminOverview, AuditPage, AuditQuery, CompanyOption, CompanyRecord,
    CompanyRequestForm, CurrentUser, FailedMail, PendingCompany, PersonRole, PersonalForm, Profile,
    RegistrationForm, RegistrationPolicy, TokenPurpose, TokenStatus, UserTypeForm,
};
use crate::error::AppError;
use std::net::IpAddr;

/// Who a session belongs to. The generation changes when the password does, which ends
/// every session that still carries the old one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionAccount {
    pub account_id: i64,
    pub generation: i32,
}

/// The signed-in caller of a request: the session's account, still existing, activated and
/// with the password it signed in with. Looked up once per request (`services::caller`) and
/// handed to every service that acts for someone, which decides from it what they may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub account_id: i64,
    /// Name, role and user type, as the page header shows them.
    pub user: CurrentUser,
}

impl Caller {
    pub fn role(&self) -> super::types::Role {
        self.user.role
    }

    /// A «Gratis e-læring» user, who sees free courses only.
    pub fn free_only(&self) -> bool {
        self.user.user_type == Some(super::types::UserType::FreeElearning)
    }
}

/// A successful login: who it is, for the session.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub account: SessionAccount,
    pub user: CurrentUser,
    /// The language the person chose, if they ever did: the browser is given it at login.
    pub language: Option<crate::messages::Language>,
}

/// Proof, given again, that the person is who the session says, before a change that could
/// hand the account to someone else (a password, a login address): the current password, or
/// for an account without one a login at work («Logg inn på jobb») minutes ago.
#[derive(Debug, Clone, Default)]
pub struct Reauthentication {
    /// The current password as typed; empty when the account has none.
    pub current_password: String,
    /// Whether this session signed in at work within the last ten minutes.
    pub fresh_login_at_work: bool,
}

/// A password typed twice.
#[derive(Debug, Clone)]
pub struct NewPassword {
    pub password: String,
    pub repeat: String,
}

#[async_trait::async_trait]
pub trait AccountService: Send + Sync + 'static {
    /// Checks an e-mail address or staff code and a password; failures are throttled per
    /// account and per client address.
    async fn login(
        &self,
        identifier: &str,
        password: String,
        client: Option<IpAddr>,
    ) -> Result<SignedIn, AppError>;
    /// The caller behind a session, if its account still exists, is activated, and the
    /// session began with its current password.
    async fn caller(&self, who: SessionAccount) -> Result<Option<Caller>, AppError>;

    /// The organisation profile: what registration asks of external learners here.
    async fn registration_policy(&self) -> Result<RegistrationPolicy, AppError>;
    /// Saves the organisation profile (administrators only; audited).
    async fn save_organisation_profile(
        &self,
        who: Caller,
        form: super::types::ProfileForm,
    ) -> Result<(), AppError>;
    /// Approved companies whose name or organisation number matches.
    async fn search_companies(&self, query: &str) -> Result<Vec<CompanyOption>, AppError>;
    /// Creates a not yet activated account and mails the activation link; attempts are
    /// limited per client address and per national ID.
    async fn register(
        &self,
        form: RegistrationForm,
        client: Option<IpAddr>,
        language: crate::messages::Language,
    ) -> Result<(), AppError>;
    /// Keeps the language the signed-in person chose, for their mails and their next browser.
    async fn remember_language(
        &self,
        who: Caller,
        language: crate::messages::Language,
    ) -> Result<(), AppError>;
    /// Whether a link can still be used, so the page can say so before anything is typed.
    async fn token_status(&self, purpose: TokenPurpose, token: &str) -> Result<TokenStatus, AppError>;
    /// Sets the first password with an activation link.
    async fn activate(&self, token: &str, password: NewPassword) -> Result<(), AppError>;
    /// Mails a new activation link when the address belongs to an account not yet activated.
    async fn resend_activation(&self, email: &str) -> Result<(), AppError>;
    /// Mails a reset link when the address belongs to an account; the same answer otherwise.
    async fn request_password_reset(&self, email: &str) -> Result<(), AppError>;
    /// Sets a new password with a reset link and ends every session of the account.
    async fn reset_password(&self, token: &str, password: NewPassword) -> Result<(), AppError>;

    /// «Min profil».
    async fn profile(&self, who: Caller) -> Result<Profile, AppError>;
    /// «Endre passord»: returns the session's new generation; other sessions end.
    async fn change_password(
        &self,
        who: Caller,
        proof: Reauthentication,
        password: NewPassword,
    ) -> Result<SessionAccount, AppError>;
    /// «Oppdater arbeidsgiver» with the invoice reference.
    async fn update_employer(
        &self,
        who: Caller,
        employer_id: &str,
        invoice_reference: &str,
    ) -> Result<(), AppError>;

    /// Support: accounts by name, e-mail addresses and birth date (never the national ID).
    async fn search_accounts(
        &self,
        who: Caller,
        query: AccountSearch,
    ) -> Result<Vec<AccountSummary>, AppError>;
    /// Support: a new activation link for someone who did not get (or lost) theirs.
    async fn support_resend_activation(&self, who: Caller, account_id: i64) -> Result<(), AppError>;
    /// Support: shows one national ID, on purpose and with a reason; written to the audit log.
    async fn reveal_national_id(
        &self,
        who: Caller,
        account_id: i64,
        reason: &str,
    ) -> Result<String, AppError>;

    /// «Be om at firmaet legges til»: a signed-in learner asks for their employer.
    async fn request_company(&self, who: Caller, form: CompanyRequestForm) -> Result<(), AppError>;
    /// Administrators: company requests waiting for a decision.
    async fn pending_companies(&self, who: Caller) -> Result<Vec<PendingCompany>, AppError>;
    /// Administrators: approve (the requester gets it as employer) or reject, with a note.
    async fn decide_company(
        &self,
        who: Caller,
        company_id: i64,
        approve: bool,
        note: &str,
    ) -> Result<(), AppError>;

    /// «Firma» (administrators): the employers (listed and closed) whose name or organisation
    /// number matches `query`, or the first ones by name when it is blank.
    async fn companies(&self, who: Caller, query: &str) -> Result<Vec<CompanyRecord>, AppError>;
    /// Administrators: an employer's name, organisation number and invoicing details; audited.
    async fn update_company(
        &self,
        who: Caller,
        company_id: i64,
        form: CompanyRequestForm,
    ) -> Result<(), AppError>;
    /// Administrators: closes an employer (no new registrations or enrolments billed to it, its
    /// people keep their history) or opens it again, with the reason; audited.
    async fn set_company_open(
        &self,
        who: Caller,
        company_id: i64,
        open: bool,
        reason: &str,
    ) -> Result<(), AppError>;

    /// «Brukere og roller» (administrators): everyone with a role other than learner, or the
    /// people whose name, e-mail address or staff code matches `query`.
    async fn people_with_roles(&self, who: Caller, query: &str) -> Result<Vec<PersonRole>, AppError>;
    /// Gives a person a role (`learner` takes every role away), with the reason; audited, mailed
    /// to the person, effective at their next request. The last administrator stays one.
    async fn set_role(&self, who: Caller, account_id: i64, role: &str, reason: &str) -> Result<(), AppError>;
    /// Limits a course administrator to subject areas (slugs; none: all areas), with the
    /// reason; audited and mailed to the person, effective at their next request.
    async fn set_areas(
        &self,
        who: Caller,
        account_id: i64,
        areas: &[String],
        reason: &str,
    ) -> Result<(), AppError>;

    /// «Administrasjon»: what waits for the caller (anyone but a learner).
    async fn admin_overview(&self, who: Caller) -> Result<AdminOverview, AppError>;
    /// «E-post som ikke kom fram» (support and administrators), oldest first.
    async fn failed_mail(&self, who: Caller) -> Result<Vec<FailedMail>, AppError>;
    /// Sends a failed message again (`retry`) or discards it; audited.
    async fn settle_failed_mail(&self, who: Caller, id: i64, retry: bool) -> Result<(), AppError>;

    /// «Logg» (administrators): up to `limit` entries matching `query`, newest first.
    async fn audit_trail(&self, who: Caller, query: AuditQuery, limit: u64) -> Result<AuditPage, AppError>;

    /// «Basisinformasjon»: a new e-mail address takes effect when a link mailed to it is used.
    async fn request_email_change(
        &self,
        who: Caller,
        new_email: &str,
        proof: Reauthentication,
    ) -> Result<(), AppError>;
    /// Uses the link mailed to the new address.
    async fn confirm_email_change(
        &self,
        token: &str,
    ) -> Result<crate::accounts::types::ConfirmedEmail, AppError>;
    /// «Oppdater brukerkonto»: another user type, with what it needs.
    async fn change_user_type(&self, who: Caller, form: UserTypeForm) -> Result<(), AppError>;
    /// «Personlig informasjon»: mobile number, HMS card number and expiry.
    async fn update_personal(&self, who: Caller, form: PersonalForm) -> Result<(), AppError>;
    /// An employee's private e-mail address for password resets («Valgfritt»): a link to confirm
    /// it is mailed there; empty removes it at once.
    async fn set_private_email(
        &self,
        who: Caller,
        private_email: &str,
    ) -> Result<crate::accounts::types::PrivateEmailChange, AppError>;
}
