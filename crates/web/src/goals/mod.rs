//! Goals: set one, and see where it stands against the reports' own figures.

pub mod actions;
pub mod api;
pub mod page;
