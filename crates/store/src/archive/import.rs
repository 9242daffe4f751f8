//! Reading an archive into an empty database: the whole file is checked first, then written in one transaction.

use super::catalog::{self, Column, Kind, Table};
use super::export::quoted;
use super::{ArchiveError, FORMAT, FORMAT_VERSION, Header, Progress, Result, RowLine};
use crate::{Arg, Backend, Db, Sql, Tx};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// Values bound per statement at most (both databases allow more; this keeps statements a sensible size).
const VALUES_PER_STATEMENT: usize = 20_000;
const ROWS_PER_STATEMENT: usize = 500;

/// Reads the whole archive and checks it: a header this version understands, every line a row of a table the
/// header names with as many values as it has columns, the row counts and the checksum. Returns the header.
pub fn verify(path: &Path) -> Result<Header> {
    let mut lines = Lines::open(path)?;
    let header = lines.header()?;
    let columns: BTreeMap<&str, usize> = header
        .tables
        .iter()
        .map(|t| (t.name.as_str(), t.columns.len()))
        .collect();
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    while let Some(row) = lines.next_row()? {
        let Some((name, width)) = columns.get_key_value(row.t.as_str()) else {
            return Err(ArchiveError::Format(format!(
                "line {} names the table {:?}, which the header does not list",
                lines.number, row.t
            )));
        };
        if row.r.len() != *width {
            return Err(ArchiveError::Format(format!(
                "line {} holds {} values for the {} columns of {}",
                lines.number,
                row.r.len(),
                width,
                row.t
            )));
        }
        *counts.entry(name).or_default() += 1;
    }
    lines.check_sum(&header)?;
    for t in &header.tables {
        let found = counts.get(t.name.as_str()).copied().unwrap_or(0);
        if found != t.rows {
            return Err(ArchiveError::Count {
                table: t.name.clone(),
                expected: t.rows,
                found,
            });
        }
    }
    Ok(header)
}

/// Reads the archive at `path` into `db`, which must be migrated to the archive's schema step and hold no
/// workspace. Everything happens in one transaction: on any refusal or failure the database is as it was.
pub async fn import(db: &Db, path: &Path, progress: Progress<'_>) -> Result<Header> {
    let header = verify(path)?;
    let database = super::schema_version(db).await?;
    if database != header.schema_version {
        return Err(ArchiveError::Schema {
            archive: header.schema_version,
            database,
        });
    }
    let mut tx = db.tx().await?;
    if tx.backend() == Backend::Sqlite {
        // Foreign keys are checked at the commit; the rows arrive parents first anyway.
        tx.execute(Sql::new("PRAGMA defer_foreign_keys = ON"))
            .await?;
    }
    let (workspaces,): (i64,) = tx
        .fetch_one(Sql::new("SELECT COUNT(*) FROM workspaces"))
        .await?;
    if workspaces > 0 {
        return Err(ArchiveError::NotEmpty(workspaces));
    }
    let tables = catalog::tables(&mut tx).await?;
    let targets = targets(&header, &tables)?;
    let triggers = Triggers::off(&mut tx, &tables).await?;
    // A database without a workspace holds only what its migrations wrote (the published benchmarks); the archive
    // holds the same rows, so the tables are emptied and take the archive's rows exactly.
    for t in tables.iter().rev() {
        tx.execute(Sql::assembled(format!("DELETE FROM {}", quoted(&t.name))))
            .await?;
    }

    let total = header.total_rows();
    let mut done = 0;
    let mut lines = Lines::open(path)?;
    lines.header()?;
    let mut batch = Batch::default();
    while let Some(row) = lines.next_row()? {
        if batch.table.as_deref() != Some(row.t.as_str()) || batch.full() {
            done += batch.flush(&mut tx, &targets).await?;
            progress(done, total);
            batch.table = Some(row.t.clone());
        }
        batch.rows.push(row.r);
    }
    done += batch.flush(&mut tx, &targets).await?;
    progress(done, total);
    // The file was checked before; checked again in case it changed while it was being read.
    lines.check_sum(&header)?;

    triggers.on(&mut tx, &tables).await?;
    if tx.backend() == Backend::Postgres {
        move_sequences(&mut tx, &tables).await?;
    }
    tx.commit().await?;
    Ok(header)
}

/// Where each archived table's values go: the database's table and, for each archived column in order, the
/// database's column.
struct Target<'a> {
    table: &'a Table,
    columns: Vec<&'a Column>,
}

