//! A team's own labelled file for its workspace's model (`sangam model train --workspace ID --csv FILE`): a CSV with
//! a header, a `text` column and a `label` column. Unlike the research sets, every row must say plainly whether it is
//! abusive, and every row that does not is reported with its line, so nothing is learned from a half-read file.

use crate::error::TextError;
use std::path::Path;

/// Labels that mean abusive (case-insensitive).
pub const ABUSIVE: &[&str] = &["1", "yes", "true", "abusive", "abuse"];
/// Labels that mean not abusive (case-insensitive).
pub const NOT_ABUSIVE: &[&str] = &[
    "0",
    "no",
    "false",
    "not abusive",
    "not_abusive",
    "ok",
    "clean",
];

/// At most this many row problems are reported (the count of all is given too).
pub const MAX_REPORTED: usize = 20;

fn label(value: &str) -> Option<bool> {
    let v = value.trim().to_lowercase();
    if ABUSIVE.contains(&v.as_str()) {
        Some(true)
    } else if NOT_ABUSIVE.contains(&v.as_str()) {
        Some(false)
    } else {
        None
    }
}

/// The rows of a team's CSV as (text, abusive), in the file's order. Fails with [`TextError::BadRows`] listing every
/// row without text or with a label that is neither abusive nor not (line numbers as an editor shows them, the
/// header being line 1), with [`TextError::MissingColumn`] when `text` or `label` is not in the header.
pub fn read_team_csv(path: &Path) -> Result<Vec<(String, bool)>, TextError> {
    if !path.exists() {
        return Err(TextError::FileMissing(path.to_path_buf()));
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| csv_error(path, e))?;
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(path, e))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| TextError::MissingColumn {
                path: path.to_path_buf(),
                column: name.to_owned(),
                available: header.join(", "),
            })
    };
    let (text_at, label_at) = (column("text")?, column("label")?);
    let mut rows = Vec::new();
    let mut problems: Vec<(u64, String)> = Vec::new();
    let mut bad = 0usize;
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(path, e))?;
        let line = record.position().map_or(0, |p| p.line());
        let text = record.get(text_at).unwrap_or("").trim();
        let value = record.get(label_at).unwrap_or("").trim();
        let problem = if text.is_empty() {
            Some("the text is empty".to_owned())
        } else if value.is_empty() {
            Some("the label is empty: write 1 (abusive) or 0 (not abusive)".to_owned())
        } else {
            match label(value) {
                Some(abusive) => {
                    rows.push((text.to_owned(), abusive));
                    None
                }
                None => Some(format!(
                    "the label {value:?} is neither abusive ({}) nor not abusive ({})",
                    ABUSIVE.join(", "),
                    NOT_ABUSIVE.join(", ")
                )),
            }
        };
        if let Some(p) = problem {
            bad += 1;
            if problems.len() < MAX_REPORTED {
                problems.push((line, p));
            }
        }
    }
    if bad > 0 {
        return Err(TextError::BadRows {
            path: path.to_path_buf(),
            count: bad,
            problems,
        });
    }
    if rows.is_empty() {
        return Err(TextError::EmptyFile(path.to_path_buf()));
    }
    Ok(rows)
}

fn csv_error(path: &Path, e: csv::Error) -> TextError {
    let line = e.position().map_or(0, csv::Position::line);
    TextError::BadRow {
        path: path.to_path_buf(),
        line,
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, body: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("sangam-team-csv-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let p = dir.join(name);
        let _ = std::fs::write(&p, body);
        p
    }

    #[test]
    fn a_clean_file_reads_in_order() {
        let p = file(
            "clean.csv",
            "id,text,label\n1,\"tu pagal hai, saale\",1\n2,thanks for the quick reply,0\n3,\"line one\nline two\",No\n4,ghatiya log,YES\n",
        );
        let rows = read_team_csv(&p).unwrap_or_default();
        assert_eq!(
            rows,
            vec![
                ("tu pagal hai, saale".to_owned(), true),
                ("thanks for the quick reply".to_owned(), false),
                ("line one\nline two".to_owned(), false),
                ("ghatiya log".to_owned(), true),
            ]
        );
    }

    #[test]
    fn every_bad_row_is_named_with_its_line() {
        let p = file(
            "bad.csv",
            "text,label\nfine text,0\n,1\nsome text,maybe\nanother,\n\"two\nlines\",2\nlast,1\n",
        );
        let err = read_team_csv(&p).err();
        let Some(TextError::BadRows {
            count, problems, ..
        }) = &err
        else {
            panic!("expected bad rows, got {err:?}")
        };
        assert_eq!(*count, 4);
        let lines: Vec<u64> = problems.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [3, 4, 5, 6]);
        assert!(problems[0].1.contains("text is empty"), "{problems:?}");
        assert!(problems[1].1.contains("\"maybe\""), "{problems:?}");
        assert!(problems[2].1.contains("label is empty"), "{problems:?}");
        assert_eq!(err.as_ref().map(TextError::code), Some("bad_rows"));
        let said = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(said.contains("line 4: the label \"maybe\""), "{said}");
    }

    #[test]
    fn a_missing_column_names_the_columns_there() {
        let p = file("cols.csv", "comment,label\nhello,0\n");
        let err = read_team_csv(&p)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("\"text\"") && err.contains("comment, label"),
            "{err}"
        );
        let p = file("empty.csv", "text,label\n");
        assert_eq!(
            read_team_csv(&p).err().map(|e| e.code()),
            Some("empty_file")
        );
        let missing = read_team_csv(Path::new("/no/such/team.csv")).err();
        assert_eq!(missing.map(|e| e.code()), Some("file_missing"));
    }
}
