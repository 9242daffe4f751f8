//! Posts and their deliveries (one per target profile). The delivery state changes here are conditional updates: a
//! change applies only from the state the caller saw, so two publishers can never both take the same delivery.

use crate::jobs::{self, ENQUEUE_SQL};
use crate::{Db, Result, StoreError, execute, on_pool};
use sangam_domain::{DeliveryState, Millis, NetworkKind, PostLife, PostStatus};
use serde::Serialize;
use sqlx::AssertSqlSafe;

/// The job kind that publishes one delivery; its payload is the delivery id.
pub const PUBLISH_JOB: &str = "publish";

/// The unique key of the job that publishes `delivery_id` at `scheduled_at`: rescheduling or retrying a delivery
/// gives a new key, while the sweeper and the composer can never enqueue the same attempt twice.
pub fn publish_job_key(delivery_id: i64, scheduled_at: Millis) -> String {
    format!("publish:{delivery_id}:{scheduled_at}")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Delivery {
    pub id: i64,
    pub post_id: i64,
    pub profile_id: i64,
    pub profile_handle: String,
    pub network: NetworkKind,
    pub state: DeliveryState,
    #[serde(skip)]
    pub idempotency_key: String,
    pub scheduled_at: Millis,
    pub attempts: i64,
    pub remote_id: Option<String>,
    pub remote_url: Option<String>,
    pub reason: Option<String>,
    pub sent_at: Option<Millis>,
    pub published_at: Option<Millis>,
}

impl Delivery {
    /// The profile's handle with exactly one leading `@`, as pages show it.
    pub fn profile_at(&self) -> String {
        sangam_domain::network::at_handle(&self.profile_handle)
    }
}

#[derive(sqlx::FromRow)]
struct DeliveryRow {
    id: i64,
    post_id: i64,
    profile_id: i64,
    profile_handle: String,
    network: String,
    state: String,
    idempotency_key: String,
    scheduled_at: Millis,
    attempts: i64,
    remote_id: Option<String>,
    remote_url: Option<String>,
    reason: Option<String>,
    sent_at: Option<Millis>,
    published_at: Option<Millis>,
}

impl TryFrom<DeliveryRow> for Delivery {
    type Error = StoreError;
    fn try_from(r: DeliveryRow) -> Result<Delivery> {
        Ok(Delivery {
            id: r.id,
            post_id: r.post_id,
            profile_id: r.profile_id,
            profile_handle: r.profile_handle,
            network: NetworkKind::parse(&r.network)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown network {:?}", r.network)))?,
            state: DeliveryState::parse(&r.state).ok_or_else(|| {
                StoreError::Corrupt(format!("unknown delivery state {:?}", r.state))
            })?,
            idempotency_key: r.idempotency_key,
            scheduled_at: r.scheduled_at,
            attempts: r.attempts,
            remote_id: r.remote_id,
            remote_url: r.remote_url,
            reason: r.reason,
            sent_at: r.sent_at,
            published_at: r.published_at,
        })
    }
}

const DELIVERY_SELECT: &str = "SELECT d.id, d.post_id, d.profile_id, p.handle AS profile_handle, p.network, d.state,
    d.idempotency_key, d.scheduled_at, d.attempts, d.remote_id, d.remote_url, d.reason, d.sent_at, d.published_at
    FROM deliveries d JOIN profiles p ON p.id = d.profile_id";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Post {
    pub id: i64,
    pub workspace_id: i64,
    pub author_id: i64,
    pub author_name: String,
    pub body: String,
    pub status: PostStatus,
    pub scheduled_at: Millis,
    pub created_at: Millis,
    pub updated_at: Millis,
    /// When the post came due while not yet cleared to publish (the team was told then).
    pub held_at: Option<Millis>,
    pub deliveries: Vec<Delivery>,
    /// Text that replaces `body` on one network.
    pub variants: Vec<Variant>,
    pub tags: Vec<String>,
    /// Images in the order they go out, each with its alt text.
    pub media: Vec<MediaInfo>,
    /// The text's language (ISO 639-1), as detected or as the author set it.
    pub language: Option<String>,
    /// Shown before the text where the network has one; empty for none.
    pub content_warning: String,
    /// The card for the text's first link, as Sangam fetched it when the post was saved.
    pub link_card: Option<LinkPreview>,
    /// One word for where the post stands, from its status and its deliveries.
    pub life: PostLife,
}

/// A post's link card as stored: what the linked page said about itself, or why no card could be made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct LinkPreview {
    pub url: String,
    pub title: String,
    pub description: String,
    /// The page had a preview image, which goes with the card.
    pub has_thumb: bool,
    /// Why there is no card for this link (the page did not answer, had no title...).
    pub problem: Option<String>,
}

impl LinkPreview {
    /// A card worth sending: the page answered and said something about itself.
    pub fn is_usable(&self) -> bool {
        self.problem.is_none() && !(self.title.is_empty() && self.description.is_empty())
    }
}

/// The card to store with a post, as fetched when it was saved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewLink {
    pub url: String,
    pub title: String,
    pub description: String,
    /// The preview image's bytes and type.
    pub thumb: Option<(Vec<u8>, String)>,
    pub problem: Option<String>,
}

/// An image of a post, by the id `media::store` gave it, with its alt text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, utoipa::ToSchema)]
pub struct ImageRef {
    pub media_id: i64,
    #[serde(default)]
    pub alt: String,
}

