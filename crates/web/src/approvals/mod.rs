//! Approvals: the workflow in action, the queue of posts waiting, the workflow settings, and the signed links for
//! approvers outside the team.

pub mod actions;
pub mod api;
pub mod page;
pub mod review_link;

use crate::routes::{Entry, get, post, put};

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get("/approvals", Some(ReviewPosts), page::queue),
        get("/settings/approvals", Some(ManageApprovals), page::settings),
        post(
            "/settings/approvals",
            Some(ManageApprovals),
            page::save_settings,
        ),
        // Outside approvers: the signed token is the key, so no session is asked for.
        get("/review/{token}", None, review_link::show),
        post("/review/{token}", None, review_link::decide),
        post("/api/v1/posts/{id}/reviews", Some(ReviewPosts), api::review),
        get("/api/v1/posts/{id}/reviews", Some(ViewPosts), api::reviews),
        post(
            "/api/v1/posts/{id}/links",
            Some(ComposePosts),
            api::create_link,
        ),
        get("/api/v1/approvals", Some(ReviewPosts), api::queue),
        get("/api/v1/workflow", Some(ManageApprovals), api::workflow),
        put("/api/v1/workflow", Some(ManageApprovals), api::set_workflow),
    ]
}
