//! Sangam's persistence. One [`Db`] wraps a concrete SQLite or PostgreSQL pool (no `sqlx::Any`): SQL is written once
//! in the portable subset (`$1` placeholders, `RETURNING`, `ON CONFLICT`) as an [`Sql`], and run on the pool or inside
//! a [`Tx`] that operations of several modules share ([`sql`] is the one place that meets the drivers). Where the
//! backends must differ (the job lease, date bucketing) the difference is written out and commented. The schema is
//! written once too ([`migrations`]).
//!
//! One module per aggregate. Times are UTC milliseconds (`sangam_domain::Millis`).

pub mod activity;
pub mod approvals;
pub mod archive;
pub mod audience;
pub mod care;
pub mod competitors;
pub mod conversions;
pub mod digest;
pub mod goals;
pub mod idempotency;
pub mod inbox;
pub mod jobs;
pub mod links;
pub mod listening;
pub mod media;
pub mod migrations;
pub mod network_apps;
pub mod notifications;
pub mod people;
pub mod posts;
pub mod profiles;
pub mod queue;
pub mod reports;
pub mod review;
pub mod roi;
pub mod rollups;
pub mod secrets;
pub mod seed;
pub mod sentiment_models;
pub mod sessions;
pub mod shield_models;
pub mod snapshots;
pub mod sql;
pub mod sso;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod users;
pub mod webhooks;
pub mod workspaces;

pub use sql::{Arg, Backend, Conn, Exec, Record, Sql, Tx};

use sangam_domain::ErrorCode;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::str::FromStr;
use std::time::Duration;

/// The database, chosen from the URL scheme.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Pg(PgPool),
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "The database URL {0:?} is not one Sangam understands: use sqlite://path/to/file.db or postgres://user@host/db."
    )]
    UnsupportedUrl(String),
    #[error("Could not open the database: {0}")]
    Connect(String),
    #[error("Could not bring the database schema up to date: {0}")]
    Migrate(String),
    #[error("{0} was not found.")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(String),
    #[error("Stored data could not be read: {0}")]
    Corrupt(String),
    #[error("Database error: {0}")]
    Sql(#[from] sqlx::Error),
}

impl StoreError {
    /// The catalogue code clients see: a vanished row, a clash and a value the database refuses are the request's
    /// fault; everything else is ours, said as `internal_error` with the detail in the log.
    pub fn code(&self) -> ErrorCode {
        match self {
            StoreError::NotFound(_) => ErrorCode::NotFound,
            StoreError::Conflict(_) => ErrorCode::Conflict,
            e if e.is_rejected_value() => ErrorCode::ValueNotStorable,
            StoreError::UnsupportedUrl(_)
            | StoreError::Connect(_)
            | StoreError::Migrate(_)
            | StoreError::Corrupt(_)
            | StoreError::Sql(_) => ErrorCode::InternalError,
        }
    }
}

