//! Account operations: registration, activation, login, password reset, profile, support.
use super::{
    company, entity, mails,
    mails::Links,
    national_id::Vault,
    password, throttle,
    token::{self, PASSWORD_RESET_TTL},
};
use crate::{audit, courses::rules::fold_for_search, mail::Mailer};
use app::{
    accounts::{
        fields::{Email, FieldError, PersonName},
        identity::{CalendarDate, StaffCode},
        registration::{self, Registration},
        service::{AccountService, NewPassword, SessionAccount, SignedIn},
        types::{
            AccountSearch, AccountSummary, CompanyOption, CompanyRequestForm, CurrentUser, FieldIssue,
            PendingCompany, PersonalForm, Profile, RegistrationForm, RegistrationPolicy, Role, TokenPurpose,
            TokenStatus, UserType, UserTypeForm,
        },
    },
    error::AppError,
};
use chrono::{Datelike, Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel, QueryFilter, Set,
    SqlErr, TransactionTrait, sea_query::Expr,
};
use std::{collections::HashMap, net::IpAddr};

/// What the account service needs besides the database.
#[derive(Clone)]
pub struct AccountSettings {
    pub mailer: Mailer,
    pub vault: Vault,
    pub links: Links,
    pub policy: RegistrationPolicy,
    pub activation_hours: u32,
}

/// Implements `app`'s `AccountService` on the database.
#[derive(Clone)]
pub struct AccountRepo {
    pub(super) db: DatabaseConnection,
    pub(super) settings: AccountSettings,
}

pub(super) fn internal(error: impl std::fmt::Display) -> AppError {
    tracing::error!(%error, "account operation failed");
    AppError::Internal
}

pub(super) fn role_of(model: &entity::Model) -> Role {
    Role::parse(&model.role).unwrap_or(Role::Learner)
}