/// What a post holds besides its text, tags and profiles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Content {
    pub language: Option<String>,
    pub content_warning: String,
    /// The link card; `None` when the text has no link (or the author turned the card off).
    pub link: Option<NewLink>,
    /// Images in order, after any in `NewPost::media_ids`. On an edit: the post's images from now on; images of the
    /// post left out are removed.
    pub images: Vec<ImageRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Variant {
    pub network: NetworkKind,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct MediaInfo {
    pub id: i64,
    #[serde(skip)]
    pub post_id: Option<i64>,
    pub mime: String,
    pub size: i64,
    pub alt: String,
    /// Place in the post, from 1.
    pub position: i64,
}

impl Post {
    /// The text that goes to `network`: its variant when there is one.
    pub fn text_for(&self, network: NetworkKind) -> &str {
        self.variant(&network).unwrap_or(self.body.as_str())
    }

    pub fn variant(&self, network: &NetworkKind) -> Option<&str> {
        self.variants
            .iter()
            .find(|v| v.network == *network)
            .map(|v| v.body.as_str())
    }

    /// Every delivery has reached an end.
    pub fn is_settled(&self) -> bool {
        self.deliveries.iter().all(|d| d.state.is_final())
    }
}

#[derive(sqlx::FromRow)]
struct PostRow {
    id: i64,
    workspace_id: i64,
    author_id: i64,
    author_name: String,
    body: String,
    status: String,
    scheduled_at: Millis,
    created_at: Millis,
    updated_at: Millis,
    held_at: Option<Millis>,
    language: Option<String>,
    content_warning: String,
    link_url: Option<String>,
    link_title: String,
    link_description: String,
    link_thumb_size: i64,
    link_problem: Option<String>,
}

const POST_SELECT: &str = "SELECT p.id, p.workspace_id, p.author_id, u.name AS author_name, p.body, p.status,
    p.scheduled_at, p.created_at, p.updated_at, p.held_at, p.language, p.content_warning, p.link_url, p.link_title,
    p.link_description, CAST(COALESCE(LENGTH(p.link_thumb), 0) AS BIGINT) AS link_thumb_size, p.link_problem
    FROM posts p JOIN users u ON u.id = p.author_id";

pub struct NewPost<'a> {
    pub workspace_id: i64,
    pub author_id: i64,
    pub body: &'a str,
    pub scheduled_at: Millis,
    pub profile_ids: &'a [i64],
    pub status: PostStatus,
    pub variants: &'a [Variant],
    pub tags: &'a [String],
    /// Uploaded images, not yet attached to a post, to attach to this one (with the alt text they were uploaded with).
    pub media_ids: &'a [i64],
    /// Language, content warning, link card and images with alt text.
    pub content: Content,
}

impl<'a> NewPost<'a> {
    /// An approved text post with no variants, tags or images.
    pub fn text(
        workspace_id: i64,
        author_id: i64,
        body: &'a str,
        scheduled_at: Millis,
        profile_ids: &'a [i64],
    ) -> Self {
        NewPost {
            workspace_id,
            author_id,
            body,
            scheduled_at,
            profile_ids,
            status: PostStatus::Approved,
            variants: &[],
            tags: &[],
            media_ids: &[],
            content: Content::default(),
        }
    }
}

/// Stores a post's language, content warning and link card, inside the caller's transaction.
macro_rules! store_content {
    ($tx:ident, $post_id:expr, $content:expr) => {{
        let c: &Content = $content;
        let link = c.link.as_ref();
        sqlx::query(
            "UPDATE posts SET language = $1, content_warning = $2, link_url = $3, link_title = $4,
             link_description = $5, link_thumb = $6, link_thumb_mime = $7, link_problem = $8 WHERE id = $9",
        )
        .bind(c.language.as_deref())
        .bind(c.content_warning.trim())
        .bind(link.map(|l| l.url.as_str()))
        .bind(link.map(|l| l.title.as_str()).unwrap_or_default())
        .bind(link.map(|l| l.description.as_str()).unwrap_or_default())
        .bind(link.and_then(|l| l.thumb.as_ref()).map(|t| t.0.as_slice()))
        .bind(link.and_then(|l| l.thumb.as_ref()).map(|t| t.1.as_str()))
        .bind(link.and_then(|l| l.problem.as_deref()))
        .bind($post_id)
        .execute(&mut *$tx)
        .await?;
    }};
}

/// Attaches an image to a post at `position` (setting its alt text when given), inside the caller's transaction. The
/// image must be the workspace's and either free or already this post's.
macro_rules! attach_media {
    ($tx:ident, $post_id:expr, $workspace_id:expr, $media_id:expr, $position:expr, $alt:expr) => {{
        let alt: Option<&str> = $alt;
        let attached = sqlx::query(
            "UPDATE media SET post_id = $1, position = $2, alt = COALESCE($3, alt)
             WHERE id = $4 AND workspace_id = $5 AND (post_id IS NULL OR post_id = $1)",
        )
        .bind($post_id)
        .bind($position)
        .bind(alt.map(str::trim))
        .bind($media_id)
        .bind($workspace_id)
        .execute(&mut *$tx)
        .await?;
        if attached.rows_affected() != 1 {
            return Err(StoreError::NotFound("The image"));
        }
    }};
}

