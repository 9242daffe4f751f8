//! Posts and their deliveries (one per target profile). The delivery state changes here are conditional updates: a
//! change applies only from the state the caller saw, so two publishers can never both take the same delivery.

use crate::jobs::{self, ENQUEUE_SQL};
use crate::{Db, Result, StoreError, on_pool};
use sangam_domain::{DeliveryState, Millis, NetworkKind};
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
    pub scheduled_at: Millis,
    pub created_at: Millis,
    pub deliveries: Vec<Delivery>,
}

#[derive(sqlx::FromRow)]
struct PostRow {
    id: i64,
    workspace_id: i64,
    author_id: i64,
    author_name: String,
    body: String,
    scheduled_at: Millis,
    created_at: Millis,
}

const POST_SELECT: &str =
    "SELECT p.id, p.workspace_id, p.author_id, u.name AS author_name, p.body, p.scheduled_at,
    p.created_at FROM posts p JOIN users u ON u.id = p.author_id";

pub struct NewPost<'a> {
    pub workspace_id: i64,
    pub author_id: i64,
    pub body: &'a str,
    pub scheduled_at: Millis,
    pub profile_ids: &'a [i64],
}

/// Stores a post, one delivery per profile and the job that will publish each, in one transaction: a post is never
/// stored without the work that sends it. Profiles must belong to the post's workspace.
pub async fn create(db: &Db, new: NewPost<'_>, now: Millis) -> Result<Post> {
    let post_id: i64 = on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let post_id: i64 = sqlx::query_scalar(
            "INSERT INTO posts (workspace_id, author_id, body, scheduled_at, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(new.workspace_id)
        .bind(new.author_id)
        .bind(new.body)
        .bind(new.scheduled_at)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        for &profile_id in new.profile_ids {
            let owned: Option<i64> = sqlx::query_scalar("SELECT id FROM profiles WHERE id = $1 AND workspace_id = $2")
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
    let deliveries = deliveries_of(db, &[row.id]).await?;
    Ok(assemble(row, deliveries))
}

/// The newest posts of a workspace with their deliveries, newest scheduled time first.
pub async fn list(db: &Db, workspace_id: i64, limit: i64) -> Result<Vec<Post>> {
    let sql = format!(
        "{POST_SELECT} WHERE p.workspace_id = $1 AND p.deleted_at IS NULL ORDER BY p.scheduled_at DESC, p.id DESC
         LIMIT $2"
    );
    let rows: Vec<PostRow> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).bind(workspace_id).bind(limit).fetch_all(pool).await)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut deliveries = deliveries_of(db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let mine = deliveries.extract_if(.., |d| d.post_id == row.id).collect();
            assemble(row, mine)
        })
        .collect())
}

fn assemble(row: PostRow, deliveries: Vec<Delivery>) -> Post {
    Post {
        id: row.id,
        workspace_id: row.workspace_id,
        author_id: row.author_id,
        author_name: row.author_name,
        body: row.body,
        scheduled_at: row.scheduled_at,
        created_at: row.created_at,
        deliveries,
    }
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

/// The workspace a delivery belongs to and the post's text, for the publisher.
pub async fn delivery_context(db: &Db, delivery_id: i64) -> Result<(i64, String, Option<Millis>)> {
    let sql = "SELECT p.workspace_id, p.body, p.deleted_at FROM deliveries d JOIN posts p ON p.id = d.post_id
               WHERE d.id = $1";
    let row: Option<(i64, String, Option<Millis>)> =
        on_pool!(db, pool => sqlx::query_as(sql).bind(delivery_id).fetch_optional(pool).await)?;
    row.ok_or(StoreError::NotFound("The delivery"))
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
    transition(
        db,
        id,
        &[DeliveryState::Sending, DeliveryState::Unknown],
        "state = 'published', remote_id = $2, remote_url = $3, published_at = $4, updated_at = $5, reason = NULL",
        Binds(&[Bind::Text(remote_id), Bind::Text(url), Bind::Int(at), Bind::Int(now)]),
    )
    .await
}

pub async fn mark_failed(db: &Db, id: i64, reason: &str, now: Millis) -> Result<bool> {
    transition(
        db,
        id,
        &[DeliveryState::Sending, DeliveryState::Scheduled],
        "state = 'failed', reason = $2, updated_at = $3",
        Binds(&[Bind::Text(reason), Bind::Int(now)]),
    )
    .await
}

pub async fn mark_unknown(db: &Db, id: i64, reason: &str, now: Millis) -> Result<bool> {
    transition(
        db,
        id,
        &[DeliveryState::Sending],
        "state = 'unknown', reason = $2, updated_at = $3",
        Binds(&[Bind::Text(reason), Bind::Int(now)]),
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