pub(super) fn current(model: &entity::Model) -> CurrentUser {
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
    crate::courses::time::day(date)
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

    /// The account behind a session, if the session is still valid.
    pub(super) async fn session_owner(&self, who: SessionAccount) -> Result<Option<entity::Model>, AppError> {
        entity::session_owner(&self.db, who).await.map_err(internal)
    }

    /// The session's account, or 401.
    pub(super) async fn actor(&self, who: SessionAccount) -> Result<entity::Model, AppError> {
        self.session_owner(who).await?.ok_or(AppError::Unauthenticated)
    }

    /// The session's account when it may do support work, else 403.
    pub(super) async fn support_actor(&self, who: SessionAccount) -> Result<entity::Model, AppError> {
        let actor = self.actor(who).await?;
        if !role_of(&actor).can_support() {
            tracing::warn!(account_id = actor.id, "support function refused");
            return Err(AppError::Forbidden);
        }
        Ok(actor)
    }

    /// The session's account when it is an administrator, else 403.
    pub(super) async fn admin_actor(&self, who: SessionAccount) -> Result<entity::Model, AppError> {
        let actor = self.actor(who).await?;
        if role_of(&actor) != Role::Admin {
            tracing::warn!(account_id = actor.id, "administrator function refused");
            return Err(AppError::Forbidden);
        }
        Ok(actor)
    }

    /// The account an identifier names: an e-mail address, or else a staff code.
    async fn find_by_identifier(&self, identifier: &str) -> Result<Option<entity::Model>, DbErr> {
        let identifier = identifier.trim();
        let filter = if identifier.contains('@') {
            match Email::parse(identifier) {
                Ok(email) => entity::Column::Email.eq(email.as_str().to_string()),
                Err(_) => return Ok(None),
            }
        } else {
            match StaffCode::parse(identifier) {
                Ok(code) => entity::Column::StaffCode.eq(code.as_str().to_string()),
                Err(_) => return Ok(None),
            }
        };
        entity::Entity::find().filter(filter).one(&self.db).await
    }

    /// The merged (closed) external profile that logged in with this e-mail address, if any.
    async fn merged_profile(&self, identifier: &str) -> Result<Option<entity::Model>, DbErr> {
        use sea_orm::QueryOrder;
        let Ok(email) = Email::parse(identifier.trim()) else {
            return Ok(None);
        };
        entity::Entity::find()
            .filter(entity::Column::MergedEmail.eq(email.as_str()))
            .filter(entity::Column::MergedInto.is_not_null())
            .order_by_desc(entity::Column::MergedAt)
            .one(&self.db)
            .await
    }

    pub(super) async fn find_by_email(&self, email: &Email) -> Result<Option<entity::Model>, AppError> {
        entity::Entity::find()
            .filter(entity::Column::Email.eq(email.as_str()))
            .one(&self.db)
            .await
            .map_err(internal)
    }

    pub(super) async fn approved_company(&self, id: i64) -> Result<Option<company::Model>, AppError> {
        company::Entity::find_by_id(id)
            .filter(company::Column::Status.eq(company::STATUS_APPROVED))
            .one(&self.db)
            .await
            .map_err(internal)
    }

    /// Sends a fresh activation link (older ones stop working).
    pub(super) async fn send_activation(&self, account: &entity::Model) -> Result<(), AppError> {
        let Some(email) = account.email.clone() else {
            return Ok(());
        };
        let hours = self.settings.activation_hours;
        let txn = self.db.begin().await.map_err(internal)?;
        let token = token::issue(
            &txn,
            account.id,
            TokenPurpose::Activation,
            Duration::hours(i64::from(hours)),
            None,
        )
        .await
        .map_err(internal)?;
        let mail = mails::activation(&self.settings.links, &email, &account.full_name, &token, hours);
        self.settings.mailer.enqueue(&txn, mail).await.map_err(internal)?;
        txn.commit().await.map_err(internal)
    }

    fn login_key(&self, identifier: &str) -> String {
        format!(
            "id:{}",
            self.settings
                .vault
                .keyed_hash("login", &identifier.trim().to_lowercase())
        )
    }

    async fn create_account(&self, registration: Registration) -> Result<(), AppError> {
        let Registration {
            user_type,
            full_name,
            email,
            mobile,
            national_id,
            hms_card,
            hms_card_expires_on,
            employer_id,
            invoice_reference,
            driver,
        } = registration;
        let now = Utc::now();
        let national_id_key = national_id
            .as_ref()
            .map(|id| self.settings.vault.national_id_key(id));
        let account = entity::ActiveModel {
            email: Set(Some(email.as_str().to_string())),
            full_name: Set(full_name.as_str().to_string()),
            name_search: Set(Some(fold_for_search(full_name.as_str()))),
            role: Set(Role::Learner.as_str().to_string()),
            created_at: Set(now),
            user_type: Set(Some(user_type.as_str().to_string())),
            mobile: Set(Some(mobile.as_str().to_string())),
            national_id_sealed: Set(national_id.as_ref().map(|id| self.settings.vault.seal(id))),
            national_id_key: Set(national_id_key),
            birth_date: Set(national_id.as_ref().and_then(|id| to_naive(id.birth_date()))),
            hms_card_number: Set(hms_card.map(|c| c.as_str().to_string())),
            hms_card_expires_on: Set(hms_card_expires_on.and_then(to_naive)),
            employer_id: Set(employer_id),
            invoice_reference: Set(invoice_reference),
            driver_licence_number: Set(driver
                .as_ref()
                .and_then(|d| d.licence_number.as_ref().map(|n| n.as_str().to_string()))),
            health_certificate_until: Set(driver.as_ref().and_then(|d| to_naive(d.health_certificate_until))),
            session_generation: Set(0),
            ..Default::default()
        };
        let txn = self.db.begin().await.map_err(internal)?;
        let account = match account.insert(&txn).await {
            Ok(account) => account,
            // Lost a race with the same person registering twice at once.
            Err(error) if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                return Err(national_id_taken());
            }
            Err(error) => return Err(internal(error)),
        };
        let hours = self.settings.activation_hours;
        let token = token::issue(
            &txn,
            account.id,
            TokenPurpose::Activation,
            Duration::hours(i64::from(hours)),
            None,
        )
        .await
        .map_err(internal)?;
        let mail = mails::activation(
            &self.settings.links,
            email.as_str(),
            full_name.as_str(),
            &token,
            hours,
        );
        self.settings.mailer.enqueue(&txn, mail).await.map_err(internal)?;
        audit::record(
            &txn,
            Some(account.id),
            "account.registered",
            Some(account.id),
            None,
        )
        .await
        .map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        tracing::info!(
            account_id = account.id,
            user_type = user_type.as_str(),
            "registered"
        );
        Ok(())
    }

    /// Sets a password through a link and raises the session generation, in one transaction.
    async fn set_password_with_token(
        &self,
        purpose: TokenPurpose,
        token_text: &str,
        new_password: NewPassword,
    ) -> Result<entity::Model, AppError> {
        let (status, row) = token::status(&self.db, purpose, token_text, Utc::now())
            .await
            .map_err(internal)?;
        let Some(row) = row else {
            return Err(token_refused(status));
        };
        let account = entity::Entity::find_by_id(row.account_id)
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or_else(|| token_refused(TokenStatus::Unknown))?;
        check_new_password(&new_password, account.email.as_deref())?;
        let hash = password::hash(new_password.password).await?;

        let txn = self.db.begin().await.map_err(internal)?;
        if let Err(status) = token::redeem(&txn, purpose, token_text).await.map_err(internal)? {
            return Err(token_refused(status));
        }
        let now = Utc::now();
        let generation = account.session_generation + 1;
        let mut active = account.into_active_model();
        active.password_hash = Set(Some(hash));
        active.session_generation = Set(generation);
        if purpose == TokenPurpose::Activation {
            active.activated_at = Set(Some(now));
        }
        let account = active.update(&txn).await.map_err(internal)?;
        // A reset link used, or an activation done: other open links of the account are void.
        for other in [TokenPurpose::Activation, TokenPurpose::PasswordReset] {
            token::Entity::update_many()
                .col_expr(token::Column::UsedAt, Expr::value(now))
                .filter(token::Column::AccountId.eq(account.id))
                .filter(token::Column::Purpose.eq(other.as_str()))
                .filter(token::Column::UsedAt.is_null())
                .exec(&txn)
                .await
                .map_err(internal)?;
        }
        let action = match purpose {
            TokenPurpose::Activation => "account.activated",
            _ => "account.password_reset",
        };
        audit::record(&txn, Some(account.id), action, Some(account.id), None)
            .await
            .map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        Ok(account)
    }

    pub(super) async fn company_names(&self, ids: Vec<i64>) -> Result<HashMap<i64, String>, AppError> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        Ok(company::Entity::find()
            .filter(company::Column::Id.is_in(ids))
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect())
    }
}

