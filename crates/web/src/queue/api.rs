//! A profile's queue times over JSON: its weekly slots and the next free one.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, ErrorBody};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use sangam_domain::Millis;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, utoipa::ToSchema)]
pub struct QueueSlots {
    /// The zone the slots are read in, e.g. `Asia/Kolkata`.
    pub time_zone: String,
    pub slots: Vec<sangam_domain::queue::Slot>,
    /// The next free slot, UTC milliseconds (absent when there is none in eight weeks).
    #[serde(default)]
    pub next: Option<Millis>,
}

#[utoipa::path(get, path = "/api/v1/profiles/{id}/queue", tag = "profiles", params(("id" = i64, Path)),
    responses((status = 200, body = QueueSlots), (status = 404, body = ErrorBody)))]
pub async fn queue_slots(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<QueueSlots>, AppError> {
    let (time_zone, slots) = sangam_store::queue::slots(&state.db, user.workspace_id, id).await?;
    let next = crate::queue::actions::next_time(&state, &user, &[id])
        .await
        .ok();
    Ok(Json(QueueSlots {
        time_zone,
        slots,
        next,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewQueueSlots {
    pub time_zone: String,
    /// Lines such as `Mon-Fri 09:00 13:00`.
    pub slots: String,
}

#[utoipa::path(put, path = "/api/v1/profiles/{id}/queue", tag = "profiles", params(("id" = i64, Path)),
    request_body = NewQueueSlots, responses((status = 200, body = QueueSlots), (status = 422, body = ErrorBody)))]
pub async fn set_queue_slots(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: Result<Json<NewQueueSlots>, JsonRejection>,
) -> Result<Json<QueueSlots>, AppError> {
    let input = body?.0;
    let slots =
        crate::queue::actions::set(&state, &user, id, &input.slots, &input.time_zone).await?;
    let next = crate::queue::actions::next_time(&state, &user, &[id])
        .await
        .ok();
    Ok(Json(QueueSlots {
        time_zone: input.time_zone,
        slots,
        next,
    }))
}
