//! Optional push of the transfer feed's events to the competence register: each event is
//! POSTed as JSON (`{"event": …, "xapi": …}`) to `KURSPORTAL_TRANSFER_PUSH_URL` with an HMAC-SHA256 signature of the body
//! (`X-Kursportal-Signature: sha256=<hex>`, key `KURSPORTAL_TRANSFER_PUSH_SECRET`), until the
//! register answers 2xx; failures are retried with growing pauses (1 minute doubling up to 6
//! hours). A person's events go in the order they were written: an event waits while an
//! earlier one of the same person is not taken yet (other people's events go on). State lives
//! in the database, so it survives restarts; each attempt is claimed by a conditional update,
//! so several instances push an event once at a time. Events the register already had as a
//! transfer record (pushed before the feed became events) are not pushed again.
use super::events::{self, Event};
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use sha2::Sha256;
use tokio_util::sync::CancellationToken;

/// How long an event being pushed is reserved for the instance pushing it: four times the
/// request timeout, so a live pusher always finishes first, and a killed one's event is taken
/// by another instance a minute later.
const CLAIM: Duration = Duration::minutes(1);
/// How long the register may take to answer one event.
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

/// Where and how to push (`KURSPORTAL_TRANSFER_PUSH_*`).
#[derive(Clone)]
pub struct PushSettings {
    pub url: String,
    pub secret: String,
}

impl std::fmt::Debug for PushSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PushSettings")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// `sha256=<hex>` of the body under the shared secret.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// The pause after failed attempt number `attempts + 1`: one minute, doubling, at most six hours.
pub fn backoff(attempts: i32) -> Duration {
    let minutes = 1i64 << attempts.clamp(0, 9);
    Duration::minutes(minutes.min(360))
}

/// Pushes what is due at `now`; returns how many events the register took.
pub async fn run_once(
    db: &DatabaseConnection,
    http: &reqwest::Client,
    settings: &PushSettings,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    run_until(db, http, settings, public_url, now, &CancellationToken::new()).await
}

/// [`run_once`], stopping between two events once `stop` is cancelled: the event on its way
/// is finished and marked, no other is claimed, so a stopping instance leaves nothing reserved.
async fn run_until(
    db: &DatabaseConnection,
    http: &reqwest::Client,
    settings: &PushSettings,
    public_url: &str,
    now: DateTime<Utc>,
    stop: &CancellationToken,
) -> Result<usize, DbErr> {
    use events::{Column, Entity};
    events::sweep::record(db).await?;
    let mut delivered = 0;
    // Rounds: a round takes each person's first event not taken yet, so a person's next event
    // goes in the next round, until a round takes nothing.
    loop {
        let due = Entity::find()
            .filter(Column::PushedAt.is_null())
            .filter(Column::NextPushAt.is_null().or(Column::NextPushAt.lte(now)))
            .filter(Expr::cust(
                "NOT EXISTS (SELECT 1 FROM competence_events earlier WHERE earlier.account_id = \
                 competence_events.account_id AND earlier.id < competence_events.id AND earlier.pushed_at IS NULL)",
            ))
            .order_by_asc(Column::Id)
            .limit(100)
            .all(db)
            .await?;
        let mut taken = 0;
        for row in due {
            if stop.is_cancelled() {
                break;
            }
            if push_one(db, http, settings, public_url, now, row).await? {
                taken += 1;
            }
        }
        delivered += taken;
        if taken == 0 || stop.is_cancelled() {
            return Ok(delivered);
        }
    }
}

/// Claims one event, sends it and marks the outcome; whether the register took it.
async fn push_one(
    db: &DatabaseConnection,
    http: &reqwest::Client,
    settings: &PushSettings,
    public_url: &str,
    now: DateTime<Utc>,
    row: events::Model,
) -> Result<bool, DbErr> {
    use events::{Column, Entity};
    // Claim: move the next attempt time forward only if nobody else has.
    let claimed = Entity::update_many()
        .col_expr(Column::NextPushAt, Expr::value(now + CLAIM))
        .filter(Column::Id.eq(row.id))
        .filter(Column::PushedAt.is_null())
        .filter(match row.next_push_at {
            Some(at) => Column::NextPushAt.eq(at),
            None => Column::NextPushAt.is_null(),
        })
        .exec(db)
        .await?
        .rows_affected
        == 1;
    if !claimed {
        return Ok(false);
    }
    let (id, attempts) = (row.id, row.push_attempts);
    let Some(item) = events::describe(db, public_url, vec![row]).await?.pop() else {
        return Ok(false);
    };
    let ok = deliver(http, settings, public_url, &item).await;
    let update = Entity::update_many().filter(Column::Id.eq(id));
    if ok {
        update
            .col_expr(Column::PushedAt, Expr::value(Utc::now()))
            .exec(db)
            .await?;
    } else {
        update
            .col_expr(Column::PushAttempts, Expr::value(attempts + 1))
            .col_expr(Column::NextPushAt, Expr::value(now + backoff(attempts)))
            .exec(db)
            .await?;
    }
    Ok(ok)
}

async fn deliver(http: &reqwest::Client, settings: &PushSettings, public_url: &str, item: &Event) -> bool {
    let body = serde_json::to_vec(&serde_json::json!({
        "event": item,
        "xapi": events::xapi::statement(item, public_url),
    }))
    .unwrap_or_default();
    let answer = http
        .post(&settings.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("X-Kursportal-Signature", signature(&settings.secret, &body))
        .header("X-Kursportal-Delivery", item.id.to_string())
        .header("X-Kursportal-Event", item.kind.as_str())
        .body(body)
        .send()
        .await;
    match answer {
        Ok(response) if response.status().is_success() => true,
        Ok(response) => {
            tracing::warn!(
                event = item.id,
                status = response.status().as_u16(),
                "event push refused; will retry"
            );
            false
        }
        Err(error) => {
            tracing::warn!(event = item.id, %error, "event push failed; will retry");
            false
        }
    }
}

/// Every minute until `stop` is cancelled.
pub async fn run(
    db: DatabaseConnection,
    settings: PushSettings,
    public_url: String,
    stop: CancellationToken,
) {
    let http = reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .build()
        .unwrap_or_default();
    let mut interval = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        tokio::select! {
            _ = stop.cancelled() => break,
            _ = interval.tick() => {}
        }
        match run_until(&db, &http, &settings, &public_url, Utc::now(), &stop).await {
            Ok(0) => {}
            Ok(delivered) => tracing::info!(delivered, "competence events pushed"),
            Err(error) => tracing::warn!(%error, "transfer push job failed; retrying in a minute"),
        }
    }
    tracing::info!("transfer push stopped");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_hmac_sha256_of_the_body() {
        // RFC 4231 test case 2.
        assert_eq!(
            signature("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn pauses_double_from_a_minute_to_six_hours() {
        assert_eq!(backoff(0), Duration::minutes(1));
        assert_eq!(backoff(1), Duration::minutes(2));
        assert_eq!(backoff(5), Duration::minutes(32));
        assert_eq!(backoff(20), Duration::minutes(360));
        assert_eq!(backoff(-3), Duration::minutes(1));
    }
}
