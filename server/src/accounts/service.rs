//! Account operations: registration, activation, login, password reset, profile, support.
use super::{
    company, entity, mails,
    mails::Links,
    national_id::Vault,
    password, throttle,
    token::{self, EMAIL_CHANGE_TTL, PASSWORD_RESET_TTL},
};
use crate::{audit, courses::rules::contains_pattern, courses::rules::fold_for_search, mail::Mailer};
use app::{
    accounts::{
        fields::{Email, FieldError, PersonName},
        identity::{CalendarDate, DriverLicenceNumber, HmsCardNumber, MobileNumber, OrgNumber, StaffCode},
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
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect, Set, SqlErr, TransactionTrait,
    sea_query::{Expr, LikeExpr},
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
    db: DatabaseConnection,
    settings: AccountSettings,
}

fn internal(error: impl std::fmt::Display) -> AppError {
    tracing::error!(%error, "account operation failed");
    AppError::Internal
}

fn role_of(model: &entity::Model) -> Role {
    Role::parse(&model.role).unwrap_or(Role::Learner)
}

fn current(model: &entity::Model) -> CurrentUser {
    CurrentUser {
        full_name: model.full_name.clone(),
        role: role_of(model),
        user_type: model.user_type.as_deref().and_then(UserType::parse),
    }
}

fn field(name: &str, error: FieldError) -> AppError {
    AppError::invalid(name, error.0)
}

fn to_naive(date: CalendarDate) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(date.year, date.month, date.day)
}

fn today() -> CalendarDate {
    let now = Utc::now().date_naive();
    CalendarDate::new(now.year(), now.month(), now.day()).unwrap_or(CalendarDate {
        year: 1970,
        month: 1,
        day: 1,
    })
}

