//! Queue times: each profile's weekly slots, and "add to queue", which takes the next free one.

pub mod actions;
pub mod page;
