//! Reports: what a report covers ([`ReportParams`]), the figures computed by `sangam_domain::reports` from the
//! store's raw rows, one view of them ([`ReportView`]: tables and charts) that the page, the printable page, the
//! shared page and the CSV export all read; one builder per report; the pages, the JSON API and share links.
//! Every figure names its catalogue entry; every table can be exported.

pub mod api;
mod benchmarks;
pub(crate) mod build;
mod csv;
mod fmt;
mod inbox_report;
pub mod page;
mod params;
mod post_report;
mod profile_report;
pub mod roi_report;
mod share;
mod tag_report;
pub(crate) mod view;

pub use benchmarks::{BenchmarkLabels, benchmark_figure, benchmark_labels, network_name};
pub(crate) use build::Inputs;
pub use build::{Viewer, build};
pub use csv::{csv, csv_cell};
pub use fmt::Fmt;
pub use params::{Compare, DEFAULT_DAYS, ReportKind, ReportParams, profile_choices};
pub use roi_report::day_in;
pub use share::{SHARE_DAYS, pairs, share};
pub use view::{Cell, Chart, Column, ReportView, Table, unit_slug};
pub(crate) use view::{col, metric_col};

use crate::routes::{Entry, get, post};

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![
        get("/reports/profiles", Some(ViewReports), page::profiles),
        get("/reports/posts", Some(ViewReports), page::posts),
        get("/reports/tags", Some(ViewReports), page::tags),
        get("/reports/inbox", Some(ViewReports), page::inbox),
        get("/reports/roi", Some(ViewReports), page::roi),
        get("/reports/audience", Some(ViewReports), page::audience),
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
        get("/api/v1/reports/roi", Some(ViewReports), roi_report::api),
    ]
}
