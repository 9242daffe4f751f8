//! Threads, through the workspace's own Threads app (Threads API, https://developers.facebook.com/docs/threads).
//!
//! Calls made (paths under `graph.threads.net` unless said; each is cited where it is made):
//! - connect: `threads.net/oauth/authorize` (browser), `POST /oauth/access_token`, `GET /access_token`
//!   (`th_exchange_token`), `GET /v1.0/me`; refresh: `GET /refresh_access_token` (`th_refresh_token`);
//! - publish: `GET /v1.0/{user}/threads_publishing_limit`, `POST /v1.0/{user}/threads` (one container per image, then
//!   a carousel), `GET /v1.0/{container}?fields=status`, `POST /v1.0/{user}/threads_publish`, `GET /v1.0/{media}`;
//! - exactly once: `GET /v1.0/{user}/threads` (or `/replies` for a reply), matched by text after the send;
//! - inbox: `GET /v1.0/{user}/mentions`, `GET /v1.0/{user}/threads` + `GET /v1.0/{media}/conversation`;
//! - metrics: `GET /v1.0/{user}/threads_insights?metric=followers_count`, `GET /v1.0/{media}/insights`.

#[cfg(test)]
mod tests;

use crate::connect::{ConnectError, Connected};
use crate::http::HttpConfig;
use crate::meta::{self, Graph, Host, ImageHost, Keys, OwnPosts, Page, Polling, Source, Streams};
use crate::oauth::{App, Authorize, Endpoints, Granted, OAuthNetwork, Refreshed};
use crate::{
    Account, Attempt, Inbound, InboundKind, InboundPage, Lookup, Network, NetworkError, Outbound,
    PostCounts, ProfileCounts, Published, Rejection,
};
use async_trait::async_trait;
use sangam_domain::{NetworkKind, now_millis};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Scopes asked for (Threads "Permissions"): profile, publishing, reading and answering replies, mentions, insights.
pub const SCOPES: &[&str] = &[
    "threads_basic",
    "threads_content_publish",
    "threads_read_replies",
    "threads_manage_replies",
    "threads_manage_mentions",
    "threads_manage_insights",
];

const H: Host = Host::ThreadsGraph;
/// Our own posts whose conversations are read for replies, newest first.
const RECENT_POSTS: &str = "10";
const FIELDS: &str =
    "id,text,username,timestamp,permalink,replied_to,root_post,is_reply_owned_by_me";

/// What a Threads profile stores, sealed.
#[derive(Clone, Serialize, Deserialize)]
pub struct Credentials {
    pub user_id: String,
    pub access_token: String,
    #[serde(default)]
    pub app_id: String,
    #[serde(default)]
    pub username: String,
}

pub struct Threads {
    /// How long after a send a missing post may still be on its way into the account's list.
    settle_ms: sangam_domain::Millis,
    graph: Graph,
    images: Option<Arc<dyn ImageHost>>,
    polling: Polling,
}

impl Threads {
    pub fn new(http: HttpConfig, endpoints: Endpoints) -> Result<Threads, NetworkError> {
        Ok(Threads {
            graph: Graph::new(&http, endpoints)?,
            settle_ms: meta::SETTLE_MS,
            images: None,
            polling: Polling::default(),
        })
    }

    /// How long after a send a lookup still waits before calling a missing post absent (default [`meta::SETTLE_MS`]).
    pub fn with_settle_ms(mut self, settle_ms: sangam_domain::Millis) -> Self {
        self.settle_ms = settle_ms;
        self
    }

    /// Where images are served from for Threads to fetch; without one, posts with images are refused.
    pub fn with_image_host(mut self, host: Arc<dyn ImageHost>) -> Self {
        self.images = Some(host);
        self
    }

    pub fn with_polling(mut self, polling: Polling) -> Self {
        self.polling = polling;
        self
    }

    fn credentials(account: &Account) -> Result<(Credentials, Keys), NetworkError> {
        let c: Credentials = serde_json::from_value(account.credentials.clone()).map_err(|e| {
            NetworkError::AuthExpired(format!(
                "the stored Threads credentials are incomplete: {e}"
            ))
        })?;
        let keys = Keys::new(&c.app_id, &c.user_id);
        Ok((c, keys))
    }

