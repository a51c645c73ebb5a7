//! Account operations: registration, activation, login, password reset, profile, support.
use crate::{
    accounts::{
        mails::{self, Links},
        national_id::Vault,
        password, throttle,
        token::{self, PASSWORD_RESET_TTL},
    },
    entity::{account, company},
};
use crate::{audit, common::text::search_key, mail::Mailer};
use app::{
    accounts::{
        fields::{Email, FieldError, PersonName},
        identity::{CalendarDate, StaffCode},
        registration::{self, Registration},
        service::{AccountService, Caller, NewPassword, Reauthentication, SessionAccount, SignedIn},
        types::{
            AccountSearch, AccountSummary, AdminOverview, AuditPage, AuditQuery, CompanyOption,
            CompanyRecord, CompanyRequestForm, CurrentUser, FailedMail, FieldIssue, PendingCompany,
            PersonRole, PersonalForm, Profile, RegistrationForm, RegistrationPolicy, Role, TokenPurpose,
            TokenStatus, UserType, UserTypeForm,
        },
    },
    error::AppError,
    messages::Language,
};
use chrono::{Datelike, Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel, QueryFilter, Set,
    SqlErr, TransactionTrait, sea_query::Expr,
};
use std::{collections::HashMap, net::IpAddr};

/// What the account service needs besides the database.
pub(crate) mod login;
mod register;

#[derive(Clone)]
pub struct AccountSettings {
    pub mailer: Mailer,
    pub vault: Vault,
    pub links: Links,
    pub policy: RegistrationPolicy,
    pub activation_hours: u32,
    pub limits: crate::accounts::throttle::Limits,
}

/// Implements `app`'s `AccountService` on the database.
#[derive(Clone)]
pub struct AccountRepo {
    pub(super) db: DatabaseConnection,
    pub(super) settings: AccountSettings,
}

pub(super) fn role_of(model: &account::Model) -> Role {
    Role::parse(&model.role).unwrap_or(Role::Learner)
}

pub(super) fn current(model: &account::Model) -> CurrentUser {
    CurrentUser {
        full_name: model.full_name.clone(),
        role: role_of(model),
        user_type: model.user_type.as_deref().and_then(UserType::parse),
    }
}

pub(super) fn field(name: &str, error: FieldError) -> AppError {
    AppError::invalid(name, error.0)
}

pub(crate) fn to_naive(date: CalendarDate) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(date.year, date.month, date.day)
}

pub(super) fn today() -> CalendarDate {
    let now = Utc::now().date_naive();
    CalendarDate::new(now.year(), now.month(), now.day()).unwrap_or(CalendarDate {
        year: 1970,
        month: 1,
        day: 1,
    })
}

pub(super) fn norwegian_date(date: NaiveDate) -> String {
    crate::common::time::day(date)
}

/// The answer when a link cannot be used, for the page that shows it.
pub(super) fn token_refused(status: TokenStatus) -> AppError {
    let message = match status {
        TokenStatus::Expired => "Lenken har gått ut. Be om en ny lenke.",
        TokenStatus::Used => "Lenken er allerede brukt eller erstattet av en nyere. Be om en ny lenke.",
        _ => "Lenken er ikke gyldig. Sjekk at du har kopiert hele lenken fra e-posten.",
    };
    AppError::invalid("token", message)
}

/// Checks a new password typed twice; the errors are field errors of the form.
pub(super) fn check_new_password(password: &NewPassword, email: Option<&str>) -> Result<(), AppError> {
    password::check_new(&password.password, email).map_err(|e| field("password", e))?;
    if password.password != password.repeat {
        return Err(AppError::invalid(
            "repeat",
            "Passordene er ikke like. Skriv det samme passordet to ganger.",
        ));
    }
    Ok(())
}

impl AccountRepo {
    pub fn new(db: DatabaseConnection, settings: AccountSettings) -> Self {
        Self { db, settings }
    }

    /// The caller when they may do support work, else 403.
    pub(crate) fn support_actor(&self, who: Caller) -> Result<Caller, AppError> {
        if !who.role().can_support() {
            tracing::warn!(account_id = who.account_id, "support function refused");
            return Err(AppError::Forbidden);
        }
        Ok(who)
    }

    /// The caller when they are an administrator, else 403.
    pub(crate) fn admin_actor(&self, who: Caller) -> Result<Caller, AppError> {
        if who.role() != Role::Admin {
            tracing::warn!(account_id = who.account_id, "administrator function refused");
            return Err(AppError::Forbidden);
        }
        Ok(who)
    }

    pub(super) async fn find_by_email(&self, email: &Email) -> Result<Option<account::Model>, AppError> {
        Ok(account::Entity::find()
            .filter(account::Column::Email.eq(email.as_str()))
            .one(&self.db)
            .await?)
    }

    pub(super) async fn approved_company(&self, id: i64) -> Result<Option<company::Model>, AppError> {
        Ok(company::Entity::find_by_id(id)
            .filter(company::Column::Status.eq(company::STATUS_APPROVED))
            .one(&self.db)
            .await?)
    }

