//! `GET /admin/kursenhet/{id}/deltakere.csv`: the participant list for a spreadsheet, with the
//! same access rule as the page (course administrators, or the session's instructor).
use crate::http::{refused, state::AppState};
use app::course_admin::types::SessionRoster;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};

/// One CSV cell, always quoted (a spreadsheet set to split at commas then still sees one
/// cell), with a leading =, +, - or @ defused so that it is not run as a formula.
pub fn cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    format!("\"{}\"", value.replace('"', "\"\""))
}

/// «Arbeidsgiver bekreftet»: «Nei» when the person chose the employer and its HR feed has not
/// (yet) named them; empty without an employer.
pub fn employer_confirmed(has_employer: bool, confirmed: bool) -> &'static str {
    match (has_employer, confirmed) {
        (false, _) => "",
        (true, true) => "Ja",
        (true, false) => "Nei",
    }
}

/// Semicolon-separated with a byte-order mark: what Norwegian Excel opens correctly.
pub fn roster_csv(roster: &SessionRoster) -> String {
    let mut out = String::from(
        "\u{feff}Navn;E-post;Status;Plass i kø;Arbeidsgiver;Arbeidsgiver bekreftet;Fakturareferanse;Sist endret\r\n",
    );
    for p in &roster.participants {
        let status = if p.waiting_position.is_some() {
            "Venteliste"
        } else {
            "Påmeldt"
        };
        let row = [
            cell(&p.name),
            cell(&p.email),
            cell(status),
            cell(&p.waiting_position.map(|n| n.to_string()).unwrap_or_default()),
            cell(p.employer.as_deref().unwrap_or("")),
            cell(employer_confirmed(p.employer.is_some(), p.employer_confirmed)),
            cell(p.invoice_reference.as_deref().unwrap_or("")),
            cell(&p.since),
        ];
        out.push_str(&row.join(";"));
        out.push_str("\r\n");
    }
    out
}

pub async fn participants_csv(
    State(state): State<AppState>,
    Path(id): Path<String>,
    visitor: tower_sessions::Session,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok(Some(who)) = app::services::caller_of(&visitor, &state.services).await else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    match state.services.course_admin.roster(who, id).await {
        Ok(roster) => spreadsheet(
            format!(
                "deltakere-{}-{}.csv",
                roster.session.course_code, roster.session.id
            ),
            roster_csv(&roster),
        ),
        Err(error) => refused(&error),
    }
}

/// A CSV file to save: never kept by a cache on the way.
pub fn spreadsheet(file_name: String, body: String) -> Response {
    super::attachment("text/csv; charset=utf-8", &file_name, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("Kari Nordmann"), "\"Kari Nordmann\"");
        assert_eq!(cell("A; B"), "\"A; B\"");
        assert_eq!(cell("Sa \"hei\";"), "\"Sa \"\"hei\"\";\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("-5"), "\"'-5\"");
        assert_eq!(
            cell("Kari,=HYPERLINK(\"x\")"),
            "\"Kari,=HYPERLINK(\"\"x\"\")\"",
            "one cell at commas too"
        );
    }
}
