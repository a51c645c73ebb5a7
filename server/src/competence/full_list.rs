//! An HR file as the full list of one employer's employees: HR systems export everyone every
//! night, and whoever is missing has left. The administrator names the employer and the last
//! working day of those missing; the preview lists each of them with that day before anything
//! is saved, and applying ends their employment as the API's end call does.
use super::employees::{FeedError, Source, end_in};
use crate::{
    common::time,
    entity::{account, company},
};
use app::{
    accounts::identity::{CalendarDate, OrgNumber},
    competence::types::{FullList, ImportAction, ImportRow},
    error::{AppError, FieldIssue},
};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashSet;

/// A full list whose employer is known and whose day reads.
pub struct FullListChecked {
    pub employer: company::Model,
    pub last_day: NaiveDate,
}

impl FullListChecked {
    /// As the report gives it back to the form (digits, ISO date).
    pub fn echo(&self) -> FullList {
        FullList {
            employer: self.employer.org_number.clone(),
            last_day: self.last_day.to_string(),
        }
    }
}

/// The form's full-list choice, checked; every field to fix is named.
pub async fn check<C: ConnectionTrait>(
    conn: &C,
    form: Option<FullList>,
) -> Result<Option<FullListChecked>, AppError> {
    let Some(form) = form else {
        return Ok(None);
    };
    let mut fields = Vec::new();
    let mut employer = None;
    match OrgNumber::parse(&form.employer) {
        Ok(number) => {
            employer = company::Entity::find()
                .filter(company::Column::OrgNumber.eq(number.as_str()))
                .one(conn)
                .await?;
            if employer.is_none() {
                fields.push(FieldIssue {
                    field: "employer".into(),
                    message: "Ingen arbeidsgiver i portalen har dette organisasjonsnummeret.".into(),
                });
            }
        }
        Err(error) => fields.push(FieldIssue {
            field: "employer".into(),
            message: error.0.into(),
        }),
    }
    let last_day =
        CalendarDate::parse(&form.last_day).and_then(|d| NaiveDate::from_ymd_opt(d.year, d.month, d.day));
    if last_day.is_none() {
        fields.push(FieldIssue {
            field: "last_day".into(),
            message: "Datoen skrives DD.MM.ÅÅÅÅ eller ÅÅÅÅ-MM-DD.".into(),
        });
    }
    match (employer, last_day) {
        (Some(employer), Some(last_day)) if fields.is_empty() => {
            Ok(Some(FullListChecked { employer, last_day }))
        }
        _ => Err(AppError::InvalidForm { fields }),
    }
}

/// Whether a line's employer (as written) is another than the list's.
pub fn other_employer(written: Option<&str>, list: &str) -> bool {
    written
        .and_then(|text| OrgNumber::parse(text).ok())
        .is_some_and(|number| number.as_str() != list)
}

/// Ends the employment of the employer's employees whom the file does not list (those whose
/// employment already ends by the list's day are left as they are); one row each.
pub async fn end_missing<C: ConnectionTrait>(
    conn: &C,
    admin: i64,
    list: &FullListChecked,
    rows: &[ImportRow],
) -> Result<Vec<ImportRow>, AppError> {
    let listed: HashSet<&str> = rows.iter().map(|row| row.staff_code.as_str()).collect();
    let employees = account::Entity::find()
        .filter(account::Column::EmployerId.eq(list.employer.id))
        .filter(account::Column::StaffCode.is_not_null())
        .filter(account::Column::MergedInto.is_null())
        .filter(
            Condition::any()
                .add(account::Column::EmploymentEnd.is_null())
                .add(account::Column::EmploymentEnd.gt(list.last_day)),
        )
        .order_by_asc(account::Column::StaffCode)
        .all(conn)
        .await?;
    let mut ended = Vec::new();
    for person in employees {
        let code = person.staff_code.clone().unwrap_or_default();
        if listed.contains(code.as_str()) {
            continue;
        }
        let name = person.full_name.clone();
        end_in(conn, Source::Admin(admin), person, list.last_day)
            .await
            .map_err(|error| match error {
                FeedError::Database(error) => AppError::fault(error),
                _ => AppError::fault("the end of an employment was refused"),
            })?;
        ended.push(ImportRow {
            line: 0,
            staff_code: code,
            name,
            action: ImportAction::End,
            changes: Vec::new(),
            merges: None,
            ends: Some(time::day(list.last_day)),
            errors: Vec::new(),
        });
    }
    Ok(ended)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_of_another_employer_is_told_apart() {
        assert!(other_employer(Some("923609016"), "974760673"));
        assert!(!other_employer(Some("974 760 673"), "974760673"));
        assert!(
            !other_employer(None, "974760673"),
            "no employer on the line is the feed's own error"
        );
    }
}
