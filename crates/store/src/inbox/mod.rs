//! The inbox: messages from the public with their analysis, grouped in conversations, and what the team does with
//! them (assign, tag, note, reply, close), the shield's openings and corrections, saved replies, moderation rules, and
//! the settings behind reply timers and the exposure budget.
//!
//! Ingesting is idempotent: a message is keyed by (profile, remote id), and a page of messages is written in one
//! transaction together with the profile's cursor, so the cursor never runs ahead of what is stored and a crash
//! mid-page leaves either all of it or none.

use crate::jobs::{self, ENQUEUE_SQL};
use crate::posts::{PUBLISH_JOB, publish_job_key};
use crate::{Db, Result, StoreError, execute, on_pool};
use sangam_domain::Millis;
use sangam_domain::rules::{MessageFacts, Rule};
use sangam_domain::untrusted::{storable, storable_opt};
use serde::Serialize;
use sqlx::AssertSqlSafe;

/// A message as the ingester hands it over: the network's fields, the analysis and what the rules decided.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMessage {
    pub remote_id: String,
    pub kind: String,
    pub author_handle: String,
    pub author_name: String,
    pub author_followers: Option<i64>,
    pub text: String,
    pub url: Option<String>,
    pub in_reply_to: Option<String>,
    pub conversation_id: String,
    pub received_at: Millis,
    pub lang: String,
    pub script: String,
    pub sentiment_compound: f64,
    pub sentiment_label: String,
    pub abusive: bool,
    pub abuse_score: f64,
    pub abuse_labels: Vec<String>,
    pub hidden: bool,
    pub done: bool,
    pub assigned_to: Option<i64>,
    pub tags: Vec<String>,
}

/// A message as the inbox shows it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Message {
    pub id: i64,
    pub profile_id: i64,
    pub profile_handle: String,
    pub network: String,
    pub remote_id: String,
    pub kind: String,
    pub author_handle: String,
    pub author_name: String,
    pub author_followers: Option<i64>,
    pub text: String,
    pub url: Option<String>,
    pub in_reply_to: Option<String>,
    pub conversation_id: String,
    pub received_at: Millis,
    pub lang: String,
    pub script: String,
    pub sentiment_compound: f64,
    pub sentiment_label: String,
    pub abusive: bool,
    pub abuse_score: f64,
    pub abuse_labels: Vec<String>,
    /// `open` or `done`.
    pub status: String,
    pub assigned_to: Option<i64>,
    pub assigned_name: Option<String>,
    pub hidden: bool,
    pub first_reply_at: Option<Millis>,
    pub done_at: Option<Millis>,
    pub tags: Vec<String>,
    /// True when the text (and its labels) are withheld: the message is abusive and the person reading it has not
    /// opened it yet. `text` is then empty; opening it (`POST /api/v1/inbox/{id}/open`) counts against the daily
    /// exposure budget and returns the text.
    pub shielded: bool,
}

impl Message {
    /// The author's handle with exactly one leading `@`.
    pub fn author_at(&self) -> String {
        sangam_domain::network::at_handle(&self.author_handle)
    }

    /// Our profile's handle with exactly one leading `@`.
    pub fn profile_at(&self) -> String {
        sangam_domain::network::at_handle(&self.profile_handle)
    }

    /// Withholds the text of an abusive message from someone who has not opened it: the shield holds on the server.
    pub fn shield(&mut self) {
        if self.abusive {
            self.text.clear();
            self.url = None;
            self.shielded = true;
        }
    }

    pub fn facts(&self) -> MessageFacts {
        MessageFacts {
            text: self.text.clone(),
            kind: self.kind.clone(),
            profile_id: self.profile_id,
            author_followers: self.author_followers,
            lang: self.lang.clone(),
            sentiment: self.sentiment_label.clone(),
            abusive: self.abusive,
            abuse_score: self.abuse_score,
            abuse_labels: self.abuse_labels.clone(),
        }
    }

    pub fn is_done(&self) -> bool {
        self.status == "done"
    }
}

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: i64,
    profile_id: i64,
    profile_handle: String,
    network: String,
    remote_id: String,
    kind: String,
    author_handle: String,
    author_name: String,
    author_followers: Option<i64>,
    text: String,
    url: Option<String>,
    in_reply_to: Option<String>,
    conversation_id: String,
    received_at: Millis,
    lang: String,
    script: String,
    sentiment_compound: f64,
    sentiment_label: String,
    abusive: bool,
    abuse_score: f64,
    abuse_labels: String,
    status: String,
    assigned_to: Option<i64>,
    assigned_name: Option<String>,
    hidden: bool,
    first_reply_at: Option<Millis>,
    done_at: Option<Millis>,
}

impl From<MessageRow> for Message {
    fn from(r: MessageRow) -> Message {
        Message {
            id: r.id,
            profile_id: r.profile_id,
            profile_handle: r.profile_handle,
            network: r.network,
            remote_id: r.remote_id,
            kind: r.kind,
            author_handle: r.author_handle,
            author_name: r.author_name,
            author_followers: r.author_followers,
            text: r.text,
            url: r.url,
            in_reply_to: r.in_reply_to,
            conversation_id: r.conversation_id,
            received_at: r.received_at,
            lang: r.lang,
            script: r.script,
            sentiment_compound: r.sentiment_compound,
            sentiment_label: r.sentiment_label,
            abusive: r.abusive,
            abuse_score: r.abuse_score,
            abuse_labels: split_labels(&r.abuse_labels),
            status: r.status,
            assigned_to: r.assigned_to,
            assigned_name: r.assigned_name,
            hidden: r.hidden,
            first_reply_at: r.first_reply_at,
            done_at: r.done_at,
            tags: Vec::new(),
            shielded: false,
        }
    }
}

