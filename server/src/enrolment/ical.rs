//! iCalendar (RFC 5545) for one session: what the «Legg i kalender» link and the confirmation
//! mail point to, and the personal feed. Written with the `icalendar` crate (escaping, line
//! folding at 75 octets, CRLF); the UIDs are ours and stable (`kursenhet-{id}@{host}`), so a
//! second download or a feed refresh updates the event instead of adding one. Times are UTC.
use crate::entity::{course, session};
use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

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
    let mut calendar = Calendar::empty();
    for (key, value) in [
        ("VERSION", "2.0"),
        ("PRODID", "-//Kursportal//Kursportal//NO"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
    ] {
        calendar.append_property((key, value));
    }
    if let Some(name) = name {
        calendar.name(name);
    }
    for (course, session) in events {
        let page = format!("{public_url}/kurs/{}", course.code);
        calendar.push(
            Event::new()
                .uid(&format!("kursenhet-{}@{host}", session.id))
                .timestamp(now)
                .starts(session.starts_at)
                .ends(session.ends_at)
                .summary(&format!("{} ({})", course.title, course.code))
                .location(&session.place)
                .description(&format!("{}\n\n{page}", course.summary.replace("\r\n", "\n")))
                .url(&page)
                .status(if session.cancelled_at.is_some() {
                    EventStatus::Cancelled
                } else {
                    EventStatus::Confirmed
                })
                .done(),
        );
    }
    calendar.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> (course::Model, session::Model) {
        let at = |h: i64| DateTime::from_timestamp(1_800_000_000 + h * 3600, 0).unwrap();
        let course = course::Model {
            summary: "Første linje\r\nandre linje med æøå og en lang tekst som må brettes fordi den er over syttifem oktetter".into(),
            ..course::Model::sample(7, "SIK-100", "Sikkerhet på spor; grunnkurs, del 1")
        };
        let session = session::Model {
            id: 42,
            course_id: 7,
            starts_at: at(0),
            ends_at: at(7),
            place: "Drammen, Bragernes torg 1".into(),
            instructor: None,
            capacity: 10,
            enrolment_deadline: at(0),
            lock_version: 0,
            cancelled_at: None,
            created_at: at(0),
            instructor_account_id: None,
        };
        (course, session)
    }

    #[test]
    fn an_event_is_escaped_folded_stable_and_in_crlf() {
        let (course, mut session) = fixture();
        let now = DateTime::from_timestamp(0, 0).unwrap();
        let ics = calendar(
            &[(&course, &session)],
            "https://kurs.example.no",
            now,
            Some("Mine kurs"),
        );
        assert!(
            ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"),
            "{ics}"
        );
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
            assert!(!line.contains('\n'), "bare newline in {line:?}");
        }
        let unfolded = ics.replace("\r\n ", "");
        for expected in [
            "UID:kursenhet-42@kurs.example.no",
            "DTSTAMP:19700101T000000Z",
            "DTSTART:20270115T080000Z",
            "DTEND:20270115T150000Z",
            "SUMMARY:Sikkerhet på spor\\; grunnkurs\\, del 1 (SIK-100)",
            "LOCATION:Drammen\\, Bragernes torg 1",
            "DESCRIPTION:Første linje\\nandre linje",
            "URL:https://kurs.example.no/kurs/SIK-100",
            "STATUS:CONFIRMED",
            "X-WR-CALNAME:Mine kurs",
            "PRODID:-//Kursportal//Kursportal//NO",
        ] {
            assert!(unfolded.contains(expected), "{expected} missing from {unfolded}");
        }
        session.cancelled_at = Some(now);
        let cancelled = session_ics(&course, &session, "https://kurs.example.no", now);
        assert!(
            cancelled.contains("STATUS:CANCELLED") && cancelled.contains("UID:kursenhet-42@kurs.example.no")
        );
    }
}
