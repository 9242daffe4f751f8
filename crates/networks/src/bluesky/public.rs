//! Public Bluesky profiles, read from an AppView without a session: `app.bsky.actor.getProfile` (counts) and
//! `app.bsky.feed.getAuthorFeed` with `filter=posts_no_replies` (the account's own posts; reposts of others are left
//! out). The AppView's address is configured (`networks.bluesky_appview`, Bluesky's public one by default), so tests
//! point it at the local dev network.

use super::xrpc::{Body, CallError, Xrpc};
use super::{parse_time, post_url};
use crate::NetworkError;
use crate::http::{self, Budgets, HttpConfig};
use crate::public::{PublicAccount, PublicPage, PublicPost, PublicProfiles, bare_handle};
use async_trait::async_trait;
use reqwest::{Method, StatusCode, Url};
use sangam_domain::NetworkKind;

/// Posts asked for per feed page (the AppView allows 100).
const FEED_PAGE: &str = "50";

pub struct BlueskyPublic {
    http: reqwest::Client,
    appview: Url,
    budgets: Budgets,
}

impl BlueskyPublic {
    /// A reader of the AppView at `appview`, which must pass the outbound rules of `config`.
    pub fn new(config: &HttpConfig, appview: &str) -> Result<BlueskyPublic, NetworkError> {
        let appview = http::base_url(appview, config)
            .map_err(|e| NetworkError::rejected(format!("Bluesky AppView address: {e}")))?;
        Ok(BlueskyPublic {
            http: config.client()?,
            appview,
            budgets: Budgets::default(),
        })
    }

    async fn get(
        &self,
        nsid: &str,
        query: &[(&str, &str)],
    ) -> Result<serde_json::Value, CallError> {
        Xrpc {
            http: &self.http,
            base: &self.appview,
            budgets: &self.budgets,
            budget_key: "appview",
        }
        .call(Method::GET, nsid, query, Body::None, None)
        .await
    }
}

fn post(item: &serde_json::Value, did: &str) -> Option<PublicPost> {
    // A repost of someone else's post carries a `reason`; only the account's own posts count.
    if !item["reason"].is_null() {
        return None;
    }
    let p = &item["post"];
    if p["author"]["did"].as_str() != Some(did) {
        return None;
    }
    let uri = p["uri"].as_str()?;
    let record = &p["record"];
    let text = record["text"].as_str().unwrap_or_default().to_string();
    let published_at = record["createdAt"]
        .as_str()
        .and_then(parse_time)
        .or_else(|| p["indexedAt"].as_str().and_then(parse_time))?;
    let mut tags: Vec<String> = record["facets"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|f| f["features"].as_array().cloned().unwrap_or_default())
        .filter(|f| f["$type"] == "app.bsky.richtext.facet#tag")
        .filter_map(|f| f["tag"].as_str().map(str::to_string))
        .collect();
    tags.extend(
        record["tags"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t.as_str().map(str::to_string)),
    );
    let handle = p["author"]["handle"].as_str().unwrap_or(did);
    Some(PublicPost {
        remote_id: uri.to_string(),
        url: post_url(handle, uri),
        hashtags: crate::public::tags_or_from_text(tags, &text),
        text,
        published_at,
        likes: p["likeCount"].as_i64().unwrap_or(0),
        reposts: p["repostCount"].as_i64().unwrap_or(0),
        replies: p["replyCount"].as_i64().unwrap_or(0),
        quotes: p["quoteCount"].as_i64().unwrap_or(0),
    })
}

#[async_trait]
impl PublicProfiles for BlueskyPublic {
    fn kind(&self) -> NetworkKind {
        NetworkKind::Bluesky
    }

    async fn lookup(&self, handle: &str) -> Result<Option<PublicAccount>, NetworkError> {
        let actor = bare_handle(handle);
        if actor.is_empty() {
            return Ok(None);
        }
        let p = match self
            .get("app.bsky.actor.getProfile", &[("actor", &actor)])
            .await
        {
            Ok(p) => p,
            // "Profile not found", or not a handle at all: the network knows no such account.
            Err(CallError::Xrpc { status, .. })
                if status == StatusCode::BAD_REQUEST || status == StatusCode::NOT_FOUND =>
            {
                return Ok(None);
            }
            Err(e) => return Err(e.into_network()),
        };
        let (Some(did), Some(handle)) = (p["did"].as_str(), p["handle"].as_str()) else {
            return Err(NetworkError::Rejected {
                cause: crate::Rejection::NotUnderstood,
                detail: "the AppView's profile has no DID or handle".into(),
            });
        };
        Ok(Some(PublicAccount {
            remote_id: did.to_string(),
            handle: handle.to_string(),
            display_name: p["displayName"]
                .as_str()
                .filter(|n| !n.trim().is_empty())
                .unwrap_or(handle)
                .to_string(),
            url: format!("https://bsky.app/profile/{handle}"),
            followers: p["followersCount"].as_i64().unwrap_or(0),
            following: p["followsCount"].as_i64().unwrap_or(0),
            posts: p["postsCount"].as_i64().unwrap_or(0),
        }))
    }

