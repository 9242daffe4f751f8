//! Posts: the list, the composer, one post's page with its deliveries, and editing, rescheduling and deleting.

pub mod actions;
pub mod api;
pub mod compose_form;
pub mod page;
pub mod publishing_api;
