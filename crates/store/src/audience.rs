//! The audience: engagers (one row per network account per profile), their engagements (each once), the profiles'
//! follower lists as the network listed them, and the workspace's target segments.

use crate::{Db, Result, Sql, StoreError};
use jiff::tz::TimeZone;
use sangam_domain::Millis;
use sangam_domain::audience::{
    self as calc, AudienceFigures, Engagement, EngagementKind, Engager, Segment, Share,
};
use std::collections::HashMap;

/// Where an account's language was read from: its own posts win over its bio.
pub const LANG_FROM_TEXT: &str = "text";
pub const LANG_FROM_BIO: &str = "bio";

/// The engager's id for (profile, handle), made on first sight. `name` replaces a stored one when not empty.
pub async fn engager(
    db: &Db,
    workspace_id: i64,
    profile_id: i64,
    handle: &str,
    name: &str,
    now: Millis,
) -> Result<i64> {
    let sql = "INSERT INTO engagers (workspace_id, profile_id, handle, name, first_seen_at) VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (profile_id, handle) DO UPDATE SET
                 name = CASE WHEN excluded.name = '' THEN engagers.name ELSE excluded.name END
               RETURNING id";
    let (id,): (i64,) = db
        .fetch_one(
            Sql::new(sql)
                .bind(workspace_id)
                .bind(profile_id)
                .bind(handle)
                .bind(name)
                .bind(now),
        )
        .await?;
    Ok(id)
}

/// What the network's profile lookup said about an engager. `bio_lang` is the bio's language, kept unless the
/// account's own posts already named one.
pub async fn looked_up(
    db: &Db,
    engager_id: i64,
    bio: Option<&str>,
    followers: Option<i64>,
    bio_lang: Option<&str>,
    now: Millis,
) -> Result<()> {
    let sql = "UPDATE engagers SET bio = $2, followers = COALESCE($3, followers), looked_up_at = $4,
                 lang = CASE WHEN lang_from = 'text' OR $5 IS NULL THEN lang ELSE $5 END,
                 lang_from = CASE WHEN lang_from = 'text' OR $5 IS NULL THEN lang_from ELSE 'bio' END
               WHERE id = $1";
    db.execute(
        Sql::new(sql)
            .bind(engager_id)
            .bind(bio)
            .bind(followers)
            .bind(now)
            .bind(bio_lang),
    )
    .await?;
    Ok(())
}

/// The language of something the engager wrote themselves (a reply, mention or quote).
pub async fn wrote_in(db: &Db, engager_id: i64, lang: &str) -> Result<()> {
    db.execute(
        Sql::new("UPDATE engagers SET lang = $2, lang_from = 'text' WHERE id = $1")
            .bind(engager_id)
            .bind(lang),
    )
    .await?;
    Ok(())
}

/// One engagement to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEngagement<'a> {
    pub workspace_id: i64,
    pub profile_id: i64,
    pub engager_id: i64,
    pub kind: EngagementKind,
    pub subject: &'a str,
    pub delivery_id: Option<i64>,
    pub at: Millis,
}

/// Stores an engagement once: true when it was new.
pub async fn record(db: &Db, e: &NewEngagement<'_>) -> Result<bool> {
    let sql = "INSERT INTO engagements (workspace_id, profile_id, engager_id, kind, subject, delivery_id, at)
               VALUES ($1, $2, $3, $4, $5, $6, $7)
               ON CONFLICT (profile_id, engager_id, kind, subject) DO NOTHING";
    let n = db
        .execute(
            Sql::new(sql)
                .bind(e.workspace_id)
                .bind(e.profile_id)
                .bind(e.engager_id)
                .bind(e.kind.as_str())
                .bind(e.subject)
                .bind(e.delivery_id)
                .bind(e.at),
        )
        .await?;
    Ok(n > 0)
}

/// Engagers of the profile never looked up, oldest first: (id, handle).
pub async fn not_looked_up(db: &Db, profile_id: i64, limit: i64) -> Result<Vec<(i64, String)>> {
    db.fetch_all(
        Sql::new(
            "SELECT id, handle FROM engagers WHERE profile_id = $1 AND looked_up_at IS NULL ORDER BY id LIMIT $2",
        )
        .bind(profile_id)
        .bind(limit),
    )
    .await
}

