//! An employee record as the HR system sends it (`EmployeeJson`), parsed into an [`Employee`]
//! whose fields are the portal's own types, or into every problem found, each at its field.
use super::*;
use utoipa::{
    ToSchema,
    openapi::schema::{AnyOfBuilder, KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type},
};

/// The body of `PUT /api/v1/employees/{staff_code}` as it arrives. Every field is optional
/// here so that each missing one is named in the problem document; the OpenAPI schema states
/// what a valid body is.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = Employee)]
pub struct EmployeeJson {
    #[schema(required = true, value_type = String, min_length = 1, max_length = 200, pattern = r"\S", example = "Kari Nordmann")]
    pub name: Option<String>,
    /// 11 digits (fødselsnummer or D-nummer) with valid check digits; empty or null: none
    pub national_id: Option<String>,
    /// Empty or null: keep the current address
    #[schema(schema_with = email_or_empty)]
    pub work_email: Option<String>,
    /// 9 digits with a valid check digit
    #[schema(required = true, value_type = String, pattern = r"^\s*[0-9]{3}\s?[0-9]{3}\s?[0-9]{3}\s*$", example = "974760673")]
    pub employer_org_number: Option<String>,
    pub employer_name: Option<String>,
    /// Empty or null: not known
    #[schema(schema_with = date_or_empty)]
    pub employment_start: Option<String>,
    /// Empty or null: still employed
    #[schema(schema_with = date_or_empty)]
    pub employment_end: Option<String>,
    /// The unit the employee works in (made when new); empty or null: keep the current unit
    #[schema(schema_with = unit_code_or_empty)]
    pub unit_code: Option<String>,
    /// The unit's name (renames it); empty or null: keep it
    #[schema(value_type = Option<String>, max_length = 200, example = "Drift nord")]
    pub unit_name: Option<String>,
}

/// A value in `format` (an e-mail address, a date), an empty string, or null.
fn formatted_or_empty(format: KnownFormat) -> Schema {
    let text = |builder: ObjectBuilder| builder.schema_type(Type::String);
    AnyOfBuilder::new()
        .item(text(ObjectBuilder::new()).format(Some(SchemaFormat::KnownFormat(format))))
        .item(text(ObjectBuilder::new()).max_length(Some(0)))
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .into()
}

/// A unit code (`OPS-NORD`), an empty string, or null.
fn unit_code_or_empty() -> Schema {
    let code = ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(r"^[A-Za-z0-9._-]{1,40}$"))
        .examples(["OPS-NORD"]);
    AnyOfBuilder::new()
        .item(code)
        .item(ObjectBuilder::new().schema_type(Type::String).max_length(Some(0)))
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .into()
}

fn email_or_empty() -> Schema {
    formatted_or_empty(KnownFormat::Email)
}

fn date_or_empty() -> Schema {
    formatted_or_empty(KnownFormat::Date)
}

/// An employee as the HR feed describes them, every field parsed.
#[derive(Debug, Clone)]
pub struct Employee {
    pub staff_code: StaffCode,
    pub name: PersonName,
    pub national_id: Option<NationalId>,
    pub work_email: Option<Email>,
    pub employer: OrgNumber,
    pub employer_name: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub unit: Option<UnitCode>,
    pub unit_name: Option<String>,
}

/// One field the HR system must fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Issue {
    pub field: &'static str,
    pub message: String,
}

fn issue(field: &'static str, message: impl Into<String>) -> Issue {
    Issue {
        field,
        message: message.into(),
    }
}

fn date(field: &'static str, text: Option<&str>, issues: &mut Vec<Issue>) -> Option<NaiveDate> {
    let text = text.map(str::trim).filter(|t| !t.is_empty())?;
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(day) => Some(day),
        Err(_) => {
            issues.push(issue(
                field,
                "Datoen skrives ÅÅÅÅ-MM-DD, for eksempel 2025-08-01.",
            ));
            None
        }
    }
}

/// The unit named (its code, and the name given with it), or the problems at their fields.
fn unit(
    code: Option<String>,
    name: Option<String>,
    issues: &mut Vec<Issue>,
) -> (Option<UnitCode>, Option<String>) {
    let code = code.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
    let unit = code.as_deref().and_then(|t| {
        UnitCode::parse(t)
            .map_err(|e| issues.push(issue("unit_code", e.0)))
            .ok()
    });
    let name = name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
    if name.as_ref().is_some_and(|n| n.chars().count() > 200) {
        issues.push(issue("unit_name", "Navnet på enheten kan ha høyst 200 tegn."));
    }
    if name.is_some() && code.is_none() {
        issues.push(issue(
            "unit_code",
            "Enhetskoden mangler. Send koden sammen med navnet.",
        ));
    }
    (unit, name)
}

impl EmployeeJson {
    /// Every problem at once, so the HR system can fix them in one go.
    pub fn parse(self, staff_code: &str) -> Result<Employee, Vec<Issue>> {
        let mut issues = Vec::new();
        let staff_code = StaffCode::parse(staff_code)
            .map_err(|e| issues.push(issue("staff_code", e.0)))
            .ok();
        let name = match self.name.as_deref() {
            Some(name) => PersonName::parse(name)
                .map_err(|e| issues.push(issue("name", e.0)))
                .ok(),
            None => {
                issues.push(issue("name", "Navnet mangler."));
                None
            }
        };
        let national_id = self
            .national_id
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .and_then(|t| {
                NationalId::parse(t)
                    .map_err(|e| issues.push(issue("national_id", e.0)))
                    .ok()
            });
        let work_email = self
            .work_email
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .and_then(|t| {
                Email::parse(t)
                    .map_err(|e| issues.push(issue("work_email", e.0)))
                    .ok()
            });
        let employer = match self.employer_org_number.as_deref() {
            Some(number) => OrgNumber::parse(number)
                .map_err(|e| issues.push(issue("employer_org_number", e.0)))
                .ok(),
            None => {
                issues.push(issue(
                    "employer_org_number",
                    "Arbeidsgiverens organisasjonsnummer mangler.",
                ));
                None
            }
        };
        let employer_name = self
            .employer_name
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty());
        if employer_name.as_ref().is_some_and(|n| n.chars().count() > 200) {
            issues.push(issue(
                "employer_name",
                "Navnet på arbeidsgiveren kan ha høyst 200 tegn.",
            ));
        }
        let start = date("employment_start", self.employment_start.as_deref(), &mut issues);
        let end = date("employment_end", self.employment_end.as_deref(), &mut issues);
        if let (Some(start), Some(end)) = (start, end)
            && end < start
        {
            issues.push(issue(
                "employment_end",
                "Sluttdatoen kan ikke være før startdatoen.",
            ));
        }
        let (unit, unit_name) = unit(self.unit_code, self.unit_name, &mut issues);
        match (staff_code, name, employer) {
            (Some(staff_code), Some(name), Some(employer)) if issues.is_empty() => Ok(Employee {
                staff_code,
                name,
                national_id,
                work_email,
                employer,
                employer_name,
                start,
                end,
                unit,
                unit_name,
            }),
            _ => Err(issues),
        }
    }
}
