//! The cost side of return on social: each person's hourly cost (Admins only read or write it), money spent per
//! campaign, the workspace's currency, and the raw rows of the team's time that `sangam_domain::roi` attributes to
//! campaigns (focus sessions, the activity log, inbox messages and the posts they answer).

use crate::{Db, Result, Sql};
use sangam_domain::Millis;
use sangam_domain::care::{Action, FocusKind};
use sangam_domain::roi::{Session, Touch};
use serde::Serialize;

/// The currency a workspace states costs and return in when it has not chosen one.
pub const DEFAULT_CURRENCY: &str = "INR";

pub async fn currency(db: &Db, workspace_id: i64) -> Result<String> {
    let row: Option<(String,)> = db
        .fetch_optional(
            Sql::new("SELECT currency FROM roi_settings WHERE workspace_id = $1")
                .bind(workspace_id),
        )
        .await?;
    Ok(row.map_or_else(|| DEFAULT_CURRENCY.to_string(), |(c,)| c))
}

pub async fn set_currency(db: &Db, workspace_id: i64, currency: &str, now: Millis) -> Result<()> {
    let sql = "INSERT INTO roi_settings (workspace_id, currency, updated_at) VALUES ($1, $2, $3)
               ON CONFLICT (workspace_id) DO UPDATE SET currency = excluded.currency, updated_at = excluded.updated_at";
    db.execute(Sql::new(sql).bind(workspace_id).bind(currency).bind(now))
        .await?;
    Ok(())
}

/// A person's hourly cost, for the Admin's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct HourlyCost {
    pub user_id: i64,
    pub name: String,
    /// Hundredths of the workspace's currency per hour; `None`: not set.
    pub minor_per_hour: Option<i64>,
}

/// Every active person of the workspace with their hourly cost (Admins only: the web checks the role).
pub async fn hourly_costs(db: &Db, workspace_id: i64) -> Result<Vec<HourlyCost>> {
    let sql = "SELECT u.id AS user_id, u.name, h.minor_per_hour FROM users u
               LEFT JOIN hourly_costs h ON h.user_id = u.id
               WHERE u.workspace_id = $1 ORDER BY u.name, u.id";
    db.fetch_all(Sql::new(sql).bind(workspace_id)).await
}

/// Sets (or, with `None`, clears) the hourly cost of the workspace's person `user_id`.
pub async fn set_hourly_cost(
    db: &Db,
    workspace_id: i64,
    user_id: i64,
    minor_per_hour: Option<i64>,
    now: Millis,
) -> Result<()> {
    if crate::users::get(db, user_id).await?.workspace_id != workspace_id {
        return Err(crate::StoreError::NotFound("person"));
    }
    match minor_per_hour {
        Some(v) => {
            let sql = "INSERT INTO hourly_costs (user_id, workspace_id, minor_per_hour, updated_at) VALUES ($1, $2, $3, $4)
                       ON CONFLICT (user_id) DO UPDATE SET minor_per_hour = excluded.minor_per_hour,
                       updated_at = excluded.updated_at";
            db.execute(
                Sql::new(sql)
                    .bind(user_id)
                    .bind(workspace_id)
                    .bind(v)
                    .bind(now),
            )
            .await?;
        }
        None => {
            db.execute(
                Sql::new("DELETE FROM hourly_costs WHERE user_id = $1 AND workspace_id = $2")
                    .bind(user_id)
                    .bind(workspace_id),
            )
            .await?;
        }
    }
    Ok(())
}

/// Money spent on a campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Spend {
    pub id: i64,
    pub campaign: String,
    pub spent_at: Millis,
    pub amount_minor: i64,
    pub note: String,
}

#[allow(clippy::too_many_arguments)]
pub async fn add_spend(
    db: &Db,
    workspace_id: i64,
    campaign: &str,
    spent_at: Millis,
    amount_minor: i64,
    note: &str,
    created_by: i64,
    now: Millis,
) -> Result<i64> {
    let sql = "INSERT INTO campaign_spend (workspace_id, campaign, spent_at, amount_minor, note, created_by, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    let (id,): (i64,) = db
        .fetch_one(
            Sql::new(sql)
                .bind(workspace_id)
                .bind(campaign)
                .bind(spent_at)
                .bind(amount_minor)
                .bind(note)
                .bind(created_by)
                .bind(now),
        )
        .await?;
    Ok(id)
}

/// The workspace's spend over `from..to`; `campaign` narrows to one.
pub async fn spend(
    db: &Db,
    workspace_id: i64,
    from: Millis,
    to: Millis,
    campaign: Option<&str>,
) -> Result<Vec<Spend>> {
    let sql = "SELECT id, campaign, spent_at, amount_minor, note FROM campaign_spend
               WHERE workspace_id = $1 AND spent_at >= $2 AND spent_at < $3 AND ($4 IS NULL OR campaign = $4)
               ORDER BY spent_at, id";
    db.fetch_all(
        Sql::new(sql)
            .bind(workspace_id)
            .bind(from)
            .bind(to)
            .bind(campaign),
    )
    .await
}

