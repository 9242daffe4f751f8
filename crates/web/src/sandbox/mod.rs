//! The sandbox network's public post pages.

pub mod page;
