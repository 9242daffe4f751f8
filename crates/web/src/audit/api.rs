//! The audit log over JSON, filterable by person, action and kind of object.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use axum::Json;
use axum::extract::{Query, State};
use sangam_store::activity::{self, Activity, Filter};
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    pub user: Option<i64>,
    pub action: Option<String>,
    pub kind: Option<String>,
    pub limit: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery), responses((status = 200, body = Vec<Activity>)))]
pub async fn audit(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Vec<Activity>>, AppError> {
    let filter = Filter {
        user_id: q.user,
        action: q.action.as_deref(),
        object_kind: q.kind.as_deref(),
    };
    let limit = q.limit.unwrap_or(200).clamp(1, 5_000);
    Ok(Json(
        activity::search(&state.db, user.workspace_id, &filter, limit).await?,
    ))
}
