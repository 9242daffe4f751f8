//! The sandbox's own storage: the posts it has accepted, in a SQLite file of its own.
//!
//! The sandbox stands for a network outside our process, so its memory must outlive us: a post accepted just before a
//! SIGKILL is still "on the network" after the restart, which is exactly what reconciliation has to cope with. Two
//! `sangam serve` processes on one machine share the file; WAL and a busy timeout let them take turns.

use std::path::Path;
use std::time::Duration;

use sangam_domain::Millis;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{FromRow, SqlitePool};

/// A post as the sandbox stores it.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct SandboxPost {
    /// Row number; the remote id is `sbx-<id>`.
    pub id: i64,
    pub handle: String,
    pub idempotency_key: String,
    pub text: String,
    pub in_reply_to: Option<String>,
    pub published_at: Millis,
}

impl SandboxPost {
    pub fn remote_id(&self) -> String {
        remote_id_for(self.id)
    }
}

const REMOTE_ID_PREFIX: &str = "sbx-";

pub(crate) fn remote_id_for(id: i64) -> String {
    format!("{REMOTE_ID_PREFIX}{id}")
}

/// The row number behind a remote id, or `None` when it is not one of ours.
pub(crate) fn id_from_remote_id(remote_id: &str) -> Option<i64> {
    remote_id.strip_prefix(REMOTE_ID_PREFIX)?.parse().ok()
}

/// The sandbox's private schema. Created at open; there is nobody else to migrate it for.
const SCHEMA: [&str; 3] = [
    "CREATE TABLE IF NOT EXISTS sandbox_posts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        handle TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        text TEXT NOT NULL,
        in_reply_to TEXT,
        published_at INTEGER NOT NULL
    )",
    // The whole idempotency promise rests on this index: a repeat cannot make a second row, whoever sends it.
    "CREATE UNIQUE INDEX IF NOT EXISTS sandbox_posts_handle_key ON sandbox_posts (handle, idempotency_key)",
    "CREATE INDEX IF NOT EXISTS sandbox_posts_handle_time ON sandbox_posts (handle, published_at)",
];

#[derive(Debug, Clone)]
pub(crate) struct Ledger {
    pool: SqlitePool,
}

impl Ledger {
    pub(crate) async fn open_file(path: &Path) -> Result<Ledger, sqlx::Error> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // NORMAL in WAL mode loses nothing when only the process dies, which is the crash we simulate.
            .synchronous(SqliteSynchronous::Normal)
            // Several processes (chaos drills) and a busy machine queue on the one write lock; a simulated network
            // waits its turn rather than failing a publish that a real one would have taken.
            .busy_timeout(Duration::from_secs(30));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        Ledger::with_schema(pool).await
    }

    pub(crate) async fn open_in_memory() -> Result<Ledger, sqlx::Error> {
        let options = SqliteConnectOptions::new().in_memory(true);
        // An in-memory database lives as long as its one connection, so the pool keeps exactly one, forever.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await?;
        Ledger::with_schema(pool).await
    }

    async fn with_schema(pool: SqlitePool) -> Result<Ledger, sqlx::Error> {
        for statement in SCHEMA {
            sqlx::query(statement).execute(&pool).await?;
        }
        Ok(Ledger { pool })
    }

    /// Stores the post unless this handle already used this key, and returns whichever post holds the key now.
    ///
    /// One autocommit `INSERT` takes the write lock before it reads, like `BEGIN IMMEDIATE`, so two processes racing
    /// on one key cannot both insert: the loser's row is skipped by the unique index, and its `SELECT` finds the
    /// winner's. Rows are never updated or deleted, so the `SELECT` cannot miss.
    pub(crate) async fn accept(
        &self,
        handle: &str,
        key: &str,
        text: &str,
        in_reply_to: Option<&str>,
        now: Millis,
    ) -> Result<SandboxPost, sqlx::Error> {
        sqlx::query(
            "INSERT INTO sandbox_posts (handle, idempotency_key, text, in_reply_to, published_at)
             VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (handle, idempotency_key) DO NOTHING",
        )
        .bind(handle)
        .bind(key)
        .bind(text)
        .bind(in_reply_to)
        .bind(now)
        .execute(&self.pool)
        .await?;
        match self.by_key(handle, key).await? {
            Some(post) => Ok(post),
            None => Err(sqlx::Error::RowNotFound),
        }
    }

    pub(crate) async fn by_key(
        &self,
        handle: &str,
        key: &str,
    ) -> Result<Option<SandboxPost>, sqlx::Error> {
        sqlx::query_as::<_, SandboxPost>(
            "SELECT id, handle, idempotency_key, text, in_reply_to, published_at
             FROM sandbox_posts WHERE handle = ? AND idempotency_key = ?",
        )
        .bind(handle)
        .bind(key)
        .fetch_optional(&self.pool)
        .await
    }

    pub(crate) async fn by_id(
        &self,
        handle: &str,
        id: i64,
    ) -> Result<Option<SandboxPost>, sqlx::Error> {
        sqlx::query_as::<_, SandboxPost>(
            "SELECT id, handle, idempotency_key, text, in_reply_to, published_at
             FROM sandbox_posts WHERE handle = ? AND id = ?",
        )
        .bind(handle)
        .bind(id)
        .fetch_optional(&self.pool)
        .await
    }

    /// The handle's posts published at or before `at`, oldest first.
    pub(crate) async fn posts_until(
        &self,
        handle: &str,
        at: Millis,
    ) -> Result<Vec<SandboxPost>, sqlx::Error> {
        sqlx::query_as::<_, SandboxPost>(
            "SELECT id, handle, idempotency_key, text, in_reply_to, published_at
             FROM sandbox_posts WHERE handle = ? AND published_at <= ? ORDER BY published_at, id",
        )
        .bind(handle)
        .bind(at)
        .fetch_all(&self.pool)
        .await
    }

    pub(crate) async fn all(&self) -> Result<Vec<SandboxPost>, sqlx::Error> {
        sqlx::query_as::<_, SandboxPost>(
            "SELECT id, handle, idempotency_key, text, in_reply_to, published_at FROM sandbox_posts ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await
    }

    pub(crate) async fn count_with_key(&self, handle: &str, key: &str) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM sandbox_posts WHERE handle = ? AND idempotency_key = ?",
        )
        .bind(handle)
        .bind(key)
        .fetch_one(&self.pool)
        .await
    }

    /// Keys (per handle) held by more than one post. The unique index keeps this at zero; tests check it anyway.
    pub(crate) async fn repeated_keys(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM sandbox_posts GROUP BY handle, idempotency_key HAVING COUNT(*) > 1)",
        )
        .fetch_one(&self.pool)
        .await
    }

    /// Texts a handle published more than once (under different keys): what a duplicate post looks like to the public.
    pub(crate) async fn repeated_texts(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM sandbox_posts GROUP BY handle, text HAVING COUNT(*) > 1)",
        )
        .fetch_one(&self.pool)
        .await
    }
}