    fn source<'a>(&'a self, c: &'a Credentials, keys: &'a Keys) -> Source<'a> {
        Source {
            graph: &self.graph,
            host: H,
            token: &c.access_token,
            keys,
        }
    }

    fn v(path: &str) -> String {
        format!("/{}{path}", meta::THREADS_VERSION)
    }

    /// One container: `POST /v1.0/{threads-user-id}/threads` ("Threads Posts", step 1).
    async fn container(
        &self,
        c: &Credentials,
        keys: &Keys,
        form: &[(&str, &str)],
    ) -> Result<String, NetworkError> {
        let created: Value = self
            .graph
            .post(
                H,
                &Self::v(&format!("/{}/threads", c.user_id)),
                &c.access_token,
                form,
                keys,
            )
            .await?;
        meta::id_of(&created["id"]).ok_or_else(|| NetworkError::Rejected {
            cause: Rejection::NotUnderstood,
            detail: "the container answer had no id".into(),
        })
    }

    async fn image_url(&self, image: &crate::Image) -> Result<String, NetworkError> {
        match &self.images {
            Some(host) => host.public_url(image).await,
            None => Err(NetworkError::rejected(
                "Threads fetches images from a public address, and this Sangam has none set up for them",
            )),
        }
    }

    /// Builds the post's container (text, one image, or a carousel of up to 20) and returns its id.
    async fn build(
        &self,
        c: &Credentials,
        keys: &Keys,
        content: &Outbound,
    ) -> Result<String, NetworkError> {
        let reply = content.in_reply_to.as_deref();
        let mut base: Vec<(&str, &str)> = vec![("text", content.text.as_str())];
        if let Some(parent) = reply {
            base.push(("reply_to_id", parent));
        }
        match content.images.as_slice() {
            [] => {
                let mut form = base;
                form.push(("media_type", "TEXT"));
                // "Topic Tags, Links": `link_attachment` gives a text post its link preview.
                if let Some(card) = &content.link_card {
                    form.push(("link_attachment", card.url.as_str()));
                }
                self.container(c, keys, &form).await
            }
            [image] => {
                let url = self.image_url(image).await?;
                let mut form = base;
                form.extend([
                    ("media_type", "IMAGE"),
                    ("image_url", url.as_str()),
                    ("alt_text", image.alt.as_str()),
                ]);
                self.container(c, keys, &form).await
            }
            images => {
                // "Carousel Posts": an item container per image (`is_carousel_item=true`), then the carousel.
                let mut children = Vec::new();
                for image in images.iter().take(20) {
                    let url = self.image_url(image).await?;
                    let form = [
                        ("media_type", "IMAGE"),
                        ("is_carousel_item", "true"),
                        ("image_url", url.as_str()),
                        ("alt_text", image.alt.as_str()),
                    ];
                    children.push(self.container(c, keys, &form).await?);
                }
                let children = children.join(",");
                let mut form = base;
                form.extend([("media_type", "CAROUSEL"), ("children", children.as_str())]);
                self.container(c, keys, &form).await
            }
        }
    }
}

fn to_inbound(m: &Value, kind: InboundKind) -> Option<Inbound> {
    let id = meta::id_of(&m["id"])?;
    let username = m["username"].as_str().unwrap_or_default();
    Some(Inbound {
        kind,
        author_handle: format!("@{username}"),
        author_name: username.to_string(),
        author_followers: None,
        text: m["text"].as_str().unwrap_or_default().to_string(),
        url: m["permalink"].as_str().map(str::to_string),
        in_reply_to: meta::id_of(&m["replied_to"]["id"]),
        conversation_id: meta::id_of(&m["root_post"]["id"]).unwrap_or_else(|| id.clone()),
        received_at: m["timestamp"]
            .as_str()
            .and_then(meta::parse_time)
            .unwrap_or_else(now_millis),
        remote_id: id,
    })
}

/// The value of one insights metric: `values[0].value` (media) or `total_value.value` (user).
fn metric(data: &[Value], name: &str) -> Option<i64> {
    let m = data.iter().find(|m| m["name"] == name)?;
    m["total_value"]["value"]
        .as_i64()
        .or_else(|| m["values"][0]["value"].as_i64())
}

