//! JSON from a GET server function with the browser's own `fetch`, for islands.
//!
//! The server-function client brings its encoders and error types into the wasm of every
//! page that uses it; an island that only reads (suggestions, the employer search) calls the
//! function's GET address directly and reads the JSON. Every failure gives the default value:
//! the pages behind these islands also work without them.
use serde::de::DeserializeOwned;

/// The JSON answer of `GET url`, or `T::default()` on any failure.
#[cfg(feature = "hydrate")]
pub async fn get_json<T: DeserializeOwned + Default>(url: &str) -> T {
    use leptos::{prelude::window, wasm_bindgen::JsCast};
    use wasm_bindgen_futures::JsFuture;
    let Ok(answer) = JsFuture::from(window().fetch_with_str(url)).await else {
        return T::default();
    };
    let Ok(response) = answer.dyn_into::<web_sys::Response>() else {
        return T::default();
    };
    if !response.ok() {
        return T::default();
    }
    let Ok(body) = response.text() else {
        return T::default();
    };
    match JsFuture::from(body).await.ok().and_then(|body| body.as_string()) {
        Some(body) => serde_json::from_str(&body).unwrap_or_default(),
        None => T::default(),
    }
}

/// On the server islands do not fetch.
#[cfg(not(feature = "hydrate"))]
pub async fn get_json<T: DeserializeOwned + Default>(_url: &str) -> T {
    T::default()
}

/// `text` as a query-string value: unreserved characters as they are, every other byte `%XX`.
pub fn query_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::query_escape;

    #[test]
    fn queries_are_escaped_for_the_address() {
        assert_eq!(query_escape("e-læring 2"), "e-l%C3%A6ring%202");
        assert_eq!(query_escape("a&b=c?#"), "a%26b%3Dc%3F%23");
    }
}
