//! Instagram professional accounts, through the workspace's own Meta app (Instagram Platform,
//! https://developers.facebook.com/docs/instagram-platform).
//!
//! Two logins, one set of calls: **Facebook Login for Business** (the default: accounts linked to the person's
//! Pages, spoken to on `graph.facebook.com` with the Page's token, which does not expire) and **Instagram API with
//! Instagram Login** ([`Instagram::with_instagram_login`]: `graph.instagram.com`, a 60-day token renewed with
//! `ig_refresh_token`). The stored credentials say which, so both kinds of profile publish side by side.
//!
//! Calls made (each cited where it is made):
//! - connect: `/dialog/oauth` + `/oauth/access_token` + `fb_exchange_token` + `/me/accounts`; or
//!   `instagram.com/oauth/authorize` + `api.instagram.com/oauth/access_token` + `ig_exchange_token` + `/me`;
//! - publish: `GET /{ig}/content_publishing_limit`, `POST /{ig}/media` (per image, then a carousel),
//!   `GET /{container}?fields=status_code`, `POST /{ig}/media_publish`, `GET /{media}`; comment replies
//!   `POST /{comment}/replies`; direct messages `POST /{page}/messages` (or `/me/messages`);
//! - exactly once: `GET /{ig}/media` (or `/{comment}/replies`), matched by caption after the send;
//! - inbox: `GET /{ig}/media` + `GET /{media}/comments`, `GET /{ig}/tags`, `GET /{page}/conversations?platform=instagram`;
//! - metrics: `GET /{ig}?fields=followers_count,follows_count,media_count`, `GET /{media}?fields=like_count,comments_count`
//!   and `GET /{media}/insights?metric=views,reach,shares`.

#[cfg(test)]
mod tests;

use crate::connect::{ConnectError, Connected};
use crate::http::HttpConfig;
use crate::meta::{
    self, DM, GRAPH_VERSION, Graph, Host, ImageHost, Keys, OwnPosts, Page, Polling, Source, Streams,
};
use crate::oauth::{App, Authorize, Endpoints, Granted, OAuthNetwork, Refreshed};
use crate::{
    Account, Attempt, Inbound, InboundKind, InboundPage, Lookup, Network, NetworkError, Outbound,
    PostCounts, ProfileCounts, Published, Rejection,
};
use async_trait::async_trait;
use reqwest::Method;
use sangam_domain::{NetworkKind, now_millis};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Scopes through Facebook Login for Business (Instagram Platform "Permissions").
pub const FACEBOOK_LOGIN_SCOPES: &[&str] = &[
    "instagram_basic",
    "instagram_content_publish",
    "instagram_manage_comments",
    "instagram_manage_insights",
    "instagram_manage_messages",
    "pages_show_list",
    "pages_read_engagement",
    "pages_manage_metadata",
];

/// Scopes through Instagram Login ("Business Login for Instagram").
pub const INSTAGRAM_LOGIN_SCOPES: &[&str] = &[
    "instagram_business_basic",
    "instagram_business_content_publish",
    "instagram_business_manage_comments",
    "instagram_business_manage_messages",
    "instagram_business_manage_insights",
];

const RECENT_MEDIA: &str = "10";

/// Which login made the profile, and so which host its calls go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Login {
    Facebook,
    Instagram,
}

/// What an Instagram profile stores, sealed.
#[derive(Clone, Serialize, Deserialize)]
pub struct Credentials {
    pub login: Login,
    pub ig_user_id: String,
    pub access_token: String,
    /// The Page the account is linked to (Facebook Login), whose conversations hold its direct messages.
    #[serde(default)]
    pub page_id: String,
    #[serde(default)]
    pub app_id: String,
    #[serde(default)]
    pub username: String,
}

impl Credentials {
    fn host(&self) -> Host {
        match self.login {
            Login::Facebook => Host::FacebookGraph,
            Login::Instagram => Host::InstagramGraph,
        }
    }
}

