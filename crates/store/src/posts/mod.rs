//! Posts as the team writes them: text, variants per network, tags and content, each with one delivery per target
//! profile. A post is never stored without the work that sends it: the deliveries and their publish jobs are written
//! in the same transaction ([`deliveries`]), and what a delivery carries to its network is read back from the post
//! when it is sent ([`content`]).

#[cfg(feature = "bench")]
mod bulk;
mod content;
mod deliveries;
mod import_rows;
mod to_publish;

#[cfg(feature = "bench")]
pub use bulk::{
    create_batch, delivery_ids_in, publish_lags, publish_lags_in, published_in, state_counts,
};
pub use content::{
    Content, DeliveryContent, ImageBytes, ImageRef, LinkCardBytes, LinkPreview, MediaInfo, NewLink,
    delivery_content,
};
pub use deliveries::{
    Delivery, DeliveryContext, NewDelivery, cancel, cancel_waiting, defer, delivery,
    delivery_context, mark_failed, mark_published, mark_unknown, orphaned_sending, overdue,
    published_since, record_intent, request_reconcile, resume_intent, retry, schedule_delivery,
    state_counts_for,
};
pub use import_rows::create_all;
pub use to_publish::{ToPublish, open_credentials, to_publish};

use crate::{Db, Result, Sql, StoreError, Tx};
use sangam_domain::{DeliveryState, Millis, NetworkKind, PostLife, PostStatus};
use serde::Serialize;

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Variant {
    pub network: NetworkKind,
    pub body: String,
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

/// A post's own row; [`assemble_all`] adds what other tables hold.
#[derive(sqlx::FromRow)]
struct PostRow {
    id: i64,
    workspace_id: i64,
    author_id: i64,
    author_name: String,
    body: String,
    #[sqlx(try_from = "String")]
    status: PostStatus,
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

/// Stores a post, one delivery per profile and the job that will publish each, in one transaction: a post is never
/// stored without the work that sends it. Profiles must belong to the post's workspace.
pub async fn create(db: &Db, new: NewPost<'_>, now: Millis) -> Result<Post> {
    let mut tx = db.tx().await?;
    let post_id = create_in(&mut tx, &new, now).await?;
    tx.commit().await?;
    get(db, new.workspace_id, post_id).await
}

/// [`create`] inside the caller's transaction (a bulk upload writes all its posts in one); returns the post's id.
async fn create_in(tx: &mut Tx, new: &NewPost<'_>, now: Millis) -> Result<i64> {
    let post_id = insert_post(
        tx,
        new.workspace_id,
        new.author_id,
        new.body,
        new.scheduled_at,
        new.status,
        now,
    )
    .await?;
    set_variants_and_tags(tx, post_id, new.variants, new.tags).await?;
    let images = new.media_ids.iter().map(|id| (*id, None)).chain(
        new.content
            .images
            .iter()
            .map(|i| (i.media_id, Some(i.alt.as_str()))),
    );
    for (index, (media_id, alt)) in images.enumerate() {
        content::attach_media(tx, post_id, new.workspace_id, media_id, index, alt).await?;
    }
    content::store(tx, post_id, &new.content).await?;
    for &profile_id in new.profile_ids {
        deliver_to(
            tx,
            new.workspace_id,
            post_id,
            profile_id,
            new.scheduled_at,
            now,
        )
        .await?;
    }
    Ok(post_id)
}

/// Stores a post's own row inside the caller's transaction and returns its id. Inbox replies are posts too.
pub async fn insert_post(
    tx: &mut Tx,
    workspace_id: i64,
    author_id: i64,
    body: &str,
    scheduled_at: Millis,
    status: PostStatus,
    now: Millis,
) -> Result<i64> {
    let sql = "INSERT INTO posts (workspace_id, author_id, body, scheduled_at, created_at, updated_at, status)
               VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING id";
    let (id,): (i64,) = tx
        .fetch_one(
            Sql::new(sql)
                .bind(workspace_id)
                .bind(author_id)
                .bind(body)
                .bind(scheduled_at)
                .bind(now)
                .bind(status.as_str()),
        )
        .await?;
    Ok(id)
}

/// A new delivery of the post to one of the workspace's profiles, with its publish job.
async fn deliver_to(
    tx: &mut Tx,
    workspace_id: i64,
    post_id: i64,
    profile_id: i64,
    scheduled_at: Millis,
    now: Millis,
) -> Result<i64> {
    let sql = "SELECT id FROM profiles WHERE id = $1 AND workspace_id = $2 AND status <> 'removed'";
    let owned: Option<(i64,)> = tx
        .fetch_optional(Sql::new(sql).bind(profile_id).bind(workspace_id))
        .await?;
    if owned.is_none() {
        return Err(StoreError::NotFound("The profile"));
    }
    let delivery = NewDelivery {
        post_id,
        profile_id,
        scheduled_at,
        in_reply_to: None,
    };
    schedule_delivery(tx, delivery, now).await
}

/// Replaces a post's variants and tags.
async fn set_variants_and_tags(
    tx: &mut Tx,
    post_id: i64,
    variants: &[Variant],
    tags: &[String],
) -> Result<()> {
    tx.execute(Sql::new("DELETE FROM post_variants WHERE post_id = $1").bind(post_id))
        .await?;
    for v in variants {
        let sql = "INSERT INTO post_variants (post_id, network, body) VALUES ($1, $2, $3)";
        tx.execute(
            Sql::new(sql)
                .bind(post_id)
                .bind(v.network.as_str())
                .bind(&v.body),
        )
        .await?;
    }
    tx.execute(Sql::new("DELETE FROM post_tags WHERE post_id = $1").bind(post_id))
        .await?;
    for tag in tags {
        let sql = "INSERT INTO post_tags (post_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING";
        tx.execute(Sql::new(sql).bind(post_id).bind(tag)).await?;
    }
    Ok(())
}

pub async fn get(db: &Db, workspace_id: i64, id: i64) -> Result<Post> {
    let sql =
        format!("{POST_SELECT} WHERE p.id = $1 AND p.workspace_id = $2 AND p.deleted_at IS NULL");
    let row: Option<PostRow> = db
        .fetch_optional(Sql::assembled(sql).bind(id).bind(workspace_id))
        .await?;
    let row = row.ok_or(StoreError::NotFound("The post"))?;
    let mut posts = assemble_all(db, vec![row]).await?;
    posts.pop().ok_or(StoreError::NotFound("The post"))
}

/// Replies to inbox messages are stored as posts (so they travel the same delivery path) but live in the inbox, not
/// in the post list or the calendar.
const NOT_A_REPLY: &str =
    "NOT EXISTS (SELECT 1 FROM deliveries r WHERE r.post_id = p.id AND r.in_reply_to IS NOT NULL)";

/// The posts `sql` selects (its columns those of [`POST_SELECT`]), with everything they hold.
async fn fetch_posts(db: &Db, sql: Sql<'_>) -> Result<Vec<Post>> {
    let rows: Vec<PostRow> = db.fetch_all(sql).await?;
    assemble_all(db, rows).await
}

/// The newest posts of a workspace with their deliveries, newest scheduled time first.
pub async fn list(db: &Db, workspace_id: i64, limit: i64) -> Result<Vec<Post>> {
    let sql = format!(
        "{POST_SELECT} WHERE p.workspace_id = $1 AND p.deleted_at IS NULL AND {NOT_A_REPLY}
         ORDER BY p.scheduled_at DESC, p.id DESC LIMIT $2"
    );
    fetch_posts(db, Sql::assembled(sql).bind(workspace_id).bind(limit)).await
}

/// Posts scheduled in [from, to), oldest first, for the calendar.
pub async fn between(db: &Db, workspace_id: i64, from: Millis, to: Millis) -> Result<Vec<Post>> {
    let sql = format!(
        "{POST_SELECT} WHERE p.workspace_id = $1 AND p.deleted_at IS NULL AND p.scheduled_at >= $2
         AND p.scheduled_at < $3 AND {NOT_A_REPLY} ORDER BY p.scheduled_at, p.id"
    );
    fetch_posts(
        db,
        Sql::assembled(sql).bind(workspace_id).bind(from).bind(to),
    )
    .await
}

/// Posts whose time has come but which still wait (unapproved, or held by the crisis switch), oldest first.
pub async fn waiting_past_due(db: &Db, workspace_id: i64, now: Millis) -> Result<Vec<Post>> {
    let sql = format!(
        "{POST_SELECT} WHERE p.workspace_id = $1 AND p.deleted_at IS NULL AND p.scheduled_at <= $2
         AND EXISTS (SELECT 1 FROM deliveries d WHERE d.post_id = p.id AND d.state = 'scheduled')
         ORDER BY p.scheduled_at, p.id"
    );
    fetch_posts(db, Sql::assembled(sql).bind(workspace_id).bind(now)).await
}

/// Posts in one status (the approvals queue), oldest first.
pub async fn with_status(db: &Db, workspace_id: i64, status: PostStatus) -> Result<Vec<Post>> {
    let sql = format!(
        "{POST_SELECT} WHERE p.workspace_id = $1 AND p.deleted_at IS NULL AND p.status = $2
         ORDER BY p.scheduled_at, p.id"
    );
    fetch_posts(
        db,
        Sql::assembled(sql).bind(workspace_id).bind(status.as_str()),
    )
    .await
}

async fn assemble_all(db: &Db, rows: Vec<PostRow>) -> Result<Vec<Post>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut deliveries = deliveries::of_posts(db, &ids).await?;
    let mut variants = variants_of(db, &ids).await?;
    let mut tags = tags_of(db, &ids).await?;
    let mut media = content::media_of(db, &ids).await?;
    let posts = rows
        .into_iter()
        .map(|row| {
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
            Post {
                life: PostLife::of(row.status, &states),
                language: row.language,
                content_warning: row.content_warning,
                link_card,
                id: row.id,
                workspace_id: row.workspace_id,
                author_id: row.author_id,
                author_name: row.author_name,
                body: row.body,
                status: row.status,
                scheduled_at: row.scheduled_at,
                created_at: row.created_at,
                updated_at: row.updated_at,
                held_at: row.held_at,
                deliveries,
                variants: variants
                    .extract_if(.., |v| v.post_id == row.id)
                    .map(|v| Variant {
                        network: v.network,
                        body: v.body,
                    })
                    .collect(),
                tags: tags
                    .extract_if(.., |(p, _)| *p == row.id)
                    .map(|(_, t)| t)
                    .collect(),
                media: media
                    .extract_if(.., |m| m.post_id == Some(row.id))
                    .collect(),
            }
        })
        .collect();
    Ok(posts)
}

#[derive(sqlx::FromRow)]
struct VariantRow {
    post_id: i64,
    #[sqlx(try_from = "String")]
    network: NetworkKind,
    body: String,
}

async fn variants_of(db: &Db, post_ids: &[i64]) -> Result<Vec<VariantRow>> {
    let sql = "SELECT post_id, network, body FROM post_variants WHERE post_id IN ({ids}) ORDER BY network";
    db.fetch_all(Sql::with_ids(sql, post_ids)).await
}

async fn tags_of(db: &Db, post_ids: &[i64]) -> Result<Vec<(i64, String)>> {
    let sql = "SELECT post_id, tag FROM post_tags WHERE post_id IN ({ids}) ORDER BY tag";
    db.fetch_all(Sql::with_ids(sql, post_ids)).await
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
    let mut tx = db.tx().await?;
    let sql = "UPDATE posts SET body = $1, scheduled_at = $2, status = $3, updated_at = $4, held_at = NULL
               WHERE id = $5 AND workspace_id = $6 AND deleted_at IS NULL";
    let done = tx
        .execute(
            Sql::new(sql)
                .bind(e.body)
                .bind(e.scheduled_at)
                .bind(e.status.as_str())
                .bind(now)
                .bind(id)
                .bind(workspace_id),
        )
        .await?;
    if done != 1 {
        return Err(StoreError::NotFound("The post"));
    }
    set_variants_and_tags(&mut tx, id, e.variants, e.tags).await?;
    content::replace_images(&mut tx, workspace_id, id, &e.content.images).await?;
    content::store(&mut tx, id, &e.content).await?;
    if let Some(profile_ids) = e.profile_ids {
        retarget(&mut tx, workspace_id, id, profile_ids, e.scheduled_at, now).await?;
    }
    deliveries::move_waiting(&mut tx, id, e.scheduled_at, now).await?;
    tx.commit().await
}

/// Makes the post go to `profile_ids`: waiting deliveries to other profiles are removed, new profiles get one. A
/// delivery that has gone out cannot be taken back.
async fn retarget(
    tx: &mut Tx,
    workspace_id: i64,
    post_id: i64,
    profile_ids: &[i64],
    scheduled_at: Millis,
    now: Millis,
) -> Result<()> {
    let current = deliveries::targets(tx, post_id).await?;
    for target in current
        .iter()
        .filter(|t| !profile_ids.contains(&t.profile_id))
    {
        if target.state != DeliveryState::Scheduled {
            return Err(StoreError::Conflict(
                "The post has gone out to that profile already.".into(),
            ));
        }
        deliveries::remove_unsent(tx, target.id).await?;
    }
    for &profile_id in profile_ids {
        if !current.iter().any(|t| t.profile_id == profile_id) {
            deliver_to(tx, workspace_id, post_id, profile_id, scheduled_at, now).await?;
        }
    }
    Ok(())
}

/// Moves a post (and its deliveries still waiting) to another time: the calendar's drag and drop.
pub async fn reschedule(
    db: &Db,
    workspace_id: i64,
    id: i64,
    at: Millis,
    now: Millis,
) -> Result<()> {
    let mut tx = db.tx().await?;
    let sql = "UPDATE posts SET scheduled_at = $1, updated_at = $2, held_at = NULL
               WHERE id = $3 AND workspace_id = $4 AND deleted_at IS NULL";
    let done = tx
        .execute(Sql::new(sql).bind(at).bind(now).bind(id).bind(workspace_id))
        .await?;
    if done != 1 {
        return Err(StoreError::NotFound("The post"));
    }
    deliveries::move_waiting(&mut tx, id, at, now).await?;
    tx.commit().await
}

/// Deletes a post: it disappears from lists, and deliveries not yet sent are cancelled (published ones stay on
/// the networks; Sangam never deletes remotely on its own).
pub async fn delete(db: &Db, workspace_id: i64, id: i64, now: Millis) -> Result<()> {
    let mut tx = db.tx().await?;
    let sql = "UPDATE posts SET deleted_at = $1 WHERE id = $2 AND workspace_id = $3 AND deleted_at IS NULL";
    let done = tx
        .execute(Sql::new(sql).bind(now).bind(id).bind(workspace_id))
        .await?;
    if done != 1 {
        return Err(StoreError::NotFound("The post"));
    }
    deliveries::cancel_waiting_of(&mut tx, id, "The post was deleted.", now).await?;
    tx.commit().await
}

pub async fn set_status(db: &Db, id: i64, status: PostStatus, now: Millis) -> Result<()> {
    let sql = "UPDATE posts SET status = $1, updated_at = $2 WHERE id = $3";
    db.execute(Sql::new(sql).bind(status.as_str()).bind(now).bind(id))
        .await?;
    Ok(())
}

/// Marks a post held (due but not cleared to publish). True the first time only, so the team is told once.
pub async fn mark_held(db: &Db, id: i64, now: Millis) -> Result<bool> {
    let sql = "UPDATE posts SET held_at = $1 WHERE id = $2 AND held_at IS NULL";
    Ok(db.execute(Sql::new(sql).bind(now).bind(id)).await? == 1)
}

/// The workspace a post belongs to (for signed links, which carry no session).
pub async fn workspace_of(db: &Db, post_id: i64) -> Result<i64> {
    let sql = "SELECT workspace_id FROM posts WHERE id = $1 AND deleted_at IS NULL";
    let found: Option<(i64,)> = db.fetch_optional(Sql::new(sql).bind(post_id)).await?;
    found
        .map(|(id,)| id)
        .ok_or(StoreError::NotFound("The post"))
}
