//! Insight cards: a sentence a person writes from a figure, a theme or a message of the review, the evidence linked
//! (Sangam addresses, one a line), and the business goal it supports (one of the workspace's goals, or words). A
//! published card is what other departments see: on the insights page (Viewers too), the digest's share link, the
//! printable page and the e-mail.

use crate::{Db, Result, Sql, fetch_found};
use sangam_domain::Millis;
use serde::Serialize;

/// What an insight was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Figure,
    Theme,
    Message,
}

impl SourceKind {
    pub const ALL: [SourceKind; 3] = [SourceKind::Figure, SourceKind::Theme, SourceKind::Message];

    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Figure => "figure",
            SourceKind::Theme => "theme",
            SourceKind::Message => "message",
        }
    }

    pub fn parse(s: &str) -> Option<SourceKind> {
        SourceKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

sangam_domain::stored_words!(SourceKind);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Insight {
    pub id: i64,
    pub workspace_id: i64,
    pub review_id: Option<i64>,
    pub sentence: String,
    #[sqlx(try_from = "String")]
    pub source_kind: SourceKind,
    /// The figure's, theme's or message's own words, as shown where the card was made.
    pub source_label: String,
    /// Sangam addresses of the evidence, one a line.
    pub evidence: String,
    pub goal_id: Option<i64>,
    pub goal_objective: Option<String>,
    pub business_goal: String,
    pub published_at: Option<Millis>,
    pub created_by: i64,
    pub created_by_name: String,
    pub created_at: Millis,
}

impl Insight {
    pub fn evidence_links(&self) -> Vec<&str> {
        self.evidence
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }
}

pub struct NewInsight<'a> {
    pub workspace_id: i64,
    pub review_id: Option<i64>,
    pub sentence: &'a str,
    pub source_kind: SourceKind,
    pub source_label: &'a str,
    pub evidence: &'a [String],
    pub goal_id: Option<i64>,
    pub business_goal: &'a str,
    pub created_by: i64,
}

const SELECT: &str = "SELECT n.id, n.workspace_id, n.review_id, n.sentence, n.source_kind, n.source_label,
           n.evidence, n.goal_id, g.objective AS goal_objective, n.business_goal, n.published_at, n.created_by,
           u.name AS created_by_name, n.created_at
    FROM insights n JOIN users u ON u.id = n.created_by LEFT JOIN goals g ON g.id = n.goal_id";

pub async fn create_insight(db: &Db, n: NewInsight<'_>, now: Millis) -> Result<Insight> {
    if let Some(goal) = n.goal_id {
        let sql = "SELECT id FROM goals WHERE id = $1 AND workspace_id = $2";
        let sql = Sql::new(sql).bind(goal).bind(n.workspace_id);
        fetch_found::<(i64,)>(db, sql, "The goal").await?;
    }
    if let Some(review) = n.review_id {
        let sql = "SELECT id FROM reviews WHERE id = $1 AND workspace_id = $2";
        let sql = Sql::new(sql).bind(review).bind(n.workspace_id);
        fetch_found::<(i64,)>(db, sql, "The review").await?;
    }
    let text = |s: &str| sangam_domain::untrusted::storable(s).into_owned();
    let sql = "INSERT INTO insights (workspace_id, review_id, sentence, source_kind, source_label, evidence, goal_id,
               business_goal, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";
    let (id,): (i64,) = db
        .fetch_one(
            Sql::new(sql)
                .bind(n.workspace_id)
                .bind(n.review_id)
                .bind(text(n.sentence))
                .bind(n.source_kind.as_str())
                .bind(text(n.source_label))
                .bind(text(&n.evidence.join("\n")))
                .bind(n.goal_id)
                .bind(text(n.business_goal))
                .bind(n.created_by)
                .bind(now),
        )
        .await?;
    get_insight(db, n.workspace_id, id).await
}

pub async fn get_insight(db: &Db, workspace_id: i64, id: i64) -> Result<Insight> {
    let sql = Sql::assembled(format!("{SELECT} WHERE n.id = $1 AND n.workspace_id = $2"));
    fetch_found(db, sql.bind(id).bind(workspace_id), "The insight").await
}

/// The workspace's insights, newest first; with `published_only`, only those published to other departments.
pub async fn insights(db: &Db, workspace_id: i64, published_only: bool) -> Result<Vec<Insight>> {
    let filter = if published_only {
        " AND n.published_at IS NOT NULL"
    } else {
        ""
    };
    let sql = Sql::assembled(format!(
        "{SELECT} WHERE n.workspace_id = $1{filter} ORDER BY n.created_at DESC, n.id DESC"
    ));
    db.fetch_all(sql.bind(workspace_id)).await
}

/// Publishes an insight to other departments (kept as first published when asked again).
pub async fn publish_insight(db: &Db, workspace_id: i64, id: i64, now: Millis) -> Result<Insight> {
    let sql = "UPDATE insights SET published_at = COALESCE(published_at, $1) WHERE id = $2 AND workspace_id = $3";
    let changed = db
        .execute(Sql::new(sql).bind(now).bind(id).bind(workspace_id))
        .await?;
    if changed == 0 {
        return Err(crate::StoreError::NotFound("The insight"));
    }
    get_insight(db, workspace_id, id).await
}