pub struct Instagram {
    /// How long after a send a missing post may still be on its way into the account's list.
    settle_ms: sangam_domain::Millis,
    graph: Graph,
    login: Login,
    images: Option<Arc<dyn ImageHost>>,
    polling: Polling,
}

fn v(path: &str) -> String {
    format!("/{GRAPH_VERSION}{path}")
}

/// One call as one profile.
struct As<'a> {
    graph: &'a Graph,
    c: &'a Credentials,
    keys: Keys,
}

impl As<'_> {
    fn source(&self) -> Source<'_> {
        Source {
            graph: self.graph,
            host: self.c.host(),
            token: &self.c.access_token,
            keys: &self.keys,
        }
    }

    async fn get(&self, path: &str, query: &[(&str, &str)]) -> Result<Value, NetworkError> {
        self.graph
            .get(
                self.c.host(),
                &v(path),
                &self.c.access_token,
                query,
                &self.keys,
            )
            .await
    }

    async fn post(&self, path: &str, form: &[(&str, &str)]) -> Result<Value, NetworkError> {
        self.graph
            .post(
                self.c.host(),
                &v(path),
                &self.c.access_token,
                form,
                &self.keys,
            )
            .await
    }

    async fn page(&self, path: &str, query: &[(&str, &str)]) -> Result<Page<Value>, NetworkError> {
        self.graph
            .get(
                self.c.host(),
                &v(path),
                &self.c.access_token,
                query,
                &self.keys,
            )
            .await
    }
}

fn id_in(answer: &Value, field: &str) -> Result<String, NetworkError> {
    meta::id_of(&answer[field]).ok_or_else(|| NetworkError::Rejected {
        cause: Rejection::NotUnderstood,
        detail: format!("the answer had no {field}"),
    })
}

impl Instagram {
    pub fn new(http: HttpConfig, endpoints: Endpoints) -> Result<Instagram, NetworkError> {
        Ok(Instagram {
            graph: Graph::new(&http, endpoints)?,
            settle_ms: meta::SETTLE_MS,
            login: Login::Facebook,
            images: None,
            polling: Polling::default(),
        })
    }

    /// How long after a send a lookup still waits before calling a missing post absent (default [`meta::SETTLE_MS`]).
    pub fn with_settle_ms(mut self, settle_ms: sangam_domain::Millis) -> Self {
        self.settle_ms = settle_ms;
        self
    }

    /// Connects through Instagram Login instead of Facebook Login (an Instagram app's id and secret).
    pub fn with_instagram_login(mut self) -> Self {
        self.login = Login::Instagram;
        self
    }

    /// Where images are served from for Instagram to fetch; without one, posts are refused.
    pub fn with_image_host(mut self, host: Arc<dyn ImageHost>) -> Self {
        self.images = Some(host);
        self
    }

    pub fn with_polling(mut self, polling: Polling) -> Self {
        self.polling = polling;
        self
    }

    fn credentials(account: &Account) -> Result<Credentials, NetworkError> {
        serde_json::from_value(account.credentials.clone()).map_err(|e| {
            NetworkError::AuthExpired(format!(
                "the stored Instagram credentials are incomplete: {e}"
            ))
        })
    }

    fn as_<'a>(&'a self, c: &'a Credentials) -> As<'a> {
        As {
            graph: &self.graph,
            keys: Keys::new(&c.app_id, &c.ig_user_id),
            c,
        }
    }

    async fn image_url(&self, image: &crate::Image) -> Result<String, NetworkError> {
        match &self.images {
            Some(host) => host.public_url(image).await,
            None => Err(NetworkError::rejected(
                "Instagram fetches images from a public address, and this Sangam has none set up for them",
            )),
        }
    }

