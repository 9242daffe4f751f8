//! Errors of the text crate, each with a stable snake_case code.

use std::path::PathBuf;

/// What can go wrong while training, loading a model or evaluating.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    /// The data folder (or a file the caller named) does not exist.
    #[error(
        "the data folder {0} does not exist: pass the folder that holds abuse/ and sentiment/ (for example ../shared/data)"
    )]
    DataMissing(PathBuf),
    /// A labelled file named for training or reading does not exist.
    #[error(
        "the file {0} does not exist: pass a CSV or TSV file with a text column and a label column"
    )]
    FileMissing(PathBuf),
    /// A file could not be read or written.
    #[error("could not read or write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The labelled file has no data rows.
    #[error("{0} has no data rows")]
    EmptyFile(PathBuf),
    /// The text or label column named in the options is not in the file.
    #[error("{path}: no column {column:?}; the columns are: {available}")]
    MissingColumn {
        /// The file.
        path: PathBuf,
        /// The column asked for.
        column: String,
        /// The header (or the number of fields) found.
        available: String,
    },
    /// No row has a label that counts as abusive (or none that counts as not abusive).
    #[error(
        "{path}: {what}; labels seen: {seen}. Name the abusive label values with --positive (for example --positive 1,OFF,HOF)"
    )]
    OneClassOnly {
        /// The file.
        path: PathBuf,
        /// Which class is missing.
        what: String,
        /// The label values seen (up to a few).
        seen: String,
    },
    /// A row could not be parsed.
    #[error("{path}, line {line}: {message}")]
    BadRow {
        /// The file.
        path: PathBuf,
        /// One-based line (or record) number.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// Rows of a team's labelled file that cannot be learned (`team_labels::read_team_csv`).
    #[error("{path}: {count} row(s) cannot be learned, nothing was trained:{}", list_rows(.problems))]
    BadRows {
        /// The file.
        path: PathBuf,
        /// How many rows are wrong.
        count: usize,
        /// The first of them: (line, what is wrong).
        problems: Vec<(u64, String)>,
    },
    /// A model file is not a model this version can read.
    #[error("not a Sangam abuse model: {0}")]
    BadModel(String),
}

fn list_rows(problems: &[(u64, String)]) -> String {
    problems
        .iter()
        .map(|(line, what)| format!("\n  line {line}: {what}"))
        .collect()
}

impl TextError {
    /// A stable snake_case code for scripts and logs.
    pub fn code(&self) -> &'static str {
        match self {
            TextError::DataMissing(_) => "data_missing",
            TextError::FileMissing(_) => "file_missing",
            TextError::Io { .. } => "io",
            TextError::EmptyFile(_) => "empty_file",
            TextError::MissingColumn { .. } => "missing_column",
            TextError::OneClassOnly { .. } => "one_class_only",
            TextError::BadRow { .. } => "bad_row",
            TextError::BadRows { .. } => "bad_rows",
            TextError::BadModel(_) => "bad_model",
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        TextError::Io {
            path: path.into(),
            source,
        }
    }
}
