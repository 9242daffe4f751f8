//! Personal API tokens.

pub mod actions;
pub mod api;