    /// A feed post: one image, or a carousel of up to 10, with the caption and each image's alt text.
    async fn post(&self, a: &As<'_>, content: &Outbound) -> Result<Published, NetworkError> {
        let ig = &a.c.ig_user_id;
        if content.images.is_empty() {
            return Err(NetworkError::rejected(
                "Instagram posts need at least one image",
            ));
        }
        // "Publishing limits": 100 API-published posts per 24 hours, read first.
        meta::check_quota(
            a.graph,
            a.c.host(),
            &v(&format!("/{ig}/content_publishing_limit")),
            &a.c.access_token,
            &a.keys,
            false,
        )
        .await?;
        let media = format!("/{ig}/media");
        let container = if let [image] = content.images.as_slice() {
            let url = self.image_url(image).await?;
            // `POST /{ig-user-id}/media?image_url&caption&alt_text` (Content Publishing, single image; `alt_text`
            // since March 2025).
            let form = [
                ("image_url", url.as_str()),
                ("caption", content.text.as_str()),
                ("alt_text", image.alt.as_str()),
            ];
            id_in(&a.post(&media, &form).await?, "id")?
        } else {
            // Carousel: an item container per image (`is_carousel_item=true`), then `media_type=CAROUSEL`.
            let mut children = Vec::new();
            for image in content.images.iter().take(10) {
                let url = self.image_url(image).await?;
                let form = [
                    ("image_url", url.as_str()),
                    ("is_carousel_item", "true"),
                    ("alt_text", image.alt.as_str()),
                ];
                children.push(id_in(&a.post(&media, &form).await?, "id")?);
            }
            let children = children.join(",");
            let form = [
                ("media_type", "CAROUSEL"),
                ("children", children.as_str()),
                ("caption", content.text.as_str()),
            ];
            id_in(&a.post(&media, &form).await?, "id")?
        };
        meta::wait_finished(
            a.graph,
            a.c.host(),
            &v(&format!("/{container}")),
            &a.c.access_token,
            "status_code",
            &a.keys,
            &self.polling,
        )
        .await?;
        // `POST /{ig-user-id}/media_publish?creation_id=`.
        let done = a
            .post(
                &format!("/{ig}/media_publish"),
                &[("creation_id", container.as_str())],
            )
            .await?;
        let id = id_in(&done, "id")?;
        // `GET /{ig-media-id}?fields=permalink,timestamp`; the post exists, so a failure here is not a failed send.
        let details = a
            .get(&format!("/{id}"), &[("fields", "id,permalink,timestamp")])
            .await
            .unwrap_or(Value::Null);
        Ok(Published {
            url: details["permalink"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            published_at: details["timestamp"]
                .as_str()
                .and_then(meta::parse_time)
                .unwrap_or_else(now_millis),
            remote_id: id,
        })
    }

    /// An answer in the inbox: a reply to a comment, or a direct message back to its sender.
    async fn answer(
        &self,
        a: &As<'_>,
        target: &str,
        content: &Outbound,
    ) -> Result<Published, NetworkError> {
        if let Some(recipient) = meta::dm_recipient(target) {
            // Messenger Platform's Send API for Instagram: `POST /{page-id}/messages` (Facebook Login) or
            // `POST /me/messages` (Instagram Login) with `recipient={"id"}` and `message={"text"}`.
            let sender = match a.c.login {
                Login::Facebook => a.c.page_id.as_str(),
                Login::Instagram => "me",
            };
            let recipient = json!({"id": recipient}).to_string();
            let message = json!({"text": content.text}).to_string();
            let sent = a
                .post(
                    &format!("/{sender}/messages"),
                    &[
                        ("recipient", recipient.as_str()),
                        ("message", message.as_str()),
                    ],
                )
                .await?;
            return Ok(Published {
                remote_id: format!(
                    "{DM}{}:{}",
                    meta::id_of(&sent["recipient_id"]).unwrap_or_default(),
                    id_in(&sent, "message_id")?
                ),
                url: String::new(),
                published_at: now_millis(),
            });
        }
        // `POST /{ig-comment-id}/replies?message=` ("Comment Moderation").
        let sent = a
            .post(
                &format!("/{target}/replies"),
                &[("message", content.text.as_str())],
            )
            .await?;
        Ok(Published {
            remote_id: id_in(&sent, "id")?,
            url: String::new(),
            published_at: now_millis(),
        })
    }
}

fn comment_inbound(m: &Value, media_id: &str, permalink: Option<&str>) -> Option<Inbound> {
    let id = meta::id_of(&m["id"])?;
    let username = m["username"]
        .as_str()
        .or_else(|| m["from"]["username"].as_str())
        .unwrap_or_default();
    Some(Inbound {
        kind: InboundKind::Comment,
        author_handle: format!("@{username}"),
        author_name: username.to_string(),
        author_followers: None,
        text: m["text"].as_str().unwrap_or_default().to_string(),
        url: permalink.map(str::to_string),
        in_reply_to: meta::id_of(&m["parent_id"]).or_else(|| Some(media_id.to_string())),
        conversation_id: media_id.to_string(),
        received_at: m["timestamp"]
            .as_str()
            .and_then(meta::parse_time)
            .unwrap_or_else(now_millis),
        remote_id: id,
    })
}

#[async_trait]
impl Network for Instagram {
    fn kind(&self) -> NetworkKind {
        NetworkKind::Instagram
    }

