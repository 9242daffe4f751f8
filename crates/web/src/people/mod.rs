//! People in the workspace: invitations, roles, deactivation, password resets, and one's own password change.

pub mod actions;
pub mod api;
pub mod page;
