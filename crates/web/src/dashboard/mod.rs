//! The dashboard: followers over time and engagements per post.

pub mod page;
