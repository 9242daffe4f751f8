//! Bulk scheduling: a CSV file (or rows pasted from a spreadsheet) of posts, previewed row by row against each
//! network's limits and the queue, and scheduled in one transaction under the composer's approval rules. The page is
//! `/posts/bulk` (with a template to download), the API `POST /api/v1/posts/bulk`.

pub mod actions;
pub mod api;
pub mod page;
pub mod sheet;

use crate::routes::{Entry, get, post};

/// This feature's rows of the route table.
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get("/posts/bulk", Some(ComposePosts), page::show),
        post("/posts/bulk", Some(ComposePosts), page::submit),
        get(
            "/posts/bulk/template.csv",
            Some(ComposePosts),
            page::template,
        ),
        post("/api/v1/posts/bulk", Some(ComposePosts), api::bulk),
    ]
}
