//! The session store lives in the portal's own database, on both backends.

use kursportal::login_sessions::DbSessionStore;
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

on_both_databases! {
    async fn anonymous_visitors_cost_no_session(app) {
        use sea_orm::{ConnectionTrait, Statement};
        let count = || async {
            app.db
                .query_one(Statement::from_string(
                    app.db.get_database_backend(),
                    "SELECT COUNT(*) AS n FROM sessions",
                ))
                .await
                .unwrap()
                .unwrap()
                .try_get::<i64>("", "n")
                .unwrap()
        };
        let before = count().await;
        for path in [
            "/",
            "/kurs",
            "/kurs?type=classroom&sted=Oslo",
            "/kurs/SIK-100",
            "/sok?q=sikkerhet",
            "/kurskalender",
            "/logg-inn",
            "/registrer",
            "/api/catalogue/suggest?text=sik",
        ] {
            let response = app.get(path).await;
            assert_eq!(response.status(), 200, "{path}");
            assert!(
                response.headers().get("set-cookie").is_none(),
                "{path} started a session for an anonymous visitor"
            );
        }
        // Without a session cookie there is nothing to read, and nothing was written.
        assert_eq!(count().await, before, "no session rows for anonymous visitors");
    }
}
