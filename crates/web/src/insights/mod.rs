//! Insights for other departments: cards people make from the weekly review's figures, themes and messages (a
//! sentence, the evidence linked, the business goal it supports); the insights page (a Viewer sees the published
//! ones), a digest by read-only share link and as a printable page.

pub mod actions;
pub mod api;
pub mod page;

use crate::routes::{Entry, get, post, put};

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get("/insights", Some(ViewReports), page::list),
        post("/insights", Some(ShareReports), page::create),
        post("/insights/{id}/publish", Some(ManageGoals), page::publish),
        post("/insights/share", Some(ShareReports), page::share),
        get("/insights/print", Some(ViewReports), page::print),
        // The digest behind a share link is open to anyone holding the link.
        get("/shared/insights/{token}", None, page::shared),
        get("/api/v1/insights", Some(ViewReports), api::list),
        post("/api/v1/insights", Some(ShareReports), api::create),
        put(
            "/api/v1/insights/{id}/published",
            Some(ManageGoals),
            api::publish,
        ),
        post("/api/v1/insights/share", Some(ShareReports), api::share),
    ]
}
