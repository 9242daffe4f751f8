//! Readers for labelled text: CSV/TSV with a text and a label column, and TweetEval's
//! line-parallel `*_text.txt` / `*_labels.txt` pairs.

use crate::error::TextError;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// A column, by header name or by zero-based index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Column {
    /// Header name (case-insensitive).
    Name(String),
    /// Zero-based position.
    Index(usize),
}

impl FromStr for Column {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().parse::<usize>() {
            Ok(i) => Column::Index(i),
            Err(_) => Column::Name(s.trim().to_owned()),
        })
    }
}

impl std::fmt::Display for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Column::Name(n) => write!(f, "{n}"),
            Column::Index(i) => write!(f, "#{i}"),
        }
    }
}

/// One labelled row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The text.
    pub text: String,
    /// The label as written in the file (trimmed).
    pub label: String,
}

/// How to read a table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableOptions {
    /// Text column; default: a header named text/tweet/comment/..., or by position.
    pub text_column: Option<Column>,
    /// Label column; default: a header named label/class/task_1/..., or by position.
    pub label_column: Option<Column>,
    /// Delimiter; default from the extension (.tsv tab, .csv comma) or sniffed.
    pub delimiter: Option<u8>,
}

const TEXT_NAMES: &[&str] = &[
    "text", "tweet", "comment", "message", "content", "post", "body", "sentence",
];
const LABEL_NAMES: &[&str] = &[
    "label",
    "labels",
    "class",
    "task_1",
    "category",
    "abusive",
    "offensive",
    "hate",
    "toxic",
    "is_abusive",
    "sentiment",
    "target",
];

/// The label values that count as abusive when the caller names none (case-insensitive).
pub const DEFAULT_POSITIVE: &[&str] = &[
    "1",
    "yes",
    "y",
    "true",
    "abusive",
    "abuse",
    "offensive",
    "off",
    "hof",
    "hate",
    "toxic",
    "oag",
    "cag",
];

/// True when `path` names a TweetEval text file (`..._text.txt`) with its labels beside it.
pub fn tweeteval_pair(path: &Path) -> Option<(PathBuf, PathBuf)> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix("_text.txt")?;
    let labels = path.with_file_name(format!("{stem}_labels.txt"));
    Some((path.to_path_buf(), labels))
}

/// Read a TweetEval pair: line N of the text file goes with line N of the labels file.
pub fn read_tweeteval(text: &Path, labels: &Path) -> Result<Vec<Row>, TextError> {
    let t = std::fs::read_to_string(text).map_err(|e| TextError::io(text, e))?;
    let l = std::fs::read_to_string(labels).map_err(|e| TextError::io(labels, e))?;
    let texts: Vec<&str> = t.lines().collect();
    let labs: Vec<&str> = l.lines().collect();
    if texts.len() != labs.len() {
        return Err(TextError::BadRow {
            path: labels.to_path_buf(),
            line: labs.len().min(texts.len()) as u64 + 1,
            message: format!(
                "{} texts but {} labels: the two files must be line-parallel",
                texts.len(),
                labs.len()
            ),
        });
    }
    if texts.is_empty() {
        return Err(TextError::EmptyFile(text.to_path_buf()));
    }
    Ok(texts
        .into_iter()
        .zip(labs)
        .map(|(t, l)| Row {
            text: t.trim().to_owned(),
            label: l.trim().to_owned(),
        })
        .collect())
}

fn find(header: &[String], col: &Column) -> Option<usize> {
    match col {
        Column::Index(i) => (*i < header.len()).then_some(*i),
        Column::Name(n) => header.iter().position(|h| h.trim().eq_ignore_ascii_case(n)),
    }
}