/// Stores a post, one delivery per profile and the job that will publish each, in one transaction: a post is never
/// stored without the work that sends it. Profiles must belong to the post's workspace.
pub async fn create(db: &Db, new: NewPost<'_>, now: Millis) -> Result<Post> {
    let post_id: i64 = on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let post_id: i64 = sqlx::query_scalar(
            "INSERT INTO posts (workspace_id, author_id, body, scheduled_at, created_at, updated_at, status)
             VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING id",
        )
        .bind(new.workspace_id)
        .bind(new.author_id)
        .bind(new.body)
        .bind(new.scheduled_at)
        .bind(now)
        .bind(new.status.as_str())
        .fetch_one(&mut *tx)
        .await?;
        for v in new.variants {
            sqlx::query("INSERT INTO post_variants (post_id, network, body) VALUES ($1, $2, $3)")
                .bind(post_id).bind(v.network.as_str()).bind(&v.body).execute(&mut *tx).await?;
        }
        for tag in new.tags {
            sqlx::query("INSERT INTO post_tags (post_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(post_id).bind(tag).execute(&mut *tx).await?;
        }
        let images = new.media_ids.iter().map(|id| (*id, None)).chain(
            new.content.images.iter().map(|i| (i.media_id, Some(i.alt.as_str()))),
        );
        for (index, (media_id, alt)) in images.enumerate() {
            attach_media!(tx, post_id, new.workspace_id, media_id, index as i64 + 1, alt);
        }
        store_content!(tx, post_id, &new.content);
        for &profile_id in new.profile_ids {
            let owned: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM profiles WHERE id = $1 AND workspace_id = $2 AND status <> 'removed'")
                .bind(profile_id)
                .bind(new.workspace_id)
                .fetch_optional(&mut *tx)
                .await?;
            if owned.is_none() {
                return Err(StoreError::NotFound("The profile"));
            }
            let delivery_id: i64 = sqlx::query_scalar(
                "INSERT INTO deliveries (post_id, profile_id, state, idempotency_key, scheduled_at, updated_at)
                 VALUES ($1, $2, 'scheduled', $3, $4, $5) RETURNING id",
            )
            .bind(post_id)
            .bind(profile_id)
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(new.scheduled_at)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(ENQUEUE_SQL)
                .bind(PUBLISH_JOB)
                .bind(delivery_id.to_string())
                .bind(new.scheduled_at)
                .bind(jobs::DEFAULT_MAX_ATTEMPTS)
                .bind(publish_job_key(delivery_id, new.scheduled_at))
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok::<i64, StoreError>(post_id)
    })?;
    get(db, new.workspace_id, post_id).await
}

pub async fn get(db: &Db, workspace_id: i64, id: i64) -> Result<Post> {
    let sql =
        format!("{POST_SELECT} WHERE p.id = $1 AND p.workspace_id = $2 AND p.deleted_at IS NULL");
    let row: Option<PostRow> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).bind(id).bind(workspace_id).fetch_optional(pool).await)?;
    let row = row.ok_or(StoreError::NotFound("The post"))?;
    let mut posts = assemble_all(db, vec![row]).await?;
    posts.pop().ok_or(StoreError::NotFound("The post"))
}

/// Replies to inbox messages are stored as posts (so they travel the same delivery path) but live in the inbox, not
/// in the post list or the calendar.
const NOT_A_REPLY: &str =
    "NOT EXISTS (SELECT 1 FROM deliveries r WHERE r.post_id = p.id AND r.in_reply_to IS NOT NULL)";

/// The newest posts of a workspace with their deliveries, newest scheduled time first.
pub async fn list(db: &Db, workspace_id: i64, limit: i64) -> Result<Vec<Post>> {
    let sql = format!(
        "{POST_SELECT} WHERE p.workspace_id = $1 AND p.deleted_at IS NULL AND {NOT_A_REPLY}
         ORDER BY p.scheduled_at DESC, p.id DESC LIMIT $2"
    );
    let rows: Vec<PostRow> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql))
        .bind(workspace_id).bind(limit).fetch_all(pool).await)?;
    assemble_all(db, rows).await
}

/// Posts scheduled in [from, to), oldest first, for the calendar.
pub async fn between(db: &Db, workspace_id: i64, from: Millis, to: Millis) -> Result<Vec<Post>> {
    let sql = format!(
        "{POST_SELECT} WHERE p.workspace_id = $1 AND p.deleted_at IS NULL AND p.scheduled_at >= $2
         AND p.scheduled_at < $3 AND {NOT_A_REPLY} ORDER BY p.scheduled_at, p.id"
    );
    let rows: Vec<PostRow> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql))
        .bind(workspace_id).bind(from).bind(to).fetch_all(pool).await)?;
    assemble_all(db, rows).await
}

/// Posts whose time has come but which still wait (unapproved, or held by the crisis switch), oldest first.
pub async fn waiting_past_due(db: &Db, workspace_id: i64, now: Millis) -> Result<Vec<Post>> {
    let sql = format!(
        "{POST_SELECT} WHERE p.workspace_id = $1 AND p.deleted_at IS NULL AND p.scheduled_at <= $2
         AND EXISTS (SELECT 1 FROM deliveries d WHERE d.post_id = p.id AND d.state = 'scheduled')
         ORDER BY p.scheduled_at, p.id"
    );
    let rows: Vec<PostRow> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql))
        .bind(workspace_id).bind(now).fetch_all(pool).await)?;
    assemble_all(db, rows).await
}

/// Posts in one status (the approvals queue), oldest first.
pub async fn with_status(db: &Db, workspace_id: i64, status: PostStatus) -> Result<Vec<Post>> {
    let sql = format!(
        "{POST_SELECT} WHERE p.workspace_id = $1 AND p.deleted_at IS NULL AND p.status = $2
         ORDER BY p.scheduled_at, p.id"
    );
    let rows: Vec<PostRow> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql))
        .bind(workspace_id).bind(status.as_str()).fetch_all(pool).await)?;
    assemble_all(db, rows).await
}

