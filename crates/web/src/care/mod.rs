//! Care: "My week" for everyone, the team's week for managers, check-ins and editor heartbeats.

pub mod actions;
pub mod api;
pub mod page;
