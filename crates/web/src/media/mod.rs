//! Images attached to posts: checked and stored at upload, served back to the workspace.

pub mod actions;
pub mod page;
