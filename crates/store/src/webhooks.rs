//! Outgoing webhooks: the subscriptions, the outbox of events, one delivery per event and webhook, and the log of
//! every attempt.
//!
//! An event is recorded by [`record`] inside the transaction of the change it tells of (a delivery published, a
//! review added, messages ingested, the crisis switch), together with a delivery row and a job per subscribed
//! webhook: the event exists exactly when the change does, and the job lease sends it. The envelope's JSON is fixed
//! here, so every attempt sends the same bytes under the same event id. The small `*_in` functions below are the
//! hooks the rest of the store calls; each reads what the event says from rows the transaction can already see.

use crate::jobs::{self, NewJob};
use crate::{Db, Result, Sql, Tx, fetch_found, found};
use sangam_domain::approval::Decision;
use sangam_domain::job;
use sangam_domain::webhook::{DeliveryStatus, Envelope, EventType, WorkspaceRef};
use sangam_domain::{DeliveryState, Millis};
use serde::Serialize;
use serde_json::json;

const WEBHOOK: &str = "The webhook";

/// A subscription, without its secret (which only the engine opens, to sign).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Webhook {
    pub id: i64,
    pub workspace_id: i64,
    pub url: String,
    pub description: String,
    pub events: Vec<EventType>,
    pub enabled: bool,
    /// Until when the secret before the last rotation is still used to sign too (a second `v1=`).
    pub previous_secret_until: Option<Millis>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    workspace_id: i64,
    url: String,
    description: String,
    events: String,
    enabled: bool,
    previous_until: Option<Millis>,
    created_at: Millis,
    updated_at: Millis,
}

impl From<Row> for Webhook {
    fn from(r: Row) -> Webhook {
        Webhook {
            id: r.id,
            workspace_id: r.workspace_id,
            url: r.url,
            description: r.description,
            events: r.events.split(',').filter_map(EventType::parse).collect(),
            enabled: r.enabled,
            previous_secret_until: r.previous_until,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const COLUMNS: &str =
    "id, workspace_id, url, description, events, enabled, previous_until, created_at, updated_at";

/// `,a,b,`: a comma at each end so that `LIKE '%,a,%'` finds exactly the subscribers of `a`.
fn joined(events: &[EventType]) -> String {
    let mut out = String::from(",");
    for e in events {
        out.push_str(e.as_str());
        out.push(',');
    }
    out
}

/// The `LIKE` pattern that finds the subscribers of `event` in a [`joined`] list.
fn subscribed(event: EventType) -> String {
    format!("%,{},%", event.as_str())
}

/// The event a delivery ending in `state` raises; the states it does not end in raise none.
fn delivery_event(state: DeliveryState) -> Option<EventType> {
    match state {
        DeliveryState::Published => Some(EventType::PostPublished),
        DeliveryState::Failed => Some(EventType::DeliveryFailed),
        DeliveryState::Unknown => Some(EventType::DeliveryUnknown),
        _ => None,
    }
}

pub struct NewWebhook<'a> {
    pub workspace_id: i64,
    pub url: &'a str,
    pub description: &'a str,
    pub events: &'a [EventType],
    /// The signing secret, sealed with the install's key.
    pub sealed_secret: &'a str,
    pub created_by: i64,
}

pub async fn create(db: &Db, new: NewWebhook<'_>, now: Millis) -> Result<Webhook> {
    let sql = format!(
        "INSERT INTO webhooks (workspace_id, url, description, events, secret, enabled, created_by, created_at,
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING {COLUMNS}"
    );
    let row: Row = db
        .fetch_one(
            Sql::assembled(sql)
                .bind(new.workspace_id)
                .bind(new.url)
                .bind(new.description)
                .bind(joined(new.events))
                .bind(new.sealed_secret)
                .bind(true)
                .bind(new.created_by)
                .bind(now),
        )
        .await?;
    Ok(row.into())
}

pub async fn list(db: &Db, workspace_id: i64) -> Result<Vec<Webhook>> {
    let sql = format!("SELECT {COLUMNS} FROM webhooks WHERE workspace_id = $1 ORDER BY id");
    let rows: Vec<Row> = db.fetch_all(Sql::assembled(sql).bind(workspace_id)).await?;
    Ok(rows.into_iter().map(Webhook::from).collect())
}

pub async fn get(db: &Db, workspace_id: i64, id: i64) -> Result<Webhook> {
    let sql = format!("SELECT {COLUMNS} FROM webhooks WHERE id = $1 AND workspace_id = $2");
    let row: Row =
        fetch_found(db, Sql::assembled(sql).bind(id).bind(workspace_id), WEBHOOK).await?;
    Ok(row.into())
}

pub struct WebhookEdit<'a> {
    pub url: &'a str,
    pub description: &'a str,
    pub events: &'a [EventType],
    pub enabled: bool,
}

pub async fn update(
    db: &Db,
    workspace_id: i64,
    id: i64,
    edit: WebhookEdit<'_>,
    now: Millis,
) -> Result<Webhook> {
    let sql =
        "UPDATE webhooks SET url = $1, description = $2, events = $3, enabled = $4, updated_at = $5
               WHERE id = $6 AND workspace_id = $7";
    let changed = db
        .execute(
            Sql::new(sql)
                .bind(edit.url)
                .bind(edit.description)
                .bind(joined(edit.events))
                .bind(edit.enabled)
                .bind(now)
                .bind(id)
                .bind(workspace_id),
        )
        .await?;
    found(changed, WEBHOOK)?;
    get(db, workspace_id, id).await
}

/// Removes the webhook with its deliveries and their log (queued jobs then find nothing to send).
pub async fn delete(db: &Db, workspace_id: i64, id: i64) -> Result<()> {
    crate::delete_in_workspace(db, "webhooks", workspace_id, id, WEBHOOK).await
}

/// A new signing secret; the one it replaces keeps signing too (a second `v1=`) until `old_valid_until`.
pub async fn rotate(
    db: &Db,
    workspace_id: i64,
    id: i64,
    sealed_secret: &str,
    old_valid_until: Millis,
    now: Millis,
) -> Result<()> {
    let sql = "UPDATE webhooks SET previous_secret = secret, previous_until = $1, secret = $2, updated_at = $3
               WHERE id = $4 AND workspace_id = $5";
    let changed = db
        .execute(
            Sql::new(sql)
                .bind(old_valid_until)
                .bind(sealed_secret)
                .bind(now)
                .bind(id)
                .bind(workspace_id),
        )
        .await?;
    found(changed, WEBHOOK)
}

/// Something that happened, to tell the workspace's subscribers of `event_type`.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub workspace_id: i64,
    pub event_type: EventType,
    pub occurred_at: Millis,
    pub data: serde_json::Value,
}

