//! «Din konto»: the profile, password, e-mail address, user type and personal information.
use crate::audit;
use crate::{
    accounts::{
        mails, password,
        service::{
            AccountRepo, check_new_password, company_option, field, norwegian_date, role_of, to_naive,
            token_refused,
        },
        throttle,
        token::{self, EMAIL_CHANGE_TTL},
    },
    entity::{account, company},
};
use app::{
    accounts::{
        fields::Email,
        identity::{CalendarDate, DriverLicenceNumber, HmsCardNumber, MobileNumber},
        service::{Caller, NewPassword, Reauthentication, SessionAccount},
        types::{
            ConfirmedEmail, FieldIssue, PersonalForm, PrivateEmailChange, Profile, TokenPurpose, TokenStatus,
            UserType, UserTypeForm,
        },
    },
    error::AppError,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, SqlErr, TransactionTrait,
};

pub(super) async fn profile(repo: &AccountRepo, who: Caller) -> Result<Profile, AppError> {
    let account = account::of_caller(&repo.db, &who).await?;
    let employer = match account.employer_id {
        Some(id) => company::Entity::find_by_id(id)
            .one(&repo.db)
            .await?
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
        has_password: account.password_hash.is_some(),
        private_email: account.private_email.clone(),
    })
}

/// Checks the proof given before a change that could hand the account over: the current
/// password (wrong ones throttled like logins), or for an account without a password a login
/// at work minutes ago. `doing` finishes «Logg inn på jobb på nytt for å …».
pub(crate) async fn reauthenticate(
    repo: &AccountRepo,
    account: &account::Model,
    proof: Reauthentication,
    doing: &'static str,
) -> Result<(), AppError> {
    if account.password_hash.is_none() {
        if proof.fresh_login_at_work {
            return Ok(());
        }
        return Err(AppError::invalid(
            "current",
            app::messages::Message::new("Logg inn på jobb på nytt for å {doing}, så vet vi at det er deg.")
                .arg_key("doing", doing),
        ));
    }
    let key = format!("current:{}", account.id);
    let limit = repo.settings.limits.login_per_account;
    if let Some(retry_after_secs) = throttle::admit(&repo.db, &key, limit, Utc::now()).await? {
        tracing::warn!(account_id = account.id, "current password throttled");
        return Err(AppError::RateLimited { retry_after_secs });
    }
    if !password::verify(proof.current_password, account.password_hash.clone()).await? {
        return Err(AppError::invalid("current", "Nåværende passord er feil."));
    }
    Ok(throttle::clear(&repo.db, &key).await?)
}

pub(super) async fn change_password(
    repo: &AccountRepo,
    who: Caller,
    proof: Reauthentication,
    new_password: NewPassword,
) -> Result<SessionAccount, AppError> {
    let account = account::of_caller(&repo.db, &who).await?;
    check_new_password(&new_password, account.email.as_deref())?;
    // An employee who has only signed in at work sets a first password after a fresh login there.
    reauthenticate(repo, &account, proof, "velge et passord").await?;
    let hash = password::hash(new_password.password).await?;
    let txn = repo.db.begin().await?;
    let generation = account.session_generation + 1;
    let (id, email, name) = (account.id, account.email.clone(), account.full_name.clone());
    let language = account.chosen_language();
    let mut active = account.into_active_model();
    active.password_hash = Set(Some(hash));
    active.session_generation = Set(generation);
    active.update(&txn).await?;
    if let Some(email) = email {
        let mail = mails::password_changed(&repo.settings.links, &email, &name, language);
        repo.settings.mailer.enqueue(&txn, mail).await?;
    }
    audit::record(&txn, Some(id), "account.password_changed", Some(id), None).await?;
    txn.commit().await?;
    Ok(SessionAccount {
        account_id: id,
        generation,
    })
}

/// «Valgfritt»: an employee's private e-mail address for «Glemt passord» from home. A new
/// address gets a link and is saved when the link is used (a mistyped address never receives
/// reset links); empty removes it at once.
pub(super) async fn set_private_email(
    repo: &AccountRepo,
    who: Caller,
    text: &str,
) -> Result<PrivateEmailChange, AppError> {
    let account = account::of_caller(&repo.db, &who).await?;
    if account.staff_code.is_none() {
        return Err(AppError::Forbidden);
    }
    let id = account.id;
    let txn = repo.db.begin().await?;
    let change = match text.trim() {
        "" => {
            let mut active = account.into_active_model();
            active.private_email = Set(None);
            active.update(&txn).await?;
            audit::record(&txn, Some(id), "account.private_email_removed", Some(id), None).await?;
            PrivateEmailChange::Removed
        }
        other => {
            let email = Email::parse(other).map_err(|e| field("private_email", e))?;
            if account.private_email.as_deref() == Some(email.as_str()) {
                return Err(AppError::invalid(
                    "private_email",
                    "Dette er allerede den private adressen din.",
                ));
            }
            let token = token::issue(
                &txn,
                id,
                TokenPurpose::PrivateEmail,
                EMAIL_CHANGE_TTL,
                Some(email.as_str().to_string()),
            )
            .await?;
            let mail = mails::confirm_private_email(
                &repo.settings.links,
                email.as_str(),
                &account.full_name,
                &token,
                account.chosen_language(),
            );
            repo.settings.mailer.enqueue(&txn, mail).await?;
            PrivateEmailChange::LinkSent
        }
    };
    txn.commit().await?;
    Ok(change)
}

