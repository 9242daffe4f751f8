//! Conversions reported to Sangam (CSV import, the API, the first-party snippet) and what each is attributed to: a
//! campaign named outright, a short link's campaign, or the campaign of the link a click id came through. A repeat of
//! an external id in a workspace is ignored.

use crate::{Db, Result, Sql};
use sangam_domain::Millis;
use serde::Serialize;

/// Where a conversion came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Csv,
    Api,
    Snippet,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Csv => "csv",
            Source::Api => "api",
            Source::Snippet => "snippet",
        }
    }
}

/// A conversion to store. At most one of `campaign`, `link_id` and `click_token` is needed to attribute it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConversion {
    pub at: Millis,
    pub campaign: Option<String>,
    pub link_id: Option<i64>,
    pub click_token: Option<String>,
    pub count: i64,
    pub value_minor: i64,
    pub currency: String,
    pub external_id: Option<String>,
}

/// Stores the conversions in one transaction; returns how many were new (a repeated external id is skipped).
pub async fn record(
    db: &Db,
    workspace_id: i64,
    rows: &[NewConversion],
    source: Source,
    created_by: Option<i64>,
    now: Millis,
) -> Result<u64> {
    let sql = "INSERT INTO conversions (workspace_id, at, campaign, link_id, click_token, count, value_minor, currency,
               external_id, source, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
               ON CONFLICT (workspace_id, external_id) DO NOTHING";
    let mut tx = db.tx().await?;
    let mut added = 0;
    for c in rows {
        added += tx
            .execute(
                Sql::new(sql)
                    .bind(workspace_id)
                    .bind(c.at)
                    .bind(&c.campaign)
                    .bind(c.link_id)
                    .bind(&c.click_token)
                    .bind(c.count)
                    .bind(c.value_minor)
                    .bind(c.currency.as_str())
                    .bind(&c.external_id)
                    .bind(source.as_str())
                    .bind(created_by)
                    .bind(now),
            )
            .await?;
    }
    tx.commit().await?;
    Ok(added)
}

/// A stored conversion with the campaign it is attributed to (`None`: none could be found).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ConversionRow {
    pub id: i64,
    pub at: Millis,
    pub campaign: Option<String>,
    pub link_code: Option<String>,
    pub count: i64,
    pub value_minor: i64,
    pub currency: String,
    pub external_id: Option<String>,
    pub source: String,
}

/// The workspace's conversions over `from..to`, oldest first; `campaign` narrows to those attributed to it. The
/// campaign is the one named on the conversion, else its link's, else the campaign of the link its click came
/// through.
pub async fn list(
    db: &Db,
    workspace_id: i64,
    from: Millis,
    to: Millis,
    campaign: Option<&str>,
) -> Result<Vec<ConversionRow>> {
    let sql = "SELECT id, at, campaign, link_code, count, value_minor, currency, external_id, source FROM (
                 SELECT v.id, v.at, COALESCE(v.campaign, l.campaign, cl.campaign) AS campaign,
                        COALESCE(l.code, cl.code) AS link_code, v.count, v.value_minor, v.currency, v.external_id,
                        v.source
                 FROM conversions v
                 LEFT JOIN short_links l ON l.id = v.link_id
                 LEFT JOIN link_clicks c ON c.token = v.click_token
                 LEFT JOIN short_links cl ON cl.id = c.link_id AND cl.workspace_id = v.workspace_id
                 WHERE v.workspace_id = $1 AND v.at >= $2 AND v.at < $3
               ) attributed
               WHERE $4 IS NULL OR campaign = $4
               ORDER BY at, id";
    db.fetch_all(
        Sql::new(sql)
            .bind(workspace_id)
            .bind(from)
            .bind(to)
            .bind(campaign),
    )
    .await
}
