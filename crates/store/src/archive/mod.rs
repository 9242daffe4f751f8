//! The whole database in one portable file, to back it up and to move it between SQLite and PostgreSQL.
//!
//! An archive is JSON lines. The first line is the [`Header`]: the format and its version, the application and
//! schema versions, every table with its columns and row count, and the SHA-256 of everything after the header's
//! line. Then one line per row, `{"t": table, "r": [values in the header's column order]}`, tables parents first.
//! Values are JSON numbers, strings, booleans and nulls; bytes (media, sealed credentials) are hex strings and reals
//! are decimal strings (so that they read back to the same bits). Sealed
//! secrets stay sealed: the same key file is needed to use them after an import.
//!
//! The lists of tables and columns come from the database's own catalogue ([`catalog`]), so a table added by a later
//! migration is in the archive without a change here.
//!
//! [`export`] reads one consistent snapshot (a single read transaction); [`import`] checks the whole file (format,
//! checksum, counts) before it touches the database, refuses a database that already holds a workspace, and writes
//! everything in one transaction, so a refused or failed import changes nothing. [`backup`] copies a SQLite file with
//! `VACUUM INTO` while the server runs.

pub mod catalog;
mod export;
mod import;

pub use export::export;
pub use import::{import, verify};

use crate::{Db, Sql, StoreError};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The first line's `format`.
pub const FORMAT: &str = "sangam-archive";
/// Raised when the layout of the lines changes; an import refuses a version it does not know.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Header {
    pub format: String,
    pub format_version: u32,
    /// The version of the `sangam` that wrote the archive.
    pub app_version: String,
    /// The last migration the exported database had run; an import needs a database at the same step.
    pub schema_version: i64,
    /// `sqlite` or `postgres`: where the archive came from.
    pub source: String,
    pub created_at: i64,
    pub tables: Vec<TableHeader>,
    /// Lower-case hex SHA-256 of every byte after the header's line.
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TableHeader {
    pub name: String,
    pub columns: Vec<String>,
    pub rows: u64,
}

impl Header {
    pub fn total_rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows).sum()
    }
}

/// One row line.
#[derive(Serialize, Deserialize)]
struct RowLine {
    t: String,
    r: Vec<serde_json::Value>,
}

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("The file is not a Sangam archive it can read ({0}); nothing was changed.")]
    Format(String),
    #[error(
        "The archive is damaged: its content does not match its checksum (expected {expected}, found {found}); nothing was changed."
    )]
    Checksum { expected: String, found: String },
    #[error(
        "The archive is damaged: the table {table} should hold {expected} rows but holds {found}; nothing was changed."
    )]
    Count {
        table: String,
        expected: u64,
        found: u64,
    },
    #[error(
        "The archive was written at schema step {archive} and this database is at step {database}; import it with the Sangam version that wrote it (or one at the same step). Nothing was changed."
    )]
    Schema { archive: i64, database: i64 },
    #[error(
        "The database already holds {0} workspace(s); import only into an empty database. Nothing was changed."
    )]
    NotEmpty(i64),
    #[error("The archive's table {0} has no counterpart in this database; nothing was changed.")]
    UnknownTable(String),
    #[error(
        "The archive's column {0}.{1} has no counterpart in this database; nothing was changed."
    )]
    UnknownColumn(String, String),
    #[error("{0} already exists; choose a new file name.")]
    Exists(PathBuf),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for ArchiveError {
    fn from(e: sqlx::Error) -> Self {
        ArchiveError::Store(StoreError::Sql(e))
    }
}

pub type Result<T> = std::result::Result<T, ArchiveError>;

/// Called with (rows done, rows in all) as work goes on, for a progress bar.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// The last migration step this database has run.
pub async fn schema_version(db: &Db) -> Result<i64> {
    let (v,): (Option<i64>,) = db
        .fetch_one(Sql::new("SELECT MAX(version) FROM _sqlx_migrations"))
        .await?;
    Ok(v.unwrap_or(0))
}

/// A consistent copy of a SQLite database at `out`, made while others write to it: `VACUUM INTO` reads one snapshot
/// and writes a compact, complete database file (no `-wal` beside it). Refuses to overwrite a file.
pub async fn backup_sqlite(db: &Db, out: &Path) -> Result<()> {
    // Made empty first, readable by its owner only (it holds what the database holds); SQLite fills an empty file.
    drop(owner_only_file(out)?);
    let path = out.to_string_lossy().into_owned();
    db.execute(Sql::new("VACUUM INTO $1").bind(path)).await?;
    Ok(())
}

/// A new file at `path`, readable and writable by its owner only, like the database and the key file; an existing
/// file is never overwritten.
pub(crate) fn owner_only_file(path: &Path) -> Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => ArchiveError::Exists(path.to_path_buf()),
        _ => ArchiveError::Io(path.to_path_buf(), e),
    })
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

pub(crate) fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_go_through_hex_and_back() {
        let bytes = [0u8, 1, 0xab, 0xff, 0x10];
        assert_eq!(hex(&bytes), "0001abff10");
        assert_eq!(unhex(&hex(&bytes)).as_deref(), Some(&bytes[..]));
        assert_eq!(unhex("abc"), None);
        assert_eq!(unhex("zz"), None);
    }
}
