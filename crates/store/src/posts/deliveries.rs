//! Deliveries: one per post and target profile, each with the publish job that sends it. The state changes here are
//! conditional updates: a change applies only from the states the caller may leave, so two publishers can never both
//! take the same delivery.

use crate::jobs::{self, NewJob};
use crate::{Arg, Db, Result, Sql, StoreError, Tx};
use sangam_domain::job::{self, JobKind, Work};
use sangam_domain::{DeliveryState, Millis, NetworkKind, PostStatus};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Delivery {
    pub id: i64,
    pub post_id: i64,
    pub profile_id: i64,
    pub profile_handle: String,
    #[sqlx(try_from = "String")]
    pub network: NetworkKind,
    #[sqlx(try_from = "String")]
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

/// The columns of a [`Delivery`]. A macro so that statements with an id list, whose text must be static, can be
/// `concat!`enated from it.
macro_rules! delivery_select {
    () => {
        "SELECT d.id, d.post_id, d.profile_id, p.handle AS profile_handle, p.network, d.state, d.idempotency_key,
         d.scheduled_at, d.attempts, d.remote_id, d.remote_url, d.reason, d.sent_at, d.published_at
         FROM deliveries d JOIN profiles p ON p.id = d.profile_id"
    };
}

pub(super) const DELIVERY_SELECT: &str = delivery_select!();

/// A delivery to schedule: the post, the profile it goes to, when, and for an inbox reply the remote id it answers.
#[derive(Debug, Clone, Copy)]
pub struct NewDelivery<'a> {
    pub post_id: i64,
    pub profile_id: i64,
    pub scheduled_at: Millis,
    pub in_reply_to: Option<&'a str>,
}

/// Stores a delivery and the job that publishes it, inside the caller's transaction, and returns the delivery's id:
/// a delivery never exists without the work that sends it. The caller has checked the profile is the post's
/// workspace's.
pub async fn schedule_delivery(tx: &mut Tx, new: NewDelivery<'_>, now: Millis) -> Result<i64> {
    let sql = "INSERT INTO deliveries (post_id, profile_id, state, idempotency_key, scheduled_at, updated_at,
                                       in_reply_to)
               VALUES ($1, $2, 'scheduled', $3, $4, $5, $6) RETURNING id";
    let (id,): (i64,) = tx
        .fetch_one(
            Sql::new(sql)
                .bind(new.post_id)
                .bind(new.profile_id)
                .bind(uuid::Uuid::new_v4().to_string())
                .bind(new.scheduled_at)
                .bind(now)
                .bind(new.in_reply_to),
        )
        .await?;
    publish_at(tx, id, new.scheduled_at, now).await?;
    Ok(id)
}

/// Enqueues the job that publishes `delivery_id` at `at`, keyed by the attempt so that it is enqueued once.
async fn publish_at(tx: &mut Tx, delivery_id: i64, at: Millis, now: Millis) -> Result<()> {
    let planned = job::publish(delivery_id, at, at);
    jobs::enqueue_in(tx, NewJob::from(&planned), now).await?;
    Ok(())
}

/// Moves a post's deliveries still waiting to `at`, each with a fresh publish job.
pub(super) async fn move_waiting(tx: &mut Tx, post_id: i64, at: Millis, now: Millis) -> Result<()> {
    let sql = "UPDATE deliveries SET scheduled_at = $1, updated_at = $2 WHERE post_id = $3 AND state = 'scheduled'
               RETURNING id";
    let moved: Vec<(i64,)> = tx
        .fetch_all(Sql::new(sql).bind(at).bind(now).bind(post_id))
        .await?;
    for (delivery_id,) in moved {
        publish_at(tx, delivery_id, at, now).await?;
    }
    Ok(())
}

/// Cancels a post's deliveries still waiting.
pub(super) async fn cancel_waiting_of(
    tx: &mut Tx,
    post_id: i64,
    reason: &str,
    now: Millis,
) -> Result<()> {
    let sql = "UPDATE deliveries SET state = 'cancelled', reason = $1, updated_at = $2
               WHERE post_id = $3 AND state = 'scheduled'";
    tx.execute(Sql::new(sql).bind(reason).bind(now).bind(post_id))
        .await?;
    Ok(())
}