/// An inbox message that is an engagement (a reply, mention, comment or quote), not yet stored as one.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MessageEngagement {
    pub remote_id: String,
    pub kind: String,
    pub author_handle: String,
    pub author_name: String,
    pub lang: String,
    pub received_at: Millis,
    /// Our delivery it answers or quotes, when it does.
    pub delivery_id: Option<i64>,
}

/// The profile's inbox messages since `since` that engage with it and are not yet engagements, oldest first.
pub async fn unrecorded_messages(
    db: &Db,
    profile_id: i64,
    since: Millis,
    limit: i64,
) -> Result<Vec<MessageEngagement>> {
    let sql = "SELECT m.remote_id, m.kind, m.author_handle, m.author_name, m.lang, m.received_at,
                      (SELECT d.id FROM deliveries d WHERE d.profile_id = m.profile_id AND d.remote_id = m.in_reply_to
                       ORDER BY d.id LIMIT 1) AS delivery_id
               FROM messages m
               WHERE m.profile_id = $1 AND m.received_at >= $2
                 AND m.kind IN ('reply', 'mention', 'comment', 'quote')
                 AND NOT EXISTS (SELECT 1 FROM engagements e WHERE e.profile_id = m.profile_id
                                 AND e.subject = m.remote_id)
               ORDER BY m.received_at, m.id LIMIT $3";
    db.fetch_all(Sql::new(sql).bind(profile_id).bind(since).bind(limit))
        .await
}

/// The profile's own posts (not its replies) published since `since`, newest first: (delivery id, remote id).
pub async fn posts_to_list(db: &Db, profile_id: i64, since: Millis) -> Result<Vec<(i64, String)>> {
    db.fetch_all(
        Sql::new(
            "SELECT id, remote_id FROM deliveries WHERE profile_id = $1 AND state = 'published'
             AND in_reply_to IS NULL AND remote_id IS NOT NULL AND published_at >= $2
             ORDER BY published_at DESC, id DESC",
        )
        .bind(profile_id)
        .bind(since),
    )
    .await
}

/// When the profile's follower list was last taken, complete or not.
pub async fn last_follower_list_at(db: &Db, profile_id: i64) -> Result<Option<Millis>> {
    let row: Option<(Option<i64>,)> = db
        .fetch_optional(
            Sql::new("SELECT MAX(taken_at) FROM follower_snapshots WHERE profile_id = $1")
                .bind(profile_id),
        )
        .await?;
    Ok(row.and_then(|(at,)| at))
}

/// Stores a follower list as listed at `taken_at`.
pub async fn record_followers(
    db: &Db,
    profile_id: i64,
    taken_at: Millis,
    handles: &[String],
    complete: bool,
) -> Result<i64> {
    let mut tx = db.tx().await?;
    let (id,): (i64,) = tx
        .fetch_one(
            Sql::new(
                "INSERT INTO follower_snapshots (profile_id, taken_at, complete, listed) VALUES ($1, $2, $3, $4)
                 RETURNING id",
            )
            .bind(profile_id)
            .bind(taken_at)
            .bind(complete)
            .bind(handles.len() as i64),
        )
        .await?;
    let mut unique: Vec<&String> = handles.iter().collect();
    unique.sort();
    unique.dedup();
    for chunk in unique.chunks(200) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| format!("(${}, ${})", i * 2 + 1, i * 2 + 2))
            .collect();
        let mut sql = Sql::assembled(format!(
            "INSERT INTO follower_snapshot_members (snapshot_id, handle) VALUES {}",
            rows.join(", ")
        ));
        for h in chunk {
            sql.push(id).push(h.to_string());
        }
        tx.execute(sql).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Followers gained and lost over `from..to` (catalogue `followers_gained`, `followers_lost`): the last complete list
