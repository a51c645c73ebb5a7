//! What an instance does beside the requests, and how it stops.
use crate::{
    accounts::mails::Links,
    config::Config,
    login_sessions::DbSessionStore,
    mail::{Mailer, worker::MailWorker},
};
use sea_orm::DatabaseConnection;
use std::time::Duration;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// The work an instance does beside the requests.
pub(super) struct Background {
    /// Cancelled at shutdown: the jobs that claim rows one at a time stop between two rows.
    stop: CancellationToken,
    /// The mail worker and the transfer push: they finish the row in hand and return, so no
    /// claim outlives the instance and another instance takes the rest at once.
    stoppable: Vec<JoinHandle<()>>,
    /// Jobs whose every step is one transaction (reminders, expiry, employments) or that keep
    /// nothing (the search index, session cleanup): stopping them anywhere rolls back.
    abortable: Vec<JoinHandle<()>>,
}

/// How long shutdown waits for a message or a record that is on its way (an SMTP server or a
/// register that hangs); after that the task is dropped and its claim runs out by itself.
const FINISH_IN_HAND: Duration = Duration::from_secs(20);

impl Background {
    pub(super) async fn stop(self) {
        self.stop.cancel();
        for task in self.abortable {
            task.abort();
        }
        let finishing = async {
            for task in self.stoppable {
                let _ = task.await;
            }
        };
        if tokio::time::timeout(FINISH_IN_HAND, finishing).await.is_err() {
            tracing::warn!(
                seconds = FINISH_IN_HAND.as_secs(),
                "background work did not stop in time; its claims run out by themselves"
            );
        }
    }
}

/// The jobs that run beside the requests: the mail worker, session cleanup, reminders, expiry,
/// the end of employments, the search index's refresh and, if configured, the push of transfers.
pub(super) fn start(
    worker: MailWorker,
    config: &Config,
    db: &DatabaseConnection,
    mailer: &Mailer,
    links: &Links,
    sessions: &DbSessionStore,
    search: &crate::catalogue::search::SearchIndex,
) -> Background {
    let store = sessions.clone();
    let session_cleanup = tokio::spawn(async move {
        use tower_sessions::ExpiredDeletion;
        if let Err(error) = store.continuously_delete_expired(Duration::from_secs(600)).await {
            tracing::warn!(%error, "expired session cleanup stopped");
        }
    });
    let abortable = vec![
        tokio::spawn(crate::competence::employment::run(db.clone())),
        session_cleanup,
        tokio::spawn(crate::accounts::reminders::run(
            db.clone(),
            mailer.clone(),
            links.clone(),
        )),
        tokio::spawn(crate::learning::expiry::run(
            db.clone(),
            mailer.clone(),
            links.clone(),
            config.learning.reminder_days.clone(),
        )),
        tokio::spawn(crate::competence::digest::run(
            db.clone(),
            mailer.clone(),
            links.clone(),
        )),
        search.spawn_refresher(db.clone(), Duration::from_secs(5)),
    ];
    let stop = CancellationToken::new();
    let mut stoppable = vec![tokio::spawn(worker.stopping_on(stop.clone()).run())];
    if let Some(settings) = config.competence.transfer_push.clone() {
        stoppable.push(tokio::spawn(crate::competence::push::run(
            db.clone(),
            settings,
            links.public_url.clone(),
            stop.clone(),
        )));
    }
    Background {
        stop,
        stoppable,
        abortable,
    }
}
