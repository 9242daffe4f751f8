//! Watching competitors: reads each watched account's public counts (a snapshot) and its own recent posts (stored once
//! per remote id, counts updated), through [`PublicReaders`], without credentials. A competitor just added is
//! back-filled from up to [`BACKFILL_PAGES`] pages of its feed; after that each run reads its newest pages again, up
//! to [`REFRESH_PAGES`], enough to bring the counts of its last month's posts up to date.
//!
//! It runs as its own leased job (`refresh_competitors`), so it takes one engine slot and never a publish lane or the
//! inbox's job; a run stops starting new competitors once half its lease is spent, and the rest wait for the next run
//! (the longest unread go first).

use crate::JobError;
use sangam_domain::{Millis, NetworkKind};
use sangam_networks::NetworkError;
use sangam_networks::public::{PublicAccount, PublicProfiles, PublicReaders};
use sangam_store::Db;
use sangam_store::competitors::{self, Competitor, CompetitorSnapshot, PostRead};

const DAY: Millis = 24 * 3_600_000;
/// Pages of a new competitor's feed read back when it is added, and how far back.
pub const BACKFILL_PAGES: usize = 10;
pub const BACKFILL_WINDOW_MS: Millis = 365 * DAY;
/// Pages read on each later run, and the age past which a post's counts have settled.
pub const REFRESH_PAGES: usize = 2;
pub const REFRESH_WINDOW_MS: Millis = 30 * DAY;
/// How often the competitors are read when the engine is not told otherwise (it follows the metrics' period).
pub const DEFAULT_EVERY_MS: Millis = 15 * 60_000;

/// What one run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Refreshed {
    pub competitors: usize,
    pub posts: u64,
    pub failed: usize,
}

/// Reads every watched competitor, the longest unread first, until `until`. One competitor's failure is recorded on
/// it (shown on the page) and does not stop the others.
pub async fn refresh_all(
    db: &Db,
    readers: &PublicReaders,
    now: Millis,
    until: Millis,
) -> Result<Refreshed, JobError> {
    let mut done = Refreshed::default();
    for competitor in competitors::watched(db).await? {
        if sangam_domain::now_millis() > until {
            break;
        }
        let Some(reader) = readers.get(competitor.network) else {
            continue;
        };
        let backfill = competitor.backfilled_at.is_none();
        match read(db, reader.as_ref(), &competitor, now, backfill).await {
            Ok(posts) => {
                competitors::mark_read(db, competitor.id, now, backfill, None).await?;
                done.competitors += 1;
                done.posts += posts;
            }
            Err(Failure::Store(e)) => return Err(e.into()),
            Err(Failure::Network(e)) => {
                tracing::warn!(competitor = competitor.id, error = %e, "reading a competitor failed");
                competitors::mark_read(db, competitor.id, now, false, Some(&e.to_string())).await?;
                done.failed += 1;
            }
        }
    }
    Ok(done)
}

/// Why reading one competitor stopped.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("{0}")]
    Network(NetworkError),
    #[error("{0}")]
    Store(#[from] sangam_store::StoreError),
}

/// The key a competitor is looked up by again: Bluesky and the sandbox by their stable id (a DID survives a change
/// of handle), Mastodon by `user@instance`.
fn lookup_key(c: &Competitor) -> &str {
    match c.network {
        NetworkKind::Mastodon => &c.handle,
        _ => &c.remote_id,
    }
}

/// Reads one competitor at `now`: a snapshot of its counts, then pages of its posts (the back-fill's, or a refresh's).
/// Returns the post rows written.
pub async fn read(
    db: &Db,
    reader: &dyn PublicProfiles,
    competitor: &Competitor,
    now: Millis,
    backfill: bool,
) -> Result<u64, Failure> {
    let account = reader
        .lookup(lookup_key(competitor))
        .await
        .map_err(Failure::Network)?
        .ok_or_else(|| {
            Failure::Network(NetworkError::rejected(
                "the network no longer has this account",
            ))
        })?;
    snapshot(db, competitor.id, &account, now).await?;
    let (pages, window) = if backfill {
        (BACKFILL_PAGES, BACKFILL_WINDOW_MS)
    } else {
        (REFRESH_PAGES, REFRESH_WINDOW_MS)
    };
    posts(
        db,
        reader,
        competitor.id,
        &account,
        now,
        pages,
        now - window,
    )
    .await
}

/// Stores the account's counts now.
pub async fn snapshot(
    db: &Db,
    competitor_id: i64,
    account: &PublicAccount,
    now: Millis,
) -> Result<(), Failure> {
    let snap = CompetitorSnapshot {
        competitor_id,
        taken_at: now,
        followers: account.followers,
        following: account.following,
        posts: account.posts,
    };
    competitors::record_snapshot(db, &snap).await?;
    Ok(())
}

/// Reads up to `pages` pages of the account's posts, newest first, and stops at the first page that reaches back
/// past `oldest`. Each page is stored in its own transaction, so a run cut short keeps what it read.
pub async fn posts(
    db: &Db,
    reader: &dyn PublicProfiles,
    competitor_id: i64,
    account: &PublicAccount,
    now: Millis,
    pages: usize,
    oldest: Millis,
) -> Result<u64, Failure> {
    let mut cursor: Option<String> = None;
    let mut written = 0;
    for _ in 0..pages {
        let page = reader
            .posts(account, cursor.as_deref())
            .await
            .map_err(Failure::Network)?;
        let rows: Vec<PostRead<'_>> = page
            .posts
            .iter()
            .filter(|p| p.published_at >= oldest)
            .map(|p| PostRead {
                remote_id: &p.remote_id,
                url: &p.url,
                body: &p.text,
                published_at: p.published_at,
                likes: p.likes,
                reposts: p.reposts,
                replies: p.replies,
                quotes: p.quotes,
                hashtags: &p.hashtags,
            })
            .collect();
        written += competitors::store_posts(db, competitor_id, &rows, now).await?;
        let reached_back = page.posts.iter().any(|p| p.published_at < oldest);
        match page.next_cursor {
            Some(next) if !reached_back && !page.posts.is_empty() => cursor = Some(next),
            _ => break,
        }
    }
    Ok(written)
}
