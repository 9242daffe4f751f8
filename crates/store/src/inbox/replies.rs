//! Replies: a post with one delivery carrying `in_reply_to`, published by the same machinery as every post; and the
//! saved replies people start from.

use super::message::Message;
use crate::posts::{self, NewDelivery};
use crate::{Db, Result, Sql, StoreError, delete_in_workspace};
use sangam_domain::Millis;
use serde::Serialize;

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
/// that publishes it, scheduled the way every post is, links it to the message, and stops the conversation's reply
/// timer, in one transaction.
pub async fn create_reply(
    db: &Db,
    workspace_id: i64,
    message: &Message,
    user_id: i64,
    body: &str,
    status: sangam_domain::PostStatus,
    now: Millis,
) -> Result<Reply> {
    let mut tx = db.tx().await?;
    let post_id =
        posts::insert_post(&mut tx, workspace_id, user_id, body, now, status, now).await?;
    let delivery = NewDelivery {
        post_id,
        profile_id: message.profile_id,
        scheduled_at: now,
        in_reply_to: Some(&message.remote_id),
    };
    let delivery_id = posts::schedule_delivery(&mut tx, delivery, now).await?;
    let link = "INSERT INTO message_replies (message_id, delivery_id, user_id, created_at) VALUES ($1, $2, $3, $4)";
    tx.execute(
        Sql::new(link)
            .bind(message.id)
            .bind(delivery_id)
            .bind(user_id)
            .bind(now),
    )
    .await?;
    let answered =
        "UPDATE messages SET first_reply_at = $3 WHERE profile_id = $1 AND conversation_id = $2
                    AND first_reply_at IS NULL AND received_at <= $3";
    tx.execute(
        Sql::new(answered)
            .bind(message.profile_id)
            .bind(&message.conversation_id)
            .bind(now),
    )
    .await?;
    tx.commit().await?;
    replies(db, &[message.id])
        .await?
        .into_iter()
        .find(|r| r.delivery_id == delivery_id)
        .ok_or(StoreError::NotFound("The reply"))
}

/// Replies to these messages with their delivery state, oldest first.
pub async fn replies(db: &Db, message_ids: &[i64]) -> Result<Vec<Reply>> {
    let sql = "SELECT r.message_id, d.post_id, r.delivery_id, r.user_id, u.name AS user_name, p.body, d.state,
               d.remote_url, r.created_at FROM message_replies r JOIN deliveries d ON d.id = r.delivery_id
               JOIN posts p ON p.id = d.post_id JOIN users u ON u.id = r.user_id WHERE r.message_id IN ({ids})
               ORDER BY r.created_at, r.id";
    db.fetch_all(Sql::with_ids(sql, message_ids)).await
}

/// The remote id a delivery answers, for the publisher (`None` for an ordinary post).
pub async fn reply_target(db: &Db, delivery_id: i64) -> Result<Option<String>> {
    let sql = "SELECT in_reply_to FROM deliveries WHERE id = $1";
    let row: Option<(Option<String>,)> = db.fetch_optional(Sql::new(sql).bind(delivery_id)).await?;
    Ok(row.and_then(|(target,)| target))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct SavedReply {
    pub id: i64,
    pub name: String,
    /// May hold placeholders: `{author}`, `{author_name}`, `{profile}`, `{me}`.
    pub body: String,
}

pub async fn saved_replies(db: &Db, workspace_id: i64) -> Result<Vec<SavedReply>> {
    let sql = "SELECT id, name, body FROM saved_replies WHERE workspace_id = $1 ORDER BY name, id";
    db.fetch_all(Sql::new(sql).bind(workspace_id)).await
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
    db.fetch_one(
        Sql::new(sql)
            .bind(workspace_id)
            .bind(name)
            .bind(body)
            .bind(now),
    )
    .await
}

pub async fn delete_saved_reply(db: &Db, workspace_id: i64, id: i64) -> Result<()> {
    delete_in_workspace(db, "saved_replies", workspace_id, id, "The saved reply").await
}
