//! The HR feed as a file: a CSV export from the HR system, uploaded in the admin area. Each
//! line becomes the same [`EmployeeJson`] the API takes, so one set of rules applies to both.
use super::{csv_file::Shape, employees::EmployeeJson};
use app::accounts::identity::CalendarDate;
use app::messages::Message;

pub use app::competence::types::HR_FILE_MAX_BYTES as MAX_BYTES;
/// Most employee lines in one file.
pub const MAX_ROWS: usize = 5_000;

/// One line of the file, not yet checked.
#[derive(Debug)]
pub struct Line {
    /// The line number in the file (the header is 1).
    pub line: u32,
    pub staff_code: String,
    pub employee: EmployeeJson,
}

/// The columns, by their API name and the Norwegian headings HR exports tend to use.
const SHAPE: Shape = Shape {
    columns: &[
        ("staff_code", &["ansattkode", "ansattnummer", "ansattnr"]),
        ("name", &["navn"]),
        ("national_id", &["fødselsnummer", "fodselsnummer", "fnr"]),
        ("work_email", &["e-post", "epost", "arbeidsepost"]),
        (
            "employer_org_number",
            &["organisasjonsnummer", "orgnr", "org.nr."],
        ),
        ("employer_name", &["arbeidsgiver"]),
        ("employment_start", &["startdato", "ansatt fra"]),
        ("employment_end", &["sluttdato", "ansatt til"]),
        ("unit_code", &["enhetskode", "enhet"]),
        ("unit_name", &["enhetsnavn"]),
    ],
    required: &["staff_code", "name", "employer_org_number"],
    max_bytes: MAX_BYTES,
    max_rows: MAX_ROWS,
    too_many: "Filen har mer enn {max} ansatte. Del den opp i flere filer.",
    no_lines: "Filen har ingen ansatte under overskriftslinjen.",
};

/// `31.12.2025` (as spreadsheets write dates) becomes `2025-12-31`, read by the same rules as
/// the forms' dates; anything else is left as is for the feed's own check to name.
pub fn iso_date(text: &str) -> String {
    CalendarDate::parse(text).map_or_else(|| text.trim().to_string(), CalendarDate::to_iso)
}