/// at or before `from` (or the first one in the period when none is earlier) against the last complete one before
/// `to`. `None` when the profile has no complete list in reach.
pub async fn follower_changes(
    db: &Db,
    profile_id: i64,
    from: Millis,
    to: Millis,
) -> Result<Option<(i64, i64)>> {
    let before: Option<(i64,)> = db
        .fetch_optional(
            Sql::new(
                "SELECT id FROM follower_snapshots WHERE profile_id = $1 AND complete = TRUE AND taken_at <= $2
                 ORDER BY taken_at DESC, id DESC LIMIT 1",
            )
            .bind(profile_id)
            .bind(from),
        )
        .await?;
    let first_in: Option<(i64,)> = db
        .fetch_optional(
            Sql::new(
                "SELECT id FROM follower_snapshots WHERE profile_id = $1 AND complete = TRUE AND taken_at >= $2
                 AND taken_at < $3 ORDER BY taken_at, id LIMIT 1",
            )
            .bind(profile_id)
            .bind(from)
            .bind(to),
        )
        .await?;
    let end: Option<(i64,)> = db
        .fetch_optional(
            Sql::new(
                "SELECT id FROM follower_snapshots WHERE profile_id = $1 AND complete = TRUE AND taken_at < $2
                 ORDER BY taken_at DESC, id DESC LIMIT 1",
            )
            .bind(profile_id)
            .bind(to),
        )
        .await?;
    let (Some((start,)), Some((end,))) = (before.or(first_in), end) else {
        return Ok(None);
    };
    let only_in = "SELECT COUNT(*) FROM follower_snapshot_members a WHERE a.snapshot_id = $1
                   AND NOT EXISTS (SELECT 1 FROM follower_snapshot_members b WHERE b.snapshot_id = $2
                                   AND b.handle = a.handle)";
    let (gained,): (i64,) = db
        .fetch_one(Sql::new(only_in).bind(end).bind(start))
        .await?;
    let (lost,): (i64,) = db
        .fetch_one(Sql::new(only_in).bind(start).bind(end))
        .await?;
    Ok(Some((gained, lost)))
}

#[derive(sqlx::FromRow)]
struct EngagementRow {
    engager_id: i64,
    profile_id: i64,
    #[sqlx(try_from = "String")]
    kind: EngagementKind,
    at: Millis,
    post_id: Option<i64>,
}

/// The engagements on `profiles` (of the workspace) over `from..to`, oldest first.
pub async fn engagements(
    db: &Db,
    workspace_id: i64,
    profiles: &[i64],
    from: Millis,
    to: Millis,
) -> Result<Vec<Engagement>> {
    let sql = Sql::with_ids(
        "SELECT e.engager_id, e.profile_id, e.kind, e.at, d.post_id
         FROM engagements e LEFT JOIN deliveries d ON d.id = e.delivery_id
         WHERE e.workspace_id = $1 AND e.profile_id IN ({ids}) AND e.at >= $2 AND e.at < $3
         ORDER BY e.at, e.id",
        profiles,
    );
    let rows: Vec<EngagementRow> = db
        .fetch_all(sql.bind(workspace_id).bind(from).bind(to))
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Engagement {
            engager_id: r.engager_id,
            profile_id: r.profile_id,
            kind: r.kind,
            at: r.at,
            post_id: r.post_id,
        })
        .collect())
}

/// Per engager with an engagement on `profiles` in `from..to`: the time of their first engagement ever.
pub async fn first_engaged(
    db: &Db,
    workspace_id: i64,
    profiles: &[i64],
    from: Millis,
    to: Millis,
) -> Result<HashMap<i64, Millis>> {
    let sql = Sql::with_ids(
        "SELECT e.engager_id, MIN(e.at) FROM engagements e
         WHERE e.engager_id IN (SELECT p.engager_id FROM engagements p WHERE p.workspace_id = $1
                                AND p.profile_id IN ({ids}) AND p.at >= $2 AND p.at < $3)
         GROUP BY e.engager_id",
        profiles,
    );
    let rows: Vec<(i64, i64)> = db
        .fetch_all(sql.bind(workspace_id).bind(from).bind(to))
        .await?;
    Ok(rows.into_iter().collect())
}

#[derive(sqlx::FromRow)]
struct EngagerRow {
    id: i64,
    profile_id: i64,
    handle: String,
    name: String,
    bio: Option<String>,
    followers: Option<i64>,
    lang: Option<String>,
    follows_us: Option<i64>,
}

