//! The sandbox network's public post pages.

pub mod page;

use crate::routes::{Entry, get};

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    vec![get("/sandbox/{handle}/{remote_id}", None, page::show)]
}
