//! Tracked links over JSON: the UTM presets, and the counted clicks with what each is attributed to.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Query, State};
use sangam_domain::{ErrorCode, Millis, NetworkKind, now_millis};
use sangam_store::links::{self, ClickRow, UtmPreset};
use serde::Deserialize;

#[utoipa::path(get, path = "/api/v1/links/presets", tag = "reports",
    responses((status = 200, body = Vec<UtmPreset>)))]
pub async fn presets(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<UtmPreset>>, AppError> {
    Ok(Json(links::presets(&state.db, user.workspace_id).await?))
}

/// The presets to keep, one per network (networks left out keep theirs).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PresetsInput {
    #[schema(max_items = 3)]
    pub presets: Vec<PresetInput>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PresetInput {
    /// `sandbox`, `mastodon` or `bluesky`.
    #[schema(max_length = 20)]
    pub network: String,
    #[schema(max_length = 60)]
    pub source: String,
    #[schema(max_length = 60)]
    pub medium: String,
}

#[utoipa::path(put, path = "/api/v1/links/presets", tag = "reports", request_body = PresetsInput,
    responses((status = 200, body = Vec<UtmPreset>), (status = 422, body = crate::error::ErrorBody)))]
pub async fn save_presets(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<PresetsInput>, JsonRejection>,
) -> Result<Json<Vec<UtmPreset>>, AppError> {
    let Json(input) = body?;
    let mut presets = vec![];
    for p in input.presets {
        let network = NetworkKind::parse(p.network.trim()).ok_or_else(|| {
            AppError::refuse(ErrorCode::UtmPresetInvalid).with("value", p.network.clone())
        })?;
        presets.push((network, p.source, p.medium));
    }
    super::page::save_pairs(&state, &user, &presets).await?;
    Ok(Json(links::presets(&state.db, user.workspace_id).await?))
}

/// A period and, optionally, one campaign: the query of the click and conversion lists.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct Window {
    /// From (UTC milliseconds, included); default 90 days before `to`.
    pub from: Option<Millis>,
    /// To (UTC milliseconds, excluded); default now.
    pub to: Option<Millis>,
    /// Only what is attributed to this campaign.
    pub campaign: Option<String>,
}

impl Window {
    /// `(from, to)`, checked.
    pub fn bounds(&self) -> Result<(Millis, Millis), AppError> {
        let to = crate::input::check_time("to", self.to.unwrap_or_else(now_millis))?;
        let from = crate::input::check_time("from", self.from.unwrap_or(to - 90 * 86_400_000))?;
        Ok((from, to))
    }
}

#[utoipa::path(get, path = "/api/v1/links/clicks", tag = "reports", params(Window),
    responses((status = 200, body = Vec<ClickRow>)))]
pub async fn clicks(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(w): Query<Window>,
) -> Result<Json<Vec<ClickRow>>, AppError> {
    let (from, to) = w.bounds()?;
    Ok(Json(
        links::clicks(
            &state.db,
            user.workspace_id,
            from,
            to,
            w.campaign.as_deref(),
        )
        .await?,
    ))
}