async fn assemble_all(db: &Db, rows: Vec<PostRow>) -> Result<Vec<Post>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut deliveries = deliveries_of(db, &ids).await?;
    let mut variants = variants_of(db, &ids).await?;
    let mut tags = tags_of(db, &ids).await?;
    let mut media = media_of(db, &ids).await?;
    rows.into_iter()
        .map(|row| {
            let status = PostStatus::parse(&row.status).ok_or_else(|| {
                StoreError::Corrupt(format!("unknown post status {:?}", row.status))
            })?;
            let link_card = row.link_url.map(|url| LinkPreview {
                url,
                title: row.link_title,
                description: row.link_description,
                has_thumb: row.link_thumb_size > 0,
                problem: row.link_problem,
            });
            let deliveries: Vec<Delivery> =
                deliveries.extract_if(.., |d| d.post_id == row.id).collect();
            let states: Vec<DeliveryState> = deliveries.iter().map(|d| d.state).collect();
            Ok(Post {
                life: PostLife::of(status, &states),
                language: row.language,
                content_warning: row.content_warning,
                link_card,
                id: row.id,
                workspace_id: row.workspace_id,
                author_id: row.author_id,
                author_name: row.author_name,
                body: row.body,
                status,
                scheduled_at: row.scheduled_at,
                created_at: row.created_at,
                updated_at: row.updated_at,
                held_at: row.held_at,
                deliveries,
                variants: variants
                    .extract_if(.., |(p, _)| *p == row.id)
                    .map(|(_, v)| v)
                    .collect(),
                tags: tags
                    .extract_if(.., |(p, _)| *p == row.id)
                    .map(|(_, t)| t)
                    .collect(),
                media: media
                    .extract_if(.., |m| m.post_id == Some(row.id))
                    .collect(),
            })
        })
        .collect()
}

/// Ids are integers we produced, so listing them inline is safe and portable (no array binds on SQLite).
fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

async fn variants_of(db: &Db, post_ids: &[i64]) -> Result<Vec<(i64, Variant)>> {
    if post_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT post_id, network, body FROM post_variants WHERE post_id IN ({}) ORDER BY network",
        id_list(post_ids)
    );
    let rows: Vec<(i64, String, String)> =
        on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).fetch_all(pool).await)?;
    rows.into_iter()
        .map(|(post_id, network, body)| {
            let network = NetworkKind::parse(&network)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown network {network:?}")))?;
            Ok((post_id, Variant { network, body }))
        })
        .collect()
}

async fn tags_of(db: &Db, post_ids: &[i64]) -> Result<Vec<(i64, String)>> {
    if post_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT post_id, tag FROM post_tags WHERE post_id IN ({}) ORDER BY tag",
        id_list(post_ids)
    );
    Ok(on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).fetch_all(pool).await)?)
}

async fn media_of(db: &Db, post_ids: &[i64]) -> Result<Vec<MediaInfo>> {
    if post_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, post_id, mime, size, alt, position FROM media WHERE post_id IN ({}) ORDER BY position, id",
        id_list(post_ids)
    );
    Ok(on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).fetch_all(pool).await)?)
}

/// Moves a post's deliveries still waiting to `at`, each with a fresh publish job, inside the caller's transaction.
/// A macro because the transaction's type differs per backend while the SQL is the same.
macro_rules! move_waiting_deliveries {
    ($tx:ident, $post_id:expr, $at:expr, $now:expr) => {{
        let ids: Vec<i64> = sqlx::query_scalar(
            "UPDATE deliveries SET scheduled_at = $1, updated_at = $2 WHERE post_id = $3 AND state = 'scheduled'
             RETURNING id",
        )
        .bind($at)
        .bind($now)
        .bind($post_id)
        .fetch_all(&mut *$tx)
        .await?;
        for delivery_id in ids {
            sqlx::query(ENQUEUE_SQL)
                .bind(PUBLISH_JOB)
                .bind(delivery_id.to_string())
                .bind($at)
                .bind(jobs::DEFAULT_MAX_ATTEMPTS)
                .bind(publish_job_key(delivery_id, $at))
                .bind($now)
                .execute(&mut *$tx)
                .await?;
        }
    }};
}

/// What the author may change before the post is sent: text, variants, tags, time, status, its content (language,
/// warning, link card, images) and, when given, its profiles.
pub struct PostEdit<'a> {
    pub body: &'a str,
    pub variants: &'a [Variant],
    pub tags: &'a [String],
    pub scheduled_at: Millis,
    pub status: PostStatus,
    pub content: Content,
    /// The profiles from now on: waiting deliveries to other profiles are removed, new profiles get one. `None`
    /// keeps the deliveries as they are.
    pub profile_ids: Option<&'a [i64]>,
}

