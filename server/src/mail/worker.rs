//! Sends what is due in the outbox, with retries and backoff; safe with several instances.
use super::{
    outbox::{self, Column, STATUS_FAILED, STATUS_PENDING, STATUS_SENT},
    transport::MailTransport,
};
use chrono::{DateTime, Duration, Utc};
use lettre::{Message, message::Mailbox};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use std::sync::Arc;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

/// After this many failed attempts a message is marked failed and left for a person to look at.
pub const MAX_ATTEMPTS: i32 = 12;
/// How long a claimed message is reserved for the instance sending it.
const CLAIM: Duration = Duration::minutes(2);
const BATCH: u64 = 20;

/// Wait before the next attempt: 30 s, 1 min, 2 min, … at most one hour.
pub fn backoff(attempts: i32) -> Duration {
    let exponent = attempts.clamp(1, 8) - 1;
    Duration::seconds((30_i64 << exponent).min(3600))
}

/// How long a sent message stays in the outbox (for support to see that it went), its links
/// already blanked. Unsent and failed messages stay until a person deals with them.
pub const KEEP_SENT: Duration = Duration::days(30);

/// Removes messages sent more than [`KEEP_SENT`] before `now`; returns how many.
pub async fn purge_sent(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let result = outbox::Entity::delete_many()
        .filter(Column::Status.eq(STATUS_SENT))
        .filter(Column::SentAt.lt(now - KEEP_SENT))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

pub struct MailWorker {
    db: DatabaseConnection,
    transport: MailTransport,
    from: Mailbox,
    wake: Arc<Notify>,
    poll: std::time::Duration,
    stop: CancellationToken,
}

impl MailWorker {
    pub fn new(db: DatabaseConnection, transport: MailTransport, from: Mailbox, wake: Arc<Notify>) -> Self {
        Self {
            db,
            transport,
            from,
            wake,
            poll: std::time::Duration::from_secs(2),
            stop: CancellationToken::new(),
        }
    }

    /// Stops between two messages once `stop` is cancelled: the message being handed to the
    /// mail server is finished and marked, and no other is claimed, so at shutdown nothing is
    /// left reserved and another instance sends the rest at once.
    pub fn stopping_on(mut self, stop: CancellationToken) -> Self {
        self.stop = stop;
        self
    }

    /// Runs until stopped (or the task is dropped); once an hour it also forgets old sent mail.
    pub async fn run(self) {
        let mut last_purge = None::<DateTime<Utc>>;
        loop {
            let now = Utc::now();
            if let Err(error) = self.send_due(now).await {
                tracing::warn!(%error, "mail worker could not read the outbox");
            }
            if last_purge.is_none_or(|at| now - at >= Duration::hours(1)) {
                last_purge = Some(now);
                match purge_sent(&self.db, now).await {
                    Ok(0) => {}
                    Ok(purged) => tracing::info!(purged, "old sent mail removed from the outbox"),
                    Err(error) => tracing::warn!(%error, "mail worker could not purge the outbox"),
                }
            }
            tokio::select! {
                _ = self.stop.cancelled() => break,
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(self.poll) => {}
            }
        }
        tracing::info!("mail worker stopped");
    }

    /// Sends every message due at `now`; returns how many were sent.
    pub async fn send_due(&self, now: DateTime<Utc>) -> Result<usize, DbErr> {
        let due = outbox::Entity::find()
            .filter(Column::Status.eq(STATUS_PENDING))
            .filter(Column::NextAttemptAt.lte(now))
            .filter(
                Condition::any()
                    .add(Column::LockedUntil.is_null())
                    .add(Column::LockedUntil.lt(now)),
            )
            .order_by_asc(Column::Id)
            .limit(BATCH)
            .all(&self.db)
            .await?;
        let mut sent = 0;
        for mail in due {
            if self.stop.is_cancelled() {
                break;
            }
            if !self.claim(mail.id, now).await? {
                continue; // another instance took it
            }
            let outcome = match self.build(&mail) {
                Ok(message) => self.transport.send(message).await,
                Err(error) => Err(error),
            };
            match outcome {
                Ok(()) => {
                    // The delivered copy is the person's; the outbox keeps no usable link.
                    outbox::Entity::update_many()
                        .col_expr(
                            Column::BodyText,
                            Expr::value(outbox::without_secrets(&mail.body_text)),
                        )
                        .col_expr(Column::Status, Expr::value(STATUS_SENT))
                        .col_expr(Column::SentAt, Expr::value(Utc::now()))
                        .col_expr(Column::Attempts, Expr::value(mail.attempts + 1))
                        .col_expr(Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
                        .filter(Column::Id.eq(mail.id))
                        .exec(&self.db)
                        .await?;
                    tracing::info!(mail_id = mail.id, "mail sent");
                    sent += 1;
                }
                Err(error) => {
                    let attempts = mail.attempts + 1;
                    let status = if attempts >= MAX_ATTEMPTS {
                        STATUS_FAILED
                    } else {
                        STATUS_PENDING
                    };
                    tracing::warn!(mail_id = mail.id, attempts, %error, "mail not sent");
                    outbox::Entity::update_many()
                        .col_expr(Column::Status, Expr::value(status))
                        .col_expr(Column::Attempts, Expr::value(attempts))
                        .col_expr(Column::NextAttemptAt, Expr::value(now + backoff(attempts)))
                        .col_expr(
                            Column::LastError,
                            Expr::value(error.chars().take(1000).collect::<String>()),
                        )
                        .col_expr(Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
                        .filter(Column::Id.eq(mail.id))
                        .exec(&self.db)
                        .await?;
                }
            }
        }
        Ok(sent)
    }

    /// Reserves a message with a conditional update, so only one instance sends it.
    async fn claim(&self, id: i64, now: DateTime<Utc>) -> Result<bool, DbErr> {
        let result = outbox::Entity::update_many()
            .col_expr(Column::LockedUntil, Expr::value(now + CLAIM))
            .filter(Column::Id.eq(id))
            .filter(Column::Status.eq(STATUS_PENDING))
            .filter(
                Condition::any()
                    .add(Column::LockedUntil.is_null())
                    .add(Column::LockedUntil.lt(now)),
            )
            .exec(&self.db)
            .await?;
        Ok(result.rows_affected == 1)
    }

    fn build(&self, mail: &outbox::Model) -> Result<Message, String> {
        let to: Mailbox = mail.recipient.parse().map_err(|e| format!("recipient: {e}"))?;
        // One Message-ID per outbox row: a copy sent again after an instance died between the
        // mail server's «250» and the row's update is the same message to every mail client.
        let message_id = format!(
            "<outbox-{}.{}@{}>",
            mail.id,
            mail.created_at.timestamp(),
            self.from.email.domain()
        );
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .message_id(Some(message_id))
            .subject(mail.subject.clone());
        match (
            &mail.attachment_name,
            &mail.attachment_content_type,
            &mail.attachment_body,
        ) {
            (Some(name), Some(content_type), Some(body)) => {
                use lettre::message::{Attachment, MultiPart, SinglePart, header::ContentType};
                let content_type =
                    ContentType::parse(content_type).map_err(|e| format!("attachment type: {e}"))?;
                builder
                    .multipart(
                        MultiPart::mixed()
                            .singlepart(SinglePart::plain(mail.body_text.clone()))
                            .singlepart(Attachment::new(name.clone()).body(body.clone(), content_type)),
                    )
                    .map_err(|e| e.to_string())
            }
            _ => builder
                .header(lettre::message::header::ContentType::TEXT_PLAIN)
                .body(mail.body_text.clone())
                .map_err(|e| e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_thirty_seconds_and_stops_at_an_hour() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(5), Duration::seconds(480));
        assert_eq!(backoff(8), Duration::seconds(3600));
        assert_eq!(backoff(50), Duration::seconds(3600));
        assert_eq!(backoff(0), Duration::seconds(30));
    }
}