/// Read a CSV or TSV file (format from the extension, else sniffed from the first line).
pub fn read_table(path: &Path, options: &TableOptions) -> Result<Vec<Row>, TextError> {
    if !path.exists() {
        return Err(TextError::FileMissing(path.to_path_buf()));
    }
    let bytes = std::fs::read(path).map_err(|e| TextError::io(path, e))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let delimiter = options.delimiter.unwrap_or_else(|| match ext.as_deref() {
        Some("tsv") | Some("tab") => b'\t',
        Some("csv") => b',',
        _ => {
            let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
            let tabs = first.iter().filter(|b| **b == b'\t').count();
            let commas = first.iter().filter(|b| **b == b',').count();
            if tabs > 0 && tabs >= commas {
                b'\t'
            } else {
                b','
            }
        }
    });
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        // TSV files in the wild (HASOC) carry raw quotes inside texts.
        .quoting(delimiter != b'\t')
        .from_reader(bytes.as_slice());
    let mut records = Vec::new();
    for (n, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| TextError::BadRow {
            path: path.to_path_buf(),
            line: e.position().map_or(n as u64 + 1, |p| p.line()),
            message: e.to_string(),
        })?;
        records.push(rec);
    }
    let Some(first) = records.first() else {
        return Err(TextError::EmptyFile(path.to_path_buf()));
    };
    let first: Vec<String> = first.iter().map(|s| s.trim().to_owned()).collect();
    let named = |c: &Option<Column>| matches!(c, Some(Column::Name(_)));
    let known = |names: &[&str]| {
        first
            .iter()
            .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
    };
    let has_header = named(&options.text_column)
        || named(&options.label_column)
        || (known(TEXT_NAMES).is_some() && known(LABEL_NAMES).is_some());
    let width = first.len();
    let missing = |col: &Column| TextError::MissingColumn {
        path: path.to_path_buf(),
        column: col.to_string(),
        available: if has_header {
            first.join(", ")
        } else {
            format!("{width} unnamed fields")
        },
    };
    let pick = |opt: &Option<Column>,
                names: &[&str],
                by_width: Option<usize>|
     -> Result<usize, TextError> {
        match opt {
            Some(col) => {
                if has_header {
                    find(&first, col).ok_or_else(|| missing(col))
                } else {
                    match col {
                        Column::Index(i) if *i < width => Ok(*i),
                        _ => Err(missing(col)),
                    }
                }
            }
            None => {
                if has_header {
                    known(names).ok_or_else(|| missing(&Column::Name(names[0].to_owned())))
                } else {
                    by_width.ok_or_else(|| missing(&Column::Name(names[0].to_owned())))
                }
            }
        }
    };
    // Without a header: two fields are text,label; three or more are id,text,label.
    let (text_default, label_default) = match width {
        0 | 1 => (None, None),
        2 => (Some(0), Some(1)),
        _ => (Some(1), Some(2)),
    };
    let text_i = pick(&options.text_column, TEXT_NAMES, text_default)?;
    let label_i = pick(&options.label_column, LABEL_NAMES, label_default)?;
    let skip = usize::from(has_header);
    let mut rows = Vec::with_capacity(records.len());
    for (n, rec) in records.iter().enumerate().skip(skip) {
        if rec.len() == 1 && rec.get(0).is_some_and(|f| f.trim().is_empty()) {
            continue; // blank line
        }
        let (Some(text), Some(label)) = (rec.get(text_i), rec.get(label_i)) else {
            return Err(TextError::BadRow {
                path: path.to_path_buf(),
                line: rec.position().map_or(n as u64 + 1, |p| p.line()),
                message: format!(
                    "{} fields, but the text is field {} and the label field {}",
                    rec.len(),
                    text_i + 1,
                    label_i + 1
                ),
            });
        };
        rows.push(Row {
            text: text.trim().to_owned(),
            label: label.trim().to_owned(),
        });
    }
    if rows.is_empty() {
        return Err(TextError::EmptyFile(path.to_path_buf()));
    }
    Ok(rows)
}

/// Read a labelled file: a TweetEval pair when the name ends in `_text.txt`, else CSV/TSV.
pub fn read_labelled(path: &Path, options: &TableOptions) -> Result<Vec<Row>, TextError> {
    if !path.exists() {
        return Err(TextError::FileMissing(path.to_path_buf()));
    }
    match tweeteval_pair(path) {
        Some((t, l)) if l.exists() => read_tweeteval(&t, &l),
        _ => read_table(path, options),
    }
}

