//! Public Mastodon accounts, read from the account's own instance without a token: `GET /api/v1/accounts/lookup?acct=`
//! (who and the counts) and `GET /api/v1/accounts/:id/statuses?exclude_replies=true&exclude_reblogs=true` (its own
//! posts, paged with `max_id` from the `Link` header). The instance is the one in the handle (`acme@mastodon.social`),
//! so it passes the same address rules as a typed instance: https and public unless configured otherwise.

use super::api::{Api, parse_time, read_json};
use super::html;
use crate::NetworkError;
use crate::http::{self, Budgets, HttpConfig};
use crate::public::{PublicAccount, PublicPage, PublicPost, PublicProfiles, bare_handle};
use async_trait::async_trait;
use reqwest::{Method, Url};
use sangam_domain::NetworkKind;
use serde::Deserialize;

/// Statuses asked for per page (Mastodon's maximum).
const PAGE: &str = "40";

pub struct MastodonPublic {
    config: HttpConfig,
    http: reqwest::Client,
    budgets: Budgets,
}

#[derive(Deserialize)]
struct Account {
    id: String,
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    followers_count: i64,
    #[serde(default)]
    following_count: i64,
    #[serde(default)]
    statuses_count: i64,
}

#[derive(Deserialize)]
struct Tag {
    name: String,
}

#[derive(Deserialize)]
struct Status {
    id: String,
    created_at: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    uri: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    reblog: Option<serde_json::Value>,
    #[serde(default)]
    in_reply_to_id: Option<String>,
    #[serde(default)]
    replies_count: i64,
    #[serde(default)]
    reblogs_count: i64,
    #[serde(default)]
    favourites_count: i64,
    #[serde(default)]
    quotes_count: i64,
    #[serde(default)]
    tags: Vec<Tag>,
}

impl MastodonPublic {
    pub fn new(config: &HttpConfig) -> Result<MastodonPublic, NetworkError> {
        Ok(MastodonPublic {
            http: config.client()?,
            config: config.clone(),
            budgets: Budgets::default(),
        })
    }

    fn api<'a>(&'a self, base: &'a Url) -> Api<'a> {
        Api {
            http: &self.http,
            base,
            token: None,
            budgets: &self.budgets,
            budget_key: base.host_str().unwrap_or_default().to_string(),
        }
    }

    /// `user@instance[:port]` into the user and the instance's base address.
    fn split(&self, handle: &str) -> Result<Option<(String, Url)>, NetworkError> {
        let bare = bare_handle(handle);
        let Some((user, instance)) = bare.split_once('@') else {
            return Ok(None);
        };
        if user.is_empty() || instance.is_empty() {
            return Ok(None);
        }
        let scheme = if self.config.allow_private && !instance.contains("://") {
            // A loopback test instance speaks plain http; public ones are always https.
            let host = instance.split(':').next().unwrap_or_default();
            if host == "127.0.0.1" || host == "localhost" {
                "http://"
            } else {
                ""
            }
        } else {
            ""
        };
        let base = http::base_url(&format!("{scheme}{instance}"), &self.config)
            .map_err(|e| NetworkError::rejected(format!("Mastodon instance address: {e}")))?;
        Ok(Some((user.to_string(), base)))
    }
}

/// The remote id keeps the instance with the account id, since ids are only unique on one instance.
fn remote_id(base: &Url, id: &str) -> String {
    format!("{}|{id}", base.as_str().trim_end_matches('/'))
}

fn from_remote_id(remote_id: &str) -> Option<(&str, &str)> {
    remote_id.rsplit_once('|')
}

#[async_trait]
impl PublicProfiles for MastodonPublic {
    fn kind(&self) -> NetworkKind {
        NetworkKind::Mastodon
    }

    async fn lookup(&self, handle: &str) -> Result<Option<PublicAccount>, NetworkError> {
        let Some((user, base)) = self.split(handle)? else {
            return Ok(None);
        };
        let api = self.api(&base);
        let req = api
            .request(Method::GET, "/api/v1/accounts/lookup")?
            .query(&[("acct", user.as_str())]);
        let account: Account = match api.json(req).await {
            Ok(a) => a,
            Err(NetworkError::Rejected {
                cause: crate::Rejection::Status(404),
                ..
            }) => return Ok(None),
            Err(e) => return Err(e),
        };
        let host = base.host_str().unwrap_or_default();
        let port = base.port().map(|p| format!(":{p}")).unwrap_or_default();
        Ok(Some(PublicAccount {
            remote_id: remote_id(&base, &account.id),
            handle: format!("{}@{host}{port}", account.username),
            display_name: if account.display_name.trim().is_empty() {
                account.username.clone()
            } else {
                account.display_name
            },
            url: account.url,
            followers: account.followers_count,
            following: account.following_count,
            posts: account.statuses_count,
        }))
    }

