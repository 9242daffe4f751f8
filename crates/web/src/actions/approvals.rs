//! The approval workflow in action: submitting, deciding, and signed links for approvers outside the team.

use crate::AppState;
use crate::auth::tokens;
use crate::error::AppError;
use sangam_domain::approval::{ApprovalState, Decision, evaluate};
use sangam_domain::{Millis, PostStatus, now_millis};
use sangam_store::approvals::{self, NewReview, StepView};
use sangam_store::notifications;
use sangam_store::posts::{self, Post};
use sangam_store::users::User;

/// The workspace's steps; with none configured, one step: any Admin or Manager.
pub async fn workflow(state: &AppState, workspace_id: i64) -> Result<Vec<StepView>, AppError> {
    Ok(approvals::workflow(&state.db, workspace_id).await?)
}

/// Where a post's approval stands now.
pub async fn state_of(state: &AppState, post: &Post) -> Result<ApprovalState, AppError> {
    let steps: Vec<_> = workflow(state, post.workspace_id)
        .await?
        .iter()
        .map(StepView::step)
        .collect();
    let trail: Vec<_> = approvals::trail(&state.db, post.id)
        .await?
        .iter()
        .filter_map(|r| r.review())
        .collect();
    Ok(evaluate(&steps, &trail))
}

async fn notify_waiting(state: &AppState, post: &Post) -> Result<(), AppError> {
    if let ApprovalState::Waiting { waiting_on, .. } = state_of(state, post).await? {
        for approver in waiting_on {
            let message = format!(
                "A post by {} is waiting for your approval.",
                post.author_name
            );
            let link = format!("/posts/{}", post.id);
            notifications::notify(
                &state.db,
                post.workspace_id,
                approver,
                "approval_waiting",
                &message,
                &link,
                now_millis(),
            )
            .await?;
        }
    }
    Ok(())
}

/// Records a (re)submission, which wipes earlier decisions, and tells the first step's approvers.
pub async fn submitted(state: &AppState, author: &User, post: &Post) -> Result<(), AppError> {
    let review = NewReview {
        post_id: post.id,
        step_position: None,
        user_id: Some(author.id),
        reviewer_name: &author.name,
        decision: Decision::Submitted,
        note: "",
    };
    approvals::add_review(&state.db, review, now_millis()).await?;
    notify_waiting(state, post).await
}

/// Who is deciding: a person of the team, or an outside approver through a link.
pub enum Reviewer<'a> {
    Member(&'a User),
    Outsider { name: &'a str, workspace_id: i64 },
}

/// Records a decision or comment and moves the post on: approved when every step is satisfied, back to the author
/// on a rejection or a request for changes.
pub async fn decide(
    state: &AppState,
    reviewer: Reviewer<'_>,
    post_id: i64,
    decision: Decision,
    note: &str,
) -> Result<ApprovalState, AppError> {
    let workspace_id = match &reviewer {
        Reviewer::Member(u) => u.workspace_id,
        Reviewer::Outsider { workspace_id, .. } => *workspace_id,
    };
    let post = posts::get(&state.db, workspace_id, post_id).await?;
    if decision == Decision::Submitted {
        return Err(AppError::invalid(
            "review_decision_invalid",
            "Use approve, reject, request changes or comment.",
        ));
    }
    if decision != Decision::Comment && post.status != PostStatus::PendingApproval {
        return Err(AppError::invalid(
            "post_not_waiting",
            "This post is not waiting for approval, so there is nothing to decide.",
        ));
    }
    if matches!(decision, Decision::Rejected | Decision::ChangesRequested) && note.trim().is_empty()
    {
        return Err(AppError::invalid(
            "review_reason_missing",
            "Say why, so the author knows what to change.",
        ));
    }
    let current = state_of(state, &post).await?;
    let step_position = match &current {
        ApprovalState::Waiting { position, .. } => Some(*position),
        _ => None,
    };
    let (user_id, name) = match &reviewer {
        Reviewer::Member(u) => (Some(u.id), u.name.clone()),
        Reviewer::Outsider { name, .. } => (None, format!("{name} (outside the team)")),
    };
    if let (true, Reviewer::Member(u), ApprovalState::Waiting { position, .. }) =
        (decision != Decision::Comment, &reviewer, &current)
    {
        let steps = workflow(state, workspace_id).await?;
        let approver_here = steps
            .iter()
            .any(|s| s.position == *position && s.approvers.contains(&u.id));
        if !approver_here {
            return Err(AppError::invalid(
                "not_an_approver_of_this_step",
                "You are not an approver of the step this post is waiting on.",
            ));
        }
    }
    let now = now_millis();
    let review = NewReview {
        post_id,
        step_position,
        user_id,
        reviewer_name: &name,
        decision,
        note: note.trim(),
    };
    approvals::add_review(&state.db, review, now).await?;
    let after = state_of(state, &post).await?;
    let status = match after {
        ApprovalState::Approved => PostStatus::Approved,
        ApprovalState::Rejected => PostStatus::Rejected,
        ApprovalState::ChangesRequested => PostStatus::ChangesRequested,
        ApprovalState::Waiting { .. } => PostStatus::PendingApproval,
    };
    if decision != Decision::Comment && status != post.status {
        posts::set_status(&state.db, post_id, status, now).await?;
    }
    let actor = match &reviewer {
        Reviewer::Member(u) => Some(u.id),
        Reviewer::Outsider { .. } => None,
    };
    let entry = sangam_store::activity::NewActivity {
        workspace_id,
        user_id: actor,
        action: decision.as_str(),
        object_kind: "post",
        object_id: Some(post_id),
        detail: &name,
    };
    sangam_store::activity::record(&state.db, entry, now).await?;
    if decision != Decision::Comment {
        let message = format!("{name} {} your post.", human(decision));
        let link = format!("/posts/{post_id}");
        notifications::notify(
            &state.db,
            workspace_id,
            post.author_id,
            "approval_decision",
            &message,
            &link,
            now,
        )
        .await?;
        if status == PostStatus::PendingApproval && after != current {
            notify_waiting(state, &post).await?;
        }
    }
    Ok(after)
}

fn human(decision: Decision) -> &'static str {
    match decision {
        Decision::Approved => "approved",
        Decision::Rejected => "rejected",
        Decision::ChangesRequested => "asked for changes to",
        Decision::Comment => "commented on",
        Decision::Submitted => "submitted",
    }
}

/// Link lifetimes a person can choose, in days.
pub const LINK_DAYS: std::ops::RangeInclusive<i64> = 1..=30;

/// Creates a signed, expiring link that shows only this post to an approver outside the team. The token is shown
/// once; only its digest is stored.
pub async fn create_link(
    state: &AppState,
    user: &User,
    post_id: i64,
    name: &str,
    days: i64,
) -> Result<String, AppError> {
    posts::get(&state.db, user.workspace_id, post_id).await?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::invalid(
            "reviewer_name_invalid",
            "Give the outside approver's name (up to 100 characters).",
        ));
    }
    if !LINK_DAYS.contains(&days) {
        return Err(AppError::invalid(
            "link_days_invalid",
            "A link lasts between 1 and 30 days.",
        ));
    }
    let token = tokens::generate();
    let now = now_millis();
    let expires: Millis = now + days * 86_400_000;
    approvals::create_link(
        &state.db,
        post_id,
        &tokens::digest(&token),
        name,
        expires,
        user.id,
        now,
    )
    .await?;
    super::log(
        state,
        user,
        "approval_link_created",
        "post",
        Some(post_id),
        name,
    )
    .await;
    Ok(token)
}
