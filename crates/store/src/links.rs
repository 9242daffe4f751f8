//! Tracked links: the workspace's UTM presets, Sangam's own short links, the clicks on them and the day's visitor
//! salt. A click row never holds an address or a user agent, only the visitor hash made with the day's salt, and the
//! salt of a day is deleted once a later day's salt is made.

use crate::{Db, Result, Sql, Tx};
use sangam_domain::{Millis, NetworkKind};
use serde::Serialize;

/// What the composer adds to the links of one network's copy of a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct UtmPreset {
    pub network: String,
    pub source: String,
    pub medium: String,
}

impl UtmPreset {
    /// The preset a network has before anyone sets one: its own name as the source, "social" as the medium.
    pub fn default_for(network: NetworkKind) -> UtmPreset {
        UtmPreset {
            network: network.as_str().to_string(),
            source: network.as_str().to_string(),
            medium: "social".to_string(),
        }
    }
}

/// The workspace's presets, one per network Sangam connects (defaults where none was saved).
pub async fn presets(db: &Db, workspace_id: i64) -> Result<Vec<UtmPreset>> {
    let saved: Vec<UtmPreset> = db
        .fetch_all(
            Sql::new(
                "SELECT network, source, medium FROM utm_presets WHERE workspace_id = $1 ORDER BY network",
            )
            .bind(workspace_id),
        )
        .await?;
    Ok(NetworkKind::ALL
        .iter()
        .map(|n| {
            saved
                .iter()
                .find(|p| p.network == n.as_str())
                .cloned()
                .unwrap_or_else(|| UtmPreset::default_for(*n))
        })
        .collect())
}

pub async fn save_preset(
    db: &Db,
    workspace_id: i64,
    network: NetworkKind,
    source: &str,
    medium: &str,
    now: Millis,
) -> Result<()> {
    let sql = "INSERT INTO utm_presets (workspace_id, network, source, medium, updated_at) VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (workspace_id, network) DO UPDATE SET source = excluded.source, medium = excluded.medium,
               updated_at = excluded.updated_at";
    db.execute(
        Sql::new(sql)
            .bind(workspace_id)
            .bind(network.as_str())
            .bind(source)
            .bind(medium)
            .bind(now),
    )
    .await?;
    Ok(())
}

/// A short link and what its clicks are attributed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ShortLink {
    pub id: i64,
    pub workspace_id: i64,
    pub code: String,
    pub destination: String,
    pub post_id: Option<i64>,
    pub profile_id: Option<i64>,
    pub network: Option<String>,
    pub campaign: String,
    pub created_at: Millis,
}

const LINK_COLUMNS: &str =
    "id, workspace_id, code, destination, post_id, profile_id, network, campaign, created_at";

pub struct NewShortLink<'a> {
    pub workspace_id: i64,
    pub code: &'a str,
    pub destination: &'a str,
    pub network: Option<NetworkKind>,
    pub profile_id: Option<i64>,
    pub campaign: &'a str,
    pub created_by: Option<i64>,
}

/// Stores a short link (not yet tied to a post: [`attach_to_post`] does that once the post exists).
pub async fn create(db: &Db, link: NewShortLink<'_>, now: Millis) -> Result<i64> {
    let sql = "INSERT INTO short_links (workspace_id, code, destination, network, profile_id, campaign, created_by,
               created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    let (id,): (i64,) = db
        .fetch_one(
            Sql::new(sql)
                .bind(link.workspace_id)
                .bind(link.code)
                .bind(link.destination)
                .bind(link.network.map(|n| n.as_str()))
                .bind(link.profile_id)
                .bind(link.campaign)
                .bind(link.created_by)
                .bind(now),
        )
        .await?;
    Ok(id)
}

/// Ties the workspace's links `ids` to the post they were made for.
pub async fn attach_to_post(db: &Db, workspace_id: i64, ids: &[i64], post_id: i64) -> Result<()> {
    let sql = Sql::with_ids(
        "UPDATE short_links SET post_id = $1 WHERE workspace_id = $2 AND id IN ({ids})",
        ids,
    );
    db.execute(sql.bind(post_id).bind(workspace_id)).await?;
    Ok(())
}

/// The link a code names, whatever the workspace (the redirect is public).
pub async fn by_code(db: &Db, code: &str) -> Result<Option<ShortLink>> {
    db.fetch_optional(crate::select(LINK_COLUMNS, "FROM short_links WHERE code = $1").bind(code))
        .await
}

/// The workspace's links made for `post_id`.
pub async fn of_post(db: &Db, workspace_id: i64, post_id: i64) -> Result<Vec<ShortLink>> {
    db.fetch_all(
        crate::select(
            LINK_COLUMNS,
            "FROM short_links WHERE workspace_id = $1 AND post_id = $2 ORDER BY id",
        )
        .bind(workspace_id)
        .bind(post_id),
    )
    .await
}