fn targets<'a>(header: &Header, tables: &'a [Table]) -> Result<BTreeMap<String, Target<'a>>> {
    let mut out = BTreeMap::new();
    for th in &header.tables {
        let table = tables
            .iter()
            .find(|t| t.name == th.name)
            .ok_or_else(|| ArchiveError::UnknownTable(th.name.clone()))?;
        let columns = th
            .columns
            .iter()
            .map(|c| {
                table
                    .columns
                    .iter()
                    .find(|tc| &tc.name == c)
                    .ok_or_else(|| ArchiveError::UnknownColumn(th.name.clone(), c.clone()))
            })
            .collect::<Result<Vec<_>>>()?;
        out.insert(th.name.clone(), Target { table, columns });
    }
    Ok(out)
}

#[derive(Default)]
struct Batch {
    table: Option<String>,
    rows: Vec<Vec<serde_json::Value>>,
}

impl Batch {
    fn full(&self) -> bool {
        let width = self.rows.first().map_or(1, Vec::len).max(1);
        self.rows.len() >= ROWS_PER_STATEMENT.min(VALUES_PER_STATEMENT / width).max(1)
    }

    /// Inserts the rows held and returns how many.
    async fn flush(&mut self, tx: &mut Tx, targets: &BTreeMap<String, Target<'_>>) -> Result<u64> {
        let rows = std::mem::take(&mut self.rows);
        let (Some(name), false) = (self.table.as_ref(), rows.is_empty()) else {
            return Ok(0);
        };
        let target = targets
            .get(name)
            .ok_or_else(|| ArchiveError::UnknownTable(name.clone()))?;
        let names: Vec<String> = target.columns.iter().map(|c| quoted(&c.name)).collect();
        let width = names.len();
        let mut text = format!(
            "INSERT INTO {} ({}) VALUES ",
            quoted(&target.table.name),
            names.join(", ")
        );
        for i in 0..rows.len() {
            if i > 0 {
                text.push_str(", ");
            }
            // SQLite takes plain `?` marks: with thousands of numbered ones, naming them costs more than the rows.
            let marks: Vec<String> = (1..=width)
                .map(|j| match tx.backend() {
                    Backend::Sqlite => "?".to_string(),
                    Backend::Postgres => format!("${}", i * width + j),
                })
                .collect();
            text.push('(');
            text.push_str(&marks.join(", "));
            text.push(')');
        }
        let mut sql = Sql::assembled(text);
        for row in &rows {
            for (value, column) in row.iter().zip(&target.columns) {
                sql.push(arg(value, column, name)?);
            }
        }
        tx.execute(sql).await?;
        Ok(rows.len() as u64)
    }
}

/// One archived value bound as the database's column takes it. A boolean from PostgreSQL goes into SQLite's 0/1 and
/// back; a real arrives as a number or (from SQLite, for exactness) as its text.
fn arg(value: &serde_json::Value, column: &Column, table: &str) -> Result<Arg<'static>> {
    use serde_json::Value as J;
    let wrong = || {
        ArchiveError::Format(format!(
            "the value {value} does not fit the column {table}.{}",
            column.name
        ))
    };
    Ok(match (column.kind, value) {
        (Kind::Int, J::Null) => Arg::Int(None),
        (Kind::Real, J::Null) => Arg::Real(None),
        (Kind::Bool, J::Null) => Arg::Bool(None),
        (Kind::Bytes, J::Null) => Arg::Bytes(None),
        (Kind::Text, J::Null) => Arg::Text(None),
        (Kind::Int, J::Bool(b)) => Arg::Int(Some(i64::from(*b))),
        (Kind::Int, J::Number(n)) => Arg::Int(Some(n.as_i64().ok_or_else(wrong)?)),
        (Kind::Real, J::Number(n)) => Arg::Real(Some(n.as_f64().ok_or_else(wrong)?)),
        (Kind::Real, J::String(s)) => Arg::Real(Some(s.trim().parse().map_err(|_| wrong())?)),
        (Kind::Bool, J::Bool(b)) => Arg::Bool(Some(*b)),
        (Kind::Bool, J::Number(n)) => Arg::Bool(Some(n.as_i64().ok_or_else(wrong)? != 0)),
        (Kind::Bytes, J::String(s)) => {
            Arg::Bytes(Some(Cow::Owned(super::unhex(s).ok_or_else(wrong)?)))
        }
        (Kind::Text, J::String(s)) => Arg::Text(Some(Cow::Owned(s.clone()))),
        (Kind::Text, J::Number(n)) => Arg::Text(Some(Cow::Owned(n.to_string()))),
        _ => return Err(wrong()),
    })
}

