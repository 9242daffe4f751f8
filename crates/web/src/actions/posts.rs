//! Composing, editing, scheduling, deleting and retrying posts.

use crate::AppState;
use crate::error::AppError;
use sangam_domain::{Millis, NetworkKind, Post as PostText, PostStatus, Role, now_millis};
use sangam_store::posts::{self, NewPost, Post, PostEdit, Variant};
use sangam_store::users::User;
use sangam_store::{profiles, workspaces};

/// What the composer sends.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct Compose {
    /// The post's text.
    pub text: String,
    /// Profiles to publish to.
    pub profile_ids: Vec<i64>,
    /// When to publish (UTC milliseconds); absent means now.
    pub scheduled_at: Option<Millis>,
    /// Different text for some networks.
    #[serde(default)]
    pub variants: Vec<Variant>,
    /// Tags and campaigns, for reports.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Images uploaded with `POST /api/v1/media`, to attach.
    #[serde(default)]
    pub media_ids: Vec<i64>,
    /// Keep it as a draft: it goes nowhere until submitted.
    #[serde(default)]
    pub draft: bool,
    /// Add to the queue: take the next free queue time of the (first) profile instead of `scheduled_at`.
    #[serde(default)]
    pub queue: bool,
}

/// Checks each network's text (its variant, or the post's text) against that network's limit.
fn validate(
    text: &str,
    variants: &[Variant],
    networks: &[NetworkKind],
) -> Result<(String, Vec<Variant>), AppError> {
    let variants: Vec<Variant> = variants
        .iter()
        .filter(|v| !v.body.trim().is_empty() && networks.contains(&v.network))
        .map(|v| Variant {
            network: v.network,
            body: v.body.trim().to_string(),
        })
        .collect();
    let plain: Vec<NetworkKind> = networks
        .iter()
        .copied()
        .filter(|n| !variants.iter().any(|v| v.network == *n))
        .collect();
    let body = if plain.is_empty() && text.trim().is_empty() {
        // Every network has its own variant; the main text may be left empty.
        variants.first().map(|v| v.body.clone()).unwrap_or_default()
    } else {
        PostText::validate(text, if plain.is_empty() { networks } else { &plain })?.text
    };
    for v in &variants {
        PostText::validate(&v.body, &[v.network])?;
    }
    Ok((body, variants))
}

