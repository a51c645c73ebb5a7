//! A CSV file an administrator uploads (the HR file, historic completions): UTF-8, comma or
//! semicolon, a heading line whose columns are known by their API names or the Norwegian
//! headings spreadsheets use. Everything wrong with the file as a whole is one message that
//! says what to do; what is wrong with a line is the caller's to name.
use app::messages::Message;
use std::collections::HashSet;

/// What a kind of file looks like.
pub struct Shape {
    /// Each column's name and the other headings it may have (lower case).
    pub columns: &'static [(&'static str, &'static [&'static str])],
    pub required: &'static [&'static str],
    pub max_bytes: usize,
    pub max_rows: usize,
    /// When there are more lines than `max_rows`.
    pub too_many: &'static str,
    /// When there is no line below the headings.
    pub no_lines: &'static str,
}

/// The file's columns in order and its lines: (line number, the trimmed cells).
pub struct Table {
    pub columns: Vec<&'static str>,
    pub lines: Vec<(u32, Vec<String>)>,
}

impl Shape {
    fn column(&self, heading: &str) -> Option<&'static str> {
        let heading = heading.trim().to_lowercase();
        self.columns
            .iter()
            .find(|(name, aliases)| *name == heading || aliases.contains(&heading.as_str()))
            .map(|(name, _)| *name)
    }

    /// Reads the file; an error here concerns the whole file.
    pub fn read(&self, text: &str) -> Result<Table, Message> {
        if text.len() > self.max_bytes {
            return Err(
                Message::new("Filen er for stor. Del den opp i filer på høyst {kb} kB.")
                    .arg("kb", self.max_bytes / 1000),
            );
        }
        if text.contains('\u{FFFD}') {
            return Err("Filen er ikke lagret som UTF-8. Velg «CSV UTF-8» når du lagrer den.".into());
        }
        let text = text.trim_start_matches('\u{FEFF}');
        let header_line = text.lines().next().unwrap_or_default();
        if header_line.trim().is_empty() {
            return Err("Filen er tom. Første linje skal være kolonneoverskriftene.".into());
        }
        let delimiter = if header_line.matches(';').count() > header_line.matches(',').count() {
            b';'
        } else {
            b','
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(false)
            .from_reader(text.as_bytes());
        let headings = reader
            .headers()
            .map_err(|e| Message::new("Overskriftslinjen kan ikke leses: {error}.").arg("error", e))?
            .clone();
        let mut columns = Vec::with_capacity(headings.len());
        let mut seen = HashSet::new();
        for heading in &headings {
            let Some(name) = self.column(heading) else {
                return Err(
                    Message::new("Ukjent kolonne «{column}». Kolonnene kan hete: {columns}.")
                        .arg("column", heading.trim())
                        .arg(
                            "columns",
                            self.columns
                                .iter()
                                .map(|(name, _)| *name)
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                );
            };
            if !seen.insert(name) {
                return Err(Message::new("Kolonnen «{column}» står to ganger.").arg("column", heading.trim()));
            }
            columns.push(name);
        }
        if let Some(missing) = self.required.iter().find(|r| !columns.contains(r)) {
            return Err(Message::new("Kolonnen «{column}» mangler.").arg("column", missing));
        }
        let mut lines = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| match e.kind() {
                csv::ErrorKind::UnequalLengths {
                    pos: Some(pos),
                    expected_len,
                    len,
                } => Message::new("Linje {line} har {len} felt, men overskriftene har {expected}.")
                    .arg("line", pos.line())
                    .arg("len", len)
                    .arg("expected", expected_len),
                _ => Message::new("Filen kan ikke leses: {error}.").arg("error", e),
            })?;
            if record.iter().all(|field| field.trim().is_empty()) {
                continue;
            }
            if lines.len() == self.max_rows {
                return Err(Message::new(self.too_many).arg("max", self.max_rows));
            }
            let line = record.position().map_or(0, |p| p.line() as u32);
            lines.push((line, record.iter().map(|cell| cell.trim().to_string()).collect()));
        }
        if lines.is_empty() {
            return Err(self.no_lines.into());
        }
        Ok(Table { columns, lines })
    }
}

impl Table {
    /// The cells of each line by column name (empty cells absent).
    pub fn rows(&self) -> impl Iterator<Item = (u32, Vec<(&'static str, &str)>)> + '_ {
        self.lines.iter().map(|(line, cells)| {
            let named = self
                .columns
                .iter()
                .zip(cells)
                .filter(|(_, value)| !value.is_empty())
                .map(|(name, value)| (*name, value.as_str()))
                .collect();
            (*line, named)
        })
    }
}