/// Changes a post not yet sent. Deliveries still waiting move to the new time, each with a fresh publish job.
pub async fn edit(db: &Db, workspace_id: i64, id: i64, e: PostEdit<'_>, now: Millis) -> Result<()> {
    on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let done = sqlx::query(
            "UPDATE posts SET body = $1, scheduled_at = $2, status = $3, updated_at = $4, held_at = NULL
             WHERE id = $5 AND workspace_id = $6 AND deleted_at IS NULL",
        )
        .bind(e.body).bind(e.scheduled_at).bind(e.status.as_str()).bind(now).bind(id).bind(workspace_id)
        .execute(&mut *tx).await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound("The post"));
        }
        sqlx::query("DELETE FROM post_variants WHERE post_id = $1").bind(id).execute(&mut *tx).await?;
        for v in e.variants {
            sqlx::query("INSERT INTO post_variants (post_id, network, body) VALUES ($1, $2, $3)")
                .bind(id).bind(v.network.as_str()).bind(&v.body).execute(&mut *tx).await?;
        }
        sqlx::query("DELETE FROM post_tags WHERE post_id = $1").bind(id).execute(&mut *tx).await?;
        for tag in e.tags {
            sqlx::query("INSERT INTO post_tags (post_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(id).bind(tag).execute(&mut *tx).await?;
        }
        // Images: the given ones, in the given order; the post's others are removed.
        let keep = e.content.images.iter().map(|i| i.media_id).collect::<Vec<_>>();
        let mut sql = String::from("DELETE FROM media WHERE post_id = $1");
        if !keep.is_empty() {
            sql.push_str(&format!(" AND id NOT IN ({})", id_list(&keep)));
        }
        sqlx::query(AssertSqlSafe(&*sql)).bind(id).execute(&mut *tx).await?;
        for (index, image) in e.content.images.iter().enumerate() {
            attach_media!(tx, id, workspace_id, image.media_id, index as i64 + 1, Some(image.alt.as_str()));
        }
        store_content!(tx, id, &e.content);
        if let Some(profile_ids) = e.profile_ids {
            let current: Vec<(i64, i64, String)> = sqlx::query_as(
                "SELECT id, profile_id, state FROM deliveries WHERE post_id = $1",
            )
            .bind(id).fetch_all(&mut *tx).await?;
            for (delivery_id, profile_id, state) in &current {
                if profile_ids.contains(profile_id) {
                    continue;
                }
                if state != "scheduled" {
                    return Err(StoreError::Conflict("The post has gone out to that profile already.".into()));
                }
                // Never sent, so nothing refers to it but its waiting publish job.
                sqlx::query("DELETE FROM jobs WHERE kind = $1 AND payload = $2 AND state = 'queued'")
                    .bind(PUBLISH_JOB).bind(delivery_id.to_string()).execute(&mut *tx).await?;
                sqlx::query("DELETE FROM deliveries WHERE id = $1").bind(delivery_id).execute(&mut *tx).await?;
            }
            for &profile_id in profile_ids {
                if current.iter().any(|(_, p, _)| *p == profile_id) {
                    continue;
                }
                let owned: Option<i64> = sqlx::query_scalar(
                    "SELECT id FROM profiles WHERE id = $1 AND workspace_id = $2 AND status <> 'removed'")
                    .bind(profile_id).bind(workspace_id).fetch_optional(&mut *tx).await?;
                if owned.is_none() {
                    return Err(StoreError::NotFound("The profile"));
                }
                let delivery_id: i64 = sqlx::query_scalar(
                    "INSERT INTO deliveries (post_id, profile_id, state, idempotency_key, scheduled_at, updated_at)
                     VALUES ($1, $2, 'scheduled', $3, $4, $5) RETURNING id",
                )
                .bind(id).bind(profile_id).bind(uuid::Uuid::new_v4().to_string()).bind(e.scheduled_at).bind(now)
                .fetch_one(&mut *tx).await?;
                sqlx::query(ENQUEUE_SQL)
                    .bind(PUBLISH_JOB).bind(delivery_id.to_string()).bind(e.scheduled_at)
                    .bind(jobs::DEFAULT_MAX_ATTEMPTS).bind(publish_job_key(delivery_id, e.scheduled_at)).bind(now)
                    .execute(&mut *tx).await?;
            }
        }
        move_waiting_deliveries!(tx, id, e.scheduled_at, now);
        tx.commit().await?;
        Ok::<(), StoreError>(())
    })
}

/// Moves a post (and its deliveries still waiting) to another time: the calendar's drag and drop.
pub async fn reschedule(
    db: &Db,
    workspace_id: i64,
    id: i64,
    at: Millis,
    now: Millis,
) -> Result<()> {
    on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let done = sqlx::query(
            "UPDATE posts SET scheduled_at = $1, updated_at = $2, held_at = NULL
             WHERE id = $3 AND workspace_id = $4 AND deleted_at IS NULL",
        )
        .bind(at).bind(now).bind(id).bind(workspace_id).execute(&mut *tx).await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound("The post"));
        }
        move_waiting_deliveries!(tx, id, at, now);
        tx.commit().await?;
        Ok::<(), StoreError>(())
    })
}

/// Deletes a post: it disappears from lists, and deliveries not yet sent are cancelled (published ones stay on
/// the networks; Sangam never deletes remotely on its own).
pub async fn delete(db: &Db, workspace_id: i64, id: i64, now: Millis) -> Result<()> {
    on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let done = sqlx::query(
            "UPDATE posts SET deleted_at = $1 WHERE id = $2 AND workspace_id = $3 AND deleted_at IS NULL",
        )
        .bind(now).bind(id).bind(workspace_id).execute(&mut *tx).await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound("The post"));
        }
        sqlx::query(
            "UPDATE deliveries SET state = 'cancelled', reason = 'The post was deleted.', updated_at = $1
             WHERE post_id = $2 AND state = 'scheduled'",
        )
        .bind(now).bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok::<(), StoreError>(())
    })
}

/// Cancels one delivery still waiting (the resume list's "cancel").
pub async fn cancel_waiting(db: &Db, id: i64, now: Millis) -> Result<bool> {
    cancel(
        db,
        id,
        "Cancelled after the crisis switch was released.",
        now,
    )
    .await
}

