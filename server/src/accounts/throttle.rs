//! Failed-login throttling per account (by login name) and per client address, kept in the
//! database so that several server instances share it.
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, Set, TransactionTrait,
    entity::prelude::*,
    sea_query::{Expr, OnConflict},
};

pub use crate::entity::login_throttle::{ActiveModel, Column, Entity, Model};

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

/// Checking kursbevis at `/verifiser`: 100 per address in 15 minutes (an HR office checking a
/// list is fine; walking through every code is not).
pub const PER_ADDRESS_VERIFICATIONS: Limit = Limit {
    max_failures: 100,
    window: Duration::minutes(15),
    lockout: Duration::minutes(15),
};

/// Registering from one address: 20 in an hour (a family, a course room; a script trying
/// national ID after national ID is stopped here).
pub const REGISTRATIONS_PER_ADDRESS: Limit = Limit {
    max_failures: 20,
    window: Duration::hours(1),
    lockout: Duration::hours(1),
};

/// Registering with one national ID: 5 in an hour, from any number of addresses (a person
/// retrying is fine; asking again and again whether a number is registered is not).
pub const REGISTRATIONS_PER_NATIONAL_ID: Limit = Limit {
    max_failures: 5,
    window: Duration::hours(1),
    lockout: Duration::hours(1),
};

/// Starting «Logg inn på jobb» from one address: 600 in 15 minutes (a whole shift behind one
/// hospital address), since each start writes a session row.
pub const WORK_LOGINS_PER_ADDRESS: Limit = Limit {
    max_failures: 600,
    window: Duration::minutes(15),
    lockout: Duration::minutes(15),
};

/// «Du har allerede en bruker»: one such notice per account and hour, however often the
/// address is registered again.
pub const NOTICE_MAILS: Limit = Limit {
    max_failures: 1,
    window: Duration::hours(1),
    lockout: Duration::hours(1),
};

impl Limit {
    /// The same limit with another number of attempts per window.
    pub const fn allowing(self, attempts: u32) -> Self {
        Self {
            max_failures: if attempts > i32::MAX as u32 {
                i32::MAX
            } else {
                attempts as i32
            },
            ..self
        }
    }
}

/// The limits in force, each with its default and a `KURSPORTAL_*` variable to change the
/// number of attempts (see `config` and the README): a test suite or a big onboarding day
/// can raise them.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub login_per_account: Limit,
    pub login_per_address: Limit,
    pub verifications_per_address: Limit,
    pub registrations_per_address: Limit,
    pub registrations_per_national_id: Limit,
    pub work_logins_per_address: Limit,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            login_per_account: PER_ACCOUNT,
            login_per_address: PER_ADDRESS,
            verifications_per_address: PER_ADDRESS_VERIFICATIONS,
            registrations_per_address: REGISTRATIONS_PER_ADDRESS,
            registrations_per_national_id: REGISTRATIONS_PER_NATIONAL_ID,
            work_logins_per_address: WORK_LOGINS_PER_ADDRESS,
        }
    }
}

/// Seconds until a refused key may try again; `None` while it may.
///
/// `failures` counts the attempts of the window, this one included (they are counted before
/// the password is checked, see [`admit`]), and a successful login clears them.
pub fn retry_after(state: &Model, limit: Limit, now: DateTime<Utc>) -> Option<u64> {
    let opens = state.window_started_at + limit.lockout.max(limit.window);
    (state.failures > limit.max_failures && opens > now).then(|| (opens - now).num_seconds().max(1) as u64)
}

/// Counts one attempt for `key` and says whether it may go ahead (`None`) or when it may try
/// again. The count is one upsert in a transaction, so parallel attempts each get their own
/// number: of any number of simultaneous guesses, `max_failures` are let through to the
/// password check in a window, the rest are refused without it. A window starts with the
/// first attempt after the previous one ended.
pub async fn admit(
    db: &DatabaseConnection,
    key: &str,
    limit: Limit,
    now: DateTime<Utc>,
) -> Result<Option<u64>, DbErr> {
    let txn = db.begin().await?;
    let ended = Expr::col((Entity, Column::WindowStartedAt)).lt(now - limit.window);
    let count = Expr::case(ended.clone(), 1).finally(Expr::col((Entity, Column::Failures)).add(1));
    let start = Expr::case(ended, now).finally(Expr::col((Entity, Column::WindowStartedAt)));
    Entity::insert(ActiveModel {
        key: Set(key.to_string()),
        failures: Set(1),
        window_started_at: Set(now),
        locked_until: Set(None),
    })
    .on_conflict(
        OnConflict::column(Column::Key)
            .value(Column::Failures, count)
            .value(Column::WindowStartedAt, start)
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    let state = Entity::find_by_id(key.to_string()).one(&txn).await?;
    txn.commit().await?;
    Ok(state.and_then(|state| retry_after(&state, limit, now)))
}

/// Takes back one counted attempt of `key` (a login that succeeded from a shared address).
pub async fn forgive<C: ConnectionTrait>(conn: &C, key: &str) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::Failures, Expr::col(Column::Failures).sub(1))
        .filter(Column::Key.eq(key))
        .filter(Column::Failures.gt(0))
        .exec(conn)
        .await?;
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

    fn state(failures: i32, started: i64) -> Model {
        Model {
            key: "k".into(),
            failures,
            window_started_at: at(started),
            locked_until: None,
        }
    }

    #[test]
    fn the_sixth_attempt_in_a_window_waits_for_its_end() {
        for attempt in 1..=5 {
            assert_eq!(
                retry_after(&state(attempt, 0), PER_ACCOUNT, at(4)),
                None,
                "attempt {attempt}"
            );
        }
        assert_eq!(retry_after(&state(6, 0), PER_ACCOUNT, at(4)), Some(11 * 60));
        assert_eq!(retry_after(&state(300, 0), PER_ACCOUNT, at(14)), Some(60));
        assert_eq!(
            retry_after(&state(7, 0), PER_ACCOUNT, at(15)),
            None,
            "open when the window ends"
        );
    }

    #[test]
    fn an_address_has_more_room() {
        assert_eq!(retry_after(&state(30, 0), PER_ADDRESS, at(1)), None);
        assert!(retry_after(&state(31, 0), PER_ADDRESS, at(1)).is_some());
    }
}