/// The triggers that keep derived tables (the inbox's counts) would count the imported rows a second time on top
/// of the imported counts, so they are off while rows go in. SQLite cannot switch a trigger off: its triggers are
/// dropped and created again from their own stored text, inside the same transaction.
struct Triggers {
    sqlite: Vec<String>,
}

impl Triggers {
    async fn off(tx: &mut Tx, tables: &[Table]) -> Result<Triggers> {
        match tx.backend() {
            Backend::Sqlite => {
                let found: Vec<(String, String)> = tx
                    .fetch_all(Sql::new(
                        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY rowid",
                    ))
                    .await?;
                for (name, _) in &found {
                    tx.execute(Sql::assembled(format!("DROP TRIGGER {}", quoted(name))))
                        .await?;
                }
                Ok(Triggers {
                    sqlite: found.into_iter().map(|(_, sql)| sql).collect(),
                })
            }
            Backend::Postgres => {
                for t in tables {
                    tx.execute(Sql::assembled(format!(
                        "ALTER TABLE {} DISABLE TRIGGER USER",
                        quoted(&t.name)
                    )))
                    .await?;
                }
                Ok(Triggers { sqlite: vec![] })
            }
        }
    }

    async fn on(self, tx: &mut Tx, tables: &[Table]) -> Result<()> {
        match tx.backend() {
            Backend::Sqlite => {
                for sql in self.sqlite {
                    tx.execute(Sql::assembled(sql)).await?;
                }
            }
            Backend::Postgres => {
                for t in tables {
                    tx.execute(Sql::assembled(format!(
                        "ALTER TABLE {} ENABLE TRIGGER USER",
                        quoted(&t.name)
                    )))
                    .await?;
                }
            }
        }
        Ok(())
    }
}

/// PostgreSQL hands out identity values from a sequence that imported rows (inserted with their ids) did not move:
/// each is set past its column's largest value, so the next row gets a fresh id.
async fn move_sequences(tx: &mut Tx, tables: &[Table]) -> Result<()> {
    for t in tables {
        for c in t.columns.iter().filter(|c| c.identity) {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX({col}) FROM {table}), 0) + 1, false)",
                col = quoted(&c.name),
                table = quoted(&t.name),
            );
            tx.execute(
                Sql::assembled(sql)
                    .bind(quoted(&t.name))
                    .bind(c.name.clone()),
            )
            .await?;
        }
    }
    Ok(())
}

/// The archive's lines, hashed as they are read (all but the header's).
struct Lines {
    reader: BufReader<File>,
    path: std::path::PathBuf,
    hash: Sha256,
    buf: String,
    number: u64,
}

impl Lines {
    fn open(path: &Path) -> Result<Lines> {
        let file = File::open(path).map_err(|e| ArchiveError::Io(path.to_path_buf(), e))?;
        Ok(Lines {
            reader: BufReader::with_capacity(1 << 20, file),
            path: path.to_path_buf(),
            hash: Sha256::new(),
            buf: String::new(),
            number: 0,
        })
    }

    fn read(&mut self) -> Result<bool> {
        self.buf.clear();
        let n = self
            .reader
            .read_line(&mut self.buf)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::InvalidData => {
                    ArchiveError::Format(format!("line {} is not UTF-8 text", self.number + 1))
                }
                _ => ArchiveError::Io(self.path.clone(), e),
            })?;
        if n > 0 {
            self.number += 1;
        }
        Ok(n > 0)
    }

    fn header(&mut self) -> Result<Header> {
        if !self.read()? {
            return Err(ArchiveError::Format("the file is empty".into()));
        }
        let header: Header = serde_json::from_str(&self.buf)
            .map_err(|e| ArchiveError::Format(format!("its first line is not a header: {e}")))?;
        if header.format != FORMAT {
            return Err(ArchiveError::Format(format!(
                "its format is {:?}",
                header.format
            )));
        }
        if header.format_version != FORMAT_VERSION {
            return Err(ArchiveError::Format(format!(
                "format version {}, this Sangam reads version {FORMAT_VERSION}",
                header.format_version
            )));
        }
        Ok(header)
    }

    fn next_row(&mut self) -> Result<Option<RowLine>> {
        if !self.read()? {
            return Ok(None);
        }
        self.hash.update(self.buf.as_bytes());
        serde_json::from_str(&self.buf)
            .map(Some)
            .map_err(|e| ArchiveError::Format(format!("line {} is not a row: {e}", self.number)))
    }

    fn check_sum(&mut self, header: &Header) -> Result<()> {
        let found = super::hex(&std::mem::take(&mut self.hash).finalize());
        if found != header.sha256 {
            return Err(ArchiveError::Checksum {
                expected: header.sha256.clone(),
                found,
            });
        }
        Ok(())
    }
}