pub async fn set_status(db: &Db, id: i64, status: PostStatus, now: Millis) -> Result<()> {
    let sql = "UPDATE posts SET status = $1, updated_at = $2 WHERE id = $3";
    execute!(db, pool => sqlx::query(sql).bind(status.as_str()).bind(now).bind(id))?;
    Ok(())
}

/// Marks a post held (due but not cleared to publish). True the first time only, so the team is told once.
pub async fn mark_held(db: &Db, id: i64, now: Millis) -> Result<bool> {
    let sql = "UPDATE posts SET held_at = $1 WHERE id = $2 AND held_at IS NULL";
    Ok(execute!(db, pool => sqlx::query(sql).bind(now).bind(id))? == 1)
}

async fn deliveries_of(db: &Db, post_ids: &[i64]) -> Result<Vec<Delivery>> {
    if post_ids.is_empty() {
        return Ok(Vec::new());
    }
    // Ids are integers we produced, so listing them inline is safe and portable (no array binds on SQLite).
    let list = post_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let sql = format!("{DELIVERY_SELECT} WHERE d.post_id IN ({list}) ORDER BY d.post_id, p.handle");
    let rows: Vec<DeliveryRow> =
        on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).fetch_all(pool).await)?;
    rows.into_iter().map(Delivery::try_from).collect()
}

pub async fn delivery(db: &Db, id: i64) -> Result<Delivery> {
    let sql = format!("{DELIVERY_SELECT} WHERE d.id = $1");
    let row: Option<DeliveryRow> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).bind(id).fetch_optional(pool).await)?;
    row.ok_or(StoreError::NotFound("The delivery"))?.try_into()
}

/// What the publisher needs to know about a delivery's post before sending it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DeliveryContext {
    pub workspace_id: i64,
    pub post_id: i64,
    pub author_id: i64,
    /// The text for this delivery's network: its variant, or the post's text.
    pub text: String,
    pub status: String,
    pub deleted_at: Option<Millis>,
    /// The crisis switch held this profile.
    pub profile_paused_at: Option<Millis>,
}

impl DeliveryContext {
    pub fn status(&self) -> PostStatus {
        PostStatus::parse(&self.status).unwrap_or(PostStatus::Draft)
    }
}

pub async fn delivery_context(db: &Db, delivery_id: i64) -> Result<DeliveryContext> {
    let sql = "SELECT p.workspace_id, p.id AS post_id, p.author_id, COALESCE(v.body, p.body) AS text, p.status,
                      p.deleted_at, pr.paused_at AS profile_paused_at
               FROM deliveries d
               JOIN posts p ON p.id = d.post_id
               JOIN profiles pr ON pr.id = d.profile_id
               LEFT JOIN post_variants v ON v.post_id = p.id AND v.network = pr.network
               WHERE d.id = $1";
    let row: Option<DeliveryContext> =
        on_pool!(db, pool => sqlx::query_as(sql).bind(delivery_id).fetch_optional(pool).await)?;
    row.ok_or(StoreError::NotFound("The delivery"))
}