fn split_labels(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

const MESSAGE_SELECT: &str = "SELECT m.id, m.profile_id, p.handle AS profile_handle, p.network, m.remote_id, m.kind,
    m.author_handle, m.author_name, m.author_followers, m.text, m.url, m.in_reply_to, m.conversation_id,
    m.received_at, m.lang, m.script, m.sentiment_compound, m.sentiment_label, m.abusive, m.abuse_score,
    m.abuse_labels, m.status, m.assigned_to, u.name AS assigned_name, m.hidden, m.first_reply_at, m.done_at
    FROM messages m JOIN profiles p ON p.id = m.profile_id LEFT JOIN users u ON u.id = m.assigned_to";

// ---------------------------------------------------------------------------------------------------------------
// Ingesting

/// The stored cursor of a profile's inbound stream.
pub async fn cursor(db: &Db, profile_id: i64) -> Result<Option<String>> {
    let sql = "SELECT cursor FROM inbox_cursors WHERE profile_id = $1";
    let row: Option<Option<String>> =
        on_pool!(db, pool => sqlx::query_scalar(sql).bind(profile_id).fetch_optional(pool).await)?;
    Ok(row.flatten())
}

/// Which of these remote ids the profile has stored already.
pub async fn known_remote_ids(
    db: &Db,
    profile_id: i64,
    remote_ids: &[String],
) -> Result<Vec<String>> {
    if remote_ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks = (0..remote_ids.len())
        .map(|i| format!("${}", i + 2))
        .collect::<Vec<_>>()
        .join(",");
    let sql =
        format!("SELECT remote_id FROM messages WHERE profile_id = $1 AND remote_id IN ({marks})");
    let found: Vec<String> = on_pool!(db, pool => {
        let mut q = sqlx::query_scalar(AssertSqlSafe(&*sql)).bind(profile_id);
        for id in remote_ids {
            q = q.bind(storable(id));
        }
        q.fetch_all(pool).await
    })?;
    Ok(found)
}

/// The conversation each of these remote ids belongs to, for threading answers that networks do not group (Mastodon
/// has no thread id): a stored message's own conversation, or, for one of our inbox replies, the conversation of the
/// message it answered. Remote ids in neither are left out.
pub async fn conversations_of(
    db: &Db,
    profile_id: i64,
    remote_ids: &[String],
) -> Result<Vec<(String, String)>> {
    if remote_ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks = (0..remote_ids.len())
        .map(|i| format!("${}", i + 2))
        .collect::<Vec<_>>()
        .join(",");
    let sql = format!(
        "SELECT m.remote_id, m.conversation_id FROM messages m WHERE m.profile_id = $1 AND m.remote_id IN ({marks})
         UNION
         SELECT d.remote_id, m.conversation_id FROM deliveries d
           JOIN messages m ON m.profile_id = d.profile_id AND m.remote_id = d.in_reply_to
          WHERE d.profile_id = $1 AND d.remote_id IN ({marks})"
    );
    let found: Vec<(String, String)> = on_pool!(db, pool => {
        let mut q = sqlx::query_as(AssertSqlSafe(&*sql)).bind(profile_id);
        for id in remote_ids {
            q = q.bind(storable(id));
        }
        q.fetch_all(pool).await
    })?;
    Ok(found)
}

const INSERT_MESSAGE: &str = "INSERT INTO messages (workspace_id, profile_id, remote_id, kind, author_handle,
    author_name, author_followers, text, url, in_reply_to, conversation_id, received_at, ingested_at, lang, script,
    sentiment_compound, sentiment_label, abusive, abuse_score, abuse_labels, status, assigned_to, hidden, done_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
    $24) ON CONFLICT (profile_id, remote_id) DO NOTHING RETURNING id";

const SAVE_CURSOR: &str = "INSERT INTO inbox_cursors (profile_id, cursor, updated_at) VALUES ($1, $2, $3)
    ON CONFLICT (profile_id) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at";

/// Stores one page of messages and the cursor after it, in one transaction. A message already stored (an
/// overlapping page, a re-run after a crash) is left as it is. Returns the ids of the messages stored now.
pub async fn ingest_page(
    db: &Db,
    workspace_id: i64,
    profile_id: i64,
    messages: &[NewMessage],
    next_cursor: Option<&str>,
    now: Millis,
) -> Result<Vec<i64>> {
    let ids = on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let mut ids = Vec::new();
        for m in messages {
            let id: Option<i64> = sqlx::query_scalar(INSERT_MESSAGE)
                .bind(workspace_id)
                .bind(profile_id)
                .bind(storable(&m.remote_id))
                .bind(&m.kind)
                .bind(storable(&m.author_handle))
                .bind(storable(&m.author_name))
                .bind(m.author_followers)
                .bind(storable(&m.text))
                .bind(storable_opt(m.url.as_deref()))
                .bind(storable_opt(m.in_reply_to.as_deref()))
                .bind(storable(&m.conversation_id))
                .bind(m.received_at)
                .bind(now)
                .bind(&m.lang)
                .bind(&m.script)
                .bind(m.sentiment_compound)
                .bind(&m.sentiment_label)
                .bind(m.abusive)
                .bind(m.abuse_score)
                .bind(m.abuse_labels.join(","))
                .bind(if m.done { "done" } else { "open" })
                .bind(m.assigned_to)
                .bind(m.hidden)
                .bind(m.done.then_some(now))
                .fetch_optional(&mut *tx)
                .await?;
            let Some(id) = id else { continue };
            for tag in &m.tags {
                sqlx::query("INSERT INTO message_tags (message_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                    .bind(id)
                    .bind(storable(tag))
                    .execute(&mut *tx)
                    .await?;
            }
            ids.push(id);
        }
        if let Some(cursor) = next_cursor {
            sqlx::query(SAVE_CURSOR).bind(profile_id).bind(storable(cursor)).bind(now).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok::<Vec<i64>, sqlx::Error>(ids)
    })?;
    Ok(ids)
}

/// The bare baseline for the inbound benchmark: the same rows in one transaction, no analysis, no rules.
pub async fn insert_batch(
    db: &Db,
    workspace_id: i64,
    profile_id: i64,
    messages: &[NewMessage],
    now: Millis,
) -> Result<usize> {
    Ok(
        ingest_page(db, workspace_id, profile_id, messages, None, now)
            .await?
            .len(),
    )
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

/// What the inbox list can be narrowed to. `None` means "any".
#[derive(
    Debug, Clone, Default, PartialEq, serde::Deserialize, utoipa::IntoParams, utoipa::ToSchema,
)]
pub struct Filter {
    pub profile_id: Option<i64>,
    pub network: Option<String>,
    pub kind: Option<String>,
    /// `open` or `done`.
    pub status: Option<String>,
    pub lang: Option<String>,
    /// `positive`, `neutral` or `negative`.
    pub sentiment: Option<String>,
    pub abusive: Option<bool>,
    pub tag: Option<String>,
    /// `me`, `unassigned`, or a person's id.
    pub assigned: Option<String>,
    /// Show hidden messages instead of visible ones.
    pub hidden: Option<bool>,
    /// `breached`: open messages still waiting for a first reply past the SLA, on business hours (the team care
    /// page's "SLA breaches").
    pub sla: Option<String>,
    /// Only these messages (worked out by the caller, e.g. the breached ones); never read from a query string.
    #[serde(skip)]
    #[param(ignore)]
    #[schema(ignore)]
    pub ids: Option<Vec<i64>>,
}

