//! The player page on the content origin: the launch's state as JSON, the runtime, the player
//! script, and the SCO in a frame. Scripts come before the frame, so the API object exists
//! before the package looks for it.
use super::content::ContentState;
use crate::elearning::package::{ScormVersion, attempts::Opened};
use app::messages::Message;
use serde_json::json;

pub fn page(state: &ContentState, token: &str, opened: &Opened) -> String {
    let language = opened.language;
    let text = |key: &'static str| Message::new(key).in_language(language);
    let runtime = match opened.version {
        ScormVersion::Scorm12 => "scorm12.min.js",
        ScormVersion::Scorm2004(_) => "scorm2004.min.js",
    };
    let launch = json!({
        "version": if opened.version == ScormVersion::Scorm12 { "1.2" } else { "2004" },
        "commitUrl": format!("/spill/{token}/commit"),
        "cmi": opened.starting_data,
        "review": opened.attempt.completed_at.is_some(),
        "backUrl": format!("{}/kurs/{}/e-laering", state.portal_origin, percent_encode(&opened.course_code)),
        "texts": {
            "finished": text("Økta er lagret. Gå tilbake til kurset for å se hva som er registrert."),
            "back": text("Tilbake til kurset"),
            "notSaved": text("Framdriften ble ikke lagret. Sjekk nettforbindelsen; vi prøver igjen."),
        },
    });
    // `</script>` inside the JSON would end the element: every `<` is written as `\u003c`.
    let launch = launch.to_string().replace('<', "\\u003c");
    let href = frame_path(&opened.launch.href);
    let title = escape(&opened.item.title);
    let lang = language.code();
    format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"/spiller/player.css\"></head>\
         <body><p id=\"kp-status\" role=\"status\" hidden></p>\
         <script id=\"kp-launch\" type=\"application/json\">{launch}</script>\
         <script src=\"/spiller/{runtime}\"></script><script src=\"/spiller/player.js\"></script>\
         <iframe id=\"kp-sco\" title=\"{title}\" src=\"/c/{token}/{href}\" allow=\"fullscreen; autoplay\"></iframe>\
         </body></html>"
    )
}

/// The launch address of the SCO under `/c/{token}/`: each path segment percent-encoded, the
/// query and fragment the manifest gave kept as they are.
fn frame_path(href: &str) -> String {
    let split = href.find(['?', '#']).unwrap_or(href.len());
    let (path, rest) = href.split_at(split);
    let path = path.split('/').map(percent_encode).collect::<Vec<_>>().join("/");
    format!("{path}{}", escape(rest))
}

/// Every byte but the unreserved ones (RFC 3986) as `%XX`.
fn percent_encode(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_launch_path_is_encoded_and_its_query_kept() {
        assert_eq!(
            frame_path("shared/launchpage.html?content=playing&x=1#a"),
            "shared/launchpage.html?content=playing&amp;x=1#a"
        );
        assert_eq!(
            frame_path("my lesson/index æ.html"),
            "my%20lesson/index%20%C3%A6.html"
        );
    }
}