/// Every campaign the workspace has: post tags, and campaigns named by links, conversions or spend.
pub async fn campaigns(db: &Db, workspace_id: i64) -> Result<Vec<String>> {
    let sql = "SELECT t.tag FROM post_tags t JOIN posts p ON p.id = t.post_id WHERE p.workspace_id = $1
               UNION SELECT campaign FROM short_links WHERE workspace_id = $1 AND campaign <> ''
               UNION SELECT campaign FROM conversions WHERE workspace_id = $1 AND campaign IS NOT NULL
               UNION SELECT campaign FROM campaign_spend WHERE workspace_id = $1
               ORDER BY 1";
    let rows: Vec<(String,)> = db.fetch_all(Sql::new(sql).bind(workspace_id)).await?;
    Ok(rows.into_iter().map(|(c,)| c).collect())
}

/// The raw rows of the team's time over `from..to` that the ROI report attributes: focus sessions (clipped to the
/// period), the activity log on posts, campaigns and messages, each message's post, and each post's campaigns.
#[derive(Debug, Clone, Default)]
pub struct WorkRows {
    pub sessions: Vec<Session>,
    /// Sorted by time.
    pub touches: Vec<Touch>,
    /// Actions on inbox messages, per person.
    pub inbox: Vec<(i64, Action)>,
    /// (message, the post it answers) for messages that answer one of the workspace's posts.
    pub message_posts: Vec<(i64, i64)>,
    /// (post, campaign) for every tagged post.
    pub post_campaigns: Vec<(i64, String)>,
    /// (person, name, hourly cost) for everyone in the workspace.
    pub people: Vec<(i64, String, Option<i64>)>,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    user_id: i64,
    #[sqlx(try_from = "String")]
    kind: FocusKind,
    started_at: Millis,
    ended_at: Millis,
}

/// (person, at, object kind, object id, detail) of an activity row.
type TouchRow = (Option<i64>, Millis, String, Option<i64>, String);

pub async fn work_rows(db: &Db, workspace_id: i64, from: Millis, to: Millis) -> Result<WorkRows> {
    let sessions: Vec<SessionRow> = db
        .fetch_all(
            Sql::new(
                "SELECT user_id, kind, started_at, ended_at FROM focus_sessions
                 WHERE workspace_id = $1 AND ended_at > $2 AND started_at < $3 ORDER BY started_at, id",
            )
            .bind(workspace_id)
            .bind(from)
            .bind(to),
        )
        .await?;
    let touches: Vec<TouchRow> = db
        .fetch_all(
            Sql::new(
                "SELECT user_id, at, object_kind, object_id, detail FROM activity
                 WHERE workspace_id = $1 AND at >= $2 AND at <= $3 AND object_kind IN ('post', 'campaign')
                 ORDER BY at, id",
            )
            .bind(workspace_id)
            .bind(from)
            .bind(to + sangam_domain::roi::ATTRIBUTION_GRACE_MS),
        )
        .await?;
    let inbox: Vec<(Option<i64>, Millis, String, Option<i64>)> = db
        .fetch_all(
            Sql::new(
                "SELECT user_id, at, action, object_id FROM activity
                 WHERE workspace_id = $1 AND at >= $2 AND at < $3 AND object_kind = 'message' ORDER BY at, id",
            )
            .bind(workspace_id)
            .bind(from)
            .bind(to),
        )
        .await?;
    let message_posts: Vec<(i64, i64)> = db
        .fetch_all(
            Sql::new(
                "SELECT DISTINCT m.id, d.post_id FROM messages m
                 JOIN deliveries d ON d.profile_id = m.profile_id AND d.in_reply_to IS NULL
                      AND (d.remote_id = m.in_reply_to OR d.remote_id = m.conversation_id)
                 WHERE m.workspace_id = $1",
            )
            .bind(workspace_id),
        )
        .await?;
    let post_campaigns: Vec<(i64, String)> = db
        .fetch_all(
            Sql::new(
                "SELECT t.post_id, t.tag FROM post_tags t JOIN posts p ON p.id = t.post_id
                 WHERE p.workspace_id = $1 ORDER BY t.post_id, t.tag",
            )
            .bind(workspace_id),
        )
        .await?;
    let people = hourly_costs(db, workspace_id)
        .await?
        .into_iter()
        .map(|h| (h.user_id, h.name, h.minor_per_hour))
        .collect();
    Ok(WorkRows {
        sessions: sessions
            .into_iter()
            .map(|s| Session {
                user_id: s.user_id,
                kind: s.kind,
                start: s.started_at.max(from),
                end: s.ended_at.min(to),
            })
            .collect(),
        touches: touches
            .into_iter()
            .filter_map(|(user, at, object_kind, object_id, detail)| {
                Some(Touch {
                    user_id: user?,
                    at,
                    object_kind,
                    object_id,
                    detail,
                })
            })
            .collect(),
        inbox: inbox
            .into_iter()
            .filter_map(|(user, at, action, object_id)| {
                Some((
                    user?,
                    Action {
                        at,
                        action,
                        object_kind: "message".to_string(),
                        object_id,
                    },
                ))
            })
            .collect(),
        message_posts,
        post_campaigns,
        people,
    })
}
