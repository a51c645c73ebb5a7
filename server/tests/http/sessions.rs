//! The session store lives in the portal's own database, on both backends.

use kursportal::sessions::DbSessionStore;
use std::collections::HashMap;
use tower_sessions::{
    ExpiredDeletion, SessionStore,
    cookie::time::{Duration, OffsetDateTime},
    session::{Id, Record},
};

fn record(expiry: OffsetDateTime) -> Record {
    Record {
        id: Id::default(),
        data: HashMap::from([("account".to_string(), serde_json::json!(42))]),
        expiry_date: expiry,
    }
}

on_both_databases! {
    async fn sessions_are_stored_loaded_and_expired(app) {
        let store = DbSessionStore::new(&app.db);
        let mut live = record(OffsetDateTime::now_utc() + Duration::hours(1));
        store.create(&mut live).await.unwrap();
        let loaded = store.load(&live.id).await.unwrap().expect("stored session");
        assert_eq!(loaded.data["account"], serde_json::json!(42));

        let mut old = record(OffsetDateTime::now_utc() - Duration::hours(1));
        store.create(&mut old).await.unwrap();
        store.delete_expired().await.unwrap();
        assert!(store.load(&old.id).await.unwrap().is_none(), "expired session removed");
        assert!(store.load(&live.id).await.unwrap().is_some(), "live session kept");

        store.delete(&live.id).await.unwrap();
        assert!(store.load(&live.id).await.unwrap().is_none());
    }
}
