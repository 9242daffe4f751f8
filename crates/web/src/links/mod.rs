//! Tracked links: the short-link redirect (`/l/{code}`, public), the first-party conversion snippet (`/t.js`,
//! `/t/conversion`, public), and the workspace's UTM presets with its links and their clicks.

pub mod api;
pub mod compose;
pub mod page;
pub mod redirect;
pub mod snippet;
pub mod tracker;

use crate::routes::{Entry, get, post, put};

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        // Followed by anyone the post reaches, and called from the brand's own site.
        get("/l/{code}", None, redirect::follow),
        get("/t.js", None, snippet::script),
        get("/t/conversion", None, snippet::conversion),
        get("/links", Some(ViewReports), page::show),
        post("/links/presets", Some(ManageTracking), page::save),
        get("/api/v1/links/presets", Some(ViewReports), api::presets),
        put(
            "/api/v1/links/presets",
            Some(ManageTracking),
            api::save_presets,
        ),
        get("/api/v1/links/clicks", Some(ViewReports), api::clicks),
    ]
}
