//! Response headers every answer carries, and the Origin check of state-changing requests.
use app::{error::AppError, services::CspNonceSlot, ui::layout::LANGUAGE_COOKIE};
use axum::{
    extract::{Request, State},
    http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

const FIXED: [(HeaderName, &str); 4] = [
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
    (
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=()",
    ),
];

/// For answers that are not pages.
const STRICT_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// A page's policy: scripts only from here or with this response's nonce, wasm allowed, frames
/// only from the content origin (`frames`, where packages play).
pub fn page_policy(nonce: &str, frames: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; frame-src {frames}; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The language chosen with «Bokmål / Nynorsk / English», if any: `nb`, `nn` or `en` from the cookie.
fn chosen_language(headers: &HeaderMap) -> Option<&'static str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().strip_prefix(LANGUAGE_COOKIE)?.strip_prefix('='))
        .find_map(|lang| app::messages::Language::parse(lang).map(app::messages::Language::code))
}

/// Pages are in Norwegian unless the person chose a language: leptos_i18n picks the locale from
/// `Accept-Language`, so the browser's own is replaced by the choice in the cookie (or removed,
/// which gives the default). The browser's islands follow `<html lang>`, so the wasm needs no
/// cookie code.
pub async fn language_from_choice(mut request: Request, next: Next) -> Response {
    let chosen = chosen_language(request.headers());
    let headers = request.headers_mut();
    headers.remove(header::ACCEPT_LANGUAGE);
    if let Some(lang) = chosen {
        headers.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static(lang));
    }
    next.run(request).await
}

/// How the portal is reached.
#[derive(Clone, Debug)]
pub struct Transport {
    /// The public URL is https: browsers are told to use nothing else (HSTS).
    pub https: bool,
    /// The content origin, the only source of frames.
    pub frames: std::sync::Arc<str>,
}

/// A year, with subdomains: what the HSTS preload list asks for.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Whether the handler itself allowed the browser (and only the browser) to keep the answer.
fn kept_privately(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::CACHE_CONTROL)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("private"))
}

/// Security headers on every response. Pages and API answers can hold personal data, so
/// nothing but the compiled assets and static files may be cached, except in the browser
/// where a handler says `private` (lesson images).
pub async fn add_headers(State(transport): State<Transport>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let is_asset = path.starts_with("/pkg/");
    let is_static_file = path.rsplit('/').next().is_some_and(|last| last.contains('.'));
    let nonce_slot = CspNonceSlot::default();
    request.extensions_mut().insert(nonce_slot.clone());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in FIXED {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    }
    if transport.https {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    let policy = match nonce_slot.0.get() {
        Some(nonce) => HeaderValue::from_str(&page_policy(nonce, &transport.frames)).ok(),
        None => None,
    };
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        policy.unwrap_or(HeaderValue::from_static(STRICT_CSP)),
    );
    if is_asset {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    } else if !is_static_file && !kept_privately(headers) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// The host part of an Origin header value (`https://kurs.example.no:443` → `kurs.example.no:443`).
fn origin_host(origin: &str) -> Option<&str> {
    origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .map(|rest| rest.trim_end_matches('/'))
}

/// Whether a state-changing request, or any call of a server function, comes from a page of
/// this portal. Browsers send Origin on every cross-origin POST and on every cross-origin
/// fetch; without it, Fetch Metadata tells a cross-site request apart. A page on another origin
/// (a package on the content origin, say) can therefore neither change anything nor call a
/// server function, even where the browser sends it the portal's cookie.
pub fn same_origin(method: &Method, path: &str, headers: &HeaderMap) -> bool {
    let server_function = path.starts_with("/api/") && !path.starts_with("/api/v1/");
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) && !server_function {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match headers.get(header::ORIGIN).map(|v| v.to_str().ok()) {
        Some(Some(origin)) => origin_host(origin).is_some() && origin_host(origin) == host,
        Some(None) => false,
        None => !matches!(
            headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()),
            Some("cross-site" | "same-site")
        ),
    }
}

/// Refuses state-changing requests from other sites (CSRF) with 403.
pub async fn check_origin(request: Request, next: Next) -> Response {
    if same_origin(request.method(), request.uri().path(), request.headers()) {
        return next.run(request).await;
    }
    tracing::warn!(method = %request.method(), "cross-origin request refused");
    let body = serde_json::to_string(&AppError::Forbidden).unwrap_or_default();
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn the_language_comes_from_the_choice_never_from_the_browser() {
        assert_eq!(
            chosen_language(&headers(&[("cookie", "a=1; i18n_pref_locale=en; b=2")])),
            Some("en")
        );
        assert_eq!(
            chosen_language(&headers(&[("cookie", "i18n_pref_locale=nb")])),
            Some("nb")
        );
        assert_eq!(
            chosen_language(&headers(&[("cookie", "i18n_pref_locale=nn")])),
            Some("nn")
        );
        assert_eq!(
            chosen_language(&headers(&[("cookie", "i18n_pref_locale=de")])),
            None
        );
        assert_eq!(chosen_language(&headers(&[("accept-language", "en-GB")])), None);
    }

    #[test]
    fn posts_from_our_own_pages_pass() {
        let ours = headers(&[("host", "kurs.example.no"), ("origin", "https://kurs.example.no")]);
        assert!(same_origin(&Method::POST, "/", &ours));
        let no_origin = headers(&[("host", "kurs.example.no")]);
        assert!(same_origin(&Method::POST, "/", &no_origin), "non-browser clients");
    }

    #[test]
    fn posts_from_other_sites_are_refused() {
        let other = headers(&[("host", "kurs.example.no"), ("origin", "https://evil.example")]);
        assert!(!same_origin(&Method::POST, "/", &other));
        let null = headers(&[("host", "kurs.example.no"), ("origin", "null")]);
        assert!(!same_origin(&Method::POST, "/", &null));
        let fetch_meta = headers(&[("host", "kurs.example.no"), ("sec-fetch-site", "cross-site")]);
        assert!(!same_origin(&Method::POST, "/", &fetch_meta));
        assert!(
            same_origin(&Method::GET, "/kurs", &other),
            "reading is not changing"
        );
        assert!(
            !same_origin(&Method::GET, "/api/load_player", &other),
            "a server function is called from our pages only"
        );
        let content = headers(&[("host", "127.0.0.1:3000"), ("origin", "http://localhost:4000")]);
        assert!(!same_origin(&Method::GET, "/api/load_player", &content));
        assert!(!same_origin(&Method::POST, "/api/save", &content));
        assert!(
            same_origin(&Method::GET, "/api/v1/competence/transfers", &content),
            "the integration API answers its clients by their keys"
        );
    }
}
