//! The Shield: an abusive message comes with its text withheld until a person who opted in opens it, and each
//! person's openings are rationed by the workspace's daily exposure budget, so no one reads abuse all day. Here, once
//! for the pages and the API: withholding the text, opening a message (the opening is recorded before the text is
//! given), and where a person's day stands.

use super::page;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::ui::{PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use sangam_domain::{ErrorCode, now_millis};
use sangam_store::inbox::{self, Message};
use sangam_store::users::User;
use serde::Serialize;

/// Withholds the text of every abusive message of `messages` this person has not opened.
pub(super) async fn withhold_unopened(
    state: &AppState,
    user: &User,
    messages: &mut [Message],
) -> Result<Vec<i64>, AppError> {
    let ids: Vec<i64> = messages
        .iter()
        .filter(|m| m.abusive)
        .map(|m| m.id)
        .collect();
    let opened = inbox::opened_by(&state.db, user.id, &ids).await?;
    for m in messages.iter_mut() {
        if !opened.contains(&m.id) {
            m.shield();
        }
    }
    Ok(opened)
}

/// A shielded message opened: its text, and where the person's day stands against the budget.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Opened {
    /// The message with its text.
    pub message: Message,
    /// Distinct abusive messages this person opened today, this one included (`sangam_store::inbox::exposure_today`).
    pub exposure_today: i64,
    /// The workspace's daily exposure budget.
    pub budget: i64,
}

/// A person opens a shielded message: only people who opted in may, and only while today's openings are under the
/// workspace's budget (a message they opened before stays open). The opening is recorded before the text is given.
pub async fn open_shielded(state: &AppState, user: &User, id: i64) -> Result<Opened, AppError> {
    let message = inbox::get(&state.db, user.workspace_id, id).await?;
    let budget = inbox::settings(&state.db, user.workspace_id)
        .await?
        .exposure_budget;
    if !message.abusive {
        return Ok(Opened {
            message,
            exposure_today: exposure_today(state, user).await?,
            budget,
        });
    }
    if !inbox::person(&state.db, user.id).await?.shield_opt_in {
        return Err(AppError::refuse(ErrorCode::ShieldNotOptedIn));
    }
    let seen_before = !inbox::opened_by(&state.db, user.id, &[id])
        .await?
        .is_empty();
    let exposure = exposure_today(state, user).await?;
    if !seen_before && exposure >= budget {
        return Err(AppError::refuse(ErrorCode::ShieldBudgetReached)
            .with("exposure", exposure)
            .with("budget", budget));
    }
    inbox::record_opening(&state.db, id, user.id, now_millis()).await?;
    crate::audit::log(state, user, "opened", "message", Some(id), "shielded").await;
    Ok(Opened {
        message,
        exposure_today: exposure_today(state, user).await?,
        budget,
    })
}

/// Distinct abusive messages this person opened today (their local day): the figure the engine hands out abusive
/// messages by too.
pub async fn exposure_today(state: &AppState, user: &User) -> Result<i64, AppError> {
    Ok(inbox::exposure_today(&state.db, user.id, &user.time_zone, now_millis()).await?)
}

#[utoipa::path(post, path = "/api/v1/inbox/{id}/open", tag = "shield", params(("id" = i64, Path)),
    responses((status = 200, body = Opened, description = "The opening is recorded against today's exposure, then \
    the text is given"),
    (status = 422, body = crate::error::ErrorBody, description = "Not opted in (`shield_not_opted_in`), or today's \
    budget is used up (`shield_budget_reached`)")))]
pub async fn open(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<Opened>, AppError> {
    Ok(Json(open_shielded(&state, &user, id).await?))
}

/// The shielded message's text once its opening is counted, or the sentence that refuses it: swapped in by htmx.
#[derive(Template, WebTemplate)]
#[template(path = "components/shield_opened.html")]
pub struct ShieldOpened {
    pub t: crate::i18n::Tr,
    pub m: Option<Message>,
    pub refusal: Option<String>,
    pub exposure: i64,
    pub budget: i64,
}

/// "Show" on a shielded message: the opening is recorded against the person's daily budget first, and only then is
/// the text sent (an htmx swap of the shield box; without script, the conversation again, now open). Past the budget,
/// or without the opt-in, a sentence instead.
pub async fn open_page(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    RawQuery(query): RawQuery,
    headers: axum::http::HeaderMap,
) -> Result<Response, PageError> {
    let htmx = headers.contains_key("hx-request");
    let t = crate::i18n::Tr::new(&user.language, &user.time_zone);
    let result = open_shielded(&state, &user, id).await;
    let budget = inbox::settings(&state.db, user.workspace_id)
        .await
        .for_user(&user)?
        .exposure_budget;
    let refusal = match &result {
        Err(e @ AppError::Invalid { .. }) => Some(match e.code() {
            ErrorCode::ShieldBudgetReached => t.t_count("shield-budget-reached", "budget", budget),
            ErrorCode::ShieldNotOptedIn => t.t("shield-not-opted-in"),
            _ => e.message_in(&t),
        }),
        _ => None,
    };
    let fragment = match (result, refusal) {
        (Ok(_), _) if !htmx => return Ok(page::back_to(id, &query)),
        // Without script, the refusal is a page in the person's language.
        (Err(e), Some(_)) if !htmx => return Err(e).for_user(&user),
        (Ok(opened), _) => ShieldOpened {
            exposure: opened.exposure_today,
            budget: opened.budget,
            m: Some(opened.message),
            refusal: None,
            t,
        },
        (Err(_), Some(sentence)) => ShieldOpened {
            exposure: exposure_today(&state, &user).await.for_user(&user)?,
            budget,
            m: None,
            refusal: Some(sentence),
            t,
        },
        (Err(e), None) => return Err(e).for_user(&user),
    };
    Ok(fragment.into_response())
}