/// The engagers with an engagement on `profiles` in `from..to`, by id; whether each follows the profile is read from
/// the profile's last complete follower list before `to`.
pub async fn engagers(
    db: &Db,
    workspace_id: i64,
    profiles: &[i64],
    from: Millis,
    to: Millis,
) -> Result<HashMap<i64, Engager>> {
    // The correlated list lookup is the same SQL on both databases; CAST keeps the flag a BIGINT on PostgreSQL.
    let sql = Sql::with_ids(
        "SELECT g.id, g.profile_id, g.handle, g.name, g.bio, g.followers, g.lang,
                CASE WHEN s.id IS NULL THEN NULL
                     WHEN EXISTS (SELECT 1 FROM follower_snapshot_members m WHERE m.snapshot_id = s.id
                                  AND m.handle = g.handle) THEN CAST(1 AS BIGINT)
                     ELSE CAST(0 AS BIGINT) END AS follows_us
         FROM engagers g
         LEFT JOIN follower_snapshots s ON s.id = (
             SELECT f.id FROM follower_snapshots f WHERE f.profile_id = g.profile_id AND f.complete = TRUE
             AND f.taken_at < $4 ORDER BY f.taken_at DESC, f.id DESC LIMIT 1)
         WHERE g.workspace_id = $1 AND g.id IN (SELECT DISTINCT e.engager_id FROM engagements e
             WHERE e.workspace_id = $1 AND e.profile_id IN ({ids}) AND e.at >= $2 AND e.at < $3)",
        profiles,
    );
    let rows: Vec<EngagerRow> = db
        .fetch_all(sql.bind(workspace_id).bind(from).bind(to).bind(to))
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.id,
                Engager {
                    id: r.id,
                    profile_id: r.profile_id,
                    handle: r.handle,
                    name: r.name,
                    bio: r.bio,
                    followers: r.followers,
                    lang: r.lang,
                    follows_us: r.follows_us.map(|f| f == 1),
                },
            )
        })
        .collect())
}

/// (post, campaign) for the workspace's posts `post_ids`: a post's campaigns are its tags.
pub async fn post_campaigns(
    db: &Db,
    workspace_id: i64,
    post_ids: &[i64],
) -> Result<Vec<(i64, String)>> {
    let sql = Sql::with_ids(
        "SELECT t.post_id, t.tag FROM post_tags t JOIN posts p ON p.id = t.post_id
         WHERE p.workspace_id = $1 AND t.post_id IN ({ids}) ORDER BY t.post_id, t.tag",
        post_ids,
    );
    db.fetch_all(sql.bind(workspace_id)).await
}

/// (post, its text) for the workspace's posts `post_ids`.
pub async fn post_texts(
    db: &Db,
    workspace_id: i64,
    post_ids: &[i64],
) -> Result<Vec<(i64, String)>> {
    let sql = Sql::with_ids(
        "SELECT id, body FROM posts WHERE workspace_id = $1 AND id IN ({ids}) ORDER BY id",
        post_ids,
    );
    db.fetch_all(sql.bind(workspace_id)).await
}

#[derive(sqlx::FromRow)]
struct SegmentRow {
    id: i64,
    name: String,
    languages: String,
    bio_words: String,
    places: String,
    min_followers: Option<i64>,
    max_followers: Option<i64>,
    followers: Option<bool>,
}

fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

impl From<SegmentRow> for Segment {
    fn from(r: SegmentRow) -> Segment {
        Segment {
            id: r.id,
            name: r.name,
            languages: lines(&r.languages),
            bio_words: lines(&r.bio_words),
            places: lines(&r.places),
            min_followers: r.min_followers,
            max_followers: r.max_followers,
            followers: r.followers,
        }
    }
}

const SEGMENT_COLUMNS: &str =
    "id, name, languages, bio_words, places, min_followers, max_followers, followers";

/// The workspace's segments, by name.
pub async fn segments(db: &Db, workspace_id: i64) -> Result<Vec<Segment>> {
    let rows: Vec<SegmentRow> = db
        .fetch_all(
            crate::select(
                SEGMENT_COLUMNS,
                "FROM segments WHERE workspace_id = $1 ORDER BY name, id",
            )
            .bind(workspace_id),
        )
        .await?;
    Ok(rows.into_iter().map(Segment::from).collect())
}

