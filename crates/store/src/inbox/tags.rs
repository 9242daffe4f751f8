//! What the team writes on messages for each other: tags (also set by rules) and notes.

use super::message::get;
use crate::{Db, Result, Sql, Tx};
use sangam_domain::Millis;
use serde::Serialize;

fn tag_sql(message_id: i64, tag: &str) -> Sql<'_> {
    Sql::new("INSERT INTO message_tags (message_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(message_id)
        .bind(tag)
}

/// Tags a message inside the caller's transaction (the ingester tags what the rules said as it stores the message).
pub(super) async fn tag_in(tx: &mut Tx, message_id: i64, tag: &str) -> Result<()> {
    tx.execute(tag_sql(message_id, tag)).await?;
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

/// Every tag used in the workspace, for the filter.
pub async fn tags(db: &Db, workspace_id: i64) -> Result<Vec<String>> {
    let sql = "SELECT DISTINCT t.tag FROM message_tags t JOIN messages m ON m.id = t.message_id
               WHERE m.workspace_id = $1 ORDER BY t.tag";
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
