//! Competitors: public accounts a workspace watches, their raw follower snapshots and their posts, stored once per
//! remote id whatever pages of their feed overlap (each read updates the counts). As with our own reports, nothing
//! here computes a figure: the rows are read into `sangam_domain::reports::PostRow` and `FollowerPoint`, and
//! `sangam_domain::competitors` does the arithmetic, so an oracle test can recompute it by hand.

use crate::{Db, Result, Sql, fetch_found, found};
use sangam_domain::reports::{FollowerPoint, Period, PostRow};
use sangam_domain::{Millis, NetworkKind};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Competitor {
    pub id: i64,
    pub workspace_id: i64,
    #[sqlx(try_from = "String")]
    pub network: NetworkKind,
    pub handle: String,
    /// The network's own id of the account (a DID, a Mastodon account id, a sandbox handle).
    pub remote_id: String,
    pub display_name: String,
    /// The account's public page.
    pub url: String,
    pub added_at: Millis,
    pub removed_at: Option<Millis>,
    /// When its recent posts were first read back; `None` while the back-fill has yet to run.
    pub backfilled_at: Option<Millis>,
    pub refreshed_at: Option<Millis>,
    /// What the network said when reading it last failed.
    pub last_error: Option<String>,
}

const COLUMNS: &str =
    "id, workspace_id, network, handle, remote_id, display_name, url, added_at, removed_at,
                       backfilled_at, refreshed_at, last_error";
const COMPETITOR: &str = "The competitor";

pub struct NewCompetitor<'a> {
    pub workspace_id: i64,
    pub network: NetworkKind,
    pub handle: &'a str,
    pub remote_id: &'a str,
    pub display_name: &'a str,
    pub url: &'a str,
    pub added_by: Option<i64>,
}

/// Adds a competitor. The same account added again (even after it was removed) is the same row, brought back with
/// its history and its handle and name as the network gives them now.
pub async fn add(db: &Db, new: NewCompetitor<'_>, now: Millis) -> Result<Competitor> {
    let handle = sangam_domain::untrusted::storable(new.handle);
    let name = sangam_domain::untrusted::storable(new.display_name);
    let url = sangam_domain::untrusted::storable(new.url);
    let sql = format!(
        "INSERT INTO competitors (workspace_id, network, handle, remote_id, display_name, url, added_by, added_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (workspace_id, network, remote_id) DO UPDATE SET handle = excluded.handle,
           display_name = excluded.display_name, url = excluded.url, removed_at = NULL
         RETURNING {COLUMNS}"
    );
    db.fetch_one(
        Sql::assembled(sql)
            .bind(new.workspace_id)
            .bind(new.network.as_str())
            .bind(&*handle)
            .bind(new.remote_id)
            .bind(&*name)
            .bind(&*url)
            .bind(new.added_by)
            .bind(now),
    )
    .await
}

/// The workspace's competitors (not removed), by name.
pub async fn list(db: &Db, workspace_id: i64) -> Result<Vec<Competitor>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM competitors WHERE workspace_id = $1 AND removed_at IS NULL ORDER BY display_name, id"
    );
    db.fetch_all(Sql::assembled(sql).bind(workspace_id)).await
}

/// One competitor of the workspace, removed or not.
pub async fn get(db: &Db, workspace_id: i64, id: i64) -> Result<Competitor> {
    let sql = format!("SELECT {COLUMNS} FROM competitors WHERE id = $1 AND workspace_id = $2");
    fetch_found(
        db,
        Sql::assembled(sql).bind(id).bind(workspace_id),
        COMPETITOR,
    )
    .await
}

/// Every workspace's competitors still watched, the longest unread first: the engine's refresh list.
pub async fn watched(db: &Db) -> Result<Vec<Competitor>> {
    // NULLs first on both databases without NULLS FIRST (SQLite sorts them first, PostgreSQL last).
    let sql = format!(
        "SELECT {COLUMNS} FROM competitors WHERE removed_at IS NULL
         ORDER BY CASE WHEN refreshed_at IS NULL THEN 0 ELSE 1 END, refreshed_at, id"
    );
    db.fetch_all(Sql::assembled(sql)).await
}

/// Stops watching a competitor. Its snapshots and posts stay; adding the account again brings them back.
pub async fn remove(db: &Db, workspace_id: i64, id: i64, now: Millis) -> Result<()> {
    let sql = "UPDATE competitors SET removed_at = $1 WHERE id = $2 AND workspace_id = $3 AND removed_at IS NULL";
    let changed = db
        .execute(Sql::new(sql).bind(now).bind(id).bind(workspace_id))
        .await?;
    found(changed, COMPETITOR)
}

