//! Composing and retrying posts.

use crate::AppState;
use crate::error::AppError;
use sangam_domain::{Millis, Post as PostText, now_millis};
use sangam_store::posts::{self, NewPost, Post};
use sangam_store::profiles;
use sangam_store::users::User;

/// What the composer sends.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct Compose {
    /// The post's text.
    pub text: String,
    /// Profiles to publish to.
    pub profile_ids: Vec<i64>,
    /// When to publish (UTC milliseconds); absent means now.
    pub scheduled_at: Option<Millis>,
}

/// Validates the text against every target network's limit and stores the post with one delivery per profile.
pub async fn compose(state: &AppState, user: &User, input: Compose) -> Result<Post, AppError> {
    let mut networks = Vec::new();
    for id in &input.profile_ids {
        networks.push(
            profiles::get(&state.db, user.workspace_id, *id)
                .await?
                .network,
        );
    }
    let text = PostText::validate(&input.text, &networks)?;
    let now = now_millis();
    let scheduled_at = input.scheduled_at.unwrap_or(now);
    if scheduled_at < now - 60_000 {
        return Err(AppError::invalid(
            "post_scheduled_in_past",
            "Pick a time in the future, or publish now.",
        ));
    }
    let mut ids = input.profile_ids.clone();
    ids.sort_unstable();
    ids.dedup();
    let new = NewPost {
        workspace_id: user.workspace_id,
        author_id: user.id,
        body: &text.text,
        scheduled_at,
        profile_ids: &ids,
    };
    let post = posts::create(&state.db, new, now).await?;
    let action = if scheduled_at > now + 60_000 {
        "scheduled"
    } else {
        "published_now"
    };
    super::log(state, user, action, "post", Some(post.id), "").await;
    Ok(post)
}

/// Sends a failed delivery again (same idempotency key). Only failed deliveries can be retried.
pub async fn retry(state: &AppState, user: &User, delivery_id: i64) -> Result<(), AppError> {
    let delivery = posts::delivery(&state.db, delivery_id).await?;
    // Checks the delivery belongs to the person's workspace.
    posts::get(&state.db, user.workspace_id, delivery.post_id).await?;
    if !delivery.state.can_retry() {
        return Err(AppError::invalid(
            "delivery_not_retryable",
            format!(
                "Only a failed delivery can be sent again; this one is {}.",
                delivery.state
            ),
        ));
    }
    let now = now_millis();
    if !posts::retry(&state.db, delivery_id, now, now).await? {
        return Err(AppError::Conflict(
            "The delivery changed meanwhile; reload to see its state.".into(),
        ));
    }
    super::log(state, user, "retried", "delivery", Some(delivery_id), "").await;
    Ok(())
}