    async fn publish(
        &self,
        account: &Account,
        content: &Outbound,
    ) -> Result<Published, NetworkError> {
        let c = Self::credentials(account)?;
        let a = self.as_(&c);
        match content.in_reply_to.as_deref() {
            Some(target) => self.answer(&a, target, content).await,
            None => self.post(&a, content).await,
        }
    }

    async fn find_published(
        &self,
        _account: &Account,
        _key: &str,
    ) -> Result<Option<Published>, NetworkError> {
        // Instagram keeps no key; `look_up` matches the caption instead.
        Ok(None)
    }

    async fn look_up(
        &self,
        account: &Account,
        attempt: &Attempt<'_>,
    ) -> Result<Lookup, NetworkError> {
        let target = attempt.content.in_reply_to.as_deref();
        if target.is_some_and(|t| t.starts_with(DM)) {
            return Ok(Lookup::Unsure(
                "Sangam does not read back the direct messages it sent on Instagram.".into(),
            ));
        }
        let c = Self::credentials(account)?;
        let ours = |item: &Value| item["username"].as_str().is_none_or(|u| u == c.username);
        let list = match target {
            // `GET /{ig-comment-id}/replies` (our answer under a comment).
            Some(comment) => OwnPosts {
                path: v(&format!("/{comment}/replies")),
                fields: "id,text,timestamp,username",
                text: "text",
                time: "timestamp",
                url: "permalink",
                ours: &ours,
                settle_ms: self.settle_ms,
            },
            // `GET /{ig-user-id}/media` (the account's media, newest first).
            None => OwnPosts {
                path: v(&format!("/{}/media", c.ig_user_id)),
                fields: "id,caption,timestamp,permalink",
                text: "caption",
                time: "timestamp",
                url: "permalink",
                ours: &ours,
                settle_ms: self.settle_ms,
            },
        };
        self.as_(&c)
            .source()
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
        let c = Self::credentials(account)?;
        let a = self.as_(&c);
        let src = a.source();
        let mut streams = Streams::parse(cursor);
        let mut found = BTreeMap::new();
        let mut more = false;
        let ig = c.ig_user_id.as_str();

        // Comments on our recent media: `GET /{ig-user-id}/media` then `GET /{ig-media-id}/comments`.
        let recent = a
            .page(
                &format!("/{ig}/media"),
                &[
                    ("fields", "id,permalink,comments_count"),
                    ("limit", RECENT_MEDIA),
                ],
            )
            .await?;
        let mut keep = vec!["tags".to_string(), "dms".to_string()];
        for media in &recent.data {
            let Some(media_id) = meta::id_of(&media["id"]) else {
                continue;
            };
            let source = format!("comments:{media_id}");
            keep.push(source.clone());
            if media["comments_count"].as_i64() == Some(0) {
                continue;
            }
            let permalink = media["permalink"].as_str();
            more |= src
                .walk(
                    &mut streams,
                    &source,
                    &v(&format!("/{media_id}/comments")),
                    "id,text,timestamp,username,from,parent_id",
                    &mut found,
                    |m| {
                        comment_inbound(m, &media_id, permalink)
                            .filter(|i| i.author_handle != format!("@{}", c.username))
                            .into_iter()
                            .collect()
                    },
                )
                .await?;
        }
        // Media we are tagged in: `GET /{ig-user-id}/tags` (mentions).
        more |= src
            .walk(
                &mut streams,
                "tags",
                &v(&format!("/{ig}/tags")),
                "id,caption,username,timestamp,permalink",
                &mut found,
                |m| {
                    let Some(id) = meta::id_of(&m["id"]) else {
                        return vec![];
                    };
                    let username = m["username"].as_str().unwrap_or_default();
                    vec![Inbound {
                        kind: InboundKind::Mention,
                        author_handle: format!("@{username}"),
                        author_name: username.to_string(),
                        author_followers: None,
                        text: m["caption"].as_str().unwrap_or_default().to_string(),
                        url: m["permalink"].as_str().map(str::to_string),
                        in_reply_to: None,
                        conversation_id: id.clone(),
                        received_at: m["timestamp"]
                            .as_str()
                            .and_then(meta::parse_time)
                            .unwrap_or_else(now_millis),
                        remote_id: id,
                    }]
                },
            )
            .await?;
        // Direct messages: `GET /{page-id}/conversations?platform=instagram` (Facebook Login) or
        // `GET /me/conversations?platform=instagram` (Instagram Login), Messenger Platform "Conversations API".
        let owner = match c.login {
            Login::Facebook => c.page_id.as_str(),
            Login::Instagram => "me",
        };
        if !owner.is_empty() {
            let path = v(&format!("/{owner}/conversations?platform=instagram"));
            let ours = [ig, c.page_id.as_str()];
            more |= src
                .walk(
                    &mut streams,
                    "dms",
                    &path,
                    "id,updated_time,messages.limit(20){id,message,from,created_time}",
                    &mut found,
                    |conv| meta::conversation_messages(conv, &ours),
                )
                .await?;
        }
        streams.0.retain(|k, _| keep.contains(k));
        let mut messages: Vec<Inbound> = found.into_values().collect();
        messages.sort_by_key(|m| m.received_at);
        Ok(InboundPage {
            messages,
            next_cursor: Some(streams.render()),
            more,
        })
    }