#[async_trait]
impl Network for Threads {
    fn kind(&self) -> NetworkKind {
        NetworkKind::Threads
    }

    async fn publish(
        &self,
        account: &Account,
        content: &Outbound,
    ) -> Result<Published, NetworkError> {
        let (c, keys) = Self::credentials(account)?;
        // "Publishing limits": 250 posts and 1,000 replies per 24 hours, read before anything is created.
        meta::check_quota(
            &self.graph,
            H,
            &Self::v(&format!("/{}/threads_publishing_limit", c.user_id)),
            &c.access_token,
            &keys,
            content.in_reply_to.is_some(),
        )
        .await?;
        let container = self.build(&c, &keys, content).await?;
        meta::wait_finished(
            &self.graph,
            H,
            &Self::v(&format!("/{container}")),
            &c.access_token,
            "status",
            &keys,
            &self.polling,
        )
        .await?;
        // `POST /v1.0/{threads-user-id}/threads_publish?creation_id=` ("Threads Posts", step 2).
        let done: Value = self
            .graph
            .post(
                H,
                &Self::v(&format!("/{}/threads_publish", c.user_id)),
                &c.access_token,
                &[("creation_id", container.as_str())],
                &keys,
            )
            .await?;
        let id = meta::id_of(&done["id"]).ok_or_else(|| NetworkError::Rejected {
            cause: Rejection::NotUnderstood,
            detail: "the publish answer had no id".into(),
        })?;
        // `GET /v1.0/{threads-media-id}?fields=permalink,timestamp` ("Retrieve a Single Threads Media Object").
        // The post exists now: a failure to read its address must not turn into a failed (and resent) delivery.
        let details: Value = self
            .graph
            .get(
                H,
                &Self::v(&format!("/{id}")),
                &c.access_token,
                &[("fields", "id,permalink,timestamp")],
                &keys,
            )
            .await
            .unwrap_or(Value::Null);
        let at = details["timestamp"]
            .as_str()
            .and_then(meta::parse_time)
            .unwrap_or_else(now_millis);
        Ok(Published {
            remote_id: id,
            url: details["permalink"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            published_at: at,
        })
    }

    async fn find_published(
        &self,
        _account: &Account,
        _idempotency_key: &str,
    ) -> Result<Option<Published>, NetworkError> {
        // Threads keeps no key; `look_up` matches what was sent instead.
        Ok(None)
    }

    async fn look_up(
        &self,
        account: &Account,
        attempt: &Attempt<'_>,
    ) -> Result<Lookup, NetworkError> {
        let (c, keys) = Self::credentials(account)?;
        // `GET /v1.0/{threads-user-id}/threads` and `/replies` ("Retrieve Posts", "Retrieve Replies").
        let edge = if attempt.content.in_reply_to.is_some() {
            "replies"
        } else {
            "threads"
        };
        let list = OwnPosts {
            path: Self::v(&format!("/{}/{edge}", c.user_id)),
            fields: "id,text,timestamp,permalink",
            text: "text",
            time: "timestamp",
            url: "permalink",
            ours: &|_| true,
            settle_ms: self.settle_ms,
        };
        self.source(&c, &keys)
            .look_back(&list, &attempt.content.text, attempt.sent_at)
            .await
    }

    fn dedupes_repeats(&self) -> bool {
        false
    }

    async fn inbound(
        &self,
        account: &Account,
        cursor: Option<&str>,
    ) -> Result<InboundPage, NetworkError> {
        let (c, keys) = Self::credentials(account)?;
        let mut streams = Streams::parse(cursor);
        let mut found: BTreeMap<String, Inbound> = BTreeMap::new();
        let mut more = false;

        let src = self.source(&c, &keys);
        // Replies: the conversations of our most recent posts (`GET /v1.0/{threads-media-id}/conversation`,
        // "Replies and Conversations"), each its own walk; our own answers in them are left out. Read before the
        // mentions, so that a reply which also mentions us is kept as a reply.
        let recent: Page<Value> = self
            .graph
            .get(
                H,
                &Self::v(&format!("/{}/threads", c.user_id)),
                &c.access_token,
                &[("fields", "id"), ("limit", RECENT_POSTS)],
                &keys,
            )
            .await?;
        for post in &recent.data {
            let Some(post_id) = meta::id_of(&post["id"]) else {
                continue;
            };
            more |= src
                .walk(
                    &mut streams,
                    &format!("replies:{post_id}"),
                    &Self::v(&format!("/{post_id}/conversation?reverse=true")),
                    FIELDS,
                    &mut found,
                    |m| {
                        let ours = m["is_reply_owned_by_me"].as_bool() == Some(true)
                            || (!c.username.is_empty()
                                && m["username"].as_str() == Some(c.username.as_str()));
                        to_inbound(m, InboundKind::Reply)
                            .filter(|_| !ours)
                            .into_iter()
                            .collect()
                    },
                )
                .await?;
        }
        // Mentions: `GET /v1.0/{threads-user-id}/mentions` ("Mentions"), newest first, paged with `after`.
        more |= src
            .walk(
                &mut streams,
                "mentions",
                &Self::v(&format!("/{}/mentions", c.user_id)),
                FIELDS,
                &mut found,
                |m| to_inbound(m, InboundKind::Mention).into_iter().collect(),
            )
            .await?;
        // Only the recent posts' walks are kept, so the cursor does not grow without end.
        let keep: Vec<String> = recent
            .data
            .iter()
            .filter_map(|p| meta::id_of(&p["id"]))
            .collect();
        streams
            .0
            .retain(|k, _| k == "mentions" || keep.iter().any(|id| k == &format!("replies:{id}")));
        let mut messages: Vec<Inbound> = found.into_values().collect();
        messages.sort_by_key(|m| m.received_at);
        Ok(InboundPage {
            messages,
            next_cursor: Some(streams.render()),
            more,
        })
    }

    async fn profile_counts(&self, account: &Account) -> Result<ProfileCounts, NetworkError> {
        let (c, keys) = Self::credentials(account)?;
        // `GET /v1.0/{threads-user-id}/threads_insights?metric=followers_count` ("Insights", user metrics).
        let answer: Page<Value> = self
            .graph
            .get(
                H,
                &Self::v(&format!("/{}/threads_insights", c.user_id)),
                &c.access_token,
                &[("metric", "followers_count")],
                &keys,
            )
            .await?;
        Ok(ProfileCounts {
            followers: metric(&answer.data, "followers_count").unwrap_or(0),
            // The Threads API reports neither whom the account follows nor a post count.
            following: 0,
            posts: 0,
        })
    }

    async fn post_counts(
        &self,
        account: &Account,
        remote_ids: &[String],
    ) -> Result<Vec<PostCounts>, NetworkError> {
        let (c, keys) = Self::credentials(account)?;
        let mut out = Vec::new();
        for id in remote_ids {
            // `GET /v1.0/{threads-media-id}/insights?metric=views,likes,replies,reposts,quotes` ("Media Insights").
            let answer = self
                .graph
                .get::<Page<Value>>(
                    H,
                    &Self::v(&format!("/{id}/insights")),
                    &c.access_token,
                    &[("metric", "views,likes,replies,reposts,quotes")],
                    &keys,
                )
                .await;
            let data = match answer {
                Ok(p) => p.data,
                // A post deleted on Threads is left out.
                Err(NetworkError::Rejected {
                    cause: Rejection::Status(400 | 404),
                    ..
                }) => continue,
                Err(e) => return Err(e),
            };
            out.push(PostCounts {
                remote_id: id.clone(),
                likes: metric(&data, "likes").unwrap_or(0),
                reposts: metric(&data, "reposts").unwrap_or(0),
                replies: metric(&data, "replies").unwrap_or(0),
                quotes: metric(&data, "quotes").unwrap_or(0),
                impressions: metric(&data, "views"),
            });
        }
        Ok(out)
    }
}

#[async_trait]
impl OAuthNetwork for Threads {
    fn kind(&self) -> NetworkKind {
        NetworkKind::Threads
    }

