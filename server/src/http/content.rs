//! The content origin: packages from authoring tools are played here, never on the portal's
//! origin, so that their JavaScript cannot read the portal's pages or act as the learner.
//!
//! A second listener of the same binary (`KURSPORTAL_CONTENT_ADDR`, reached at
//! `KURSPORTAL_CONTENT_URL`). It reads no cookie and sets none: every address carries a launch
//! token ([`crate::elearning::package::launch`]) that names one attempt and one item, signed and
//! expiring. `/spill/{token}` is the player page, which holds the SCORM API object (scorm-again)
//! and the attempt's state, and frames the SCO at `/c/{token}/…` so that the package finds
//! `window.API` / `window.API_1484_11` by its usual walk up the frames; the player commits to
//! `/spill/{token}/commit` on this origin. Only the portal may frame the player.
use crate::elearning::package::{
    attempts,
    launch::{LaunchKey, Refused, Ticket},
};
use app::{error::AppError, messages::Language, messages::Message};
use axum::{
    Json, Router,
    body::Body,
    extract::{DefaultBodyLimit, Path, Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
};
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// The vendored runtime (scorm-again 2.6.7, MIT; `server/assets/scorm-again/`) and the player.
const ASSETS: [(&str, &str, &[u8]); 4] = [
    (
        "scorm12.min.js",
        "text/javascript",
        include_bytes!("../../assets/scorm-again/scorm12.min.js"),
    ),
    (
        "scorm2004.min.js",
        "text/javascript",
        include_bytes!("../../assets/scorm-again/scorm2004.min.js"),
    ),
    (
        "player.js",
        "text/javascript",
        include_bytes!("../../assets/player/player.js"),
    ),
    (
        "player.css",
        "text/css",
        include_bytes!("../../assets/player/player.css"),
    ),
];

/// A commit holds the runtime data: 64,000 characters of suspend data and the interactions.
const COMMIT_BYTES_MAX: usize = 1 << 20;

#[derive(Clone)]
pub struct ContentState {
    pub db: DatabaseConnection,
    pub key: LaunchKey,
    /// `https://kurs.example.no`: the only page that may frame the player.
    pub portal_origin: Arc<str>,
    /// `https://innhold.example.no`: this origin, as browsers name it in `Origin`.
    pub content_origin: Arc<str>,
}

pub fn router(state: ContentState) -> Router {
    Router::new()
        .route("/spill/{token}", get(player))
        .route(
            "/spill/{token}/commit",
            axum::routing::post(commit).layer(DefaultBodyLimit::max(COMMIT_BYTES_MAX)),
        )
        .route("/c/{token}/{*path}", get(file))
        .route("/spiller/{name}", get(asset))
        .route("/healthz", get(|| async { "ok" }))
        .with_state(state.clone())
        .layer(middleware::from_fn_with_state(state, content_headers))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(
            // The span names the route template: the path carries the launch token.
            tower_http::trace::TraceLayer::new_for_http().make_span_with(|request: &Request<Body>| {
                let route = request
                    .extensions()
                    .get::<axum::extract::MatchedPath>()
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_else(|| "fallback".into());
                tracing::info_span!("content", method = %request.method(), route = %route)
            }),
        )
}

/// Every answer: no cookie, no sniffing, no referrer (the path holds the token), and framed
/// by the portal only (a handler may say more).
async fn content_headers(State(state): State<ContentState>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.remove(header::SET_COOKIE);
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY)
        && let Ok(policy) = HeaderValue::from_str(&format!(
            "default-src 'none'; frame-ancestors {}",
            state.portal_origin
        ))
    {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

/// A refusal as a problem document, in the reader's language.
fn problem(mut error: AppError, headers: &HeaderMap) -> Response {
    error.translate(Language::of_request(headers));
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(error)).into_response()
}

/// The ticket of a token, or why not: 403 with words for the learner.
fn verified(state: &ContentState, token: &str) -> Result<Ticket, AppError> {
    state
        .key
        .verify(token, chrono::Utc::now().timestamp())
        .map_err(|refused| {
            tracing::info!(%refused, "a content address was refused");
            AppError::Conflict {
                message: match refused {
                    Refused::Expired => Message::new(
                        "Økta med innholdet er utløpt. Åpne kurset på nytt for å fortsette der du slapp.",
                    ),
                    Refused::Malformed | Refused::Forged => {
                        Message::new("Lenken til innholdet er ikke gyldig. Åpne kurset på nytt.")
                    }
                },
            }
        })
}

async fn player(
    State(state): State<ContentState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let opened = match verified(&state, &token) {
        Ok(ticket) => attempts::open(&state.db, &ticket).await,
        Err(error) => Err(error),
    };
    match opened {
        Ok(opened) => {
            let page = super::content_player::page(&state, &token, &opened);
            let policy = format!(
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                 connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; \
                 frame-ancestors {}",
                state.portal_origin
            );
            (
                [
                    (header::CONTENT_TYPE, "text/html; charset=utf-8".to_string()),
                    (header::CONTENT_SECURITY_POLICY, policy),
                ],
                page,
            )
                .into_response()
        }
        Err(error) => problem(error, &headers),
    }
}

async fn commit(
    State(state): State<ContentState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    // The player on this origin posts; no other page may (the token is a secret all the same).
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    if origin.is_some_and(|o| o != &*state.content_origin) {
        return problem(AppError::Forbidden, &headers);
    }
    let outcome = async {
        let ticket = verified(&state, &token)?;
        let posted: attempts::Posted = serde_json::from_slice(&body).map_err(|_| {
            AppError::invalid(
                "cmi",
                "Framdriften kom ikke fram i en form portalen kan lese. Ingenting ble lagret.",
            )
        })?;
        attempts::commit(&state.db, &ticket, posted).await
    }
    .await;
    match outcome {
        // scorm-again reads `result` and `errorCode`.
        Ok(done) => Json(serde_json::json!({
            "result": "true",
            "errorCode": 0,
            "status": done.status,
            "certificateCode": done.certificate_code,
        }))
        .into_response(),
        Err(error) => problem(error, &headers),
    }
}

async fn file(
    State(state): State<ContentState>,
    Path((token, path)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let found = match verified(&state, &token) {
        Ok(ticket) => attempts::file(&state.db, &ticket, &path).await,
        Err(error) => Err(error),
    };
    match found {
        Ok(file) => {
            let policy = format!("frame-ancestors 'self' {}", state.portal_origin);
            let fixed = [
                (header::CONTENT_TYPE, file.content_type),
                (header::CONTENT_SECURITY_POLICY, policy),
                // One launch's files do not change; the next launch has another address.
                (header::CACHE_CONTROL, "private, max-age=43200".to_string()),
                (header::ACCEPT_RANGES, "bytes".to_string()),
            ];
            // A range that cannot be served is ignored (RFC 9110 allows it): the whole file.
            let range = headers
                .get(header::RANGE)
                .and_then(|v| v.to_str().ok())
                .and_then(|range| byte_range(range, file.bytes.len()));
            match range {
                None => (fixed, file.bytes).into_response(),
                Some((start, end)) => (
                    StatusCode::PARTIAL_CONTENT,
                    fixed,
                    [(
                        header::CONTENT_RANGE,
                        format!("bytes {start}-{end}/{}", file.bytes.len()),
                    )],
                    file.bytes[start..=end].to_vec(),
                )
                    .into_response(),
            }
        }
        Err(error) => problem(error, &headers),
    }
}

/// The first range of a `Range: bytes=…` header as inclusive offsets into `len` bytes (video and
/// audio in packages: phones ask for them in pieces and play nothing without).
fn byte_range(header: &str, len: usize) -> Option<(usize, usize)> {
    let spec = header.trim().strip_prefix("bytes=")?.split(',').next()?.trim();
    let (from, to) = spec.split_once('-')?;
    let last = len.checked_sub(1)?;
    let (start, end) = match (from.trim(), to.trim()) {
        ("", suffix) => {
            let suffix: usize = suffix.parse().ok().filter(|n| *n > 0)?;
            (len.saturating_sub(suffix), last)
        }
        (from, "") => (from.parse().ok()?, last),
        (from, to) => (from.parse().ok()?, to.parse::<usize>().ok()?.min(last)),
    };
    (start <= end && start <= last).then_some((start, end))
}

async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(file, _, _)| *file == name) {
        Some((_, content_type, bytes)) => (
            [
                (header::CONTENT_TYPE, *content_type),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            *bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::{ASSETS, byte_range};

    #[test]
    fn byte_ranges_are_read_as_phones_send_them() {
        assert_eq!(byte_range("bytes=0-1", 10), Some((0, 1)));
        assert_eq!(byte_range("bytes=0-", 10), Some((0, 9)));
        assert_eq!(byte_range("bytes=4-100", 10), Some((4, 9)));
        assert_eq!(byte_range("bytes=-3", 10), Some((7, 9)));
        assert_eq!(byte_range("bytes=2-3, 5-6", 10), Some((2, 3)));
        for bad in [
            "bytes=10-",
            "bytes=5-2",
            "items=0-1",
            "bytes=x-1",
            "bytes=-0",
            "bytes=0-1",
        ] {
            let len = if bad == "bytes=0-1" { 0 } else { 10 };
            assert_eq!(byte_range(bad, len), None, "{bad}");
        }
    }

    fn asset(name: &str) -> &'static str {
        let (_, _, bytes) = ASSETS.iter().find(|(file, _, _)| *file == name).unwrap();
        std::str::from_utf8(bytes).unwrap()
    }

    #[test]
    fn the_vendored_runtime_keeps_64000_characters_of_suspend_data_in_scorm_12() {
        let runtime = asset("scorm12.min.js");
        assert!(runtime.contains(r#"CMIString4096:"^[\\s\\S]{0,64000}$""#));
        assert!(!runtime.contains(r#"CMIString4096:"^.{0,4096}$""#));
        assert!(asset("scorm2004.min.js").contains(r#"CMIString64000:"^[\\u0000-\\uFFFF]{0,64000}$""#));
        for name in ["scorm12.min.js", "scorm2004.min.js"] {
            assert!(
                !asset(name).contains("sourceMappingURL"),
                "{name}: no map is shipped"
            );
        }
    }
}
