//! Outgoing mail: written to the outbox in the caller's transaction, sent by the worker.
pub mod outbox;
pub mod texts;
pub mod transport;
pub mod worker;

use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use std::sync::Arc;
use tokio::sync::Notify;

/// A message to one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub body_text: String,
    /// At most one file, e.g. the session's iCalendar file.
    pub attachment: Option<Attachment>,
}

/// A small text file sent with a mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    pub body: String,
}

/// Puts messages in the outbox and wakes the worker.
#[derive(Clone, Default)]
pub struct Mailer {
    wake: Arc<Notify>,
}

impl Mailer {
    pub fn new() -> Self {
        Self::default()
    }

    /// The signal the worker waits on.
    pub fn wake_signal(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    /// Queues a message; pass the transaction of the change that causes it. A deactivated
    /// account is sent nothing: the message is dropped here (and `None` returned).
    pub async fn enqueue<C: ConnectionTrait>(
        &self,
        conn: &C,
        mail: OutgoingMail,
    ) -> Result<Option<i64>, DbErr> {
        if to_deactivated_account(conn, &mail.to).await? {
            tracing::info!("mail to a deactivated account dropped");
            return Ok(None);
        }
        let now = chrono::Utc::now();
        let row = outbox::ActiveModel {
            recipient: Set(mail.to),
            subject: Set(mail.subject),
            body_text: Set(mail.body_text),
            attachment_name: Set(mail.attachment.as_ref().map(|a| a.name.clone())),
            attachment_content_type: Set(mail.attachment.as_ref().map(|a| a.content_type.clone())),
            attachment_body: Set(mail.attachment.map(|a| a.body)),
            status: Set(outbox::STATUS_PENDING.to_string()),
            attempts: Set(0),
            next_attempt_at: Set(now),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(conn)
        .await?;
        self.wake.notify_one();
        Ok(Some(row.id))
    }
}

/// Whether `address` is the login or private address of a deactivated account.
async fn to_deactivated_account<C: ConnectionTrait>(conn: &C, address: &str) -> Result<bool, DbErr> {
    use crate::entity::account;
    use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter};
    let address = address.trim().to_lowercase();
    Ok(account::Entity::find()
        .filter(account::Column::DeactivatedAt.is_not_null())
        .filter(
            Condition::any()
                .add(account::Column::Email.eq(address.as_str()))
                .add(account::Column::PrivateEmail.eq(address.as_str())),
        )
        .count(conn)
        .await?
        > 0)
}
