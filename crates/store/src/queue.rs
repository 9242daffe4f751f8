//! Queue time slots per profile, and the times already used, for "add to queue".

use crate::{Db, Result, Sql, StoreError};
use sangam_domain::Millis;
use sangam_domain::queue::Slot;

/// The profile's weekly slots and the time zone they are read in.
pub async fn slots(db: &Db, workspace_id: i64, profile_id: i64) -> Result<(String, Vec<Slot>)> {
    let sql = "SELECT time_zone FROM profiles WHERE id = $1 AND workspace_id = $2 AND status <> 'removed'";
    let tz: Option<(String,)> = db
        .fetch_optional(Sql::new(sql).bind(profile_id).bind(workspace_id))
        .await?;
    let (tz,) = tz.ok_or(StoreError::NotFound("The profile"))?;
    let sql = "SELECT weekday, minute_of_day FROM queue_slots WHERE profile_id = $1 ORDER BY weekday, minute_of_day";
    let rows: Vec<(i64, i64)> = db.fetch_all(Sql::new(sql).bind(profile_id)).await?;
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
    let mut tx = db.tx().await?;
    let sql = "UPDATE profiles SET time_zone = $1 WHERE id = $2 AND workspace_id = $3 AND status <> 'removed'";
    let done = tx
        .execute(
            Sql::new(sql)
                .bind(time_zone)
                .bind(profile_id)
                .bind(workspace_id),
        )
        .await?;
    if done != 1 {
        return Err(StoreError::NotFound("The profile"));
    }
    tx.execute(Sql::new("DELETE FROM queue_slots WHERE profile_id = $1").bind(profile_id))
        .await?;
    for s in slots {
        let sql =
            "INSERT INTO queue_slots (profile_id, weekday, minute_of_day) VALUES ($1, $2, $3)";
        tx.execute(
            Sql::new(sql)
                .bind(profile_id)
                .bind(i64::from(s.weekday))
                .bind(i64::from(s.minute)),
        )
        .await?;
    }
    tx.commit().await
}

/// Times already taken by waiting or published deliveries of these profiles, from `after` on.
pub async fn taken(db: &Db, profile_ids: &[i64], after: Millis) -> Result<Vec<Millis>> {
    let sql = "SELECT DISTINCT scheduled_at FROM deliveries WHERE profile_id IN ({ids}) AND scheduled_at > $1
               AND state IN ('scheduled', 'sending', 'published')";
    let taken: Vec<(Millis,)> = db
        .fetch_all(Sql::with_ids(sql, profile_ids).bind(after))
        .await?;
    Ok(taken.into_iter().map(|(at,)| at).collect())
}

/// Whether any slot is set, to offer "add to queue" only where it can work.
pub async fn has_slots(db: &Db, profile_id: i64) -> Result<bool> {
    let sql = "SELECT COUNT(*) FROM queue_slots WHERE profile_id = $1";
    let (n,): (i64,) = db.fetch_one(Sql::new(sql).bind(profile_id)).await?;
    Ok(n > 0)
}
