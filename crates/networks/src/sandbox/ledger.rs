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

/// A post as the sandbox stores it: everything it received, so the demo and tests can see what reached the network.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct SandboxPost {
    /// Row number; the remote id is `sbx-<id>`.
    pub id: i64,
    pub handle: String,
    pub idempotency_key: String,
    pub text: String,
    pub in_reply_to: Option<String>,
    pub published_at: Millis,
    /// The images in the order received, each with its alt text.
    #[sqlx(skip)]
    pub images: Vec<SandboxImage>,
    #[sqlx(skip)]
    pub language: Option<String>,
    #[sqlx(skip)]
    pub content_warning: Option<String>,
    #[sqlx(skip)]
    pub link_card: Option<SandboxLinkCard>,
}

/// An image as the sandbox keeps it (its bytes are only counted).
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct SandboxImage {
    pub position: i64,
    pub mime: String,
    pub size: i64,
    pub alt: String,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct SandboxLinkCard {
    pub url: String,
    pub title: String,
    pub description: String,
    /// Size of the card's image, when it came with one.
    pub thumb_size: Option<i64>,
}

/// What comes with a post besides its text, as received.
#[derive(Debug, Clone, Default)]
pub(crate) struct Extras<'a> {
    pub images: Vec<(&'a str, usize, &'a str)>,
    pub language: Option<&'a str>,
    pub content_warning: Option<&'a str>,
    pub link_card: Option<(&'a str, &'a str, &'a str, Option<usize>)>,
}

impl Extras<'_> {
    /// Nothing came with the post but its text: a read of it finds no images and no extras row, as when none is
    /// stored.
    fn is_empty(&self) -> bool {
        self.images.is_empty()
            && self.language.is_none()
            && self.content_warning.is_none()
            && self.link_card.is_none()
    }

    /// The post as [`Ledger::accept`] stored it under row `id`, with these extras, as [`Ledger::by_key`] reads it.
    fn stored(
        &self,
        id: i64,
        handle: &str,
        key: &str,
        text: &str,
        in_reply_to: Option<&str>,
        now: Millis,
    ) -> SandboxPost {
        let images = self.images.iter().enumerate();
        SandboxPost {
            id,
            handle: handle.to_owned(),
            idempotency_key: key.to_owned(),
            text: text.to_owned(),
            in_reply_to: in_reply_to.map(str::to_owned),
            published_at: now,
            images: images
                .map(|(position, (mime, size, alt))| SandboxImage {
                    position: position as i64 + 1,
                    mime: (*mime).to_owned(),
                    size: *size as i64,
                    alt: (*alt).to_owned(),
                })
                .collect(),
            language: self.language.map(str::to_owned),
            content_warning: self.content_warning.map(str::to_owned),
            link_card: self
                .link_card
                .map(|(url, title, description, thumb)| SandboxLinkCard {
                    url: url.to_owned(),
                    title: title.to_owned(),
                    description: description.to_owned(),
                    thumb_size: thumb.map(|s| s as i64),
                }),
        }
    }
}

impl SandboxPost {
    pub fn remote_id(&self) -> String {
        remote_id_for(self.id)
    }
}

const REMOTE_ID_PREFIX: &str = "sbx-";

/// What follows a key a repeat was stored under, when the sandbox does not deduplicate (`key#repeat-1`, ...).
const REPEAT_MARK: &str = "#repeat-";

pub(crate) fn remote_id_for(id: i64) -> String {
    format!("{REMOTE_ID_PREFIX}{id}")
}

/// The row number behind a remote id, or `None` when it is not one of ours.
pub(crate) fn id_from_remote_id(remote_id: &str) -> Option<i64> {
    remote_id.strip_prefix(REMOTE_ID_PREFIX)?.parse().ok()
}

/// The sandbox's private schema. Created at open; there is nobody else to migrate it for.
const SCHEMA: [&str; 5] = [
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
    // Tables of their own (not new columns) so that a sandbox file from an older Sangam opens unchanged.
    "CREATE TABLE IF NOT EXISTS sandbox_post_images (
        post_id INTEGER NOT NULL REFERENCES sandbox_posts(id),
        position INTEGER NOT NULL,
        mime TEXT NOT NULL,
        size INTEGER NOT NULL,
        alt TEXT NOT NULL,
        PRIMARY KEY (post_id, position)
    )",
    "CREATE TABLE IF NOT EXISTS sandbox_post_extras (
        post_id INTEGER PRIMARY KEY REFERENCES sandbox_posts(id),
        language TEXT,
        content_warning TEXT,
        link_url TEXT,
        link_title TEXT,
        link_description TEXT,
        link_thumb_size INTEGER
    )",
];

