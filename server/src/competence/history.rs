//! Historic completions: a CSV file from the system the organisation used before, imported by
//! an administrator with the HR file's dry-run preview. Each line names a person (staff code,
//! national ID or e-mail), a course, the day it was completed, optionally its last valid day,
//! result and source. A line becomes a completion with a kursbevis, marked `import` with its
//! source, that counts for requirements like any other; the same person, course and day again
//! corrects that completion's validity or result instead (a `corrected` event in the feed).
//! Imported completions go to the competence register only when the administrator asks.
use super::csv_file::Shape;
use crate::{
    accounts::national_id::Vault,
    common::time,
    entity::{account, completion, course},
    learning::rules,
};
use app::{
    accounts::{
        fields::Email,
        identity::{CalendarDate, NationalId, StaffCode},
    },
    competence::types::{HISTORY_FILE_MAX_BYTES, HistoryAction, HistoryRow},
    error::FieldIssue,
    messages::Message,
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set, sea_query::Expr,
};
use std::collections::HashMap;

/// Most lines in one file.
pub const MAX_ROWS: usize = 10_000;

const SHAPE: Shape = Shape {
    columns: &[
        ("staff_code", &["ansattkode", "ansattnummer", "ansattnr"]),
        ("national_id", &["fødselsnummer", "fodselsnummer", "fnr"]),
        ("email", &["e-post", "epost"]),
        ("course_code", &["kurskode", "kurs"]),
        ("completed_on", &["fullført", "fullfort", "dato"]),
        ("valid_until", &["gyldig til", "gyldig_til", "utløper"]),
        ("result", &["resultat"]),
        ("source", &["kilde", "system"]),
    ],
    required: &["course_code", "completed_on"],
    max_bytes: HISTORY_FILE_MAX_BYTES,
    max_rows: MAX_ROWS,
    too_many: "Filen har mer enn {max} linjer. Del den opp i flere filer.",
    no_lines: "Filen har ingen gjennomføringer under overskriftslinjen.",
};

/// One line of the file, not yet checked.
#[derive(Debug, Default, Clone)]
pub struct Line {
    pub line: u32,
    pub staff_code: Option<String>,
    pub national_id: Option<String>,
    pub email: Option<String>,
    pub course_code: Option<String>,
    pub completed_on: Option<String>,
    pub valid_until: Option<String>,
    pub result: Option<String>,
    pub source: Option<String>,
}

/// Reads the file; an error here concerns the whole file.
pub fn read(text: &str) -> Result<Vec<Line>, Message> {
    let table = SHAPE.read(text)?;
    if !["staff_code", "national_id", "email"]
        .iter()
        .any(|who| table.columns.contains(who))
    {
        return Err(
            "Filen må ha en kolonne som sier hvem det gjelder: staff_code, national_id eller email.".into(),
        );
    }
    Ok(table
        .rows()
        .map(|(number, cells)| {
            let mut line = Line {
                line: number,
                ..Line::default()
            };
            for (name, value) in cells {
                let value = Some(value.to_string());
                match name {
                    "staff_code" => line.staff_code = value,
                    "national_id" => line.national_id = value,
                    "email" => line.email = value,
                    "course_code" => line.course_code = value,
                    "completed_on" => line.completed_on = value,
                    "valid_until" => line.valid_until = value,
                    "result" => line.result = value,
                    _ => line.source = value,
                }
            }
            line
        })
        .collect())
}

fn issue(field: &str, message: impl Into<Message>) -> FieldIssue {
    FieldIssue {
        field: field.into(),
        message: message.into(),
    }
}

/// A day as the line writes it (`31.12.2025` or `2025-12-31`).
fn date(field: &str, text: &str, errors: &mut Vec<FieldIssue>) -> Option<NaiveDate> {
    let parsed = CalendarDate::parse(text).and_then(|d| NaiveDate::from_ymd_opt(d.year, d.month, d.day));
    if parsed.is_none() {
        errors.push(issue(field, "Datoen skrives DD.MM.ÅÅÅÅ eller ÅÅÅÅ-MM-DD."));
    }
    parsed
}

/// Puts the lines of one file into a transaction (which a preview rolls back).
pub struct Importer<'a, C> {
    pub conn: &'a C,
    pub vault: &'a Vault,
    pub admin: i64,
    pub to_register: bool,
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
    /// (person, course, day) → the line that had it first.
    seen: HashMap<(i64, i64, NaiveDate), u32>,
    courses: HashMap<String, Option<course::Model>>,
}

impl<'a, C: ConnectionTrait> Importer<'a, C> {
    pub fn new(conn: &'a C, vault: &'a Vault, admin: i64, to_register: bool) -> Self {
        Self {
            conn,
            vault,
            admin,
            to_register,
            today: time::today(),
            now: Utc::now(),
            seen: HashMap::new(),
            courses: HashMap::new(),
        }
    }

