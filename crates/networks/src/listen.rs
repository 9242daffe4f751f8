//! Listening: public posts that match a topic, found with a network's search. Apart from [`crate::Network`] (which
//! speaks as one of our profiles): a search needs no account of ours. Bluesky's `app.bsky.feed.searchPosts` on an
//! AppView ([`crate::bluesky::search`]), Mastodon's hashtag timelines and `GET /api/v2/search?type=statuses` where the
//! instance allows it ([`crate::mastodon::search`]), and the sandbox's simulated public chatter.
//!
//! Every source answers a page of posts, newest first, and a cursor to the next (older) page. What a search returns
//! is matched again by the topic's query ([`sangam_text::topic_query`]) before anything is stored, so a search that is
//! wider than the query costs only bandwidth.

use crate::NetworkError;
use async_trait::async_trait;
use sangam_domain::{Millis, NetworkKind};
use sangam_text::topic_query::Search;
use std::collections::HashMap;
use std::sync::Arc;

/// One public post a search found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeardPost {
    pub remote_id: String,
    pub author_handle: String,
    pub author_name: String,
    pub text: String,
    pub url: Option<String>,
    pub posted_at: Millis,
    /// The language the network (or its author) gave, ISO 639-1; empty when none.
    pub lang: String,
}

/// One page of a search, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeardPage {
    pub posts: Vec<HeardPost>,
    /// Where the next (older) page starts; `None` at the end.
    pub next_cursor: Option<String>,
}

/// A network's search.
#[async_trait]
pub trait Listen: Send + Sync {
    fn kind(&self) -> NetworkKind;

    /// One page of what `search` finds, from `cursor` (`None`: the newest).
    async fn search(
        &self,
        search: &Search,
        cursor: Option<&str>,
    ) -> Result<HeardPage, NetworkError>;
}

/// Which search answers for which network.
#[derive(Clone, Default)]
pub struct Listeners {
    by_kind: HashMap<NetworkKind, Arc<dyn Listen>>,
}

impl std::fmt::Debug for Listeners {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut kinds: Vec<&str> = self.by_kind.keys().map(|k| k.as_str()).collect();
        kinds.sort_unstable();
        f.debug_struct("Listeners")
            .field("networks", &kinds)
            .finish()
    }
}

impl Listeners {
    /// Bluesky through the AppView at `bluesky_appview` and Mastodon through the instance at `mastodon_instance`,
    /// with outbound HTTP as configured. A source whose address is refused is left out (and logged).
    pub fn standard(
        http: &crate::http::HttpConfig,
        bluesky_appview: &str,
        mastodon_instance: &str,
    ) -> Listeners {
        let mut out = Listeners::default();
        match crate::bluesky::search::BlueskySearch::new(http, bluesky_appview) {
            Ok(b) => out = out.with(Arc::new(b)),
            Err(e) => tracing::error!(error = %e, "listening on Bluesky is off"),
        }
        match crate::mastodon::search::MastodonSearch::new(http, mastodon_instance) {
            Ok(m) => out = out.with(Arc::new(m)),
            Err(e) => tracing::error!(error = %e, "listening on Mastodon is off"),
        }
        out
    }

    pub fn with(mut self, source: Arc<dyn Listen>) -> Self {
        self.by_kind.insert(source.kind(), source);
        self
    }

    pub fn get(&self, kind: NetworkKind) -> Option<Arc<dyn Listen>> {
        self.by_kind.get(&kind).cloned()
    }

    /// The networks that can be searched, in the catalogue's order.
    pub fn kinds(&self) -> Vec<NetworkKind> {
        NetworkKind::ALL
            .iter()
            .copied()
            .filter(|k| self.by_kind.contains_key(k))
            .collect()
    }
}
