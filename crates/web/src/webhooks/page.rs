//! The webhooks settings page (Admins): the subscriptions and a form for a new one, whose secret is shown once on
//! the answer to that form; and one webhook's page with its settings, secret rotation, "send a test event" and the
//! delivery log (status, latency, attempt, the first bytes of each answer, shown as text).

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::ui::{Chrome, PageError, WithUser, after_form};
use crate::webhooks::actions::{self as webhook_actions, WebhookInput};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use sangam_domain::ErrorCode;
use sangam_domain::webhook::EventType;
use sangam_store::users::User;
use sangam_store::webhooks::{self, LoggedAttempt, Webhook};

const LOG_LINES: i64 = 50;

#[derive(Template, WebTemplate)]
#[template(path = "pages/webhooks.html")]
pub struct WebhooksPage {
    pub page: Chrome,
    pub webhooks: Vec<Webhook>,
    pub events: Vec<EventType>,
    /// Just created: the webhook and its secret, shown this once.
    pub created: Option<(Webhook, String)>,
    pub error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/webhook.html")]
pub struct WebhookPage {
    pub page: Chrome,
    pub webhook: Webhook,
    pub events: Vec<EventType>,
    pub log: Vec<LoggedAttempt>,
    pub pending: i64,
    /// A new secret just made by a rotation, shown this once.
    pub secret: Option<String>,
    /// A test event was just queued (its id).
    pub tested: Option<String>,
    pub error: Option<String>,
}

impl WebhooksPage {
    pub fn event_names(&self, webhook: &Webhook) -> String {
        names(&self.page, &webhook.events)
    }
}

impl WebhookPage {
    pub fn subscribed(&self, event: &EventType) -> bool {
        self.webhook.events.contains(event)
    }
}

fn names(page: &Chrome, events: &[EventType]) -> String {
    events
        .iter()
        .map(|e| page.t.t(&e.message_id()))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn render_list(
    state: &AppState,
    user: &User,
    created: Option<(Webhook, String)>,
    error: Option<String>,
) -> Result<WebhooksPage, PageError> {
    let webhooks = webhooks::list(&state.db, user.workspace_id)
        .await
        .for_user(user)?;
    Ok(WebhooksPage {
        page: Chrome::new(user, "webhooks", "webhooks-title"),
        webhooks,
        events: EventType::SUBSCRIBABLE.to_vec(),
        created,
        error,
    })
}

#[derive(Default)]
struct Shown {
    secret: Option<String>,
    tested: Option<String>,
    error: Option<String>,
}

async fn render_one(
    state: &AppState,
    user: &User,
    id: i64,
    shown: Shown,
) -> Result<WebhookPage, PageError> {
    let webhook = webhooks::get(&state.db, user.workspace_id, id)
        .await
        .for_user(user)?;
    let log = webhooks::log(&state.db, user.workspace_id, id, LOG_LINES)
        .await
        .for_user(user)?;
    let pending = webhooks::pending_count(&state.db, id)
        .await
        .for_user(user)?;
    let mut page = Chrome::new(user, "webhooks", "webhook-title");
    page.title = webhook.url.clone();
    Ok(WebhookPage {
        page,
        webhook,
        events: EventType::SUBSCRIBABLE.to_vec(),
        log,
        pending,
        secret: shown.secret,
        tested: shown.tested,
        error: shown.error,
    })
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<WebhooksPage, PageError> {
    render_list(&state, &user, None, None).await
}

#[derive(serde::Deserialize)]
pub struct WebhookForm {
    #[serde(default)]
    url: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    events: Vec<String>,
    #[serde(default)]
    enabled: Option<String>,
}

impl WebhookForm {
    fn events(&self) -> Result<Vec<EventType>, AppError> {
        self.events
            .iter()
            .map(|e| {
                EventType::parse(e).ok_or_else(|| AppError::refuse(ErrorCode::WebhookEventsInvalid))
            })
            .collect()
    }
}

pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<WebhookForm>,
) -> Result<Response, PageError> {
    let result = match form.events() {
        Ok(events) => {
            let input = WebhookInput {
                url: &form.url,
                description: &form.description,
                events: &events,
                enabled: true,
            };
            webhook_actions::create(&state, &user, input).await
        }
        Err(e) => Err(e),
    };
    match result {
        // The secret is in this answer only: no redirect, so it is never in a URL or shown again.
        Ok(created) => Ok(render_list(&state, &user, Some(created), None)
            .await?
            .into_response()),
        Err(e) => {
            after_form(
                &user,
                Err::<(), _>(e),
                |_| Redirect::to("/settings/webhooks").into_response(),
                |error| render_list(&state, &user, None, Some(error)),
            )
            .await
        }
    }
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<WebhookPage, PageError> {
    render_one(&state, &user, id, Shown::default()).await
}

pub async fn update(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<WebhookForm>,
) -> Result<Response, PageError> {
    let result = match form.events() {
        Ok(events) => {
            let input = WebhookInput {
                url: &form.url,
                description: &form.description,
                events: &events,
                enabled: form.enabled.is_some(),
            };
            webhook_actions::update(&state, &user, id, input).await
        }
        Err(e) => Err(e),
    };
    after_form(
        &user,
        result,
        |_| Redirect::to(&format!("/settings/webhooks/{id}")).into_response(),
        |error| {
            let shown = Shown {
                error: Some(error),
                ..Shown::default()
            };
            render_one(&state, &user, id, shown)
        },
    )
    .await
}

pub async fn rotate(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<WebhookPage, PageError> {
    let (secret, _) = webhook_actions::rotate(&state, &user, id)
        .await
        .for_user(&user)?;
    let shown = Shown {
        secret: Some(secret),
        ..Shown::default()
    };
    render_one(&state, &user, id, shown).await
}

pub async fn test(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<WebhookPage, PageError> {
    let event_id = webhook_actions::send_test(&state, &user, id)
        .await
        .for_user(&user)?;
    let shown = Shown {
        tested: Some(event_id),
        ..Shown::default()
    };
    render_one(&state, &user, id, shown).await
}

pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Redirect, PageError> {
    webhook_actions::delete(&state, &user, id)
        .await
        .for_user(&user)?;
    Ok(Redirect::to("/settings/webhooks"))
}
