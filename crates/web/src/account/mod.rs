//! One's own account: language, time zone, password, and its JSON face (`/api/v1/me`).

pub mod api;
pub mod page;
