//! The support desk's service interface; implemented by the server's `support` module.
//!
//! Every method takes the request's [`Caller`], who must be support or an administrator, and
//! a reason that is written to the audit trail with the action.
use super::types::PersonFile;
use crate::{accounts::service::Caller, error::AppError};

#[async_trait::async_trait]
pub trait SupportDesk: Send + Sync + 'static {
    /// A person's account state, enrolments, waitlist places, history and kursbevis.
    async fn person(&self, who: Caller, account_id: i64) -> Result<PersonFile, AppError>;

    /// A new login address for someone who lost the old mailbox: both addresses are told and
    /// every session of the account ends.
    async fn change_login_email(
        &self,
        who: Caller,
        account_id: i64,
        email: &str,
        reason: &str,
    ) -> Result<(), AppError>;

    /// Sends a password-reset link (an activation link if the account was never activated).
    async fn send_reset_link(&self, who: Caller, account_id: i64, reason: &str) -> Result<(), AppError>;

    /// Lifts the lock that wrong passwords put on the login.
    async fn lift_login_lock(&self, who: Caller, account_id: i64, reason: &str) -> Result<(), AppError>;

    /// Deactivates (no login, no mail, seats and queue places released to the waitlist,
    /// history kept) or reactivates an account.
    async fn set_active(
        &self,
        who: Caller,
        account_id: i64,
        active: bool,
        reason: &str,
    ) -> Result<(), AppError>;

    /// Enrols the person in a session (a seat, or the end of the queue), deadline or not.
    async fn enrol(
        &self,
        who: Caller,
        account_id: i64,
        session_id: i64,
        reason: &str,
    ) -> Result<(), AppError>;

    /// Withdraws the person from a session; the seat goes to the next in the queue.
    async fn withdraw(
        &self,
        who: Caller,
        account_id: i64,
        session_id: i64,
        reason: &str,
    ) -> Result<(), AppError>;

    /// Merges the external profile that logs in with `other_email` into the external profile
    /// `account_id`: the same loss-free move as the employee merge.
    async fn merge(
        &self,
        who: Caller,
        account_id: i64,
        other_email: &str,
        reason: &str,
    ) -> Result<(), AppError>;

    /// Everything the portal holds about a person, as JSON (GDPR articles 15 and 20): `None`
    /// for the caller's own, or a person's, produced by support on request (audited).
    async fn personal_data(&self, who: Caller, account_id: Option<i64>) -> Result<String, AppError>;

    /// An external learner adds the national ID they left out at registration (re-authenticated;
    /// one account per number, refused as registration refuses; audited). When an employee has
    /// the number, the profile is merged into theirs as the HR feed would have done.
    async fn add_own_national_id(
        &self,
        who: Caller,
        national_id: &str,
        proof: crate::accounts::service::Reauthentication,
    ) -> Result<crate::accounts::types::NationalIdAdded, AppError>;

    /// The caller's own data with their national ID in full, after they proved it is them
    /// (the current password, or a login at work minutes ago); audited.
    async fn own_data_in_full(
        &self,
        who: Caller,
        proof: crate::accounts::service::Reauthentication,
    ) -> Result<String, AppError>;

    /// Anonymises a person (an administrator only; refused while they hold seats or queue
    /// places): name, contact data, national ID and birth date removed, completions kept
    /// nameless, sessions ended.
    async fn anonymise(&self, who: Caller, account_id: i64, reason: &str) -> Result<(), AppError>;
}
