//! `GET /admin/kurs/{code}/bestillinger.csv`: the orders of a priced e-learning course for
//! invoicing, for course administrators.
use super::{
    participants::{cell, employer_confirmed, spreadsheet},
    refused,
};
use crate::http::state::AppState;
use app::elearning::types::OrderLine;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};

/// Semicolon-separated with a byte-order mark, like the participant lists.
pub fn orders_csv(orders: &[OrderLine]) -> String {
    let mut out = String::from(
        "\u{feff}Navn;E-post;Bestilt;Pris (NOK);Arbeidsgiver;Organisasjonsnummer;Arbeidsgiver bekreftet;Fakturareferanse\r\n",
    );
    for order in orders {
        let row = [
            cell(&order.name),
            cell(&order.email),
            cell(&order.ordered_at),
            cell(&order.price_nok.to_string()),
            cell(order.employer.as_deref().unwrap_or("")),
            cell(order.employer_org_number.as_deref().unwrap_or("")),
            cell(employer_confirmed(
                order.employer.is_some(),
                order.employer_confirmed,
            )),
            cell(order.invoice_reference.as_deref().unwrap_or("")),
        ];
        out.push_str(&row.join(";"));
        out.push_str("\r\n");
    }
    out
}

pub async fn course_orders_csv(
    State(state): State<AppState>,
    Path(code): Path<String>,
    visitor: tower_sessions::Session,
) -> Response {
    let Ok(Some(who)) = app::services::caller_of(&visitor, &state.services).await else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let code = code.trim().to_uppercase();
    match state.services.elearning.orders(who, &code).await {
        Ok(orders) => {
            // The code named a course, so it is letters, digits and hyphens.
            spreadsheet(format!("bestillinger-{code}.csv"), orders_csv(&orders))
        }
        Err(error) => refused(&error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_row_names_whom_to_invoice_and_whether_confirmed() {
        let order = OrderLine {
            name: "Kari Nordmann".into(),
            email: "kari@example.no".into(),
            ordered_at: "01.12.2026 kl. 12:00".into(),
            price_nok: 1900,
            employer: Some("Bane Bygg AS".into()),
            employer_org_number: Some("974760673".into()),
            employer_confirmed: false,
            invoice_reference: Some("=PO 77".into()),
        };
        let csv = orders_csv(&[order]);
        let row = csv.lines().nth(1).unwrap();
        assert_eq!(
            row,
            "\"Kari Nordmann\";\"kari@example.no\";\"01.12.2026 kl. 12:00\";\"1900\";\"Bane Bygg AS\";\"974760673\";\"Nei\";\"'=PO 77\""
        );
    }
}