    async fn posts(
        &self,
        account: &PublicAccount,
        cursor: Option<&str>,
    ) -> Result<PublicPage, NetworkError> {
        let (instance, id) = from_remote_id(&account.remote_id)
            .ok_or_else(|| NetworkError::rejected("not a Mastodon competitor's id"))?;
        let base = http::base_url(instance, &self.config)
            .map_err(|e| NetworkError::rejected(format!("Mastodon instance address: {e}")))?;
        let api = self.api(&base);
        let mut query = vec![
            ("limit", PAGE),
            ("exclude_replies", "true"),
            ("exclude_reblogs", "true"),
        ];
        if let Some(c) = cursor {
            query.push(("max_id", c));
        }
        let req = api
            .request(Method::GET, &format!("/api/v1/accounts/{id}/statuses"))?
            .query(&query);
        let response = api.send(req).await?;
        let link = response.headers().get(reqwest::header::LINK).cloned();
        let statuses: Vec<Status> = read_json(response).await?;
        let next_cursor = http::link(link.as_ref(), "next")
            .and_then(|u| http::query_param(&u, "max_id"))
            .or_else(|| {
                // Without a Link header, the oldest status of a full page is where the next one starts.
                (statuses.len() >= 40)
                    .then(|| statuses.last().map(|s| s.id.clone()))
                    .flatten()
            })
            .filter(|_| !statuses.is_empty());
        let posts = statuses
            .into_iter()
            .filter(|s| s.reblog.is_none() && s.in_reply_to_id.is_none())
            .filter_map(|s| {
                let text = html::to_text(&s.content);
                Some(PublicPost {
                    published_at: parse_time(&s.created_at)?,
                    url: s.url.clone().unwrap_or_else(|| s.uri.clone()),
                    hashtags: crate::public::tags_or_from_text(
                        s.tags.into_iter().map(|t| t.name).collect(),
                        &text,
                    ),
                    text,
                    remote_id: s.id,
                    likes: s.favourites_count,
                    reposts: s.reblogs_count,
                    replies: s.replies_count,
                    quotes: s.quotes_count,
                })
            })
            .collect();
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

    #[tokio::test]
    async fn an_account_is_looked_up_on_its_instance_and_its_statuses_paged_without_a_token() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/api/v1/accounts/lookup"))
            .and(query_param("acct", "rival"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "id": "42", "username": "rival", "acct": "rival", "display_name": "Rival Tea",
                "url": "https://m.example/@rival", "followers_count": 900, "following_count": 12,
                "statuses_count": 55})))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/api/v1/accounts/lookup"))
            .and(query_param("acct", "ghost"))
            .respond_with(
                ResponseTemplate::new(404).set_body_json(json!({"error": "Record not found"})),
            )
            .mount(&server)
            .await;
        let next = format!(
            "<{}/api/v1/accounts/42/statuses?max_id=100>; rel=\"next\"",
            server.uri()
        );
        Mock::given(method("GET"))
            .and(path("/api/v1/accounts/42/statuses"))
            .and(query_param("exclude_reblogs", "true"))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("Link", next.as_str())
                    .set_body_json(json!([{
                        "id": "101", "created_at": "2026-11-02T09:00:00.000Z",
                        "url": "https://m.example/@rival/101", "content": "<p>New blend &amp; more #Chai</p>",
                        "replies_count": 3, "reblogs_count": 4, "favourites_count": 20, "quotes_count": 1,
                        "tags": [{"name": "chai"}]}])),
            )
            .mount(&server)
            .await;
        let reader = MastodonPublic::new(&HttpConfig::loopback_for_tests()).unwrap();
        let port = server.address().port();
        let typed = format!("@rival@127.0.0.1:{port}");
        let account = reader.lookup(&typed).await.unwrap().unwrap();
        assert_eq!(account.followers, 900);
        assert_eq!(account.display_name, "Rival Tea");
        assert_eq!(
            reader
                .lookup(&format!("ghost@127.0.0.1:{port}"))
                .await
                .unwrap(),
            None
        );
        assert_eq!(reader.lookup("no-instance").await.unwrap(), None);
        let page = reader.posts(&account, None).await.unwrap();
        assert_eq!(page.posts.len(), 1);
        let p = &page.posts[0];
        assert_eq!(p.text, "New blend & more #Chai");
        assert_eq!((p.likes, p.reposts, p.replies, p.quotes), (20, 4, 3, 1));
        assert_eq!(p.hashtags, vec!["chai"]);
        assert_eq!(page.next_cursor.as_deref(), Some("100"));
    }

    #[tokio::test]
    async fn an_instance_on_a_private_address_is_not_contacted_under_the_strict_rules() {
        let reader = MastodonPublic::new(&HttpConfig::default()).unwrap();
        assert!(reader.lookup("rival@127.0.0.1:3000").await.is_err());
    }
}