    async fn profile_counts(&self, account: &Account) -> Result<ProfileCounts, NetworkError> {
        let c = Self::credentials(account)?;
        // `GET /{ig-user-id}?fields=followers_count,follows_count,media_count` (IG User).
        let me = self
            .as_(&c)
            .get(
                &format!("/{}", c.ig_user_id),
                &[("fields", "followers_count,follows_count,media_count")],
            )
            .await?;
        Ok(ProfileCounts {
            followers: me["followers_count"].as_i64().unwrap_or(0),
            following: me["follows_count"].as_i64().unwrap_or(0),
            posts: me["media_count"].as_i64().unwrap_or(0),
        })
    }

    async fn post_counts(
        &self,
        account: &Account,
        remote_ids: &[String],
    ) -> Result<Vec<PostCounts>, NetworkError> {
        let c = Self::credentials(account)?;
        let a = self.as_(&c);
        let mut out = Vec::new();
        for id in remote_ids.iter().filter(|id| !id.starts_with(DM)) {
            // `GET /{ig-media-id}?fields=like_count,comments_count` (IG Media).
            let media = match a
                .get(
                    &format!("/{id}"),
                    &[("fields", "id,like_count,comments_count")],
                )
                .await
            {
                Ok(m) => m,
                Err(NetworkError::Rejected {
                    cause: Rejection::Status(400 | 404),
                    ..
                }) => continue,
                Err(e) => return Err(e),
            };
            // `GET /{ig-media-id}/insights?metric=views,reach,shares` (Media Insights; `views` replaced
            // `impressions` in 2025). A comment reply has no insights: its counts stand without views.
            let insights = a
                .page(
                    &format!("/{id}/insights"),
                    &[("metric", "views,reach,shares")],
                )
                .await
                .map(|p| p.data)
                .unwrap_or_default();
            let metric = |name: &str| {
                insights.iter().find(|m| m["name"] == name).and_then(|m| {
                    m["values"][0]["value"]
                        .as_i64()
                        .or_else(|| m["total_value"]["value"].as_i64())
                })
            };
            out.push(PostCounts {
                remote_id: id.clone(),
                likes: media["like_count"].as_i64().unwrap_or(0),
                reposts: metric("shares").unwrap_or(0),
                replies: media["comments_count"].as_i64().unwrap_or(0),
                quotes: 0,
                impressions: metric("views"),
            });
        }
        Ok(out)
    }
}

#[async_trait]
impl OAuthNetwork for Instagram {
    fn kind(&self) -> NetworkKind {
        NetworkKind::Instagram
    }