enum Bind {
    Int(i64),
    Text(String),
    Bool(bool),
}

/// The WHERE clause (and its binds, `$1` the workspace) for a filter. `viewer` resolves `assigned = me`.
fn filter_clauses(workspace_id: i64, viewer: i64, filter: &Filter) -> (Vec<String>, Vec<Bind>) {
    let mut clauses = vec!["m.workspace_id = $1".to_string()];
    let mut binds = vec![Bind::Int(workspace_id)];
    let mut add = |clause: &str, bind: Bind| {
        binds.push(bind);
        clauses.push(clause.replace('?', &format!("${}", binds.len())));
    };
    add("m.hidden = ?", Bind::Bool(filter.hidden.unwrap_or(false)));
    if let Some(v) = filter.profile_id {
        add("m.profile_id = ?", Bind::Int(v));
    }
    if let Some(v) = filter.network.as_deref().filter(|v| !v.is_empty()) {
        add(
            "m.profile_id IN (SELECT id FROM profiles WHERE network = ?)",
            Bind::Text(v.to_string()),
        );
    }
    for (column, value) in [
        ("m.kind", &filter.kind),
        ("m.status", &filter.status),
        ("m.lang", &filter.lang),
        ("m.sentiment_label", &filter.sentiment),
    ] {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            add(&format!("{column} = ?"), Bind::Text(v.to_string()));
        }
    }
    if let Some(v) = filter.abusive {
        add("m.abusive = ?", Bind::Bool(v));
    }
    if let Some(tag) = filter.tag.as_deref().filter(|v| !v.is_empty()) {
        add(
            "EXISTS (SELECT 1 FROM message_tags t WHERE t.message_id = m.id AND t.tag = ?)",
            Bind::Text(tag.to_string()),
        );
    }
    match filter.assigned.as_deref() {
        Some("me") => add("m.assigned_to = ?", Bind::Int(viewer)),
        Some("unassigned") => clauses.push("m.assigned_to IS NULL".into()),
        Some(id) => {
            if let Ok(id) = id.parse::<i64>() {
                add("m.assigned_to = ?", Bind::Int(id));
            }
        }
        None => {}
    }
    if let Some(ids) = &filter.ids {
        // Ids are integers worked out from the database, so listing them inline is safe and portable.
        if ids.is_empty() {
            clauses.push("1 = 0".into());
        } else {
            let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            clauses.push(format!("m.id IN ({list})"));
        }
    }
    (clauses, binds)
}

/// Whether a filter narrows only by what the maintained counts are kept by (hidden and status).
fn counted_by_counter(filter: &Filter) -> bool {
    let blank = |v: &Option<String>| v.as_deref().is_none_or(str::is_empty);
    filter.profile_id.is_none()
        && blank(&filter.network)
        && blank(&filter.kind)
        && blank(&filter.lang)
        && blank(&filter.sentiment)
        && filter.abusive.is_none()
        && blank(&filter.tag)
        && filter.assigned.is_none()
        && filter.ids.is_none()
}

/// Where one page of the inbox list ends: the (received_at, id) of its last (or first) row. The list is ordered by
/// both, newest first, so a cursor names one place in it however many rows arrive meanwhile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Cursor {
    pub received_at: Millis,
    pub id: i64,
}

impl Cursor {
    /// Parses the `received_at_id` form used in links (`1733050000000_42`).
    pub fn parse(s: &str) -> Option<Cursor> {
        let (at, id) = s.trim().split_once('_')?;
        Some(Cursor {
            received_at: at.parse().ok()?,
            id: id.parse().ok()?,
        })
    }

    pub fn encode(&self) -> String {
        format!("{}_{}", self.received_at, self.id)
    }

    fn of(m: &Message) -> Cursor {
        Cursor {
            received_at: m.received_at,
            id: m.id,
        }
    }
}

/// Which way from the cursor a page goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Rows received before the cursor (the next page down the list).
    #[default]
    Older,
    /// Rows received after it (back up the list).
    Newer,
}

/// One page of the inbox list, newest first, with the cursors of the pages beside it (`None`: there is none).
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub messages: Vec<Message>,
    pub newer: Option<Cursor>,
    pub older: Option<Cursor>,
}

/// A page of messages matching `filter`, from `cursor` in `direction` (the newest page when `cursor` is `None`), at
/// most `limit` rows. Keyset paging: the query starts at the cursor in the `messages_inbox_page` index and reads one
/// row more than the page to learn whether another page follows; nothing before the cursor is read or counted.
pub async fn page(
    db: &Db,
    workspace_id: i64,
    viewer: i64,
    filter: &Filter,
    cursor: Option<Cursor>,
    direction: Direction,
    limit: i64,
) -> Result<Page> {
    let limit = limit.clamp(1, 500);
    let (mut clauses, mut binds) = filter_clauses(workspace_id, viewer, filter);
    let order = match direction {
        Direction::Older => "DESC",
        Direction::Newer => "ASC",
    };
    if let Some(c) = cursor {
        let op = match direction {
            Direction::Older => "<",
            Direction::Newer => ">",
        };
        binds.push(Bind::Int(c.received_at));
        binds.push(Bind::Int(c.id));
        clauses.push(format!(
            "(m.received_at, m.id) {op} (${}, ${})",
            binds.len() - 1,
            binds.len()
        ));
    }
    binds.push(Bind::Int(limit + 1));
    let sql = format!(
        "{MESSAGE_SELECT} WHERE {} ORDER BY m.received_at {order}, m.id {order} LIMIT ${}",
        clauses.join(" AND "),
        binds.len()
    );
    let rows: Vec<MessageRow> = on_pool!(db, pool => {
        let mut q = sqlx::query_as(AssertSqlSafe(&*sql));
        for b in &binds {
            q = match b {
                Bind::Int(v) => q.bind(*v),
                Bind::Text(v) => q.bind(v.as_str()),
                Bind::Bool(v) => q.bind(*v),
            };
        }
        q.fetch_all(pool).await
    })?;
    let more = rows.len() as i64 > limit;
    let mut messages: Vec<Message> = rows
        .into_iter()
        .take(limit as usize)
        .map(Message::from)
        .collect();
    if direction == Direction::Newer {
        messages.reverse();
    }
    let first = messages.first().map(Cursor::of);
    let last = messages.last().map(Cursor::of);
    // Beyond the cursor there is at least the row the cursor was taken from; the far side is known from the extra row.
    let (newer, older) = match (direction, cursor.is_some()) {
        (Direction::Older, came_from_newer) => {
            (first.filter(|_| came_from_newer), last.filter(|_| more))
        }
        (Direction::Newer, _) => (first.filter(|_| more), last),
    };
    Ok(Page {
        messages: with_tags(db, messages).await?,
        newer,
        older,
    })
}

