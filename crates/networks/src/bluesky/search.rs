//! Bluesky search for listening: `app.bsky.feed.searchPosts` on an AppView, newest first (`sort=latest`), paged with
//! its cursor. No session: the AppView's address is configured (`listening.bluesky_appview`), so tests point it at the
//! local dev network's AppView.

use super::xrpc::{Body, Xrpc};
use super::{parse_time, post_url};
use crate::NetworkError;
use crate::http::{self, Budgets, HttpConfig};
use crate::listen::{HeardPage, HeardPost, Listen};
use async_trait::async_trait;
use reqwest::{Method, Url};
use sangam_domain::NetworkKind;
use sangam_text::topic_query::Search;

/// Posts asked for per page (the AppView allows 100).
const PAGE: &str = "50";

pub struct BlueskySearch {
    http: reqwest::Client,
    appview: Url,
    budgets: Budgets,
}

impl BlueskySearch {
    pub fn new(config: &HttpConfig, appview: &str) -> Result<BlueskySearch, NetworkError> {
        let appview = http::base_url(appview, config)
            .map_err(|e| NetworkError::rejected(format!("Bluesky AppView address: {e}")))?;
        Ok(BlueskySearch {
            http: config.client()?,
            appview,
            budgets: Budgets::default(),
        })
    }
}

/// The search as the AppView reads it: words, quoted phrases and `#tags` in `q`; language and author as parameters.
fn query(search: &Search) -> Vec<(&'static str, String)> {
    let mut q = vec![
        ("q", search.text()),
        ("sort", "latest".to_string()),
        ("limit", PAGE.to_string()),
    ];
    if let Some(lang) = &search.lang {
        q.push(("lang", lang.clone()));
    }
    if let Some(author) = &search.author {
        // A bare first label ("alice") is no handle the AppView knows; the matcher applies it instead.
        if author.contains('.') {
            q.push(("author", author.clone()));
        }
    }
    q
}

pub(crate) fn heard(p: &serde_json::Value) -> Option<HeardPost> {
    let uri = p["uri"].as_str()?;
    let record = &p["record"];
    let handle = p["author"]["handle"].as_str()?.to_string();
    let posted_at = record["createdAt"]
        .as_str()
        .and_then(parse_time)
        .or_else(|| p["indexedAt"].as_str().and_then(parse_time))?;
    Some(HeardPost {
        remote_id: uri.to_string(),
        author_name: p["author"]["displayName"]
            .as_str()
            .filter(|n| !n.is_empty())
            .unwrap_or(&handle)
            .to_string(),
        url: Some(post_url(&handle, uri)),
        author_handle: handle,
        text: record["text"].as_str().unwrap_or_default().to_string(),
        posted_at,
        lang: record["langs"][0].as_str().unwrap_or_default().to_string(),
    })
}

#[async_trait]
impl Listen for BlueskySearch {
    fn kind(&self) -> NetworkKind {
        NetworkKind::Bluesky
    }

    async fn search(
        &self,
        search: &Search,
        cursor: Option<&str>,
    ) -> Result<HeardPage, NetworkError> {
        let mut params = query(search);
        if let Some(c) = cursor {
            params.push(("cursor", c.to_string()));
        }
        let pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let answer: serde_json::Value = Xrpc {
            http: &self.http,
            base: &self.appview,
            budgets: &self.budgets,
            budget_key: "search",
        }
        .call(
            Method::GET,
            "app.bsky.feed.searchPosts",
            &pairs,
            Body::None,
            None,
        )
        .await
        .map_err(|e| e.into_network())?;
        let posts: Vec<HeardPost> = answer["posts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(heard)
            .collect();
        let next_cursor = answer["cursor"]
            .as_str()
            .filter(|c| !c.is_empty() && !posts.is_empty())
            .map(str::to_string);
        Ok(HeardPage { posts, next_cursor })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use wiremock::matchers::{method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    #[tokio::test]
    async fn pages_follow_the_cursor_and_read_each_post() {
        let server = MockServer::start().await;
        let post = serde_json::json!({
            "uri": "at://did:plc:abc/app.bsky.feed.post/3k1",
            "author": {"did": "did:plc:abc", "handle": "priya.bsky.social", "displayName": "Priya"},
            "record": {"text": "acme chai is lovely", "createdAt": "2026-03-01T10:00:00Z", "langs": ["en"]},
            "indexedAt": "2026-03-01T10:00:01Z"
        });
        Mock::given(method("GET"))
            .and(path("/xrpc/app.bsky.feed.searchPosts"))
            .and(query_param("q", "acme \"chai time\""))
            .and(query_param("sort", "latest"))
            .and(query_param("cursor", "p2"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(serde_json::json!({"posts": []})),
            )
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/xrpc/app.bsky.feed.searchPosts"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!({"posts": [post], "cursor": "p2"})),
            )
            .mount(&server)
            .await;
        let s = BlueskySearch::new(&HttpConfig::loopback_for_tests(), &server.uri()).unwrap();
        let search = Search {
            terms: vec!["acme".into(), "\"chai time\"".into()],
            ..Search::default()
        };
        let first = s.search(&search, None).await.unwrap();
        assert_eq!(first.posts.len(), 1);
        assert_eq!(first.posts[0].author_handle, "priya.bsky.social");
        assert_eq!(first.posts[0].lang, "en");
        assert_eq!(
            first.posts[0].url.as_deref(),
            Some("https://bsky.app/profile/priya.bsky.social/post/3k1")
        );
        assert_eq!(first.next_cursor.as_deref(), Some("p2"));
        let second = s.search(&search, Some("p2")).await.unwrap();
        assert!(second.posts.is_empty());
        assert_eq!(second.next_cursor, None);
    }
}
