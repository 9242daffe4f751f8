//! A report's tables as CSV, safe to open in a spreadsheet.

use super::view::{Cell, Table, unit_slug};
use crate::i18n::Tr;
use sangam_domain::metrics::{Figure, Unit};

/// A cell made safe for spreadsheets: a leading `=`, `+`, `-`, `@` (or tab / carriage return) would start a formula,
/// so such cells get a `'` in front; then quoted per RFC 4180.
pub fn csv_cell(s: &str) -> String {
    let neutral = match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    };
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// The unit as a CSV header writes it, after the label: `(count)`, `(%)`, `(s)`, `(INR)`.
fn csv_unit(t: &Tr, table: &Table, i: usize) -> Option<String> {
    let unit = table.unit_of(i)?;
    Some(match unit {
        Unit::Money => table
            .rows
            .iter()
            .find_map(|r| match r.get(i).and_then(|c| c.figure) {
                Some(Figure::Money { currency, .. }) => Some(currency.code().to_string()),
                _ => None,
            })
            .unwrap_or_else(|| "INR".into()),
        u => t.t(&format!("csv-unit-{}", unit_slug(u))),
    })
}

/// A figure as a spreadsheet reads it: a plain number in the unit the header names (percent without the sign,
/// durations in seconds, money in major units), no grouping; missing figures stay words so they never read as zero.
fn csv_value(cell: &Cell) -> String {
    match cell.figure {
        Some(Figure::Count(n)) => n.to_string(),
        Some(Figure::Percent(v)) => format!("{v:.4}"),
        Some(Figure::Duration(ms)) => (ms as f64 / 1000.0).round().to_string(),
        Some(Figure::Money { minor, .. }) => {
            let sign = if minor < 0 { "-" } else { "" };
            format!(
                "{sign}{}.{:02}",
                minor.unsigned_abs() / 100,
                minor.unsigned_abs() % 100
            )
        }
        Some(Figure::NotReported | Figure::NoData) | None => csv_cell(&cell.text),
    }
}

/// One table as CSV: a header row (label, catalogue id and unit) then the rows.
pub fn csv(t: &Tr, table: &Table) -> String {
    let mut out = String::new();
    let header: Vec<String> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut h = c.label.clone();
            if let Some(m) = c.metric {
                h.push_str(&format!(" [{m}]"));
            }
            if let Some(u) = csv_unit(t, table, i) {
                h.push_str(&format!(" ({u})"));
            }
            csv_cell(&h)
        })
        .collect();
    // A table whose columns mix units (one metric per row) says each row's unit in a last column instead.
    let per_row = table.mixed_units();
    out.push_str(&header.join(","));
    if per_row {
        out.push(',');
        out.push_str(&csv_cell(&t.t("csv-unit-column")));
    }
    out.push_str("\r\n");
    for row in &table.rows {
        // A benchmark's value cell keeps its words (the statistic); figures of our own are numbers.
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                if c.metric.is_some() {
                    csv_value(c)
                } else {
                    csv_cell(&c.text)
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        if per_row {
            let unit = row
                .iter()
                .filter(|c| c.metric.is_some())
                .find_map(|c| c.figure.and_then(Figure::unit));
            out.push(',');
            if let Some(u) = unit {
                out.push_str(&csv_cell(&t.t(&format!("csv-unit-{}", unit_slug(u)))));
            }
        }
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_formulas_are_neutralised() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-5"), "'-5");
        assert_eq!(csv_cell("@cmd"), "'@cmd");
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
    }
}