impl StoreError {
    /// The database refused a value itself (PostgreSQL's class 22, "data exception": a character it cannot hold, a
    /// number or date out of its range, a string too long): the request's fault, not the server's.
    pub fn is_rejected_value(&self) -> bool {
        match self {
            StoreError::Sql(sqlx::Error::Database(e)) => e
                .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
                .is_some_and(|pg| pg.code().starts_with("22")),
            // sqlx reports a value it cannot encode for the driver (an out-of-range number) before sending it.
            StoreError::Sql(sqlx::Error::Encode(_)) => true,
            _ => false,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A PostgreSQL schema name no other run uses, for [`Db::connect_pg_schema`].
pub fn fresh_schema_name() -> String {
    format!("t_{}", uuid::Uuid::new_v4().simple())
}

/// `result`, except that a row repeating a value that must be unique (an email, a connected account) becomes
/// [`StoreError::Conflict`] saying `message`: the person can fix that, unlike other database failures.
pub(crate) fn conflict_on_unique<T>(
    result: Result<T>,
    message: impl FnOnce() -> String,
) -> Result<T> {
    match result {
        Err(StoreError::Sql(sqlx::Error::Database(e))) if e.is_unique_violation() => {
            Err(StoreError::Conflict(message()))
        }
        other => other,
    }
}

/// `Ok` when a statement naming one row changed it; [`StoreError::NotFound`] naming `what` when it changed none (the
/// id names nothing, or nothing of the caller's workspace).
pub(crate) fn found(changed: u64, what: &'static str) -> Result<()> {
    if changed == 0 {
        Err(StoreError::NotFound(what))
    } else {
        Ok(())
    }
}

/// `SELECT {columns} {rest}`: a read whose column list its module keeps in one constant, the `FROM ...` clause written
/// where it is read (both source text).
pub(crate) fn select(columns: &'static str, rest: &'static str) -> Sql<'static> {
    Sql::assembled(format!("SELECT {columns} {rest}"))
}

/// The row `sql` names, or [`StoreError::NotFound`] naming `what`.
pub(crate) async fn fetch_found<T: Record>(db: &Db, sql: Sql<'_>, what: &'static str) -> Result<T> {
    db.fetch_optional(sql)
        .await?
        .ok_or(StoreError::NotFound(what))
}

/// Deletes the row `id` of `table` when it is the workspace's; [`StoreError::NotFound`] naming `what` when there is
/// none (the id names nothing, or nothing of this workspace). `table` is written in the source, never a request's.
pub(crate) async fn delete_in_workspace(
    db: &Db,
    table: &'static str,
    workspace_id: i64,
    id: i64,
    what: &'static str,
) -> Result<()> {
    let sql = format!("DELETE FROM {table} WHERE id = $1 AND workspace_id = $2");
    let deleted = db
        .execute(Sql::assembled(sql).bind(id).bind(workspace_id))
        .await?;
    found(deleted, what)
}

/// Prepared statements each SQLite connection keeps (sqlx keeps 100). SQLite holds a prepared statement's plan in its
/// own memory, a few kilobytes to tens of them each, in every connection of the pool: measured on the release demo
/// after its back-fill with eight connections (glibc's count of SQLite's memory), 10.0 MB in use with 100 kept, 5.4 MB
/// with 32, and the process 2-5 MB smaller; `sangam bench inbox` served as many requests either way. Every busy path
/// (an inbox page, an inbound page, a publish) runs fewer than 32 distinct statements, so they stay prepared.
const SQLITE_STATEMENTS_KEPT: usize = 32;

/// Connections in a SQLite pool: twice the cores, at least 4 and at most 8. The database file sits in the page
/// cache, so SQLite's work is the CPU's: connections beyond that only queue for a core, and each has its own thread,
/// page cache and prepared statements. No store call holds one connection while it waits for another, so a small
/// pool queues and never deadlocks. Measured on 2 cores, 4 instead of 8: the demo after its back-fill 47 MB instead
/// of 52, `sangam bench publish` 37.5 MB after its load instead of 50.5 at the same throughput, and `sangam bench
/// inbox` served as many requests.
fn sqlite_connections() -> u32 {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    (2 * cores).clamp(4, 8) as u32
}

/// A PostgreSQL connection idle for less than this is handed out without a ping (see [`Db::connect_pg`]).
const PG_TRUSTED_IDLE: Duration = Duration::from_secs(5);

impl Db {
    /// Opens the database named by `url`. A bare path (no scheme) is taken as a SQLite file.
    pub async fn connect(url: &str) -> Result<Db> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options =
                PgConnectOptions::from_str(url).map_err(|e| StoreError::Connect(e.to_string()))?;
            Self::connect_pg(options).await
        } else if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            Self::connect_sqlite(path).await
        } else if !url.contains("://") {
            Self::connect_sqlite(url).await
        } else {
            Err(StoreError::UnsupportedUrl(url.to_string()))
        }
    }

    /// SQLite with the pragmas a busy single-file server wants: WAL so readers never block the writer, a generous busy
    /// timeout so concurrent writers queue instead of failing, and foreign keys on.
    ///
    /// A new database file is created readable by its owner only (0600, whatever the umask), as the key file is; its
    /// `-wal` and `-shm` companions are given the same mode.
    pub async fn connect_sqlite(path: &str) -> Result<Db> {
        let created = create_owner_only(path)
            .map_err(|e| StoreError::Connect(format!("{path}: creating the file: {e}")))?;
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            // Long enough that a writer queues behind another's transaction on a loaded two-core host (an ingest
            // behind a back-fill, the scheduler and the collector at once) instead of failing with "database is
            // locked". Write transactions begin IMMEDIATE (`Db::tx`), so they wait here rather than fail at once.
            .busy_timeout(Duration::from_secs(30))
            .foreign_keys(true)
            .statement_cache_capacity(SQLITE_STATEMENTS_KEPT);
        // An idle connection is closed after a minute: each holds SQLite's page cache (up to 2 MB) and its prepared
        // statements, and a server at rest should give that memory back rather than keep a warm copy per connection.
        let pool = SqlitePoolOptions::new()
            .max_connections(sqlite_connections())
            .idle_timeout(Duration::from_secs(60))
            // A connection to a file cannot have been hung up on: sqlx's ping before every acquire is a round trip
            // to the connection's thread per statement, doubling the cost of a short read.
            .test_before_acquire(false)
            .connect_with(options)
            .await
            .map_err(|e| StoreError::Connect(format!("{path}: {e}")))?;
        if created {
            // The WAL and shared-memory files appear with the first connection; SQLite copies the database file's
            // mode to them, and this makes sure of it.
            for suffix in ["-wal", "-shm"] {
                restrict_to_owner(&format!("{path}{suffix}"))
                    .map_err(|e| StoreError::Connect(format!("{path}{suffix}: {e}")))?;
            }
        }
        Ok(Db::Sqlite(pool))
    }

    pub async fn connect_pg(options: PgConnectOptions) -> Result<Db> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            // sqlx pings a connection before every acquire, one more round trip to the server per statement. Only a
            // connection idle for a while can have been dropped by the server (a restart, a proxy's timeout), so
            // only that one is pinged; one in steady use is handed out as it is.
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for < PG_TRUSTED_IDLE {
                        return Ok(true);
                    }
                    sqlx::Connection::ping(conn).await.map(|()| true)
                })
            })
            .connect_with(options)
            .await
            .map_err(|e| StoreError::Connect(e.to_string()))?;
        Ok(Db::Pg(pool))
    }

    /// Opens `url` inside its own PostgreSQL schema `schema` (created when missing) and brings it up to date: a
    /// database apart from every other on the server, for `sangam bench` and for tests that point several processes
    /// at one schema. `schema` is a name made by the program (see [`fresh_schema_name`]), never one a person typed.
    pub async fn connect_pg_schema(url: &str, schema: &str) -> Result<Db> {
        let base =
            PgConnectOptions::from_str(url).map_err(|e| StoreError::Connect(e.to_string()))?;
        let admin = Db::connect_pg(base.clone()).await?;
        let created = admin
            .execute(Sql::assembled(format!(
                "CREATE SCHEMA IF NOT EXISTS {schema}"
            )))
            .await;
        admin.close().await;
        created?;
        let db = Db::connect_pg(base.options([("search_path", schema)])).await?;
        db.migrate().await?;
        Ok(db)
    }

    /// Brings the schema up to date. Safe to run from several processes at once: sqlx takes a lock.
    pub async fn migrate(&self) -> Result<()> {
        let migrator = migrations::migrator(self.kind());
        match self {
            Db::Sqlite(pool) => migrator.run(pool).await,
            Db::Pg(pool) => migrator.run(pool).await,
        }
        .map_err(|e| StoreError::Migrate(e.to_string()))
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Pg(_) => "postgres",
        }
    }

    /// A cheap round trip, for `/healthz`.
    pub async fn ping(&self) -> Result<()> {
        self.execute(Sql::new("SELECT 1")).await?;
        Ok(())
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(pool) => pool.close().await,
            Db::Pg(pool) => pool.close().await,
        }
    }
}

/// Creates the SQLite file at `path` with mode 0600 if it does not exist yet, before sqlx opens it (sqlx would create
/// it under the umask, usually 0644). Returns whether it was created. In-memory and URI-style names are left to sqlx.
fn create_owner_only(path: &str) -> std::io::Result<bool> {
    if path.is_empty() || path.starts_with(':') || path.contains('?') {
        return Ok(false);
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}

/// Sets `path` to 0600 when it exists.
fn restrict_to_owner(path: &str) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