    async fn posts(
        &self,
        account: &PublicAccount,
        cursor: Option<&str>,
    ) -> Result<PublicPage, NetworkError> {
        let mut query = vec![
            ("actor", account.remote_id.as_str()),
            ("limit", FEED_PAGE),
            ("filter", "posts_no_replies"),
        ];
        if let Some(c) = cursor {
            query.push(("cursor", c));
        }
        let answer = self
            .get("app.bsky.feed.getAuthorFeed", &query)
            .await
            .map_err(CallError::into_network)?;
        let items = answer["feed"].as_array().cloned().unwrap_or_default();
        let posts = items
            .iter()
            .filter_map(|item| post(item, &account.remote_id))
            .collect();
        let next_cursor = answer["cursor"]
            .as_str()
            .filter(|c| !c.is_empty() && !items.is_empty())
            .map(str::to_string);
        Ok(PublicPage { posts, next_cursor })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use serde_json::json;
    use wiremock::matchers::{method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    fn feed_item(uri: &str, did: &str, text: &str, likes: i64, repost: bool) -> serde_json::Value {
        let mut item = json!({"post": {
            "uri": uri, "author": {"did": did, "handle": "rival.test"},
            "record": {"text": text, "createdAt": "2026-11-02T09:00:00.000Z",
                       "facets": [{"index": {"byteStart": 0, "byteEnd": 5},
                                   "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "Chai"}]}]},
            "likeCount": likes, "repostCount": 2, "replyCount": 1, "quoteCount": 0,
            "indexedAt": "2026-11-02T09:00:01.000Z"}});
        if repost {
            item["reason"] = json!({"$type": "app.bsky.feed.defs#reasonRepost"});
        }
        item
    }

    #[tokio::test]
    async fn a_public_profile_and_its_own_posts_are_read_without_a_session() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/xrpc/app.bsky.actor.getProfile"))
            .and(query_param("actor", "rival.test"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "did": "did:plc:rival", "handle": "rival.test", "displayName": "Rival",
                "followersCount": 120, "followsCount": 7, "postsCount": 3})))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/xrpc/app.bsky.actor.getProfile"))
            .and(query_param("actor", "nobody.test"))
            .respond_with(
                ResponseTemplate::new(400).set_body_json(
                    json!({"error": "InvalidRequest", "message": "Profile not found"}),
                ),
            )
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/xrpc/app.bsky.feed.getAuthorFeed"))
            .and(query_param("actor", "did:plc:rival"))
            .and(query_param("filter", "posts_no_replies"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "cursor": "c1",
                "feed": [
                    feed_item("at://did:plc:rival/app.bsky.feed.post/1", "did:plc:rival", "#Chai time", 9, false),
                    feed_item("at://did:plc:other/app.bsky.feed.post/2", "did:plc:other", "theirs", 50, true),
                ]})))
            .mount(&server)
            .await;
        let reader = BlueskyPublic::new(&HttpConfig::loopback_for_tests(), &server.uri()).unwrap();
        let account = reader.lookup("@rival.test").await.unwrap().unwrap();
        assert_eq!(
            (account.remote_id.as_str(), account.followers, account.posts),
            ("did:plc:rival", 120, 3)
        );
        assert_eq!(reader.lookup("nobody.test").await.unwrap(), None);
        let page = reader.posts(&account, None).await.unwrap();
        assert_eq!(
            page.posts.len(),
            1,
            "the repost of another account is left out"
        );
        let p = &page.posts[0];
        assert_eq!((p.likes, p.reposts, p.replies, p.quotes), (9, 2, 1, 0));
        assert_eq!(p.hashtags, vec!["chai"]);
        assert_eq!(p.url, "https://bsky.app/profile/rival.test/post/1");
        assert_eq!(page.next_cursor.as_deref(), Some("c1"));
    }

    #[test]
    fn a_private_appview_address_is_refused_under_the_strict_rules() {
        assert!(BlueskyPublic::new(&HttpConfig::default(), "http://127.0.0.1:2584").is_err());
        assert!(BlueskyPublic::new(&HttpConfig::default(), crate::public::BLUESKY_APPVIEW).is_ok());
    }
}