/// Messages matching `filter`, newest first: the first page of [`page`].
pub async fn list(
    db: &Db,
    workspace_id: i64,
    viewer: i64,
    filter: &Filter,
    limit: i64,
) -> Result<Vec<Message>> {
    let (clauses, mut binds) = filter_clauses(workspace_id, viewer, filter);
    binds.push(Bind::Int(limit));
    let sql = format!(
        "{MESSAGE_SELECT} WHERE {} ORDER BY m.received_at DESC, m.id DESC LIMIT ${}",
        clauses.join(" AND "),
        binds.len()
    );
    let rows: Vec<MessageRow> = on_pool!(db, pool => {
        let mut q = sqlx::query_as(AssertSqlSafe(&*sql));
        for b in &binds {
            q = match b {
                Bind::Int(v) => q.bind(*v),
                Bind::Text(v) => q.bind(v.as_str()),
                Bind::Bool(v) => q.bind(*v),
            };
        }
        q.fetch_all(pool).await
    })?;
    with_tags(db, rows.into_iter().map(Message::from).collect()).await
}

/// A filtered count is exact up to this many messages, and says "more than" beyond it.
pub const COUNT_BOUND: i64 = 10_000;

/// How many messages match a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Count {
    pub n: i64,
    /// False when the filter matched more than [`COUNT_BOUND`] messages and counting stopped there.
    pub exact: bool,
    /// `counter`: read from the counts kept per workspace, status and hidden flag (always exact); `bounded`: counted
    /// over the filter's rows, stopping after [`COUNT_BOUND`].
    pub source: &'static str,
}

/// The count the inbox shows. Filtered by hidden and status only (the inbox as it opens), it is the sum of the
/// maintained `inbox_counts` rows (kept by triggers, migration 0010), one row read per status; with any other filter
/// it counts the matching rows, bounded by [`COUNT_BOUND`] so a broad filter never counts a whole large table.
pub async fn count(db: &Db, workspace_id: i64, viewer: i64, filter: &Filter) -> Result<Count> {
    if counted_by_counter(filter) {
        let hidden = filter.hidden.unwrap_or(false);
        let status = filter.status.clone().filter(|s| !s.is_empty());
        // PostgreSQL sums BIGINT as NUMERIC; the cast keeps it an integer on both.
        let sql = "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM inbox_counts WHERE workspace_id = $1 AND hidden = $2
                   AND ($3 = '' OR status = $3)";
        let n: i64 = on_pool!(db, pool => sqlx::query_scalar::<_, i64>(sql).bind(workspace_id).bind(hidden)
            .bind(status.unwrap_or_default()).fetch_one(pool).await)?;
        return Ok(Count {
            n,
            exact: true,
            source: "counter",
        });
    }
    let (clauses, mut binds) = filter_clauses(workspace_id, viewer, filter);
    binds.push(Bind::Int(COUNT_BOUND + 1));
    let sql = format!(
        "SELECT COUNT(*) FROM (SELECT 1 FROM messages m WHERE {} LIMIT ${}) bounded",
        clauses.join(" AND "),
        binds.len()
    );
    let n: i64 = on_pool!(db, pool => {
        let mut q = sqlx::query_scalar::<_, i64>(AssertSqlSafe(&*sql));
        for b in &binds {
            q = match b {
                Bind::Int(v) => q.bind(*v),
                Bind::Text(v) => q.bind(v.as_str()),
                Bind::Bool(v) => q.bind(*v),
            };
        }
        q.fetch_one(pool).await
    })?;
    Ok(Count {
        n: n.min(COUNT_BOUND),
        exact: n <= COUNT_BOUND,
        source: "bounded",
    })
}

async fn with_tags(db: &Db, mut messages: Vec<Message>) -> Result<Vec<Message>> {
    if messages.is_empty() {
        return Ok(messages);
    }
    // Ids are integers we read from the database, so listing them inline is safe and portable.
    let list = messages
        .iter()
        .map(|m| m.id.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let sql = format!(
        "SELECT message_id, tag FROM message_tags WHERE message_id IN ({list}) ORDER BY tag"
    );
    let tags: Vec<(i64, String)> =
        on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).fetch_all(pool).await)?;
    for m in &mut messages {
        m.tags = tags
            .iter()
            .filter(|(id, _)| *id == m.id)
            .map(|(_, t)| t.clone())
            .collect();
    }
    Ok(messages)
}

pub async fn get(db: &Db, workspace_id: i64, id: i64) -> Result<Message> {
    let sql = format!("{MESSAGE_SELECT} WHERE m.id = $1 AND m.workspace_id = $2");
    let row: Option<MessageRow> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).bind(id).bind(workspace_id).fetch_optional(pool).await)?;
    let message = row.ok_or(StoreError::NotFound("The message"))?.into();
    let mut one = with_tags(db, vec![message]).await?;
    one.pop().ok_or(StoreError::NotFound("The message"))
}