    /// Sends a fresh activation link (older ones stop working).
    pub(super) async fn send_activation(&self, account: &account::Model) -> Result<(), AppError> {
        let Some(email) = account.email.clone() else {
            return Ok(());
        };
        let hours = self.settings.activation_hours;
        let txn = self.db.begin().await?;
        let token = token::issue(
            &txn,
            account.id,
            TokenPurpose::Activation,
            Duration::hours(i64::from(hours)),
            None,
        )
        .await?;
        let mail = mails::activation(
            &self.settings.links,
            &email,
            &account.full_name,
            &token,
            hours,
            account.chosen_language(),
        );
        self.settings.mailer.enqueue(&txn, mail).await?;
        Ok(txn.commit().await?)
    }

    pub(super) async fn company_names(&self, ids: Vec<i64>) -> Result<HashMap<i64, String>, AppError> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        Ok(company::Entity::find()
            .filter(company::Column::Id.is_in(ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect())
    }
}

pub(crate) fn national_id_taken() -> AppError {
    AppError::Taken {
        field: "national_id".into(),
        message: "Det finnes allerede en bruker med dette fødselsnummeret eller D-nummeret. \
                  Logg inn med e-postadressen du registrerte, eller bruk «Glemt passord»."
            .into(),
    }
}

pub(super) fn company_option(company: company::Model) -> CompanyOption {
    CompanyOption {
        id: company.id,
        name: company.name,
        org_number: company.org_number,
    }
}

#[async_trait::async_trait]
impl AccountService for AccountRepo {
    async fn login(
        &self,
        identifier: &str,
        password_text: String,
        client: Option<IpAddr>,
    ) -> Result<SignedIn, AppError> {
        login::login(self, identifier, password_text, client).await
    }

    async fn caller(&self, who: SessionAccount) -> Result<Option<Caller>, AppError> {
        Ok(account::session_owner(&self.db, who).await?.map(|model| Caller {
            account_id: model.id,
            user: current(&model),
        }))
    }

    async fn registration_policy(&self) -> Result<RegistrationPolicy, AppError> {
        super::organisation::policy(self).await
    }

    async fn save_organisation_profile(
        &self,
        who: Caller,
        form: app::accounts::types::ProfileForm,
    ) -> Result<(), AppError> {
        super::organisation::save(self, who, form).await
    }

    async fn search_companies(&self, query: &str) -> Result<Vec<CompanyOption>, AppError> {
        crate::accounts::employers::search_companies(self, query).await
    }

    async fn register(
        &self,
        form: RegistrationForm,
        client: Option<IpAddr>,
        language: Language,
    ) -> Result<(), AppError> {
        register::register(self, form, client, language).await
    }