pub async fn segment(db: &Db, workspace_id: i64, id: i64) -> Result<Segment> {
    let row: SegmentRow = crate::fetch_found(
        db,
        crate::select(
            SEGMENT_COLUMNS,
            "FROM segments WHERE workspace_id = $1 AND id = $2",
        )
        .bind(workspace_id)
        .bind(id),
        "The segment",
    )
    .await?;
    Ok(row.into())
}

fn joined(list: &[String]) -> String {
    list.iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Stores `s` as a new segment (its `id` is ignored) or, with `Some(id)`, over segment `id`. A name already used in
/// the workspace is a conflict.
pub async fn save_segment(
    db: &Db,
    workspace_id: i64,
    id: Option<i64>,
    s: &Segment,
    user_id: Option<i64>,
    now: Millis,
) -> Result<i64> {
    let taken: Option<(i64,)> = db
        .fetch_optional(
            Sql::new("SELECT id FROM segments WHERE workspace_id = $1 AND name = $2")
                .bind(workspace_id)
                .bind(s.name.trim()),
        )
        .await?;
    if taken.is_some_and(|(other,)| Some(other) != id) {
        return Err(StoreError::Conflict("segment name taken".into()));
    }
    let bind = |sql: Sql<'static>| {
        sql.bind(workspace_id)
            .bind(s.name.trim().to_string())
            .bind(joined(&s.languages))
            .bind(joined(&s.bio_words))
            .bind(joined(&s.places))
            .bind(s.min_followers)
            .bind(s.max_followers)
            .bind(s.followers)
            .bind(now)
    };
    match id {
        None => {
            let (id,): (i64,) = db
                .fetch_one(
                    bind(Sql::new(
                        "INSERT INTO segments (workspace_id, name, languages, bio_words, places, min_followers,
                         max_followers, followers, created_at, updated_at, created_by)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) RETURNING id",
                    ))
                    .bind(user_id),
                )
                .await?;
            Ok(id)
        }
        Some(id) => {
            let n = db
                .execute(
                    bind(Sql::new(
                        "UPDATE segments SET name = $2, languages = $3, bio_words = $4, places = $5,
                         min_followers = $6, max_followers = $7, followers = $8, updated_at = $9
                         WHERE workspace_id = $1 AND id = $10",
                    ))
                    .bind(id),
                )
                .await?;
            if n == 0 {
                return Err(StoreError::NotFound("The segment"));
            }
            Ok(id)
        }
    }
}

pub async fn delete_segment(db: &Db, workspace_id: i64, id: i64) -> Result<()> {
    let n = db
        .execute(
            Sql::new("DELETE FROM segments WHERE workspace_id = $1 AND id = $2")
                .bind(workspace_id)
                .bind(id),
        )
        .await?;
    if n == 0 {
        return Err(StoreError::NotFound("The segment"));
    }
    Ok(())
}

/// One profile's audience figures. Followers gained and lost are `None` when the network gives no follower list or
/// none was taken.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ProfileAudience {
    pub profile_id: i64,
    pub engagers: i64,
    pub engagements: i64,
    pub new_engagers: i64,
    pub returning_engagers: i64,
    /// `followers_gained`.
    pub gained: Option<i64>,
    /// `followers_lost`.
    pub lost: Option<i64>,
}

/// A segment's reach over the period: overall, per post, per campaign and per day (in the viewer's zone).
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct SegmentReach {
    pub segment: Segment,
    /// Engagers in the period who match the segment.
    pub members: i64,
    pub overall: Share,
    /// (post id, share), most reached first: the posts that reached the segment best.
    pub posts: Vec<(i64, Share)>,
    pub campaigns: Vec<(String, Share)>,
    /// (`YYYY-MM-DD` in the viewer's zone, share), by day.
    pub days: Vec<(String, Share)>,
}

