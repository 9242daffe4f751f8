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
pub fn evaluate(steps: &[Step], reviews: &[Review]) -> ApprovalState {
    let since = reviews
        .iter()
        .rposition(|r| r.decision == Decision::Submitted)
        .map_or(0, |i| i + 1);
    let current = &reviews[since..];
    if let Some(last) = current
        .iter()
        .rev()
        .find(|r| matches!(r.decision, Decision::Rejected | Decision::ChangesRequested))
    {
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
        let outsider_approved = current.iter().any(|r| {
            r.decision == Decision::Approved
                && r.step == Some(step.position)
                && r.reviewer.is_none()
        });
        let waiting_on: Vec<i64> = step
            .approvers
            .iter()
            .copied()
            .filter(|a| !approved_here(Some(*a)))
            .collect();
        let satisfied = match step.needs {
            Needs::Any => waiting_on.len() < step.approvers.len() || outsider_approved,
            Needs::All => waiting_on.is_empty(),
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

    fn submitted() -> Review {
        Review {
            reviewer: Some(1),
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
            evaluate(&steps, &trail),
            ApprovalState::Waiting {
                position: 1,
                waiting_on: vec![10, 11]
            }
        );
        trail.push(review(11, 1, Decision::Approved));
        assert_eq!(
            evaluate(&steps, &trail),
            ApprovalState::Waiting {
                position: 2,
                waiting_on: vec![20, 21]
            }
        );
        trail.push(review(20, 2, Decision::Approved));
        assert_eq!(
            evaluate(&steps, &trail),
            ApprovalState::Waiting {
                position: 2,
                waiting_on: vec![21]
            }
        );
        trail.push(review(21, 2, Decision::Approved));
        assert_eq!(evaluate(&steps, &trail), ApprovalState::Approved);
    }

    #[test]
    fn an_approval_for_a_later_step_does_not_skip_an_earlier_one() {
        let steps = [step(1, Needs::Any, &[10]), step(2, Needs::Any, &[20])];
        let trail = vec![submitted(), review(20, 2, Decision::Approved)];
        assert_eq!(
            evaluate(&steps, &trail),
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
        assert_eq!(evaluate(&steps, &trail), ApprovalState::ChangesRequested);
        let mut again = trail.clone();
        again.push(submitted());
        assert_eq!(
            evaluate(&steps, &again),
            ApprovalState::Waiting {
                position: 1,
                waiting_on: vec![10]
            }
        );
        again.push(review(10, 1, Decision::Rejected));
        assert_eq!(evaluate(&steps, &again), ApprovalState::Rejected);
    }

    #[test]
    fn comments_change_nothing_and_no_steps_means_approved() {
        let steps = [step(1, Needs::Any, &[10])];
        let trail = vec![submitted(), review(10, 1, Decision::Comment)];
        assert_eq!(
            evaluate(&steps, &trail),
            ApprovalState::Waiting {
                position: 1,
                waiting_on: vec![10]
            }
        );
        assert_eq!(evaluate(&[], &trail), ApprovalState::Approved);
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
            evaluate(&steps, &trail),
            ApprovalState::Waiting {
                position: 2,
                waiting_on: vec![20]
            }
        );
    }
}
