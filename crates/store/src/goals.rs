//! Goals: a business objective tied to a catalogue metric, a scope (profiles, tags), a baseline, a target, a period
//! and an owner. Progress and forecasts are computed from reports, not stored.

use crate::{Db, Result, Sql, fetch_found};
use sangam_domain::Millis;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Goal {
    pub id: i64,
    pub workspace_id: i64,
    pub objective: String,
    pub metric_id: String,
    /// Empty: every profile.
    pub profile_ids: Vec<i64>,
    pub tags: Vec<String>,
    pub baseline: f64,
    pub target: f64,
    pub starts_at: Millis,
    pub ends_at: Millis,
    pub owner_id: i64,
    pub owner_name: String,
    pub created_at: Millis,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    workspace_id: i64,
    objective: String,
    metric_id: String,
    profile_ids: String,
    tags: String,
    baseline: f64,
    target: f64,
    starts_at: Millis,
    ends_at: Millis,
    owner_id: i64,
    owner_name: String,
    created_at: Millis,
}

impl From<Row> for Goal {
    fn from(r: Row) -> Goal {
        Goal {
            id: r.id,
            workspace_id: r.workspace_id,
            objective: r.objective,
            metric_id: r.metric_id,
            profile_ids: r
                .profile_ids
                .split(',')
                .filter_map(|s| s.trim().parse().ok())
                .collect(),
            tags: r
                .tags
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            baseline: r.baseline,
            target: r.target,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            owner_id: r.owner_id,
            owner_name: r.owner_name,
            created_at: r.created_at,
        }
    }
}

pub struct NewGoal<'a> {
    pub workspace_id: i64,
    pub objective: &'a str,
    pub metric_id: &'a str,
    pub profile_ids: &'a [i64],
    pub tags: &'a [String],
    pub baseline: f64,
    pub target: f64,
    pub starts_at: Millis,
    pub ends_at: Millis,
    pub owner_id: i64,
    pub created_by: i64,
}

pub async fn create(db: &Db, g: NewGoal<'_>, now: Millis) -> Result<Goal> {
    let owner = "SELECT id FROM users WHERE id = $1 AND workspace_id = $2";
    let owner = Sql::new(owner).bind(g.owner_id).bind(g.workspace_id);
    fetch_found::<(i64,)>(db, owner, "The goal's owner").await?;
    let profiles: Vec<String> = g.profile_ids.iter().map(|p| p.to_string()).collect();
    let sql = "INSERT INTO goals (workspace_id, objective, metric_id, profile_ids, tags, baseline, target, starts_at,
               ends_at, owner_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
               RETURNING id";
    let (id,): (i64,) = db
        .fetch_one(
            Sql::new(sql)
                .bind(g.workspace_id)
                .bind(g.objective)
                .bind(g.metric_id)
                .bind(profiles.join(","))
                .bind(g.tags.join(","))
                .bind(g.baseline)
                .bind(g.target)
                .bind(g.starts_at)
                .bind(g.ends_at)
                .bind(g.owner_id)
                .bind(g.created_by)
                .bind(now),
        )
        .await?;
    get(db, g.workspace_id, id).await
}

const SELECT: &str =
    "SELECT g.id, g.workspace_id, g.objective, g.metric_id, g.profile_ids, g.tags, g.baseline,
    g.target, g.starts_at, g.ends_at, g.owner_id, u.name AS owner_name, g.created_at
    FROM goals g JOIN users u ON u.id = g.owner_id";

pub async fn get(db: &Db, workspace_id: i64, id: i64) -> Result<Goal> {
    let sql = Sql::assembled(format!("{SELECT} WHERE g.id = $1 AND g.workspace_id = $2"));
    let row: Row = fetch_found(db, sql.bind(id).bind(workspace_id), "The goal").await?;
    Ok(row.into())
}

/// The workspace's goals, those ending soonest first.
pub async fn list(db: &Db, workspace_id: i64) -> Result<Vec<Goal>> {
    let rows: Vec<Row> = db
        .fetch_all(
            Sql::assembled(format!(
                "{SELECT} WHERE g.workspace_id = $1 ORDER BY g.ends_at, g.id"
            ))
            .bind(workspace_id),
        )
        .await?;
    Ok(rows.into_iter().map(Goal::from).collect())
}

/// Goals whose period contains `now`.
pub async fn active(db: &Db, workspace_id: i64, now: Millis) -> Result<Vec<Goal>> {
    Ok(list(db, workspace_id)
        .await?
        .into_iter()
        .filter(|g| g.starts_at <= now && now < g.ends_at)
        .collect())
}