/// The audience report's figures and the rows behind the listed ones.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct AudienceReport {
    pub figures: AudienceFigures,
    /// Per profile, in the order asked for.
    pub profiles: Vec<ProfileAudience>,
    /// The top engagers' accounts, in the order of `figures.top`.
    pub top_engagers: Vec<Engager>,
    pub segments: Vec<SegmentReach>,
    /// (post id, its text) for the posts named in the segments' lists.
    pub posts: Vec<(i64, String)>,
}

/// The audience report for `profiles` over `from..to` as seen from `tz`, with the reach of each of `segments`.
/// `lists_followers` says, per profile, whether its network lists followers at all (else gained and lost are `None`).
pub async fn report(
    db: &Db,
    workspace_id: i64,
    profiles: &[(i64, bool)],
    from: Millis,
    to: Millis,
    tz: &TimeZone,
    segments: &[Segment],
) -> Result<AudienceReport> {
    let ids: Vec<i64> = profiles.iter().map(|(id, _)| *id).collect();
    let in_period = engagements(db, workspace_id, &ids, from, to).await?;
    let people = engagers(db, workspace_id, &ids, from, to).await?;
    let first = first_engaged(db, workspace_id, &ids, from, to).await?;
    let figures = calc::figures(&in_period, &people, &first, from, tz);
    let mut by_profile: HashMap<i64, Vec<&Engagement>> = HashMap::new();
    for e in &in_period {
        by_profile.entry(e.profile_id).or_default().push(e);
    }
    let mut per_profile = Vec::new();
    for (id, lists) in profiles {
        let change = if *lists {
            follower_changes(db, *id, from, to).await?
        } else {
            None
        };
        let of = by_profile.get(id).map(Vec::as_slice).unwrap_or_default();
        let (engagers, engagements, new_engagers, returning_engagers) =
            calc::counts(of, &first, from);
        per_profile.push(ProfileAudience {
            profile_id: *id,
            engagers,
            engagements,
            new_engagers,
            returning_engagers,
            gained: change.map(|c| c.0),
            lost: change.map(|c| c.1),
        });
    }
    let top_engagers = figures
        .top
        .iter()
        .filter_map(|t| people.get(&t.engager_id).cloned())
        .collect();
    let mut post_ids: Vec<i64> = in_period.iter().filter_map(|e| e.post_id).collect();
    post_ids.sort_unstable();
    post_ids.dedup();
    let tags = post_campaigns(db, workspace_id, &post_ids).await?;
    let mut campaigns_of: HashMap<i64, Vec<String>> = HashMap::new();
    for (post, tag) in tags {
        campaigns_of.entry(post).or_default().push(tag);
    }
    let mut day_of_slot: HashMap<i64, String> = HashMap::new();
    for e in &in_period {
        let slot = e.at.div_euclid(calc::QUARTER_HOUR);
        day_of_slot
            .entry(slot)
            .or_insert_with(|| calc::local_day(slot * calc::QUARTER_HOUR, tz));
    }
    let mut reach = Vec::new();
    for s in segments {
        let members = calc::members(s, &people);
        let mut posts = calc::shares_by(&in_period, &members, |e| e.post_id.into_iter().collect());
        posts.sort_by(|a, b| {
            b.1.reached
                .cmp(&a.1.reached)
                .then(
                    b.1.percent
                        .partial_cmp(&a.1.percent)
                        .unwrap_or(std::cmp::Ordering::Equal),
                )
                .then(a.0.cmp(&b.0))
        });
        reach.push(SegmentReach {
            segment: s.clone(),
            members: members.len() as i64,
            overall: calc::share(&in_period, &members),
            posts,
            campaigns: calc::shares_by(&in_period, &members, |e| {
                e.post_id
                    .and_then(|p| campaigns_of.get(&p).cloned())
                    .unwrap_or_default()
            }),
            days: calc::shares_by(&in_period, &members, |e| {
                day_of_slot
                    .get(&e.at.div_euclid(calc::QUARTER_HOUR))
                    .cloned()
                    .into_iter()
                    .collect()
            }),
        });
    }
    let posts = post_texts(db, workspace_id, &post_ids).await?;
    Ok(AudienceReport {
        figures,
        profiles: per_profile,
        top_engagers,
        segments: reach,
        posts,
    })
}
