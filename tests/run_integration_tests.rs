//! One integration-test binary: the real server, its API, its pages in a real browser, and the real binary killed
//! and restarted.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod suite;
mod support;
