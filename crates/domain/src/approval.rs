//! Approval workflows: ordered steps, each naming its approvers and whether any one or all of them must approve.
//! The state of a post's approval is computed from the steps and the trail of reviews, never stored twice.

use serde::{Deserialize, Serialize};

/// Where a post stands between the composer and the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PostStatus {
    /// Being written; autosaved; goes nowhere.
    Draft,
    /// Submitted; waiting on the workflow.
    PendingApproval,
    /// An approver asked for changes; back with the author.
    ChangesRequested,
    /// An approver refused it.
    Rejected,
    /// Cleared to publish at its time.
    Approved,
}

impl PostStatus {
    pub const ALL: [PostStatus; 5] = [
        PostStatus::Draft,
        PostStatus::PendingApproval,
        PostStatus::ChangesRequested,
        PostStatus::Rejected,
        PostStatus::Approved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PostStatus::Draft => "draft",
            PostStatus::PendingApproval => "pending_approval",
            PostStatus::ChangesRequested => "changes_requested",
            PostStatus::Rejected => "rejected",
            PostStatus::Approved => "approved",
        }
    }

    pub fn parse(s: &str) -> Option<PostStatus> {
        PostStatus::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// Only an approved post may reach a network.
    pub fn may_publish(self) -> bool {
        self == PostStatus::Approved
    }

    /// The author may still change the post.
    pub fn is_editable(self) -> bool {
        matches!(
            self,
            PostStatus::Draft
                | PostStatus::ChangesRequested
                | PostStatus::Rejected
                | PostStatus::PendingApproval
        )
    }
}

/// Whether a step needs one approval from its approvers or all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Needs {
    Any,
    All,
}

impl Needs {
    pub fn as_str(self) -> &'static str {
        match self {
            Needs::Any => "any",
            Needs::All => "all",
        }
    }

    pub fn parse(s: &str) -> Option<Needs> {
        match s {
            "any" => Some(Needs::Any),
            "all" => Some(Needs::All),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub position: i64,
    pub needs: Needs,
    pub approvers: Vec<i64>,
}

/// One entry of a post's review trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The author sent it (again) for approval: earlier decisions no longer count.
    Submitted,
    Approved,
    Rejected,
    ChangesRequested,
    Comment,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Submitted => "submitted",
            Decision::Approved => "approved",
            Decision::Rejected => "rejected",
            Decision::ChangesRequested => "changes_requested",
            Decision::Comment => "comment",
        }
    }

    pub fn parse(s: &str) -> Option<Decision> {
        [
            Decision::Submitted,
            Decision::Approved,
            Decision::Rejected,
            Decision::ChangesRequested,
            Decision::Comment,
        ]
        .into_iter()
        .find(|d| d.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// `None` for an approver outside the team, through a signed link.
    pub reviewer: Option<i64>,
    /// The step the decision was made on.
    pub step: Option<i64>,
    pub decision: Decision,
}

/// The outcome of a workflow so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApprovalState {
    Approved,
    Rejected,
    ChangesRequested,
    /// Waiting on step `position`; `waiting_on` are its approvers who have not approved yet.
    Waiting {
        position: i64,
        waiting_on: Vec<i64>,
    },
}

/// Walks the steps in order against the reviews since the last submission. A rejection or a request for changes
/// ends the walk; otherwise the first step not yet satisfied is the one waiting.
///
/// The author never counts as their own approver: their approvals are ignored, they are never waited on, and a step
/// whose only approver is the author cannot be cleared by the team (an "all" step needs every approver other than the
/// author, and at least one). An outside approver's approval counts only for the step their link was made for, and
/// only on an "any" step.
pub fn evaluate(steps: &[Step], reviews: &[Review], author: i64) -> ApprovalState {
    let since = reviews
        .iter()
        .rposition(|r| r.decision == Decision::Submitted)
        .map_or(0, |i| i + 1);
    let current = &reviews[since..];
    if let Some(last) = current.iter().rev().find(|r| {
        matches!(r.decision, Decision::Rejected | Decision::ChangesRequested)
            && r.reviewer != Some(author)
    }) {
        return match last.decision {
            Decision::Rejected => ApprovalState::Rejected,
            _ => ApprovalState::ChangesRequested,
        };
    }
    let mut ordered: Vec<&Step> = steps.iter().collect();
    ordered.sort_by_key(|s| s.position);
    for step in ordered {
        let approved_here = |who: Option<i64>| {
            current.iter().any(|r| {
                r.decision == Decision::Approved
                    && r.step == Some(step.position)
                    && r.reviewer == who
            })
        };
        let eligible: Vec<i64> = step
            .approvers
            .iter()
            .copied()
            .filter(|a| *a != author)
            .collect();
        let waiting_on: Vec<i64> = eligible
            .iter()
            .copied()
            .filter(|a| !approved_here(Some(*a)))
            .collect();
        let satisfied = match step.needs {
            Needs::Any => waiting_on.len() < eligible.len() || approved_here(None),
            Needs::All => !eligible.is_empty() && waiting_on.is_empty(),
        };
        if !satisfied {
            return ApprovalState::Waiting {
                position: step.position,
                waiting_on,
            };
        }
    }
    ApprovalState::Approved
}