/// The salt of the UTC day `day`, made when first asked for; salts of earlier days are deleted at the same time, so
/// yesterday's visitor hashes can no longer be recomputed from an address. `fresh` is the random salt to keep if
/// this day has none yet (two processes asking at once agree on the first one stored).
pub async fn salt_for(db: &Db, day: &str, fresh: &[u8], now: Millis) -> Result<Vec<u8>> {
    let mut tx = db.tx().await?;
    tx.execute(
        Sql::new(
            "INSERT INTO visitor_salts (day, salt, created_at) VALUES ($1, $2, $3) ON CONFLICT (day) DO NOTHING",
        )
        .bind(day)
        .bind(fresh)
        .bind(now),
    )
    .await?;
    tx.execute(Sql::new("DELETE FROM visitor_salts WHERE day < $1").bind(day))
        .await?;
    let (salt,): (Vec<u8>,) = tx
        .fetch_one(Sql::new("SELECT salt FROM visitor_salts WHERE day = $1").bind(day))
        .await?;
    tx.commit().await?;
    Ok(salt)
}

/// One click to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClick {
    pub link_id: i64,
    pub at: Millis,
    pub salt_day: String,
    pub visitor: String,
    pub token: String,
}

/// Writes a batch of clicks in one transaction.
pub async fn record_clicks(db: &Db, clicks: &[NewClick]) -> Result<()> {
    if clicks.is_empty() {
        return Ok(());
    }
    let mut tx = db.tx().await?;
    for chunk in clicks.chunks(100) {
        insert_clicks(&mut tx, chunk).await?;
    }
    tx.commit().await
}

async fn insert_clicks(tx: &mut Tx, clicks: &[NewClick]) -> Result<()> {
    let rows: Vec<String> = (0..clicks.len())
        .map(|i| {
            let n = i * 5;
            format!(
                "(${}, ${}, ${}, ${}, ${})",
                n + 1,
                n + 2,
                n + 3,
                n + 4,
                n + 5
            )
        })
        .collect();
    let mut sql = Sql::assembled(format!(
        "INSERT INTO link_clicks (link_id, at, salt_day, visitor, token) VALUES {} ON CONFLICT (token) DO NOTHING",
        rows.join(", ")
    ));
    for c in clicks {
        sql.push(c.link_id)
            .push(c.at)
            .push(c.salt_day.clone())
            .push(c.visitor.clone())
            .push(c.token.clone());
    }
    tx.execute(sql).await?;
    Ok(())
}

/// One counted click with what it is attributed to: the rows every click figure is computed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ClickRow {
    pub click_id: i64,
    pub at: Millis,
    pub salt_day: String,
    pub visitor: String,
    pub link_id: i64,
    pub code: String,
    pub destination: String,
    pub post_id: Option<i64>,
    pub profile_id: Option<i64>,
    pub network: Option<String>,
    pub campaign: String,
}

/// The workspace's clicks over `from..to`, oldest first; `campaign` narrows to one campaign's links.
pub async fn clicks(
    db: &Db,
    workspace_id: i64,
    from: Millis,
    to: Millis,
    campaign: Option<&str>,
) -> Result<Vec<ClickRow>> {
    let sql = "SELECT c.id AS click_id, c.at, c.salt_day, c.visitor, l.id AS link_id, l.code, l.destination, l.post_id,
                      l.profile_id, l.network, l.campaign
               FROM link_clicks c JOIN short_links l ON l.id = c.link_id
               WHERE l.workspace_id = $1 AND c.at >= $2 AND c.at < $3 AND ($4 IS NULL OR l.campaign = $4)
               ORDER BY c.at, c.id";
    db.fetch_all(
        Sql::new(sql)
            .bind(workspace_id)
            .bind(from)
            .bind(to)
            .bind(campaign),
    )
    .await
}

/// The link a click id (`sg_click`) came through, when the click is the workspace's.
pub async fn link_of_click(db: &Db, workspace_id: i64, token: &str) -> Result<Option<ShortLink>> {
    let sql = "SELECT l.id, l.workspace_id, l.code, l.destination, l.post_id, l.profile_id, l.network, l.campaign,
                      l.created_at
               FROM link_clicks c JOIN short_links l ON l.id = c.link_id
               WHERE c.token = $1 AND l.workspace_id = $2";
    db.fetch_optional(Sql::new(sql).bind(token).bind(workspace_id))
        .await
}

/// The workspace's link with this code.
pub async fn in_workspace(db: &Db, workspace_id: i64, code: &str) -> Result<Option<ShortLink>> {
    Ok(by_code(db, code)
        .await?
        .filter(|l| l.workspace_id == workspace_id))
}

/// The link a click id came through, whatever the workspace (the snippet is public; the click id is its proof).
pub async fn link_by_click(db: &Db, token: &str) -> Result<Option<ShortLink>> {
    let sql = "SELECT l.id, l.workspace_id, l.code, l.destination, l.post_id, l.profile_id, l.network, l.campaign,
                      l.created_at
               FROM link_clicks c JOIN short_links l ON l.id = c.link_id WHERE c.token = $1";
    db.fetch_optional(Sql::new(sql).bind(token)).await
}

/// The workspace's links made since `since`, newest first (at most 200).
pub async fn recent(db: &Db, workspace_id: i64, since: Millis) -> Result<Vec<ShortLink>> {
    db.fetch_all(
        crate::select(
            LINK_COLUMNS,
            "FROM short_links WHERE workspace_id = $1 AND created_at >= $2 ORDER BY created_at DESC, id DESC LIMIT 200",
        )
        .bind(workspace_id)
        .bind(since),
    )
    .await
}