/// Records `event` for every enabled webhook of its workspace subscribed to its type, inside the caller's
/// transaction: the event, one delivery per webhook and the job that sends each. Nothing is written when nobody
/// listens. Returns the event id when it was recorded.
pub async fn record(tx: &mut Tx, event: Event) -> Result<Option<String>> {
    let sql = "SELECT id FROM webhooks WHERE workspace_id = $1 AND enabled = $2 AND events LIKE $3 ORDER BY id";
    let pattern = subscribed(event.event_type);
    let subscribers: Vec<(i64,)> = tx
        .fetch_all(
            Sql::new(sql)
                .bind(event.workspace_id)
                .bind(true)
                .bind(pattern),
        )
        .await?;
    let ids: Vec<i64> = subscribers.into_iter().map(|(id,)| id).collect();
    if ids.is_empty() {
        return Ok(None);
    }
    record_for(tx, event, &ids, None).await
}

/// [`record`] for the webhooks `ids` only, with `once_key` making a second recording of the same thing a no-op.
async fn record_for(
    tx: &mut Tx,
    event: Event,
    webhook_ids: &[i64],
    once_key: Option<&str>,
) -> Result<Option<String>> {
    let (name,): (String,) = tx
        .fetch_one(Sql::new("SELECT name FROM workspaces WHERE id = $1").bind(event.workspace_id))
        .await?;
    let event_id = uuid::Uuid::new_v4().to_string();
    let envelope = Envelope::new(
        event_id.clone(),
        event.event_type,
        event.occurred_at,
        WorkspaceRef {
            id: event.workspace_id,
            name,
        },
        event.data,
    );
    let body = serde_json::to_string(&envelope).map_err(|e| {
        crate::StoreError::Corrupt(format!("an event that does not serialise: {e}"))
    })?;
    let sql = "INSERT INTO webhook_events (event_id, workspace_id, event_type, occurred_at, body, once_key)
               VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id";
    let stored: Option<(i64,)> = tx
        .fetch_optional(
            Sql::new(sql)
                .bind(&event_id)
                .bind(event.workspace_id)
                .bind(event.event_type.as_str())
                .bind(event.occurred_at)
                .bind(body)
                .bind(once_key),
        )
        .await?;
    let Some((id,)) = stored else {
        return Ok(None);
    };
    let now = event.occurred_at;
    for webhook_id in webhook_ids {
        let sql = "INSERT INTO webhook_deliveries (webhook_id, event_id, state, created_at)
                   VALUES ($1, $2, $3, $4) RETURNING id";
        let (delivery_id,): (i64,) = tx
            .fetch_one(
                Sql::new(sql)
                    .bind(*webhook_id)
                    .bind(id)
                    .bind(DeliveryStatus::Pending.as_str())
                    .bind(now),
            )
            .await?;
        jobs::enqueue_in(tx, NewJob::from(&job::webhook(delivery_id, now)), now).await?;
    }
    Ok(Some(event_id))
}