fn norwegian_date(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

/// The answer when a link cannot be used, for the page that shows it.
fn token_refused(status: TokenStatus) -> AppError {
    let message = match status {
        TokenStatus::Expired => "Lenken har gått ut. Be om en ny lenke.",
        TokenStatus::Used => "Lenken er allerede brukt eller erstattet av en nyere. Be om en ny lenke.",
        _ => "Lenken er ikke gyldig. Sjekk at du har kopiert hele lenken fra e-posten.",
    };
    AppError::invalid("token", message)
}

/// Checks a new password typed twice; the errors are field errors of the form.
fn check_new_password(password: &NewPassword, email: Option<&str>) -> Result<(), AppError> {
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
    async fn session_owner(&self, who: SessionAccount) -> Result<Option<entity::Model>, AppError> {
        let account = entity::Entity::find_by_id(who.account_id)
            .one(&self.db)
            .await
            .map_err(internal)?;
        Ok(account.filter(|a| a.session_generation == who.generation && a.activated_at.is_some()))
    }

    /// The session's account, or 401.
    async fn actor(&self, who: SessionAccount) -> Result<entity::Model, AppError> {
        self.session_owner(who).await?.ok_or(AppError::Unauthenticated)
    }

    /// The session's account when it may do support work, else 403.
    async fn support_actor(&self, who: SessionAccount) -> Result<entity::Model, AppError> {
        let actor = self.actor(who).await?;
        if !role_of(&actor).can_support() {
            tracing::warn!(account_id = actor.id, "support function refused");
            return Err(AppError::Forbidden);
        }
        Ok(actor)
    }

    /// The session's account when it is an administrator, else 403.
    async fn admin_actor(&self, who: SessionAccount) -> Result<entity::Model, AppError> {
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

    async fn find_by_email(&self, email: &Email) -> Result<Option<entity::Model>, AppError> {
        entity::Entity::find()
            .filter(entity::Column::Email.eq(email.as_str()))
            .one(&self.db)
            .await
            .map_err(internal)
    }

    async fn approved_company(&self, id: i64) -> Result<Option<company::Model>, AppError> {
        company::Entity::find_by_id(id)
            .filter(company::Column::Status.eq(company::STATUS_APPROVED))
            .one(&self.db)
            .await
            .map_err(internal)
    }

    /// Sends a fresh activation link (older ones stop working).
    async fn send_activation(&self, account: &entity::Model) -> Result<(), AppError> {
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
        let hash = password::hash(new_password.password).await.map_err(internal)?;

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

    async fn company_names(&self, ids: Vec<i64>) -> Result<HashMap<i64, String>, AppError> {
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

fn national_id_taken() -> AppError {
    AppError::Taken {
        field: "national_id".into(),
        message: "Det finnes allerede en bruker med dette fødselsnummeret eller D-nummeret. \
                  Logg inn med e-postadressen du registrerte, eller bruk «Glemt passord»."
            .into(),
    }
}

fn company_option(company: company::Model) -> CompanyOption {
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
        let mut locked = throttle::retry_after(
            throttle::load(&self.db, &account_key)
                .await
                .map_err(internal)?
                .as_ref(),
            now,
        );
        if let Some(key) = &address_key {
            let state = throttle::load(&self.db, key).await.map_err(internal)?;
            locked = locked.max(throttle::retry_after(state.as_ref(), now));
        }
        if let Some(retry_after_secs) = locked {
            tracing::warn!("login throttled");
            return Err(AppError::RateLimited { retry_after_secs });
        }

        let account = self.find_by_identifier(identifier).await.map_err(internal)?;
        // Unknown, not yet activated and known accounts all cost one argon2 verification.
        let stored = account
            .as_ref()
            .filter(|a| a.activated_at.is_some())
            .and_then(|a| a.password_hash.clone());
        let matches = password::verify(password_text, stored).await.map_err(internal)?;
        let Some(account) = account.filter(|_| matches) else {
            throttle::record_failure(&self.db, &account_key, throttle::PER_ACCOUNT, now)
                .await
                .map_err(internal)?;
            if let Some(key) = &address_key {
                throttle::record_failure(&self.db, key, throttle::PER_ADDRESS, now)
                    .await
                    .map_err(internal)?;
            }
            tracing::info!("login refused");
            return Err(AppError::InvalidCredentials);
        };
        throttle::clear(&self.db, &account_key).await.map_err(internal)?;
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
        let query = query.trim();
        if query.chars().count() < 2 || query.len() > 200 {
            return Ok(Vec::new());
        }
        let digits: String = query.chars().filter(|c| !c.is_whitespace()).collect();
        let by_number = digits.chars().all(|c| c.is_ascii_digit());
        let mut select = company::Entity::find().filter(company::Column::Status.eq(company::STATUS_APPROVED));
        select = if by_number {
            select.filter(company::Column::OrgNumber.starts_with(&digits))
        } else {
            let mut condition = Condition::all();
            for term in fold_for_search(query).split(' ') {
                condition = condition.add(
                    Expr::col(company::Column::NameSearch)
                        .like(LikeExpr::new(contains_pattern(term)).escape('\\')),
                );
            }
            select.filter(condition)
        };
        let companies = select
            .order_by_asc(company::Column::Name)
            .limit(20)
            .all(&self.db)
            .await
            .map_err(internal)?;
        Ok(companies.into_iter().map(company_option).collect())
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
            self.send_activation(&account).await?;
        }
        Ok(())
    }

    async fn request_password_reset(&self, email: &str) -> Result<(), AppError> {
        let email = Email::parse(email).map_err(|e| field("email", e))?;
        let Some(account) = self.find_by_email(&email).await? else {
            tracing::info!("password reset for an unknown address");
            return Ok(());
        };
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
        let mail = mails::password_reset(&self.settings.links, email.as_str(), &account.full_name, &token);
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
        let account = self.actor(who).await?;
        let employer = match account.employer_id {
            Some(id) => company::Entity::find_by_id(id)
                .one(&self.db)
                .await
                .map_err(internal)?
                .map(company_option),
            None => None,
        };
        let masked = account
            .national_id_sealed
            .as_ref()
            .zip(account.birth_date)
            .map(|(_, date)| format!("{}•••••", date.format("%d%m%y")));
        Ok(Profile {
            full_name: account.full_name.clone(),
            email: account.email.clone(),
            staff_code: account.staff_code.clone(),
            mobile: account.mobile.clone(),
            role: role_of(&account),
            user_type: account.user_type.as_deref().and_then(UserType::parse),
            national_id_masked: masked,
            birth_date: account.birth_date.map(norwegian_date),
            hms_card_number: account.hms_card_number.clone(),
            hms_card_expires_on: account.hms_card_expires_on.map(norwegian_date),
            employer,
            invoice_reference: account.invoice_reference.clone(),
            driver_licence_number: account.driver_licence_number.clone(),
            health_certificate_until: account.health_certificate_until.map(norwegian_date),
        })
    }

    async fn change_password(
        &self,
        who: SessionAccount,
        current_password: String,
        new_password: NewPassword,
    ) -> Result<SessionAccount, AppError> {
        let account = self.actor(who).await?;
        let matches = password::verify(current_password, account.password_hash.clone())
            .await
            .map_err(internal)?;
        if !matches {
            return Err(AppError::invalid("current", "Nåværende passord er feil."));
        }
        check_new_password(&new_password, account.email.as_deref())?;
        let hash = password::hash(new_password.password).await.map_err(internal)?;
        let txn = self.db.begin().await.map_err(internal)?;
        let generation = account.session_generation + 1;
        let (id, email, name) = (account.id, account.email.clone(), account.full_name.clone());
        let mut active = account.into_active_model();
        active.password_hash = Set(Some(hash));
        active.session_generation = Set(generation);
        active.update(&txn).await.map_err(internal)?;
        if let Some(email) = email {
            let mail = mails::password_changed(&self.settings.links, &email, &name);
            self.settings.mailer.enqueue(&txn, mail).await.map_err(internal)?;
        }
        audit::record(&txn, Some(id), "account.password_changed", Some(id), None)
            .await
            .map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        Ok(SessionAccount {
            account_id: id,
            generation,
        })
    }

    async fn update_employer(
        &self,
        who: SessionAccount,
        employer_id: &str,
        invoice_reference: &str,
    ) -> Result<(), AppError> {
        let account = self.actor(who).await?;
        let mut issues = Vec::new();
        let company = match employer_id.trim().parse::<i64>() {
            Ok(id) => self.approved_company(id).await?,
            Err(_) => None,
        };
        if company.is_none() {
            issues.push(FieldIssue {
                field: "employer_id".into(),
                message: "Velg arbeidsgiveren din fra listen.".into(),
            });
        }
        let reference = invoice_reference.trim();
        if reference.chars().count() > 100 {
            issues.push(FieldIssue {
                field: "invoice_reference".into(),
                message: "Referansenummeret kan ha høyst 100 tegn.".into(),
            });
        }
        let Some(company) = company.filter(|_| issues.is_empty()) else {
            return Err(AppError::InvalidForm { fields: issues });
        };
        let id = account.id;
        let mut active = account.into_active_model();
        active.employer_id = Set(Some(company.id));
        active.invoice_reference = Set((!reference.is_empty()).then(|| reference.to_string()));
        active.update(&self.db).await.map_err(internal)?;
        tracing::info!(account_id = id, company_id = company.id, "employer updated");
        Ok(())
    }

    async fn search_accounts(
        &self,
        who: SessionAccount,
        query: AccountSearch,
    ) -> Result<Vec<AccountSummary>, AppError> {
        self.support_actor(who).await?;
        let mut condition = Condition::all();
        let mut criteria = 0;
        let name = fold_for_search(&query.name);
        for term in name.split(' ').filter(|t| !t.is_empty()).take(6) {
            criteria += 1;
            condition = condition.add(
                Expr::col(entity::Column::NameSearch)
                    .like(LikeExpr::new(contains_pattern(term)).escape('\\')),
            );
        }
        // «Mulige e-postadresser»: any of several, separated by spaces, commas or semicolons.
        let addresses: Vec<String> = query
            .email
            .split([' ', ',', ';'])
            .filter(|a| !a.trim().is_empty())
            .take(5)
            .map(|a| a.trim().to_lowercase())
            .collect();
        if !addresses.is_empty() {
            criteria += 1;
            let mut any = Condition::any();
            for address in &addresses {
                any = any.add(
                    Expr::col(entity::Column::Email)
                        .like(LikeExpr::new(contains_pattern(address)).escape('\\')),
                );
            }
            condition = condition.add(any);
        }
        if !query.birth_date.trim().is_empty() {
            let date = CalendarDate::parse(&query.birth_date)
                .and_then(to_naive)
                .ok_or_else(|| AppError::invalid("birth_date", "Skriv fødselsdatoen som dd.mm.åååå."))?;
            criteria += 1;
            condition = condition.add(entity::Column::BirthDate.eq(date));
        }
        if criteria == 0 {
            return Err(AppError::invalid(
                "name",
                "Søk på navn, e-postadresse eller fødselsdato (aldri fødselsnummer).",
            ));
        }
        let accounts = entity::Entity::find()
            .filter(condition)
            .order_by_asc(entity::Column::FullName)
            .limit(50)
            .all(&self.db)
            .await
            .map_err(internal)?;
        let employers = self
            .company_names(accounts.iter().filter_map(|a| a.employer_id).collect())
            .await?;
        Ok(accounts
            .into_iter()
            .map(|a| AccountSummary {
                id: a.id,
                full_name: a.full_name.clone(),
                email: a.email.clone(),
                birth_date: a.birth_date.map(norwegian_date),
                role: role_of(&a),
                user_type: a.user_type.as_deref().and_then(UserType::parse),
                employer: a.employer_id.and_then(|id| employers.get(&id).cloned()),
                activated: a.activated_at.is_some(),
                last_login_at: a.last_login_at.map(|t| t.format("%d.%m.%Y %H:%M").to_string()),
                has_national_id: a.national_id_sealed.is_some(),
            })
            .collect())
    }

    async fn support_resend_activation(&self, who: SessionAccount, account_id: i64) -> Result<(), AppError> {
        let actor = self.support_actor(who).await?;
        let account = entity::Entity::find_by_id(account_id)
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        if account.activated_at.is_some() {
            return Err(AppError::Conflict {
                message: "Brukeren er allerede aktivert. Be brukeren bruke «Glemt passord».".into(),
            });
        }
        self.send_activation(&account).await?;
        audit::record(
            &self.db,
            Some(actor.id),
            "support.resend_activation",
            Some(account.id),
            None,
        )
        .await
        .map_err(internal)
    }

    async fn reveal_national_id(
        &self,
        who: SessionAccount,
        account_id: i64,
        reason: &str,
    ) -> Result<String, AppError> {
        let actor = self.support_actor(who).await?;
        let reason = reason.trim();
        if reason.chars().count() < 10 || reason.chars().count() > 500 {
            return Err(AppError::invalid(
                "reason",
                "Skriv hvorfor du trenger å se nummeret (minst 10 tegn). Det blir logget.",
            ));
        }
        let account = entity::Entity::find_by_id(account_id)
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        let sealed = account.national_id_sealed.as_deref().ok_or(AppError::NotFound)?;
        let id = self.settings.vault.open(sealed).map_err(internal)?;
        audit::record(
            &self.db,
            Some(actor.id),
            "support.reveal_national_id",
            Some(account.id),
            Some(reason.to_string()),
        )
        .await
        .map_err(internal)?;
        tracing::warn!(
            actor_id = actor.id,
            subject_id = account.id,
            "national ID revealed"
        );
        let digits = id.expose_digits();
        Ok(format!("{} {}", &digits[..6], &digits[6..]))
    }

    async fn request_company(&self, who: SessionAccount, form: CompanyRequestForm) -> Result<(), AppError> {
        let actor = self.actor(who).await?;
        let mut issues = Vec::new();
        let mut issue = |field: &str, message: &str| {
            issues.push(FieldIssue {
                field: field.into(),
                message: message.into(),
            })
        };
        let org_number = OrgNumber::parse(&form.org_number)
            .map_err(|e| issue("org_number", e.0))
            .ok();
        let name = form.name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() || name.chars().count() > 200 {
            issue("name", "Skriv firmanavnet slik det står i Brønnøysundregistrene.");
        }
        let invoice_address = form.invoice_address.trim().to_string();
        if invoice_address.chars().count() > 500 {
            issue("invoice_address", "Fakturaadressen kan ha høyst 500 tegn.");
        }
        let invoice_email = if form.invoice_email.trim().is_empty() {
            None
        } else {
            Email::parse(&form.invoice_email)
                .map_err(|e| issue("invoice_email", e.0))
                .ok()
        };
        let contact_person = PersonName::parse(&form.contact_person)
            .map_err(|_| issue("contact_person", "Skriv navnet på en kontaktperson i firmaet."))
            .ok();
        let (Some(org_number), Some(contact_person)) = (org_number, contact_person) else {
            return Err(AppError::InvalidForm { fields: issues });
        };
        if !issues.is_empty() {
            return Err(AppError::InvalidForm { fields: issues });
        }
        let existing = company::Entity::find()
            .filter(company::Column::OrgNumber.eq(org_number.as_str()))
            .filter(company::Column::Status.ne(company::STATUS_REJECTED))
            .one(&self.db)
            .await
            .map_err(internal)?;
        if let Some(existing) = existing {
            let message = if existing.status == company::STATUS_APPROVED {
                "Firmaet er allerede registrert. Søk etter det på navn eller organisasjonsnummer."
            } else {
                "Noen har allerede bedt om dette firmaet. Du får beskjed når det er behandlet."
            };
            return Err(AppError::invalid("org_number", message));
        }
        let now = Utc::now();
        let txn = self.db.begin().await.map_err(internal)?;
        let row = company::ActiveModel {
            org_number: Set(org_number.as_str().to_string()),
            name: Set(name.clone()),
            name_search: Set(fold_for_search(&name)),
            invoice_address: Set((!invoice_address.is_empty()).then_some(invoice_address)),
            invoice_email: Set(invoice_email.map(|e| e.as_str().to_string())),
            contact_person: Set(Some(contact_person.as_str().to_string())),
            status: Set(company::STATUS_PENDING.to_string()),
            requested_by: Set(Some(actor.id)),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(internal)?;
        audit::record(
            &txn,
            Some(actor.id),
            "company.requested",
            None,
            Some(format!("company {}", row.id)),
        )
        .await
        .map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        tracing::info!(account_id = actor.id, company_id = row.id, "company requested");
        Ok(())
    }

    async fn pending_companies(&self, who: SessionAccount) -> Result<Vec<PendingCompany>, AppError> {
        self.admin_actor(who).await?;
        let pending = company::Entity::find()
            .filter(company::Column::Status.eq(company::STATUS_PENDING))
            .order_by_asc(company::Column::CreatedAt)
            .all(&self.db)
            .await
            .map_err(internal)?;
        let requester_ids: Vec<i64> = pending.iter().filter_map(|c| c.requested_by).collect();
        let requesters: HashMap<i64, entity::Model> = entity::Entity::find()
            .filter(entity::Column::Id.is_in(requester_ids))
            .all(&self.db)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        Ok(pending
            .into_iter()
            .map(|c| PendingCompany {
                id: c.id,
                org_number: c.org_number,
                name: c.name,
                invoice_address: c.invoice_address,
                invoice_email: c.invoice_email,
                contact_person: c.contact_person,
                requested_by: c
                    .requested_by
                    .and_then(|id| requesters.get(&id))
                    .map(|a| format!("{} ({})", a.full_name, a.email.clone().unwrap_or_default())),
                requested_at: c.created_at.format("%d.%m.%Y %H:%M").to_string(),
            })
            .collect())
    }

    async fn decide_company(
        &self,
        who: SessionAccount,
        company_id: i64,
        approve: bool,
        note: &str,
    ) -> Result<(), AppError> {
        let admin = self.admin_actor(who).await?;
        let note = note.trim();
        if !approve && note.chars().count() < 5 {
            return Err(AppError::invalid(
                "note",
                "Skriv kort hvorfor firmaet ikke legges til.",
            ));
        }
        let company = company::Entity::find_by_id(company_id)
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        if company.status != company::STATUS_PENDING {
            return Err(AppError::Conflict {
                message: "Forespørselen er allerede behandlet.".into(),
            });
        }
        let now = Utc::now();
        let txn = self.db.begin().await.map_err(internal)?;
        let status = if approve {
            company::STATUS_APPROVED
        } else {
            company::STATUS_REJECTED
        };
        // Decided once: a second administrator deciding at the same time changes nothing.
        let decided = company::Entity::update_many()
            .col_expr(company::Column::Status, Expr::value(status))
            .col_expr(company::Column::DecidedAt, Expr::value(now))
            .col_expr(
                company::Column::DecisionNote,
                Expr::value((!note.is_empty()).then(|| note.to_string())),
            )
            .filter(company::Column::Id.eq(company.id))
            .filter(company::Column::Status.eq(company::STATUS_PENDING))
            .exec(&txn)
            .await
            .map_err(internal)?;
        if decided.rows_affected != 1 {
            return Err(AppError::Conflict {
                message: "Forespørselen er allerede behandlet.".into(),
            });
        }
        let requester = match company.requested_by {
            Some(id) => entity::Entity::find_by_id(id).one(&txn).await.map_err(internal)?,
            None => None,
        };
        if let Some(requester) = requester {
            let (email, name) = (requester.email.clone(), requester.full_name.clone());
            if approve {
                let mut active = requester.into_active_model();
                active.employer_id = Set(Some(company.id));
                active.update(&txn).await.map_err(internal)?;
            }
            if let Some(email) = email {
                let mail =
                    mails::company_decided(&self.settings.links, &email, &name, &company.name, approve, note);
                self.settings.mailer.enqueue(&txn, mail).await.map_err(internal)?;
            }
        }
        let action = if approve {
            "company.approved"
        } else {
            "company.rejected"
        };
        audit::record(
            &txn,
            Some(admin.id),
            action,
            company.requested_by,
            Some(format!("company {}", company.id)),
        )
        .await
        .map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        tracing::info!(company_id = company.id, approve, "company request decided");
        Ok(())
    }

    async fn request_email_change(&self, who: SessionAccount, new_email: &str) -> Result<(), AppError> {
        let account = self.actor(who).await?;
        let email = Email::parse(new_email).map_err(|e| field("email", e))?;
        if account.email.as_deref() == Some(email.as_str()) {
            return Err(AppError::invalid(
                "email",
                "Dette er allerede e-postadressen din.",
            ));
        }
        let txn = self.db.begin().await.map_err(internal)?;
        let taken = entity::Entity::find()
            .filter(entity::Column::Email.eq(email.as_str()))
            .one(&txn)
            .await
            .map_err(internal)?
            .is_some();
        // An address in use gets a note instead of a link; the answer here is the same.
        let mail = if taken {
            mails::already_registered(&self.settings.links, email.as_str())
        } else {
            let token = token::issue(
                &txn,
                account.id,
                TokenPurpose::EmailChange,
                EMAIL_CHANGE_TTL,
                Some(email.as_str().to_string()),
            )
            .await
            .map_err(internal)?;
            mails::confirm_new_email(&self.settings.links, email.as_str(), &account.full_name, &token)
        };
        self.settings.mailer.enqueue(&txn, mail).await.map_err(internal)?;
        if let Some(old) = &account.email {
            let notice = mails::email_change_requested(&self.settings.links, old, &account.full_name);
            self.settings
                .mailer
                .enqueue(&txn, notice)
                .await
                .map_err(internal)?;
        }
        txn.commit().await.map_err(internal)
    }

    async fn confirm_email_change(&self, token_text: &str) -> Result<(), AppError> {
        let txn = self.db.begin().await.map_err(internal)?;
        let row = match token::redeem(&txn, TokenPurpose::EmailChange, token_text)
            .await
            .map_err(internal)?
        {
            Ok(row) => row,
            Err(status) => return Err(token_refused(status)),
        };
        let new_email = row
            .new_email
            .clone()
            .ok_or_else(|| token_refused(TokenStatus::Unknown))?;
        let taken = entity::Entity::find()
            .filter(entity::Column::Email.eq(new_email.as_str()))
            .one(&txn)
            .await
            .map_err(internal)?
            .is_some();
        if taken {
            return Err(AppError::invalid(
                "token",
                "Adressen er tatt i bruk av en annen bruker i mellomtiden. Velg en annen adresse.",
            ));
        }
        let account = entity::Entity::find_by_id(row.account_id)
            .one(&txn)
            .await
            .map_err(internal)?
            .ok_or_else(|| token_refused(TokenStatus::Unknown))?;
        let id = account.id;
        let mut active = account.into_active_model();
        active.email = Set(Some(new_email));
        match active.update(&txn).await {
            Ok(_) => {}
            Err(error) if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                return Err(AppError::invalid(
                    "token",
                    "Adressen er tatt i bruk av en annen bruker.",
                ));
            }
            Err(error) => return Err(internal(error)),
        }
        audit::record(&txn, Some(id), "account.email_changed", Some(id), None)
            .await
            .map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        tracing::info!(account_id = id, "e-mail address changed");
        Ok(())
    }

    async fn change_user_type(&self, who: SessionAccount, form: UserTypeForm) -> Result<(), AppError> {
        let account = self.actor(who).await?;
        let Some(user_type) = UserType::parse(form.user_type.trim()) else {
            return Err(AppError::invalid("user_type", "Velg en brukertype."));
        };
        if account.user_type.is_none() {
            return Err(AppError::Forbidden);
        }
        let mut issues = Vec::new();
        if user_type.needs_employer() && account.employer_id.is_none() {
            issues.push(FieldIssue {
                field: "employer_id".into(),
                message: "Denne brukertypen krever en arbeidsgiver. Velg arbeidsgiver under «Oppdater arbeidsgiver» \
                          først, eller be om at firmaet legges til."
                    .into(),
            });
        }
        let mut health_certificate_until = account.health_certificate_until;
        let mut licence = account.driver_licence_number.clone();
        if user_type == UserType::Driver {
            match CalendarDate::parse(&form.health_certificate_until).and_then(to_naive) {
                Some(date) if date >= Utc::now().date_naive() => health_certificate_until = Some(date),
                Some(_) => issues.push(FieldIssue {
                    field: "health_certificate_until".into(),
                    message: "Helseattesten er utløpt. Du trenger en gyldig helseattest for føreropplæring."
                        .into(),
                }),
                None => issues.push(FieldIssue {
                    field: "health_certificate_until".into(),
                    message: "Skriv datoen helseattesten gjelder til, som dd.mm.åååå.".into(),
                }),
            }
            if !form.driver_licence_number.trim().is_empty() {
                match DriverLicenceNumber::parse(&form.driver_licence_number) {
                    Ok(number) => licence = Some(number.as_str().to_string()),
                    Err(e) => issues.push(FieldIssue {
                        field: "driver_licence_number".into(),
                        message: e.0.into(),
                    }),
                }
            }
        }
        if !issues.is_empty() {
            return Err(AppError::InvalidForm { fields: issues });
        }
        let (id, before) = (account.id, account.user_type.clone().unwrap_or_default());
        let txn = self.db.begin().await.map_err(internal)?;
        let mut active = account.into_active_model();
        active.user_type = Set(Some(user_type.as_str().to_string()));
        active.health_certificate_until = Set(health_certificate_until);
        active.driver_licence_number = Set(licence);
        active.update(&txn).await.map_err(internal)?;
        audit::record(
            &txn,
            Some(id),
            "account.user_type_changed",
            Some(id),
            Some(format!("{before} -> {}", user_type.as_str())),
        )
        .await
        .map_err(internal)?;
        txn.commit().await.map_err(internal)
    }

    async fn update_personal(&self, who: SessionAccount, form: PersonalForm) -> Result<(), AppError> {
        let account = self.actor(who).await?;
        let mut issues = Vec::new();
        let mut issue = |field: &str, message: &str| {
            issues.push(FieldIssue {
                field: field.into(),
                message: message.into(),
            })
        };
        let mobile = MobileNumber::parse(&form.mobile)
            .map_err(|e| issue("mobile", e.0))
            .ok();
        let hms_card = if form.hms_card.trim().is_empty() && !self.settings.policy.require_hms_card {
            Some(None)
        } else {
            HmsCardNumber::parse(&form.hms_card)
                .map(Some)
                .map_err(|e| issue("hms_card", e.0))
                .ok()
        };
        let expires_on = if form.hms_card_expires_on.trim().is_empty() {
            Some(None)
        } else {
            match CalendarDate::parse(&form.hms_card_expires_on).and_then(to_naive) {
                Some(date) if date >= Utc::now().date_naive() => Some(Some(date)),
                Some(_) => {
                    issue(
                        "hms_card_expires_on",
                        "HMS-kortet er utløpt. Registrer det nye kortet og datoen det gjelder til.",
                    );
                    None
                }
                None => {
                    issue("hms_card_expires_on", "Skriv datoen som dd.mm.åååå.");
                    None
                }
            }
        };
        let (Some(mobile), Some(hms_card), Some(expires_on)) = (mobile, hms_card, expires_on) else {
            return Err(AppError::InvalidForm { fields: issues });
        };
        let id = account.id;
        let mut active = account.into_active_model();
        active.mobile = Set(Some(mobile.as_str().to_string()));
        active.hms_card_number = Set(hms_card.map(|c| c.as_str().to_string()));
        active.hms_card_expires_on = Set(expires_on);
        active.update(&self.db).await.map_err(internal)?;
        tracing::info!(account_id = id, "personal information updated");
        Ok(())
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
