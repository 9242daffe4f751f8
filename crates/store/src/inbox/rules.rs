//! Moderation rules as the workspace keeps them: named, ordered, enabled or not. What a rule is and does lives in
//! `sangam_domain::rules`.

use crate::{Db, Result, Sql, StoreError, delete_in_workspace};
use sangam_domain::Millis;
use sangam_domain::rules::Rule;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct StoredRule {
    pub id: i64,
    pub position: i64,
    pub name: String,
    pub enabled: bool,
    pub rule: Rule,
}

pub async fn rules(db: &Db, workspace_id: i64) -> Result<Vec<StoredRule>> {
    let sql =
        "SELECT id, position, name, enabled, rule FROM moderation_rules WHERE workspace_id = $1
               ORDER BY position, id";
    let rows: Vec<(i64, i64, String, bool, String)> =
        db.fetch_all(Sql::new(sql).bind(workspace_id)).await?;
    rows.into_iter()
        .map(|(id, position, name, enabled, rule)| {
            let rule = serde_json::from_str(&rule)
                .map_err(|e| StoreError::Corrupt(format!("moderation rule {id}: {e}")))?;
            Ok(StoredRule {
                id,
                position,
                name,
                enabled,
                rule,
            })
        })
        .collect()
}

/// Adds a rule at the end of the order.
pub async fn create_rule(
    db: &Db,
    workspace_id: i64,
    name: &str,
    rule: &Rule,
    now: Millis,
) -> Result<i64> {
    let json = serde_json::to_string(rule).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let sql = "INSERT INTO moderation_rules (workspace_id, position, name, rule, created_at)
               VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM moderation_rules WHERE workspace_id = $1), $2,
               $3, $4) RETURNING id";
    let (id,): (i64,) = db
        .fetch_one(
            Sql::new(sql)
                .bind(workspace_id)
                .bind(name)
                .bind(json)
                .bind(now),
        )
        .await?;
    Ok(id)
}

pub async fn delete_rule(db: &Db, workspace_id: i64, id: i64) -> Result<()> {
    delete_in_workspace(db, "moderation_rules", workspace_id, id, "The rule").await
}

/// Moves a rule one place earlier in the order (swapping with the one before it), in one transaction so the order
/// never holds two rules at one place.
pub async fn move_rule_up(db: &Db, workspace_id: i64, id: i64) -> Result<()> {
    let all = rules(db, workspace_id).await?;
    let Some(i) = all.iter().position(|r| r.id == id) else {
        return Err(StoreError::NotFound("The rule"));
    };
    if i == 0 {
        return Ok(());
    }
    let (a, b) = (&all[i - 1], &all[i]);
    let sql = "UPDATE moderation_rules SET position = $2 WHERE id = $1";
    let mut tx = db.tx().await?;
    tx.execute(Sql::new(sql).bind(a.id).bind(b.position))
        .await?;
    tx.execute(Sql::new(sql).bind(b.id).bind(a.position))
        .await?;
    tx.commit().await
}