/// "Send a test event": a `webhook.test` event to this webhook alone (enabled or not). Returns its event id.
pub async fn record_test(
    db: &Db,
    workspace_id: i64,
    webhook_id: i64,
    now: Millis,
) -> Result<String> {
    get(db, workspace_id, webhook_id).await?;
    let mut tx = db.tx().await?;
    let event = Event {
        workspace_id,
        event_type: EventType::Test,
        occurred_at: now,
        data: json!({"webhook_id": webhook_id, "message": "A test event sent from Sangam's webhook settings."}),
    };
    let id = record_for(&mut tx, event, &[webhook_id], None).await?;
    tx.commit().await?;
    id.ok_or_else(|| crate::StoreError::Corrupt("the test event was not recorded".into()))
}

#[derive(sqlx::FromRow)]
struct EndedDelivery {
    workspace_id: i64,
    #[sqlx(try_from = "String")]
    state: DeliveryState,
    post_id: i64,
    profile_id: i64,
    network: String,
    handle: String,
    remote_id: Option<String>,
    remote_url: Option<String>,
    reason: Option<String>,
    in_reply_to: Option<String>,
}

/// Hook: delivery `delivery_id` has just changed state in `tx`. Publishing, failing and ending `unknown` are events.
pub async fn delivery_changed_in(tx: &mut Tx, delivery_id: i64, now: Millis) -> Result<()> {
    let sql = "SELECT p.workspace_id, d.state, d.post_id, d.profile_id, pr.network, pr.handle, d.remote_id,
                      d.remote_url, d.reason, d.in_reply_to
               FROM deliveries d JOIN posts p ON p.id = d.post_id JOIN profiles pr ON pr.id = d.profile_id
               WHERE d.id = $1";
    let Some(d) = tx
        .fetch_optional::<EndedDelivery>(Sql::new(sql).bind(delivery_id))
        .await?
    else {
        return Ok(());
    };
    let Some(event_type) = delivery_event(d.state) else {
        return Ok(());
    };
    let data = json!({
        "delivery_id": delivery_id,
        "post_id": d.post_id,
        "profile_id": d.profile_id,
        "network": d.network,
        "handle": sangam_domain::network::at_handle(&d.handle),
        "state": d.state.as_str(),
        "remote_id": d.remote_id,
        "remote_url": d.remote_url,
        "reason": d.reason,
        "in_reply_to": d.in_reply_to,
    });
    let event = Event {
        workspace_id: d.workspace_id,
        event_type,
        occurred_at: now,
        data,
    };
    record(tx, event).await.map(|_| ())
}

/// Hook: deliveries `ids` changed state in `tx` (a batch of the scheduler's writes): [`delivery_changed_in`] for each
/// one a webhook listens for, found with one statement (usually none is, and the batch pays one read for all).
pub(crate) async fn deliveries_changed_in(tx: &mut Tx, ids: &[i64], now: Millis) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    // Each ended state's pattern, as `delivery_changed_in` maps it: `CASE d.state WHEN $2 THEN $3 ...`.
    let ended = [
        DeliveryState::Published,
        DeliveryState::Failed,
        DeliveryState::Unknown,
    ];
    let sql = "SELECT d.id FROM deliveries d JOIN posts p ON p.id = d.post_id
               WHERE d.id IN ({ids}) AND EXISTS (SELECT 1 FROM webhooks w
                 WHERE w.workspace_id = p.workspace_id AND w.enabled = $1
                   AND w.events LIKE CASE d.state WHEN $2 THEN $3 WHEN $4 THEN $5 WHEN $6 THEN $7 END)
               ORDER BY d.id";
    let mut query = Sql::with_ids(sql, ids).bind(true);
    for state in ended {
        let event = delivery_event(state).map(subscribed);
        query = query.bind(state.as_str()).bind(event);
    }
    let listened: Vec<(i64,)> = tx.fetch_all(query).await?;
    for (id,) in listened {
        delivery_changed_in(tx, id, now).await?;
    }
    Ok(())
}

