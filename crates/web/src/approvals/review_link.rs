//! The page an approver outside the team opens from a signed, expiring link. It shows that one post and nothing
//! else, and takes their decision. No account or session is involved; the token is the key.

use crate::AppState;
use crate::approvals::actions::{self as approval_actions, Reviewer};
use crate::auth::tokens;
use crate::error::AppError;
use crate::i18n::Tr;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use sangam_domain::ErrorCode;
use sangam_domain::approval::{Decision, link_may_decide};
use sangam_domain::{PostStatus, now_millis};
use sangam_store::approvals::{self, ApprovalLink};
use sangam_store::posts::{self, Post};

#[derive(Template, WebTemplate)]
#[template(path = "pages/review_link.html")]
pub struct ReviewLinkPage {
    pub t: Tr,
    pub post: Post,
    pub reviewer: String,
    /// The name of the step the link was made for.
    pub step_name: Option<String>,
    /// The link's step is the one waiting, so a decision would count.
    pub may_decide: bool,
    pub token: String,
    pub done: Option<String>,
    pub error: Option<String>,
}

impl ReviewLinkPage {
    /// The page for this link and post as they stand now.
    async fn build(
        state: &AppState,
        link: ApprovalLink,
        post: Post,
        token: String,
        done: Option<String>,
        error: Option<String>,
    ) -> Result<ReviewLinkPage, AppError> {
        let steps = approval_actions::workflow(state, post.workspace_id).await?;
        let step_name = steps
            .iter()
            .find(|s| Some(s.position) == link.step_position)
            .map(|s| s.name.clone());
        let may_decide = post.status == PostStatus::PendingApproval
            && match link.step_position {
                Some(step) => {
                    let current = approval_actions::state_of(state, &post).await?;
                    link_may_decide(&current, step).is_ok()
                }
                None => false,
            };
        Ok(ReviewLinkPage {
            t: Tr::new("en-US", "UTC"),
            post,
            reviewer: link.reviewer_name,
            step_name,
            may_decide,
            token,
            done,
            error,
        })
    }
}

async fn open(state: &AppState, token: &str) -> Result<(ApprovalLink, Post), AppError> {
    let link = approvals::link(&state.db, &tokens::digest(token), now_millis())
        .await?
        .ok_or_else(|| AppError::NotFound("This approval link (it may have expired)".into()))?;
    let workspace_id = posts_workspace(state, link.post_id).await?;
    let post = posts::get(&state.db, workspace_id, link.post_id).await?;
    Ok((link, post))
}

async fn posts_workspace(state: &AppState, post_id: i64) -> Result<i64, AppError> {
    Ok(sangam_store::posts::workspace_of(&state.db, post_id).await?)
}

pub async fn show(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<ReviewLinkPage, AppError> {
    let (link, post) = open(&state, &token).await?;
    ReviewLinkPage::build(&state, link, post, token, None, None).await
}

#[derive(serde::Deserialize)]
pub struct DecisionForm {
    decision: String,
    #[serde(default)]
    note: String,
}

pub async fn decide(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, AppError> {
    let (link, post) = open(&state, &token).await?;
    let decision = Decision::parse(&form.decision)
        .filter(|d| *d != Decision::Submitted)
        .ok_or_else(|| AppError::refuse(ErrorCode::ReviewDecisionInvalid).with("case", "link"))?;
    let reviewer = Reviewer::Outsider {
        name: &link.reviewer_name,
        workspace_id: post.workspace_id,
        step: link.step_position,
    };
    let t = Tr::new("en-US", "UTC");
    match approval_actions::decide(&state, reviewer, post.id, decision, &form.note).await {
        Ok(_) => {
            let post = posts::get(&state.db, post.workspace_id, post.id).await?;
            let done = Some(t.t("review-link-thanks"));
            let page = ReviewLinkPage::build(&state, link, post, token, done, None).await?;
            Ok(page.into_response())
        }
        Err(e @ AppError::Invalid { .. }) => {
            let status = e.status();
            let page =
                ReviewLinkPage::build(&state, link, post, token, None, Some(e.to_string())).await?;
            Ok((status, page).into_response())
        }
        Err(e) => Err(e),
    }
}
