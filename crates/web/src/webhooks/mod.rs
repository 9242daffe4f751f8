//! Outgoing webhooks: an Admin subscribes a URL to events; each event is sent signed, at least once, with a delivery
//! log. The sending is the engine's (`sangam_engine::webhooks`); the outbox is the store's.

pub mod actions;
pub mod api;
pub mod page;

use crate::routes::{Entry, delete, get, post, put};

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::ManageWebhooks as Admin;
    vec![
        get("/settings/webhooks", Some(Admin), page::list),
        post("/settings/webhooks", Some(Admin), page::create),
        get("/settings/webhooks/{id}", Some(Admin), page::show),
        post("/settings/webhooks/{id}", Some(Admin), page::update),
        post("/settings/webhooks/{id}/rotate", Some(Admin), page::rotate),
        post("/settings/webhooks/{id}/test", Some(Admin), page::test),
        post("/settings/webhooks/{id}/delete", Some(Admin), page::delete),
        get("/api/v1/webhooks", Some(Admin), api::list),
        post("/api/v1/webhooks", Some(Admin), api::create),
        get("/api/v1/webhooks/{id}", Some(Admin), api::show),
        put("/api/v1/webhooks/{id}", Some(Admin), api::update),
        delete("/api/v1/webhooks/{id}", Some(Admin), api::delete),
        post("/api/v1/webhooks/{id}/rotate", Some(Admin), api::rotate),
        post("/api/v1/webhooks/{id}/test", Some(Admin), api::test),
        get(
            "/api/v1/webhooks/{id}/deliveries",
            Some(Admin),
            api::deliveries,
        ),
    ]
}