/// Records how reading the competitor went: `error` is `None` after a good read (which also marks the back-fill done
/// when `backfilled` is set).
pub async fn mark_read(
    db: &Db,
    id: i64,
    now: Millis,
    backfilled: bool,
    error: Option<&str>,
) -> Result<()> {
    let sql = if backfilled && error.is_none() {
        "UPDATE competitors SET last_error = $1, refreshed_at = $2, backfilled_at = COALESCE(backfilled_at, $2)
         WHERE id = $3"
    } else {
        "UPDATE competitors SET last_error = $1, refreshed_at = $2 WHERE id = $3"
    };
    let error = error.map(|e| e.chars().take(300).collect::<String>());
    db.execute(Sql::new(sql).bind(error).bind(now).bind(id))
        .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct CompetitorSnapshot {
    pub competitor_id: i64,
    pub taken_at: Millis,
    pub followers: i64,
    pub following: i64,
    pub posts: i64,
}

/// Stores a snapshot; a second one for the same instant is ignored.
pub async fn record_snapshot(db: &Db, s: &CompetitorSnapshot) -> Result<()> {
    let sql =
        "INSERT INTO competitor_snapshots (competitor_id, taken_at, followers, following, posts)
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT (competitor_id, taken_at) DO NOTHING";
    db.execute(
        Sql::new(sql)
            .bind(s.competitor_id)
            .bind(s.taken_at)
            .bind(s.followers)
            .bind(s.following)
            .bind(s.posts),
    )
    .await?;
    Ok(())
}

/// A competitor's post as read from its feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostRead<'a> {
    pub remote_id: &'a str,
    pub url: &'a str,
    pub body: &'a str,
    pub published_at: Millis,
    pub likes: i64,
    pub reposts: i64,
    pub replies: i64,
    pub quotes: i64,
    pub hashtags: &'a [String],
}

/// Stores the posts of one page: a post seen before (on an earlier page, or an overlapping one) keeps its row and
/// gets the counts of this read, unless a later read is already stored. Returns the rows written.
pub async fn store_posts(
    db: &Db,
    competitor_id: i64,
    posts: &[PostRead<'_>],
    now: Millis,
) -> Result<u64> {
    let sql = "INSERT INTO competitor_posts (competitor_id, remote_id, url, body, published_at, likes, reposts,
                 replies, quotes, hashtags, first_seen_at, counted_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
               ON CONFLICT (competitor_id, remote_id) DO UPDATE SET likes = excluded.likes,
                 reposts = excluded.reposts, replies = excluded.replies, quotes = excluded.quotes,
                 body = excluded.body, hashtags = excluded.hashtags, counted_at = excluded.counted_at
               WHERE competitor_posts.counted_at <= excluded.counted_at";
    let mut tx = db.tx().await?;
    let mut written = 0;
    for p in posts {
        let body = sangam_domain::untrusted::storable(p.body);
        let url = sangam_domain::untrusted::storable(p.url);
        let tags = p.hashtags.join(" ");
        written += tx
            .execute(
                Sql::new(sql)
                    .bind(competitor_id)
                    .bind(p.remote_id)
                    .bind(&*url)
                    .bind(&*body)
                    .bind(p.published_at)
                    .bind(p.likes)
                    .bind(p.reposts)
                    .bind(p.replies)
                    .bind(p.quotes)
                    .bind(tags)
                    .bind(now),
            )
            .await?;
    }
    tx.commit().await?;
    Ok(written)
}

/// The first and the last snapshot of each competitor in the period, as follower points (`profile_id` is the
/// competitor id).
pub async fn follower_points(db: &Db, ids: &[i64], period: Period) -> Result<Vec<FollowerPoint>> {
    let sql = "SELECT s.competitor_id, s.taken_at, s.followers FROM competitor_snapshots s
               WHERE s.competitor_id IN ({ids}) AND s.taken_at >= $1 AND s.taken_at < $2
                 AND (s.taken_at = (SELECT MIN(x.taken_at) FROM competitor_snapshots x
                        WHERE x.competitor_id = s.competitor_id AND x.taken_at >= $1 AND x.taken_at < $2)
                   OR s.taken_at = (SELECT MAX(x.taken_at) FROM competitor_snapshots x
                        WHERE x.competitor_id = s.competitor_id AND x.taken_at >= $1 AND x.taken_at < $2))
               ORDER BY s.competitor_id, s.taken_at";
    points(
        db,
        Sql::with_ids(sql, ids).bind(period.from).bind(period.to),
    )
    .await
}

/// Every snapshot of the competitors in the period, oldest first (the followers-over-time chart).
pub async fn follower_history(db: &Db, ids: &[i64], period: Period) -> Result<Vec<FollowerPoint>> {
    let sql = "SELECT competitor_id, taken_at, followers FROM competitor_snapshots
               WHERE competitor_id IN ({ids}) AND taken_at >= $1 AND taken_at < $2
               ORDER BY taken_at, competitor_id";
    points(
        db,
        Sql::with_ids(sql, ids).bind(period.from).bind(period.to),
    )
    .await
}

async fn points(db: &Db, sql: Sql<'_>) -> Result<Vec<FollowerPoint>> {
    let rows: Vec<(i64, Millis, i64)> = db.fetch_all(sql).await?;
    Ok(rows
        .into_iter()
        .map(|(profile_id, taken_at, followers)| FollowerPoint {
            profile_id,
            taken_at,
            followers,
        })
        .collect())
}

/// A competitor's post in a report: the row the formulas read, and where it lives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CompetitorPost {
    pub row: PostRow,
    pub remote_id: String,
    pub url: String,
}

