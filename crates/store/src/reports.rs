//! The raw rows reports are computed from: follower snapshots, published deliveries with their latest engagement
//! snapshot, inbound messages with their first reply. No arithmetic here beyond picking rows: the formulas live in
//! `sangam_domain::reports`, so a test can recompute any report from these rows by hand. Also the benchmark table and
//! the read-only share links of reports.

use crate::{Db, Result, Sql, delete_in_workspace, fetch_found, profiles, rollups};
use sangam_domain::Millis;
use sangam_domain::reports::{FollowerPoint, MessageRow, Period, PostRow, ProfileRef};
use serde::Serialize;
use std::collections::BTreeMap;

/// The workspace's profiles the report covers: the ones named in `ids`, or all of them when `ids` is empty.
pub async fn profile_refs(db: &Db, workspace_id: i64, ids: &[i64]) -> Result<Vec<ProfileRef>> {
    Ok(profiles::list(db, workspace_id)
        .await?
        .into_iter()
        .filter(|p| ids.is_empty() || ids.contains(&p.id))
        .map(|p| ProfileRef {
            profile_id: p.id,
            name: p.display_name,
            network: p.network,
        })
        .collect())
}

/// Each profile's (`{ids}`) first and last follower snapshot in `$1`..`$2`, for [`follower_points`].
const FOLLOWER_ENDS: &str = "SELECT b.id, b.first_at, ff.followers, b.last_at, fl.followers FROM (
                 SELECT p.id,
                   (SELECT MIN(x.taken_at) FROM profile_snapshots x
                     WHERE x.profile_id = p.id AND x.taken_at >= $1 AND x.taken_at < $2) AS first_at,
                   (SELECT MAX(x.taken_at) FROM profile_snapshots x
                     WHERE x.profile_id = p.id AND x.taken_at >= $1 AND x.taken_at < $2) AS last_at
                 FROM profiles p WHERE p.id IN ({ids})) b
               JOIN profile_snapshots ff ON ff.profile_id = b.id AND ff.taken_at = b.first_at
               JOIN profile_snapshots fl ON fl.profile_id = b.id AND fl.taken_at = b.last_at";

/// The first and the last follower snapshot of each profile in the period: one statement for all the profiles, two
/// index seeks each (MIN and MAX over the (profile, time) key), so its cost follows the profiles, not the snapshots.
/// First points come before last points, in the profiles' order, a point once when it is both.
pub async fn follower_points(
    db: &Db,
    profiles: &[ProfileRef],
    period: Period,
) -> Result<Vec<FollowerPoint>> {
    let ids: Vec<i64> = profiles.iter().map(|p| p.profile_id).collect();
    let rows: Vec<(i64, Millis, i64, Millis, i64)> = db
        .fetch_all(
            Sql::with_ids(FOLLOWER_ENDS, &ids)
                .bind(period.from)
                .bind(period.to),
        )
        .await?;
    let ends: BTreeMap<i64, (FollowerPoint, FollowerPoint)> = rows
        .into_iter()
        .map(|(profile_id, first_at, first, last_at, last)| {
            let point = |taken_at, followers| FollowerPoint {
                profile_id,
                taken_at,
                followers,
            };
            (profile_id, (point(first_at, first), point(last_at, last)))
        })
        .collect();
    let mut out: Vec<FollowerPoint> = Vec::new();
    for pick_last in [false, true] {
        for p in profiles {
            if let Some((first, last)) = ends.get(&p.profile_id) {
                let point = if pick_last { last } else { first };
                if !out.contains(point) {
                    out.push(*point);
                }
            }
        }
    }
    Ok(out)
}

/// The follower line of the profiles over the period, oldest first (for charts): the first and the last snapshot of
/// each whole UTC day inside the period, read from the daily rollups (`crate::rollups`, two rows a day per profile
/// however often the collector ran), and every raw snapshot of the partial days at either end. The period's first
/// and last snapshot of each profile are always among the points, so the line ends where the report's figures do.
pub async fn follower_history(
    db: &Db,
    profiles: &[ProfileRef],
    period: Period,
) -> Result<Vec<FollowerPoint>> {
    let ids: Vec<i64> = profiles.iter().map(|p| p.profile_id).collect();
    // [from, lo) and [hi, to) are read raw, the whole days [lo, hi) from the rollups.
    let lo = rollups::day_of(period.from + rollups::DAY - 1);
    let hi = rollups::day_of(period.to);
    let (lo, hi) = if lo < hi {
        (lo, hi)
    } else {
        (period.to, period.to)
    };
    let sql = "SELECT profile_id, taken_at, followers FROM profile_snapshots
                 WHERE profile_id IN ({ids}) AND taken_at >= $1 AND taken_at < $2
               UNION ALL SELECT profile_id, first_at, first_followers FROM profile_days
                 WHERE profile_id IN ({ids}) AND day >= $2 AND day < $3
               UNION ALL SELECT profile_id, last_at, last_followers FROM profile_days
                 WHERE profile_id IN ({ids}) AND day >= $2 AND day < $3 AND last_at > first_at
               UNION ALL SELECT profile_id, taken_at, followers FROM profile_snapshots
                 WHERE profile_id IN ({ids}) AND taken_at >= $3 AND taken_at < $4
               ORDER BY 2, 1";
    let rows: Vec<(i64, Millis, i64)> = db
        .fetch_all(
            Sql::with_ids(sql, &ids)
                .bind(period.from)
                .bind(lo)
                .bind(hi)
                .bind(period.to),
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|(profile_id, taken_at, followers)| FollowerPoint {
            profile_id,
            taken_at,
            followers,
        })
        .collect())
}

