//! iCalendar (RFC 5545) for one session: what the «Legg i kalender» link and the confirmation
//! mail point to.
use crate::entity::{course, session};
use chrono::{DateTime, Utc};

/// Escapes text for an iCalendar value.
fn text(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Folds a content line at 75 octets, as the standard asks (continuation lines start with a space).
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
    out
}

/// One VEVENT in a VCALENDAR, with a stable UID so a second download updates the first.
pub fn session_ics(
    course: &course::Model,
    session: &session::Model,
    public_url: &str,
    now: DateTime<Utc>,
) -> String {
    calendar(&[(course, session)], public_url, now, None)
}

/// The MIME type and file name of a session's calendar file.
pub fn attachment(
    course: &course::Model,
    session: &session::Model,
    public_url: &str,
) -> crate::mail::Attachment {
    crate::mail::Attachment {
        name: format!("{}-{}.ics", course.code, session.id),
        content_type: "text/calendar; charset=utf-8; method=PUBLISH".to_string(),
        body: session_ics(course, session, public_url, Utc::now()),
    }
}

/// A VCALENDAR with one VEVENT per session (the personal feed holds all of a learner's).
pub fn calendar(
    events: &[(&course::Model, &session::Model)],
    public_url: &str,
    now: DateTime<Utc>,
    name: Option<&str>,
) -> String {
    let host = public_url
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .split(['/', ':'])
        .next()
        .unwrap_or("kursportal");
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Kursportal//Kursportal//NO".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
    ];
    if let Some(name) = name {
        lines.push(format!("X-WR-CALNAME:{}", text(name)));
    }
    for (course, session) in events {
        let status = if session.cancelled_at.is_some() {
            "CANCELLED"
        } else {
            "CONFIRMED"
        };
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:kursenhet-{}@{host}", session.id),
            format!("DTSTAMP:{}", stamp(now)),
            format!("DTSTART:{}", stamp(session.starts_at)),
            format!("DTEND:{}", stamp(session.ends_at)),
            format!("SUMMARY:{}", text(&format!("{} ({})", course.title, course.code))),
            format!("LOCATION:{}", text(&session.place)),
            format!(
                "DESCRIPTION:{}",
                text(&format!(
                    "{}\n\n{public_url}/kurs/{}",
                    course.summary, course.code
                ))
            ),
            format!("URL:{public_url}/kurs/{}", course.code),
            format!("STATUS:{status}"),
            "END:VEVENT".to_string(),
        ]);
    }
    lines.push("END:VCALENDAR".to_string());
    lines.iter().map(|l| fold(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_escaped_folded_and_end_in_crlf() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let long = format!("DESCRIPTION:{}", "æ".repeat(60));
        let folded = fold(&long);
        assert!(folded.ends_with("\r\n"));
        for line in folded.trim_end_matches("\r\n").split("\r\n") {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        assert_eq!(folded.replace("\r\n ", "").trim_end(), long);
        assert_eq!(stamp(DateTime::from_timestamp(0, 0).unwrap()), "19700101T000000Z");
    }
}