/// Why a person may not decide a post's current step (and so may not invite an outside approver for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DecideRefusal {
    #[error("This post is not waiting for approval, so there is nothing to decide.")]
    NotWaiting,
    #[error(
        "You wrote this post, and an author never approves their own post, nor invites someone to approve it."
    )]
    OwnPost,
    #[error("You are not an approver of the step this post is waiting on.")]
    NotAnApprover,
    #[error(
        "This link was made for a step that is no longer the one waiting, so it can only comment now."
    )]
    OtherStep,
}

impl DecideRefusal {
    pub fn code(self) -> crate::ErrorCode {
        use crate::ErrorCode;
        match self {
            DecideRefusal::NotWaiting => ErrorCode::PostNotWaiting,
            DecideRefusal::OwnPost => ErrorCode::OwnPostApproval,
            DecideRefusal::NotAnApprover => ErrorCode::NotAnApproverOfThisStep,
            DecideRefusal::OtherStep => ErrorCode::LinkForAnotherStep,
        }
    }
}

/// Whether `person` may decide the step a post by `author` is waiting on, given where its approval stands; if so,
/// which step (its position). The one rule behind approving, rejecting, asking for changes and inviting an outside
/// approver, in the pages, the API and the review link alike.
pub fn may_decide(
    steps: &[Step],
    state: &ApprovalState,
    author: i64,
    person: i64,
) -> Result<i64, DecideRefusal> {
    let ApprovalState::Waiting { position, .. } = state else {
        return Err(DecideRefusal::NotWaiting);
    };
    if person == author {
        return Err(DecideRefusal::OwnPost);
    }
    let approver_here = steps
        .iter()
        .any(|s| s.position == *position && s.approvers.contains(&person));
    if approver_here {
        Ok(*position)
    } else {
        Err(DecideRefusal::NotAnApprover)
    }
}