    async fn remember_language(&self, who: Caller, language: Language) -> Result<(), AppError> {
        account::Entity::update_many()
            .col_expr(account::Column::Language, Expr::value(language.code()))
            .filter(account::Column::Id.eq(who.account_id))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    async fn token_status(&self, purpose: TokenPurpose, token_text: &str) -> Result<TokenStatus, AppError> {
        let (status, _) = token::status(&self.db, purpose, token_text, Utc::now()).await?;
        Ok(status)
    }

    async fn activate(&self, token_text: &str, password: NewPassword) -> Result<(), AppError> {
        register::activate(self, token_text, password).await
    }

    async fn resend_activation(&self, email: &str) -> Result<(), AppError> {
        register::resend_activation(self, email).await
    }

    async fn request_password_reset(&self, identifier: &str) -> Result<(), AppError> {
        login::request_password_reset(self, identifier).await
    }

    async fn reset_password(&self, token_text: &str, password: NewPassword) -> Result<(), AppError> {
        login::reset_password(self, token_text, password).await
    }

    async fn profile(&self, who: Caller) -> Result<Profile, AppError> {
        crate::accounts::profile::profile(self, who).await
    }

    async fn change_password(
        &self,
        who: Caller,
        proof: Reauthentication,
        new_password: NewPassword,
    ) -> Result<SessionAccount, AppError> {
        crate::accounts::profile::change_password(self, who, proof, new_password).await
    }

    async fn update_employer(
        &self,
        who: Caller,
        employer_id: &str,
        invoice_reference: &str,
    ) -> Result<(), AppError> {
        crate::accounts::employers::update_employer(self, who, employer_id, invoice_reference).await
    }

    async fn search_accounts(
        &self,
        who: Caller,
        query: AccountSearch,
    ) -> Result<Vec<AccountSummary>, AppError> {
        crate::accounts::support::search_accounts(self, who, query).await
    }

    async fn support_resend_activation(&self, who: Caller, account_id: i64) -> Result<(), AppError> {
        crate::accounts::support::support_resend_activation(self, who, account_id).await
    }

    async fn reveal_national_id(
        &self,
        who: Caller,
        account_id: i64,
        reason: &str,
    ) -> Result<String, AppError> {
        crate::accounts::support::reveal_national_id(self, who, account_id, reason).await
    }

    async fn request_company(&self, who: Caller, form: CompanyRequestForm) -> Result<(), AppError> {
        crate::accounts::employers::request_company(self, who, form).await
    }

    async fn pending_companies(&self, who: Caller) -> Result<Vec<PendingCompany>, AppError> {
        crate::accounts::employers::pending_companies(self, who).await
    }

    async fn decide_company(
        &self,
        who: Caller,
        company_id: i64,
        approve: bool,
        note: &str,
    ) -> Result<(), AppError> {
        crate::accounts::employers::decide_company(self, who, company_id, approve, note).await
    }

    async fn companies(&self, who: Caller, query: &str) -> Result<Vec<CompanyRecord>, AppError> {
        crate::accounts::company_admin::companies(self, who, query).await
    }

    async fn update_company(
        &self,
        who: Caller,
        company_id: i64,
        form: CompanyRequestForm,
    ) -> Result<(), AppError> {
        crate::accounts::company_admin::update_company(self, who, company_id, form).await
    }

    async fn set_company_open(
        &self,
        who: Caller,
        company_id: i64,
        open: bool,
        reason: &str,
    ) -> Result<(), AppError> {
        crate::accounts::company_admin::set_company_open(self, who, company_id, open, reason).await
    }

    async fn admin_overview(&self, who: Caller) -> Result<AdminOverview, AppError> {
        crate::accounts::failed_mail::overview(self, who).await
    }

    async fn failed_mail(&self, who: Caller) -> Result<Vec<FailedMail>, AppError> {
        crate::accounts::failed_mail::failed_mail(self, who).await
    }

    async fn settle_failed_mail(&self, who: Caller, id: i64, retry: bool) -> Result<(), AppError> {
        crate::accounts::failed_mail::settle_failed_mail(self, who, id, retry).await
    }

    async fn audit_trail(&self, who: Caller, query: AuditQuery, limit: u64) -> Result<AuditPage, AppError> {
        crate::accounts::audit_trail::audit_trail(self, who, query, limit).await
    }

    async fn people_with_roles(&self, who: Caller, query: &str) -> Result<Vec<PersonRole>, AppError> {
        crate::accounts::roles::people(self, who, query).await
    }

    async fn set_role(&self, who: Caller, account_id: i64, role: &str, reason: &str) -> Result<(), AppError> {
        crate::accounts::roles::set_role(self, who, account_id, role, reason).await
    }

    async fn set_areas(
        &self,
        who: Caller,
        account_id: i64,
        areas: &[String],
        reason: &str,
    ) -> Result<(), AppError> {
        crate::accounts::roles::set_areas(self, who, account_id, areas, reason).await
    }

    async fn request_email_change(
        &self,
        who: Caller,
        new_email: &str,
        proof: Reauthentication,
    ) -> Result<(), AppError> {
        crate::accounts::profile::request_email_change(self, who, new_email, proof).await
    }

    async fn confirm_email_change(
        &self,
        token_text: &str,
    ) -> Result<app::accounts::types::ConfirmedEmail, AppError> {
        crate::accounts::profile::confirm_email_change(self, token_text).await
    }

    async fn change_user_type(&self, who: Caller, form: UserTypeForm) -> Result<(), AppError> {
        crate::accounts::profile::change_user_type(self, who, form).await
    }

    async fn set_private_email(
        &self,
        who: Caller,
        private_email: &str,
    ) -> Result<app::accounts::types::PrivateEmailChange, AppError> {
        crate::accounts::profile::set_private_email(self, who, private_email).await
    }

    async fn update_personal(&self, who: Caller, form: PersonalForm) -> Result<(), AppError> {
        crate::accounts::profile::update_personal(self, who, form).await
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CreateAccountError {
    #[error("{0}")]
    Invalid(String),
    #[error("an account with this e-mail address already exists")]
    EmailTaken,
    #[error(transparent)]
    Password(#[from] password::PasswordError),
    #[error("database: {0}")]
    Database(#[from] DbErr),
}

/// Creates an activated account with a role and a password (command line and demo data).
pub async fn create_with_password(
    db: &DatabaseConnection,
    email: &str,
    full_name: &str,
    role: Role,
    password_text: String,
) -> Result<i64, CreateAccountError> {
    let email = Email::parse(email).map_err(|e| CreateAccountError::Invalid(e.to_string()))?;
    let full_name = PersonName::parse(full_name).map_err(|e| CreateAccountError::Invalid(e.to_string()))?;
    password::check_new(&password_text, Some(email.as_str()))
        .map_err(|e| CreateAccountError::Invalid(e.to_string()))?;
    if account::Entity::find()
        .filter(account::Column::Email.eq(email.as_str()))
        .one(db)
        .await?
        .is_some()
    {
        return Err(CreateAccountError::EmailTaken);
    }
    let hash = password::hash(password_text).await?;
    let now = Utc::now();
    let account = account::ActiveModel {
        email: Set(Some(email.as_str().to_string())),
        full_name: Set(full_name.as_str().to_string()),
        name_search: Set(Some(search_key(full_name.as_str()))),
        role: Set(role.as_str().to_string()),
        password_hash: Set(Some(hash)),
        created_at: Set(now),
        activated_at: Set(Some(now)),
        session_generation: Set(0),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(account.id)
}
