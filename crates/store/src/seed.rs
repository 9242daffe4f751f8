//! Bulk writes for `sangam demo`'s made-up history: many activity-log lines, focus sessions and shield openings at
//! once, each batch in one transaction, so seeding 90 days takes a moment rather than minutes. Nothing here is used
//! by a running team; the demo marks what it writes as made up.

use crate::{Db, Result, on_pool};
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
    on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        for r in rows {
            sqlx::query(
                "INSERT INTO activity (workspace_id, user_id, action, object_kind, object_id, detail, at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .bind(workspace_id).bind(r.user_id).bind(r.action).bind(r.object_kind).bind(r.object_id)
                .bind(&r.detail).bind(r.at)
                .execute(&mut *tx).await?;
        }
        tx.commit().await?;
    });
    Ok(())
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
    on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        for r in rows {
            sqlx::query(
                "INSERT INTO focus_sessions (workspace_id, user_id, kind, started_at, ended_at)
                 VALUES ($1, $2, $3, $4, $5)")
                .bind(workspace_id).bind(r.user_id).bind(r.kind.as_str()).bind(r.started_at).bind(r.ended_at)
                .execute(&mut *tx).await?;
        }
        tx.commit().await?;
    });
    Ok(())
}

/// Writes shield openings `(message_id, user_id, opened_at)` in one transaction.
pub async fn openings(db: &Db, rows: &[(i64, i64, Millis)]) -> Result<()> {
    on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        for (message_id, user_id, at) in rows {
            sqlx::query("INSERT INTO shield_openings (message_id, user_id, opened_at) VALUES ($1, $2, $3)")
                .bind(message_id).bind(user_id).bind(at)
                .execute(&mut *tx).await?;
        }
        tx.commit().await?;
    });
    Ok(())
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
    Ok(on_pool!(db, pool => sqlx::query_as(sql).bind(workspace_id).fetch_all(pool).await)?)
}
