//! Lesson text: Markdown to HTML that is safe to put in the page. Raw HTML in the source is
//! shown as text, and links and images may only point at http(s), mail or the portal itself,
//! so a lesson can never carry a script.
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// A lesson sits under the page's `h1` and the lesson title's `h2`: its own `#` headings
/// start at `h3`, so the page keeps one outline.
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H3,
        HeadingLevel::H2 => HeadingLevel::H4,
        HeadingLevel::H3 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || (lower.starts_with('/') && !lower.starts_with("//"))
        || lower.starts_with('#')
}

fn clean(url: CowStr<'_>) -> CowStr<'_> {
    if safe_url(&url) {
        url
    } else {
        CowStr::Borrowed("#")
    }
}

/// The HTML of a lesson.
pub fn to_html(source: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(source, options).map(|event| match event {
        Event::Html(text) | Event::InlineHtml(text) => Event::Text(text),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: demote(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: clean(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: clean(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(source.len() * 2);
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html() {
        let html = to_html("# Sikkerhet\n\nHold **avstand** til sporet.\n\n- Én\n- To\n\n![Skilt](/media/4)");
        assert!(
            html.contains("<h3>Sikkerhet</h3>"),
            "the lesson's outline starts under its title: {html}"
        );
        assert!(to_html("## Under").contains("<h4>Under</h4>"));
        assert!(html.contains("<strong>avstand</strong>"));
        assert!(html.contains("<li>Én</li>"));
        assert!(html.contains(r#"<img src="/media/4" alt="Skilt" />"#), "{html}");
    }

    #[test]
    fn raw_html_and_script_urls_are_defused() {
        let html = to_html(
            "<script>alert(1)</script>\n\nHei <b onclick=\"x\">du</b> [klikk](javascript:alert(1)) ![x](data:image/png;base64,AAA)",
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<b "), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(to_html("[a](//evil.example)").contains(r##"href="#""##));
    }
}
