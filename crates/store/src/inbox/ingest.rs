//! Ingesting is idempotent: a message is keyed by (profile, remote id), and a page of messages is written in one
//! transaction together with the profile's cursor, so the cursor never runs ahead of what is stored and a crash
//! mid-page leaves either all of it or none.

use super::message::joined_labels;
use crate::{Backend, Db, Result, Sql, Tx};
use sangam_domain::untrusted::{storable, storable_opt};
use sangam_domain::{AbuseLabel, MessageKind, MessageStatus, Millis, Sentiment};
use std::collections::{HashMap, HashSet};

/// A message as the ingester hands it over: the network's fields, the analysis and what the rules decided.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMessage {
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
    pub hidden: bool,
    pub done: bool,
    pub assigned_to: Option<i64>,
    pub tags: Vec<String>,
}

/// The stored cursor of a profile's inbound stream.
pub async fn cursor(db: &Db, profile_id: i64) -> Result<Option<String>> {
    let sql = "SELECT cursor FROM inbox_cursors WHERE profile_id = $1";
    let row: Option<(Option<String>,)> = db.fetch_optional(Sql::new(sql).bind(profile_id)).await?;
    Ok(row.and_then(|(c,)| c))
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
    let sql = format!(
        "SELECT remote_id FROM messages WHERE profile_id = $1 AND remote_id IN ({})",
        marks(2, remote_ids.len())
    );
    let found: Vec<(String,)> = db
        .fetch_all(with_remote_ids(
            Sql::assembled(sql).bind(profile_id),
            remote_ids,
        ))
        .await?;
    Ok(found.into_iter().map(|(id,)| id).collect())
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
    let marks = marks(2, remote_ids.len());
    let sql = format!(
        "SELECT m.remote_id, m.conversation_id FROM messages m WHERE m.profile_id = $1 AND m.remote_id IN ({marks})
         UNION
         SELECT d.remote_id, m.conversation_id FROM deliveries d
           JOIN messages m ON m.profile_id = d.profile_id AND m.remote_id = d.in_reply_to
          WHERE d.profile_id = $1 AND d.remote_id IN ({marks})"
    );
    db.fetch_all(with_remote_ids(
        Sql::assembled(sql).bind(profile_id),
        remote_ids,
    ))
    .await
}

/// What the ingester reads about a page before routing it: which of its remote ids are stored already, and the
/// conversation of each parent its messages answer (as [`conversations_of`] finds them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageLookup {
    /// Stored remote ids among the page's (in their storable form).
    pub known: HashSet<String>,
    /// Parent remote id -> its conversation.
    pub threads: HashMap<String, String>,
    /// The profile's muted and blocked authors (as [`super::muted_authors`] reads them), read with the page because
    /// a mute made since the page before holds from this page on.
    pub muted: HashSet<String>,
}

/// [`known_remote_ids`], [`conversations_of`] and [`super::muted_authors`] for one page in one statement: one round
/// trip before the page's transaction instead of three.
pub async fn look_up_page(
    db: &Db,
    profile_id: i64,
    remote_ids: &[String],
    parents: &[String],
) -> Result<PageLookup> {
    let mut all: Vec<String> = remote_ids.to_vec();
    all.extend(parents.iter().filter(|p| !remote_ids.contains(p)).cloned());
    if all.is_empty() {
        return Ok(PageLookup::default());
    }
    let mut sql = format!(
        "SELECT 'u', author_handle, '' FROM muted_authors WHERE profile_id = $1
         UNION ALL
         SELECT 'm', m.remote_id, m.conversation_id FROM messages m
          WHERE m.profile_id = $1 AND m.remote_id IN ({})",
        marks(2, all.len())
    );
    if !parents.is_empty() {
        sql.push_str(&format!(
            " UNION ALL
             SELECT 'd', d.remote_id, m.conversation_id FROM deliveries d
               JOIN messages m ON m.profile_id = d.profile_id AND m.remote_id = d.in_reply_to
              WHERE d.profile_id = $1 AND d.remote_id IN ({})",
            marks(2 + all.len(), parents.len())
        ));
    }
    let sql = with_remote_ids(Sql::assembled(sql).bind(profile_id), &all);
    let rows: Vec<(String, String, String)> = db.fetch_all(with_remote_ids(sql, parents)).await?;
    let page: HashSet<String> = remote_ids
        .iter()
        .map(|id| storable(id).into_owned())
        .collect();
    let wanted: HashSet<String> = parents.iter().map(|id| storable(id).into_owned()).collect();
    let mut found = PageLookup::default();
    // A stored message's own conversation comes before one found through our replies, as in `conversations_of`'s
    // UNION, where a remote id is one or the other.
    for (from, remote_id, conversation_id) in rows {
        if from == "u" {
            found.muted.insert(remote_id);
            continue;
        }
        if from == "m" && page.contains(&remote_id) {
            found.known.insert(remote_id.clone());
        }
        if wanted.contains(&remote_id) && (from == "m" || !found.threads.contains_key(&remote_id)) {
            found.threads.insert(remote_id, conversation_id);
        }
    }
    Ok(found)
}

