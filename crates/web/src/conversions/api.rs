//! Conversions and spend over JSON. `POST /api/v1/conversions` takes a list; each item is checked on its own, the
//! good ones are stored and the bad ones come back with their index and reason (a repeated `external_id` is skipped,
//! and counted as such).

use crate::AppState;
use crate::auth::CurrentUser;
use crate::conversions::actions::{self, BadRow, Imported, Read};
use crate::error::AppError;
use crate::links::api::Window;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use sangam_domain::roi::parse_money;
use sangam_domain::{ErrorCode, Millis, now_millis};
use sangam_store::conversions::{self, ConversionRow, Source};
use sangam_store::links;
use serde::Deserialize;

/// One conversion. Give `campaign` or `link` (a short-link code of this workspace).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ConversionInput {
    /// When it happened (UTC milliseconds).
    pub at: Millis,
    #[schema(max_length = 40)]
    pub campaign: Option<String>,
    /// A short-link code (`/l/{code}`).
    #[schema(max_length = 200)]
    pub link: Option<String>,
    /// How many (default 1).
    pub count: Option<i64>,
    /// The value, in the currency's major unit with up to two decimals (`"49.90"`).
    #[schema(max_length = 24)]
    pub value: String,
    /// ISO 4217: INR, USD, EUR or GBP.
    #[schema(max_length = 3)]
    pub currency: String,
    /// The order's id in the shop: a second conversion with the same id is ignored.
    #[schema(max_length = 200)]
    pub external_id: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ConversionsInput {
    #[schema(max_items = 10000)]
    pub conversions: Vec<ConversionInput>,
}

#[utoipa::path(post, path = "/api/v1/conversions", tag = "reports", request_body = ConversionsInput,
    responses((status = 201, body = Imported), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<ConversionsInput>, JsonRejection>,
) -> Result<(StatusCode, Json<Imported>), AppError> {
    let Json(input) = body?;
    if input.conversions.len() > actions::MAX_ROWS {
        return Err(AppError::refuse(ErrorCode::ConversionCsvInvalid));
    }
    let mut read = Read::default();
    for (i, c) in input.conversions.into_iter().enumerate() {
        let bad = |reason: &str| BadRow {
            line: i,
            reason: reason.to_string(),
            text: String::new(),
        };
        if crate::input::check_time("at", c.at).is_err() {
            read.bad.push(bad("date"));
            continue;
        }
        let (campaign, link_id) = match (c.link.as_deref().map(str::trim), c.campaign.as_deref()) {
            (Some(code), _) if !code.is_empty() => {
                let code = code.rsplit('/').next().unwrap_or_default();
                match links::in_workspace(&state.db, user.workspace_id, code).await? {
                    Some(l) => (None, Some(l.id)),
                    None => {
                        read.bad.push(bad("link"));
                        continue;
                    }
                }
            }
            (_, Some(name)) => match actions::campaign_name(name) {
                Some(n) => (Some(n), None),
                None => {
                    read.bad.push(bad("campaign"));
                    continue;
                }
            },
            _ => {
                read.bad.push(bad("campaign"));
                continue;
            }
        };
        match actions::checked(
            c.at,
            campaign,
            link_id,
            None,
            c.count.unwrap_or(1),
            &c.value,
            &c.currency,
            c.external_id.as_deref(),
        ) {
            Ok(row) => read.good.push((i, row, None)),
            Err(field) => read.bad.push(bad(field)),
        }
    }
    let done = actions::import(&state, &user, read, Source::Api).await?;
    Ok((StatusCode::CREATED, Json(done)))
}

#[utoipa::path(get, path = "/api/v1/conversions", tag = "reports", params(Window),
    responses((status = 200, body = Vec<ConversionRow>)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(w): Query<Window>,
) -> Result<Json<Vec<ConversionRow>>, AppError> {
    let (from, to) = w.bounds()?;
    Ok(Json(
        conversions::list(
            &state.db,
            user.workspace_id,
            from,
            to,
            w.campaign.as_deref(),
        )
        .await?,
    ))
}

/// Money spent on a campaign.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SpendInput {
    #[schema(max_length = 40)]
    pub campaign: String,
    /// When it was spent (UTC milliseconds).
    pub at: Millis,
    /// In the workspace's currency, major unit, up to two decimals.
    #[schema(max_length = 24)]
    pub amount: String,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub note: String,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct SpendAdded {
    pub id: i64,
}

#[utoipa::path(post, path = "/api/v1/campaigns/spend", tag = "reports", request_body = SpendInput,
    responses((status = 201, body = SpendAdded), (status = 422, body = crate::error::ErrorBody)))]
pub async fn spend(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<SpendInput>, JsonRejection>,
) -> Result<(StatusCode, Json<SpendAdded>), AppError> {
    let Json(input) = body?;
    let campaign = actions::campaign_name(&input.campaign)
        .ok_or_else(|| AppError::refuse(ErrorCode::CampaignInvalid))?;
    let at = crate::input::check_time("at", input.at)?;
    let amount = parse_money(&input.amount)
        .filter(|a| *a > 0)
        .ok_or_else(|| AppError::refuse(ErrorCode::MoneyInvalid))?;
    crate::input::check_length(ErrorCode::ConversionInvalid, &input.note, 500)?;
    let id = sangam_store::roi::add_spend(
        &state.db,
        user.workspace_id,
        &campaign,
        at,
        amount,
        input.note.trim(),
        user.id,
        now_millis(),
    )
    .await?;
    crate::audit::log(&state, &user, "spend_added", "campaign", None, &campaign).await;
    Ok((StatusCode::CREATED, Json(SpendAdded { id })))
}
