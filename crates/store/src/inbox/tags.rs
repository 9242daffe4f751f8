//! What the team writes on messages for each other: tags (also set by rules) and notes.

use super::message::get;
use crate::{Db, Result, Sql, Tx};
use sangam_domain::Millis;
use sangam_domain::untrusted::storable;
use serde::Serialize;

fn tag_sql(message_id: i64, tag: &str) -> Sql<'_> {
    Sql::new("INSERT INTO message_tags (message_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(message_id)
        .bind(tag)
}

/// Tags messages inside the caller's transaction, one statement for all the `(message, tag)` pairs (the ingester
/// tags what the rules said as it stores a page). Tags come from rules people wrote, so they are bound.
pub(super) async fn tag_all_in(tx: &mut Tx, tags: &[(i64, &str)]) -> Result<()> {
    if tags.is_empty() {
        return Ok(());
    }
    let backend = tx.backend();
    let pairs: Vec<String> = (0..tags.len())
        .map(|i| format!("({})", super::ingest::many_marks(backend, 2 * i + 1, 2)))
        .collect();
    let text = format!(
        "INSERT INTO message_tags (message_id, tag) VALUES {} ON CONFLICT DO NOTHING",
        pairs.join(",")
    );
    let mut sql = Sql::assembled(text);
    for (id, tag) in tags {
        sql.push(*id).push(storable(tag).into_owned());
    }
    tx.execute(sql).await?;
    Ok(())
}

pub async fn add_tag(db: &Db, workspace_id: i64, id: i64, tag: &str) -> Result<()> {
    get(db, workspace_id, id).await?;
    db.execute(tag_sql(id, tag)).await?;
    Ok(())
}

pub async fn remove_tag(db: &Db, workspace_id: i64, id: i64, tag: &str) -> Result<()> {
    get(db, workspace_id, id).await?;
    let sql = "DELETE FROM message_tags WHERE message_id = $1 AND tag = $2";
    db.execute(Sql::new(sql).bind(id).bind(tag)).await?;
    Ok(())
}

/// Every tag on a message of the workspace, for the filter: read from the per-workspace tag counts kept by
/// triggers (migration 0016), one row a tag, whatever the number of tagged messages.
pub async fn tags(db: &Db, workspace_id: i64) -> Result<Vec<String>> {
    let sql = "SELECT tag FROM inbox_tag_counts WHERE workspace_id = $1 AND n > 0 ORDER BY tag";
    let rows: Vec<(String,)> = db.fetch_all(Sql::new(sql).bind(workspace_id)).await?;
    Ok(rows.into_iter().map(|(tag,)| tag).collect())
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
    let (note,): (i64,) = db
        .fetch_one(Sql::new(sql).bind(id).bind(user_id).bind(body).bind(now))
        .await?;
    Ok(note)
}

/// Notes on every message of a conversation, oldest first.
pub async fn notes(db: &Db, message_ids: &[i64]) -> Result<Vec<Note>> {
    let sql = "SELECT n.id, n.message_id, n.user_id, u.name AS user_name, n.body, n.created_at FROM message_notes n
               JOIN users u ON u.id = n.user_id WHERE n.message_id IN ({ids}) ORDER BY n.created_at, n.id";
    db.fetch_all(Sql::with_ids(sql, message_ids)).await
}
