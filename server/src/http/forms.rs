//! Forms posted as pages: the answer to a form a browser posts to a server function without
//! JavaScript (or from a part of a page that is not an island) is the page the form was on,
//! rendered by the server with the function's answer and with what was typed.
//!
//! A server function answers a script with JSON. A browser that posts a form asks for
//! `text/html`; for it, this layer runs the function as a script would, then renders the page
//! named by the `Referer` (same origin only) with [`PostedForm`] in the request's extensions:
//! the page's actions hold the answer (`app::ui::forms::form_action`) and its fields what was
//! typed. A function that sends the browser on (`leptos_axum::redirect`) is answered `303 See
//! Other` to that address. Failed submissions keep the error's status (400, 409 …).
use app::ui::forms::PostedForm;
use axum::{
    Router,
    body::Body,
    extract::{Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use tower::ServiceExt;

/// The largest form body taken; axum refuses larger requests before this anyway.
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// Whether a request is a browser posting a form to a server function as a page.
fn is_form_page_post(request: &Request) -> bool {
    let header_has = |name: header::HeaderName, needle: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains(needle))
    };
    request.method() == Method::POST
        && request.uri().path().starts_with("/api/")
        && header_has(header::ACCEPT, "text/html")
        && header_has(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
}

/// The field every form carries with the address of the page it is on (`app::ui::forms::PageField`).
const PAGE_FIELD: &str = "__page";

/// The page named by the form itself, when it is a path of ours.
fn named_page(values: &[(String, String)]) -> Option<String> {
    let (_, page) = values.iter().find(|(key, _)| key == PAGE_FIELD)?;
    (page.starts_with('/') && !page.starts_with("//") && !page.starts_with("/api/")).then(|| page.clone())
}

/// The path and query of the page the form was on: the Referer when it is one of ours, else `/`.
fn page_of(request: &Request) -> String {
    let host = request.headers().get(header::HOST).and_then(|v| v.to_str().ok());
    let referer = request
        .headers()
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok());
    let same_origin = |url: &str| -> Option<String> {
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))?;
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        (Some(authority) == host && !path.starts_with("/api/")).then(|| path.to_string())
    };
    match referer.and_then(same_origin) {
        Some(path) if path.starts_with('/') && !path.starts_with("//") => path,
        _ => "/".to_string(),
    }
}

pub async fn answer_with_page(State(pages): State<Router>, request: Request, next: Next) -> Response {
    if !is_form_page_post(&request) {
        return next.run(request).await;
    }
    let referer = page_of(&request);
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_FORM_BYTES).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "the form is too large").into_response();
    };
    let mut values: Vec<(String, String)> = form_urlencoded::parse(&bytes).into_owned().collect();
    let page = named_page(&values).unwrap_or(referer);
    values.retain(|(key, _)| key != PAGE_FIELD);
    let bytes = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&values)
        .finish();

    // Run the function as a script would, so that it answers with its JSON.
    let mut call = Request::from_parts(parts.clone(), Body::from(bytes));
    call.headers_mut()
        .insert(header::ACCEPT, HeaderValue::from_static("application/json"));
    let mut answer = next.run(call).await;
    if answer.headers().contains_key(header::LOCATION) {
        // Sent on (with any cookie the function set): the browser follows with a GET.
        *answer.status_mut() = StatusCode::SEE_OTHER;
        answer.headers_mut().remove("serverfnredirect");
        let (parts, _) = answer.into_parts();
        return Response::from_parts(parts, Body::empty());
    }
    let status = answer.status();
    let Ok(body) = axum::body::to_bytes(answer.into_body(), MAX_FORM_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let posted = PostedForm {
        path: parts.uri.path().to_string(),
        ok: status.is_success(),
        body: String::from_utf8_lossy(&body).into_owned(),
        values,
    };

    // The page, rendered for the same visitor (cookies, session, nonce slot) with the answer.
    let mut render = Request::builder().method(Method::GET).uri(page.as_str());
    for (name, value) in &parts.headers {
        if matches!(*name, header::CONTENT_TYPE | header::CONTENT_LENGTH) {
            continue;
        }
        render = render.header(name, value);
    }
    let Ok(mut render) = render.body(Body::empty()) else {
        return Redirect::to("/").into_response();
    };
    *render.extensions_mut() = parts.extensions.clone();
    render.extensions_mut().insert(posted);
    let mut response = match pages.oneshot(render).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    if !status.is_success() && response.status().is_success() {
        *response.status_mut() = status;
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(headers: &[(&'static str, &'static str)]) -> Request {
        let mut request = Request::builder().method(Method::POST).uri("/api/accounts/login");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.body(Body::empty()).unwrap()
    }

    #[test]
    fn only_browser_form_posts_to_server_functions_are_pages() {
        let browser = [
            ("accept", "text/html,application/xhtml+xml"),
            ("content-type", "application/x-www-form-urlencoded"),
        ];
        assert!(is_form_page_post(&post(&browser)));
        let script = [
            ("accept", "application/json"),
            ("content-type", "application/x-www-form-urlencoded"),
        ];
        assert!(!is_form_page_post(&post(&script)));
    }

    #[test]
    fn the_page_is_the_referer_only_when_it_is_ours() {
        let ours = post(&[
            ("host", "kurs.example.no"),
            ("referer", "https://kurs.example.no/logg-inn?sso=av"),
        ]);
        assert_eq!(page_of(&ours), "/logg-inn?sso=av");
        let theirs = post(&[
            ("host", "kurs.example.no"),
            ("referer", "https://evil.example/logg-inn"),
        ]);
        assert_eq!(page_of(&theirs), "/");
        let api = post(&[
            ("host", "kurs.example.no"),
            ("referer", "https://kurs.example.no/api/accounts/login"),
        ]);
        assert_eq!(page_of(&api), "/");
        assert_eq!(page_of(&post(&[("host", "kurs.example.no")])), "/");
    }

    #[test]
    fn a_form_names_its_page_only_with_a_path_of_ours() {
        let named = |page: &str| named_page(&[("__page".to_string(), page.to_string())]);
        assert_eq!(named("/kurs/SIK-100?x=1"), Some("/kurs/SIK-100?x=1".into()));
        assert_eq!(named("//evil.example/"), None);
        assert_eq!(named("https://evil.example/"), None);
        assert_eq!(named("/api/accounts/login"), None);
        assert_eq!(named_page(&[]), None);
    }
}
