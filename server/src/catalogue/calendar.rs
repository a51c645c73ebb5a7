//! «Kurskalender»: which months and places have upcoming sessions, and month boundaries in
//! Norwegian time.
use crate::{
    catalogue::visibility,
    entity::{course, session},
};
use app::catalogue::types::{FilterOptions, Month};
use chrono::{DateTime, Datelike, TimeZone, Utc};
use chrono_tz::Europe::Oslo;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect, QueryTrait,
    sea_query::SelectStatement,
};
use std::{
    collections::{HashMap, HashSet},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// Midnight on the first of a month in Norwegian time, as UTC.
pub fn month_start(month: Month) -> DateTime<Utc> {
    Oslo.with_ymd_and_hms(month.year, month.month, 1, 0, 0, 0)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

/// The month a moment falls in, in Norwegian time.
pub fn month_of(at: DateTime<Utc>) -> Month {
    let local = at.with_timezone(&Oslo);
    Month {
        year: local.year(),
        month: local.month(),
    }
}

/// The ids of published courses the visitor may see.
pub fn visible_course_ids(free_only: bool) -> SelectStatement {
    let mut courses = course::Entity::find().filter(course::Column::Published.eq(true));
    if free_only {
        courses = courses.filter(visibility::free_courses());
    }
    courses
        .select_only()
        .column(course::Column::Id)
        .as_query()
        .to_owned()
}

/// Places and months change slowly: recounted at most once a minute per instance, shared by
/// the catalogue's filters and «Kurskalender» (each count reads every upcoming session). When
/// the lists are stale, one request recounts them and the others keep answering with the lists
/// they had, so a busy instance does not recount once per request in flight.
#[derive(Clone, Default)]
pub struct UpcomingOptions {
    lists: Arc<Mutex<HashMap<bool, (Instant, FilterOptions)>>>,
    recounting: Arc<Mutex<HashSet<bool>>>,
}

const OPTIONS_FOR: Duration = Duration::from_secs(60);

/// Marks a recount in progress for as long as it lives (also when its request is dropped).
struct Recount {
    recounting: Arc<Mutex<HashSet<bool>>>,
    free_only: bool,
}

impl Drop for Recount {
    fn drop(&mut self) {
        if let Ok(mut recounting) = self.recounting.lock() {
            recounting.remove(&self.free_only);
        }
    }
}

impl UpcomingOptions {
    /// Counts both lists (every visitor's and free e-learning's) now.
    pub async fn fill<C: ConnectionTrait>(&self, db: &C) -> Result<(), DbErr> {
        for free_only in [false, true] {
            self.get(db, free_only).await?;
        }
        Ok(())
    }

    pub async fn get<C: ConnectionTrait>(&self, db: &C, free_only: bool) -> Result<FilterOptions, DbErr> {
        let stale = match self
            .lists
            .lock()
            .ok()
            .and_then(|lists| lists.get(&free_only).cloned())
        {
            Some((at, options)) if at.elapsed() < OPTIONS_FOR => return Ok(options),
            other => other.map(|(_, options)| options),
        };
        let started = self
            .recounting
            .lock()
            .map(|mut recounting| recounting.insert(free_only))
            .unwrap_or(true);
        if !started && let Some(options) = stale {
            return Ok(options); // another request is recounting
        }
        let _recount = started.then(|| Recount {
            recounting: self.recounting.clone(),
            free_only,
        });
        let options = upcoming_options(db, free_only, Utc::now()).await?;
        if let Ok(mut lists) = self.lists.lock() {
            lists.insert(free_only, (Instant::now(), options.clone()));
        }
        Ok(options)
    }
}

/// Places and months with upcoming, not cancelled sessions of courses the visitor may see.
pub async fn upcoming_options<C: ConnectionTrait>(
    db: &C,
    free_only: bool,
    now: DateTime<Utc>,
) -> Result<FilterOptions, DbErr> {
    let upcoming: Vec<(String, DateTime<Utc>)> = session::Entity::find()
        .select_only()
        .column(session::Column::Place)
        .column(session::Column::StartsAt)
        .filter(session::Column::StartsAt.gte(now))
        .filter(session::Column::CancelledAt.is_null())
        .filter(session::Column::CourseId.in_subquery(visible_course_ids(free_only)))
        .into_tuple()
        .all(db)
        .await?;
    let mut places: Vec<String> = upcoming.iter().map(|(place, _)| place.clone()).collect();
    places.sort_by_key(|p| crate::catalogue::search::fold(p));
    places.dedup();
    let mut months: Vec<Month> = upcoming.iter().map(|(_, at)| month_of(*at)).collect();
    months.sort_by_key(|m| (m.year, m.month));
    months.dedup();
    Ok(FilterOptions { places, months })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_begin_at_norwegian_midnight() {
        let december = Month {
            year: 2026,
            month: 12,
        };
        assert_eq!(
            month_start(december),
            Utc.with_ymd_and_hms(2026, 11, 30, 23, 0, 0).unwrap()
        );
        assert_eq!(
            month_of(Utc.with_ymd_and_hms(2026, 11, 30, 23, 30, 0).unwrap()),
            december
        );
        let june = Month { year: 2027, month: 6 };
        assert_eq!(
            month_start(june),
            Utc.with_ymd_and_hms(2027, 5, 31, 22, 0, 0).unwrap()
        );
    }
}
