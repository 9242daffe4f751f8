//! What people do with a review: draft one for any week, add agenda items, notes, decisions and action items, and
//! mark actions done. Every change is a line of the audit log.

use crate::AppState;
use crate::error::AppError;
use sangam_domain::{ErrorCode, Millis, now_millis};
use sangam_store::review::{self as store, Item, ItemKind, NewItem, Review};
use sangam_store::users::User;
use serde::Deserialize;

/// The longest agenda item, note, decision or action.
pub const MAX_BODY: usize = 2_000;

/// Drafts (or opens, when it exists) the review of the week holding the day `week` (YYYY-MM-DD, the leader's time
/// zone).
pub async fn draft(state: &AppState, user: &User, week: &str) -> Result<Review, AppError> {
    let zone = store::leader_zone(&state.db, user.workspace_id).await?;
    let at = day_start(week, &zone)?;
    let worker = format!("web-{}", std::process::id());
    let (review, _) = sangam_engine::review::draft_week(
        &state.db,
        user.workspace_id,
        at,
        Some(user.id),
        &worker,
        now_millis(),
    )
    .await?;
    Ok(review)
}

fn day_start(day: &str, zone: &str) -> Result<Millis, AppError> {
    let bad = || AppError::refuse(ErrorCode::ReportDateInvalid).with("field", "week");
    let date: jiff::civil::Date = day.trim().parse().map_err(|_| bad())?;
    let tz = crate::time_fmt::zone(zone);
    date.to_zoned(tz)
        .map(|z| z.timestamp().as_millisecond())
        .map_err(|_| bad())
}

/// An item to add to a review's meeting.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct ItemInput {
    pub kind: ItemKind,
    pub body: String,
    /// For an action item: who does it (a person of the workspace).
    #[serde(default)]
    pub owner_id: Option<i64>,
    /// For an action item: YYYY-MM-DD.
    #[serde(default)]
    pub due_on: Option<String>,
}

pub async fn add_item(
    state: &AppState,
    user: &User,
    review_id: i64,
    input: ItemInput,
) -> Result<Item, AppError> {
    let body = input.body.trim();
    let refuse =
        |reason: &str| AppError::refuse(ErrorCode::ReviewItemInvalid).with("reason", reason);
    if body.is_empty() {
        return Err(refuse("empty"));
    }
    if body.chars().count() > MAX_BODY {
        return Err(refuse("longer than 2000 characters"));
    }
    let due = input
        .due_on
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    if let Some(d) = due
        && d.parse::<jiff::civil::Date>().is_err()
    {
        return Err(refuse("the due date is not YYYY-MM-DD"));
    }
    let (owner, due) = if input.kind == ItemKind::Action {
        if input.owner_id.is_none() {
            return Err(refuse("an action item needs an owner"));
        }
        (input.owner_id, due)
    } else {
        (None, None)
    };
    let item = store::add_item(
        &state.db,
        NewItem {
            workspace_id: user.workspace_id,
            review_id,
            kind: input.kind,
            body,
            owner_id: owner,
            due_on: due,
            created_by: user.id,
        },
        now_millis(),
    )
    .await?;
    let action = format!("review_{}_added", input.kind.as_str());
    crate::audit::log(state, user, &action, "review", Some(review_id), body).await;
    Ok(item)
}

pub async fn set_done(
    state: &AppState,
    user: &User,
    item_id: i64,
    done: bool,
) -> Result<Item, AppError> {
    let item = store::set_done(&state.db, user.workspace_id, item_id, done, now_millis()).await?;
    let action = if done {
        "review_action_done"
    } else {
        "review_action_reopened"
    };
    crate::audit::log(
        state,
        user,
        action,
        "review",
        Some(item.review_id),
        &item.body,
    )
    .await;
    Ok(item)
}

/// A review with its figures and its meeting: open actions of earlier weeks first, then this week's items.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ReviewWithMeeting {
    pub figures: super::figures::ReviewFigures,
    pub carried_actions: Vec<Item>,
    pub items: Vec<Item>,
}

pub async fn with_meeting(
    state: &AppState,
    user: &User,
    review_id: i64,
) -> Result<ReviewWithMeeting, AppError> {
    let review = store::get(&state.db, user.workspace_id, review_id).await?;
    let carried =
        store::open_actions_before(&state.db, user.workspace_id, review.week_start).await?;
    let items = store::items(&state.db, user.workspace_id, review.id).await?;
    let figures = super::figures::compute(state, user, review).await?;
    Ok(ReviewWithMeeting {
        figures,
        carried_actions: carried,
        items,
    })
}
