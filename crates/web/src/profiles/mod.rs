//! Connected profiles: connecting, reconnecting and removing them.

pub mod actions;
pub mod api;
pub mod apps;
pub mod page;

use crate::routes::{Entry, delete, get, post};

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get("/profiles", Some(ViewProfiles), page::list),
        post("/profiles", Some(ManageProfiles), page::create),
        post(
            "/profiles/mastodon",
            Some(ManageProfiles),
            page::connect_mastodon,
        ),
        post(
            "/profiles/mastodon/authorize",
            Some(ManageProfiles),
            page::mastodon_authorize,
        ),
        get(
            "/profiles/mastodon/callback",
            Some(ManageProfiles),
            page::mastodon_callback,
        ),
        post(
            "/profiles/bluesky",
            Some(ManageProfiles),
            page::connect_bluesky,
        ),
        post(
            "/profiles/{id}/reconnect",
            Some(ManageProfiles),
            page::reconnect,
        ),
        post("/profiles/{id}/remove", Some(ManageProfiles), page::remove),
        get("/api/v1/profiles", Some(ViewProfiles), api::list),
        post("/api/v1/profiles", Some(ManageProfiles), api::create),
        get(
            "/api/v1/profiles/{id}/snapshots",
            Some(ViewDashboard),
            api::snapshots,
        ),
        post(
            "/api/v1/profiles/mastodon",
            Some(ManageProfiles),
            api::connect_mastodon,
        ),
        post(
            "/api/v1/profiles/bluesky",
            Some(ManageProfiles),
            api::connect_bluesky,
        ),
        post(
            "/api/v1/profiles/{id}/reconnect",
            Some(ManageProfiles),
            api::reconnect,
        ),
        delete("/api/v1/profiles/{id}", Some(ManageProfiles), api::remove),
    ]
    .into_iter()
    .chain(apps::routes())
    .collect()
}
