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
    db.fetch_all(presence_sql(PRESENCE, message, viewer, since))
        .await
}

/// Read every 10 s by every open conversation: from the conversation's messages (`messages_conversation`) to their
/// recent activity (`activity_object`, migration 0016), never through the whole activity log. `CROSS JOIN` is how
/// SQLite is told to keep that order (without statistics it would start from every message activity); PostgreSQL
/// reads it as a plain join and orders by its statistics.
const PRESENCE: &str = "SELECT a.user_id, u.name AS user_name, a.action, MAX(a.at) AS at FROM messages m
    CROSS JOIN activity a JOIN users u ON u.id = a.user_id
    WHERE m.profile_id = $1 AND m.conversation_id = $2 AND a.object_kind = 'message' AND a.object_id = m.id
    AND a.user_id <> $3 AND a.at >= $4
    GROUP BY a.user_id, u.name, a.action ORDER BY at DESC";

fn presence_sql<'a>(text: &str, message: &'a Message, viewer: i64, since: Millis) -> Sql<'a> {
    Sql::assembled(text.to_string())
        .bind(message.profile_id)
        .bind(&message.conversation_id)
        .bind(viewer)
        .bind(since)
}

/// The database's plan for the presence read (see [`super::paging::page_plan`]).
#[cfg(feature = "testing")]
pub async fn presence_plan(db: &Db, message: &Message, viewer: i64) -> Result<Vec<String>> {
    let text = format!("{}{PRESENCE}", super::paging::explain_prefix(db));
    super::paging::plan(db, presence_sql(&text, message, viewer, 0)).await
}
