//! Prometheus text at `/metrics`: request counts and latency histograms per route, and the
//! mail outbox (messages waiting, messages that used up their attempts) read at each scrape.
use axum::{
    extract::{MatchedPath, Request, State},
    http::header,
    middleware::Next,
    response::{IntoResponse, Response},
};
use prometheus_client::{
    encoding::{EncodeLabelSet, text::encode},
    metrics::{
        counter::Counter,
        family::Family,
        gauge::Gauge,
        histogram::{Histogram, exponential_buckets},
    },
    registry::Registry,
};
use std::{sync::Arc, time::Instant};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

type HistogramFamily = Family<RouteLabels, Histogram, fn() -> Histogram>;

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    durations: HistogramFamily,
    /// Mail waiting to be sent, and mail left for a person (`mail::outbox`).
    outbox_pending: Gauge,
    outbox_failed: Gauge,
    /// SHA-256 of the bearer token `/metrics` asks for (`KURSPORTAL_METRICS_TOKEN`); without
    /// one, `/metrics` is not served.
    token_digest: Option<[u8; 32]>,
}

fn latency_histogram() -> Histogram {
    // 1 ms … about 8 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 14))
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new(None)
    }
}

impl Metrics {
    /// Metrics served to whoever presents `token` as a bearer token.
    pub fn new(token: Option<&str>) -> Self {
        let mut registry = Registry::with_prefix("kursportal");
        let requests = Family::<RequestLabels, Counter>::default();
        let durations: HistogramFamily = Family::new_with_constructor(latency_histogram);
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request",
            durations.clone(),
        );
        let outbox_pending = Gauge::default();
        let outbox_failed = Gauge::default();
        registry.register(
            "mail_outbox_pending",
            "Mail waiting to be sent",
            outbox_pending.clone(),
        );
        registry.register(
            "mail_outbox_failed",
            "Mail that used up its attempts and waits for a person",
            outbox_failed.clone(),
        );
        Self {
            registry,
            requests,
            durations,
            outbox_pending,
            outbox_failed,
            token_digest: token.map(digest),
        }
    }
}

fn digest(text: &str) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes()).into()
}

/// Whether `header` (an Authorization value) carries the token, compared in constant time.
fn authorised(expected: &[u8; 32], header: Option<&str>) -> bool {
    let Some(token) = header.and_then(|h| h.strip_prefix("Bearer ")) else {
        return false;
    };
    let given = digest(token.trim());
    expected
        .iter()
        .zip(given)
        .fold(0u8, |diff, (a, b)| diff | (a ^ b))
        == 0
}

/// The method as a label: the standard ones by name, anything made up as `OTHER`, so that
/// requests cannot create new series at will.
fn method_label(method: &axum::http::Method) -> String {
    use axum::http::Method;
    let known = [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::OPTIONS,
    ];
    if known.contains(method) {
        method.as_str().to_string()
    } else {
        "OTHER".to_string()
    }
}

impl Metrics {
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = encode(&mut out, &self.registry);
        out
    }
}

/// Counts and times every request, labelled by the route template (never the raw path).
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_string())
        .unwrap_or_else(|| {
            if request.uri().path().starts_with("/pkg/") {
                "/pkg".into()
            } else {
                "fallback".into()
            }
        });
    let response = next.run(request).await;
    let status = response.status().as_u16();
    metrics
        .requests
        .get_or_create(&RequestLabels {
            method: method.clone(),
            route: route.clone(),
            status,
        })
        .inc();
    metrics
        .durations
        .get_or_create(&RouteLabels { method, route })
        .observe(started.elapsed().as_secs_f64());
    response
}

/// The Prometheus text, for the bearer of the configured token only.
pub async fn endpoint(
    State(metrics): State<Arc<Metrics>>,
    State(db): State<sea_orm::DatabaseConnection>,
    headers: axum::http::HeaderMap,
) -> Response {
    let Some(expected) = &metrics.token_digest else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
    if !authorised(expected, given) {
        return (
            axum::http::StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
        )
            .into_response();
    }
    match crate::mail::outbox::depth(&db).await {
        Ok(depth) => {
            metrics
                .outbox_pending
                .set(i64::try_from(depth.pending).unwrap_or(i64::MAX));
            metrics
                .outbox_failed
                .set(i64::try_from(depth.failed).unwrap_or(i64::MAX));
        }
        // The request metrics still answer; the outbox figures keep their last values.
        Err(error) => tracing::warn!(%error, "outbox depth not read for /metrics"),
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        metrics.render(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_up_methods_share_one_label() {
        assert_eq!(method_label(&axum::http::Method::GET), "GET");
        let made_up = axum::http::Method::from_bytes(b"FROBNICATE").unwrap();
        assert_eq!(method_label(&made_up), "OTHER");
    }

    #[test]
    fn only_the_token_opens_the_metrics() {
        let expected = digest("a long metrics token");
        assert!(authorised(&expected, Some("Bearer a long metrics token")));
        assert!(!authorised(&expected, Some("Bearer a long metrics toke")));
        assert!(!authorised(&expected, Some("a long metrics token")));
        assert!(!authorised(&expected, None));
    }
}
