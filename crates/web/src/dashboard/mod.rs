//! The dashboard: followers over time and engagements per post.

pub mod page;

use crate::routes::{Entry, get};

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![get("/", Some(ViewDashboard), page::show)]
}