/// Every message of the conversation `message` belongs to, oldest first.
pub async fn conversation(db: &Db, message: &Message) -> Result<Vec<Message>> {
    let sql = format!(
        "{MESSAGE_SELECT} WHERE m.profile_id = $1 AND m.conversation_id = $2 ORDER BY m.received_at, m.id LIMIT 200"
    );
    let rows: Vec<MessageRow> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).bind(message.profile_id).bind(&message.conversation_id).fetch_all(pool).await)?;
    with_tags(db, rows.into_iter().map(Message::from).collect()).await
}

/// Messages received since `since`, visible, open and still waiting for a first reply: (id, received at, assigned
/// to). The same rows the team care page counts SLA breaches over.
pub async fn unanswered(
    db: &Db,
    workspace_id: i64,
    since: Millis,
) -> Result<Vec<(i64, Millis, Option<i64>)>> {
    let sql = "SELECT id, received_at, assigned_to FROM messages
               WHERE workspace_id = $1 AND received_at >= $2 AND first_reply_at IS NULL AND status = 'open'
               AND hidden = FALSE";
    Ok(
        on_pool!(db, pool => sqlx::query_as(sql).bind(workspace_id).bind(since).fetch_all(pool).await)?,
    )
}

/// How many messages a profile holds, and how many distinct remote ids: equal when nothing was stored twice.
pub async fn count_for_profile(db: &Db, profile_id: i64) -> Result<(i64, i64)> {
    let sql = "SELECT COUNT(*), COUNT(DISTINCT remote_id) FROM messages WHERE profile_id = $1";
    Ok(on_pool!(db, pool => sqlx::query_as(sql).bind(profile_id).fetch_one(pool).await)?)
}

// ---------------------------------------------------------------------------------------------------------------
// What people do

async fn update(db: &Db, workspace_id: i64, id: i64, set: &str, binds: &[Bind]) -> Result<()> {
    let sql = format!("UPDATE messages SET {set} WHERE id = $1 AND workspace_id = $2");
    let done = on_pool!(db, pool => {
        let mut q = sqlx::query(AssertSqlSafe(&*sql)).bind(id).bind(workspace_id);
        for b in binds {
            q = match b {
                Bind::Int(v) => q.bind(*v),
                Bind::Text(v) => q.bind(v.as_str()),
                Bind::Bool(v) => q.bind(*v),
            };
        }
        q.execute(pool).await.map(|r| r.rows_affected())
    })?;
    if done == 0 {
        return Err(StoreError::NotFound("The message"));
    }
    Ok(())
}

pub async fn assign(db: &Db, workspace_id: i64, id: i64, user_id: Option<i64>) -> Result<()> {
    if let Some(user) = user_id {
        let sql = "SELECT id FROM users WHERE id = $1 AND workspace_id = $2";
        let found: Option<i64> = on_pool!(db, pool => sqlx::query_scalar(sql).bind(user).bind(workspace_id).fetch_optional(pool).await)?;
        found.ok_or(StoreError::NotFound("The person"))?;
    }
    match user_id {
        Some(u) => update(db, workspace_id, id, "assigned_to = $3", &[Bind::Int(u)]).await,
        None => update(db, workspace_id, id, "assigned_to = NULL", &[]).await,
    }
}

/// Marks done (`done = true`) or reopens.
pub async fn set_done(db: &Db, workspace_id: i64, id: i64, done: bool, now: Millis) -> Result<()> {
    if done {
        update(
            db,
            workspace_id,
            id,
            "status = 'done', done_at = $3",
            &[Bind::Int(now)],
        )
        .await
    } else {
        update(db, workspace_id, id, "status = 'open', done_at = NULL", &[]).await
    }
}

pub async fn set_hidden(db: &Db, workspace_id: i64, id: i64, hidden: bool) -> Result<()> {
    update(db, workspace_id, id, "hidden = $3", &[Bind::Bool(hidden)]).await
}

pub async fn add_tag(db: &Db, workspace_id: i64, id: i64, tag: &str) -> Result<()> {
    get(db, workspace_id, id).await?;
    let sql = "INSERT INTO message_tags (message_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING";
    execute!(db, pool => sqlx::query(sql).bind(id).bind(tag))?;
    Ok(())
}

pub async fn remove_tag(db: &Db, workspace_id: i64, id: i64, tag: &str) -> Result<()> {
    get(db, workspace_id, id).await?;
    let sql = "DELETE FROM message_tags WHERE message_id = $1 AND tag = $2";
    execute!(db, pool => sqlx::query(sql).bind(id).bind(tag))?;
    Ok(())
}

/// Every tag used in the workspace, for the filter.
pub async fn tags(db: &Db, workspace_id: i64) -> Result<Vec<String>> {
    let sql = "SELECT DISTINCT t.tag FROM message_tags t JOIN messages m ON m.id = t.message_id
               WHERE m.workspace_id = $1 ORDER BY t.tag";
    Ok(on_pool!(db, pool => sqlx::query_scalar(sql).bind(workspace_id).fetch_all(pool).await)?)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Note {
    pub id: i64,
    pub message_id: i64,
    pub user_id: i64,
    pub user_name: String,
    pub body: String,
    pub created_at: Millis,
}

pub async fn add_note(
    db: &Db,
    workspace_id: i64,
    id: i64,
    user_id: i64,
    body: &str,
    now: Millis,
) -> Result<i64> {
    get(db, workspace_id, id).await?;
    let sql = "INSERT INTO message_notes (message_id, user_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id";
    Ok(
        on_pool!(db, pool => sqlx::query_scalar(sql).bind(id).bind(user_id).bind(body).bind(now).fetch_one(pool).await)?,
    )
}

/// Notes on every message of a conversation, oldest first.
pub async fn notes(db: &Db, message_ids: &[i64]) -> Result<Vec<Note>> {
    if message_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = message_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let sql = format!(
        "SELECT n.id, n.message_id, n.user_id, u.name AS user_name, n.body, n.created_at FROM message_notes n
         JOIN users u ON u.id = n.user_id WHERE n.message_id IN ({list}) ORDER BY n.created_at, n.id"
    );
    Ok(on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).fetch_all(pool).await)?)
}

