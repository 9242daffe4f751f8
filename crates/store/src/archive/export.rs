//! Writing an archive: one read transaction, so every table is read at the same moment while the server goes on.

use super::catalog::{self, Kind, Table};
use super::{ArchiveError, FORMAT, FORMAT_VERSION, Header, Progress, Result, RowLine, TableHeader};
use crate::{Backend, Db, Sql};
use sha2::{Digest, Sha256};
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

/// Rows read per statement.
const PAGE: i64 = 2000;

/// Writes the whole database to `out` (which must not exist yet) and returns the archive's header. A failure part
/// way leaves no half-written archive behind.
pub async fn export(
    db: &Db,
    out: &Path,
    app_version: &str,
    now: i64,
    progress: Progress<'_>,
) -> Result<Header> {
    let written = write(db, out, app_version, now, progress).await;
    if let Err(e) = &written
        && !matches!(e, ArchiveError::Exists(_))
    {
        let _ = std::fs::remove_file(out);
    }
    written
}

async fn write(
    db: &Db,
    out: &Path,
    app_version: &str,
    now: i64,
    progress: Progress<'_>,
) -> Result<Header> {
    let schema_version = super::schema_version(db).await?;
    let mut tx = db.read_tx().await?;
    if tx.backend() == Backend::Postgres {
        // One snapshot for every statement of the transaction, not one per statement.
        tx.execute(Sql::new(
            "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY",
        ))
        .await?;
    }
    let tables = catalog::tables(&mut tx).await?;
    let mut heads = Vec::with_capacity(tables.len());
    for t in &tables {
        let (n,): (i64,) = tx
            .fetch_one(Sql::assembled(format!(
                "SELECT COUNT(*) FROM {}",
                quoted(&t.name)
            )))
            .await?;
        heads.push(TableHeader {
            name: t.name.clone(),
            columns: t.columns.iter().map(|c| c.name.clone()).collect(),
            rows: u64::try_from(n).unwrap_or(0),
        });
    }
    let mut header = Header {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        app_version: app_version.into(),
        schema_version,
        source: db.backend().into(),
        created_at: now,
        tables: heads,
        // Written as a placeholder of the same length, and filled in once the content is known.
        sha256: "0".repeat(64),
    };
    let io = |e| ArchiveError::Io(out.to_path_buf(), e);
    let file = super::owner_only_file(out)?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    let first = header_line(&header)?;
    w.write_all(first.as_bytes()).map_err(io)?;

    let total = header.total_rows();
    let mut done = 0;
    let mut hash = Sha256::new();
    for (t, head) in tables.iter().zip(&header.tables) {
        let mut written = 0;
        let mut after: Option<i64> = None;
        loop {
            let rows: Vec<(Option<i64>, String)> =
                tx.fetch_all(page(t, tx.backend(), after, written)).await?;
            let last = rows.len() < usize::try_from(PAGE).unwrap_or(usize::MAX);
            for (key, json) in rows {
                let line = row_line(&t.name, &json)?;
                hash.update(line.as_bytes());
                w.write_all(line.as_bytes()).map_err(io)?;
                after = key;
                written += 1;
            }
            progress(
                (done + u64::try_from(written).unwrap_or(0)).min(total),
                total,
            );
            if last {
                break;
            }
        }
        let written = u64::try_from(written).unwrap_or(0);
        done += written;
        if written != head.rows {
            return Err(ArchiveError::Count {
                table: t.name.clone(),
                expected: head.rows,
                found: written,
            });
        }
    }
    drop(tx);
    header.sha256 = super::hex(&hash.finalize());
    let mut file = w.into_inner().map_err(|e| io(e.into_error()))?;
    file.seek(SeekFrom::Start(0)).map_err(io)?;
    let filled = header_line(&header)?;
    debug_assert_eq!(filled.len(), first.len());
    file.write_all(filled.as_bytes()).map_err(io)?;
    file.sync_all().map_err(io)?;
    Ok(header)
}

