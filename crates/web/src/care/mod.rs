//! Care: "My week" for everyone, the team's week for managers, check-ins and editor heartbeats.

pub mod actions;
pub mod api;
pub mod page;

use crate::routes::{Entry, get, post};

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get("/care/me", Some(ViewOwnWellbeing), page::my_week),
        post("/care/checkin", Some(ViewOwnWellbeing), page::check_in),
        get("/care/team", Some(ViewTeamCare), page::team),
        post(
            "/activity/heartbeat",
            Some(ViewOwnWellbeing),
            page::heartbeat,
        ),
        get("/api/v1/care/me", Some(ViewOwnWellbeing), api::me),
        post(
            "/api/v1/care/checkin",
            Some(ViewOwnWellbeing),
            api::check_in,
        ),
        get("/api/v1/care/team", Some(ViewTeamCare), api::team),
    ]
}
