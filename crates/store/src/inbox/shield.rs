//! The shield: abusive messages are withheld until a person who opted in opens them, each opening counts against a
//! daily exposure budget, and people's verdicts on the analysis are kept for the model.

use super::message::{Message, update};
use crate::{Db, Result, Sql};
use sangam_domain::Millis;
use sangam_domain::business_hours::local_day_start;

/// Records that `user_id` opened a shielded message.
pub async fn record_opening(db: &Db, message_id: i64, user_id: i64, now: Millis) -> Result<()> {
    let sql = "INSERT INTO shield_openings (message_id, user_id, opened_at) VALUES ($1, $2, $3)";
    db.execute(Sql::new(sql).bind(message_id).bind(user_id).bind(now))
        .await?;
    Ok(())
}

/// A person's abuse exposure today, the figure the daily budget is held against: the distinct abusive messages they
/// opened since their local midnight (DESIGN.md, Care: abusive messages a person opened per day; the care page's
/// daily exposure counts the same openings). The inbox refuses an opening past the budget by it, and the engine hands
/// out abusive messages by it (reserving room for those it handed out already, [`shielded_waiting_for`]).
pub async fn exposure_today(db: &Db, user_id: i64, time_zone: &str, now: Millis) -> Result<i64> {
    exposure_since(db, user_id, local_day_start(now, time_zone)).await
}

/// Distinct abusive messages a person opened since `since`.
pub async fn exposure_since(db: &Db, user_id: i64, since: Millis) -> Result<i64> {
    let sql = "SELECT COUNT(DISTINCT message_id) FROM shield_openings WHERE user_id = $1 AND opened_at >= $2";
    let (n,): (i64,) = db
        .fetch_one(Sql::new(sql).bind(user_id).bind(since))
        .await?;
    Ok(n)
}

/// Abusive messages assigned to a person, still open, that they have not opened yet: exposure on its way, which the
/// engine counts against the person's room before handing them another.
pub async fn shielded_waiting_for(db: &Db, user_id: i64) -> Result<i64> {
    let sql = "SELECT COUNT(*) FROM messages m WHERE m.assigned_to = $1 AND m.abusive = TRUE AND m.status = 'open'
               AND NOT EXISTS (SELECT 1 FROM shield_openings o WHERE o.message_id = m.id AND o.user_id = $1)";
    let (n,): (i64,) = db.fetch_one(Sql::new(sql).bind(user_id)).await?;
    Ok(n)
}

/// Which of these messages the person has opened.
pub async fn opened_by(db: &Db, user_id: i64, message_ids: &[i64]) -> Result<Vec<i64>> {
    let sql = "SELECT DISTINCT message_id FROM shield_openings WHERE user_id = $1 AND message_id IN ({ids})";
    let rows: Vec<(i64,)> = db
        .fetch_all(Sql::with_ids(sql, message_ids).bind(user_id))
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// How many times anyone opened this message (the tests' check that an opening is recorded once it is made).
#[cfg(feature = "testing")]
pub async fn openings_of(db: &Db, message_id: i64) -> Result<i64> {
    let sql = "SELECT COUNT(*) FROM shield_openings WHERE message_id = $1";
    let (n,): (i64,) = db.fetch_one(Sql::new(sql).bind(message_id)).await?;
    Ok(n)
}

/// A person's verdict on a message: stored for the model, and the message's flag follows it.
pub async fn record_correction(
    db: &Db,
    workspace_id: i64,
    message: &Message,
    user_id: i64,
    abusive: bool,
    now: Millis,
) -> Result<()> {
    let sql = "INSERT INTO abuse_corrections (message_id, user_id, abusive, text, created_at)
               VALUES ($1, $2, $3, $4, $5)";
    db.execute(
        Sql::new(sql)
            .bind(message.id)
            .bind(user_id)
            .bind(abusive)
            .bind(&message.text)
            .bind(now),
    )
    .await?;
    let sql = "UPDATE messages SET abusive = $3 WHERE id = $1 AND workspace_id = $2";
    update(
        db,
        Sql::new(sql)
            .bind(message.id)
            .bind(workspace_id)
            .bind(abusive),
    )
    .await
}

/// Every correction after `after_id`, oldest first, as (id, text, abusive): replayed into the model.
pub async fn corrections_after(db: &Db, after_id: i64) -> Result<Vec<(i64, String, bool)>> {
    let sql =
        "SELECT id, text, abusive FROM abuse_corrections WHERE id > $1 ORDER BY id LIMIT 10000";
    db.fetch_all(Sql::new(sql).bind(after_id)).await
}

/// The person who was handed the last abusive message, where the rotation resumes.
pub async fn last_shield_user(db: &Db, workspace_id: i64) -> Result<Option<i64>> {
    let sql = "SELECT last_shield_user_id FROM inbox_settings WHERE workspace_id = $1";
    let row: Option<(Option<i64>,)> = db.fetch_optional(Sql::new(sql).bind(workspace_id)).await?;
    Ok(row.and_then(|(id,)| id))
}

const SET_LAST_SHIELD_USER: &str =
    "INSERT INTO inbox_settings (workspace_id, last_shield_user_id) VALUES ($1, $2)
    ON CONFLICT (workspace_id) DO UPDATE SET last_shield_user_id = excluded.last_shield_user_id";

pub async fn set_last_shield_user(db: &Db, workspace_id: i64, user_id: i64) -> Result<()> {
    db.execute(
        Sql::new(SET_LAST_SHIELD_USER)
            .bind(workspace_id)
            .bind(user_id),
    )
    .await?;
    Ok(())
}

/// [`set_last_shield_user`] in `tx`: the ingester's, with the page it routed.
pub(crate) async fn set_last_shield_user_in(
    tx: &mut crate::Tx,
    workspace_id: i64,
    user_id: i64,
) -> Result<()> {
    tx.execute(
        Sql::new(SET_LAST_SHIELD_USER)
            .bind(workspace_id)
            .bind(user_id),
    )
    .await?;
    Ok(())
}
