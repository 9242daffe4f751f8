//! Outgoing webhooks, the verbs both faces share: subscribe a URL to events (its signing secret shown once), change
//! it, rotate the secret, send a test event, remove it. The address follows the connectors' outbound rules.

use crate::AppState;
use crate::error::AppError;
use sangam_domain::goals::GoalStatus;
use sangam_domain::webhook::EventType;
use sangam_domain::{ErrorCode, now_millis};
use sangam_engine::webhooks::{new_secret, target};
use sangam_networks::http::AddressProblem;
use sangam_store::goals::Goal;
use sangam_store::users::User;
use sangam_store::webhooks::{self, NewWebhook, Webhook, WebhookEdit};

/// How long the secret a rotation replaces still signs (beside the new one), so receivers can switch over.
pub const ROTATION_GRACE_MS: i64 = 24 * 3_600_000;
const MAX_DESCRIPTION: usize = 200;

/// What a person sets on a webhook.
pub struct WebhookInput<'a> {
    pub url: &'a str,
    pub description: &'a str,
    pub events: &'a [EventType],
    pub enabled: bool,
}

/// The address as Sangam will call it, or the refusal that says why not.
fn checked_url(state: &AppState, raw: &str) -> Result<String, AppError> {
    let allow_private = state.config.network_http.allow_private;
    target(raw, allow_private)
        .map(|url| url.to_string())
        .map_err(|problem| match problem {
            AddressProblem::NotAUrl(_) => AppError::refuse(ErrorCode::WebhookUrlInvalid),
            AddressProblem::NotHttps => AppError::refuse(ErrorCode::WebhookUrlNotHttps),
            AddressProblem::Private => AppError::refuse(ErrorCode::WebhookUrlPrivate),
        })
}

/// The subscribed events, without repeats; at least one, and only subscribable ones.
fn checked_events(events: &[EventType]) -> Result<Vec<EventType>, AppError> {
    let chosen: Vec<EventType> = EventType::SUBSCRIBABLE
        .into_iter()
        .filter(|e| events.contains(e))
        .collect();
    if chosen.is_empty() || events.contains(&EventType::Test) {
        return Err(AppError::refuse(ErrorCode::WebhookEventsInvalid));
    }
    Ok(chosen)
}

fn checked_description(description: &str) -> Result<&str, AppError> {
    let description = description.trim();
    if description.chars().count() > MAX_DESCRIPTION {
        return Err(
            AppError::refuse(ErrorCode::WebhookDescriptionTooLong).with("max", MAX_DESCRIPTION)
        );
    }
    Ok(description)
}

/// Subscribes a URL; returns the webhook and its signing secret, which is shown this once.
pub async fn create(
    state: &AppState,
    user: &User,
    input: WebhookInput<'_>,
) -> Result<(Webhook, String), AppError> {
    let url = checked_url(state, input.url)?;
    let events = checked_events(input.events)?;
    let description = checked_description(input.description)?;
    let secret = new_secret();
    let sealed = state.secrets.seal(&secret);
    let new = NewWebhook {
        workspace_id: user.workspace_id,
        url: &url,
        description,
        events: &events,
        sealed_secret: &sealed,
        created_by: user.id,
    };
    let webhook = webhooks::create(&state.db, new, now_millis()).await?;
    crate::audit::log(state, user, "created", "webhook", Some(webhook.id), &url).await;
    Ok((webhook, secret))
}

pub async fn update(
    state: &AppState,
    user: &User,
    id: i64,
    input: WebhookInput<'_>,
) -> Result<Webhook, AppError> {
    let url = checked_url(state, input.url)?;
    let events = checked_events(input.events)?;
    let description = checked_description(input.description)?;
    let edit = WebhookEdit {
        url: &url,
        description,
        events: &events,
        enabled: input.enabled,
    };
    let webhook = webhooks::update(&state.db, user.workspace_id, id, edit, now_millis()).await?;
    crate::audit::log(state, user, "edited", "webhook", Some(id), &url).await;
    Ok(webhook)
}

/// A new signing secret, shown this once; the old one keeps signing too for [`ROTATION_GRACE_MS`]. Returns the
/// secret and until when the old one is honoured.
pub async fn rotate(state: &AppState, user: &User, id: i64) -> Result<(String, i64), AppError> {
    let secret = new_secret();
    let now = now_millis();
    let until = now + ROTATION_GRACE_MS;
    let sealed = state.secrets.seal(&secret);
    webhooks::rotate(&state.db, user.workspace_id, id, &sealed, until, now).await?;
    crate::audit::log(state, user, "rotated_secret", "webhook", Some(id), "").await;
    Ok((secret, until))
}

/// Queues a `webhook.test` event for this webhook; returns its event id.
pub async fn send_test(state: &AppState, user: &User, id: i64) -> Result<String, AppError> {
    let event_id = webhooks::record_test(&state.db, user.workspace_id, id, now_millis()).await?;
    crate::audit::log(state, user, "tested", "webhook", Some(id), &event_id).await;
    Ok(event_id)
}

pub async fn delete(state: &AppState, user: &User, id: i64) -> Result<(), AppError> {
    webhooks::delete(&state.db, user.workspace_id, id).await?;
    crate::audit::log(state, user, "deleted", "webhook", Some(id), "").await;
    Ok(())
}

/// A goal's status was just worked out: the first time it is seen at or past its target, `goal.reached` goes to the
/// subscribers (once per goal, however often or by however many processes it is seen). Goals are computed from
/// reports when someone looks (the goal pages, the dashboard, the API), so that is when it is noticed.
pub async fn goal_seen(state: &AppState, goal: &Goal, status: &GoalStatus) -> Result<(), AppError> {
    if status.progress.is_none_or(|p| p < 100.0) {
        return Ok(());
    }
    let data = serde_json::json!({
        "goal_id": goal.id,
        "objective": goal.objective,
        "metric_id": goal.metric_id,
        "baseline": goal.baseline,
        "target": goal.target,
        "current": status.current.value(),
        "progress": status.progress,
        "ends_at": goal.ends_at,
    });
    let now = now_millis();
    webhooks::goal_reached(&state.db, goal.workspace_id, goal.id, data, now).await?;
    Ok(())
}