/// Whether an outside approver's link made for step `link_step` may decide now: only while that step is the one
/// waiting.
pub fn link_may_decide(state: &ApprovalState, link_step: i64) -> Result<i64, DecideRefusal> {
    match state {
        ApprovalState::Waiting { position, .. } if *position == link_step => Ok(link_step),
        ApprovalState::Waiting { .. } => Err(DecideRefusal::OtherStep),
        _ => Err(DecideRefusal::NotWaiting),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(position: i64, needs: Needs, approvers: &[i64]) -> Step {
        Step {
            position,
            needs,
            approvers: approvers.to_vec(),
        }
    }

    fn review(reviewer: i64, step: i64, decision: Decision) -> Review {
        Review {
            reviewer: Some(reviewer),
            step: Some(step),
            decision,
        }
    }

    const AUTHOR: i64 = 1;

    fn submitted() -> Review {
        Review {
            reviewer: Some(AUTHOR),
            step: None,
            decision: Decision::Submitted,
        }
    }

    #[test]
    fn any_one_approver_clears_an_any_step_but_all_are_needed_for_an_all_step() {
        let steps = [
            step(1, Needs::Any, &[10, 11]),
            step(2, Needs::All, &[20, 21]),
        ];
        let mut trail = vec![submitted()];
        assert_eq!(
            evaluate(&steps, &trail, AUTHOR),
            ApprovalState::Waiting {
                position: 1,
                waiting_on: vec![10, 11]
            }
        );
        trail.push(review(11, 1, Decision::Approved));
        assert_eq!(
            evaluate(&steps, &trail, AUTHOR),
            ApprovalState::Waiting {
                position: 2,
                waiting_on: vec![20, 21]
            }
        );
        trail.push(review(20, 2, Decision::Approved));
        assert_eq!(
            evaluate(&steps, &trail, AUTHOR),
            ApprovalState::Waiting {
                position: 2,
                waiting_on: vec![21]
            }
        );
        trail.push(review(21, 2, Decision::Approved));
        assert_eq!(evaluate(&steps, &trail, AUTHOR), ApprovalState::Approved);
    }

    #[test]
    fn an_approval_for_a_later_step_does_not_skip_an_earlier_one() {
        let steps = [step(1, Needs::Any, &[10]), step(2, Needs::Any, &[20])];
        let trail = vec![submitted(), review(20, 2, Decision::Approved)];
        assert_eq!(
            evaluate(&steps, &trail, AUTHOR),
            ApprovalState::Waiting {
                position: 1,
                waiting_on: vec![10]
            }
        );
    }

    #[test]
    fn a_resubmission_wipes_earlier_decisions() {
        let steps = [step(1, Needs::Any, &[10])];
        let trail = vec![submitted(), review(10, 1, Decision::ChangesRequested)];
        assert_eq!(
            evaluate(&steps, &trail, AUTHOR),
            ApprovalState::ChangesRequested
        );
        let mut again = trail.clone();
        again.push(submitted());
        assert_eq!(
            evaluate(&steps, &again, AUTHOR),
            ApprovalState::Waiting {
                position: 1,
                waiting_on: vec![10]
            }
        );
        again.push(review(10, 1, Decision::Rejected));
        assert_eq!(evaluate(&steps, &again, AUTHOR), ApprovalState::Rejected);
    }

    #[test]
    fn comments_change_nothing_and_no_steps_means_approved() {
        let steps = [step(1, Needs::Any, &[10])];
        let trail = vec![submitted(), review(10, 1, Decision::Comment)];
        assert_eq!(
            evaluate(&steps, &trail, AUTHOR),
            ApprovalState::Waiting {
                position: 1,
                waiting_on: vec![10]
            }
        );
        assert_eq!(evaluate(&[], &trail, AUTHOR), ApprovalState::Approved);
    }

    #[test]
    fn an_outside_approver_clears_an_any_step_only() {
        let steps = [step(1, Needs::Any, &[10]), step(2, Needs::All, &[20])];
        let outsider = |s| Review {
            reviewer: None,
            step: Some(s),
            decision: Decision::Approved,
        };
        let trail = vec![submitted(), outsider(1), outsider(2)];
        assert_eq!(
            evaluate(&steps, &trail, AUTHOR),
            ApprovalState::Waiting {
                position: 2,
                waiting_on: vec![20]
            }
        );
    }

    #[test]
    fn an_author_never_counts_as_their_own_approver() {
        // The author is an approver of both steps: their own approval clears neither.
        let steps = [
            step(1, Needs::Any, &[AUTHOR, 10]),
            step(2, Needs::All, &[AUTHOR, 20]),
        ];
        let mut trail = vec![submitted(), review(AUTHOR, 1, Decision::Approved)];
        assert_eq!(
            evaluate(&steps, &trail, AUTHOR),
            ApprovalState::Waiting {
                position: 1,
                waiting_on: vec![10]
            }
        );
        trail.push(review(10, 1, Decision::Approved));
        trail.push(review(AUTHOR, 2, Decision::Approved));
        assert_eq!(
            evaluate(&steps, &trail, AUTHOR),
            ApprovalState::Waiting {
                position: 2,
                waiting_on: vec![20]
            },
            "an all step needs every approver but the author"
        );
        trail.push(review(20, 2, Decision::Approved));
        assert_eq!(evaluate(&steps, &trail, AUTHOR), ApprovalState::Approved);
    }

    #[test]
    fn a_step_only_the_author_could_approve_stays_waiting() {
        for needs in [Needs::Any, Needs::All] {
            let steps = [step(1, needs, &[AUTHOR])];
            let trail = vec![submitted(), review(AUTHOR, 1, Decision::Approved)];
            assert_eq!(
                evaluate(&steps, &trail, AUTHOR),
                ApprovalState::Waiting {
                    position: 1,
                    waiting_on: vec![]
                }
            );
        }
    }

    #[test]
    fn only_an_approver_of_the_waiting_step_who_is_not_the_author_may_decide() {
        let steps = [
            step(1, Needs::Any, &[AUTHOR, 10]),
            step(2, Needs::Any, &[20]),
        ];
        let state = evaluate(&steps, &[submitted()], AUTHOR);
        assert_eq!(may_decide(&steps, &state, AUTHOR, 10), Ok(1));
        assert_eq!(
            may_decide(&steps, &state, AUTHOR, AUTHOR),
            Err(DecideRefusal::OwnPost)
        );
        assert_eq!(
            may_decide(&steps, &state, AUTHOR, 20),
            Err(DecideRefusal::NotAnApprover)
        );
        assert_eq!(
            may_decide(&steps, &ApprovalState::Approved, AUTHOR, 10),
            Err(DecideRefusal::NotWaiting)
        );
        assert_eq!(link_may_decide(&state, 1), Ok(1));
        assert_eq!(link_may_decide(&state, 2), Err(DecideRefusal::OtherStep));
    }
}