/// Tags are short, lower-case words; `#` is dropped; duplicates are folded.
pub fn clean_tags(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = tags
        .iter()
        .flat_map(|t| t.split(','))
        .map(|t| t.trim().trim_start_matches('#').to_lowercase())
        .filter(|t| !t.is_empty() && t.chars().count() <= 40)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The status a new or resubmitted post gets: a draft stays a draft; otherwise it waits for approval when the
/// workspace says the author's role needs it, and is approved at once when not.
async fn status_for(state: &AppState, user: &User, draft: bool) -> Result<PostStatus, AppError> {
    if draft {
        return Ok(PostStatus::Draft);
    }
    let ws = workspaces::get(&state.db, user.workspace_id).await?;
    Ok(if ws.needs_approval(user.role) {
        PostStatus::PendingApproval
    } else {
        PostStatus::Approved
    })
}

/// Validates and stores the post with one delivery per profile.
pub async fn compose(state: &AppState, user: &User, input: Compose) -> Result<Post, AppError> {
    let mut ids = input.profile_ids.clone();
    ids.sort_unstable();
    ids.dedup();
    let mut networks = Vec::new();
    for id in &ids {
        networks.push(
            profiles::get(&state.db, user.workspace_id, *id)
                .await?
                .network,
        );
    }
    let (body, variants) = if input.draft && input.text.trim().is_empty() {
        (String::new(), Vec::new())
    } else {
        validate(&input.text, &input.variants, &networks)?
    };
    if ids.is_empty() && !input.draft {
        return Err(sangam_domain::PostError::NoProfiles.into());
    }
    let now = now_millis();
    let scheduled_at = if input.queue {
        super::queue::next_time(state, user, &ids).await?
    } else {
        crate::input::check_time("scheduled_at", input.scheduled_at.unwrap_or(now))?
    };
    if scheduled_at < now - 60_000 && !input.draft {
        return Err(AppError::invalid(
            "post_scheduled_in_past",
            "Pick a time in the future, or publish now.",
        ));
    }
    let status = status_for(state, user, input.draft).await?;
    let tags = clean_tags(&input.tags);
    let new = NewPost {
        workspace_id: user.workspace_id,
        author_id: user.id,
        body: &body,
        scheduled_at,
        profile_ids: &ids,
        status,
        variants: &variants,
        tags: &tags,
        media_ids: &input.media_ids,
        content: posts::Content::default(),
    };
    let post = posts::create(&state.db, new, now).await?;
    let action = match status {
        PostStatus::Draft => "drafted",
        PostStatus::PendingApproval => "submitted",
        _ if scheduled_at > now + 60_000 => "scheduled",
        _ => "published_now",
    };
    super::log(state, user, action, "post", Some(post.id), "").await;
    if status == PostStatus::PendingApproval {
        super::approvals::submitted(state, user, &post).await?;
    }
    Ok(post)
}

/// The post, if `user` may change it: its author, or an Admin or Manager.
async fn editable(state: &AppState, user: &User, id: i64) -> Result<Post, AppError> {
    let post = posts::get(&state.db, user.workspace_id, id).await?;
    let lead = matches!(user.role, Role::Admin | Role::Manager);
    if post.author_id != user.id && !lead {
        return Err(AppError::Forbidden);
    }
    if post
        .deliveries
        .iter()
        .any(|d| d.state != sangam_domain::DeliveryState::Scheduled)
    {
        return Err(AppError::invalid(
            "post_already_sent",
            "This post has gone out (at least in part), so it can no longer be changed.",
        ));
    }
    Ok(post)
}

/// Saves changes to a post not yet sent. Unless kept as a draft, it is (re)submitted: it needs approval again
/// where the workspace says so, since approvers approved the old text.
pub async fn edit(
    state: &AppState,
    user: &User,
    id: i64,
    input: Compose,
) -> Result<Post, AppError> {
    let post = editable(state, user, id).await?;
    let networks: Vec<NetworkKind> = post.deliveries.iter().map(|d| d.network).collect();
    let (body, variants) = validate(&input.text, &input.variants, &networks)?;
    let status = status_for(state, user, input.draft).await?;
    let tags = clean_tags(&input.tags);
    let now = now_millis();
    let scheduled_at = if input.queue {
        let ids: Vec<i64> = post.deliveries.iter().map(|d| d.profile_id).collect();
        super::queue::next_time(state, user, &ids).await?
    } else {
        crate::input::check_time(
            "scheduled_at",
            input.scheduled_at.unwrap_or(post.scheduled_at.max(now)),
        )?
    };
    let edit = PostEdit {
        body: &body,
        variants: &variants,
        tags: &tags,
        scheduled_at,
        status,
        content: posts::Content {
            images: post
                .media
                .iter()
                .map(|m| posts::ImageRef {
                    media_id: m.id,
                    alt: m.alt.clone(),
                })
                .collect(),
            ..posts::Content::default()
        },
        profile_ids: None,
    };
    posts::edit(&state.db, user.workspace_id, id, edit, now).await?;
    super::log(state, user, "edited", "post", Some(id), status.as_str()).await;
    let post = posts::get(&state.db, user.workspace_id, id).await?;
    if status == PostStatus::PendingApproval {
        super::approvals::submitted(state, user, &post).await?;
    }
    Ok(post)
}

/// Moves a post to another time (the calendar's drag and drop, or its keyboard alternative).
pub async fn reschedule(
    state: &AppState,
    user: &User,
    id: i64,
    at: Millis,
) -> Result<Post, AppError> {
    editable(state, user, id).await?;
    crate::input::check_time("at", at)?;
    if at < now_millis() - 60_000 {
        return Err(AppError::invalid(
            "post_scheduled_in_past",
            "Pick a time in the future.",
        ));
    }
    posts::reschedule(&state.db, user.workspace_id, id, at, now_millis()).await?;
    super::log(
        state,
        user,
        "rescheduled",
        "post",
        Some(id),
        &crate::time_fmt::iso(at),
    )
    .await;
    Ok(posts::get(&state.db, user.workspace_id, id).await?)
}

/// Deletes a post not yet sent everywhere; its waiting deliveries are cancelled and never reach a network.
pub async fn delete(state: &AppState, user: &User, id: i64) -> Result<(), AppError> {
    let post = posts::get(&state.db, user.workspace_id, id).await?;
    if post.author_id != user.id && !matches!(user.role, Role::Admin | Role::Manager) {
        return Err(AppError::Forbidden);
    }
    posts::delete(&state.db, user.workspace_id, id, now_millis()).await?;
    super::log(state, user, "deleted", "post", Some(id), "").await;
    Ok(())
}

/// The delivery, checked to belong to the person's workspace.
async fn own_delivery(state: &AppState, user: &User, id: i64) -> Result<posts::Delivery, AppError> {
    let delivery = posts::delivery(&state.db, id).await?;
    posts::get(&state.db, user.workspace_id, delivery.post_id).await?;
    Ok(delivery)
}

/// Sends a failed delivery again (same idempotency key). Only failed deliveries can be retried.
pub async fn retry(state: &AppState, user: &User, delivery_id: i64) -> Result<(), AppError> {
    let delivery = own_delivery(state, user, delivery_id).await?;
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

/// "Check the network": asks the network what became of an `unknown` delivery before anything is sent again.
pub async fn reconcile(state: &AppState, user: &User, delivery_id: i64) -> Result<(), AppError> {
    let delivery = own_delivery(state, user, delivery_id).await?;
    if !posts::request_reconcile(&state.db, delivery.id, now_millis()).await? {
        return Err(AppError::invalid(
            "delivery_not_unknown",
            format!(
                "Only a delivery in the unknown state needs checking; this one is {}.",
                delivery.state
            ),
        ));
    }
    super::log(
        state,
        user,
        "reconcile_requested",
        "delivery",
        Some(delivery_id),
        "",
    )
    .await;
    Ok(())
}
