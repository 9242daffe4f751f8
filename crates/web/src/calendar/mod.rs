//! The calendar of scheduled and published posts, and moving a post to another day.

pub mod api;
pub mod move_post;
pub mod page;

use crate::routes::{Entry, get, post};

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get("/calendar", Some(ViewPosts), page::show),
        post(
            "/calendar/posts/{id}/move",
            Some(ComposePosts),
            move_post::drop_on_day,
        ),
        get("/api/v1/calendar", Some(ViewPosts), api::calendar),
    ]
}