/// `$first, $first+1, ...`: `n` placeholders for a list of remote ids. Remote ids come from the network, so unlike
/// our own integer ids they are bound, never inlined.
fn marks(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// Placeholders for the `first`..`first + n` values of a statement with very many of them. PostgreSQL numbers them
/// (`$n`); on SQLite they are plain `?` in order, which is the same thing there, because finding a numbered
/// parameter's name takes SQLite (and sqlx binding it) a walk along the list of names: a 500-row insert with `$n`
/// spent more time naming its 12,000 parameters than writing its rows.
pub(crate) fn many_marks(backend: Backend, first: usize, n: usize) -> String {
    match backend {
        Backend::Sqlite => vec!["?"; n].join(","),
        Backend::Postgres => marks(first, n),
    }
}

fn with_remote_ids<'a>(mut sql: Sql<'a>, remote_ids: &[String]) -> Sql<'a> {
    for id in remote_ids {
        sql.push(storable(id).into_owned());
    }
    sql
}

/// The columns a stored message is written with, in the order [`push_row`] binds them.
const MESSAGE_COLUMNS: &str = "INSERT INTO messages (workspace_id, profile_id, remote_id, kind, author_handle,
    author_name, author_followers, text, url, in_reply_to, conversation_id, received_at, ingested_at, lang, script,
    sentiment_compound, sentiment_label, abusive, abuse_score, abuse_labels, status, assigned_to, hidden, done_at)
    VALUES ";
const MESSAGE_VALUES: usize = 24;

/// Rows per INSERT statement: 500 x 24 values stays under SQLite's 32,766 bound parameters (and PostgreSQL's 65,535).
const ROWS_PER_STATEMENT: usize = 500;

/// The cursor's upsert, with `marks` for (profile id, cursor, now).
fn save_cursor([profile, cursor, now]: [&str; 3]) -> String {
    format!(
        "INSERT INTO inbox_cursors (profile_id, cursor, updated_at) VALUES ({profile}, {cursor}, {now})
         ON CONFLICT (profile_id) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at"
    )
}

/// Stores one page of messages and the cursor after it, in one transaction. A message already stored (an
/// overlapping page, a re-run after a crash) is left as it is. Returns the ids of the messages stored now, in the
/// page's order.
///
/// The page is written with one multi-row INSERT (and one for all its tags) rather than a statement per message: the
/// round trips, not the rows, were what an inbound burst waited on.
pub async fn ingest_page(
    db: &Db,
    workspace_id: i64,
    profile_id: i64,
    messages: &[NewMessage],
    next_cursor: Option<&str>,
    now: Millis,
) -> Result<Vec<i64>> {
    let page = Page {
        workspace_id,
        profile_id,
        messages,
        next_cursor,
        shield_stopped_at: None,
    };
    ingest_routed_page(db, page, now).await
}

/// A page as the ingester stores it: its messages, the cursor after it, and where the shield's rotation stopped
/// while routing it (`None`: it did not move).
#[derive(Debug, Clone, Copy)]
pub struct Page<'a> {
    pub workspace_id: i64,
    pub profile_id: i64,
    pub messages: &'a [NewMessage],
    pub next_cursor: Option<&'a str>,
    pub shield_stopped_at: Option<i64>,
}

