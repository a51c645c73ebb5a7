//! «Brukerstøtte»: the support desk. What it does to an account alone lives in `accounts`
//! (lift a login lock, send a reset link, a new login address); here is what reaches further:
//! a person's whole file, deactivation with its released seats, enrolling and withdrawing on
//! someone's behalf, and merging two external profiles of one person. Each action needs a
//! support or administrator role and a reason, and is audited.
pub mod erasure;
mod export;
mod file;
mod merge;
mod national_id_later;
mod status;

use crate::{
    accounts::{mails::Links, service::AccountRepo},
    entity::account,
    mail::Mailer,
};
use app::{
    accounts::{
        service::{Caller, Reauthentication},
        types::NationalIdAdded,
    },
    error::AppError,
    support::{service::SupportDesk, types::PersonFile},
};
use sea_orm::DatabaseConnection;

/// Implements `app`'s `SupportDesk` on the database.
#[derive(Clone)]
pub struct Desk {
    db: DatabaseConnection,
    accounts: AccountRepo,
    mailer: Mailer,
    links: Links,
}

impl Desk {
    pub fn new(db: DatabaseConnection, accounts: AccountRepo, mailer: Mailer, links: Links) -> Self {
        Self {
            db,
            accounts,
            mailer,
            links,
        }
    }
}

impl Desk {
    /// The caller, when they do support work, and the person they act on.
    async fn acting_on(&self, who: Caller, account_id: i64) -> Result<(Caller, account::Model), AppError> {
        let actor = self.accounts.support_actor(who)?;
        Ok((actor, self.accounts.desk_account(account_id).await?))
    }
}

#[async_trait::async_trait]
impl SupportDesk for Desk {
    async fn person(&self, who: Caller, account_id: i64) -> Result<PersonFile, AppError> {
        let actor = self.accounts.support_actor(who)?;
        file::person(
            self,
            account_id,
            actor.role() == app::accounts::types::Role::Admin,
        )
        .await
    }

    async fn change_login_email(
        &self,
        who: Caller,
        account_id: i64,
        email: &str,
        reason: &str,
    ) -> Result<(), AppError> {
        let (actor, person) = self.acting_on(who, account_id).await?;
        self.accounts
            .desk_change_email(&actor, &person, email, reason)
            .await
    }

    async fn send_reset_link(&self, who: Caller, account_id: i64, reason: &str) -> Result<(), AppError> {
        let (actor, person) = self.acting_on(who, account_id).await?;
        self.accounts.desk_send_reset(&actor, &person, reason).await
    }

    async fn lift_login_lock(&self, who: Caller, account_id: i64, reason: &str) -> Result<(), AppError> {
        let (actor, person) = self.acting_on(who, account_id).await?;
        self.accounts.lift_login_lock(&actor, &person, reason).await
    }

    async fn set_active(
        &self,
        who: Caller,
        account_id: i64,
        active: bool,
        reason: &str,
    ) -> Result<(), AppError> {
        let actor = self.accounts.support_actor(who)?;
        status::set_active(self, &actor, account_id, active, reason).await
    }

    async fn enrol(
        &self,
        who: Caller,
        account_id: i64,
        session_id: i64,
        reason: &str,
    ) -> Result<(), AppError> {
        let actor = self.accounts.support_actor(who)?;
        status::enrol(self, &actor, account_id, session_id, reason).await
    }

    async fn withdraw(
        &self,
        who: Caller,
        account_id: i64,
        session_id: i64,
        reason: &str,
    ) -> Result<(), AppError> {
        let actor = self.accounts.support_actor(who)?;
        status::withdraw(self, &actor, account_id, session_id, reason).await
    }

    async fn merge(
        &self,
        who: Caller,
        account_id: i64,
        other_email: &str,
        reason: &str,
    ) -> Result<(), AppError> {
        let actor = self.accounts.support_actor(who)?;
        merge::merge(self, &actor, account_id, other_email, reason).await
    }

    async fn personal_data(&self, who: Caller, account_id: Option<i64>) -> Result<String, AppError> {
        let (person, by) = match account_id {
            None => (self.accounts.desk_account(who.account_id).await?, None),
            Some(id) => {
                let actor = self.accounts.support_actor(who)?;
                (self.accounts.desk_account(id).await?, Some(actor.account_id))
            }
        };
        let document = export::personal_data(self, &person, false).await?;
        let action = if by.is_some() {
            "support.export_data"
        } else {
            "account.data_exported"
        };
        crate::audit::record(&self.db, by.or(Some(person.id)), action, Some(person.id), None).await?;
        Ok(document)
    }

    async fn add_own_national_id(
        &self,
        who: Caller,
        national_id: &str,
        proof: Reauthentication,
    ) -> Result<NationalIdAdded, AppError> {
        national_id_later::add(self, who, national_id, proof).await
    }

    async fn own_data_in_full(&self, who: Caller, proof: Reauthentication) -> Result<String, AppError> {
        let person = self.accounts.desk_account(who.account_id).await?;
        self.accounts
            .reauthenticate(&person, proof, "laste ned fødselsnummeret ditt")
            .await?;
        let document = export::personal_data(self, &person, true).await?;
        crate::audit::record(
            &self.db,
            Some(person.id),
            "account.data_exported",
            Some(person.id),
            Some("med fødselsnummer".into()),
        )
        .await?;
        Ok(document)
    }

    async fn anonymise(&self, who: Caller, account_id: i64, reason: &str) -> Result<(), AppError> {
        let actor = self.accounts.admin_actor(who)?;
        erasure::anonymise(self, &actor, account_id, reason).await
    }
}