    fn scopes(&self) -> &'static [&'static str] {
        match self.login {
            Login::Facebook => FACEBOOK_LOGIN_SCOPES,
            Login::Instagram => INSTAGRAM_LOGIN_SCOPES,
        }
    }

    fn uses_pkce(&self) -> bool {
        false
    }

    fn authorize_url(&self, app: &App, request: &Authorize) -> String {
        match self.login {
            Login::Facebook => {
                meta::login::dialog_url(&self.graph, app, request, FACEBOOK_LOGIN_SCOPES)
            }
            // `https://www.instagram.com/oauth/authorize?client_id&redirect_uri&response_type=code&scope&state`
            // ("Business Login for Instagram").
            Login::Instagram => {
                let scopes = INSTAGRAM_LOGIN_SCOPES.join(",");
                self.graph.page_url(
                    Host::InstagramWeb,
                    "/oauth/authorize",
                    &[
                        ("client_id", app.client_id.as_str()),
                        ("redirect_uri", request.redirect_uri.as_str()),
                        ("response_type", "code"),
                        ("scope", scopes.as_str()),
                        ("state", request.state.as_str()),
                    ],
                )
            }
        }
    }

    async fn exchange(
        &self,
        app: &App,
        code: &str,
        _code_verifier: &str,
        redirect_uri: &str,
    ) -> Result<Vec<Granted>, ConnectError> {
        match self.login {
            Login::Facebook => {
                let pages =
                    meta::login::pages(&self.graph, app, code, redirect_uri, "Instagram").await?;
                let granted = pages
                    .into_iter()
                    .filter_map(|p| {
                        let ig = p.instagram_business_account?;
                        let credentials = Credentials {
                            login: Login::Facebook,
                            ig_user_id: ig.id,
                            access_token: p.access_token,
                            page_id: p.id,
                            app_id: app.client_id.clone(),
                            username: ig.username.clone(),
                        };
                        Some(Granted {
                            account: Connected {
                                handle: format!("@{}", ig.username),
                                display_name: if ig.name.is_empty() {
                                    ig.username
                                } else {
                                    ig.name
                                },
                                credentials: serde_json::to_value(credentials).ok()?,
                            },
                            // A Page token from a long-lived user token does not expire.
                            expires_at: None,
                            refreshable: false,
                        })
                    })
                    .collect::<Vec<_>>();
                if granted.is_empty() {
                    return Err(ConnectError::Refused(
                        "none of the Pages granted has an Instagram professional account linked to it".into(),
                    ));
                }
                Ok(granted)
            }
            Login::Instagram => self.instagram_login(app, code, redirect_uri).await,
        }
    }

