//! Networks reached through the workspace's own developer app (Facebook, Instagram, Threads, LinkedIn, X): the app's
//! credentials, and connecting profiles through the network's OAuth flow. The connectors plug in through
//! `sangam_networks::oauth::AppNetwork`; this module knows no network by name.

pub mod api;
pub mod flow;
pub mod page;

use crate::routes::{Entry, get, post, put};

pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        post(
            "/profiles/oauth/{network}/app",
            Some(ManageProfiles),
            page::set_app,
        ),
        post(
            "/profiles/oauth/{network}/start",
            Some(ManageProfiles),
            page::start,
        ),
        get(
            "/profiles/oauth/{network}/callback",
            Some(ManageProfiles),
            page::callback,
        ),
        post(
            "/profiles/oauth/{network}/pick",
            Some(ManageProfiles),
            page::pick,
        ),
        get(
            "/api/v1/network-apps/{network}",
            Some(ManageProfiles),
            api::show,
        ),
        put(
            "/api/v1/network-apps/{network}",
            Some(ManageProfiles),
            api::save,
        ),
        post(
            "/api/v1/profiles/oauth/{network}/start",
            Some(ManageProfiles),
            api::start,
        ),
    ]
}
