//! Shared helpers for the integration suite.
#![allow(dead_code)]

pub mod app;
pub mod browser;
pub mod fake_oauth;
pub mod oidc;
pub mod peers;
pub mod process;