    async fn refresh(&self, app: &App, credentials: &Value) -> Result<Refreshed, NetworkError> {
        let mut c: Credentials = serde_json::from_value(credentials.clone()).map_err(|e| {
            NetworkError::AuthExpired(format!("incomplete Instagram credentials: {e}"))
        })?;
        match c.login {
            Login::Facebook => {
                // A Page token does not expire; asking for the account proves it was not revoked.
                self.as_(&c)
                    .get(&format!("/{}", c.ig_user_id), &[("fields", "id")])
                    .await?;
                Ok(Refreshed::Renewed {
                    credentials: credentials.clone(),
                    expires_at: None,
                })
            }
            Login::Instagram => {
                // `GET https://graph.instagram.com/refresh_access_token?grant_type=ig_refresh_token`.
                let req = self
                    .graph
                    .request(
                        Method::GET,
                        Host::InstagramGraph,
                        "/refresh_access_token",
                        None,
                    )
                    .query(&[
                        ("grant_type", "ig_refresh_token"),
                        ("access_token", c.access_token.as_str()),
                    ]);
                let renewed: meta::LongLived = self
                    .graph
                    .call(req, &Keys::new(&app.client_id, &c.ig_user_id))
                    .await?;
                c.access_token = renewed.access_token;
                Ok(Refreshed::Renewed {
                    credentials: serde_json::to_value(&c)
                        .map_err(|e| NetworkError::rejected(e.to_string()))?,
                    expires_at: meta::expires_at(now_millis(), renewed.expires_in),
                })
            }
        }
    }
}

impl Instagram {
    async fn instagram_login(
        &self,
        app: &App,
        code: &str,
        redirect_uri: &str,
    ) -> Result<Vec<Granted>, ConnectError> {
        let wrong = |e| meta::login::connect_error(e, "Instagram");
        let keys = Keys::new(&app.client_id, "");
        // `POST https://api.instagram.com/oauth/access_token` (code for a short-lived token).
        let req = self
            .graph
            .request(
                Method::POST,
                Host::InstagramApi,
                "/oauth/access_token",
                None,
            )
            .form(&[
                ("client_id", app.client_id.as_str()),
                ("client_secret", app.client_secret.as_str()),
                ("grant_type", "authorization_code"),
                ("redirect_uri", redirect_uri),
                ("code", code),
            ]);
        let answer: Value = self.graph.call(req, &keys).await.map_err(wrong)?;
        // The answer is `{"data": [{"access_token", "user_id", "permissions"}]}` (older: the object itself).
        let short = if answer["data"].is_array() {
            &answer["data"][0]
        } else {
            &answer
        };
        let short_token = short["access_token"]
            .as_str()
            .ok_or(ConnectError::NotTheNetwork("Instagram"))?;
        // `GET https://graph.instagram.com/access_token?grant_type=ig_exchange_token` (60-day token).
        let req = self
            .graph
            .request(Method::GET, Host::InstagramGraph, "/access_token", None)
            .query(&[
                ("grant_type", "ig_exchange_token"),
                ("client_secret", app.client_secret.as_str()),
                ("access_token", short_token),
            ]);
        let long: meta::LongLived = self.graph.call(req, &keys).await.map_err(wrong)?;
        // `GET https://graph.instagram.com/v25.0/me?fields=user_id,username,name` (the professional account's id).
        let me: Value = self
            .graph
            .get(
                Host::InstagramGraph,
                &v("/me"),
                &long.access_token,
                &[("fields", "user_id,username,name")],
                &keys,
            )
            .await
            .map_err(wrong)?;
        let ig_user_id = meta::id_of(&me["user_id"])
            .or_else(|| meta::id_of(&short["user_id"]))
            .ok_or(ConnectError::NotTheNetwork("Instagram"))?;
        let username = me["username"].as_str().unwrap_or_default().to_string();
        let credentials = Credentials {
            login: Login::Instagram,
            ig_user_id,
            access_token: long.access_token.clone(),
            page_id: String::new(),
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
}
