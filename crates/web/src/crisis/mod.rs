//! The crisis switch: pausing publishing with a reason and deciding, on resume, what was held.

pub mod actions;
pub mod api;
pub mod page;

use crate::routes::{Entry, get, post};

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get("/crisis", Some(PausePublishing), page::show),
        post("/crisis/pause", Some(PausePublishing), page::pause),
        post("/crisis/resume", Some(PausePublishing), page::resume),
        post(
            "/crisis/profiles/{id}",
            Some(PausePublishing),
            page::pause_profile,
        ),
        post(
            "/crisis/held/{id}",
            Some(PausePublishing),
            page::decide_held,
        ),
        get("/api/v1/crisis", Some(PausePublishing), api::crisis_state),
        post("/api/v1/crisis/pause", Some(PausePublishing), api::pause),
        post("/api/v1/crisis/resume", Some(PausePublishing), api::resume),
    ]
}