/// Hook: a review was added to post `post_id` in `tx`. A submission asks for approval; an approval, a rejection or a
/// request for changes decides; a comment is no event.
pub async fn review_added_in(
    tx: &mut Tx,
    post_id: i64,
    decision: Decision,
    reviewer: &str,
    step: Option<i64>,
    now: Millis,
) -> Result<()> {
    let event_type = match decision {
        Decision::Submitted => EventType::ApprovalRequested,
        Decision::Approved | Decision::Rejected | Decision::ChangesRequested => {
            EventType::ApprovalDecided
        }
        Decision::Comment => return Ok(()),
    };
    let sql = "SELECT workspace_id FROM posts WHERE id = $1";
    let (workspace_id,): (i64,) = tx.fetch_one(Sql::new(sql).bind(post_id)).await?;
    let data = json!({
        "post_id": post_id,
        "decision": decision.as_str(),
        "by": reviewer,
        "step": step,
    });
    let event = Event {
        workspace_id,
        event_type,
        occurred_at: now,
        data,
    };
    record(tx, event).await.map(|_| ())
}

#[derive(sqlx::FromRow)]
struct Arrived {
    workspace_id: i64,
    profile_id: i64,
    remote_id: String,
    kind: String,
    author_handle: String,
    author_name: String,
    text: String,
    url: Option<String>,
    received_at: Millis,
    lang: String,
    sentiment_label: String,
    abusive: bool,
    abuse_score: f64,
    abuse_labels: String,
}

/// Whether a workspace has an enabled webhook for stored messages, as a condition on `webhooks` with four
/// placeholders (`marks`, in order) for [`message_listeners_args`]'s values. The ingester asks it inside the page's
/// own INSERT (`EXISTS (SELECT 1 FROM webhooks WHERE ...)` in its RETURNING), so a page nobody listens for costs no
/// statement of its own.
pub(crate) fn message_listeners(marks: [&str; 4]) -> String {
    let [workspace, enabled, received, abusive] = marks;
    format!(
        "workspace_id = {workspace} AND enabled = {enabled} AND (events LIKE {received} OR events LIKE {abusive})"
    )
}

/// The values of [`message_listeners`]'s placeholders, in order.
pub(crate) fn message_listeners_args(sql: &mut Sql<'_>, workspace_id: i64) {
    sql.push(workspace_id)
        .push(true)
        .push(subscribed(EventType::MessageReceived))
        .push(subscribed(EventType::MessageAbusive));
}

/// Hook: the ingester stored messages `ids` in `tx`, in a workspace it found a webhook listening for them in
/// ([`message_listeners`]).
pub(crate) async fn messages_stored_in(tx: &mut Tx, ids: &[i64], now: Millis) -> Result<()> {
    for id in ids {
        message_stored_in(tx, *id, now).await?;
    }
    Ok(())
}

/// Hook: message `message_id` was stored in `tx` by the ingester. Every message is `message.received`; an abusive
/// one is `message.abusive` too (a separate event, for receivers that want only those).
async fn message_stored_in(tx: &mut Tx, message_id: i64, now: Millis) -> Result<()> {
    let sql = "SELECT workspace_id, profile_id, remote_id, kind, author_handle, author_name, text, url, received_at,
                      lang, sentiment_label, abusive, abuse_score, abuse_labels
               FROM messages WHERE id = $1";
    let Some(m) = tx
        .fetch_optional::<Arrived>(Sql::new(sql).bind(message_id))
        .await?
    else {
        return Ok(());
    };
    let labels: Vec<&str> = m
        .abuse_labels
        .split(',')
        .filter(|l| !l.is_empty())
        .collect();
    let data = json!({
        "message_id": message_id,
        "profile_id": m.profile_id,
        "remote_id": m.remote_id,
        "kind": m.kind,
        "author": {"handle": m.author_handle, "name": m.author_name},
        "text": m.text,
        "url": m.url,
        "received_at": m.received_at,
        "language": m.lang,
        "sentiment": m.sentiment_label,
        "abusive": m.abusive,
        "abuse_score": m.abuse_score,
        "abuse_labels": labels,
    });
    let mut types = vec![EventType::MessageReceived];
    if m.abusive {
        types.push(EventType::MessageAbusive);
    }
    for event_type in types {
        let event = Event {
            workspace_id: m.workspace_id,
            event_type,
            occurred_at: now,
            data: data.clone(),
        };
        record(tx, event).await?;
    }
    Ok(())
}

