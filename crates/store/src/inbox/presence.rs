//! Collisions: who else is on a conversation right now, so two people do not answer the same person at once.

use super::message::Message;
use crate::{Db, Result, Sql};
use sangam_domain::Millis;
use serde::Serialize;

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
    db.fetch_all(
        Sql::new(sql)
            .bind(message.profile_id)
            .bind(&message.conversation_id)
            .bind(viewer)
            .bind(since),
    )
    .await
}
