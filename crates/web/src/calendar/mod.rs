//! The calendar of scheduled and published posts, and moving a post to another day.

pub mod move_post;
pub mod page;
