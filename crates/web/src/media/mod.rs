//! Images attached to posts: checked and stored at upload, served back to the workspace.

pub mod actions;
pub mod api;
pub mod page;
pub mod public;

use crate::routes::{Entry, get, post};

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get("/media/{id}", Some(ViewPosts), page::serve),
        get("/media/public/{sha256}", None, public::serve),
        post("/api/v1/media", Some(ComposePosts), api::upload),
    ]
}
