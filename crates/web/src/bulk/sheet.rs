//! Reading a bulk upload: a CSV file, or rows pasted from a spreadsheet (tab-separated), into rows of named cells
//! with the line each starts on. Only the shape is checked here (size, row count, known columns); what a cell means
//! is checked row by row in [`super::actions`].

use crate::error::AppError;
use sangam_domain::{ErrorCode, NetworkKind};

/// The most rows one upload may hold.
pub const MAX_ROWS: usize = 1_000;
/// The largest sheet read (text only; images come apart).
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Text,
    Profiles,
    Time,
    Zone,
    Tags,
    Campaign,
    Image,
    ImageAlt,
    /// `text_<network>`: that network's own wording.
    Variant(NetworkKind),
}

impl Column {
    fn parse(name: &str) -> Option<Column> {
        let name = name
            .trim()
            .trim_start_matches('\u{feff}')
            .to_ascii_lowercase();
        Some(match name.as_str() {
            "text" => Column::Text,
            "profiles" => Column::Profiles,
            "time" => Column::Time,
            "zone" | "time_zone" => Column::Zone,
            "tags" => Column::Tags,
            "campaign" => Column::Campaign,
            "image" => Column::Image,
            "image_alt" => Column::ImageAlt,
            other => Column::Variant(NetworkKind::parse(other.strip_prefix("text_")?)?),
        })
    }
}

/// One row: the line of the file it starts on (the header is line 1) and its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: u64,
    cells: Vec<(Column, String)>,
}

impl Row {
    /// The cell of `column`, trimmed; empty when the row has none.
    pub fn get(&self, column: Column) -> &str {
        self.cells
            .iter()
            .find(|(c, _)| *c == column)
            .map_or("", |(_, v)| v.trim())
    }

    /// The variant cells that hold text.
    pub fn variants(&self) -> impl Iterator<Item = (NetworkKind, &str)> {
        self.cells.iter().filter_map(|(c, v)| match c {
            Column::Variant(n) if !v.trim().is_empty() => Some((*n, v.trim())),
            _ => None,
        })
    }
}

