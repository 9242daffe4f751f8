//! The approval workflow in action: submitting, deciding, and signed links for approvers outside the team.

use crate::AppState;
use crate::auth::tokens;
use crate::error::AppError;
use sangam_domain::ErrorCode;
use sangam_domain::approval::{
    ApprovalState, DecideRefusal, Decision, evaluate, link_may_decide, may_decide,
};
use sangam_domain::text_limits::{max_chars, ranges, within};
use sangam_domain::{Millis, PostStatus, now_millis};
use sangam_store::approvals::{self, NewReview, ReviewEntry, StepView};
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
        .map(ReviewEntry::review)
        .collect();
    Ok(evaluate(&steps, &trail, post.author_id))
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

/// Who is deciding: a person of the team, or an outside approver through a link made for one step (`None`: an
/// old link that names no step, which may only comment).
pub enum Reviewer<'a> {
    Member(&'a User),
    Outsider {
        name: &'a str,
        workspace_id: i64,
        step: Option<i64>,
    },
}

impl From<DecideRefusal> for AppError {
    fn from(r: DecideRefusal) -> Self {
        AppError::refuse(r.code())
    }
}

/// Whether `user` may decide the step `post` is waiting on now (and so invite an outside approver for it): the
/// workflow's rule, `sangam_domain::approval::may_decide`. Returns the step's position.
pub async fn may_decide_now(
    state: &AppState,
    user: &User,
    post: &Post,
) -> Result<Result<i64, DecideRefusal>, AppError> {
    if post.status != PostStatus::PendingApproval {
        return Ok(Err(DecideRefusal::NotWaiting));
    }
    let steps: Vec<_> = workflow(state, post.workspace_id)
        .await?
        .iter()
        .map(StepView::step)
        .collect();
    let current = state_of(state, post).await?;
    Ok(may_decide(&steps, &current, post.author_id, user.id))
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
    if !within(note, max_chars::NOTE) {
        return Err(AppError::refuse(ErrorCode::ReviewNoteTooLong).with("max", max_chars::NOTE));
    }
    let post = posts::get(&state.db, workspace_id, post_id).await?;
    if decision == Decision::Submitted {
        return Err(AppError::refuse(ErrorCode::ReviewDecisionInvalid).with("case", "api"));
    }
    if decision != Decision::Comment && post.status != PostStatus::PendingApproval {
        return Err(AppError::refuse(ErrorCode::PostNotWaiting));
    }
    if matches!(decision, Decision::Rejected | Decision::ChangesRequested) && note.trim().is_empty()
    {
        return Err(AppError::refuse(ErrorCode::ReviewReasonMissing));
    }
    let current = state_of(state, &post).await?;
    // A comment is recorded against the step waiting now, if any; a decision only by someone the workflow lets
    // decide that step: never the author, and an outsider only for the step their link was made for.
    let step_position = if decision == Decision::Comment {
        match &current {
            ApprovalState::Waiting { position, .. } => Some(*position),
            _ => None,
        }
    } else {
        let allowed = match &reviewer {
            Reviewer::Member(u) => {
                let steps: Vec<_> = workflow(state, workspace_id)
                    .await?
                    .iter()
                    .map(StepView::step)
                    .collect();
                may_decide(&steps, &current, post.author_id, u.id)
            }
            Reviewer::Outsider { step: Some(s), .. } => link_may_decide(&current, *s),
            Reviewer::Outsider { step: None, .. } => Err(DecideRefusal::OtherStep),
        };
        Some(allowed?)
    };
    let (user_id, name) = match &reviewer {
        Reviewer::Member(u) => (Some(u.id), u.name.clone()),
        Reviewer::Outsider { name, .. } => (None, format!("{name} (outside the team)")),
    };
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
        if status == PostStatus::Approved {
            // A post held at its time waits for its next look; an approval sends what is due at once.
            sangam_engine::reconnect::send_approved_now(&state.db, post_id, now)
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?;
        }
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
pub const LINK_DAYS: std::ops::RangeInclusive<i64> = ranges::LINK_DAYS;

/// Creates a signed, expiring link that shows only this post to an approver outside the team, for the step the post
/// is waiting on. Only someone who may decide that step may invite someone to decide it: never the author. The
/// token is shown once; only its digest is stored.
pub async fn create_link(
    state: &AppState,
    user: &User,
    post_id: i64,
    name: &str,
    days: i64,
) -> Result<String, AppError> {
    let post = posts::get(&state.db, user.workspace_id, post_id).await?;
    let step_position = may_decide_now(state, user, &post).await??;
    let name = name.trim();
    if name.is_empty() || !within(name, max_chars::NAME) {
        return Err(AppError::refuse(ErrorCode::ReviewerNameInvalid));
    }
    if !LINK_DAYS.contains(&days) {
        return Err(AppError::refuse(ErrorCode::LinkDaysInvalid));
    }
    let token = tokens::generate();
    let now = now_millis();
    let expires: Millis = now + days * 86_400_000;
    let digest = tokens::digest(&token);
    let link = approvals::NewLink {
        post_id,
        step_position,
        token_hash: &digest,
        reviewer_name: name,
        expires_at: expires,
        created_by: user.id,
    };
    approvals::create_link(&state.db, user.workspace_id, link, now).await?;
    crate::audit::log(
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