/// Where a post goes now: each delivery's profile and state.
#[derive(sqlx::FromRow)]
pub(super) struct Target {
    pub id: i64,
    pub profile_id: i64,
    #[sqlx(try_from = "String")]
    pub state: DeliveryState,
}

pub(super) async fn targets(tx: &mut Tx, post_id: i64) -> Result<Vec<Target>> {
    let sql = "SELECT id, profile_id, state FROM deliveries WHERE post_id = $1";
    tx.fetch_all(Sql::new(sql).bind(post_id)).await
}

/// Removes a delivery never sent, with its waiting publish job: nothing else refers to it.
pub(super) async fn remove_unsent(tx: &mut Tx, delivery_id: i64) -> Result<()> {
    let publishing = Work::Publish { delivery_id };
    let sql = "DELETE FROM jobs WHERE kind = $1 AND payload = $2 AND state = 'queued'";
    tx.execute(
        Sql::new(sql)
            .bind(JobKind::Publish.as_str())
            .bind(publishing.payload()),
    )
    .await?;
    tx.execute(Sql::new("DELETE FROM deliveries WHERE id = $1").bind(delivery_id))
        .await?;
    Ok(())
}

pub(super) async fn of_posts(db: &Db, post_ids: &[i64]) -> Result<Vec<Delivery>> {
    let sql = concat!(
        delivery_select!(),
        " WHERE d.post_id IN ({ids}) ORDER BY d.post_id, p.handle"
    );
    db.fetch_all(Sql::with_ids(sql, post_ids)).await
}

pub async fn delivery(db: &Db, id: i64) -> Result<Delivery> {
    let sql = format!("{DELIVERY_SELECT} WHERE d.id = $1");
    let found: Option<Delivery> = db.fetch_optional(Sql::assembled(sql).bind(id)).await?;
    found.ok_or(StoreError::NotFound("The delivery"))
}

/// Delivery `$1` with its post (`p`), its profile (`pr`) and the post's variant for the profile's network (`v`).
pub(super) const WITH_ITS_POST: &str = "FROM deliveries d
    JOIN posts p ON p.id = d.post_id
    JOIN profiles pr ON pr.id = d.profile_id
    LEFT JOIN post_variants v ON v.post_id = p.id AND v.network = pr.network
    WHERE d.id = $1";

/// The text for the delivery's network, from [`WITH_ITS_POST`]: its variant, or the post's text.
pub(super) const TEXT_FOR_NETWORK: &str = "COALESCE(v.body, p.body) AS text";

/// What the publisher needs to know about a delivery's post before sending it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct DeliveryContext {
    pub workspace_id: i64,
    pub post_id: i64,
    pub author_id: i64,
    /// The text for this delivery's network: its variant, or the post's text.
    pub text: String,
    #[sqlx(try_from = "String")]
    pub status: PostStatus,
    pub deleted_at: Option<Millis>,
    /// The crisis switch held this profile.
    pub profile_paused_at: Option<Millis>,
}

pub async fn delivery_context(db: &Db, delivery_id: i64) -> Result<DeliveryContext> {
    let sql = format!(
        "SELECT p.workspace_id, p.id AS post_id, p.author_id, {TEXT_FOR_NETWORK}, p.status, p.deleted_at,
                pr.paused_at AS profile_paused_at {WITH_ITS_POST}"
    );
    let found: Option<DeliveryContext> = db
        .fetch_optional(Sql::assembled(sql).bind(delivery_id))
        .await?;
    found.ok_or(StoreError::NotFound("The delivery"))
}

/// A delivery that ended `unknown` is checked with the network again on a person's request ("check the network"):
/// a fresh publish job, which reconciles before it sends anything.
pub async fn request_reconcile(db: &Db, id: i64, now: Millis) -> Result<bool> {
    let d = delivery(db, id).await?;
    if d.state != DeliveryState::Unknown {
        return Ok(false);
    }
    jobs::enqueue(db, NewJob::from(&job::reconcile(id, now)), now).await
}