#[derive(sqlx::FromRow)]
struct PostSql {
    id: i64,
    competitor_id: i64,
    remote_id: String,
    url: String,
    body: String,
    published_at: Millis,
    likes: i64,
    reposts: i64,
    replies: i64,
    quotes: i64,
    hashtags: String,
    followers_at_post: Option<i64>,
}

/// The competitors' posts published in the period, oldest first, as report rows: `delivery_id` and `post_id` are the
/// post's row id, `profile_id` the competitor id, `tags` its hashtags. The follower count at post time is the
/// competitor's latest snapshot at or before the post; for a post older than the first snapshot (read back when the
/// competitor was added: the networks give no follower history) it is the first snapshot.
pub async fn post_rows(db: &Db, ids: &[i64], period: Period) -> Result<Vec<CompetitorPost>> {
    let sql = "SELECT p.id, p.competitor_id, p.remote_id, p.url, p.body, p.published_at, p.likes, p.reposts,
                      p.replies, p.quotes, p.hashtags,
                      COALESCE(
                        (SELECT s.followers FROM competitor_snapshots s WHERE s.competitor_id = p.competitor_id
                           AND s.taken_at <= p.published_at ORDER BY s.taken_at DESC LIMIT 1),
                        (SELECT s.followers FROM competitor_snapshots s WHERE s.competitor_id = p.competitor_id
                           ORDER BY s.taken_at LIMIT 1)) AS followers_at_post
               FROM competitor_posts p
               WHERE p.competitor_id IN ({ids}) AND p.published_at >= $1 AND p.published_at < $2
               ORDER BY p.published_at, p.id";
    let rows: Vec<PostSql> = db
        .fetch_all(Sql::with_ids(sql, ids).bind(period.from).bind(period.to))
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| CompetitorPost {
            row: PostRow {
                delivery_id: r.id,
                post_id: r.id,
                profile_id: r.competitor_id,
                published_at: r.published_at,
                body: r.body,
                likes: Some(r.likes),
                reposts: Some(r.reposts),
                replies: Some(r.replies),
                quotes: Some(r.quotes),
                impressions: None,
                followers_at_post: r.followers_at_post,
                tags: r
                    .hashtags
                    .split(' ')
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
                    .collect(),
            },
            remote_id: r.remote_id,
            url: r.url,
        })
        .collect())
}

/// How many posts of the competitor are stored (for the list page).
pub async fn post_count(db: &Db, competitor_id: i64) -> Result<i64> {
    let (n,): (i64,) = db
        .fetch_one(
            Sql::new("SELECT COUNT(*) FROM competitor_posts WHERE competitor_id = $1")
                .bind(competitor_id),
        )
        .await?;
    Ok(n)
}

/// The competitor's latest snapshot, if any.
pub async fn latest_snapshot(db: &Db, competitor_id: i64) -> Result<Option<CompetitorSnapshot>> {
    let sql =
        "SELECT competitor_id, taken_at, followers, following, posts FROM competitor_snapshots
               WHERE competitor_id = $1 ORDER BY taken_at DESC LIMIT 1";
    db.fetch_optional(Sql::new(sql).bind(competitor_id)).await
}
