//! The settings behind reply timers and the exposure budget: the workspace's, and each person's (the shield opt-in
//! and business hours).

use crate::{Db, Result, Sql, fetch_found};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Settings {
    /// First reply due within this many business minutes.
    pub sla_minutes: i64,
    /// Abusive messages one person opens per day, at most, before new ones go to the next person.
    pub exposure_budget: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            sla_minutes: sangam_domain::business_hours::DEFAULT_SLA_MINUTES,
            exposure_budget: 20,
        }
    }
}

pub async fn settings(db: &Db, workspace_id: i64) -> Result<Settings> {
    let sql = "SELECT sla_minutes, exposure_budget FROM inbox_settings WHERE workspace_id = $1";
    let row: Option<(i64, i64)> = db.fetch_optional(Sql::new(sql).bind(workspace_id)).await?;
    Ok(row
        .map(|(sla_minutes, exposure_budget)| Settings {
            sla_minutes,
            exposure_budget,
        })
        .unwrap_or_default())
}

pub async fn save_settings(db: &Db, workspace_id: i64, s: Settings) -> Result<()> {
    let sql = "INSERT INTO inbox_settings (workspace_id, sla_minutes, exposure_budget) VALUES ($1, $2, $3)
               ON CONFLICT (workspace_id) DO UPDATE SET sla_minutes = excluded.sla_minutes,
               exposure_budget = excluded.exposure_budget";
    db.execute(
        Sql::new(sql)
            .bind(workspace_id)
            .bind(s.sla_minutes)
            .bind(s.exposure_budget),
    )
    .await?;
    Ok(())
}

/// One person's inbox settings: the shield opt-in and business hours (minutes after local midnight).
#[derive(
    Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, sqlx::FromRow, utoipa::ToSchema,
)]
pub struct Person {
    pub user_id: i64,
    pub name: String,
    pub role: String,
    pub time_zone: String,
    pub shield_opt_in: bool,
    pub work_start_min: i64,
    pub work_end_min: i64,
}

const PERSON_SELECT: &str = "SELECT u.id AS user_id, u.name, u.role, u.time_zone,
    COALESCE(ip.shield_opt_in, FALSE) AS shield_opt_in, COALESCE(ip.work_start_min, 540) AS work_start_min,
    COALESCE(ip.work_end_min, 1020) AS work_end_min FROM users u LEFT JOIN inbox_people ip ON ip.user_id = u.id";

/// The people of a workspace who answer the inbox (admins, managers, members), in id order.
pub async fn people(db: &Db, workspace_id: i64) -> Result<Vec<Person>> {
    let sql = format!(
        "{PERSON_SELECT} WHERE u.workspace_id = $1 AND u.role IN ('admin', 'manager', 'member')
         AND u.deactivated_at IS NULL ORDER BY u.id"
    );
    db.fetch_all(Sql::assembled(sql).bind(workspace_id)).await
}

pub async fn person(db: &Db, user_id: i64) -> Result<Person> {
    let sql = format!("{PERSON_SELECT} WHERE u.id = $1");
    fetch_found(db, Sql::assembled(sql).bind(user_id), "The person").await
}

pub async fn save_person(
    db: &Db,
    user_id: i64,
    opt_in: bool,
    start_min: i64,
    end_min: i64,
) -> Result<()> {
    let sql = "INSERT INTO inbox_people (user_id, shield_opt_in, work_start_min, work_end_min) VALUES ($1, $2, $3, $4)
               ON CONFLICT (user_id) DO UPDATE SET shield_opt_in = excluded.shield_opt_in,
               work_start_min = excluded.work_start_min, work_end_min = excluded.work_end_min";
    db.execute(
        Sql::new(sql)
            .bind(user_id)
            .bind(opt_in)
            .bind(start_min)
            .bind(end_min),
    )
    .await?;
    Ok(())
}
