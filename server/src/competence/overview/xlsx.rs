//! «Kompetanseoversikt» as an Excel workbook (`GET /kompetanse.xlsx`): the rows of
//! [`super::Export`], written by rust_xlsxwriter in constant-memory mode (each row goes to a
//! temporary file as it is written, so memory holds one batch of people whatever the size),
//! saved to a temporary file that the response then streams.
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use tokio::sync::mpsc::Receiver;

/// Writes every batch the receiver gets into one sheet (headings bold, frozen with the names);
/// returns the saved workbook. Blocking: run it with `spawn_blocking`.
pub fn write(mut batches: Receiver<Vec<Vec<String>>>) -> Result<tempfile::NamedTempFile, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name("Kompetanseoversikt")?;
    sheet.set_freeze_panes(1, 1)?;
    // Before any row: in constant-memory mode the column widths are written first.
    sheet.set_column_width(0, 28)?;
    let mut row: u32 = 0;
    while let Some(rows) = batches.blocking_recv() {
        for cells in rows {
            for (column, value) in cells.iter().enumerate() {
                let column = u16::try_from(column).map_err(|_| XlsxError::RowColumnLimitError)?;
                if value.is_empty() {
                    continue;
                }
                if row == 0 {
                    sheet.write_string_with_format(row, column, value, &bold)?;
                } else {
                    sheet.write_string(row, column, value)?;
                }
            }
            row += 1;
        }
    }
    let file = tempfile::NamedTempFile::new()?;
    workbook.save(file.path())?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_batch_becomes_rows_of_one_sheet() {
        let (sender, receiver) = tokio::sync::mpsc::channel(4);
        sender
            .try_send(vec![vec!["Navn".to_string(), "SIK-100".to_string()]])
            .unwrap();
        sender
            .try_send(vec![
                vec!["Anne Ansatt".to_string(), "Gyldig".to_string()],
                vec!["Arne Ansatt".to_string(), String::new()],
            ])
            .unwrap();
        drop(sender);
        let file = write(receiver).unwrap();
        let bytes = std::fs::read(file.path()).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut sheet = String::new();
        std::io::Read::read_to_string(
            &mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut sheet,
        )
        .unwrap();
        let mut shared = String::new();
        if let Ok(mut strings) = archive.by_name("xl/sharedStrings.xml") {
            std::io::Read::read_to_string(&mut strings, &mut shared).unwrap();
        }
        let text = format!("{sheet}{shared}");
        for expected in ["Navn", "SIK-100", "Anne Ansatt", "Gyldig", "Arne Ansatt"] {
            assert!(text.contains(expected), "{expected} in {text}");
        }
        assert!(sheet.contains("r=\"3\""), "three rows: {sheet}");
    }
}