fn header_line(header: &Header) -> Result<String> {
    let mut s = serde_json::to_string(header).map_err(|e| ArchiveError::Format(e.to_string()))?;
    s.push('\n');
    Ok(s)
}

fn row_line(table: &str, json: &str) -> Result<String> {
    let r: Vec<serde_json::Value> = serde_json::from_str(json)
        .map_err(|e| ArchiveError::Format(format!("a row of {table}: {e}")))?;
    let mut s = serde_json::to_string(&RowLine {
        t: table.to_string(),
        r,
    })
    .map_err(|e| ArchiveError::Format(e.to_string()))?;
    s.push('\n');
    Ok(s)
}

/// A table name from the catalogue, quoted as an identifier (both databases quote with `"`).
pub(super) fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The next page of `t`'s rows as (key, JSON array of the values). A table keyed by one integer is read by keyset
/// after the last key; any other is read in primary-key (or column) order by offset, in the same snapshot.
fn page(t: &Table, backend: Backend, after: Option<i64>, offset: i64) -> Sql<'static> {
    let values: Vec<String> = t
        .columns
        .iter()
        .map(|c| value(&quoted(&c.name), c.kind, backend))
        .collect();
    let array = match backend {
        Backend::Sqlite => format!("json_array({})", values.join(", ")),
        Backend::Postgres => format!("json_build_array({})::text", values.join(", ")),
    };
    let integer_key = match t.primary_key.as_slice() {
        [k] => t
            .columns
            .iter()
            .find(|c| &c.name == k && c.kind == Kind::Int)
            .map(|c| quoted(&c.name)),
        _ => None,
    };
    let table = quoted(&t.name);
    match integer_key {
        // Two statements rather than `$1 IS NULL OR key > $1`, which SQLite would answer by scanning the table.
        Some(key) => match after {
            None => Sql::assembled(format!(
                "SELECT {key}, {array} FROM {table} ORDER BY {key} LIMIT {PAGE}"
            )),
            Some(after) => Sql::assembled(format!(
                "SELECT {key}, {array} FROM {table} WHERE {key} > $1 ORDER BY {key} LIMIT {PAGE}"
            ))
            .bind(after),
        },
        None => {
            let order: Vec<String> = if t.primary_key.is_empty() {
                t.columns.iter().map(|c| quoted(&c.name)).collect()
            } else {
                t.primary_key.iter().map(|c| quoted(c)).collect()
            };
            let null_key = match backend {
                Backend::Sqlite => "NULL",
                Backend::Postgres => "NULL::bigint",
            };
            Sql::assembled(format!(
                "SELECT {null_key}, {array} FROM {table} ORDER BY {} LIMIT {PAGE} OFFSET {offset}",
                order.join(", ")
            ))
        }
    }
}

/// How one column goes into the JSON array so that it comes back exactly: bytes as hex; reals as text, SQLite's with
/// 17 significant digits (its JSON writes only 15, which would change a figure in its last digit), PostgreSQL's as
/// `float8` prints them (the shortest text that reads back to the same number). Text, because a JSON number is read
/// back through serde_json's fast float parser, which can land one unit in the last place away.
fn value(column: &str, kind: Kind, backend: Backend) -> String {
    match (kind, backend) {
        (Kind::Bytes, Backend::Sqlite) => {
            format!("CASE WHEN {column} IS NULL THEN NULL ELSE lower(hex({column})) END")
        }
        (Kind::Bytes, Backend::Postgres) => format!("encode({column}, 'hex')"),
        (Kind::Real, Backend::Postgres) => format!("{column}::text"),
        (Kind::Real, Backend::Sqlite) => {
            format!("CASE WHEN {column} IS NULL THEN NULL ELSE printf('%!.17g', {column}) END")
        }
        _ => column.to_string(),
    }
}
