//! The weekly review: drafted by the engine once a workspace's week ends (or by a person for any week), it brings
//! the week's reports, goals, inbox, themes and team aggregates onto one page that is the social team's meeting
//! agenda; people add items, notes, decisions and action items, and open actions come first the next week.

pub mod actions;
pub mod api;
pub mod figures;
pub mod page;

use crate::routes::{Entry, get, post, put};

/// This feature's rows of the route table: path, method and the permission each needs.
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get("/reviews", Some(ViewInbox), page::list),
        post("/reviews", Some(ViewInbox), page::draft),
        get("/reviews/{id}", Some(ViewInbox), page::show),
        post("/reviews/{id}/items", Some(ViewInbox), page::add_item),
        post("/reviews/items/{id}/done", Some(ViewInbox), page::done),
        get("/api/v1/reviews", Some(ViewInbox), api::list),
        post("/api/v1/reviews", Some(ViewInbox), api::draft),
        get("/api/v1/reviews/{id}", Some(ViewInbox), api::show),
        post("/api/v1/reviews/{id}/items", Some(ViewInbox), api::add_item),
        put(
            "/api/v1/review-items/{id}/done",
            Some(ViewInbox),
            api::set_done,
        ),
    ]
}
