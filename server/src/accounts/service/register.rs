//! «Registrer deg»: a new account, its activation link and the first password.
use super::*;

impl AccountRepo {
    async fn create_account(&self, registration: Registration, language: Language) -> Result<(), AppError> {
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
        let account = account::ActiveModel {
            email: Set(Some(email.as_str().to_string())),
            full_name: Set(full_name.as_str().to_string()),
            name_search: Set(Some(search_key(full_name.as_str()))),
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
            language: Set(Some(language.code().to_string())),
            ..Default::default()
        };
        let txn = self.db.begin().await?;
        let account = match account.insert(&txn).await {
            Ok(account) => account,
            // Lost a race with the same person registering twice at once.
            Err(error) if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                return Err(national_id_taken());
            }
            Err(error) => return Err(AppError::fault(error)),
        };
        let hours = self.settings.activation_hours;
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
            email.as_str(),
            full_name.as_str(),
            &token,
            hours,
            language,
        );
        self.settings.mailer.enqueue(&txn, mail).await?;
        audit::record(
            &txn,
            Some(account.id),
            "account.registered",
            Some(account.id),
            None,
        )
        .await?;
        txn.commit().await?;
        tracing::info!(
            account_id = account.id,
            user_type = user_type.as_str(),
            "registered"
        );
        Ok(())
    }

    /// Sets a password through a link and raises the session generation, in one transaction.
    pub(super) async fn set_password_with_token(
        &self,
        purpose: TokenPurpose,
        token_text: &str,
        new_password: NewPassword,
    ) -> Result<account::Model, AppError> {
        let (status, row) = token::status(&self.db, purpose, token_text, Utc::now()).await?;
        let Some(row) = row else {
            return Err(token_refused(status));
        };
        let account = account::Entity::find_by_id(row.account_id)
            .one(&self.db)
            .await?
            .ok_or_else(|| token_refused(TokenStatus::Unknown))?;
        check_new_password(&new_password, account.email.as_deref())?;
        let hash = password::hash(new_password.password).await?;

        let txn = self.db.begin().await?;
        if let Err(status) = token::redeem(&txn, purpose, token_text).await? {
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
        let account = active.update(&txn).await?;
        // A reset link used, or an activation done: other open links of the account are void.
        for other in [TokenPurpose::Activation, TokenPurpose::PasswordReset] {
            token::Entity::update_many()
                .col_expr(token::Column::UsedAt, Expr::value(now))
                .filter(token::Column::AccountId.eq(account.id))
                .filter(token::Column::Purpose.eq(other.as_str()))
                .filter(token::Column::UsedAt.is_null())
                .exec(&txn)
                .await?;
        }
        let action = match purpose {
            TokenPurpose::Activation => "account.activated",
            _ => "account.password_reset",
        };
        audit::record(&txn, Some(account.id), action, Some(account.id), None).await?;
        txn.commit().await?;
        Ok(account)
    }
}

pub(super) async fn register(
    repo: &AccountRepo,
    form: RegistrationForm,
    client: Option<IpAddr>,
    language: Language,
) -> Result<(), AppError> {
    let policy = crate::accounts::organisation::policy(repo).await?;
    if !policy.open {
        return Err(AppError::Conflict {
            message: "Registrering er stengt her. Er du ansatt, bruk «Logg inn på jobb».".into(),
        });
    }
    let registration =
        registration::parse(&form, &policy, today()).map_err(|fields| AppError::InvalidForm { fields })?;
    let now = Utc::now();
    let limits = repo.settings.limits;
    // Counted once the form is complete: a person correcting fields is not a script.
    if let Some(ip) = client {
        admit(
            repo,
            &format!("register:{ip}"),
            limits.registrations_per_address,
            now,
        )
        .await?;
    }
    let national_id_key = registration
        .national_id
        .as_ref()
        .map(|id| repo.settings.vault.national_id_key(id));
    if let Some(key) = &national_id_key {
        admit(
            repo,
            &format!("register-id:{key}"),
            limits.registrations_per_national_id,
            now,
        )
        .await?;
    }
    if let Some(id) = registration.employer_id
        && repo.approved_company(id).await?.is_none()
    {
        return Err(AppError::InvalidForm {
            fields: vec![FieldIssue {
                field: "employer_id".into(),
                message: "Velg en arbeidsgiver fra listen.".into(),
            }],
        });
    }
    if let Some(key) = national_id_key {
        let taken = account::Entity::find()
            .filter(account::Column::NationalIdKey.eq(key))
            .one(&repo.db)
            .await?;
        if let Some(holder) = taken {
            // People rely on being told; support sees every clash in the holder's audit trail.
            audit::record(
                &repo.db,
                None,
                "registration.national_id_clash",
                Some(holder.id),
                None,
            )
            .await?;
            tracing::info!(
                account_id = holder.id,
                "registration refused: national ID already registered"
            );
            return Err(national_id_taken());
        }
    }
    // An address already in use gets a note by mail (at most one an hour); the answer here is
    // the same as for a new registration, so the form cannot be used to find out who is registered.
    if let Some(existing) = repo.find_by_email(&registration.email).await? {
        let notice_key = format!("notice:{}", existing.id);
        if throttle::admit(&repo.db, &notice_key, throttle::NOTICE_MAILS, now)
            .await?
            .is_none()
        {
            let mail = mails::already_registered(
                &repo.settings.links,
                registration.email.as_str(),
                existing.chosen_language(),
            );
            repo.settings.mailer.enqueue(&repo.db, mail).await?;
        }
        tracing::info!(account_id = existing.id, "registration with an address in use");
        return Ok(());
    }
    repo.create_account(registration, language).await
}

/// Counts one registration attempt for `key`; past the limit the answer is 429 with the wait.
async fn admit(
    repo: &AccountRepo,
    key: &str,
    limit: throttle::Limit,
    now: chrono::DateTime<Utc>,
) -> Result<(), AppError> {
    match throttle::admit(&repo.db, key, limit, now).await? {
        None => Ok(()),
        Some(retry_after_secs) => {
            tracing::warn!("registration throttled");
            Err(AppError::RateLimited { retry_after_secs })
        }
    }
}

pub(super) async fn activate(
    repo: &AccountRepo,
    token_text: &str,
    password: NewPassword,
) -> Result<(), AppError> {
    let account = repo
        .set_password_with_token(TokenPurpose::Activation, token_text, password)
        .await?;
    tracing::info!(account_id = account.id, "activated");
    Ok(())
}

pub(super) async fn resend_activation(repo: &AccountRepo, email: &str) -> Result<(), AppError> {
    let email = Email::parse(email).map_err(|e| field("email", e))?;
    if let Some(account) = repo.find_by_email(&email).await?
        && account.activated_at.is_none()
    {
        if token::may_send_another(&repo.db, account.id, TokenPurpose::Activation, Utc::now()).await? {
            repo.send_activation(&account).await?;
        } else {
            tracing::warn!(account_id = account.id, "link limit reached; no mail sent");
        }
    }
    Ok(())
}
