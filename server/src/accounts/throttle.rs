//! Failed-login throttling per account (by login name) and per client address, kept in the
//! database so that several server instances share it.
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, Set, entity::prelude::*,
};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_throttle")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub failures: i32,
    pub window_started_at: DateTimeUtc,
    pub locked_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// How many failures within a window lock a key, and for how long.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max_failures: i32,
    pub window: Duration,
    pub lockout: Duration,
}

/// Five wrong passwords for one login name lock it for 15 minutes.
pub const PER_ACCOUNT: Limit = Limit {
    max_failures: 5,
    window: Duration::minutes(15),
    lockout: Duration::minutes(15),
};

/// One address (a workplace behind one NAT, say) gets more room before it is locked.
pub const PER_ADDRESS: Limit = Limit {
    max_failures: 30,
    window: Duration::minutes(15),
    lockout: Duration::minutes(15),
};

/// Seconds until a locked key opens again; `None` when it is not locked.
pub fn retry_after(state: Option<&Model>, now: DateTime<Utc>) -> Option<u64> {
    let until = state?.locked_until?;
    (until > now).then(|| (until - now).num_seconds().max(1) as u64)
}

/// The state after one more failure.
pub fn after_failure(key: &str, state: Option<&Model>, limit: Limit, now: DateTime<Utc>) -> Model {
    let (failures, window_started_at) = match state {
        Some(s) if now - s.window_started_at < limit.window => (s.failures + 1, s.window_started_at),
        _ => (1, now),
    };
    let locked = failures >= limit.max_failures;
    Model {
        key: key.to_string(),
        failures: if locked { 0 } else { failures },
        window_started_at: if locked { now } else { window_started_at },
        locked_until: if locked {
            Some(now + limit.lockout)
        } else {
            state.and_then(|s| s.locked_until)
        },
    }
}

pub async fn load<C: ConnectionTrait>(conn: &C, key: &str) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(key.to_string()).one(conn).await
}

/// Counts a failure for `key`.
pub async fn record_failure<C: ConnectionTrait>(
    conn: &C,
    key: &str,
    limit: Limit,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let state = load(conn, key).await?;
    let next = after_failure(key, state.as_ref(), limit, now);
    match state {
        Some(existing) => {
            let mut active = existing.into_active_model();
            active.failures = Set(next.failures);
            active.window_started_at = Set(next.window_started_at);
            active.locked_until = Set(next.locked_until);
            active.update(conn).await?;
        }
        None => {
            // Two first failures at once: one insert wins, which is close enough for a counter.
            let _ = next.into_active_model().insert(conn).await;
        }
    }
    Ok(())
}

/// Forgets the failures of `key` (after a successful login).
pub async fn clear<C: ConnectionTrait>(conn: &C, key: &str) -> Result<(), DbErr> {
    Entity::delete_by_id(key.to_string()).exec(conn).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap() + Duration::minutes(minutes)
    }

    #[test]
    fn the_fifth_failure_in_the_window_locks_for_the_lockout() {
        let mut state: Option<Model> = None;
        for minute in 0..4 {
            state = Some(after_failure("k", state.as_ref(), PER_ACCOUNT, at(minute)));
            assert_eq!(
                retry_after(state.as_ref(), at(minute)),
                None,
                "failure {}",
                minute + 1
            );
        }
        state = Some(after_failure("k", state.as_ref(), PER_ACCOUNT, at(4)));
        assert_eq!(retry_after(state.as_ref(), at(4)), Some(15 * 60));
        assert_eq!(retry_after(state.as_ref(), at(18)), Some(60));
        assert_eq!(
            retry_after(state.as_ref(), at(19)),
            None,
            "open again after 15 minutes"
        );
    }

    #[test]
    fn failures_spread_beyond_the_window_never_lock() {
        let mut state: Option<Model> = None;
        for i in 0..20 {
            let now = at(i * 16);
            state = Some(after_failure("k", state.as_ref(), PER_ACCOUNT, now));
            assert_eq!(retry_after(state.as_ref(), now), None);
        }
    }
}
