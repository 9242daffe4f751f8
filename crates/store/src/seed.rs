//! Bulk writes for `sangam demo`'s made-up history: many activity-log lines, focus sessions and shield openings at
//! once, each batch in one transaction, so seeding 90 days takes a moment rather than minutes. Nothing here is used
//! by a running team; the demo marks what it writes as made up.

use crate::{Db, Result, Sql};
use sangam_domain::Millis;
use sangam_domain::care::FocusKind;

/// One line of the activity log, with its time.
pub struct PastAction {
    pub user_id: i64,
    pub action: &'static str,
    pub object_kind: &'static str,
    pub object_id: Option<i64>,
    pub detail: String,
    pub at: Millis,
}

/// Writes activity-log lines in one transaction.
pub async fn activity(db: &Db, workspace_id: i64, rows: &[PastAction]) -> Result<()> {
    let sql =
        "INSERT INTO activity (workspace_id, user_id, action, object_kind, object_id, detail, at)
               VALUES ($1, $2, $3, $4, $5, $6, $7)";
    let statements = rows.iter().map(|r| {
        Sql::new(sql)
            .bind(workspace_id)
            .bind(r.user_id)
            .bind(r.action)
            .bind(r.object_kind)
            .bind(r.object_id)
            .bind(&r.detail)
            .bind(r.at)
    });
    in_one_transaction(db, statements).await
}

/// Runs `statements` in one transaction: all of them are kept, or none.
async fn in_one_transaction<'a>(db: &Db, statements: impl Iterator<Item = Sql<'a>>) -> Result<()> {
    let mut tx = db.tx().await?;
    for sql in statements {
        tx.execute(sql).await?;
    }
    tx.commit().await
}

/// One span of focused work, as heartbeats would have recorded it.
pub struct PastFocus {
    pub user_id: i64,
    pub kind: FocusKind,
    pub started_at: Millis,
    pub ended_at: Millis,
}

/// Writes focus sessions in one transaction.
pub async fn focus(db: &Db, workspace_id: i64, rows: &[PastFocus]) -> Result<()> {
    let sql = "INSERT INTO focus_sessions (workspace_id, user_id, kind, started_at, ended_at)
               VALUES ($1, $2, $3, $4, $5)";
    let statements = rows.iter().map(|r| {
        Sql::new(sql)
            .bind(workspace_id)
            .bind(r.user_id)
            .bind(r.kind.as_str())
            .bind(r.started_at)
            .bind(r.ended_at)
    });
    in_one_transaction(db, statements).await
}

/// Writes shield openings `(message_id, user_id, opened_at)` in one transaction.
pub async fn openings(db: &Db, rows: &[(i64, i64, Millis)]) -> Result<()> {
    let sql = "INSERT INTO shield_openings (message_id, user_id, opened_at) VALUES ($1, $2, $3)";
    let statements = rows
        .iter()
        .map(|&(message_id, user_id, at)| Sql::new(sql).bind(message_id).bind(user_id).bind(at));
    in_one_transaction(db, statements).await
}

/// A stored message as the seeding needs it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SeedMessage {
    pub id: i64,
    pub kind: String,
    pub received_at: Millis,
    pub abusive: bool,
    pub sentiment_label: String,
}

/// Every message of the workspace, oldest first.
pub async fn messages(db: &Db, workspace_id: i64) -> Result<Vec<SeedMessage>> {
    let sql = "SELECT id, kind, received_at, abusive, sentiment_label FROM messages WHERE workspace_id = $1
               ORDER BY received_at, id";
    db.fetch_all(Sql::new(sql).bind(workspace_id)).await
}