#[derive(FromRow)]
struct ExtrasRow {
    language: Option<String>,
    content_warning: Option<String>,
    link_url: Option<String>,
    link_title: Option<String>,
    link_description: Option<String>,
    link_thumb_size: Option<i64>,
}

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
        extras: &Extras<'_>,
        now: Millis,
    ) -> Result<SandboxPost, sqlx::Error> {
        // The post and what came with it are stored together or not at all; a post of text alone is one statement.
        let mut tx = match extras.is_empty() {
            true => None,
            false => Some(self.pool.begin().await?),
        };
        let insert = sqlx::query_scalar(
            "INSERT INTO sandbox_posts (handle, idempotency_key, text, in_reply_to, published_at)
             VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (handle, idempotency_key) DO NOTHING RETURNING id",
        )
        .bind(handle)
        .bind(key)
        .bind(text)
        .bind(in_reply_to)
        .bind(now);
        let inserted: Option<i64> = match tx.as_mut() {
            Some(tx) => insert.fetch_optional(&mut **tx).await?,
            None => insert.fetch_optional(&self.pool).await?,
        };
        if let (Some(id), Some(tx)) = (inserted, tx.as_mut()) {
            for (position, (mime, size, alt)) in extras.images.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO sandbox_post_images (post_id, position, mime, size, alt) VALUES (?, ?, ?, ?, ?)",
                )
                .bind(id)
                .bind(position as i64 + 1)
                .bind(*mime)
                .bind(*size as i64)
                .bind(*alt)
                .execute(&mut **tx)
                .await?;
            }
            let card = extras.link_card;
            sqlx::query(
                "INSERT INTO sandbox_post_extras (post_id, language, content_warning, link_url, link_title,
                 link_description, link_thumb_size) VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(id)
            .bind(extras.language)
            .bind(extras.content_warning)
            .bind(card.map(|c| c.0))
            .bind(card.map(|c| c.1))
            .bind(card.map(|c| c.2))
            .bind(card.and_then(|c| c.3).map(|s| s as i64))
            .execute(&mut **tx)
            .await?;
        }
        if let Some(tx) = tx {
            tx.commit().await?;
        }
        let post = match inserted {
            // What was just stored is what came in: the post is built from it, not read back (three fewer
            // statements on the publish path of every demo and benchmark).
            Some(id) => Some(extras.stored(id, handle, key, text, in_reply_to, now)),
            None => self.by_key(handle, key).await?,
        };
        post.ok_or(sqlx::Error::RowNotFound)
    }

    /// Fills in what came with each post besides its text.
    async fn with_extras(
        &self,
        mut posts: Vec<SandboxPost>,
    ) -> Result<Vec<SandboxPost>, sqlx::Error> {
        for post in &mut posts {
            post.images = sqlx::query_as(
                "SELECT position, mime, size, alt FROM sandbox_post_images WHERE post_id = ? ORDER BY position",
            )
            .bind(post.id)
            .fetch_all(&self.pool)
            .await?;
            let extras: Option<ExtrasRow> = sqlx::query_as(
                "SELECT language, content_warning, link_url, link_title, link_description, link_thumb_size
                 FROM sandbox_post_extras WHERE post_id = ?",
            )
            .bind(post.id)
            .fetch_optional(&self.pool)
            .await?;
            if let Some(e) = extras {
                post.language = e.language;
                post.content_warning = e.content_warning;
                post.link_card = e.link_url.map(|url| SandboxLinkCard {
                    url,
                    title: e.link_title.unwrap_or_default(),
                    description: e.link_description.unwrap_or_default(),
                    thumb_size: e.link_thumb_size,
                });
            }
        }
        Ok(posts)
    }

    async fn one_with_extras(
        &self,
        post: Option<SandboxPost>,
    ) -> Result<Option<SandboxPost>, sqlx::Error> {
        Ok(self.with_extras(post.into_iter().collect()).await?.pop())
    }

    pub(crate) async fn by_key(
        &self,
        handle: &str,
        key: &str,
    ) -> Result<Option<SandboxPost>, sqlx::Error> {
        let post = sqlx::query_as::<_, SandboxPost>(
            "SELECT id, handle, idempotency_key, text, in_reply_to, published_at
             FROM sandbox_posts WHERE handle = ? AND idempotency_key = ?",
        )
        .bind(handle)
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        self.one_with_extras(post).await
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

    /// One post with everything it came with, for its public page.
    pub(crate) async fn by_id_with_extras(
        &self,
        handle: &str,
        id: i64,
    ) -> Result<Option<SandboxPost>, sqlx::Error> {
        let post = self.by_id(handle, id).await?;
        self.one_with_extras(post).await
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
        let posts = sqlx::query_as::<_, SandboxPost>(
            "SELECT id, handle, idempotency_key, text, in_reply_to, published_at FROM sandbox_posts ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        self.with_extras(posts).await
    }

    pub(crate) async fn count_with_key(&self, handle: &str, key: &str) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM sandbox_posts WHERE handle = ?
             AND (idempotency_key = ? OR substr(idempotency_key, 1, ?) = ?)",
        )
        .bind(handle)
        .bind(key)
        .bind((key.len() + REPEAT_MARK.len()) as i64)
        .bind(format!("{key}{REPEAT_MARK}"))
        .fetch_one(&self.pool)
        .await
    }

    /// The key a repeat of `key` is stored under when the sandbox does not deduplicate: the key itself the first
    /// time, then the key with a suffix, so that the key's first post stays the one `by_key` finds and every repeat
    /// is counted by `count_with_key`.
    pub(crate) async fn key_for_repeat(
        &self,
        handle: &str,
        key: &str,
    ) -> Result<String, sqlx::Error> {
        Ok(match self.count_with_key(handle, key).await? {
            0 => key.to_string(),
            n => format!("{key}{REPEAT_MARK}{n}"),
        })
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