/// Everything a delivery carries to its network, read from its post when it is sent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeliveryContent {
    /// The text for this delivery's network: its variant, or the post's text.
    pub text: String,
    pub language: Option<String>,
    pub content_warning: String,
    /// Images in order: bytes, type, alt text.
    pub images: Vec<ImageBytes>,
    /// The link card, when one could be made.
    pub link_card: Option<LinkCardBytes>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ImageBytes {
    pub mime: String,
    pub bytes: Vec<u8>,
    pub alt: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkCardBytes {
    pub url: String,
    pub title: String,
    pub description: String,
    /// The preview image's bytes and type.
    pub thumb: Option<(Vec<u8>, String)>,
}

#[derive(sqlx::FromRow)]
struct ContentRow {
    post_id: i64,
    text: String,
    language: Option<String>,
    content_warning: String,
    link_url: Option<String>,
    link_title: String,
    link_description: String,
    link_thumb: Option<Vec<u8>>,
    link_thumb_mime: Option<String>,
    link_problem: Option<String>,
}

pub async fn delivery_content(db: &Db, delivery_id: i64) -> Result<DeliveryContent> {
    let sql = "SELECT p.id AS post_id, COALESCE(v.body, p.body) AS text, p.language, p.content_warning, p.link_url,
                      p.link_title, p.link_description, p.link_thumb, p.link_thumb_mime, p.link_problem
               FROM deliveries d
               JOIN posts p ON p.id = d.post_id
               JOIN profiles pr ON pr.id = d.profile_id
               LEFT JOIN post_variants v ON v.post_id = p.id AND v.network = pr.network
               WHERE d.id = $1";
    let row: Option<ContentRow> =
        on_pool!(db, pool => sqlx::query_as(sql).bind(delivery_id).fetch_optional(pool).await)?;
    let row = row.ok_or(StoreError::NotFound("The delivery"))?;
    let images: Vec<ImageBytes> = on_pool!(db, pool => sqlx::query_as(
        "SELECT mime, bytes, alt FROM media WHERE post_id = $1 ORDER BY position, id")
        .bind(row.post_id).fetch_all(pool).await)?;
    let link_card = match row.link_url {
        Some(url)
            if row.link_problem.is_none()
                && !(row.link_title.is_empty() && row.link_description.is_empty()) =>
        {
            Some(LinkCardBytes {
                url,
                title: row.link_title,
                description: row.link_description,
                thumb: row.link_thumb.zip(row.link_thumb_mime),
            })
        }
        _ => None,
    };
    Ok(DeliveryContent {
        text: row.text,
        language: row.language,
        content_warning: row.content_warning,
        images,
        link_card,
    })
}

/// A delivery that ended `unknown` is checked with the network again on a person's request ("check the network"):
/// a fresh publish job, which reconciles before it sends anything.
pub async fn request_reconcile(db: &Db, id: i64, now: Millis) -> Result<bool> {
    let key = format!("reconcile:{id}:{now}");
    let job = jobs::NewJob {
        kind: PUBLISH_JOB,
        payload: &id.to_string(),
        run_at: now,
        unique_key: Some(&key),
        max_attempts: jobs::DEFAULT_MAX_ATTEMPTS,
    };
    let d = delivery(db, id).await?;
    if d.state != DeliveryState::Unknown {
        return Ok(false);
    }
    jobs::enqueue(db, job, now).await
}

async fn transition(
    db: &Db,
    id: i64,
    from: &[DeliveryState],
    set: &str,
    binds: Binds<'_>,
) -> Result<bool> {
    let from = from
        .iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(",");
    let sql = format!("UPDATE deliveries SET {set} WHERE id = $1 AND state IN ({from})");
    let done = on_pool!(db, pool => {
        let mut q = sqlx::query(AssertSqlSafe(&*sql)).bind(id);
        for b in binds.0 {
            q = match b {
                Bind::Int(v) => q.bind(*v),
                Bind::Text(v) => q.bind(*v),
            };
        }
        q.execute(pool).await.map(|r| r.rows_affected())
    })?;
    Ok(done == 1)
}

enum Bind<'a> {
    Int(i64),
    Text(&'a str),
}
struct Binds<'a>(&'a [Bind<'a>]);

/// Records the intent to send, before the network is called. Returns false when the delivery was not `scheduled`
/// (someone else took it, or it was cancelled): the caller must not send.
pub async fn record_intent(db: &Db, id: i64, now: Millis) -> Result<bool> {
    transition(
        db,
        id,
        &[DeliveryState::Scheduled],
        "state = 'sending', attempts = attempts + 1, sent_at = $2, updated_at = $2, reason = NULL",
        Binds(&[Bind::Int(now)]),
    )
    .await
}

pub async fn mark_published(
    db: &Db,
    id: i64,
    remote_id: &str,
    url: &str,
    at: Millis,
    now: Millis,
) -> Result<bool> {
    // What the network answered is untrusted text: a NUL in it must not make the delivery unrecordable.
    let (remote_id, url) = (
        sangam_domain::untrusted::storable(remote_id),
        sangam_domain::untrusted::storable(url),
    );
    transition(
        db,
        id,
        &[DeliveryState::Sending, DeliveryState::Unknown],
        "state = 'published', remote_id = $2, remote_url = $3, published_at = $4, updated_at = $5, reason = NULL",
        Binds(&[Bind::Text(&remote_id), Bind::Text(&url), Bind::Int(at), Bind::Int(now)]),
    )
    .await
}

pub async fn mark_failed(db: &Db, id: i64, reason: &str, now: Millis) -> Result<bool> {
    let reason = sangam_domain::untrusted::storable(reason);
    transition(
        db,
        id,
        &[DeliveryState::Sending, DeliveryState::Scheduled],
        "state = 'failed', reason = $2, updated_at = $3",
        Binds(&[Bind::Text(&reason), Bind::Int(now)]),
    )
    .await
}

pub async fn mark_unknown(db: &Db, id: i64, reason: &str, now: Millis) -> Result<bool> {
    let reason = sangam_domain::untrusted::storable(reason);
    transition(
        db,
        id,
        &[DeliveryState::Sending],
        "state = 'unknown', reason = $2, updated_at = $3",
        Binds(&[Bind::Text(&reason), Bind::Int(now)]),
    )
    .await
}

/// The post was deleted (or withdrawn) before it was sent.
pub async fn cancel(db: &Db, id: i64, reason: &str, now: Millis) -> Result<bool> {
    transition(
        db,
        id,
        &[DeliveryState::Scheduled],
        "state = 'cancelled', reason = $2, updated_at = $3",
        Binds(&[Bind::Text(reason), Bind::Int(now)]),
    )
    .await
}

/// A delivery whose send got no answer is being sent again under the same idempotency key, on a network that
/// deduplicates repeats.
pub async fn resume_intent(db: &Db, id: i64, now: Millis) -> Result<bool> {
    transition(
        db,
        id,
        &[DeliveryState::Unknown],
        "state = 'sending', attempts = attempts + 1, sent_at = $2, updated_at = $2",
        Binds(&[Bind::Int(now)]),
    )
    .await
}

/// The network said "not now" before accepting anything: back to `scheduled`, keeping the same idempotency key.
pub async fn defer(db: &Db, id: i64, reason: &str, now: Millis) -> Result<bool> {
    transition(
        db,
        id,
        &[DeliveryState::Sending],
        "state = 'scheduled', reason = $2, updated_at = $3",
        Binds(&[Bind::Text(reason), Bind::Int(now)]),
    )
    .await
}

/// A person asks to send a failed delivery again. It keeps its idempotency key, so a network that did get it after
/// all refuses the repeat. Enqueues the job in the same transaction.
pub async fn retry(db: &Db, id: i64, at: Millis, now: Millis) -> Result<bool> {
    let retried = on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let done = sqlx::query(
            "UPDATE deliveries SET state = 'scheduled', scheduled_at = $2, reason = NULL, updated_at = $3
             WHERE id = $1 AND state = 'failed'",
        )
        .bind(id)
        .bind(at)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 1 {
            sqlx::query(ENQUEUE_SQL)
                .bind(PUBLISH_JOB)
                .bind(id.to_string())
                .bind(at)
                .bind(jobs::DEFAULT_MAX_ATTEMPTS)
                .bind(publish_job_key(id, at))
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok::<bool, sqlx::Error>(done == 1)
    })?;
    Ok(retried)
}

/// Deliveries still `scheduled` whose time has passed, for the sweeper to make sure each has a job.
pub async fn overdue(db: &Db, now: Millis, limit: i64) -> Result<Vec<Delivery>> {
    let sql = format!(
        "{DELIVERY_SELECT} WHERE d.state = 'scheduled' AND d.scheduled_at <= $1 ORDER BY d.scheduled_at LIMIT $2"
    );
    let rows: Vec<DeliveryRow> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).bind(now).bind(limit).fetch_all(pool).await)?;
    rows.into_iter().map(Delivery::try_from).collect()
}

