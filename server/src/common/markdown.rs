//! Lesson text and help answers: Markdown to HTML that is safe to put in the page. Raw HTML in
//! the source is shown as text, and links and images may only point at http(s), mail or the
//! portal itself, so a lesson or an answer can never carry a script.
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// A lesson sits under the page's `h1` and the lesson title's `h2`: whatever level its
/// author started at, its top headings become `h3` and the rest follow in order, so the
/// page keeps one outline.
fn shift(level: HeadingLevel, by: usize) -> HeadingLevel {
    match (level as usize + by).min(6) {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
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

/// The HTML of a lesson: its headings start at `h3` (under the page's and the lesson's title).
pub fn to_html(source: &str) -> String {
    to_html_from(source, 3)
}

/// The text of a Markdown source without its markup (a search result's excerpt).
pub fn to_plain_text(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for event in Parser::new(source) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableCell,
            ) if !out.is_empty() && !out.ends_with(' ') => out.push(' '),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// The HTML of a Markdown text whose top headings become `h{top}` and the rest follow in order.
pub fn to_html_from(source: &str, top_level: usize) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let top = Parser::new_ext(source, options)
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { level, .. }) => Some(level as usize),
            _ => None,
        })
        .min()
        .unwrap_or(top_level);
    let by = top_level.saturating_sub(top);
    let events = Parser::new_ext(source, options).map(|event| match event {
        Event::Html(text) | Event::InlineHtml(text) => Event::Text(text),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: shift(level, by),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shift(level, by))),
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
        assert!(
            to_html("## Under").contains("<h3>Under</h3>"),
            "whatever level the author starts at"
        );
        let nested = to_html("## Del\n\n### Punkt\n\n# Stor");
        assert!(
            nested.contains("<h4>Del</h4>")
                && nested.contains("<h5>Punkt</h5>")
                && nested.contains("<h3>Stor</h3>"),
            "{nested}"
        );
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

/// Property tests (issue 14): whatever a course administrator types, the lesson renders and
/// carries no script. `./kursportal.sh fuzz` runs a million cases.
#[cfg(test)]
mod properties {
    use super::to_html;
    use proptest::prelude::*;

    /// Markdown-ish text: the syntax characters, HTML and dangerous addresses mixed in.
    fn lesson() -> impl Strategy<Value = String> {
        let pieces = prop_oneof![
            any::<String>(),
            Just("<script>alert(1)</script>".to_string()),
            Just("[x](javascript:alert(1))".to_string()),
            Just("![x](data:text/html,<script>)".to_string()),
            Just("<img src=x onerror=alert(1)>".to_string()),
            Just("[x]( JaVaScRiPt:alert(1))".to_string()),
            "[#*_`>\\[\\]()!|~ \n-]{0,12}",
        ];
        proptest::collection::vec(pieces, 0..8).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn any_lesson_renders_without_script(source in lesson()) {
            let html = to_html(&source).to_ascii_lowercase();
            // Raw HTML arrives as text (`&lt;script`), addresses only as http(s), mail or the portal's.
            prop_assert!(!html.contains("<script") && !html.contains("<img src=x"), "{}", html);
            prop_assert!(!html.contains("href=\"javascript") && !html.contains("src=\"javascript"), "{}", html);
            prop_assert!(!html.contains("href=\"data:") && !html.contains("src=\"data:"), "{}", html);
        }
    }
}
