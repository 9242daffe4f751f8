//! Signing in and out.

pub mod page;
