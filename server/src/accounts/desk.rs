//! What the support desk («Brukerstøtte») does to an account itself: lift the lock wrong
//! passwords put on a login, send a reset link, give a new login address to someone who lost
//! the old mailbox. Each is audited with the helper's reason. The desk's actions that reach
//! into enrolment and competence are the `support` module's.
use super::{
    mails,
    service::{AccountRepo, login::LinkSent},
    throttle,
};
use crate::{audit, entity::account};
use app::{
    accounts::{
        fields::Email,
        identity::NationalId,
        service::{Caller, Reauthentication},
    },
    error::AppError,
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
    TransactionTrait,
};

/// Checks the reason every desk action takes (3 to 500 characters) and returns it trimmed.
pub fn reason(text: &str) -> Result<&str, AppError> {
    audit::reason(
        text,
        3,
        "Skriv hvorfor (minst 3 tegn), for eksempel et saksnummer. Det lagres i loggen.",
    )
    .map_err(|message| AppError::invalid("reason", message))
}

impl AccountRepo {
    /// The person's national ID, masked (birth date shown, the personal number hidden).
    pub(crate) fn masked_national_id(&self, person: &account::Model) -> Option<String> {
        let sealed = person.national_id_sealed.as_deref()?;
        self.settings.vault.open(sealed).ok().map(|id| id.masked())
    }

    /// A person's national ID in full, for their own export after they proved it is them.
    pub(crate) fn national_id(&self, person: &account::Model) -> Option<String> {
        let sealed = person.national_id_sealed.as_deref()?;
        self.settings
            .vault
            .open(sealed)
            .ok()
            .map(|id| id.expose_digits().to_string())
    }

    /// Checks that the caller is who they say, before something that hands out their secrets.
    pub(crate) async fn reauthenticate(
        &self,
        person: &account::Model,
        proof: Reauthentication,
        doing: &'static str,
    ) -> Result<(), AppError> {
        crate::accounts::profile::reauthenticate(self, person, proof, doing).await
    }

    /// What a profile needs to take national ID `id`: its unique key and its sealed digits,
    /// after the same throttle as registration (nobody may try numbers one after another).
    pub(crate) async fn national_id_claim(&self, id: &NationalId) -> Result<(String, String), AppError> {
        let key = self.settings.vault.national_id_key(id);
        let limit = self.settings.limits.registrations_per_national_id;
        if let Some(retry_after_secs) =
            throttle::admit(&self.db, &format!("register-id:{key}"), limit, Utc::now()).await?
        {
            return Err(AppError::RateLimited { retry_after_secs });
        }
        Ok((key, self.settings.vault.seal(id)))
    }

    /// The account the desk acts on.
    pub(crate) async fn desk_account(&self, account_id: i64) -> Result<account::Model, AppError> {
        person_in(&self.db, account_id).await
    }

    /// The throttle keys a person's logins count against: the login address and the staff code.
    fn login_keys(&self, person: &account::Model) -> Vec<String> {
        [person.email.as_deref(), person.staff_code.as_deref()]
            .into_iter()
            .flatten()
            .map(|identifier| self.login_key(identifier))
            .collect()
    }

    /// Until when wrong passwords have locked the person's login, if they have.
    pub(crate) async fn login_locked_until(
        &self,
        person: &account::Model,
    ) -> Result<Option<DateTime<Utc>>, AppError> {
        let now = Utc::now();
        let limit = self.settings.limits.login_per_account;
        let states = throttle::Entity::find()
            .filter(throttle::Column::Key.is_in(self.login_keys(person)))
            .all(&self.db)
            .await?;
        Ok(states
            .iter()
            .filter_map(|state| throttle::retry_after(state, limit, now))
            .max()
            .map(|secs| now + chrono::Duration::seconds(i64::try_from(secs).unwrap_or(i64::MAX / 2))))
    }

    /// «Opphev låsen»: forgets the wrong passwords counted against the person's login.
    pub(crate) async fn lift_login_lock(
        &self,
        actor: &Caller,
        person: &account::Model,
        why: &str,
    ) -> Result<(), AppError> {
        let why = reason(why)?;
        if self.login_locked_until(person).await?.is_none() {
            return Err(AppError::Conflict {
                message: "Innloggingen er ikke låst.".into(),
            });
        }
        let txn = self.db.begin().await?;
        for key in self.login_keys(person) {
            throttle::clear(&txn, &key).await?;
        }
        audit::record(
            &txn,
            Some(actor.account_id),
            "support.lift_lock",
            Some(person.id),
            Some(why.into()),
        )
        .await?;
        txn.commit().await?;
        tracing::info!(account_id = person.id, by = actor.account_id, "login lock lifted");
        Ok(())
    }