/// Moves delivery `id` from one of the states `from` to `to` by `set` (whose placeholders start at `$2`, for
/// `values`). True when it moved: false means someone else moved it first, and the caller must not act as if it had.
/// The change is committed when this returns (on SQLite, perhaps with other deliveries' changes in one transaction:
/// [`jobs::combined`]).
async fn transition(
    db: &Db,
    id: i64,
    from: &[DeliveryState],
    to: DeliveryState,
    set: &str,
    values: Vec<Arg<'_>>,
) -> Result<bool> {
    let from: Vec<String> = from.iter().map(|s| format!("'{}'", s.as_str())).collect();
    let from = from.join(",");
    let mut sql = Sql::assembled(format!(
        "UPDATE deliveries SET {set} WHERE id = $1 AND state IN ({from})"
    ));
    sql.push(id);
    for value in values {
        sql.push(owned(value));
    }
    // A delivery published, failed or unknown is a webhook event, recorded with the change; the other states are
    // none, and are not looked up for one.
    let event = matches!(
        to,
        DeliveryState::Published | DeliveryState::Failed | DeliveryState::Unknown
    );
    let write = jobs::Write::Delivery { id, sql, event };
    Ok(jobs::combined(db, write).await? == 1)
}

/// `value` holding its own text, so the statement can wait for its turn beyond the caller's borrow.
fn owned(value: Arg<'_>) -> Arg<'static> {
    match value {
        Arg::Int(v) => Arg::Int(v),
        Arg::Real(v) => Arg::Real(v),
        Arg::Bool(v) => Arg::Bool(v),
        Arg::Text(v) => Arg::Text(v.map(|t| std::borrow::Cow::Owned(t.into_owned()))),
        Arg::Bytes(v) => Arg::Bytes(v.map(|b| std::borrow::Cow::Owned(b.into_owned()))),
    }
}

/// Records the intent to send, before the network is called. Returns false when the delivery was not `scheduled`
/// (someone else took it, or it was cancelled): the caller must not send.
pub async fn record_intent(db: &Db, id: i64, now: Millis) -> Result<bool> {
    transition(
        db,
        id,
        &[DeliveryState::Scheduled],
        DeliveryState::Sending,
        "state = 'sending', attempts = attempts + 1, sent_at = $2, updated_at = $2, reason = NULL",
        vec![now.into()],
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
        DeliveryState::Published,
        "state = 'published', remote_id = $2, remote_url = $3, published_at = $4, updated_at = $5, reason = NULL",
        vec![
            Arg::Text(Some(remote_id)),
            Arg::Text(Some(url)),
            at.into(),
            now.into(),
        ],
    )
    .await
}

/// Moves a delivery to `to` with `reason` (often the network's words, so made storable).
async fn end_with(
    db: &Db,
    id: i64,
    from: &[DeliveryState],
    to: DeliveryState,
    reason: &str,
    now: Millis,
) -> Result<bool> {
    let set = format!("state = '{}', reason = $2, updated_at = $3", to.as_str());
    let reason = sangam_domain::untrusted::storable(reason);
    transition(
        db,
        id,
        from,
        to,
        &set,
        vec![Arg::Text(Some(reason)), now.into()],
    )
    .await
}

pub async fn mark_failed(db: &Db, id: i64, reason: &str, now: Millis) -> Result<bool> {
    let from = [DeliveryState::Sending, DeliveryState::Scheduled];
    end_with(db, id, &from, DeliveryState::Failed, reason, now).await
}

pub async fn mark_unknown(db: &Db, id: i64, reason: &str, now: Millis) -> Result<bool> {
    let from = [DeliveryState::Sending];
    end_with(db, id, &from, DeliveryState::Unknown, reason, now).await
}

/// The post was deleted (or withdrawn) before it was sent.
pub async fn cancel(db: &Db, id: i64, reason: &str, now: Millis) -> Result<bool> {
    let from = [DeliveryState::Scheduled];
    end_with(db, id, &from, DeliveryState::Cancelled, reason, now).await
}

/// Cancels one delivery still waiting (the resume list's "cancel").
pub async fn cancel_waiting(db: &Db, id: i64, now: Millis) -> Result<bool> {
    let reason = "Cancelled after the crisis switch was released.";
    cancel(db, id, reason, now).await
}

/// A delivery whose send got no answer is being sent again under the same idempotency key, on a network that
/// deduplicates repeats.
pub async fn resume_intent(db: &Db, id: i64, now: Millis) -> Result<bool> {
    transition(
        db,
        id,
        &[DeliveryState::Unknown],
        DeliveryState::Sending,
        "state = 'sending', attempts = attempts + 1, sent_at = $2, updated_at = $2",
        vec![now.into()],
    )
    .await
}

/// The network said "not now" before accepting anything: back to `scheduled`, keeping the same idempotency key.
pub async fn defer(db: &Db, id: i64, reason: &str, now: Millis) -> Result<bool> {
    let from = [DeliveryState::Sending];
    end_with(db, id, &from, DeliveryState::Scheduled, reason, now).await
}

/// A person asks to send a failed delivery again. It keeps its idempotency key, so a network that did get it after
/// all refuses the repeat. Enqueues the job in the same transaction.
pub async fn retry(db: &Db, id: i64, at: Millis, now: Millis) -> Result<bool> {
    let mut tx = db.tx().await?;
    let sql = "UPDATE deliveries SET state = 'scheduled', scheduled_at = $2, reason = NULL, updated_at = $3
               WHERE id = $1 AND state = 'failed'";
    let retried = tx
        .execute(Sql::new(sql).bind(id).bind(at).bind(now))
        .await?
        == 1;
    if retried {
        publish_at(&mut tx, id, at, now).await?;
    }
    tx.commit().await?;
    Ok(retried)
}

/// Deliveries still `scheduled` whose time has passed, for the sweeper to make sure each has a job.
pub async fn overdue(db: &Db, now: Millis, limit: i64) -> Result<Vec<Delivery>> {
    let sql = format!(
        "{DELIVERY_SELECT} WHERE d.state = 'scheduled' AND d.scheduled_at <= $1 ORDER BY d.scheduled_at LIMIT $2"
    );
    db.fetch_all(Sql::assembled(sql).bind(now).bind(limit))
        .await
}

/// Deliveries left `sending` whose publish job has ended (dead after its attempts): nobody will finish them, so the
/// sweeper marks them `unknown` for a person.
///
/// A delivery's jobs are found by their payload, the delivery id as text: their unique keys vary with why they were
/// enqueued (scheduled, retried, reconnected, approved, reconciled), so no key names the delivery alone, and a
/// column for it would need every stored job rewritten.
pub async fn orphaned_sending(db: &Db, limit: i64) -> Result<Vec<i64>> {
    let sql = "SELECT d.id FROM deliveries d WHERE d.state = 'sending' AND NOT EXISTS (
                 SELECT 1 FROM jobs j WHERE j.kind = $1 AND j.payload = CAST(d.id AS TEXT)
                 AND j.state = 'queued') LIMIT $2";
    let ids: Vec<(i64,)> = db
        .fetch_all(Sql::new(sql).bind(JobKind::Publish.as_str()).bind(limit))
        .await?;
    Ok(ids.into_iter().map(|(id,)| id).collect())
}

/// Published deliveries of a profile since `since`, for the metrics collector.
pub async fn published_since(db: &Db, profile_id: i64, since: Millis) -> Result<Vec<Delivery>> {
    let sql = format!(
        "{DELIVERY_SELECT} WHERE d.profile_id = $1 AND d.state = 'published' AND d.published_at >= $2
         ORDER BY d.published_at"
    );
    db.fetch_all(Sql::assembled(sql).bind(profile_id).bind(since))
        .await
}

/// Counts of deliveries per state in one workspace, for the dashboard.
pub async fn state_counts_for(db: &Db, workspace_id: i64) -> Result<Vec<(String, i64)>> {
    let sql = "SELECT d.state, COUNT(*) FROM deliveries d JOIN posts p ON p.id = d.post_id
               WHERE p.workspace_id = $1 AND p.deleted_at IS NULL GROUP BY d.state ORDER BY d.state";
    db.fetch_all(Sql::new(sql).bind(workspace_id)).await
}
