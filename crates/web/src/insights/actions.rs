//! Insight cards: made by a person from a figure, a theme or a message; published to other departments; shared as a
//! read-only digest link (the reports' share links, naming the digest instead of a report). Every step is in the
//! audit log.

use crate::AppState;
use crate::error::AppError;
use sangam_domain::{ErrorCode, Millis, now_millis};
use sangam_store::reports as shares;
use sangam_store::review::{self as store, Insight, NewInsight, SourceKind};
use sangam_store::users::User;
use serde::Deserialize;

/// What a share row holds as its "report" when it is the insights digest.
pub const DIGEST: &str = "insights";
pub const MAX_SENTENCE: usize = 1_000;
const MAX_EVIDENCE: usize = 10;

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct InsightInput {
    /// The insight, in a sentence.
    pub sentence: String,
    pub source_kind: SourceKind,
    /// The figure's, theme's or message's words as they were shown.
    #[serde(default)]
    pub source_label: String,
    /// Sangam addresses (starting with `/`) of the evidence.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// One of the workspace's goals.
    #[serde(default)]
    pub goal_id: Option<i64>,
    /// The business goal it supports, in words (for a goal that is not one of Sangam's).
    #[serde(default)]
    pub business_goal: String,
    #[serde(default)]
    pub review_id: Option<i64>,
}

pub async fn create(
    state: &AppState,
    user: &User,
    input: InsightInput,
) -> Result<Insight, AppError> {
    let refuse = |reason: &str| AppError::refuse(ErrorCode::InsightInvalid).with("reason", reason);
    let sentence = input.sentence.trim();
    if sentence.is_empty() {
        return Err(refuse("a sentence"));
    }
    if sentence.chars().count() > MAX_SENTENCE {
        return Err(refuse("a sentence of at most 1000 characters"));
    }
    let evidence: Vec<String> = input
        .evidence
        .iter()
        .flat_map(|e| e.lines())
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(String::from)
        .collect();
    // Evidence is a link inside Sangam: a path, never an address elsewhere or a script.
    if evidence.len() > MAX_EVIDENCE
        || evidence
            .iter()
            .any(|e| !e.starts_with('/') || e.starts_with("//") || e.len() > 500)
    {
        return Err(refuse(
            "evidence links that are Sangam addresses starting with /",
        ));
    }
    if input.goal_id.is_none() && input.business_goal.trim().is_empty() {
        return Err(refuse("the business goal it supports"));
    }
    let insight = store::create_insight(
        &state.db,
        NewInsight {
            workspace_id: user.workspace_id,
            review_id: input.review_id,
            sentence,
            source_kind: input.source_kind,
            source_label: input.source_label.trim(),
            evidence: &evidence,
            goal_id: input.goal_id,
            business_goal: input.business_goal.trim(),
            created_by: user.id,
        },
        now_millis(),
    )
    .await?;
    crate::audit::log(
        state,
        user,
        "insight_created",
        "insight",
        Some(insight.id),
        sentence,
    )
    .await;
    Ok(insight)
}

pub async fn publish(state: &AppState, user: &User, id: i64) -> Result<Insight, AppError> {
    let insight = store::publish_insight(&state.db, user.workspace_id, id, now_millis()).await?;
    crate::audit::log(
        state,
        user,
        "insight_published",
        "insight",
        Some(id),
        &insight.sentence,
    )
    .await;
    Ok(insight)
}

/// Creates a read-only link to the digest of published insights; returns the absolute link and its expiry.
pub async fn share(state: &AppState, user: &User, days: i64) -> Result<(String, Millis), AppError> {
    let days = days.clamp(1, 90);
    let token = crate::auth::tokens::generate();
    let now = now_millis();
    let expires = now + days * 24 * 3_600_000;
    shares::create_share(
        &state.db,
        user.workspace_id,
        DIGEST,
        "",
        &crate::auth::tokens::digest(&token),
        expires,
        user.id,
        now,
    )
    .await?;
    crate::audit::log(state, user, "insights_shared", "insight", None, DIGEST).await;
    Ok((
        state.config.absolute(&format!("/shared/insights/{token}")),
        expires,
    ))
}

/// The workspace and the sharer of a digest link, if it is one and has not expired.
pub async fn open_share(state: &AppState, token: &str) -> Result<User, AppError> {
    let gone = || AppError::NotFound("This shared digest (the link may have expired)".into());
    let share =
        shares::share_by_token(&state.db, &crate::auth::tokens::digest(token), now_millis())
            .await
            .map_err(|_| gone())?;
    if share.report != DIGEST {
        return Err(gone());
    }
    Ok(sangam_store::users::get(&state.db, share.created_by).await?)
}
