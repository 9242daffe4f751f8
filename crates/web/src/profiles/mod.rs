//! Connected profiles: connecting, reconnecting and removing them.

pub mod actions;
pub mod api;
pub mod page;