pub(super) async fn request_email_change(
    repo: &AccountRepo,
    who: Caller,
    new_email: &str,
    proof: Reauthentication,
) -> Result<(), AppError> {
    let account = account::of_caller(&repo.db, &who).await?;
    let email = Email::parse(new_email).map_err(|e| field("email", e))?;
    reauthenticate(repo, &account, proof, "endre e-postadressen").await?;
    if account.email.as_deref() == Some(email.as_str()) {
        return Err(AppError::invalid(
            "email",
            "Dette er allerede e-postadressen din.",
        ));
    }
    // Read before the transaction: on SQLite its first statement should be a write.
    let holder = account::Entity::find()
        .filter(account::Column::Email.eq(email.as_str()))
        .one(&repo.db)
        .await?;
    let txn = repo.db.begin().await?;
    // An address in use gets a note instead of a link; the answer here is the same.
    let language = account.chosen_language();
    let mail = if let Some(holder) = holder {
        mails::already_registered(&repo.settings.links, email.as_str(), holder.chosen_language())
    } else {
        let token = token::issue(
            &txn,
            account.id,
            TokenPurpose::EmailChange,
            EMAIL_CHANGE_TTL,
            Some(email.as_str().to_string()),
        )
        .await?;
        mails::confirm_new_email(
            &repo.settings.links,
            email.as_str(),
            &account.full_name,
            &token,
            language,
        )
    };
    repo.settings.mailer.enqueue(&txn, mail).await?;
    if let Some(old) = &account.email {
        let notice = mails::email_change_requested(&repo.settings.links, old, &account.full_name, language);
        repo.settings.mailer.enqueue(&txn, notice).await?;
    }
    Ok(txn.commit().await?)
}

/// Uses a link to a new address: the login address, or an employee's private one.
pub(super) async fn confirm_email_change(
    repo: &AccountRepo,
    token_text: &str,
) -> Result<ConfirmedEmail, AppError> {
    let txn = repo.db.begin().await?;
    let (row, kind) = match token::redeem(&txn, TokenPurpose::EmailChange, token_text).await? {
        Ok(row) => (row, ConfirmedEmail::Login),
        Err(TokenStatus::Unknown) => match token::redeem(&txn, TokenPurpose::PrivateEmail, token_text).await?
        {
            Ok(row) => (row, ConfirmedEmail::Private),
            Err(status) => return Err(token_refused(status)),
        },
        Err(status) => return Err(token_refused(status)),
    };
    let new_email = row
        .new_email
        .clone()
        .ok_or_else(|| token_refused(TokenStatus::Unknown))?;
    let account = account::Entity::find_by_id(row.account_id)
        .one(&txn)
        .await?
        .ok_or_else(|| token_refused(TokenStatus::Unknown))?;
    let id = account.id;
    let mut active = account.into_active_model();
    if kind == ConfirmedEmail::Private {
        active.private_email = Set(Some(new_email));
        active.update(&txn).await?;
    } else {
        let taken = account::Entity::find()
            .filter(account::Column::Email.eq(new_email.as_str()))
            .one(&txn)
            .await?
            .is_some();
        if taken {
            return Err(AppError::invalid(
                "token",
                "Adressen er tatt i bruk av en annen bruker i mellomtiden. Velg en annen adresse.",
            ));
        }
        active.email = Set(Some(new_email));
        match active.update(&txn).await {
            Ok(_) => {}
            Err(error) if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                return Err(AppError::invalid(
                    "token",
                    "Adressen er tatt i bruk av en annen bruker.",
                ));
            }
            Err(error) => return Err(AppError::fault(error)),
        }
    }
    let action = match kind {
        ConfirmedEmail::Login => "account.email_changed",
        ConfirmedEmail::Private => "account.private_email_set",
    };
    audit::record(&txn, Some(id), action, Some(id), None).await?;
    txn.commit().await?;
    tracing::info!(account_id = id, ?kind, "e-mail address confirmed");
    Ok(kind)
}

pub(super) async fn change_user_type(
    repo: &AccountRepo,
    who: Caller,
    form: UserTypeForm,
) -> Result<(), AppError> {
    let account = account::of_caller(&repo.db, &who).await?;
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
            message:
                "Denne brukertypen krever en arbeidsgiver. Velg arbeidsgiver under «Oppdater arbeidsgiver» \
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
    let txn = repo.db.begin().await?;
    let mut active = account.into_active_model();
    active.user_type = Set(Some(user_type.as_str().to_string()));
    active.health_certificate_until = Set(health_certificate_until);
    active.driver_licence_number = Set(licence);
    active.update(&txn).await?;
    audit::record(
        &txn,
        Some(id),
        "account.user_type_changed",
        Some(id),
        Some(format!("{before} -> {}", user_type.as_str())),
    )
    .await?;
    Ok(txn.commit().await?)
}

pub(super) async fn update_personal(
    repo: &AccountRepo,
    who: Caller,
    form: PersonalForm,
) -> Result<(), AppError> {
    let account = account::of_caller(&repo.db, &who).await?;
    let mut issues = Vec::new();
    let mut issue = |field: &str, message: &'static str| {
        issues.push(FieldIssue {
            field: field.into(),
            message: message.into(),
        })
    };
    let mobile = MobileNumber::parse(&form.mobile)
        .map_err(|e| issue("mobile", e.0))
        .ok();
    let require_hms_card = crate::accounts::organisation::policy(repo)
        .await?
        .require_hms_card;
    let hms_card = if form.hms_card.trim().is_empty() && !require_hms_card {
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
    active.update(&repo.db).await?;
    tracing::info!(account_id = id, "personal information updated");
    Ok(())
}