    fn scopes(&self) -> &'static [&'static str] {
        SCOPES
    }

    fn uses_pkce(&self) -> bool {
        // Threads' authorization window documents no `code_challenge`.
        false
    }

    /// `https://threads.net/oauth/authorize?client_id&redirect_uri&scope&response_type=code&state`
    /// ("Get Access Tokens and Permissions").
    fn authorize_url(&self, app: &App, request: &Authorize) -> String {
        let scopes = SCOPES.join(",");
        self.graph.page_url(
            Host::ThreadsWeb,
            "/oauth/authorize",
            &[
                ("client_id", app.client_id.as_str()),
                ("redirect_uri", request.redirect_uri.as_str()),
                ("scope", scopes.as_str()),
                ("response_type", "code"),
                ("state", request.state.as_str()),
            ],
        )
    }

    async fn exchange(
        &self,
        app: &App,
        code: &str,
        _code_verifier: &str,
        redirect_uri: &str,
    ) -> Result<Vec<Granted>, ConnectError> {
        let wrong = |e: NetworkError| match e {
            NetworkError::Rejected {
                cause: Rejection::Status(400),
                detail,
            } => ConnectError::WrongCredentials(detail),
            e => ConnectError::from_network(e, "Threads"),
        };
        let keys = Keys::new(&app.client_id, "");
        // `POST https://graph.threads.net/oauth/access_token` (code for a short-lived token).
        let req = self
            .graph
            .request(reqwest::Method::POST, H, "/oauth/access_token", None)
            .form(&[
                ("client_id", app.client_id.as_str()),
                ("client_secret", app.client_secret.as_str()),
                ("grant_type", "authorization_code"),
                ("redirect_uri", redirect_uri),
                ("code", code),
            ]);
        let short: meta::LongLived = self.graph.call(req, &keys).await.map_err(wrong)?;
        // `GET https://graph.threads.net/access_token?grant_type=th_exchange_token` ("Long-Lived Access Tokens").
        let req = self
            .graph
            .request(reqwest::Method::GET, H, "/access_token", None)
            .query(&[
                ("grant_type", "th_exchange_token"),
                ("client_secret", app.client_secret.as_str()),
                ("access_token", short.access_token.as_str()),
            ]);
        let long: meta::LongLived = self.graph.call(req, &keys).await.map_err(wrong)?;
        // `GET /v1.0/me?fields=id,username,name` ("Retrieve a User's Profile Information").
        let me: Value = self
            .graph
            .get(
                H,
                &Self::v("/me"),
                &long.access_token,
                &[("fields", "id,username,name")],
                &keys,
            )
            .await
            .map_err(wrong)?;
        let user_id = meta::id_of(&me["id"])
            .or_else(|| short.user_id.as_ref().and_then(meta::id_of))
            .ok_or(ConnectError::NotTheNetwork("Threads"))?;
        let username = me["username"].as_str().unwrap_or_default().to_string();
        let credentials = Credentials {
            user_id,
            access_token: long.access_token.clone(),
            app_id: app.client_id.clone(),
            username: username.clone(),
        };
        Ok(vec![Granted {
            account: Connected {
                handle: format!("@{username}"),
                display_name: me["name"]
                    .as_str()
                    .filter(|n| !n.is_empty())
                    .unwrap_or(&username)
                    .to_string(),
                credentials: serde_json::to_value(credentials)
                    .map_err(|e| ConnectError::Refused(e.to_string()))?,
            },
            expires_at: meta::expires_at(now_millis(), long.expires_in),
            refreshable: true,
        }])
    }

    async fn refresh(&self, app: &App, credentials: &Value) -> Result<Refreshed, NetworkError> {
        let mut c: Credentials = serde_json::from_value(credentials.clone()).map_err(|e| {
            NetworkError::AuthExpired(format!("incomplete Threads credentials: {e}"))
        })?;
        // `GET https://graph.threads.net/refresh_access_token?grant_type=th_refresh_token` (a long-lived token at
        // least a day old and not expired gets 60 more days).
        let req = self
            .graph
            .request(reqwest::Method::GET, H, "/refresh_access_token", None)
            .query(&[
                ("grant_type", "th_refresh_token"),
                ("access_token", c.access_token.as_str()),
            ]);
        let renewed: meta::LongLived = self
            .graph
            .call(req, &Keys::new(&app.client_id, &c.user_id))
            .await?;
        c.access_token = renewed.access_token;
        Ok(Refreshed::Renewed {
            credentials: serde_json::to_value(&c)
                .map_err(|e| NetworkError::rejected(e.to_string()))?,
            expires_at: meta::expires_at(now_millis(), renewed.expires_in),
        })
    }
}