// ---------------------------------------------------------------------------------------------------------------
// Replies: a post with one delivery carrying `in_reply_to`, published by the same machinery as every post.

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Reply {
    pub message_id: i64,
    pub post_id: i64,
    pub delivery_id: i64,
    pub user_id: i64,
    pub user_name: String,
    pub body: String,
    /// The delivery's state: `scheduled`, `sending`, `published`, `failed`, `unknown`...
    pub state: String,
    pub remote_url: Option<String>,
    pub created_at: Millis,
}

/// Stores the reply as a post with one delivery (to the message's profile, `in_reply_to` its remote id) and the job
/// that publishes it, links it to the message, and stops the conversation's reply timer, in one transaction.
pub async fn create_reply(
    db: &Db,
    workspace_id: i64,
    message: &Message,
    user_id: i64,
    body: &str,
    status: sangam_domain::PostStatus,
    now: Millis,
) -> Result<Reply> {
    let delivery_id: i64 = on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let post_id: i64 = sqlx::query_scalar(
            "INSERT INTO posts (workspace_id, author_id, body, scheduled_at, created_at, updated_at, status)
             VALUES ($1, $2, $3, $4, $4, $4, $5) RETURNING id",
        )
        .bind(workspace_id)
        .bind(user_id)
        .bind(body)
        .bind(now)
        .bind(status.as_str())
        .fetch_one(&mut *tx)
        .await?;
        let delivery_id: i64 = sqlx::query_scalar(
            "INSERT INTO deliveries (post_id, profile_id, state, idempotency_key, scheduled_at, updated_at, in_reply_to)
             VALUES ($1, $2, 'scheduled', $3, $4, $4, $5) RETURNING id",
        )
        .bind(post_id)
        .bind(message.profile_id)
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(now)
        .bind(&message.remote_id)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(ENQUEUE_SQL)
            .bind(PUBLISH_JOB)
            .bind(delivery_id.to_string())
            .bind(now)
            .bind(jobs::DEFAULT_MAX_ATTEMPTS)
            .bind(publish_job_key(delivery_id, now))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO message_replies (message_id, delivery_id, user_id, created_at) VALUES ($1, $2, $3, $4)")
            .bind(message.id)
            .bind(delivery_id)
            .bind(user_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE messages SET first_reply_at = $3 WHERE profile_id = $1 AND conversation_id = $2
             AND first_reply_at IS NULL AND received_at <= $3",
        )
        .bind(message.profile_id)
        .bind(&message.conversation_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok::<i64, sqlx::Error>(delivery_id)
    })?;
    let replies = replies(db, &[message.id]).await?;
    replies
        .into_iter()
        .find(|r| r.delivery_id == delivery_id)
        .ok_or(StoreError::NotFound("The reply"))
}

/// Replies to these messages with their delivery state, oldest first.
pub async fn replies(db: &Db, message_ids: &[i64]) -> Result<Vec<Reply>> {
    if message_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = message_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let sql = format!(
        "SELECT r.message_id, d.post_id, r.delivery_id, r.user_id, u.name AS user_name, p.body, d.state, d.remote_url,
         r.created_at FROM message_replies r JOIN deliveries d ON d.id = r.delivery_id JOIN posts p ON p.id = d.post_id
         JOIN users u ON u.id = r.user_id WHERE r.message_id IN ({list}) ORDER BY r.created_at, r.id"
    );
    Ok(on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).fetch_all(pool).await)?)
}

/// The remote id a delivery answers, for the publisher (`None` for an ordinary post).
pub async fn reply_target(db: &Db, delivery_id: i64) -> Result<Option<String>> {
    let sql = "SELECT in_reply_to FROM deliveries WHERE id = $1";
    let row: Option<Option<String>> =
        on_pool!(db, pool => sqlx::query_scalar(sql).bind(delivery_id).fetch_optional(pool).await)?;
    Ok(row.flatten())
}

// ---------------------------------------------------------------------------------------------------------------
// Saved replies

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct SavedReply {
    pub id: i64,
    pub name: String,
    /// May hold placeholders: `{author}`, `{author_name}`, `{profile}`, `{me}`.
    pub body: String,
}

pub async fn saved_replies(db: &Db, workspace_id: i64) -> Result<Vec<SavedReply>> {
    let sql = "SELECT id, name, body FROM saved_replies WHERE workspace_id = $1 ORDER BY name, id";
    Ok(on_pool!(db, pool => sqlx::query_as(sql).bind(workspace_id).fetch_all(pool).await)?)
}

pub async fn create_saved_reply(
    db: &Db,
    workspace_id: i64,
    name: &str,
    body: &str,
    now: Millis,
) -> Result<SavedReply> {
    let sql =
        "INSERT INTO saved_replies (workspace_id, name, body, created_at) VALUES ($1, $2, $3, $4)
               RETURNING id, name, body";
    Ok(
        on_pool!(db, pool => sqlx::query_as(sql).bind(workspace_id).bind(name).bind(body).bind(now).fetch_one(pool).await)?,
    )
}

pub async fn delete_saved_reply(db: &Db, workspace_id: i64, id: i64) -> Result<()> {
    let sql = "DELETE FROM saved_replies WHERE id = $1 AND workspace_id = $2";
    if execute!(db, pool => sqlx::query(sql).bind(id).bind(workspace_id))? == 0 {
        return Err(StoreError::NotFound("The saved reply"));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------------
// Moderation rules

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct StoredRule {
    pub id: i64,
    pub position: i64,
    pub name: String,
    pub enabled: bool,
    pub rule: Rule,
}

pub async fn rules(db: &Db, workspace_id: i64) -> Result<Vec<StoredRule>> {
    let sql =
        "SELECT id, position, name, enabled, rule FROM moderation_rules WHERE workspace_id = $1
               ORDER BY position, id";
    let rows: Vec<(i64, i64, String, bool, String)> =
        on_pool!(db, pool => sqlx::query_as(sql).bind(workspace_id).fetch_all(pool).await)?;
    rows.into_iter()
        .map(|(id, position, name, enabled, rule)| {
            let rule = serde_json::from_str(&rule)
                .map_err(|e| StoreError::Corrupt(format!("moderation rule {id}: {e}")))?;
            Ok(StoredRule {
                id,
                position,
                name,
                enabled,
                rule,
            })
        })
        .collect()
}

/// Adds a rule at the end of the order.
pub async fn create_rule(
    db: &Db,
    workspace_id: i64,
    name: &str,
    rule: &Rule,
    now: Millis,
) -> Result<i64> {
    let json = serde_json::to_string(rule).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let sql = "INSERT INTO moderation_rules (workspace_id, position, name, rule, created_at)
               VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM moderation_rules WHERE workspace_id = $1), $2,
               $3, $4) RETURNING id";
    Ok(
        on_pool!(db, pool => sqlx::query_scalar(sql).bind(workspace_id).bind(name).bind(json).bind(now).fetch_one(pool).await)?,
    )
}