/// Hook: the crisis switch moved in `tx`, for the whole workspace (`profile_id` None) or one profile. `reason` is
/// the pause's; None means publishing resumed.
pub async fn crisis_switched_in(
    tx: &mut Tx,
    workspace_id: i64,
    profile_id: Option<i64>,
    reason: Option<&str>,
    now: Millis,
) -> Result<()> {
    let event_type = match reason {
        Some(_) => EventType::CrisisPaused,
        None => EventType::CrisisResumed,
    };
    let data = json!({
        "scope": if profile_id.is_some() { "profile" } else { "workspace" },
        "profile_id": profile_id,
        "reason": reason,
    });
    let event = Event {
        workspace_id,
        event_type,
        occurred_at: now,
        data,
    };
    record(tx, event).await.map(|_| ())
}

/// A goal was seen at or past its target: `goal.reached`, once per goal whenever and however often it is seen.
pub async fn goal_reached(
    db: &Db,
    workspace_id: i64,
    goal_id: i64,
    data: serde_json::Value,
    now: Millis,
) -> Result<()> {
    let key = format!("goal.reached:{goal_id}");
    record_once(db, workspace_id, EventType::GoalReached, &key, data, now).await
}

/// A listening topic's spike was raised: `listening.spike`, once per spike (`spike_id`, the first of its hour).
pub async fn spike_raised(
    db: &Db,
    workspace_id: i64,
    spike_id: i64,
    data: serde_json::Value,
    now: Millis,
) -> Result<()> {
    let key = format!("listening.spike:{spike_id}");
    record_once(db, workspace_id, EventType::ListeningSpike, &key, data, now).await
}

/// Records an event that may be noticed more than once but is told once (`key`), for the workspace's enabled
/// webhooks subscribed to it; nothing when nobody listens.
async fn record_once(
    db: &Db,
    workspace_id: i64,
    event_type: EventType,
    key: &str,
    data: serde_json::Value,
    now: Millis,
) -> Result<()> {
    let mut tx = db.tx().await?;
    let sql = "SELECT id FROM webhooks WHERE workspace_id = $1 AND enabled = $2 AND events LIKE $3 ORDER BY id";
    let pattern = subscribed(event_type);
    let ids: Vec<(i64,)> = tx
        .fetch_all(Sql::new(sql).bind(workspace_id).bind(true).bind(pattern))
        .await?;
    let ids: Vec<i64> = ids.into_iter().map(|(id,)| id).collect();
    if !ids.is_empty() {
        let event = Event {
            workspace_id,
            event_type,
            occurred_at: now,
            data,
        };
        record_for(&mut tx, event, &ids, Some(key)).await?;
    }
    tx.commit().await
}

/// What the engine needs to send one delivery.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Outgoing {
    pub delivery_id: i64,
    pub webhook_id: i64,
    pub url: String,
    /// Sealed.
    pub secret: String,
    /// Sealed; used to sign too while `previous_until` is in the future.
    pub previous_secret: Option<String>,
    pub previous_until: Option<Millis>,
    #[sqlx(try_from = "String")]
    pub state: DeliveryStatus,
    pub event_id: String,
    #[sqlx(try_from = "String")]
    pub event_type: EventType,
    pub body: String,
}

/// Delivery `delivery_id` with its webhook and event; `None` when it is gone (the webhook was removed).
pub async fn outgoing(db: &Db, delivery_id: i64) -> Result<Option<Outgoing>> {
    let sql = "SELECT d.id AS delivery_id, w.id AS webhook_id, w.url, w.secret, w.previous_secret, w.previous_until,
                      d.state, e.event_id, e.event_type, e.body
               FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
               JOIN webhook_events e ON e.id = d.event_id WHERE d.id = $1";
    db.fetch_optional(Sql::new(sql).bind(delivery_id)).await
}