/// The post rows: the deliveries published in the period by the chosen profiles (`{ids}`), not deleted, not inbox
/// replies, each with its post rollup and the follower count at publication. `$1` the workspace, `$2`..`$3` the
/// period.
///
/// `+p.workspace_id` keeps SQLite from reading every post of the workspace through its index and joining the
/// deliveries to them; the deliveries of the chosen profiles come first (60x faster on two years of history).
/// `(d.state || '')` keeps it off the (profile, state) index, which would read every post the profile ever published,
/// and on the (profile, published_at) one (migration 0024), which reads only the period's. Both are plain SQL and
/// change nothing on PostgreSQL.
///
/// The follower count at publication comes from the rollup while the rollup's `published_at` is the delivery's (so a
/// post costs one rollup row, no snapshot lookup); a post with no rollup yet, or published again since, looks it up
/// (CASE evaluates the lookup only then, on both databases).
const POSTS: &str = concat!(
    "SELECT d.id AS delivery_id, d.post_id, d.profile_id, d.published_at, p.body,
            s.likes, s.reposts, s.replies, s.quotes, s.impressions,
            CASE WHEN s.published_at = d.published_at THEN s.followers_at_post ELSE ",
    rollups::followers_at_publication!(),
    " END AS followers_at_post
     FROM deliveries d
     JOIN posts p ON p.id = d.post_id
     LEFT JOIN post_rollups s ON s.delivery_id = d.id
     WHERE +p.workspace_id = $1 AND (d.state || '') = 'published' AND d.published_at >= $2 AND d.published_at < $3
       AND p.deleted_at IS NULL AND d.in_reply_to IS NULL AND d.profile_id IN ({ids})
     ORDER BY d.published_at, d.id"
);

/// The tags of the posts the rows are (`{ids}`: their post ids), read by key instead of filtering the period's
/// deliveries a second time.
const POST_TAGS: &str = "SELECT post_id, tag FROM post_tags WHERE post_id IN ({ids}) ORDER BY tag";

