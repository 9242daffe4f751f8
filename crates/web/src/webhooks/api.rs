//! Outgoing webhooks over JSON: subscribe, change, rotate the secret, send a test event, read the delivery log.
//! Every payload is a `WebhookEnvelope` (schema `sangam.webhook.v1`), signed in the `Sangam-Signature` header.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::webhooks::actions::{self as webhook_actions, WebhookInput};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use sangam_domain::Millis;
use sangam_domain::webhook::EventType;
use sangam_store::webhooks::{self, LoggedAttempt, Webhook};
use serde::{Deserialize, Serialize};

/// Delivery log lines an answer holds, newest first.
const LOG_LINES: i64 = 100;

#[derive(Deserialize, utoipa::ToSchema)]
pub struct NewWebhook {
    /// Where events are posted: https on a public address (unless the install allows private addresses).
    #[schema(max_length = 2000)]
    pub url: String,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub description: String,
    /// The event types to send (at least one; `webhook.test` is sent only on request).
    pub events: Vec<EventType>,
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct WebhookChange {
    #[schema(max_length = 2000)]
    pub url: String,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub description: String,
    pub events: Vec<EventType>,
    /// Off: nothing new is sent (deliveries already queued still go).
    pub enabled: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedWebhook {
    pub webhook: Webhook,
    /// The signing secret, shown this once: the key of the HMAC-SHA256 in `Sangam-Signature`.
    pub secret: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct RotatedSecret {
    /// The new signing secret, shown this once.
    pub secret: String,
    /// Until then the old secret signs too (a second `v1=` in `Sangam-Signature`).
    pub previous_valid_until: Millis,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct QueuedTest {
    /// The test event's id, as the receiver will see it.
    pub event_id: String,
}

#[utoipa::path(get, path = "/api/v1/webhooks", tag = "webhooks", responses((status = 200, body = Vec<Webhook>)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<Json<Vec<Webhook>>, AppError> {
    Ok(Json(webhooks::list(&state.db, user.workspace_id).await?))
}

#[utoipa::path(post, path = "/api/v1/webhooks", tag = "webhooks", request_body = NewWebhook,
    responses((status = 201, body = CreatedWebhook), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    body: Result<Json<NewWebhook>, JsonRejection>,
) -> Result<(StatusCode, Json<CreatedWebhook>), AppError> {
    let Json(input) = body?;
    let input = WebhookInput {
        url: &input.url,
        description: &input.description,
        events: &input.events,
        enabled: true,
    };
    let (webhook, secret) = webhook_actions::create(&state, &user, input).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedWebhook { webhook, secret }),
    ))
}

#[utoipa::path(get, path = "/api/v1/webhooks/{id}", tag = "webhooks", params(("id" = i64, Path)),
    responses((status = 200, body = Webhook), (status = 404, body = crate::error::ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Webhook>, AppError> {
    Ok(Json(webhooks::get(&state.db, user.workspace_id, id).await?))
}

#[utoipa::path(put, path = "/api/v1/webhooks/{id}", tag = "webhooks", params(("id" = i64, Path)),
    request_body = WebhookChange,
    responses((status = 200, body = Webhook), (status = 404, body = crate::error::ErrorBody),
        (status = 422, body = crate::error::ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    body: Result<Json<WebhookChange>, JsonRejection>,
) -> Result<Json<Webhook>, AppError> {
    let Json(change) = body?;
    let input = WebhookInput {
        url: &change.url,
        description: &change.description,
        events: &change.events,
        enabled: change.enabled,
    };
    Ok(Json(
        webhook_actions::update(&state, &user, id, input).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", tag = "webhooks", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = crate::error::ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<StatusCode, AppError> {
    webhook_actions::delete(&state, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/webhooks/{id}/rotate", tag = "webhooks", params(("id" = i64, Path)),
    responses((status = 201, body = RotatedSecret), (status = 404, body = crate::error::ErrorBody)))]
pub async fn rotate(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<RotatedSecret>), AppError> {
    let (secret, previous_valid_until) = webhook_actions::rotate(&state, &user, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(RotatedSecret {
            secret,
            previous_valid_until,
        }),
    ))
}

#[utoipa::path(post, path = "/api/v1/webhooks/{id}/test", tag = "webhooks", params(("id" = i64, Path)),
    responses((status = 202, body = QueuedTest), (status = 404, body = crate::error::ErrorBody)))]
pub async fn test(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<QueuedTest>), AppError> {
    let event_id = webhook_actions::send_test(&state, &user, id).await?;
    Ok((StatusCode::ACCEPTED, Json(QueuedTest { event_id })))
}

#[utoipa::path(get, path = "/api/v1/webhooks/{id}/deliveries", tag = "webhooks", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<LoggedAttempt>), (status = 404, body = crate::error::ErrorBody)))]
pub async fn deliveries(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Vec<LoggedAttempt>>, AppError> {
    webhooks::get(&state.db, user.workspace_id, id).await?;
    Ok(Json(
        webhooks::log(&state.db, user.workspace_id, id, LOG_LINES).await?,
    ))
}
