//! `/healthz`, `/readyz` and `/metrics`.

on_both_databases! {
    async fn health_and_readiness_answer(app) {
        let health = app.get("/healthz").await;
        assert_eq!(health.status(), 200);
        assert_eq!(health.text().await.unwrap(), "ok");
        let ready = app.get("/readyz").await;
        assert_eq!(ready.status(), 200);
    }

    async fn metrics_count_requests_by_route_for_the_token_only(app) {
        app.get("/kurs").await;
        app.get("/kurs").await;
        let made_up = reqwest::Method::from_bytes(b"FROBNICATE").unwrap();
        for _ in 0..3 {
            app.client.request(made_up.clone(), app.url("/kurs")).send().await.unwrap();
        }
        assert_eq!(app.get("/metrics").await.status(), 401, "not without the token");
        let wrong = app.client.get(app.url("/metrics")).bearer_auth("not the metrics token").send().await.unwrap();
        assert_eq!(wrong.status(), 401);
        let body = app.client.get(app.url("/metrics")).bearer_auth(crate::common::METRICS_TOKEN).send().await.unwrap().text().await.unwrap();
        assert!(body.contains("kursportal_http_requests_total{method=\"GET\",route=\"/kurs\",status=\"200\"} 2"), "{body}");
        assert!(body.contains("kursportal_http_request_duration_seconds_bucket"), "{body}");
        assert!(!body.contains("FROBNICATE"), "made-up methods make no series of their own");
        assert!(body.contains("method=\"OTHER\""), "{body}");
    }

    async fn responses_carry_security_headers_and_a_request_id(app) {
        let response = app.get("/").await;
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["x-frame-options"], "DENY");
        assert!(headers.contains_key("x-request-id"));
    }
}
