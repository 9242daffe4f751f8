//! Care's storage: focus sessions from heartbeats, weekly check-ins, alerts sent, and the reads the formulas in
//! `sangam_domain::care` need (a person's actions, focus, shield openings and shipped posts over a window).

use crate::{Db, Result, Sql, inbox};
use sangam_domain::Millis;
use sangam_domain::care::{
    Action, CheckinFigures, FOCUS_GAP_MS, FocusKind, FocusSpan, HEARTBEAT_MS,
};
use serde::Serialize;

/// Records one heartbeat: extends the person's latest session of this kind when it ended within the gap, else starts
/// a new one covering the last heartbeat interval.
pub async fn heartbeat(
    db: &Db,
    workspace_id: i64,
    user_id: i64,
    kind: FocusKind,
    now: Millis,
) -> Result<()> {
    let extend = "UPDATE focus_sessions SET ended_at = CASE WHEN ended_at < $1 THEN $1 ELSE ended_at END
                  WHERE id = (SELECT id FROM focus_sessions WHERE user_id = $2 AND kind = $3 AND ended_at >= $4
                              ORDER BY ended_at DESC LIMIT 1)";
    let changed = db
        .execute(
            Sql::new(extend)
                .bind(now)
                .bind(user_id)
                .bind(kind.as_str())
                .bind(now - FOCUS_GAP_MS),
        )
        .await?;
    if changed == 0 {
        let insert =
            "INSERT INTO focus_sessions (workspace_id, user_id, kind, started_at, ended_at)
                      VALUES ($1, $2, $3, $4, $5)";
        db.execute(
            Sql::new(insert)
                .bind(workspace_id)
                .bind(user_id)
                .bind(kind.as_str())
                .bind(now - HEARTBEAT_MS)
                .bind(now),
        )
        .await?;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Session {
    #[sqlx(try_from = "String")]
    kind: FocusKind,
    started_at: Millis,
    ended_at: Millis,
}

/// The person's focus sessions overlapping `from..to`, clipped to it.
pub async fn focus_spans(
    db: &Db,
    user_id: i64,
    from: Millis,
    to: Millis,
) -> Result<Vec<FocusSpan>> {
    let sql = "SELECT kind, started_at, ended_at FROM focus_sessions
               WHERE user_id = $1 AND ended_at > $2 AND started_at < $3";
    let rows: Vec<Session> = db
        .fetch_all(Sql::new(sql).bind(user_id).bind(from).bind(to))
        .await?;
    Ok(rows
        .into_iter()
        .map(|s| FocusSpan {
            kind: s.kind,
            start: s.started_at.max(from),
            end: s.ended_at.min(to),
        })
        .collect())
}

/// The person's activity log over `from..to`, oldest first.
pub async fn actions(db: &Db, user_id: i64, from: Millis, to: Millis) -> Result<Vec<Action>> {
    let sql = "SELECT at, action, object_kind, object_id FROM activity
               WHERE user_id = $1 AND at >= $2 AND at < $3 ORDER BY at, id";
    let rows: Vec<(Millis, String, String, Option<i64>)> = db
        .fetch_all(Sql::new(sql).bind(user_id).bind(from).bind(to))
        .await?;
    Ok(rows
        .into_iter()
        .map(|(at, action, object_kind, object_id)| Action {
            at,
            action,
            object_kind,
            object_id,
        })
        .collect())
}

/// When the person opened abusive messages through the shield over `from..to`.
pub async fn openings(db: &Db, user_id: i64, from: Millis, to: Millis) -> Result<Vec<Millis>> {
    let sql = "SELECT opened_at FROM shield_openings WHERE user_id = $1 AND opened_at >= $2 AND opened_at < $3
               ORDER BY opened_at";
    let rows: Vec<(Millis,)> = db
        .fetch_all(Sql::new(sql).bind(user_id).bind(from).bind(to))
        .await?;
    Ok(rows.into_iter().map(|(at,)| at).collect())
}

/// **posts-shipped**: the person's posts (not inbox replies) with at least one delivery published over `from..to`.
pub async fn posts_shipped(db: &Db, user_id: i64, from: Millis, to: Millis) -> Result<i64> {
    let sql = "SELECT COUNT(DISTINCT p.id) FROM posts p JOIN deliveries d ON d.post_id = p.id
               WHERE p.author_id = $1 AND d.in_reply_to IS NULL AND d.published_at >= $2 AND d.published_at < $3";
    let (n,): (i64,) = db
        .fetch_one(Sql::new(sql).bind(user_id).bind(from).bind(to))
        .await?;
    Ok(n)
}

/// Inbox messages received since `since` and still waiting for a first reply: (received at, assigned to). The same
/// rows as the inbox's [`inbox::unanswered`], without their ids.
pub async fn unanswered(
    db: &Db,
    workspace_id: i64,
    since: Millis,
) -> Result<Vec<(Millis, Option<i64>)>> {
    Ok(inbox::unanswered(db, workspace_id, since)
        .await?
        .into_iter()
        .map(|(_, received_at, assigned_to)| (received_at, assigned_to))
        .collect())
}

/// A person's own check-in, note included. Only that person's pages read this type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct OwnCheckin {
    pub week_start: Millis,
    pub energy: i64,
    pub workload: i64,
    pub note: String,
    pub updated_at: Millis,
}

/// Saves the person's check-in for the week starting `week_start`; a second check-in that week replaces the first.
#[allow(clippy::too_many_arguments)]
pub async fn save_checkin(
    db: &Db,
    workspace_id: i64,
    user_id: i64,
    week_start: Millis,
    energy: i64,
    workload: i64,
    note: &str,
    now: Millis,
) -> Result<()> {
    let sql = "INSERT INTO checkins (workspace_id, user_id, week_start, energy, workload, note, created_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
               ON CONFLICT (user_id, week_start) DO UPDATE SET energy = excluded.energy,
               workload = excluded.workload, note = excluded.note, updated_at = excluded.updated_at";
    db.execute(
        Sql::new(sql)
            .bind(workspace_id)
            .bind(user_id)
            .bind(week_start)
            .bind(energy)
            .bind(workload)
            .bind(note)
            .bind(now),
    )
    .await?;
    Ok(())
}

/// The person's own check-ins since `since`, newest first.
pub async fn own_checkins(db: &Db, user_id: i64, since: Millis) -> Result<Vec<OwnCheckin>> {
    let sql = "SELECT week_start, energy, workload, note, updated_at FROM checkins
               WHERE user_id = $1 AND week_start >= $2 ORDER BY week_start DESC";
    db.fetch_all(Sql::new(sql).bind(user_id).bind(since)).await
}

/// The figures (never the notes) of a workspace's check-ins for weeks starting in `from..to`, with each week's
/// start. Callers aggregate them with `sangam_domain::care::checkin_aggregate`, which hides groups under three
/// people.
pub async fn team_checkin_figures(
    db: &Db,
    workspace_id: i64,
    from: Millis,
    to: Millis,
) -> Result<Vec<(Millis, CheckinFigures)>> {
    let sql = "SELECT week_start, user_id, energy, workload FROM checkins
               WHERE workspace_id = $1 AND week_start >= $2 AND week_start < $3";
    let rows: Vec<(Millis, i64, i64, i64)> = db
        .fetch_all(Sql::new(sql).bind(workspace_id).bind(from).bind(to))
        .await?;
    Ok(rows
        .into_iter()
        .map(|(week_start, user_id, energy, workload)| {
            (
                week_start,
                CheckinFigures {
                    user_id,
                    energy,
                    workload,
                },
            )
        })
        .collect())
}

/// Records an alert about `figure` for the person's local date `day`; false when one was already recorded, so each
/// alert is sent once however many times (or processes) the daily job runs.
pub async fn record_alert(
    db: &Db,
    workspace_id: i64,
    user_id: i64,
    figure: &str,
    day: &str,
    streak: i64,
    now: Millis,
) -> Result<bool> {
    let sql = "INSERT INTO care_alerts (workspace_id, user_id, figure, day, streak, created_at)
               VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, figure, day) DO NOTHING";
    let n = db
        .execute(
            Sql::new(sql)
                .bind(workspace_id)
                .bind(user_id)
                .bind(figure)
                .bind(day)
                .bind(streak)
                .bind(now),
        )
        .await?;
    Ok(n == 1)
}

/// Every workspace's id, for the daily job.
pub async fn workspace_ids(db: &Db) -> Result<Vec<i64>> {
    let rows: Vec<(i64,)> = db
        .fetch_all(Sql::new("SELECT id FROM workspaces ORDER BY id"))
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}