    /// «Send lenke for nytt passord», for someone who cannot use «Glemt passord» themselves.
    pub(crate) async fn desk_send_reset(
        &self,
        actor: &Caller,
        person: &account::Model,
        why: &str,
    ) -> Result<(), AppError> {
        let why = reason(why)?;
        refuse_closed(person)?;
        match self.send_reset_link(person).await? {
            LinkSent::Sent => {}
            LinkSent::NoAddress => {
                return Err(AppError::Conflict {
                    message:
                        "Personen har ingen e-postadresse å sende lenken til. Gi dem en ny adresse først."
                            .into(),
                });
            }
            LinkSent::LimitReached => {
                return Err(AppError::Conflict {
                    message: "Det er sendt mange lenker til denne personen nylig. Be dem bruke den siste, eller prøv igjen om en time.".into(),
                });
            }
        }
        audit::record(
            &self.db,
            Some(actor.account_id),
            "support.send_reset",
            Some(person.id),
            Some(why.into()),
        )
        .await?;
        Ok(())
    }

    /// A new login address for someone who lost the old mailbox: the old and the new address
    /// are told, and every session of the account ends.
    pub(crate) async fn desk_change_email(
        &self,
        actor: &Caller,
        person: &account::Model,
        email: &str,
        why: &str,
    ) -> Result<(), AppError> {
        let email = Email::parse(email).map_err(|error| AppError::invalid("email", error.0))?;
        let why = reason(why)?;
        refuse_closed(person)?;
        if person.email.as_deref() == Some(email.as_str()) {
            return Err(AppError::invalid(
                "email",
                "Dette er allerede innloggingsadressen.",
            ));
        }
        let txn = self.db.begin().await?;
        crate::db::write_lock(&txn).await?;
        let taken = account::Entity::find()
            .filter(account::Column::Email.eq(email.as_str()))
            .one(&txn)
            .await?;
        if taken.is_some() {
            return Err(AppError::Taken {
                field: "email".into(),
                message: "En annen bruker logger inn med denne adressen. Er det samme person, slå profilene sammen.".into(),
            });
        }
        let old = person.email.clone();
        let mut row = person.clone().into_active_model();
        row.email = Set(Some(email.as_str().to_string()));
        row.session_generation = Set(person.session_generation + 1);
        row.update(&txn).await?;
        let links = &self.settings.links;
        for to in old.iter().map(String::as_str).chain([email.as_str()]) {
            let mail = mails::login_email_changed_by_support(
                links,
                to,
                &person.full_name,
                email.as_str(),
                person.chosen_language(),
            );
            self.settings.mailer.enqueue(&txn, mail).await?;
        }
        audit::record(
            &txn,
            Some(actor.account_id),
            "support.change_email",
            Some(person.id),
            Some(why.into()),
        )
        .await?;
        txn.commit().await?;
        tracing::info!(
            account_id = person.id,
            by = actor.account_id,
            "login address changed by support"
        );
        Ok(())
    }
}

/// The account `account_id`, read on `conn` (a transaction, say), or 404.
pub async fn person_in<C: ConnectionTrait>(conn: &C, account_id: i64) -> Result<account::Model, AppError> {
    account::Entity::find_by_id(account_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// The desk does not act on a profile that is gone: merged into another, or anonymised.
pub fn refuse_gone(person: &account::Model) -> Result<(), AppError> {
    if person.merged_into.is_some() {
        return Err(AppError::Conflict {
            message: "Profilen er slått sammen med en annen og er lukket. Åpne den andre profilen.".into(),
        });
    }
    if person.anonymised_at.is_some() {
        return Err(AppError::Conflict {
            message: "Personen er anonymisert.".into(),
        });
    }
    Ok(())
}

/// Nor on a deactivated one, except to reactivate it.
pub fn refuse_closed(person: &account::Model) -> Result<(), AppError> {
    refuse_gone(person)?;
    if person.deactivated_at.is_some() {
        return Err(AppError::Conflict {
            message: "Kontoen er deaktivert. Aktiver den igjen først.".into(),
        });
    }
    Ok(())
}