/// Deliveries left `sending` whose publish job has ended (dead after its attempts): nobody will finish them, so the
/// sweeper marks them `unknown` for a person.
pub async fn orphaned_sending(db: &Db, limit: i64) -> Result<Vec<i64>> {
    let sql = "SELECT d.id FROM deliveries d WHERE d.state = 'sending' AND NOT EXISTS (
                 SELECT 1 FROM jobs j WHERE j.kind = 'publish' AND j.payload = CAST(d.id AS TEXT)
                 AND j.state = 'queued') LIMIT $1";
    Ok(on_pool!(db, pool => sqlx::query_scalar(sql).bind(limit).fetch_all(pool).await)?)
}

/// Published deliveries of a profile since `since`, for the metrics collector.
pub async fn published_since(db: &Db, profile_id: i64, since: Millis) -> Result<Vec<Delivery>> {
    let sql = format!(
        "{DELIVERY_SELECT} WHERE d.profile_id = $1 AND d.state = 'published' AND d.published_at >= $2
         ORDER BY d.published_at"
    );
    let rows: Vec<DeliveryRow> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).bind(profile_id).bind(since).fetch_all(pool).await)?;
    rows.into_iter().map(Delivery::try_from).collect()
}

/// Counts of deliveries per state in one workspace, for the dashboard.
pub async fn state_counts_for(db: &Db, workspace_id: i64) -> Result<Vec<(String, i64)>> {
    let sql = "SELECT d.state, COUNT(*) FROM deliveries d JOIN posts p ON p.id = d.post_id
               WHERE p.workspace_id = $1 AND p.deleted_at IS NULL GROUP BY d.state ORDER BY d.state";
    Ok(on_pool!(db, pool => sqlx::query_as(sql).bind(workspace_id).fetch_all(pool).await)?)
}

/// Counts of deliveries per state, for the chaos test.
pub async fn state_counts(db: &Db) -> Result<Vec<(String, i64)>> {
    let sql = "SELECT state, COUNT(*) FROM deliveries GROUP BY state ORDER BY state";
    Ok(on_pool!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)?)
}

/// The workspace a post belongs to (for signed links, which carry no session).
pub async fn workspace_of(db: &Db, post_id: i64) -> Result<i64> {
    let sql = "SELECT workspace_id FROM posts WHERE id = $1 AND deleted_at IS NULL";
    let found: Option<i64> =
        on_pool!(db, pool => sqlx::query_scalar(sql).bind(post_id).fetch_optional(pool).await)?;
    found.ok_or(StoreError::NotFound("The post"))
}

/// Stores many approved single-profile posts due at `scheduled_at`, each with its delivery and publish job, in one
/// transaction per call. For imports and the scheduler benchmark, where one round trip per post would dominate.
pub async fn create_batch(
    db: &Db,
    workspace_id: i64,
    author_id: i64,
    items: &[(String, i64)],
    scheduled_at: Millis,
    now: Millis,
) -> Result<usize> {
    on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        for (body, profile_id) in items {
            let post_id: i64 = sqlx::query_scalar(
                "INSERT INTO posts (workspace_id, author_id, body, scheduled_at, created_at, updated_at, status)
                 VALUES ($1, $2, $3, $4, $5, $5, 'approved') RETURNING id",
            )
            .bind(workspace_id).bind(author_id).bind(body).bind(scheduled_at).bind(now)
            .fetch_one(&mut *tx).await?;
            let delivery_id: i64 = sqlx::query_scalar(
                "INSERT INTO deliveries (post_id, profile_id, state, idempotency_key, scheduled_at, updated_at)
                 VALUES ($1, $2, 'scheduled', $3, $4, $5) RETURNING id",
            )
            .bind(post_id).bind(profile_id).bind(uuid::Uuid::new_v4().to_string()).bind(scheduled_at).bind(now)
            .fetch_one(&mut *tx).await?;
            sqlx::query(ENQUEUE_SQL)
                .bind(PUBLISH_JOB)
                .bind(delivery_id.to_string())
                .bind(scheduled_at)
                .bind(jobs::DEFAULT_MAX_ATTEMPTS)
                .bind(publish_job_key(delivery_id, scheduled_at))
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok::<usize, StoreError>(items.len())
    })
}

/// (scheduled_at, updated_at) of every published delivery: how long each waited from due to published.
pub async fn publish_lags(db: &Db) -> Result<Vec<(Millis, Millis)>> {
    let sql = "SELECT scheduled_at, updated_at FROM deliveries WHERE state = 'published'";
    Ok(on_pool!(db, pool => sqlx::query_as(sql).fetch_all(pool).await)?)
}