    /// One line: refused with its field issues, or put in with what it did.
    pub async fn line(&mut self, line: Line) -> Result<HistoryRow, DbErr> {
        let mut errors = Vec::new();
        let person = self.person(&line, &mut errors).await?;
        let course = self.course(line.course_code.as_deref(), &mut errors).await?;
        let completed_on = match line.completed_on.as_deref() {
            None => {
                errors.push(issue("completed_on", "Skriv datoen kurset ble fullført."));
                None
            }
            Some(text) => date("completed_on", text, &mut errors).filter(|day| {
                let past = *day <= self.today;
                if !past {
                    errors.push(issue("completed_on", "Datoen kan ikke være fram i tid."));
                }
                past
            }),
        };
        let given_until = line
            .valid_until
            .as_deref()
            .and_then(|text| date("valid_until", text, &mut errors));
        if let (Some(until), Some(on)) = (given_until, completed_on)
            && until < on
        {
            errors.push(issue(
                "valid_until",
                "«Gyldig til» kan ikke være før datoen kurset ble fullført.",
            ));
        }
        let result = line.result.clone().unwrap_or_else(|| "Bestått".into());
        if result.chars().count() > 100 {
            errors.push(issue("result", "Resultatet kan være høyst 100 tegn."));
        }
        if line.source.as_ref().is_some_and(|s| s.chars().count() > 100) {
            errors.push(issue("source", "Kilden kan være høyst 100 tegn."));
        }
        let mut row = HistoryRow {
            line: line.line,
            person: person
                .as_ref()
                .map_or_else(|| who(&line), |p| p.full_name.clone()),
            course_code: course.as_ref().map_or_else(
                || line.course_code.clone().unwrap_or_default(),
                |c| c.code.clone(),
            ),
            completed_on: completed_on.map(time::day),
            valid_until: None,
            action: HistoryAction::Invalid,
            changes: Vec::new(),
            errors,
        };
        let (Some(person), Some(course), Some(completed_on)) = (person, course, completed_on) else {
            return Ok(row);
        };
        if !row.errors.is_empty() {
            return Ok(row);
        }
        if let Some(first) = self.seen.get(&(person.id, course.id, completed_on)) {
            row.errors.push(issue(
                "completed_on",
                Message::new("Samme person, kurs og dato står også på linje {line}.").arg("line", first),
            ));
            return Ok(row);
        }
        self.seen.insert((person.id, course.id, completed_on), line.line);
        let valid_until = given_until.or_else(|| rules::valid_until(completed_on, course.validity_months));
        row.valid_until = valid_until.map(time::day);
        let held = completion::Entity::find()
            .filter(completion::Column::AccountId.eq(person.id))
            .filter(completion::Column::CourseId.eq(course.id))
            .filter(completion::Column::CompletedOn.eq(completed_on))
            .filter(completion::Column::RevokedAt.is_null())
            .one(self.conn)
            .await?;
        match held {
            Some(held) => {
                if held.valid_until != valid_until {
                    row.changes.push("valid_until".into());
                }
                if held.result != result {
                    row.changes.push("result".into());
                }
                row.action = if row.changes.is_empty() {
                    HistoryAction::Unchanged
                } else {
                    self.correct(held, valid_until, result).await?;
                    HistoryAction::Correct
                };
            }
            None => {
                self.create(&person, &course, completed_on, valid_until, result, line.source)
                    .await?;
                row.action = HistoryAction::Create;
            }
        }
        Ok(row)
    }

    /// The person the line names; every identifier given must name the same one.
    async fn person(
        &self,
        line: &Line,
        errors: &mut Vec<FieldIssue>,
    ) -> Result<Option<account::Model>, DbErr> {
        let mut found: Vec<(&str, Option<account::Model>)> = Vec::new();
        if let Some(text) = &line.staff_code {
            match StaffCode::parse(text) {
                Ok(code) => found.push((
                    "staff_code",
                    self.one(account::Column::StaffCode.eq(code.as_str())).await?,
                )),
                Err(e) => errors.push(issue("staff_code", e.0)),
            }
        }
        if let Some(text) = &line.national_id {
            match NationalId::parse(text) {
                Ok(id) => found.push((
                    "national_id",
                    self.one(account::Column::NationalIdKey.eq(self.vault.national_id_key(&id)))
                        .await?,
                )),
                Err(e) => errors.push(issue("national_id", e.0)),
            }
        }
        if let Some(text) = &line.email {
            match Email::parse(text) {
                Ok(email) => found.push((
                    "email",
                    self.one(account::Column::Email.eq(email.as_str())).await?,
                )),
                Err(e) => errors.push(issue("email", e.0)),
            }
        }
        if found.is_empty() {
            if errors.is_empty() {
                errors.push(issue(
                    "staff_code",
                    "Linjen sier ikke hvem det gjelder: fyll inn ansattkode, fødselsnummer eller e-post.",
                ));
            }
            return Ok(None);
        }
        for (field, person) in &found {
            if person.is_none() {
                errors.push(issue(field, "Ingen person i portalen har dette."));
            }
        }
        let people: Vec<&account::Model> = found.iter().filter_map(|(_, p)| p.as_ref()).collect();
        if people.windows(2).any(|pair| pair[0].id != pair[1].id) {
            errors.push(issue(
                found[0].0,
                "Ansattkoden, fødselsnummeret og e-posten på linjen er ikke samme person.",
            ));
        }
        if !errors.is_empty() {
            return Ok(None);
        }
        Ok(people.first().map(|p| (*p).clone()))
    }

