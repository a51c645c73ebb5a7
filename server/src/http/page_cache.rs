//! The catalogue as anonymous visitors see it, kept for a few seconds.
//!
//! `/`, `/kurs`, `/sok` and the search field's suggestions depend on nothing but the
//! in-memory catalogue, the language and the address when nobody is logged in. Such an answer
//! is kept, keyed by language and address, until the catalogue's snapshot moves on or
//! `KURSPORTAL_PAGE_CACHE_SECONDS` pass (the pages name upcoming sessions, which pass with
//! time). Everyone with a login cookie gets a fresh render, so no personal data is ever kept.
//! A kept page gets a fresh script nonce per answer: the nonce of the render is cut out when
//! the page is stored and a new one put in its place.
use crate::{catalogue::search::SearchIndex, http::state::AppState};
use app::services::CspNonceSlot;
use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use base64::Engine;
use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

/// The paths whose anonymous answers are kept.
const CACHED_PATHS: [&str; 4] = ["/", "/kurs", "/sok", "/api/catalogue/suggest"];
/// At most this many answers are kept (a page is 20–60 kB before compression).
const MAX_ENTRIES: usize = 512;
/// Longer addresses are rendered every time (nobody types them; they only fill the cache).
const MAX_KEY: usize = 400;
/// A rendered answer larger than this is not kept.
const MAX_BODY: usize = 512 * 1024;
/// The login session cookie (`startup`): its presence means a render of one's own.
const SESSION_COOKIE: &str = "kursportal.sid=";

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    language: Option<HeaderValue>,
    address: String,
}

struct Kept {
    generation: u64,
    stored: Instant,
    content_type: Option<HeaderValue>,
    /// The body, cut where the render's nonce stood.
    pieces: Vec<Bytes>,
    /// Whether the answer is a page (it gets a nonce and a page's security policy).
    page: bool,
}

/// Kept answers for anonymous visitors.
#[derive(Clone)]
pub struct PageCache {
    index: SearchIndex,
    ttl: Duration,
    kept: Arc<RwLock<HashMap<Key, Arc<Kept>>>>,
}

impl PageCache {
    /// A cache that keeps answers for `ttl` (zero keeps nothing).
    pub fn new(index: SearchIndex, ttl: Duration) -> Self {
        Self {
            index,
            ttl,
            kept: Arc::default(),
        }
    }

    /// The key of a request whose answer may be kept, if it is one.
    fn key(&self, request: &Request) -> Option<Key> {
        if self.ttl.is_zero() || request.method() != Method::GET {
            return None;
        }
        let uri = request.uri();
        if !CACHED_PATHS.contains(&uri.path()) {
            return None;
        }
        let logged_in = request
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .any(|v| v.to_str().map_or(true, |v| v.contains(SESSION_COOKIE)));
        if logged_in {
            return None;
        }
        let address = uri.path_and_query().map(|pq| pq.as_str()).unwrap_or("/");
        if address.len() > MAX_KEY {
            return None;
        }
        Some(Key {
            // `language_from_choice` has left only the chosen language here, or nothing.
            language: request.headers().get(header::ACCEPT_LANGUAGE).cloned(),
            address: address.to_string(),
        })
    }

    fn get(&self, key: &Key, generation: u64) -> Option<Arc<Kept>> {
        let kept = self.kept.read().ok()?.get(key).cloned()?;
        (kept.generation == generation && kept.stored.elapsed() < self.ttl).then_some(kept)
    }

    fn put(&self, key: Key, kept: Kept) {
        let Ok(mut map) = self.kept.write() else {
            return;
        };
        if map.len() >= MAX_ENTRIES {
            let ttl = self.ttl;
            let generation = kept.generation;
            map.retain(|_, k| k.generation == generation && k.stored.elapsed() < ttl);
        }
        if map.len() < MAX_ENTRIES {
            map.insert(key, Arc::new(kept));
        }
    }
}

