//! The shared, reloadable index: the whole published catalogue read into a [`Snapshot`] and
//! swapped in whole, reloaded when the catalogue's stamp moves (another instance, or a change
//! behind this one's back).
use super::{Entry, Snapshot, Upcoming};
use crate::entity::{category, course, session};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect, sea_query::Expr,
};
use std::{
    collections::{HashMap, HashSet},
    sync::{
        Arc, RwLock,
        atomic::{AtomicU64, Ordering},
    },
};

/// What tells an instance that the catalogue changed: counts and the latest change stamps.
#[derive(Debug, Clone, Default, PartialEq, Eq, FromQueryResult)]
pub(super) struct Stamp {
    courses: i64,
    categories: i64,
    course_changed: Option<String>,
    category_changed: Option<String>,
}

/// The shared, reloadable index.
#[derive(Clone, Default)]
pub struct SearchIndex {
    current: Arc<RwLock<Arc<Snapshot>>>,
    /// Counts the snapshots swapped in: what was worked out from one snapshot is stale once
    /// this moves (the page cache keys on it).
    generation: Arc<AtomicU64>,
}

impl SearchIndex {
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current.read().map(|s| s.clone()).unwrap_or_default()
    }

    /// How many snapshots have been swapped in so far.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Reads the whole published catalogue and swaps it in.
    pub async fn reload(&self, db: &DatabaseConnection) -> Result<usize, DbErr> {
        let stamp = stamp(db).await?;
        let all_categories = category::Entity::find()
            .order_by_asc(category::Column::Position)
            .order_by_asc(category::Column::Name)
            .all(db)
            .await?;
        let by_id: HashMap<i64, &category::Model> = all_categories.iter().map(|c| (c.id, c)).collect();
        let entries: Vec<Entry> = course::Entity::find()
            .filter(course::Column::Published.eq(true))
            .all(db)
            .await?
            .iter()
            .map(|c| Entry::new(c, by_id.get(&c.category_id).copied()))
            .collect();
        let published: HashSet<i64> = entries.iter().map(|e| e.id).collect();
        let sessions: Vec<Upcoming> = session::Entity::find()
            .select_only()
            .column(session::Column::CourseId)
            .column(session::Column::Place)
            .column(session::Column::StartsAt)
            .filter(session::Column::StartsAt.gte(Utc::now()))
            .filter(session::Column::CancelledAt.is_null())
            .order_by_asc(session::Column::StartsAt)
            .into_tuple::<(i64, String, DateTime<Utc>)>()
            .all(db)
            .await?
            .into_iter()
            .filter(|(course_id, _, _)| published.contains(course_id))
            .map(|(course_id, place, starts_at)| Upcoming {
                course_id,
                entry: 0,
                place,
                starts_at,
            })
            .collect();
        let mut snapshot = Snapshot::from_entries(entries);
        snapshot.stamp = stamp;
        snapshot.categories = all_categories;
        snapshot.set_sessions(sessions);
        let count = snapshot.len();
        if let Ok(mut current) = self.current.write() {
            *current = Arc::new(snapshot);
            self.generation.fetch_add(1, Ordering::AcqRel);
        }
        Ok(count)
    }

    /// Reloads when another instance (or a change behind our back) moved the catalogue's stamp.
    pub async fn reload_if_changed(&self, db: &DatabaseConnection) -> Result<bool, DbErr> {
        let now = stamp(db).await?;
        if now == self.snapshot().stamp {
            return Ok(false);
        }
        self.reload(db).await?;
        Ok(true)
    }

    /// Keeps the index in step with the database for as long as the server runs.
    pub fn spawn_refresher(
        &self,
        db: DatabaseConnection,
        every: std::time::Duration,
    ) -> tokio::task::JoinHandle<()> {
        let index = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(error) = index.reload_if_changed(&db).await {
                    tracing::warn!(%error, "search index refresh failed");
                }
            }
        })
    }
}

async fn stamp<C: ConnectionTrait>(db: &C) -> Result<Stamp, DbErr> {
    #[derive(FromQueryResult)]
    struct Part {
        rows: i64,
        changed: Option<chrono::DateTime<chrono::Utc>>,
    }
    let courses = course::Entity::find()
        .select_only()
        .column_as(Expr::col(course::Column::Id).count(), "rows")
        .column_as(Expr::col(course::Column::UpdatedAt).max(), "changed")
        .into_model::<Part>()
        .one(db)
        .await?;
    let categories = category::Entity::find()
        .select_only()
        .column_as(Expr::col(category::Column::Id).count(), "rows")
        .column_as(Expr::col(category::Column::UpdatedAt).max(), "changed")
        .into_model::<Part>()
        .one(db)
        .await?;
    Ok(Stamp {
        courses: courses.as_ref().map_or(0, |p| p.rows),
        categories: categories.as_ref().map_or(0, |p| p.rows),
        course_changed: courses.and_then(|p| p.changed).map(|t| t.to_rfc3339()),
        category_changed: categories.and_then(|p| p.changed).map(|t| t.to_rfc3339()),
    })
}
