//! A team's own sentiment model (migration 0025): people's "wrong sentiment?" corrections of inbox messages, each kept
//! with who gave it and when, and each workspace's sentiment model as it has learned them, with the last correction
//! it learned so a restart carries on. The message's sentiment follows the correction at once, so the inbox, its
//! filters and the reports read the team's word.

use crate::inbox::Message;
use crate::{Db, Result, Sql, StoreError, found};
use sangam_domain::{Millis, Sentiment};

/// A workspace's stored sentiment model.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SentimentModel {
    pub workspace_id: i64,
    /// The model in sangam_text's sentiment model format.
    pub model: Vec<u8>,
    /// The last `sentiment_corrections` id the model has learned.
    pub learned_up_to: i64,
    /// Corrections learned.
    pub corrections: i64,
    pub updated_at: Millis,
}

const COLUMNS: &str = "workspace_id, model, learned_up_to, corrections, updated_at";

/// The workspace's model, if it has learned anything.
pub async fn get(db: &Db, workspace_id: i64) -> Result<Option<SentimentModel>> {
    let sql = format!("SELECT {COLUMNS} FROM sentiment_models WHERE workspace_id = $1");
    db.fetch_optional(Sql::assembled(sql).bind(workspace_id))
        .await
}

/// Every workspace's model (the engine loads them once).
pub async fn all(db: &Db) -> Result<Vec<SentimentModel>> {
    let sql = format!("SELECT {COLUMNS} FROM sentiment_models ORDER BY workspace_id");
    db.fetch_all(Sql::assembled(sql)).await
}

/// Stores the workspace's model and how far it has learned.
pub async fn save(
    db: &Db,
    workspace_id: i64,
    model: &[u8],
    learned_up_to: i64,
    corrections: i64,
    now: Millis,
) -> Result<()> {
    let sql =
        "INSERT INTO sentiment_models (workspace_id, model, learned_up_to, corrections, updated_at)
               VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT (workspace_id) DO UPDATE SET model = excluded.model,
                 learned_up_to = excluded.learned_up_to, corrections = excluded.corrections,
                 updated_at = excluded.updated_at";
    db.execute(
        Sql::new(sql)
            .bind(workspace_id)
            .bind(model)
            .bind(learned_up_to)
            .bind(corrections)
            .bind(now),
    )
    .await?;
    Ok(())
}

/// The compound a corrected message is stored with: its own where it already reads as the person said (a positive
/// message corrected to positive keeps its strength), else the middle of the label's band, so a filter or a report
/// that reads the compound agrees with the label.
pub fn corrected_compound(compound: f64, label: Sentiment) -> f64 {
    let (low, high, middle) = match label {
        Sentiment::Negative => (-1.0, -0.05, -0.5),
        Sentiment::Neutral => (-0.05, 0.05, 0.0),
        Sentiment::Positive => (0.05, 1.0, 0.5),
    };
    if (low..=high).contains(&compound) {
        compound
    } else {
        middle
    }
}

/// A person's reading of a message: kept for the workspace's model, and the message's sentiment follows it.
pub async fn record_correction(
    db: &Db,
    workspace_id: i64,
    message: &Message,
    user_id: i64,
    label: Sentiment,
    now: Millis,
) -> Result<()> {
    let mut tx = db.tx().await?;
    let sql = "UPDATE messages SET sentiment_label = $3, sentiment_compound = $4 WHERE id = $1 AND workspace_id = $2";
    let changed = tx
        .execute(
            Sql::new(sql)
                .bind(message.id)
                .bind(workspace_id)
                .bind(label.as_str())
                .bind(corrected_compound(message.sentiment_compound, label)),
        )
        .await?;
    found(changed, "The message")?;
    let sql = "INSERT INTO sentiment_corrections (workspace_id, message_id, user_id, label, text, created_at)
               VALUES ($1, $2, $3, $4, $5, $6)";
    tx.execute(
        Sql::new(sql)
            .bind(workspace_id)
            .bind(message.id)
            .bind(user_id)
            .bind(label.as_str())
            .bind(&message.text)
            .bind(now),
    )
    .await?;
    tx.commit().await
}

/// A person's correction, with its workspace.
#[derive(Debug, Clone, PartialEq)]
pub struct Correction {
    pub id: i64,
    pub workspace_id: i64,
    pub text: String,
    pub label: Sentiment,
}

/// Corrections after `after_id`, oldest first (at most 10,000 a call).
pub async fn corrections_after(db: &Db, after_id: i64) -> Result<Vec<Correction>> {
    let sql = "SELECT id, workspace_id, text, label FROM sentiment_corrections WHERE id > $1 ORDER BY id LIMIT 10000";
    let rows: Vec<(i64, i64, String, String)> = db.fetch_all(Sql::new(sql).bind(after_id)).await?;
    rows.into_iter()
        .map(|(id, workspace_id, text, label)| {
            let label = Sentiment::parse(&label).ok_or_else(|| {
                StoreError::Corrupt(format!(
                    "sentiment correction {id}: {label:?} is not a sentiment"
                ))
            })?;
            Ok(Correction {
                id,
                workspace_id,
                text,
                label,
            })
        })
        .collect()
}

/// The last correction of a message, as (label, who, when), for the conversation to say the reading is a person's.
pub async fn last_correction(
    db: &Db,
    workspace_id: i64,
    message_id: i64,
) -> Result<Option<(Sentiment, i64, Millis)>> {
    let sql = "SELECT label, user_id, created_at FROM sentiment_corrections
               WHERE workspace_id = $1 AND message_id = $2 ORDER BY id DESC LIMIT 1";
    let row: Option<(String, i64, Millis)> = db
        .fetch_optional(Sql::new(sql).bind(workspace_id).bind(message_id))
        .await?;
    Ok(row.and_then(|(l, u, at)| Sentiment::parse(&l).map(|l| (l, u, at))))
}
