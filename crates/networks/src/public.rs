//! Reading public accounts without credentials: a competitor's profile counts and its own recent posts, as anyone on
//! the network could see them. Apart from [`crate::Network`] (which speaks *as* one of our profiles), so that nothing
//! here needs a token: Bluesky's public AppView (`app.bsky.actor.getProfile`, `app.bsky.feed.getAuthorFeed`),
//! Mastodon's `GET /api/v1/accounts/lookup` and `GET /api/v1/accounts/:id/statuses` on the account's own instance, and
//! the sandbox's simulated competitors. Outbound HTTP keeps the connectors' rules ([`crate::http`]): https and public
//! addresses only, unless configured otherwise.

use crate::NetworkError;
use crate::http::HttpConfig;
use async_trait::async_trait;
use sangam_domain::{Millis, NetworkKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

/// A public account and its counts now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicAccount {
    /// The network's own id for the account: a DID, a Mastodon account id (with its instance), a sandbox handle.
    pub remote_id: String,
    /// The handle as the network writes it (`acme.bsky.social`, `acme@mastodon.social`, `@acme`).
    pub handle: String,
    pub display_name: String,
    /// The account's public page.
    pub url: String,
    pub followers: i64,
    pub following: i64,
    pub posts: i64,
}

/// One of the account's own posts (not a repost, not a reply) with its counts now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicPost {
    pub remote_id: String,
    pub url: String,
    pub text: String,
    pub published_at: Millis,
    pub likes: i64,
    pub reposts: i64,
    pub replies: i64,
    pub quotes: i64,
    /// Hashtags, lower case, once each.
    pub hashtags: Vec<String>,
}

/// One page of an account's posts, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicPage {
    pub posts: Vec<PublicPost>,
    /// Where the next (older) page starts; `None` when there is none.
    pub next_cursor: Option<String>,
}

/// A network's public side.
#[async_trait]
pub trait PublicProfiles: Send + Sync {
    fn kind(&self) -> NetworkKind;

    /// The account a person typed (`@acme.bsky.social`, `acme@mastodon.social`, a profile address). `Ok(None)`: the
    /// network says there is no such account.
    async fn lookup(&self, handle: &str) -> Result<Option<PublicAccount>, NetworkError>;

    /// One page of the account's own posts, newest first, from `cursor` (`None`: the newest).
    async fn posts(
        &self,
        account: &PublicAccount,
        cursor: Option<&str>,
    ) -> Result<PublicPage, NetworkError>;
}

/// Bluesky's public AppView, which answers profile and feed reads without a session.
pub const BLUESKY_APPVIEW: &str = "https://public.api.bsky.app";

/// Which reader answers for which network.
#[derive(Clone, Default)]
pub struct PublicReaders {
    by_kind: HashMap<NetworkKind, Arc<dyn PublicProfiles>>,
}

impl std::fmt::Debug for PublicReaders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut kinds: Vec<&str> = self.by_kind.keys().map(|k| k.as_str()).collect();
        kinds.sort_unstable();
        f.debug_struct("PublicReaders")
            .field("networks", &kinds)
            .finish()
    }
}

impl PublicReaders {
    /// Bluesky (through `bluesky_appview`, [`BLUESKY_APPVIEW`] when empty) and Mastodon, with outbound HTTP as
    /// configured. A reader whose HTTP client cannot be set up is left out (and logged).
    pub fn standard(http: &HttpConfig, bluesky_appview: &str) -> PublicReaders {
        let appview = if bluesky_appview.trim().is_empty() {
            BLUESKY_APPVIEW
        } else {
            bluesky_appview
        };
        let mut readers = PublicReaders::default();
        match crate::bluesky::public::BlueskyPublic::new(http, appview) {
            Ok(b) => readers = readers.with(Arc::new(b)),
            Err(e) => tracing::error!(error = %e, "reading public Bluesky profiles is off"),
        }
        match crate::mastodon::public::MastodonPublic::new(http) {
            Ok(m) => readers = readers.with(Arc::new(m)),
            Err(e) => tracing::error!(error = %e, "reading public Mastodon profiles is off"),
        }
        readers
    }

    pub fn with(mut self, reader: Arc<dyn PublicProfiles>) -> Self {
        self.by_kind.insert(reader.kind(), reader);
        self
    }

    pub fn get(&self, kind: NetworkKind) -> Option<Arc<dyn PublicProfiles>> {
        self.by_kind.get(&kind).cloned()
    }

    /// The networks that can be read, in the catalogue's order.
    pub fn kinds(&self) -> Vec<NetworkKind> {
        NetworkKind::ALL
            .into_iter()
            .filter(|k| self.by_kind.contains_key(k))
            .collect()
    }
}

/// A typed handle without its decorations: a leading `@`, spaces, and the profile address forms people paste
/// (`https://bsky.app/profile/acme.bsky.social`, `https://mastodon.social/@acme`).
pub fn bare_handle(typed: &str) -> String {
    let t = typed.trim();
    if let Ok(url) = reqwest::Url::parse(t)
        && matches!(url.scheme(), "http" | "https")
        && let Some(host) = url.host_str()
    {
        let path = url.path().trim_matches('/');
        if let Some(handle) = path.strip_prefix("profile/") {
            return handle.trim_start_matches('@').to_string();
        }
        if let Some(user) = path.strip_prefix('@') {
            return format!("{user}@{host}");
        }
    }
    t.trim_start_matches('@').to_string()
}

/// Hashtags given by the network, else found in the text; lower case, once each.
pub(crate) fn tags_or_from_text(given: Vec<String>, text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in given {
        let t = t.trim_start_matches('#').to_lowercase();
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    if out.is_empty() {
        out = sangam_domain::competitors::hashtags_in(text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_handles_lose_their_decorations() {
        assert_eq!(bare_handle(" @acme.bsky.social "), "acme.bsky.social");
        assert_eq!(
            bare_handle("https://bsky.app/profile/acme.bsky.social"),
            "acme.bsky.social"
        );
        assert_eq!(
            bare_handle("https://mastodon.social/@acme"),
            "acme@mastodon.social"
        );
        assert_eq!(bare_handle("@acme@mastodon.social"), "acme@mastodon.social");
    }

    #[test]
    fn tags_come_from_the_network_or_else_the_text() {
        assert_eq!(
            tags_or_from_text(vec!["Chai".into(), "#chai".into()], "x"),
            vec!["chai"]
        );
        assert_eq!(tags_or_from_text(vec![], "a #Launch b"), vec!["launch"]);
    }
}
