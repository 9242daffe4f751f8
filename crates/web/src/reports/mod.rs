//! Reports: their figures, pages, exports, printable page, share links and the glossary.

pub mod actions;
pub mod api;
pub mod page;

use crate::routes::{Entry, get, post};

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get("/reports/profiles", Some(ViewReports), page::profiles),
        get("/reports/posts", Some(ViewReports), page::posts),
        get("/reports/tags", Some(ViewReports), page::tags),
        get("/reports/inbox", Some(ViewReports), page::inbox),
        get("/reports/export", Some(ViewReports), page::export),
        get("/reports/print", Some(ViewReports), page::print),
        post("/reports/share", Some(ShareReports), page::share),
        // Shared reports and the glossary are open to anyone.
        get("/shared/{token}", None, page::shared),
        get("/glossary", None, page::glossary),
        get("/api/v1/metrics", Some(ViewReports), api::metrics),
        get("/api/v1/benchmarks", Some(ViewReports), api::benchmarks),
        get("/api/v1/reports/profiles", Some(ViewReports), api::profiles),
        get("/api/v1/reports/posts", Some(ViewReports), api::posts),
        get("/api/v1/reports/tags", Some(ViewReports), api::tags),
        get("/api/v1/reports/inbox", Some(ViewReports), api::inbox),
    ]
}
