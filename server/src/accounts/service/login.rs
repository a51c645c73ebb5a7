//! «Logg inn» and «Glemt passord»: the login with its throttling, and a new password by link.
use super::*;

impl AccountRepo {
    pub(crate) fn login_key(&self, identifier: &str) -> String {
        format!(
            "id:{}",
            self.settings
                .vault
                .keyed_hash("login", &identifier.trim().to_lowercase())
        )
    }

    /// The merged (closed) external profile that logged in with this e-mail address, if any.
    async fn merged_profile(&self, identifier: &str) -> Result<Option<account::Model>, DbErr> {
        use sea_orm::QueryOrder;
        let Ok(email) = Email::parse(identifier.trim()) else {
            return Ok(None);
        };
        account::Entity::find()
            .filter(account::Column::MergedEmail.eq(email.as_str()))
            .filter(account::Column::MergedInto.is_not_null())
            .order_by_desc(account::Column::MergedAt)
            .one(&self.db)
            .await
    }
}

pub(super) async fn login(
    repo: &AccountRepo,
    identifier: &str,
    password_text: String,
    client: Option<IpAddr>,
) -> Result<SignedIn, AppError> {
    if identifier.len() > 254 || password_text.len() > 4096 {
        return Err(AppError::InvalidCredentials);
    }
    let now = Utc::now();
    let account_key = repo.login_key(identifier);
    let address_key = client.map(|ip| format!("ip:{ip}"));
    // Counted before the password is checked: parallel guesses cannot outrun the limit.
    let mut refused = throttle::admit(
        &repo.db,
        &account_key,
        repo.settings.limits.login_per_account,
        now,
    )
    .await?;
    if refused.is_none()
        && let Some(key) = &address_key
    {
        refused = throttle::admit(&repo.db, key, repo.settings.limits.login_per_address, now).await?;
    }
    if let Some(retry_after_secs) = refused {
        tracing::warn!("login throttled");
        return Err(AppError::RateLimited { retry_after_secs });
    }

    let account = account::by_identifier(&repo.db, identifier).await?;
    // An e-mail address that belonged to an external profile since merged into an
    // employee profile: with the right password, say why it no longer works.
    let merged = match &account {
        None => repo.merged_profile(identifier).await?,
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
            .map(|t| crate::common::time::day(t.with_timezone(&chrono_tz::Europe::Oslo).date_naive()))
            .unwrap_or_default();
        return Err(AppError::conflict(
            app::messages::Message::new(
                "Profilen med denne e-postadressen ble slått sammen med ansattprofilen din {on}, fordi arbeidsgiveren \
                 din registrerte deg med samme fødselsnummer. Logg inn med ansattkoden din eller «Logg inn på jobb».",
            )
            .arg("on", on),
        ));
    }
    let Some(account) = account.filter(|_| matches) else {
        tracing::info!("login refused");
        return Err(AppError::InvalidCredentials);
    };
    if account.deactivated_at.is_some() {
        tracing::info!(account_id = account.id, "login to a deactivated account refused");
        return Err(AppError::conflict(
            app::messages::Message::new(
                "Kontoen din er deaktivert. Ta kontakt med brukerstøtte på {support} hvis du trenger den igjen.",
            )
            .arg("support", &repo.settings.links.support_email),
        ));
    }
    throttle::clear(&repo.db, &account_key).await?;
    if let Some(key) = &address_key {
        // An address counts wrong guesses: a workplace behind one address logs in all day.
        throttle::forgive(&repo.db, key).await?;
    }
    let user = current(&account);
    let language = account.language.as_deref().and_then(Language::parse);
    let signed_in = SessionAccount {
        account_id: account.id,
        generation: account.session_generation,
    };
    let mut active = account.into_active_model();
    active.last_login_at = Set(Some(now));
    active.update(&repo.db).await?;
    tracing::info!(account_id = signed_in.account_id, "login");
    Ok(SignedIn {
        account: signed_in,
        user,
        language,
    })
}

pub(super) async fn request_password_reset(repo: &AccountRepo, identifier: &str) -> Result<(), AppError> {
    // An employee from home writes the staff code; the link goes to their private address.
    let found = if identifier.contains('@') {
        let email = Email::parse(identifier).map_err(|e| field("email", e))?;
        repo.find_by_email(&email).await?
    } else {
        let code = StaffCode::parse(identifier).map_err(|_| {
            AppError::invalid(
                "email",
                "Skriv e-postadressen din, eller ansattkoden (4–6 tegn) hvis du er ansatt.",
            )
        })?;
        account::Entity::find()
            .filter(account::Column::StaffCode.eq(code.as_str()))
            .one(&repo.db)
            .await?
    };
    let Some(account) = found else {
        tracing::info!("password reset for an unknown address");
        return Ok(());
    };
    repo.send_reset_link(&account).await?;
    Ok(())
}

/// What became of a request for a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LinkSent {
    Sent,
    /// Neither a login nor a private address.
    NoAddress,
    /// Too many links lately (`token::may_send_another`).
    LimitReached,
}

impl AccountRepo {
    /// Sends a password-reset link to the private address, else the login address; an
    /// activation link instead if the account was never activated.
    pub(crate) async fn send_reset_link(&self, account: &account::Model) -> Result<LinkSent, AppError> {
        let Some(send_to) = account.private_email.clone().or_else(|| account.email.clone()) else {
            tracing::info!(account_id = account.id, "password reset: no address to send to");
            return Ok(LinkSent::NoAddress);
        };
        let purpose = if account.activated_at.is_none() {
            TokenPurpose::Activation
        } else {
            TokenPurpose::PasswordReset
        };
        if !token::may_send_another(&self.db, account.id, purpose, Utc::now()).await? {
            tracing::warn!(account_id = account.id, "link limit reached; no mail sent");
            return Ok(LinkSent::LimitReached);
        }
        if account.activated_at.is_none() {
            // Never activated: what they need is the activation link.
            self.send_activation(account).await?;
            return Ok(LinkSent::Sent);
        }
        let txn = self.db.begin().await?;
        let token = token::issue(
            &txn,
            account.id,
            TokenPurpose::PasswordReset,
            PASSWORD_RESET_TTL,
            None,
        )
        .await?;
        let mail = mails::password_reset(
            &self.settings.links,
            &send_to,
            &account.full_name,
            &token,
            account.chosen_language(),
        );
        self.settings.mailer.enqueue(&txn, mail).await?;
        txn.commit().await?;
        tracing::info!(account_id = account.id, "password reset link sent");
        Ok(LinkSent::Sent)
    }
}

pub(super) async fn reset_password(
    repo: &AccountRepo,
    token_text: &str,
    password: NewPassword,
) -> Result<(), AppError> {
    let account = repo
        .set_password_with_token(TokenPurpose::PasswordReset, token_text, password)
        .await?;
    if let Some(email) = &account.email {
        let mail = mails::password_changed(
            &repo.settings.links,
            email,
            &account.full_name,
            account.chosen_language(),
        );
        repo.settings.mailer.enqueue(&repo.db, mail).await?;
    }
    tracing::info!(account_id = account.id, "password reset");
    Ok(())
}