pub(super) fn national_id_taken() -> AppError {
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
        if identifier.len() > 254 || password_text.len() > 4096 {
            return Err(AppError::InvalidCredentials);
        }
        let now = Utc::now();
        let account_key = self.login_key(identifier);
        let address_key = client.map(|ip| format!("ip:{ip}"));
        // Counted before the password is checked: parallel guesses cannot outrun the limit.
        let mut refused = throttle::admit(&self.db, &account_key, throttle::PER_ACCOUNT, now)
            .await
            .map_err(internal)?;
        if refused.is_none()
            && let Some(key) = &address_key
        {
            refused = throttle::admit(&self.db, key, throttle::PER_ADDRESS, now)
                .await
                .map_err(internal)?;
        }
        if let Some(retry_after_secs) = refused {
            tracing::warn!("login throttled");
            return Err(AppError::RateLimited { retry_after_secs });
        }

        let account = self.find_by_identifier(identifier).await.map_err(internal)?;
        // An e-mail address that belonged to an external profile since merged into an
        // employee profile: with the right password, say why it no longer works.
        let merged = match &account {
            None => self.merged_profile(identifier).await.map_err(internal)?,
            Some(_) => None,
        };
        // Unknown, not yet activated and known accounts all cost one argon2 verification.
        let stored = account
            .as_ref()
            .filter(|a| a.activated_at.is_some())
            .and_then(|a| a.password_hash.clone())
            .or_else(|| merged.as_ref().and_then(|m| m.password_hash.clone()));
        let matches = password::verify(password_text, stored).await?;
        if matches && let Some(merged) = merged {
            tracing::info!(account_id = merged.id, "login to a merged profile refused");
            let on = merged
                .merged_at
                .map(|t| crate::courses::time::day(t.with_timezone(&chrono_tz::Europe::Oslo).date_naive()))
                .unwrap_or_default();
            return Err(AppError::Conflict {
                message: format!(
                    "Profilen med denne e-postadressen ble slått sammen med ansattprofilen din {on}, fordi arbeidsgiveren \
                     din registrerte deg med samme fødselsnummer. Logg inn med ansattkoden din eller «Logg inn på jobb»."
                ),
            });
        }
        let Some(account) = account.filter(|_| matches) else {
            tracing::info!("login refused");
            return Err(AppError::InvalidCredentials);
        };
        throttle::clear(&self.db, &account_key).await.map_err(internal)?;
        if let Some(key) = &address_key {
            // An address counts wrong guesses: a workplace behind one address logs in all day.
            throttle::forgive(&self.db, key).await.map_err(internal)?;
        }
        let user = current(&account);
        let signed_in = SessionAccount {
            account_id: account.id,
            generation: account.session_generation,
        };
        let mut active = account.into_active_model();
        active.last_login_at = Set(Some(now));
        active.update(&self.db).await.map_err(internal)?;
        tracing::info!(account_id = signed_in.account_id, "login");
        Ok(SignedIn {
            account: signed_in,
            user,
        })
    }

    async fn current_user(&self, who: SessionAccount) -> Result<Option<CurrentUser>, AppError> {
        Ok(self.session_owner(who).await?.as_ref().map(current))
    }

    fn registration_policy(&self) -> RegistrationPolicy {
        self.settings.policy
    }

    async fn search_companies(&self, query: &str) -> Result<Vec<CompanyOption>, AppError> {
        super::employers::search_companies(self, query).await
    }

    async fn register(&self, form: RegistrationForm) -> Result<(), AppError> {
        let registration = registration::parse(&form, self.settings.policy, today())
            .map_err(|fields| AppError::InvalidForm { fields })?;
        if let Some(id) = registration.employer_id
            && self.approved_company(id).await?.is_none()
        {
            return Err(AppError::InvalidForm {
                fields: vec![FieldIssue {
                    field: "employer_id".into(),
                    message: "Velg en arbeidsgiver fra listen.".into(),
                }],
            });
        }
        if let Some(id) = &registration.national_id {
            let key = self.settings.vault.national_id_key(id);
            let taken = entity::Entity::find()
                .filter(entity::Column::NationalIdKey.eq(key))
                .one(&self.db)
                .await
                .map_err(internal)?;
            if taken.is_some() {
                tracing::info!("registration refused: national ID already registered");
                return Err(national_id_taken());
            }
        }
        // An address already in use gets a note by mail; the answer here is the same as for a
        // new registration, so the form cannot be used to find out who is registered.
        if let Some(existing) = self.find_by_email(&registration.email).await? {
            let mail = mails::already_registered(&self.settings.links, registration.email.as_str());
            self.settings
                .mailer
                .enqueue(&self.db, mail)
                .await
                .map_err(internal)?;
            tracing::info!(account_id = existing.id, "registration with an address in use");
            return Ok(());
        }
        self.create_account(registration).await
    }

    async fn token_status(&self, purpose: TokenPurpose, token_text: &str) -> Result<TokenStatus, AppError> {
        let (status, _) = token::status(&self.db, purpose, token_text, Utc::now())
            .await
            .map_err(internal)?;
        Ok(status)
    }

    async fn activate(&self, token_text: &str, password: NewPassword) -> Result<(), AppError> {
        let account = self
            .set_password_with_token(TokenPurpose::Activation, token_text, password)
            .await?;
        tracing::info!(account_id = account.id, "activated");
        Ok(())
    }

    async fn resend_activation(&self, email: &str) -> Result<(), AppError> {
        let email = Email::parse(email).map_err(|e| field("email", e))?;
        if let Some(account) = self.find_by_email(&email).await?
            && account.activated_at.is_none()
        {
            if token::may_send_another(&self.db, account.id, TokenPurpose::Activation, Utc::now())
                .await
                .map_err(internal)?
            {
                self.send_activation(&account).await?;
            } else {
                tracing::warn!(account_id = account.id, "link limit reached; no mail sent");
            }
        }
        Ok(())
    }

    async fn request_password_reset(&self, identifier: &str) -> Result<(), AppError> {
        // An employee from home writes the staff code; the link goes to their private address.
        let found = if identifier.contains('@') {
            let email = Email::parse(identifier).map_err(|e| field("email", e))?;
            self.find_by_email(&email).await?
        } else {
            let code = StaffCode::parse(identifier).map_err(|_| {
                AppError::invalid(
                    "email",
                    "Skriv e-postadressen din, eller ansattkoden (4–6 tegn) hvis du er ansatt.",
                )
            })?;
            entity::Entity::find()
                .filter(entity::Column::StaffCode.eq(code.as_str()))
                .one(&self.db)
                .await
                .map_err(internal)?
        };
        let Some(account) = found else {
            tracing::info!("password reset for an unknown address");
            return Ok(());
        };
        let Some(send_to) = account.private_email.clone().or_else(|| account.email.clone()) else {
            tracing::info!(account_id = account.id, "password reset: no address to send to");
            return Ok(());
        };
        let purpose = if account.activated_at.is_none() {
            TokenPurpose::Activation
        } else {
            TokenPurpose::PasswordReset
        };
        if !token::may_send_another(&self.db, account.id, purpose, Utc::now())
            .await
            .map_err(internal)?
        {
            tracing::warn!(account_id = account.id, "link limit reached; no mail sent");
            return Ok(());
        }
        if account.activated_at.is_none() {
            // Never activated: what they need is the activation link.
            return self.send_activation(&account).await;
        }
        let txn = self.db.begin().await.map_err(internal)?;
        let token = token::issue(
            &txn,
            account.id,
            TokenPurpose::PasswordReset,
            PASSWORD_RESET_TTL,
            None,
        )
        .await
        .map_err(internal)?;
        let mail = mails::password_reset(&self.settings.links, &send_to, &account.full_name, &token);
        self.settings.mailer.enqueue(&txn, mail).await.map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        tracing::info!(account_id = account.id, "password reset link sent");
        Ok(())
    }

    async fn reset_password(&self, token_text: &str, password: NewPassword) -> Result<(), AppError> {
        let account = self
            .set_password_with_token(TokenPurpose::PasswordReset, token_text, password)
            .await?;
        if let Some(email) = &account.email {
            let mail = mails::password_changed(&self.settings.links, email, &account.full_name);
            self.settings
                .mailer
                .enqueue(&self.db, mail)
                .await
                .map_err(internal)?;
        }
        tracing::info!(account_id = account.id, "password reset");
        Ok(())
    }

    async fn profile(&self, who: SessionAccount) -> Result<Profile, AppError> {
        super::profile::profile(self, who).await
    }

    async fn change_password(
        &self,
        who: SessionAccount,
        current_password: String,
        new_password: NewPassword,
    ) -> Result<SessionAccount, AppError> {
        super::profile::change_password(self, who, current_password, new_password).await
    }

    async fn update_employer(
        &self,
        who: SessionAccount,
        employer_id: &str,
        invoice_reference: &str,
    ) -> Result<(), AppError> {
        super::employers::update_employer(self, who, employer_id, invoice_reference).await
    }

    async fn search_accounts(
        &self,
        who: SessionAccount,
        query: AccountSearch,
    ) -> Result<Vec<AccountSummary>, AppError> {
        super::support::search_accounts(self, who, query).await
    }

    async fn support_resend_activation(&self, who: SessionAccount, account_id: i64) -> Result<(), AppError> {
        super::support::support_resend_activation(self, who, account_id).await
    }

    async fn reveal_national_id(
        &self,
        who: SessionAccount,
        account_id: i64,
        reason: &str,
    ) -> Result<String, AppError> {
        super::support::reveal_national_id(self, who, account_id, reason).await
    }

    async fn request_company(&self, who: SessionAccount, form: CompanyRequestForm) -> Result<(), AppError> {
        super::employers::request_company(self, who, form).await
    }

    async fn pending_companies(&self, who: SessionAccount) -> Result<Vec<PendingCompany>, AppError> {
        super::employers::pending_companies(self, who).await
    }

    async fn decide_company(
        &self,
        who: SessionAccount,
        company_id: i64,
        approve: bool,
        note: &str,
    ) -> Result<(), AppError> {
        super::employers::decide_company(self, who, company_id, approve, note).await
    }

    async fn request_email_change(&self, who: SessionAccount, new_email: &str) -> Result<(), AppError> {
        super::profile::request_email_change(self, who, new_email).await
    }

    async fn confirm_email_change(
        &self,
        token_text: &str,
    ) -> Result<app::accounts::types::ConfirmedEmail, AppError> {
        super::profile::confirm_email_change(self, token_text).await
    }

    async fn change_user_type(&self, who: SessionAccount, form: UserTypeForm) -> Result<(), AppError> {
        super::profile::change_user_type(self, who, form).await
    }

    async fn set_private_email(
        &self,
        who: SessionAccount,
        private_email: &str,
    ) -> Result<app::accounts::types::PrivateEmailChange, AppError> {
        super::profile::set_private_email(self, who, private_email).await
    }

    async fn update_personal(&self, who: SessionAccount, form: PersonalForm) -> Result<(), AppError> {
        super::profile::update_personal(self, who, form).await
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
    if entity::Entity::find()
        .filter(entity::Column::Email.eq(email.as_str()))
        .one(db)
        .await?
        .is_some()
    {
        return Err(CreateAccountError::EmailTaken);
    }
    let hash = password::hash(password_text).await?;
    let now = Utc::now();
    let account = entity::ActiveModel {
        email: Set(Some(email.as_str().to_string())),
        full_name: Set(full_name.as_str().to_string()),
        name_search: Set(Some(fold_for_search(full_name.as_str()))),
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
