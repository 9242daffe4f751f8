//! The sandbox network: written by the sandbox work.