pub async fn delete_rule(db: &Db, workspace_id: i64, id: i64) -> Result<()> {
    let sql = "DELETE FROM moderation_rules WHERE id = $1 AND workspace_id = $2";
    if execute!(db, pool => sqlx::query(sql).bind(id).bind(workspace_id))? == 0 {
        return Err(StoreError::NotFound("The rule"));
    }
    Ok(())
}

/// Moves a rule one place earlier in the order (swapping with the one before it).
pub async fn move_rule_up(db: &Db, workspace_id: i64, id: i64) -> Result<()> {
    let all = rules(db, workspace_id).await?;
    let Some(i) = all.iter().position(|r| r.id == id) else {
        return Err(StoreError::NotFound("The rule"));
    };
    if i == 0 {
        return Ok(());
    }
    let (a, b) = (&all[i - 1], &all[i]);
    let sql = "UPDATE moderation_rules SET position = $2 WHERE id = $1";
    execute!(db, pool => sqlx::query(sql).bind(a.id).bind(b.position))?;
    execute!(db, pool => sqlx::query(sql).bind(b.id).bind(a.position))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------------
// The shield

/// Records that `user_id` opened a shielded message.
pub async fn record_opening(db: &Db, message_id: i64, user_id: i64, now: Millis) -> Result<()> {
    let sql = "INSERT INTO shield_openings (message_id, user_id, opened_at) VALUES ($1, $2, $3)";
    execute!(db, pool => sqlx::query(sql).bind(message_id).bind(user_id).bind(now))?;
    Ok(())
}

/// Distinct abusive messages a person opened since `since`: their exposure against the daily budget.
pub async fn exposure_since(db: &Db, user_id: i64, since: Millis) -> Result<i64> {
    let sql = "SELECT COUNT(DISTINCT message_id) FROM shield_openings WHERE user_id = $1 AND opened_at >= $2";
    Ok(
        on_pool!(db, pool => sqlx::query_scalar(sql).bind(user_id).bind(since).fetch_one(pool).await)?,
    )
}

/// Abusive messages assigned to a person, still open, that they have not opened yet: exposure already on its way.
pub async fn shielded_waiting_for(db: &Db, user_id: i64) -> Result<i64> {
    let sql = "SELECT COUNT(*) FROM messages m WHERE m.assigned_to = $1 AND m.abusive = TRUE AND m.status = 'open'
               AND NOT EXISTS (SELECT 1 FROM shield_openings o WHERE o.message_id = m.id AND o.user_id = $1)";
    Ok(on_pool!(db, pool => sqlx::query_scalar(sql).bind(user_id).fetch_one(pool).await)?)
}

/// Which of these messages the person has opened.
pub async fn opened_by(db: &Db, user_id: i64, message_ids: &[i64]) -> Result<Vec<i64>> {
    if message_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = message_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let sql = format!(
        "SELECT DISTINCT message_id FROM shield_openings WHERE user_id = $1 AND message_id IN ({list})"
    );
    Ok(
        on_pool!(db, pool => sqlx::query_scalar(AssertSqlSafe(&*sql)).bind(user_id).fetch_all(pool).await)?,
    )
}

/// How many times anyone opened this message.
pub async fn openings_of(db: &Db, message_id: i64) -> Result<i64> {
    let sql = "SELECT COUNT(*) FROM shield_openings WHERE message_id = $1";
    Ok(on_pool!(db, pool => sqlx::query_scalar(sql).bind(message_id).fetch_one(pool).await)?)
}

/// A person's verdict on a message: stored for the model, and the message's flag follows it.
pub async fn record_correction(
    db: &Db,
    workspace_id: i64,
    message: &Message,
    user_id: i64,
    abusive: bool,
    now: Millis,
) -> Result<()> {
    let sql = "INSERT INTO abuse_corrections (message_id, user_id, abusive, text, created_at) VALUES ($1, $2, $3, $4, $5)";
    execute!(db, pool => sqlx::query(sql).bind(message.id).bind(user_id).bind(abusive).bind(&message.text).bind(now))?;
    update(
        db,
        workspace_id,
        message.id,
        "abusive = $3",
        &[Bind::Bool(abusive)],
    )
    .await
}

/// Every correction after `after_id`, oldest first, as (id, text, abusive): replayed into the model.
pub async fn corrections_after(db: &Db, after_id: i64) -> Result<Vec<(i64, String, bool)>> {
    let sql =
        "SELECT id, text, abusive FROM abuse_corrections WHERE id > $1 ORDER BY id LIMIT 10000";
    Ok(on_pool!(db, pool => sqlx::query_as(sql).bind(after_id).fetch_all(pool).await)?)
}

/// Records a mute or block of an author. `remote_done` says whether the network carried it out.
pub async fn mute_author(
    db: &Db,
    workspace_id: i64,
    message: &Message,
    action: &str,
    remote_done: bool,
    user_id: i64,
    now: Millis,
) -> Result<()> {
    let sql = "INSERT INTO muted_authors (workspace_id, profile_id, author_handle, action, remote_done, user_id, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (profile_id, author_handle, action) DO NOTHING";
    execute!(db, pool => sqlx::query(sql).bind(workspace_id).bind(message.profile_id).bind(&message.author_handle)
        .bind(action).bind(remote_done).bind(user_id).bind(now))?;
    Ok(())
}

/// Authors of a profile that were muted or blocked: the ingester hides their new messages.
pub async fn muted_authors(db: &Db, profile_id: i64) -> Result<Vec<String>> {
    let sql = "SELECT DISTINCT author_handle FROM muted_authors WHERE profile_id = $1";
    Ok(on_pool!(db, pool => sqlx::query_scalar(sql).bind(profile_id).fetch_all(pool).await)?)
}

// ---------------------------------------------------------------------------------------------------------------
// Settings

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Settings {
    /// First reply due within this many business minutes.
    pub sla_minutes: i64,
    /// Abusive messages one person opens per day, at most, before new ones go to the next person.
    pub exposure_budget: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            sla_minutes: sangam_domain::business_hours::DEFAULT_SLA_MINUTES,
            exposure_budget: 20,
        }
    }
}