/// Reads the file; an error here concerns the whole file and says what to do about it.
pub fn read(text: &str) -> Result<Vec<Line>, Message> {
    let table = SHAPE.read(text)?;
    Ok(table
        .rows()
        .map(|(line, cells)| {
            let mut employee = EmployeeJson::default();
            let mut staff_code = String::new();
            for (name, value) in cells {
                let set = Some(value.to_string());
                match name {
                    "staff_code" => staff_code = value.to_string(),
                    "name" => employee.name = set,
                    "national_id" => employee.national_id = set,
                    "work_email" => employee.work_email = set,
                    "employer_org_number" => employee.employer_org_number = set,
                    "employer_name" => employee.employer_name = set,
                    "employment_start" => employee.employment_start = set.map(|d| iso_date(&d)),
                    "unit_code" => employee.unit_code = set,
                    "unit_name" => employee.unit_name = set,
                    _ => employee.employment_end = set.map(|d| iso_date(&d)),
                }
            }
            Line {
                line,
                staff_code,
                employee,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_names_or_norwegian_headings_comma_or_semicolon() {
        let comma = read("staff_code,name,employer_org_number\nKAR12,Kari Nordmann,974760673\n").unwrap();
        let semicolon = read(
            "\u{FEFF}Ansattnummer;Navn;Orgnr;Startdato\r\nkar12;\"Nordmann; Kari\";974760673;01.08.2025\r\n",
        )
        .unwrap();
        assert_eq!(comma[0].staff_code, "KAR12");
        assert_eq!(comma[0].line, 2);
        assert_eq!(semicolon[0].staff_code, "kar12");
        assert_eq!(semicolon[0].employee.name.as_deref(), Some("Nordmann; Kari"));
        assert_eq!(
            semicolon[0].employee.employment_start.as_deref(),
            Some("2025-08-01")
        );
    }

    #[test]
    fn blank_lines_are_skipped_and_empty_cells_are_absent() {
        let lines =
            read("staff_code,name,employer_org_number,work_email\nA1B2,Ola,974760673,\n,,,\n").unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].employee.work_email, None);
    }

    #[test]
    fn file_level_problems_are_explained() {
        let unknown = read("staff_code,name,employer_org_number,lønn\nA,B,C,D\n").unwrap_err();
        assert!(unknown.text().contains("Ukjent kolonne «lønn»"), "{unknown}");
        assert!(
            read("staff_code,name\nA,B\n")
                .unwrap_err()
                .text()
                .contains("employer_org_number")
        );
        assert!(read("").unwrap_err().text().contains("tom"));
        assert!(
            read("staff_code,name,employer_org_number\n")
                .unwrap_err()
                .text()
                .contains("ingen ansatte")
        );
        let short = read("staff_code,name,employer_org_number\nA,B\n").unwrap_err();
        assert!(short.text().contains("Linje 2 har 2 felt"), "{short}");
        assert!(
            read("staff_code,name,employer_org_number\nA,\u{FFFD},C\n")
                .unwrap_err()
                .text()
                .contains("UTF-8")
        );
        let twice = read("staff_code,ansattkode,name,employer_org_number\n").unwrap_err();
        assert!(twice.text().contains("to ganger"), "{twice}");
    }

    #[test]
    fn too_many_lines_or_bytes_are_refused() {
        let mut text = String::from("staff_code,name,employer_org_number\n");
        for n in 0..=MAX_ROWS {
            text.push_str(&format!("A{n},Navn,974760673\n"));
        }
        assert!(read(&text).unwrap_err().text().contains("mer enn"));
        assert!(
            read(&"x".repeat(MAX_BYTES + 1))
                .unwrap_err()
                .text()
                .contains("for stor")
        );
    }

    #[test]
    fn only_whole_dotted_dates_are_rewritten() {
        assert_eq!(iso_date("1.8.2025"), "2025-08-01");
        assert_eq!(iso_date("2025-08-01"), "2025-08-01");
        assert_eq!(iso_date("01.08.25"), "01.08.25");
    }
}

/// Property tests (issue 14): any file an administrator uploads is read or refused with a
/// message, never a panic; a well-formed file gives back exactly what it holds.
#[cfg(test)]
mod properties {
    use super::read;
    use proptest::prelude::*;

    /// One CSV field as a spreadsheet writes it: quoted when it holds the delimiter, a quote
    /// or a line break, quotes doubled.
    fn field(value: &str, delimiter: char) -> String {
        if value.contains([delimiter, '"', '\n', '\r']) {
            format!("\"{}\"", value.replace('"', "\"\""))
        } else {
            value.to_string()
        }
    }

    proptest! {
        #[test]
        fn no_file_makes_the_reader_panic(text in prop_oneof![
            any::<String>(),
            "(ansattkode|navn|orgnr|[;,\"\n ]|[a-zæøå0-9.]{1,8}){0,40}",
        ]) {
            if let Err(message) = read(&text) {
                prop_assert!(!message.text().is_empty());
            }
        }

        #[test]
        fn a_written_file_reads_back(
            rows in proptest::collection::vec(("[A-Z0-9]{4,6}", "[^\u{0}\r\n\u{FFFD}\u{FEFF}]{1,30}", "[0-9]{9}"), 1..20),
            semicolons in any::<bool>(),
        ) {
            let delimiter = if semicolons { ';' } else { ',' };
            let mut text = ["ansattkode", "navn", "orgnr"].join(&delimiter.to_string());
            for (code, name, org) in &rows {
                text.push('\n');
                text.push_str(&[field(code, delimiter), field(name, delimiter), field(org, delimiter)].join(&delimiter.to_string()));
            }
            let lines = read(&text).expect("a well-formed file");
            prop_assert_eq!(lines.len(), rows.len());
            for (line, (code, name, org)) in lines.iter().zip(&rows) {
                prop_assert_eq!(&line.staff_code, code);
                let name = Some(name.trim()).filter(|name| !name.is_empty());
                prop_assert_eq!(line.employee.name.as_deref(), name);
                prop_assert_eq!(line.employee.employer_org_number.as_deref(), Some(org.as_str()));
            }
        }
    }
}