    async fn one(&self, condition: sea_orm::sea_query::SimpleExpr) -> Result<Option<account::Model>, DbErr> {
        account::Entity::find()
            .filter(condition)
            .filter(account::Column::MergedInto.is_null())
            .one(self.conn)
            .await
    }

    async fn course(
        &mut self,
        code: Option<&str>,
        errors: &mut Vec<FieldIssue>,
    ) -> Result<Option<course::Model>, DbErr> {
        let Some(code) = code.map(str::to_uppercase) else {
            errors.push(issue("course_code", "Skriv kurskoden."));
            return Ok(None);
        };
        if !self.courses.contains_key(&code) {
            let found = course::Entity::find()
                .filter(course::Column::Code.eq(code.as_str()))
                .one(self.conn)
                .await?;
            self.courses.insert(code.clone(), found);
        }
        let found = self.courses.get(&code).cloned().flatten();
        if found.is_none() {
            errors.push(issue(
                "course_code",
                Message::new("Ingen kurs har koden «{code}».").arg("code", &code),
            ));
        }
        Ok(found)
    }

    async fn create(
        &self,
        person: &account::Model,
        course: &course::Model,
        completed_on: NaiveDate,
        valid_until: Option<NaiveDate>,
        result: String,
        source: Option<String>,
    ) -> Result<(), DbErr> {
        completion::ActiveModel {
            account_id: Set(person.id),
            course_id: Set(course.id),
            enrolment_id: Set(None),
            completed_on: Set(completed_on),
            result: Set(result),
            score: Set(None),
            source: Set(completion::SOURCE_IMPORT.into()),
            valid_until: Set(valid_until),
            expired_at: Set(None),
            certificate_code: Set(rules::CertificateCode::generate().as_str().to_string()),
            revoked_at: Set(None),
            revoked_reason: Set(None),
            recorded_by: Set(Some(self.admin)),
            created_at: Set(self.now),
            revision: Set(0),
            corrected_at: Set(None),
            imported_from: Set(source),
            to_register: Set(self.to_register),
            ..Default::default()
        }
        .insert(self.conn)
        .await?;
        Ok(())
    }

    /// A new revision of a completion; its expiry is marked again by the validity job.
    async fn correct(
        &self,
        held: completion::Model,
        valid_until: Option<NaiveDate>,
        result: String,
    ) -> Result<(), DbErr> {
        completion::Entity::update_many()
            .col_expr(completion::Column::ValidUntil, Expr::value(valid_until))
            .col_expr(completion::Column::Result, Expr::value(result))
            .col_expr(completion::Column::Revision, Expr::value(held.revision + 1))
            .col_expr(completion::Column::CorrectedAt, Expr::value(self.now))
            .col_expr(
                completion::Column::ExpiredAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(completion::Column::Id.eq(held.id))
            .exec(self.conn)
            .await?;
        Ok(())
    }
}

/// What the line said about who, for a line whose person was not found: the staff code or
/// the e-mail, never the national ID.
fn who(line: &Line) -> String {
    line.staff_code
        .clone()
        .or_else(|| line.email.clone())
        .unwrap_or_else(|| "–".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_says_who_by_one_column_or_more() {
        let lines = read("Ansattkode;Kurskode;Fullført;Gyldig til;Kilde\nKAR12;sik-100;01.02.2024;01.02.2026;Gammelt LMS\n").unwrap();
        assert_eq!(lines[0].staff_code.as_deref(), Some("KAR12"));
        assert_eq!(lines[0].course_code.as_deref(), Some("sik-100"));
        assert_eq!(lines[0].completed_on.as_deref(), Some("01.02.2024"));
        assert_eq!(lines[0].source.as_deref(), Some("Gammelt LMS"));
        assert_eq!(lines[0].line, 2);
        let nobody = read("course_code,completed_on\nSIK-100,2024-01-01\n").unwrap_err();
        assert!(nobody.text().contains("hvem det gjelder"), "{nobody}");
        assert!(
            read("email,course_code\n")
                .unwrap_err()
                .text()
                .contains("completed_on")
        );
        assert!(
            read("email,course_code,completed_on\n")
                .unwrap_err()
                .text()
                .contains("ingen gjennomføringer")
        );
    }

    #[test]
    fn dates_are_read_as_people_write_them() {
        let mut errors = Vec::new();
        assert_eq!(
            date("completed_on", "29.02.2024", &mut errors),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(
            date("completed_on", "2024-02-29", &mut errors),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert!(errors.is_empty());
        assert_eq!(date("valid_until", "29.02.2023", &mut errors), None);
        assert_eq!(errors[0].field, "valid_until");
    }
}
