//! Parsing the course administrator's forms: every problem at once, each tied to its field.
use app::{
    accounts::fields::Email,
    catalogue::types::CourseKind,
    course_admin::types::{CourseForm, SessionForm},
    error::{AppError, FieldIssue},
    messages::Message,
};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Oslo;

/// A course as it will be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseDraft {
    pub code: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub agenda: String,
    pub prerequisites: String,
    pub target_group: String,
    pub kind: CourseKind,
    pub category_slug: String,
    pub duration: String,
    pub place: Option<String>,
    pub price_nok: Option<i32>,
    pub validity_months: Option<i32>,
    pub keywords: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: Option<String>,
    pub published: bool,
}

/// A session as it will be stored; times in UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionDraft {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub enrolment_deadline: DateTime<Utc>,
    pub place: String,
    pub capacity: i32,
    pub instructor_account_id: Option<i64>,
}

struct Issues(Vec<FieldIssue>);

impl Issues {
    fn add(&mut self, field: &str, message: impl Into<Message>) {
        self.0.push(FieldIssue {
            field: field.to_string(),
            message: message.into(),
        });
    }

    /// Trimmed text between `min` and `max` characters.
    fn text(&mut self, field: &str, value: &str, min: usize, max: usize, what: &'static str) -> String {
        let value = value.trim().to_string();
        let len = value.chars().count();
        if len < min {
            if min == 1 {
                self.add(field, Message::new("Skriv {what}.").arg_key("what", what));
            } else {
                let message = Message::new("{what} må ha minst {min} tegn.").arg_key("what", what);
                self.add(field, message.arg("min", min));
            }
        } else if len > max {
            let message = Message::new("{what} kan ha høyst {max} tegn.").arg_key("what", what);
            self.add(field, message.arg("max", max));
        }
        value
    }

    fn optional(&mut self, field: &str, value: &str, max: usize, what: &'static str) -> Option<String> {
        let value = self.text(field, value, 0, max, what);
        (!value.is_empty()).then_some(value)
    }

    fn number(
        &mut self,
        field: &str,
        value: &str,
        range: std::ops::RangeInclusive<i32>,
        what: &'static str,
    ) -> Option<i32> {
        let value = value.trim().replace([' ', '\u{a0}'], "");
        if value.is_empty() {
            return None;
        }
        match value.parse::<i32>() {
            Ok(n) if range.contains(&n) => Some(n),
            _ => {
                let message =
                    Message::new("{what} må være et helt tall fra {min} til {max}.").arg_key("what", what);
                self.add(field, message.arg("min", range.start()).arg("max", range.end()));
                None
            }
        }
    }

    fn finish<T>(self, value: T) -> Result<T, AppError> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(AppError::InvalidForm { fields: self.0 })
        }
    }
}

/// «SIK-100»: capital letters, digits and hyphens, 2 to 32 characters.
fn course_code(issues: &mut Issues, value: &str) -> String {
    let code = value.trim().to_uppercase();
    let fine = (2..=32).contains(&code.chars().count())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
        && !code.starts_with('-');
    if !fine {
        issues.add(
            "code",
            "Kurskoden kan ha 2–32 tegn: store bokstaver A–Z, sifre og bindestrek, for eksempel SIK-100.",
        );
    }
    code
}

pub fn parse_course(form: &CourseForm) -> Result<CourseDraft, AppError> {
    let mut issues = Issues(Vec::new());
    let code = course_code(&mut issues, &form.code);
    let title = issues.text("title", &form.title, 3, 200, "Tittelen");
    let summary = issues.text("summary", &form.summary, 1, 500, "en kort beskrivelse");
    let description = issues.text("description", &form.description, 1, 20_000, "en beskrivelse");
    let agenda = issues.text("agenda", &form.agenda, 0, 5_000, "Agendaen");
    let prerequisites = issues.text("prerequisites", &form.prerequisites, 0, 2_000, "Forkunnskapene");
    let target_group = issues.text("target_group", &form.target_group, 0, 2_000, "Målgruppen");
    let kind = CourseKind::parse(form.kind.trim());
    if kind.is_none() {
        issues.add("kind", "Velg type kurs.");
    }
    let category_slug = form.category.trim().to_string();
    if category_slug.is_empty() {
        issues.add("category", "Velg fagområde.");
    }
    let duration = issues.text(
        "duration",
        &form.duration,
        1,
        100,
        "varighet (for eksempel «1 dag»)",
    );
    let place = issues.optional("place", &form.place, 200, "Stedet");
    let price_nok = issues
        .number("price_nok", &form.price_nok, 0..=1_000_000, "Prisen")
        .filter(|p| *p > 0);
    let validity_months = issues.number("validity_months", &form.validity_months, 1..=240, "Gyldigheten");
    let keywords = issues.text("keywords", &form.keywords, 0, 1_000, "Søkeordene");
    let contact_name = issues.text(
        "contact_name",
        &form.contact_name,
        1,
        200,
        "navnet på kontaktpersonen",
    );
    let contact_email = match Email::parse(&form.contact_email) {
        Ok(email) => email.as_str().to_string(),
        Err(error) => {
            issues.add("contact_email", error.0);
            String::new()
        }
    };
    let contact_phone = issues.optional("contact_phone", &form.contact_phone, 40, "Telefonnummeret");
    issues.finish(CourseDraft {
        code,
        title,
        summary,
        description,
        agenda,
        prerequisites,
        target_group,
        kind: kind.unwrap_or(CourseKind::Classroom),
        category_slug,
        duration,
        place,
        price_nok,
        validity_months,
        keywords,
        contact_name,
        contact_email,
        contact_phone,
        published: form.published.is_some(),
    })
}