/// One attempt's result as the log keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt<'a> {
    pub started_at: Millis,
    pub latency_ms: i64,
    /// The HTTP status, when an answer came.
    pub status: Option<i64>,
    /// Our words when no answer came (timed out, refused, no public address).
    pub error: Option<&'a str>,
    /// The first bytes of the answer, as text.
    pub response: &'a str,
}

/// Logs an attempt and moves the delivery to `after`, in one transaction, so a success is on record before the job
/// is let go. Returns the attempt's number (1 for the first). Only a `pending` delivery moves: a delivery already
/// delivered (a second sender after a lost lease) keeps its state.
pub async fn record_attempt(
    db: &Db,
    delivery_id: i64,
    attempt: Attempt<'_>,
    after: DeliveryStatus,
    now: Millis,
) -> Result<i64> {
    let mut tx = db.tx().await?;
    let finished = (after != DeliveryStatus::Pending).then_some(now);
    let sql = "UPDATE webhook_deliveries SET attempts = attempts + 1,
                      state = CASE WHEN state = $2 THEN $3 ELSE state END,
                      finished_at = CASE WHEN state = $2 THEN $4 ELSE finished_at END
               WHERE id = $1 RETURNING attempts";
    let Some((number,)) = tx
        .fetch_optional::<(i64,)>(
            Sql::new(sql)
                .bind(delivery_id)
                .bind(DeliveryStatus::Pending.as_str())
                .bind(after.as_str())
                .bind(finished),
        )
        .await?
    else {
        return Ok(0);
    };
    let sql = "INSERT INTO webhook_attempts (delivery_id, attempt, started_at, latency_ms, status, error, response)
               VALUES ($1, $2, $3, $4, $5, $6, $7)";
    tx.execute(
        Sql::new(sql)
            .bind(delivery_id)
            .bind(number)
            .bind(attempt.started_at)
            .bind(attempt.latency_ms)
            .bind(attempt.status)
            .bind(attempt.error)
            .bind(sangam_domain::untrusted::storable(attempt.response).into_owned()),
    )
    .await?;
    tx.commit().await?;
    Ok(number)
}

/// A line of a webhook's delivery log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct LoggedAttempt {
    pub delivery_id: i64,
    /// The event's id, as the receiver saw it.
    pub event_id: String,
    #[sqlx(try_from = "String")]
    pub event_type: EventType,
    /// Where the delivery stands now (after this and any later attempt).
    #[sqlx(try_from = "String")]
    pub delivery_state: DeliveryStatus,
    pub attempt: i64,
    pub started_at: Millis,
    pub latency_ms: i64,
    /// The receiver's HTTP status; absent when no answer came.
    pub status: Option<i64>,
    /// Why no answer came.
    pub error: Option<String>,
    /// The first 512 bytes of the answer (untrusted text).
    pub response: String,
}

/// The newest attempts of a webhook of `workspace_id`, newest first.
pub async fn log(
    db: &Db,
    workspace_id: i64,
    webhook_id: i64,
    limit: i64,
) -> Result<Vec<LoggedAttempt>> {
    let sql = "SELECT d.id AS delivery_id, e.event_id, e.event_type, d.state AS delivery_state, a.attempt,
                      a.started_at, a.latency_ms, a.status, a.error, a.response
               FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id
               JOIN webhooks w ON w.id = d.webhook_id JOIN webhook_events e ON e.id = d.event_id
               WHERE w.id = $1 AND w.workspace_id = $2 ORDER BY a.started_at DESC, a.id DESC LIMIT $3";
    db.fetch_all(
        Sql::new(sql)
            .bind(webhook_id)
            .bind(workspace_id)
            .bind(limit),
    )
    .await
}

/// Deliveries of a webhook not yet answered, for the settings page.
pub async fn pending_count(db: &Db, webhook_id: i64) -> Result<i64> {
    let sql = "SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = $1 AND state = $2";
    let (n,): (i64,) = db
        .fetch_one(
            Sql::new(sql)
                .bind(webhook_id)
                .bind(DeliveryStatus::Pending.as_str()),
        )
        .await?;
    Ok(n)
}