pub async fn settings(db: &Db, workspace_id: i64) -> Result<Settings> {
    let sql = "SELECT sla_minutes, exposure_budget FROM inbox_settings WHERE workspace_id = $1";
    let row: Option<(i64, i64)> =
        on_pool!(db, pool => sqlx::query_as(sql).bind(workspace_id).fetch_optional(pool).await)?;
    Ok(row
        .map(|(sla_minutes, exposure_budget)| Settings {
            sla_minutes,
            exposure_budget,
        })
        .unwrap_or_default())
}

pub async fn save_settings(db: &Db, workspace_id: i64, s: Settings) -> Result<()> {
    let sql = "INSERT INTO inbox_settings (workspace_id, sla_minutes, exposure_budget) VALUES ($1, $2, $3)
               ON CONFLICT (workspace_id) DO UPDATE SET sla_minutes = excluded.sla_minutes,
               exposure_budget = excluded.exposure_budget";
    execute!(db, pool => sqlx::query(sql).bind(workspace_id).bind(s.sla_minutes).bind(s.exposure_budget))?;
    Ok(())
}

/// The person who was handed the last abusive message, where the rotation resumes.
pub async fn last_shield_user(db: &Db, workspace_id: i64) -> Result<Option<i64>> {
    let sql = "SELECT last_shield_user_id FROM inbox_settings WHERE workspace_id = $1";
    let row: Option<Option<i64>> = on_pool!(db, pool => sqlx::query_scalar(sql).bind(workspace_id).fetch_optional(pool).await)?;
    Ok(row.flatten())
}

pub async fn set_last_shield_user(db: &Db, workspace_id: i64, user_id: i64) -> Result<()> {
    let sql = "INSERT INTO inbox_settings (workspace_id, last_shield_user_id) VALUES ($1, $2)
               ON CONFLICT (workspace_id) DO UPDATE SET last_shield_user_id = excluded.last_shield_user_id";
    execute!(db, pool => sqlx::query(sql).bind(workspace_id).bind(user_id))?;
    Ok(())
}

/// One person's inbox settings: the shield opt-in and business hours (minutes after local midnight).
#[derive(
    Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, sqlx::FromRow, utoipa::ToSchema,
)]
pub struct Person {
    pub user_id: i64,
    pub name: String,
    pub role: String,
    pub time_zone: String,
    pub shield_opt_in: bool,
    pub work_start_min: i64,
    pub work_end_min: i64,
}

const PERSON_SELECT: &str = "SELECT u.id AS user_id, u.name, u.role, u.time_zone,
    COALESCE(ip.shield_opt_in, FALSE) AS shield_opt_in, COALESCE(ip.work_start_min, 540) AS work_start_min,
    COALESCE(ip.work_end_min, 1020) AS work_end_min FROM users u LEFT JOIN inbox_people ip ON ip.user_id = u.id";

/// The people of a workspace who answer the inbox (admins, managers, members), in id order.
pub async fn people(db: &Db, workspace_id: i64) -> Result<Vec<Person>> {
    let sql = format!(
        "{PERSON_SELECT} WHERE u.workspace_id = $1 AND u.role IN ('admin', 'manager', 'member') AND u.deactivated_at IS NULL ORDER BY u.id"
    );
    Ok(
        on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).bind(workspace_id).fetch_all(pool).await)?,
    )
}

pub async fn person(db: &Db, user_id: i64) -> Result<Person> {
    let sql = format!("{PERSON_SELECT} WHERE u.id = $1");
    let row: Option<Person> = on_pool!(db, pool => sqlx::query_as(AssertSqlSafe(&*sql)).bind(user_id).fetch_optional(pool).await)?;
    row.ok_or(StoreError::NotFound("The person"))
}

pub async fn save_person(
    db: &Db,
    user_id: i64,
    opt_in: bool,
    start_min: i64,
    end_min: i64,
) -> Result<()> {
    let sql = "INSERT INTO inbox_people (user_id, shield_opt_in, work_start_min, work_end_min) VALUES ($1, $2, $3, $4)
               ON CONFLICT (user_id) DO UPDATE SET shield_opt_in = excluded.shield_opt_in,
               work_start_min = excluded.work_start_min, work_end_min = excluded.work_end_min";
    execute!(db, pool => sqlx::query(sql).bind(user_id).bind(opt_in).bind(start_min).bind(end_min))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------------
// Collisions

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Presence {
    pub user_id: i64,
    pub user_name: String,
    /// The activity: `viewed`, `replied`, ...
    pub action: String,
    pub at: Millis,
}

/// Who else (not `viewer`) acted on a message of this conversation since `since`, latest first, one row per person
/// and action.
pub async fn others_on_conversation(
    db: &Db,
    message: &Message,
    viewer: i64,
    since: Millis,
) -> Result<Vec<Presence>> {
    let sql = "SELECT a.user_id, u.name AS user_name, a.action, MAX(a.at) AS at FROM activity a
               JOIN users u ON u.id = a.user_id JOIN messages m ON m.id = a.object_id
               WHERE a.object_kind = 'message' AND m.profile_id = $1 AND m.conversation_id = $2 AND a.user_id <> $3
               AND a.at >= $4 GROUP BY a.user_id, u.name, a.action ORDER BY at DESC";
    Ok(
        on_pool!(db, pool => sqlx::query_as(sql).bind(message.profile_id).bind(&message.conversation_id)
        .bind(viewer).bind(since).fetch_all(pool).await)?,
    )
}

/// The network confirmed a mute or block.
pub async fn mark_mute_done(
    db: &Db,
    profile_id: i64,
    author_handle: &str,
    action: &str,
) -> Result<()> {
    let sql = "UPDATE muted_authors SET remote_done = $1 WHERE profile_id = $2 AND author_handle = $3 AND action = $4";
    execute!(db, pool => sqlx::query(sql).bind(true).bind(profile_id).bind(author_handle).bind(action))?;
    Ok(())
}
