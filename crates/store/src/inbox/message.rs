//! A message from the public as the inbox shows it, and the reads of single messages and conversations.

use crate::{Backend, Db, Result, Sql, StoreError, found};
use sangam_domain::rules::MessageFacts;
use sangam_domain::{AbuseLabel, MessageKind, MessageStatus, Millis, NetworkKind, Sentiment};
use serde::Serialize;

/// A message as the inbox shows it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Message {
    pub id: i64,
    pub profile_id: i64,
    pub profile_handle: String,
    pub network: NetworkKind,
    pub remote_id: String,
    pub kind: MessageKind,
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
    pub sentiment_label: Sentiment,
    pub abusive: bool,
    pub abuse_score: f64,
    pub abuse_labels: Vec<AbuseLabel>,
    pub status: MessageStatus,
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
            kind: self.kind,
            profile_id: self.profile_id,
            author_followers: self.author_followers,
            lang: self.lang.clone(),
            sentiment: self.sentiment_label,
            abusive: self.abusive,
            abuse_score: self.abuse_score,
            abuse_labels: self.abuse_labels.clone(),
        }
    }

    pub fn is_done(&self) -> bool {
        self.status == MessageStatus::Done
    }
}

/// A message's row, its tags as a JSON array.
#[derive(sqlx::FromRow)]
pub(super) struct MessageRow {
    id: i64,
    profile_id: i64,
    profile_handle: String,
    #[sqlx(try_from = "String")]
    network: NetworkKind,
    remote_id: String,
    #[sqlx(try_from = "String")]
    kind: MessageKind,
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
    #[sqlx(try_from = "String")]
    sentiment_label: Sentiment,
    abusive: bool,
    abuse_score: f64,
    abuse_labels: String,
    #[sqlx(try_from = "String")]
    status: MessageStatus,
    assigned_to: Option<i64>,
    assigned_name: Option<String>,
    hidden: bool,
    first_reply_at: Option<Millis>,
    done_at: Option<Millis>,
    /// A JSON array of the message's tags.
    tags: String,
}

impl TryFrom<MessageRow> for Message {
    type Error = StoreError;

    fn try_from(r: MessageRow) -> Result<Message> {
        Ok(Message {
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
            abuse_labels: split_labels(r.id, &r.abuse_labels)?,
            status: r.status,
            assigned_to: r.assigned_to,
            assigned_name: r.assigned_name,
            hidden: r.hidden,
            first_reply_at: r.first_reply_at,
            done_at: r.done_at,
            tags: serde_json::from_str(&r.tags).map_err(|e| {
                StoreError::Corrupt(format!("message {}: its tags read as {e}", r.id))
            })?,
            shielded: false,
        })
    }
}

/// The stored comma-separated labels; one the code does not know is corrupt data, not a label to drop.
fn split_labels(id: i64, s: &str) -> Result<Vec<AbuseLabel>> {
    s.split(',')
        .filter(|l| !l.is_empty())
        .map(|l| {
            AbuseLabel::parse(l).ok_or_else(|| {
                StoreError::Corrupt(format!("message {id}: {l:?} is not a known abuse label"))
            })
        })
        .collect()
}

/// The stored form of a message's labels.
pub(super) fn joined_labels(labels: &[AbuseLabel]) -> String {
    labels
        .iter()
        .map(|l| l.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The columns of a [`Message`], its tags included, over `messages m`. `{tags}` is the backend's JSON array of the
/// message's tags in order (see [`message_select`]).
const MESSAGE_COLUMNS: &str = "SELECT m.id, m.profile_id, p.handle AS profile_handle, p.network,
    m.remote_id, m.kind, m.author_handle, m.author_name, m.author_followers, m.text, m.url, m.in_reply_to,
    m.conversation_id, m.received_at, m.lang, m.script, m.sentiment_compound, m.sentiment_label, m.abusive,
    m.abuse_score, m.abuse_labels, m.status, m.assigned_to, u.name AS assigned_name, m.hidden, m.first_reply_at,
    m.done_at, {tags} AS tags FROM messages m JOIN profiles p ON p.id = m.profile_id LEFT JOIN users u ON u.id = m.assigned_to";

/// The select every read of whole messages starts with. A message's tags come in its own row, as a JSON array read
/// through the `message_tags` key, so a page of messages is one statement, not one for the rows and one for their
/// tags.
pub(super) fn message_select(backend: Backend) -> String {
    let tags = match backend {
        Backend::Sqlite => {
            // In the key's order (message_id, tag): already sorted, so nothing is sorted per row.
            "(SELECT json_group_array(tag) FROM (SELECT t.tag FROM message_tags t WHERE t.message_id = m.id
             ORDER BY t.tag))"
        }
        Backend::Postgres => {
            "(SELECT COALESCE(json_agg(t.tag ORDER BY t.tag), '[]'::json)::text FROM message_tags t
             WHERE t.message_id = m.id)"
        }
    };
    MESSAGE_COLUMNS.replace("{tags}", tags)
}

/// [`message_select`] with `extra` (`, expr AS name, ...`) read after the message's own columns.
pub(super) fn message_select_with(backend: Backend, extra: &str) -> String {
    message_select(backend).replace(" AS tags FROM ", &format!(" AS tags{extra} FROM "))
}

/// The messages a statement over [`message_select`] reads, each with its tags.
pub(super) async fn messages(db: &Db, sql: Sql<'_>) -> Result<Vec<Message>> {
    let rows: Vec<MessageRow> = db.fetch_all(sql).await?;
    rows.into_iter().map(Message::try_from).collect()
}

pub async fn get(db: &Db, workspace_id: i64, id: i64) -> Result<Message> {
    let sql = format!(
        "{} WHERE m.id = $1 AND m.workspace_id = $2",
        message_select(db.kind())
    );
    let mut one = messages(db, Sql::assembled(sql).bind(id).bind(workspace_id)).await?;
    one.pop().ok_or(StoreError::NotFound("The message"))
}

/// Every message of the conversation `message` belongs to, oldest first.
pub async fn conversation(db: &Db, message: &Message) -> Result<Vec<Message>> {
    let sql = format!(
        "{} WHERE m.profile_id = $1 AND m.conversation_id = $2 ORDER BY m.received_at, m.id LIMIT 200",
        message_select(db.kind())
    );
    let sql = Sql::assembled(sql)
        .bind(message.profile_id)
        .bind(&message.conversation_id);
    messages(db, sql).await
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
    db.fetch_all(Sql::new(sql).bind(workspace_id).bind(since))
        .await
}

/// How many messages a profile holds, and how many distinct remote ids: equal when nothing was stored twice (the
/// ingest and chaos tests' check).
#[cfg(feature = "testing")]
pub async fn count_for_profile(db: &Db, profile_id: i64) -> Result<(i64, i64)> {
    let sql = "SELECT COUNT(*), COUNT(DISTINCT remote_id) FROM messages WHERE profile_id = $1";
    db.fetch_one(Sql::new(sql).bind(profile_id)).await
}

/// Runs an `UPDATE messages ... WHERE id = $1 AND workspace_id = $2` on one message; a message that is not the
/// workspace's is not found.
pub(super) async fn update(db: &Db, sql: Sql<'_>) -> Result<()> {
    found(db.execute(sql).await?, "The message")
}
