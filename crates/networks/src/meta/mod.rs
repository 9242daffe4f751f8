//! What Facebook Pages, Instagram and Threads share: Meta's Graph API (hosts, versions, errors, usage headers,
//! cursor paging), the long-lived token dance, and how a post without an idempotency key is found again.
//!
//! Errors (Graph API "Handling Errors", https://developers.facebook.com/docs/graph-api/guides/error-handling):
//! the body is `{"error": {"message", "type", "code", "error_subcode", "is_transient"}}`; code 190 (and 102, 463, 467)
//! is an expired or revoked token; 4, 17, 32, 613 and 80001-80014 are rate limits; 1, 2 and `is_transient` are
//! Meta's own trouble.
//!
//! Limits (Graph API "Rate Limiting", https://developers.facebook.com/docs/graph-api/overview/rate-limiting):
//! `X-App-Usage` (per app), `X-Page-Usage` (per Page) and `X-Business-Use-Case-Usage` (per Page or Instagram
//! account, keyed by its id) say how much of each window is spent, in percent. Calls stop while a window is at
//! [`STOP_AT_PERCENT`] or more, before Meta has to refuse us, until Meta's estimated time to regain access.

mod container;
mod graph;
mod inbox;
pub mod login;
mod lookup;
#[cfg(test)]
pub(crate) mod testing;
mod token;

pub use container::{LIMIT_RECHECK_MS, Polling, check_quota, wait_finished};
pub use graph::{Graph, Host, Keys, Page, Paging};
pub use inbox::{DM, Source, Streams, Walk, conversation_messages, dm_recipient};
pub use lookup::{CLOCK_SLACK_MS, Candidate, OwnPosts, SETTLE_MS, settle, settle_after};
pub use token::{LongLived, expires_at};

use crate::Image;
use async_trait::async_trait;

/// The Graph API version the Facebook and Instagram calls are written against.
pub const GRAPH_VERSION: &str = "v25.0";
/// The Threads API version.
pub const THREADS_VERSION: &str = "v1.0";
/// Percent of a usage window at which calls wait instead of spending the rest.
pub const STOP_AT_PERCENT: i64 = 90;

/// Instagram and Threads do not take image bytes: they fetch each image from a public address at the time of the
/// container call ("Media on a public server", Content Publishing; "Threads Posts"). Something that serves the
/// outbound image at such an address (Sangam's own public URL) is plugged in here.
#[async_trait]
pub trait ImageHost: Send + Sync {
    /// A public `https` address that serves `image` until at least the post is published.
    async fn public_url(&self, image: &Image) -> Result<String, crate::NetworkError>;
}

/// Ids in Graph answers arrive as strings, sometimes as numbers: read both.
pub(crate) fn id_of(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Graph times are ISO 8601 with a numeric offset (`2025-03-01T10:00:00+0000`); Threads and Instagram use the same.
pub fn parse_time(raw: &str) -> Option<sangam_domain::Millis> {
    let raw = raw.trim();
    if let Ok(t) = raw.parse::<jiff::Timestamp>() {
        return Some(t.as_millisecond());
    }
    // `+0000` without the colon, which jiff's RFC 3339 parser wants.
    let (head, tail) = raw.split_at(raw.len().checked_sub(5)?);
    if (tail.starts_with('+') || tail.starts_with('-'))
        && tail[1..].chars().all(|c| c.is_ascii_digit())
    {
        let fixed = format!("{head}{}:{}", &tail[..3], &tail[3..]);
        return fixed
            .parse::<jiff::Timestamp>()
            .ok()
            .map(|t| t.as_millisecond());
    }
    None
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn graph_times_with_a_bare_offset_are_read() {
        assert_eq!(
            parse_time("2025-03-01T10:00:00+0000"),
            Some(1_740_823_200_000)
        );
        assert_eq!(parse_time("2025-03-01T10:00:00Z"), Some(1_740_823_200_000));
        assert_eq!(
            parse_time("2025-03-01T15:30:00+0530"),
            Some(1_740_823_200_000)
        );
        assert_eq!(parse_time("yesterday"), None);
    }
}