/// Binds the workspace and the period, the first three placeholders of the report's statements.
fn in_period(sql: Sql<'_>, workspace_id: i64, period: Period) -> Sql<'_> {
    sql.bind(workspace_id).bind(period.from).bind(period.to)
}

#[derive(sqlx::FromRow)]
struct PostSql {
    delivery_id: i64,
    post_id: i64,
    profile_id: i64,
    published_at: Millis,
    body: String,
    likes: Option<i64>,
    reposts: Option<i64>,
    replies: Option<i64>,
    quotes: Option<i64>,
    impressions: Option<i64>,
    followers_at_post: Option<i64>,
}

/// Published deliveries of the profiles in the period (replies to the inbox and deleted posts left out), each with
/// its latest engagement snapshot and the follower count at the profile's latest snapshot at or before publication
/// (both read from its rollup, one row per post: `crate::rollups`).
/// With `tags`, only posts carrying at least one of them.
pub async fn post_rows(
    db: &Db,
    workspace_id: i64,
    profiles: &[ProfileRef],
    period: Period,
    tags: &[String],
) -> Result<Vec<PostRow>> {
    let ids: Vec<i64> = profiles.iter().map(|p| p.profile_id).collect();
    let rows: Vec<PostSql> = db
        .fetch_all(in_period(Sql::with_ids(POSTS, &ids), workspace_id, period))
        .await?;
    let mut post_ids: Vec<i64> = rows.iter().map(|r| r.post_id).collect();
    post_ids.sort_unstable();
    post_ids.dedup();
    let tag_rows: Vec<(i64, String)> = db.fetch_all(Sql::with_ids(POST_TAGS, &post_ids)).await?;
    let mut by_post: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for (id, tag) in tag_rows {
        by_post.entry(id).or_default().push(tag);
    }
    Ok(rows
        .into_iter()
        .map(|r| PostRow {
            tags: by_post.get(&r.post_id).cloned().unwrap_or_default(),
            delivery_id: r.delivery_id,
            post_id: r.post_id,
            profile_id: r.profile_id,
            published_at: r.published_at,
            body: r.body,
            likes: r.likes,
            reposts: r.reposts,
            replies: r.replies,
            quotes: r.quotes,
            impressions: r.impressions,
            followers_at_post: r.followers_at_post,
        })
        .filter(|r| tags.is_empty() || r.tags.iter().any(|t| tags.contains(t)))
        .collect())
}

#[derive(sqlx::FromRow)]
struct MessageSql {
    message_id: i64,
    profile_id: i64,
    kind: String,
    received_at: Millis,
    hidden: bool,
    first_reply_at: Option<Millis>,
    responder_id: Option<i64>,
}

/// Messages that arrived at the profiles in the period, each with who gave the first reply in its conversation after
/// it arrived.
pub async fn message_rows(
    db: &Db,
    workspace_id: i64,
    profiles: &[ProfileRef],
    period: Period,
) -> Result<Vec<MessageRow>> {
    let ids: Vec<i64> = profiles.iter().map(|p| p.profile_id).collect();
    let sql = "SELECT m.id AS message_id, m.profile_id, m.kind, m.received_at, m.hidden, m.first_reply_at,
                      (SELECT r.user_id FROM message_replies r JOIN messages m2 ON m2.id = r.message_id
                        WHERE m2.profile_id = m.profile_id AND m2.conversation_id = m.conversation_id
                          AND r.created_at >= m.received_at
                        ORDER BY r.created_at, r.id LIMIT 1) AS responder_id
               FROM messages m
               WHERE m.workspace_id = $1 AND m.received_at >= $2 AND m.received_at < $3 AND m.profile_id IN ({ids})
               ORDER BY m.received_at, m.id";
    let rows: Vec<MessageSql> = db
        .fetch_all(in_period(Sql::with_ids(sql, &ids), workspace_id, period))
        .await?;
    let names = "SELECT id, name FROM users WHERE workspace_id = $1";
    let names: Vec<(i64, String)> = db.fetch_all(Sql::new(names).bind(workspace_id)).await?;
    let names: BTreeMap<i64, String> = names.into_iter().collect();
    Ok(rows
        .into_iter()
        .map(|r| MessageRow {
            responder_name: r.responder_id.and_then(|id| names.get(&id).cloned()),
            message_id: r.message_id,
            profile_id: r.profile_id,
            kind: r.kind,
            received_at: r.received_at,
            hidden: r.hidden,
            first_reply_at: r.first_reply_at,
            responder_id: r.responder_id,
        })
        .collect())
}

/// A published industry figure. Compared with a report's figure only when `metric_id` (the formula) matches.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Benchmark {
    pub id: i64,
    pub network: String,
    pub industry: String,
    pub metric_id: String,
    pub statistic: String,
    pub value: f64,
    pub unit: String,
    pub source: String,
    pub url: String,
    pub year: Option<i64>,
    pub sample: String,
}

pub async fn benchmarks(db: &Db) -> Result<Vec<Benchmark>> {
    let sql =
        "SELECT id, network, industry, metric_id, statistic, value, unit, source, url, year, sample
               FROM benchmarks ORDER BY metric_id, network, year DESC, id";
    db.fetch_all(Sql::new(sql)).await
}

/// A read-only link to one report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Share {
    pub id: i64,
    pub workspace_id: i64,
    pub report: String,
    pub params: String,
    pub expires_at: Millis,
    pub created_by: i64,
    pub created_at: Millis,
}

/// Stores a share link; the caller keeps the token, only its digest is stored.
#[allow(clippy::too_many_arguments)]
pub async fn create_share(
    db: &Db,
    workspace_id: i64,
    report: &str,
    params: &str,
    token_hash: &str,
    expires_at: Millis,
    created_by: i64,
    now: Millis,
) -> Result<i64> {
    let sql = "INSERT INTO report_shares (workspace_id, report, params, token_hash, expires_at, created_by, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    let (id,): (i64,) = db
        .fetch_one(
            Sql::new(sql)
                .bind(workspace_id)
                .bind(report)
                .bind(params)
                .bind(token_hash)
                .bind(expires_at)
                .bind(created_by)
                .bind(now),
        )
        .await?;
    Ok(id)
}

/// The share whose token digest is `token_hash`, if it has not expired.
pub async fn share_by_token(db: &Db, token_hash: &str, now: Millis) -> Result<Share> {
    let sql = "SELECT id, workspace_id, report, params, expires_at, created_by, created_at FROM report_shares
               WHERE token_hash = $1 AND expires_at > $2";
    let sql = Sql::new(sql).bind(token_hash).bind(now);
    fetch_found(db, sql, "The shared report").await
}

pub async fn revoke_share(db: &Db, workspace_id: i64, id: i64) -> Result<()> {
    delete_in_workspace(db, "report_shares", workspace_id, id, "The shared report").await
}

/// The tags used on the workspace's posts, alphabetically: the choices of the goal form's tag picker.
pub async fn post_tags(db: &Db, workspace_id: i64) -> Result<Vec<String>> {
    let sql = "SELECT DISTINCT t.tag FROM post_tags t JOIN posts p ON p.id = t.post_id
               WHERE p.workspace_id = $1 AND p.deleted_at IS NULL ORDER BY t.tag";
    let rows: Vec<(String,)> = db.fetch_all(Sql::new(sql).bind(workspace_id)).await?;
    Ok(rows.into_iter().map(|(tag,)| tag).collect())
}