/// The rows of `text`: comma-separated, or tab-separated when the header line holds a tab (a spreadsheet's paste).
/// Blank lines are skipped.
pub fn read(text: &str) -> Result<Vec<Row>, AppError> {
    if text.len() > MAX_BYTES {
        return Err(AppError::refuse(ErrorCode::BulkFileTooLarge)
            .with("size", sangam_domain::post::human_bytes(text.len()))
            .with("limit", sangam_domain::post::human_bytes(MAX_BYTES)));
    }
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = if first.contains('\t') { b'\t' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let unreadable = |line: u64| AppError::refuse(ErrorCode::BulkFileUnreadable).with("line", line);
    let headers = reader.headers().map_err(|_| unreadable(1))?.clone();
    let mut columns = Vec::with_capacity(headers.len());
    for name in headers.iter() {
        if name.trim().is_empty() {
            columns.push(None);
            continue;
        }
        let column = Column::parse(name).ok_or_else(|| {
            AppError::refuse(ErrorCode::BulkColumnUnknown).with("column", name.trim())
        })?;
        columns.push(Some(column));
    }
    for needed in [(Column::Text, "text"), (Column::Profiles, "profiles")] {
        if !columns.contains(&Some(needed.0)) {
            return Err(AppError::refuse(ErrorCode::BulkColumnMissing).with("column", needed.1));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record =
            record.map_err(|e| unreadable(e.position().map_or(0, |p| line_at(text, p.byte()))))?;
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        rows.push(Row {
            line: record.position().map_or(0, |p| line_at(text, p.byte())),
            cells: columns
                .iter()
                .zip(record.iter())
                .filter_map(|(c, v)| c.map(|c| (c, v.to_string())))
                .collect(),
        });
        if rows.len() > MAX_ROWS {
            return Err(AppError::refuse(ErrorCode::BulkTooManyRows).with("max", MAX_ROWS));
        }
    }
    if rows.is_empty() {
        return Err(AppError::refuse(ErrorCode::BulkNoRows));
    }
    Ok(rows)
}

/// The line of `text` (from 1) that byte `at` stands on, counting every line a text editor shows.
fn line_at(text: &str, at: u64) -> u64 {
    let mut at = usize::try_from(at).unwrap_or(usize::MAX).min(text.len());
    // The reader's position of a record starts at the blank lines it skipped before it.
    while matches!(text.as_bytes().get(at), Some(b'\n' | b'\r')) {
        at += 1;
    }
    let newlines = text.as_bytes()[..at]
        .iter()
        .filter(|b| **b == b'\n')
        .count();
    u64::try_from(newlines).unwrap_or(u64::MAX) + 1
}

/// The downloadable template: every column, and two rows showing how they are filled, for `handles` (the
/// workspace's profiles).
pub fn template(handles: &[String]) -> String {
    let first = handles.first().map_or("acme", String::as_str);
    let both = handles
        .iter()
        .take(2)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(";");
    let both = if both.is_empty() { first } else { &both };
    let mut out = csv::Writer::from_writer(Vec::new());
    let rows: [[&str; 10]; 3] = [
        [
            "text",
            "profiles",
            "time",
            "zone",
            "tags",
            "campaign",
            "image",
            "image_alt",
            "text_bluesky",
            "text_mastodon",
        ],
        [
            "Our winter blend is back: chai spice and a hint of orange.",
            both,
            "2030-01-06 09:30",
            "Asia/Kolkata",
            "winter;blend",
            "winter-launch",
            "https://example.com/winter.jpg",
            "A cup of chai beside oranges",
            "Winter blend is back ☕",
            "",
        ],
        [
            "Left empty, the time takes the profile's next free queue time.",
            first,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
    ];
    for row in rows {
        // Writing to memory cannot fail.
        let _ = out.write_record(row);
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_row_keeps_its_line_and_quoted_commas_and_newlines() {
        let rows = read("text,profiles,time,text_bluesky\n\"Hello, world\nsecond line\",acme;other,2030-01-01 09:00,Hi\n\nBye,acme,,\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].get(Column::Text), "Hello, world\nsecond line");
        assert_eq!(rows[0].get(Column::Profiles), "acme;other");
        assert_eq!(
            rows[0].variants().collect::<Vec<_>>(),
            vec![(NetworkKind::Bluesky, "Hi")]
        );
        assert_eq!(rows[1].line, 5);
        assert_eq!(rows[1].get(Column::Time), "");
    }

    #[test]
    fn a_spreadsheet_paste_is_read_by_its_tabs() {
        let rows = read("Text\tProfiles\tTags\nHello, there\tacme\ta,b\n").unwrap();
        assert_eq!(rows[0].get(Column::Text), "Hello, there");
        assert_eq!(rows[0].get(Column::Tags), "a,b");
    }

    #[test]
    fn the_shape_of_a_sheet_is_refused_with_a_code() {
        let code = |t: &str| read(t).unwrap_err().code();
        assert_eq!(code("text,profile\nx,y\n"), ErrorCode::BulkColumnUnknown);
        assert_eq!(code("text,tags\nx,y\n"), ErrorCode::BulkColumnMissing);
        assert_eq!(code("text,profiles\n\n"), ErrorCode::BulkNoRows);
        let many = format!("text,profiles\n{}", "x,acme\n".repeat(MAX_ROWS + 1));
        assert_eq!(code(&many), ErrorCode::BulkTooManyRows);
        let huge = format!("text,profiles\n{}", "x".repeat(MAX_BYTES));
        assert_eq!(code(&huge), ErrorCode::BulkFileTooLarge);
        assert!(read(&format!("text,profiles\n{}", "x,acme\n".repeat(MAX_ROWS))).is_ok());
    }

    #[test]
    fn the_template_reads_back_as_a_sheet() {
        let rows = read(&template(&["acme".into(), "acme_in".into()])).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].get(Column::Profiles), "acme;acme_in");
        assert_eq!(rows[0].get(Column::Campaign), "winter-launch");
    }
}
