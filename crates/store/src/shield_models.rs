//! The Shield's per-workspace model and threshold (migration 0017): the workspace's copy of the abuse model as it has
//! learned the workspace's corrections, the last correction it learned, and the score from which a message counts as
//! abusive there.

use crate::{Db, Result, Sql};
use sangam_domain::Millis;

/// A workspace's Shield model row.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ShieldModel {
    pub workspace_id: i64,
    /// The model in sangam_text's format; `None`: the shipped model.
    pub model: Option<Vec<u8>>,
    /// The last `abuse_corrections` id the model has learned.
    pub learned_up_to: i64,
    /// Corrections learned.
    pub corrections: i64,
    /// Rows of labelled files it was trained on (`sangam model train --workspace`).
    pub trained_rows: i64,
    /// Score from which a message counts as abusive in this workspace.
    pub threshold: f64,
    pub updated_at: Millis,
}

const COLUMNS: &str =
    "workspace_id, model, learned_up_to, corrections, trained_rows, threshold, updated_at";

/// The workspace's row, if it has one.
pub async fn get(db: &Db, workspace_id: i64) -> Result<Option<ShieldModel>> {
    let sql = format!("SELECT {COLUMNS} FROM shield_models WHERE workspace_id = $1");
    db.fetch_optional(Sql::assembled(sql).bind(workspace_id))
        .await
}

/// The workspace's threshold (0.5, the shipped line, until someone sets one).
pub async fn threshold(db: &Db, workspace_id: i64) -> Result<f64> {
    Ok(get(db, workspace_id).await?.map_or(0.5, |m| m.threshold))
}

/// Every workspace's row (the engine loads them once).
pub async fn all(db: &Db) -> Result<Vec<ShieldModel>> {
    let sql = format!("SELECT {COLUMNS} FROM shield_models ORDER BY workspace_id");
    db.fetch_all(Sql::assembled(sql)).await
}

/// Stores the workspace's model and how far it has learned; its threshold is kept.
pub async fn save_model(
    db: &Db,
    workspace_id: i64,
    model: &[u8],
    learned_up_to: i64,
    corrections: i64,
    trained_rows: i64,
    now: Millis,
) -> Result<()> {
    let sql = "INSERT INTO shield_models (workspace_id, model, learned_up_to, corrections, trained_rows, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6)
               ON CONFLICT (workspace_id) DO UPDATE SET model = excluded.model,
                 learned_up_to = excluded.learned_up_to, corrections = excluded.corrections,
                 trained_rows = excluded.trained_rows, updated_at = excluded.updated_at";
    db.execute(
        Sql::new(sql)
            .bind(workspace_id)
            .bind(model)
            .bind(learned_up_to)
            .bind(corrections)
            .bind(trained_rows)
            .bind(now),
    )
    .await?;
    Ok(())
}

/// Sets the workspace's threshold; its model is kept.
pub async fn set_threshold(db: &Db, workspace_id: i64, threshold: f64, now: Millis) -> Result<()> {
    let sql = "INSERT INTO shield_models (workspace_id, threshold, updated_at) VALUES ($1, $2, $3)
               ON CONFLICT (workspace_id) DO UPDATE SET threshold = excluded.threshold, updated_at = excluded.updated_at";
    db.execute(Sql::new(sql).bind(workspace_id).bind(threshold).bind(now))
        .await?;
    Ok(())
}

/// A person's correction, with its workspace.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Correction {
    pub id: i64,
    pub workspace_id: i64,
    pub text: String,
    pub abusive: bool,
}

/// Corrections after `after_id`, oldest first, with the workspace of their message (at most 10,000 a call).
pub async fn corrections_after(db: &Db, after_id: i64) -> Result<Vec<Correction>> {
    let sql = "SELECT c.id, m.workspace_id, c.text, c.abusive FROM abuse_corrections c
               JOIN messages m ON m.id = c.message_id WHERE c.id > $1 ORDER BY c.id LIMIT 10000";
    db.fetch_all(Sql::new(sql).bind(after_id)).await
}

/// The workspace's own labels for the threshold's figures: each corrected message's score at arrival and the last
/// verdict people gave it.
pub async fn labelled_scores(db: &Db, workspace_id: i64) -> Result<Vec<(f64, bool)>> {
    let sql = "SELECT m.abuse_score, c.abusive FROM abuse_corrections c JOIN messages m ON m.id = c.message_id
               WHERE m.workspace_id = $1
                 AND c.id = (SELECT MAX(c2.id) FROM abuse_corrections c2 WHERE c2.message_id = c.message_id)";
    db.fetch_all(Sql::new(sql).bind(workspace_id)).await
}

/// The workspace's open messages nobody gave a verdict on, decided again at a new threshold from the score they
/// arrived with (a person's verdict stands, and closed messages keep the flag they were handled with). Returns how
/// many changed.
pub async fn redecide_open(db: &Db, workspace_id: i64, threshold: f64) -> Result<u64> {
    let sql = "UPDATE messages SET abusive = (abuse_score >= $2)
               WHERE workspace_id = $1 AND status = 'open' AND abusive <> (abuse_score >= $2)
                 AND NOT EXISTS (SELECT 1 FROM abuse_corrections c WHERE c.message_id = messages.id)";
    db.execute(Sql::new(sql).bind(workspace_id).bind(threshold))
        .await
}

/// Each workspace's labelled rows and threshold, to notice what another process stored (a CLI training, a server's
/// settings page) without reading the models.
pub async fn stamps(db: &Db) -> Result<Vec<(i64, i64, f64)>> {
    let sql = "SELECT workspace_id, trained_rows, threshold FROM shield_models";
    db.fetch_all(Sql::new(sql)).await
}