/// [`ingest_page`], and where the shield's rotation stopped, in the same transaction: the next page resumes the
/// rotation from what was committed with this one, never from a page that was rolled back.
///
/// On SQLite the whole common page is one round trip inside the transaction: the INSERT learns in its RETURNING
/// whether any webhook listens for stored messages, and the cursor's upsert is a second statement of the same
/// execution. PostgreSQL cannot run two statements with parameters in one execution, so there the cursor is its own.
pub async fn ingest_routed_page(db: &Db, page: Page<'_>, now: Millis) -> Result<Vec<i64>> {
    let mut tx = db.tx().await?;
    let (ids, listening) = insert_page(&mut tx, page, now).await?;
    if listening && !ids.is_empty() {
        crate::webhooks::messages_stored_in(&mut tx, &ids, now).await?;
    }
    if let Some(user_id) = page.shield_stopped_at {
        super::shield::set_last_shield_user_in(&mut tx, page.workspace_id, user_id).await?;
    }
    tx.commit().await?;
    Ok(ids)
}

/// Inserts the messages not stored yet and their tags, and saves the cursor, a few statements per page; returns the
/// new ids in the page's order (a remote id repeated within the page is stored once, for its first appearance) and
/// whether a webhook listens for them.
async fn insert_page(tx: &mut Tx, page: Page<'_>, now: Millis) -> Result<(Vec<i64>, bool)> {
    let Page {
        workspace_id,
        profile_id,
        messages,
        next_cursor,
        ..
    } = page;
    let mut stored: HashMap<String, i64> = HashMap::with_capacity(messages.len());
    let mut listening = false;
    let backend = tx.backend();
    let chunks = messages.chunks(ROWS_PER_STATEMENT).count();
    // The cursor goes with the last chunk's INSERT on SQLite; on its own where there is no chunk or no SQLite.
    let mut cursor_saved = next_cursor.is_none();
    for (i, chunk) in messages.chunks(ROWS_PER_STATEMENT).enumerate() {
        let mut text = values_statement(backend, chunk.len());
        let marks = many_marks(backend, chunk.len() * MESSAGE_VALUES + 1, 4);
        let marks: Vec<&str> = marks.split(',').collect();
        let listeners =
            crate::webhooks::message_listeners([marks[0], marks[1], marks[2], marks[3]]);
        text.push_str(" ON CONFLICT (profile_id, remote_id) DO NOTHING");
        let with_cursor = backend == Backend::Sqlite && i + 1 == chunks && !cursor_saved;
        match backend {
            // One summary row instead of a row per message: SQLite hands each returned row over on its own, and
            // for a page of 50 those hand-overs cost more than the rows' writing. See `inserted_ids`.
            Backend::Sqlite => {
                text.push_str(";\nSELECT changes(), last_insert_rowid(), EXISTS (SELECT 1 FROM webhooks WHERE ");
            }
            Backend::Postgres => {
                text.push_str(" RETURNING id, remote_id, EXISTS (SELECT 1 FROM webhooks WHERE ");
            }
        }
        text.push_str(&listeners);
        text.push(')');
        if with_cursor {
            // Further statements in one execution: SQLite's plain `?` go on numbering across them.
            text.push_str(";\n");
            text.push_str(&save_cursor(["?", "?", "?"]));
        }
        let mut sql = Sql::assembled(text);
        for m in chunk {
            push_row(&mut sql, workspace_id, profile_id, m, now);
        }
        crate::webhooks::message_listeners_args(&mut sql, workspace_id);
        if let (true, Some(cursor)) = (with_cursor, next_cursor) {
            sql.push(profile_id)
                .push(storable(cursor).into_owned())
                .push(now);
            cursor_saved = true;
        }
        match backend {
            Backend::Sqlite => {
                // `fetch_all`, not `fetch_one`: the driver stops an execution at the row a `fetch_one` wanted, and
                // the cursor's upsert after it would not run.
                let summary: Vec<(i64, i64, bool)> = tx.fetch_all(sql).await?;
                let Some(&(changed, last, heard)) = summary.first() else {
                    return Err(crate::StoreError::Corrupt(
                        "the page's INSERT gave no summary row".into(),
                    ));
                };
                listening |= heard;
                stored.extend(inserted_ids(tx, chunk, changed, last).await?);
            }
            Backend::Postgres => {
                let rows: Vec<(i64, String, bool)> = tx.fetch_all(sql).await?;
                for (id, remote_id, heard) in rows {
                    listening |= heard;
                    stored.insert(remote_id, id);
                }
            }
        }
    }
    if let (false, Some(cursor)) = (cursor_saved, next_cursor) {
        let sql = Sql::assembled(save_cursor(["$1", "$2", "$3"]))
            .bind(profile_id)
            .bind(storable(cursor).into_owned())
            .bind(now);
        tx.execute(sql).await?;
    }
    let mut ids = Vec::with_capacity(stored.len());
    let mut tags: Vec<(i64, &str)> = Vec::new();
    for m in messages {
        // `remove`, so a remote id repeated in the page gives its id (and its tags) once.
        if let Some(id) = stored.remove(storable(&m.remote_id).as_ref()) {
            ids.push(id);
            tags.extend(m.tags.iter().map(|t| (id, t.as_str())));
        }
    }
    for chunk in tags.chunks(ROWS_PER_STATEMENT) {
        super::tags::tag_all_in(tx, chunk).await?;
    }
    Ok((ids, listening))
}

