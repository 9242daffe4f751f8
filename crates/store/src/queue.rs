//! Queue time slots per profile, and the times already used, for "add to queue".

use crate::{Db, Result, StoreError, on_pool};
use sangam_domain::Millis;
use sangam_domain::queue::Slot;
use sqlx::AssertSqlSafe;

/// The profile's weekly slots and the time zone they are read in.
pub async fn slots(db: &Db, workspace_id: i64, profile_id: i64) -> Result<(String, Vec<Slot>)> {
    let tz: Option<String> = on_pool!(db, pool => sqlx::query_scalar(
        "SELECT time_zone FROM profiles WHERE id = $1 AND workspace_id = $2 AND status <> 'removed'")
        .bind(profile_id).bind(workspace_id).fetch_optional(pool).await)?;
    let tz = tz.ok_or(StoreError::NotFound("The profile"))?;
    let rows: Vec<(i64, i64)> = on_pool!(db, pool => sqlx::query_as(
        "SELECT weekday, minute_of_day FROM queue_slots WHERE profile_id = $1 ORDER BY weekday, minute_of_day")
        .bind(profile_id).fetch_all(pool).await)?;
    let slots = rows
        .into_iter()
        .filter_map(|(d, m)| Slot::new(d as i8, m as i16))
        .collect();
    Ok((tz, slots))
}

/// Replaces the profile's slots and their time zone.
pub async fn set_slots(
    db: &Db,
    workspace_id: i64,
    profile_id: i64,
    time_zone: &str,
    slots: &[Slot],
) -> Result<()> {
    on_pool!(db, pool => {
        let mut tx = pool.begin().await?;
        let done = sqlx::query("UPDATE profiles SET time_zone = $1 WHERE id = $2 AND workspace_id = $3 AND status <> 'removed'")
            .bind(time_zone).bind(profile_id).bind(workspace_id).execute(&mut *tx).await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::NotFound("The profile"));
        }
        sqlx::query("DELETE FROM queue_slots WHERE profile_id = $1").bind(profile_id).execute(&mut *tx).await?;
        for s in slots {
            sqlx::query("INSERT INTO queue_slots (profile_id, weekday, minute_of_day) VALUES ($1, $2, $3)")
                .bind(profile_id).bind(i64::from(s.weekday)).bind(i64::from(s.minute)).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok::<(), StoreError>(())
    })
}

/// Times already taken by waiting or published deliveries of these profiles, from `after` on.
pub async fn taken(db: &Db, profile_ids: &[i64], after: Millis) -> Result<Vec<Millis>> {
    if profile_ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = profile_ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let sql = format!(
        "SELECT DISTINCT scheduled_at FROM deliveries WHERE profile_id IN ({list}) AND scheduled_at > $1
         AND state IN ('scheduled', 'sending', 'published')"
    );
    Ok(
        on_pool!(db, pool => sqlx::query_scalar(AssertSqlSafe(&*sql)).bind(after).fetch_all(pool).await)?,
    )
}

/// Whether any slot is set, to offer "add to queue" only where it can work.
pub async fn has_slots(db: &Db, profile_id: i64) -> Result<bool> {
    let n: i64 = on_pool!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM queue_slots WHERE profile_id = $1")
        .bind(profile_id).fetch_one(pool).await)?;
    Ok(n > 0)
}
