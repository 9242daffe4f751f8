//! The crisis switch: pausing publishing with a reason and deciding, on resume, what was held.

pub mod actions;
pub mod page;
