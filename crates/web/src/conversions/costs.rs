//! Each person's hourly cost: only Admins read or change it (`Permission::ManageCosts`), on this page and over the
//! API. Every other page and the ROI report show only a campaign's total labour cost, never a person's rate.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use sangam_domain::roi::{money, parse_money};
use sangam_domain::{ErrorCode, now_millis};
use sangam_store::roi::{self, HourlyCost};
use sangam_store::users::User;

#[derive(Template, WebTemplate)]
#[template(path = "pages/costs.html")]
pub struct CostsPage {
    pub page: Chrome,
    pub error: Option<String>,
    pub people: Vec<(HourlyCost, String)>,
    pub currency: String,
}

async fn render(
    state: &AppState,
    user: &User,
    error: Option<String>,
) -> Result<CostsPage, PageError> {
    let page = Chrome::new(user, "costs", "costs-title");
    let people = roi::hourly_costs(&state.db, user.workspace_id)
        .await
        .for_user(user)?
        .into_iter()
        .map(|h| {
            let shown = h.minor_per_hour.map(money).unwrap_or_default();
            (h, shown)
        })
        .collect();
    Ok(CostsPage {
        currency: roi::currency(&state.db, user.workspace_id)
            .await
            .for_user(user)?,
        error,
        people,
        page,
    })
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<CostsPage, PageError> {
    render(&state, &user, None).await
}

/// An hourly cost typed by a person: empty clears it.
fn read_cost(text: &str) -> Result<Option<i64>, AppError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse_money(text)
        .filter(|v| *v >= 0)
        .map(Some)
        .ok_or_else(|| AppError::refuse(ErrorCode::MoneyInvalid))
}

async fn save_all(
    state: &AppState,
    user: &User,
    costs: &[(i64, Option<i64>)],
) -> Result<(), AppError> {
    for (person, cost) in costs {
        roi::set_hourly_cost(&state.db, user.workspace_id, *person, *cost, now_millis()).await?;
    }
    crate::audit::log(state, user, "hourly_costs_saved", "workspace", None, "").await;
    Ok(())
}

/// `POST /costs`: `cost_<person id>` for each person.
pub async fn save(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let parsed: Result<Vec<(i64, Option<i64>)>, AppError> = pairs
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("cost_")?.parse::<i64>().ok()?, v)))
        .map(|(id, v)| Ok((id, read_cost(v)?)))
        .collect();
    match match parsed {
        Ok(costs) => save_all(&state, &user, &costs).await,
        Err(e) => Err(e),
    } {
        Ok(()) => Ok(Redirect::to("/costs").into_response()),
        Err(e) => {
            let (status, message) = super::said_on_page(e, &user)?;
            Ok((status, render(&state, &user, Some(message)).await?).into_response())
        }
    }
}

#[utoipa::path(get, path = "/api/v1/costs", tag = "reports",
    responses((status = 200, body = Vec<HourlyCost>)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<HourlyCost>>, AppError> {
    Ok(Json(roi::hourly_costs(&state.db, user.workspace_id).await?))
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct CostInput {
    pub user_id: i64,
    /// Per hour, in the workspace's currency (major unit, up to two decimals); empty or absent clears it.
    #[schema(max_length = 24)]
    pub per_hour: Option<String>,
}

#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct CostsInput {
    #[schema(max_items = 1000)]
    pub costs: Vec<CostInput>,
}

#[utoipa::path(put, path = "/api/v1/costs", tag = "reports", request_body = CostsInput,
    responses((status = 200, body = Vec<HourlyCost>), (status = 422, body = crate::error::ErrorBody)))]
pub async fn save_api(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<CostsInput>, JsonRejection>,
) -> Result<Json<Vec<HourlyCost>>, AppError> {
    let Json(input) = body?;
    let mut costs = vec![];
    for c in input.costs {
        costs.push((c.user_id, read_cost(c.per_hour.as_deref().unwrap_or(""))?));
    }
    save_all(&state, &user, &costs).await?;
    Ok(Json(roi::hourly_costs(&state.db, user.workspace_id).await?))
}
