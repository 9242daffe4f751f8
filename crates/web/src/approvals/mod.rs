//! Approvals: the workflow in action, the queue of posts waiting, the workflow settings, and the signed links for
//! approvers outside the team.

pub mod actions;
pub mod page;
pub mod review_link;