/// A fresh nonce as Leptos makes them: 16 random bytes, base64.
fn fresh_nonce() -> String {
    base64::engine::general_purpose::STANDARD.encode(rand::random::<[u8; 16]>())
}

/// The body cut at every occurrence of `nonce`.
fn cut(body: &Bytes, nonce: &str) -> Vec<Bytes> {
    if nonce.is_empty() {
        return vec![body.clone()];
    }
    let text = body.as_ref();
    let needle = nonce.as_bytes();
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while at + needle.len() <= text.len() {
        if &text[at..at + needle.len()] == needle {
            pieces.push(body.slice(start..at));
            at += needle.len();
            start = at;
        } else {
            at += 1;
        }
    }
    pieces.push(body.slice(start..));
    pieces
}

impl Kept {
    fn answer(&self, slot: Option<&CspNonceSlot>) -> Response {
        let body = if self.page && self.pieces.len() > 1 {
            let nonce = fresh_nonce();
            if let Some(slot) = slot {
                let _ = slot.0.set(nonce.clone());
            }
            let mut body = Vec::with_capacity(self.pieces.iter().map(Bytes::len).sum::<usize>() + 64);
            for (i, piece) in self.pieces.iter().enumerate() {
                if i > 0 {
                    body.extend_from_slice(nonce.as_bytes());
                }
                body.extend_from_slice(piece);
            }
            Bytes::from(body)
        } else {
            if self.page
                && let Some(slot) = slot
            {
                let _ = slot.0.set(fresh_nonce());
            }
            self.pieces.concat().into()
        };
        let mut response = Response::new(Body::from(body));
        if let Some(content_type) = &self.content_type {
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, content_type.clone());
        }
        response
    }
}

/// Answers anonymous catalogue requests from the cache, and keeps what it renders for them.
pub async fn serve(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let cache = &state.page_cache;
    let Some(key) = cache.key(&request) else {
        return next.run(request).await;
    };
    let slot = request.extensions().get::<CspNonceSlot>().cloned();
    // Read before the render: a snapshot swapped in during it makes what it stores stale.
    let generation = cache.index.generation();
    if let Some(kept) = cache.get(&key, generation) {
        return kept.answer(slot.as_ref());
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(header::SET_COOKIE) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::warn!(%error, "a catalogue page could not be read for the page cache");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let nonce = slot.as_ref().and_then(|s| s.0.get()).cloned();
    cache.put(
        key,
        Kept {
            generation,
            stored: Instant::now(),
            content_type: parts.headers.get(header::CONTENT_TYPE).cloned(),
            pieces: cut(&bytes, nonce.as_deref().unwrap_or_default()),
            page: nonce.is_some(),
        },
    );
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_cut_at_every_nonce() {
        let body = Bytes::from_static(b"<script nonce=\"abc\">1</script><script nonce=\"abc\">2</script>");
        let pieces = cut(&body, "abc");
        assert_eq!(pieces.len(), 3);
        assert_eq!(
            pieces.concat(),
            b"<script nonce=\"\">1</script><script nonce=\"\">2</script>"
        );
        assert_eq!(cut(&Bytes::from_static(b"no scripts"), "abc").len(), 1);
        assert_eq!(cut(&Bytes::from_static(b"abc"), "abc").concat(), b"");
    }

    #[test]
    fn a_kept_page_gets_a_fresh_nonce_every_time() {
        let body = Bytes::from_static(b"<script nonce=\"old\">x</script>");
        let kept = Kept {
            generation: 0,
            stored: Instant::now(),
            content_type: None,
            pieces: cut(&body, "old"),
            page: true,
        };
        let first = CspNonceSlot::default();
        let second = CspNonceSlot::default();
        let _ = kept.answer(Some(&first));
        let _ = kept.answer(Some(&second));
        let (first, second) = (first.0.get().unwrap(), second.0.get().unwrap());
        assert_ne!(first, second);
        assert_ne!(first, "old");
        assert_eq!(first.len(), 24);
    }
}