/// `2026-12-01T08:30` in Norwegian time → UTC.
fn local_time(issues: &mut Issues, field: &str, value: &str, what: &'static str) -> Option<DateTime<Utc>> {
    let value = value.trim();
    let parsed = NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S"))
        .ok()
        .and_then(|naive| Oslo.from_local_datetime(&naive).earliest())
        .map(|t| t.with_timezone(&Utc));
    if parsed.is_none() {
        issues.add(
            field,
            Message::new("Skriv {what} som dato og klokkeslett, for eksempel 2026-12-01T08:30.")
                .arg_key("what", what),
        );
    }
    parsed
}

pub fn parse_session(form: &SessionForm, now: DateTime<Utc>, is_new: bool) -> Result<SessionDraft, AppError> {
    let mut issues = Issues(Vec::new());
    let starts = local_time(&mut issues, "starts", &form.starts, "start");
    let ends = local_time(&mut issues, "ends", &form.ends, "slutt");
    let deadline = local_time(&mut issues, "deadline", &form.deadline, "påmeldingsfrist");
    if let (Some(starts), Some(ends)) = (starts, ends)
        && ends <= starts
    {
        issues.add("ends", "Slutt må være etter start.");
    }
    if let (Some(starts), Some(deadline)) = (starts, deadline)
        && deadline > starts
    {
        issues.add("deadline", "Påmeldingsfristen kan ikke være etter start.");
    }
    if is_new && starts.is_some_and(|s| s <= now) {
        issues.add("starts", "En ny kursenhet må starte fram i tid.");
    }
    let place = issues.text("place", &form.place, 1, 200, "sted");
    let capacity = issues.number("capacity", &form.capacity, 1..=1000, "Antall plasser");
    if capacity.is_none() && form.capacity.trim().is_empty() {
        issues.add("capacity", "Skriv antall plasser.");
    }
    let instructor_account_id = match form.instructor.trim() {
        "" => None,
        id => match id.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                issues.add("instructor", "Velg en instruktør fra listen.");
                None
            }
        },
    };
    let epoch = DateTime::<Utc>::default();
    issues.finish(SessionDraft {
        starts_at: starts.unwrap_or(epoch),
        ends_at: ends.unwrap_or(epoch),
        enrolment_deadline: deadline.unwrap_or(epoch),
        place,
        capacity: capacity.unwrap_or(0),
        instructor_account_id,
    })
}

/// A UTC time as the `datetime-local` value in Norwegian time.
pub fn local_input(at: DateTime<Utc>) -> String {
    at.with_timezone(&Oslo).format("%Y-%m-%dT%H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course() -> CourseForm {
        CourseForm {
            code: " sik-900 ".into(),
            title: "Sikkerhet i tunnel".into(),
            summary: "Kort".into(),
            description: "Lang tekst".into(),
            kind: "classroom".into(),
            category: "sikkerhet-spor".into(),
            duration: "1 dag".into(),
            price_nok: "4 500".into(),
            contact_name: "Kari".into(),
            contact_email: "kari@eksempel.no".into(),
            published: Some("on".into()),
            ..Default::default()
        }
    }

    fn fields(error: AppError) -> Vec<String> {
        match error {
            AppError::InvalidForm { fields } => fields.into_iter().map(|f| f.field).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_good_course_form_parses() {
        let draft = parse_course(&course()).unwrap();
        assert_eq!(draft.code, "SIK-900");
        assert_eq!(draft.price_nok, Some(4500));
        assert_eq!(draft.validity_months, None);
        assert!(draft.published);
    }

    #[test]
    fn every_problem_of_a_course_form_is_named() {
        let mut form = course();
        form.code = "sik 900!".into();
        form.kind = "webinar".into();
        form.price_nok = "gratis".into();
        form.contact_email = "kari".into();
        form.title = String::new();
        assert_eq!(
            fields(parse_course(&form).unwrap_err()),
            ["code", "title", "kind", "price_nok", "contact_email"]
        );
    }

    fn session(starts: &str, ends: &str, deadline: &str, capacity: &str) -> SessionForm {
        SessionForm {
            starts: starts.into(),
            ends: ends.into(),
            deadline: deadline.into(),
            place: "Oslo".into(),
            capacity: capacity.into(),
            instructor: String::new(),
        }
    }

    #[test]
    fn session_times_are_norwegian_time() {
        let now = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
        let draft = parse_session(
            &session("2026-12-01T08:30", "2026-12-01T15:30", "2026-11-28T23:59", "12"),
            now,
            true,
        )
        .unwrap();
        assert_eq!(
            draft.starts_at,
            Utc.with_ymd_and_hms(2026, 12, 1, 7, 30, 0).unwrap()
        );
        assert_eq!(local_input(draft.starts_at), "2026-12-01T08:30");
        assert_eq!(draft.capacity, 12);
    }

    #[test]
    fn session_rules_are_checked_together() {
        let now = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
        let bad = parse_session(
            &session("2026-12-01T08:30", "2026-12-01T08:00", "2026-12-02T00:00", "0"),
            now,
            true,
        );
        assert_eq!(fields(bad.unwrap_err()), ["ends", "deadline", "capacity"]);
        let past = parse_session(
            &session("2026-10-01T08:30", "2026-10-01T09:00", "2026-09-30T00:00", "5"),
            now,
            true,
        );
        assert_eq!(fields(past.unwrap_err()), ["starts"]);
        let garbage = parse_session(&session("i morgen", "", "", ""), now, true);
        assert_eq!(
            fields(garbage.unwrap_err()),
            ["starts", "ends", "deadline", "capacity"]
        );
    }
}
