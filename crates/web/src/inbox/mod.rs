//! The inbox: conversations, the actions on them, the shield, moderation rules, saved replies and settings.

pub mod actions;
pub mod api;
pub mod page;
pub mod presence;