/// Turn rows into (text, abusive) pairs; errors when a class is missing.
pub fn binarise(
    path: &Path,
    rows: Vec<Row>,
    positive: &[String],
) -> Result<Vec<(String, bool)>, TextError> {
    let pos: Vec<String> = if positive.is_empty() {
        DEFAULT_POSITIVE.iter().map(|s| s.to_string()).collect()
    } else {
        positive.iter().map(|s| s.trim().to_lowercase()).collect()
    };
    let mut seen: Vec<String> = Vec::new();
    let out: Vec<(String, bool)> = rows
        .into_iter()
        .filter(|r| !r.text.is_empty())
        .map(|r| {
            let l = r.label.to_lowercase();
            if seen.len() < 8 && !seen.contains(&r.label) {
                seen.push(r.label.clone());
            }
            let y = pos.contains(&l);
            (r.text, y)
        })
        .collect();
    let n_pos = out.iter().filter(|e| e.1).count();
    let one_class = |what: &str| TextError::OneClassOnly {
        path: path.to_path_buf(),
        what: what.to_owned(),
        seen: seen.join(", "),
    };
    if n_pos == 0 {
        return Err(one_class("no row has a label that counts as abusive"));
    }
    if n_pos == out.len() {
        return Err(one_class(
            "every row counts as abusive, so there is nothing to contrast",
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, body: &str) -> PathBuf {
        let p = dir.join(name);
        let _ = std::fs::write(&p, body);
        p
    }

    fn tmpdir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("sangam-text-{tag}-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&d);
        d
    }

    #[test]
    fn reads_csv_with_header_and_quoted_newlines() {
        let d = tmpdir("csv");
        let p = write(
            &d,
            "a.csv",
            "id,text,label\n1,\"hello,\nworld\",0\n2,you idiot,1\n",
        );
        let rows = read_table(&p, &TableOptions::default());
        assert!(rows.is_ok(), "{rows:?}");
        let rows = rows.unwrap_or_default();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].text, "hello,\nworld");
        assert_eq!(rows[1].label, "1");
    }

    #[test]
    fn reads_headerless_tsv_with_raw_quotes() {
        let d = tmpdir("tsv");
        let p = write(
            &d,
            "b.tsv",
            "he said \"hi\tthere\tno\n\"yaar\" tu pagal hai\tyes\n",
        );
        // First line has three fields: id,text,label convention would be wrong; name the columns.
        let opts = TableOptions {
            text_column: Some(Column::Index(0)),
            label_column: Some(Column::Index(2)),
            delimiter: None,
        };
        let rows = read_table(&p, &opts);
        assert!(matches!(rows, Err(TextError::BadRow { .. })), "{rows:?}");
        let p = write(
            &d,
            "c.tsv",
            "he said \"hi\"\tno\n\"yaar\" tu pagal hai\tyes\n",
        );
        let rows = read_table(&p, &TableOptions::default()).unwrap_or_default();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].text, "\"yaar\" tu pagal hai");
    }

    #[test]
    fn wrong_csv_gets_a_clear_error() {
        let d = tmpdir("wrong");
        let empty = write(&d, "empty.csv", "");
        let e = read_table(&empty, &TableOptions::default());
        assert!(
            matches!(&e, Err(err) if err.code() == "empty_file"),
            "{e:?}"
        );

        let p = write(&d, "cols.csv", "tweet,score\nhello,1\n");
        let opts = TableOptions {
            label_column: Some(Column::Name("label".into())),
            ..TableOptions::default()
        };
        let e = read_table(&p, &opts);
        let Err(err) = e else {
            panic!("expected an error")
        };
        assert_eq!(err.code(), "missing_column");
        let msg = err.to_string();
        assert!(
            msg.contains("\"label\"") && msg.contains("tweet, score"),
            "{msg}"
        );

        let p = write(&d, "neg.csv", "text,label\nhello,0\nthanks,0\n");
        let rows = read_table(&p, &TableOptions::default()).unwrap_or_default();
        let e = binarise(&p, rows, &[]);
        let Err(err) = e else {
            panic!("expected an error")
        };
        assert_eq!(err.code(), "one_class_only");
        assert!(err.to_string().contains("--positive"), "{err}");

        let missing = d.join("nope.csv");
        let e = read_labelled(&missing, &TableOptions::default());
        assert!(
            matches!(&e, Err(err) if err.code() == "file_missing" && err.to_string().contains("CSV or TSV")),
            "{e:?}"
        );
    }

    #[test]
    fn reads_tweeteval_pairs() {
        let d = tmpdir("te");
        let t = write(&d, "x_val_text.txt", "hello there\nyou clown\n");
        write(&d, "x_val_labels.txt", "0\n1\n");
        let rows = read_labelled(&t, &TableOptions::default()).unwrap_or_default();
        assert_eq!(rows.len(), 2);
        let ex = binarise(&t, rows, &[]).unwrap_or_default();
        assert_eq!(ex[1], ("you clown".to_string(), true));
        write(&d, "x_val_labels.txt", "0\n");
        assert!(matches!(
            read_labelled(&t, &TableOptions::default()),
            Err(TextError::BadRow { .. })
        ));
    }
}
