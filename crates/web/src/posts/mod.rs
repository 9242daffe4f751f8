//! Posts: the list, the composer, one post's page with its deliveries, and editing, rescheduling and deleting.

pub mod actions;
pub mod api;
pub mod compose_form;
pub mod page;

use crate::routes::{Entry, delete, get, post, put};

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get("/posts", Some(ViewPosts), page::list),
        get("/posts/new", Some(ComposePosts), page::compose),
        post("/posts", Some(ComposePosts), page::create),
        get("/posts/{id}", Some(ViewPosts), page::show),
        get("/posts/{id}/link-thumb", Some(ViewPosts), page::link_thumb),
        get("/posts/{id}/deliveries", Some(ViewPosts), page::deliveries),
        post("/deliveries/{id}/retry", Some(ComposePosts), page::retry),
        get("/posts/{id}/edit", Some(ComposePosts), page::edit_form),
        post("/posts/autosave", Some(ComposePosts), page::autosave),
        post("/posts/{id}/review", Some(ReviewPosts), page::review),
        post("/posts/{id}/links", Some(ComposePosts), page::create_link),
        post("/posts/{id}/delete", Some(ComposePosts), page::delete),
        post(
            "/posts/{id}/reschedule",
            Some(ComposePosts),
            page::reschedule,
        ),
        post(
            "/deliveries/{id}/reconcile",
            Some(ComposePosts),
            page::reconcile,
        ),
        put("/api/v1/posts/{id}", Some(ComposePosts), api::edit),
        delete("/api/v1/posts/{id}", Some(ComposePosts), api::delete),
        post(
            "/api/v1/posts/{id}/reschedule",
            Some(ComposePosts),
            api::reschedule,
        ),
        post(
            "/api/v1/deliveries/{id}/reconcile",
            Some(ComposePosts),
            api::reconcile,
        ),
        get("/api/v1/posts", Some(ViewPosts), api::list),
        post("/api/v1/posts", Some(ComposePosts), api::create),
        get("/api/v1/posts/{id}", Some(ViewPosts), api::show),
        get("/api/v1/posts/{id}/plan", Some(ViewPosts), api::plan),
        post(
            "/api/v1/deliveries/{id}/retry",
            Some(ComposePosts),
            api::retry,
        ),
        get("/api/v1/engagement", Some(ViewDashboard), api::engagement),
    ]
}