/// The ids SQLite gave the rows of `chunk` it inserted, by storable remote id, from the INSERT's `changes()` and
/// `last_insert_rowid()`. The transaction holds the write lock and `messages.id` is the rowid, so one statement's new
/// rows take consecutive ids in the order of its VALUES (each is one more than the largest before it): when every
/// row went in, the ids are `last - changed + 1 ..= last` in the chunk's order. When some were already stored (a
/// remote id twice in the page, or another process storing the same page), the new rows are read back by that range.
async fn inserted_ids(
    tx: &mut Tx,
    chunk: &[NewMessage],
    changed: i64,
    last: i64,
) -> Result<Vec<(String, i64)>> {
    if changed <= 0 {
        return Ok(Vec::new());
    }
    let first = last - changed + 1;
    if changed as usize == chunk.len() {
        return Ok(chunk
            .iter()
            .zip(first..)
            .map(|(m, id)| (storable(&m.remote_id).into_owned(), id))
            .collect());
    }
    let sql = "SELECT remote_id, id FROM messages WHERE id BETWEEN $1 AND $2";
    tx.fetch_all(Sql::new(sql).bind(first).bind(last)).await
}

/// `INSERT INTO messages (...) VALUES (...), ...` with placeholders for `rows` messages.
fn values_statement(backend: Backend, rows: usize) -> String {
    let mut text = String::from(MESSAGE_COLUMNS);
    for row in 0..rows {
        if row > 0 {
            text.push(',');
        }
        text.push('(');
        text.push_str(&many_marks(
            backend,
            row * MESSAGE_VALUES + 1,
            MESSAGE_VALUES,
        ));
        text.push(')');
    }
    text
}

/// Binds one message's [`MESSAGE_VALUES`] values, in [`MESSAGE_COLUMNS`]'s order.
fn push_row(sql: &mut Sql<'_>, workspace_id: i64, profile_id: i64, m: &NewMessage, now: Millis) {
    let status = if m.done {
        MessageStatus::Done
    } else {
        MessageStatus::Open
    };
    sql.push(workspace_id)
        .push(profile_id)
        .push(storable(&m.remote_id).into_owned())
        .push(m.kind.as_str())
        .push(storable(&m.author_handle).into_owned())
        .push(storable(&m.author_name).into_owned())
        .push(m.author_followers)
        .push(storable(&m.text).into_owned())
        .push(storable_opt(m.url.as_deref()).map(|u| u.into_owned()))
        .push(storable_opt(m.in_reply_to.as_deref()).map(|r| r.into_owned()))
        .push(storable(&m.conversation_id).into_owned())
        .push(m.received_at)
        .push(now)
        .push(m.lang.clone())
        .push(m.script.clone())
        .push(m.sentiment_compound)
        .push(m.sentiment_label.as_str())
        .push(m.abusive)
        .push(m.abuse_score)
        .push(joined_labels(&m.abuse_labels))
        .push(status.as_str())
        .push(m.assigned_to)
        .push(m.hidden)
        .push(m.done.then_some(now));
}

/// The bare baseline for the inbound benchmark: the same rows as one multi-row INSERT in a transaction of their own,
/// into the same table with its indexes and triggers, and nothing else (no dedupe, no webhooks, no cursor, no tags).
#[cfg(feature = "bench")]
pub async fn insert_batch(
    db: &Db,
    workspace_id: i64,
    profile_id: i64,
    messages: &[NewMessage],
    now: Millis,
) -> Result<usize> {
    let mut tx = db.tx().await?;
    let backend = tx.backend();
    let mut inserted = 0;
    for chunk in messages.chunks(ROWS_PER_STATEMENT) {
        let mut sql = Sql::assembled(values_statement(backend, chunk.len()));
        for m in chunk {
            push_row(&mut sql, workspace_id, profile_id, m, now);
        }
        inserted += tx.execute(sql).await?;
    }
    tx.commit().await?;
    Ok(inserted as usize)
}
