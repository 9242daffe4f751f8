//! Facebook Pages, through the workspace's own Meta app and Facebook Login for Business (Pages API,
//! https://developers.facebook.com/docs/pages-api).
//!
//! Calls made (each cited where it is made), all on `graph.facebook.com/v25.0` with the Page's token:
//! - connect: `/dialog/oauth` (browser), `GET /oauth/access_token` (code, then `fb_exchange_token`),
//!   `GET /me/accounts` (a Page token each, which does not expire); refresh: `GET /{page}?fields=id` (still valid);
//! - publish: `POST /{page}/photos` (`published=false`, `alt_text_custom`) per image, `POST /{page}/feed`
//!   (`message`, `link`, `attached_media`), `GET /{post}?fields=permalink_url,created_time`; replies
//!   `POST /{object}/comments`, Messenger answers `POST /{page}/messages`;
//! - exactly once: `GET /{page}/published_posts` (or `/{object}/comments`), matched by message after the send;
//! - inbox: `GET /{page}/published_posts` + `GET /{post}/comments`, `GET /{page}/tagged`,
//!   `GET /{page}/conversations?platform=messenger`;
//! - metrics: `GET /{page}?fields=followers_count`, `GET /{post}?fields=reactions.summary(true),comments.summary(true),shares`
//!   and `GET /{post}/insights?metric=post_impressions`.

#[cfg(test)]
mod tests;

use crate::connect::{ConnectError, Connected};
use crate::http::HttpConfig;
use crate::meta::{self, GRAPH_VERSION, Graph, Host, Keys, OwnPosts, Page, Source, Streams};
use crate::oauth::{App, Authorize, Endpoints, Granted, OAuthNetwork, Refreshed};
use crate::{
    Account, Attempt, Inbound, InboundKind, InboundPage, Lookup, Network, NetworkError, Outbound,
    PostCounts, ProfileCounts, Published, Rejection,
};
use async_trait::async_trait;
use reqwest::Method;
use sangam_domain::{Millis, NetworkKind, now_millis};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Scopes asked for (Pages API "Permissions"): list and read the Pages, publish, read and answer comments and
/// messages, read insights.
pub const SCOPES: &[&str] = &[
    "pages_show_list",
    "pages_read_engagement",
    "pages_manage_posts",
    "pages_read_user_content",
    "pages_manage_engagement",
    "pages_messaging",
    "read_insights",
];

const H: Host = Host::FacebookGraph;
const RECENT_POSTS: &str = "10";

/// What a Facebook Page profile stores, sealed.
#[derive(Clone, Serialize, Deserialize)]
pub struct Credentials {
    pub page_id: String,
    /// The Page access token (from a long-lived user token, so it does not expire).
    pub access_token: String,
    #[serde(default)]
    pub app_id: String,
}

pub struct Facebook {
    /// How long after a send a missing post may still be on its way into the account's list.
    settle_ms: sangam_domain::Millis,
    graph: Graph,
}

fn v(path: &str) -> String {
    format!("/{GRAPH_VERSION}{path}")
}

fn id_in(answer: &Value, field: &str) -> Result<String, NetworkError> {
    meta::id_of(&answer[field]).ok_or_else(|| NetworkError::Rejected {
        cause: Rejection::NotUnderstood,
        detail: format!("the answer had no {field}"),
    })
}

fn time_of(item: &Value) -> Option<Millis> {
    item["created_time"].as_str().and_then(meta::parse_time)
}

impl Facebook {
    pub fn new(http: HttpConfig, endpoints: Endpoints) -> Result<Facebook, NetworkError> {
        Ok(Facebook {
            graph: Graph::new(&http, endpoints)?,
            settle_ms: meta::SETTLE_MS,
        })
    }

    /// How long after a send a lookup still waits before calling a missing post absent (default [`meta::SETTLE_MS`]).
    pub fn with_settle_ms(mut self, settle_ms: sangam_domain::Millis) -> Self {
        self.settle_ms = settle_ms;
        self
    }

    fn source<'a>(&'a self, c: &'a Credentials, keys: &'a Keys) -> Source<'a> {
        Source {
            graph: &self.graph,
            host: H,
            token: &c.access_token,
            keys,
        }
    }

    fn credentials(account: &Account) -> Result<(Credentials, Keys), NetworkError> {
        let c: Credentials = serde_json::from_value(account.credentials.clone()).map_err(|e| {
            NetworkError::AuthExpired(format!(
                "the stored Facebook credentials are incomplete: {e}"
            ))
        })?;
        let keys = Keys::new(&c.app_id, &c.page_id);
        Ok((c, keys))
    }

    async fn get(
        &self,
        c: &Credentials,
        keys: &Keys,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<Value, NetworkError> {
        self.graph
            .get(H, &v(path), &c.access_token, query, keys)
            .await
    }

    async fn post_form(
        &self,
        c: &Credentials,
        keys: &Keys,
        path: &str,
        form: &[(&str, &str)],
    ) -> Result<Value, NetworkError> {
        self.graph
            .post(H, &v(path), &c.access_token, form, keys)
            .await
    }

    /// `POST /{page-id}/photos` with the bytes as `source`, `published=false` and the alt text as
    /// `alt_text_custom` ("Publish a Photo" / Photo reference): an unpublished photo to attach to the post.
    async fn upload(
        &self,
        c: &Credentials,
        keys: &Keys,
        image: &crate::Image,
    ) -> Result<String, NetworkError> {
        let part = reqwest::multipart::Part::bytes(image.bytes.clone())
            .file_name("image")
            .mime_str(&image.mime)
            .map_err(|e| NetworkError::rejected(format!("image type {}: {e}", image.mime)))?;
        let form = reqwest::multipart::Form::new()
            .part("source", part)
            .text("published", "false")
            .text("alt_text_custom", image.alt.clone());
        let req = self
            .graph
            .request(
                Method::POST,
                H,
                &v(&format!("/{}/photos", c.page_id)),
                Some(&c.access_token),
            )
            .multipart(form);
        let uploaded: Value = self.graph.call(req, keys).await?;
        id_in(&uploaded, "id")
    }

    /// A Page post: text, a link, photos (each uploaded unpublished, then attached).
    async fn post(
        &self,
        c: &Credentials,
        keys: &Keys,
        content: &Outbound,
    ) -> Result<Published, NetworkError> {
        let mut photos = Vec::new();
        for image in &content.images {
            photos.push(self.upload(c, keys, image).await?);
        }
        let attached: Vec<String> = photos
            .iter()
            .map(|id| json!({"media_fbid": id}).to_string())
            .collect();
        let keys_attached: Vec<String> = (0..attached.len())
            .map(|i| format!("attached_media[{i}]"))
            .collect();
        let mut form: Vec<(&str, &str)> = vec![("message", content.text.as_str())];
        // A link preview and photos do not go together on one Page post; the photos win, the link stays in the text.
        if photos.is_empty()
            && let Some(card) = &content.link_card
        {
            form.push(("link", card.url.as_str()));
        }
        for (k, a) in keys_attached.iter().zip(&attached) {
            form.push((k.as_str(), a.as_str()));
        }
        // `POST /{page-id}/feed` ("Posts": message, link, attached_media).
        let created = self
            .post_form(c, keys, &format!("/{}/feed", c.page_id), &form)
            .await?;
        let id = id_in(&created, "id")?;
        // `GET /{page-post-id}?fields=permalink_url,created_time`; the post exists, so a failure here is not a
        // failed send.
        let details = self
            .get(
                c,
                keys,
                &format!("/{id}"),
                &[("fields", "id,permalink_url,created_time")],
            )
            .await
            .unwrap_or(Value::Null);
        Ok(Published {
            url: details["permalink_url"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            published_at: time_of(&details).unwrap_or_else(now_millis),
            remote_id: id,
        })
    }

    /// An answer in the inbox: a comment under the post or comment, or a Messenger reply to its sender.
    async fn answer(
        &self,
        c: &Credentials,
        keys: &Keys,
        target: &str,
        content: &Outbound,
    ) -> Result<Published, NetworkError> {
        if let Some(recipient) = meta::dm_recipient(target) {
            // Messenger Platform Send API: `POST /{page-id}/messages` with `recipient`, `message` and
            // `messaging_type=RESPONSE` (an answer inside the 24-hour window).
            let recipient = json!({"id": recipient}).to_string();
            let message = json!({"text": content.text}).to_string();
            let sent = self
                .post_form(
                    c,
                    keys,
                    &format!("/{}/messages", c.page_id),
                    &[
                        ("recipient", recipient.as_str()),
                        ("message", message.as_str()),
                        ("messaging_type", "RESPONSE"),
                    ],
                )
                .await?;
            return Ok(Published {
                remote_id: format!(
                    "{}{}:{}",
                    meta::DM,
                    meta::id_of(&sent["recipient_id"]).unwrap_or_default(),
                    id_in(&sent, "message_id")?
                ),
                url: String::new(),
                published_at: now_millis(),
            });
        }
        // `POST /{object-id}/comments?message=` ("Comments": a comment on a post, or a reply to a comment).
        let sent = self
            .post_form(
                c,
                keys,
                &format!("/{target}/comments"),
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

/// A comment or a post that tags the Page, from someone else.
fn public_item(item: &Value, kind: InboundKind, on: Option<&str>, page_id: &str) -> Vec<Inbound> {
    let Some(id) = meta::id_of(&item["id"]) else {
        return vec![];
    };
    let from = &item["from"];
    if meta::id_of(&from["id"]).as_deref() == Some(page_id) {
        return vec![];
    }
    let name = from["name"].as_str().unwrap_or_default();
    let handle = meta::id_of(&from["id"]).unwrap_or_else(|| name.to_string());
    vec![Inbound {
        kind,
        author_handle: handle,
        author_name: name.to_string(),
        author_followers: None,
        text: item["message"].as_str().unwrap_or_default().to_string(),
        url: item["permalink_url"].as_str().map(str::to_string),
        in_reply_to: meta::id_of(&item["parent"]["id"]).or_else(|| on.map(str::to_string)),
        conversation_id: on.map_or_else(|| id.clone(), str::to_string),
        received_at: time_of(item).unwrap_or_else(now_millis),
        remote_id: id,
    }]
}

#[async_trait]
impl Network for Facebook {
    fn kind(&self) -> NetworkKind {
        NetworkKind::Facebook
    }

    async fn publish(
        &self,
        account: &Account,
        content: &Outbound,
    ) -> Result<Published, NetworkError> {
        let (c, keys) = Self::credentials(account)?;
        match content.in_reply_to.as_deref() {
            Some(target) => self.answer(&c, &keys, target, content).await,
            None => self.post(&c, &keys, content).await,
        }
    }

    async fn find_published(
        &self,
        _account: &Account,
        _key: &str,
    ) -> Result<Option<Published>, NetworkError> {
        // Facebook keeps no key; `look_up` matches the message instead.
        Ok(None)
    }

    async fn look_up(
        &self,
        account: &Account,
        attempt: &Attempt<'_>,
    ) -> Result<Lookup, NetworkError> {
        let target = attempt.content.in_reply_to.as_deref();
        if target.is_some_and(|t| t.starts_with(meta::DM)) {
            return Ok(Lookup::Unsure(
                "Sangam does not read back the Messenger replies it sent.".into(),
            ));
        }
        let (c, keys) = Self::credentials(account)?;
        let page_id = c.page_id.as_str();
        let from_page = |item: &Value| meta::id_of(&item["from"]["id"]).as_deref() == Some(page_id);
        let list = match target {
            // `GET /{object-id}/comments?order=reverse_chronological&filter=stream` (the Page's own answer).
            Some(target) => OwnPosts {
                path: v(&format!(
                    "/{target}/comments?order=reverse_chronological&filter=stream"
                )),
                fields: "id,message,created_time,permalink_url,from",
                text: "message",
                time: "created_time",
                url: "permalink_url",
                ours: &from_page,
                settle_ms: self.settle_ms,
            },
            // `GET /{page-id}/published_posts` (the Page's own posts, newest first).
            None => OwnPosts {
                path: v(&format!("/{page_id}/published_posts")),
                fields: "id,message,created_time,permalink_url",
                text: "message",
                time: "created_time",
                url: "permalink_url",
                ours: &|_| true,
                settle_ms: self.settle_ms,
            },
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
        let src = self.source(&c, &keys);
        let page_id = c.page_id.as_str();
        let mut streams = Streams::parse(cursor);
        let mut found = BTreeMap::new();
        let mut more = false;
        let mut keep = vec!["tagged".to_string(), "messenger".to_string()];

        // Comments on the Page's recent posts: `GET /{page-id}/published_posts`, then
        // `GET /{post-id}/comments?filter=stream&order=reverse_chronological` (replies to comments included).
        let recent: Page<Value> = self
            .graph
            .get(
                H,
                &v(&format!("/{page_id}/published_posts")),
                &c.access_token,
                &[("fields", "id"), ("limit", RECENT_POSTS)],
                &keys,
            )
            .await?;
        for post in &recent.data {
            let Some(post_id) = meta::id_of(&post["id"]) else {
                continue;
            };
            let name = format!("comments:{post_id}");
            keep.push(name.clone());
            more |= src
                .walk(
                    &mut streams,
                    &name,
                    &v(&format!(
                        "/{post_id}/comments?filter=stream&order=reverse_chronological"
                    )),
                    "id,message,created_time,from,parent{id},permalink_url",
                    &mut found,
                    |item| public_item(item, InboundKind::Comment, Some(&post_id), page_id),
                )
                .await?;
        }
        // Posts that tag the Page: `GET /{page-id}/tagged` (mentions).
        more |= src
            .walk(
                &mut streams,
                "tagged",
                &v(&format!("/{page_id}/tagged")),
                "id,message,created_time,from,permalink_url",
                &mut found,
                |item| public_item(item, InboundKind::Mention, None, page_id),
            )
            .await?;
        // Messenger: `GET /{page-id}/conversations?platform=messenger` (Conversations API), newest first.
        more |= src
            .walk(
                &mut streams,
                "messenger",
                &v(&format!("/{page_id}/conversations?platform=messenger")),
                "id,updated_time,messages.limit(20){id,message,from,created_time}",
                &mut found,
                |conv| meta::conversation_messages(conv, &[page_id]),
            )
            .await?;
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
        let (c, keys) = Self::credentials(account)?;
        // `GET /{page-id}?fields=followers_count` (Page reference).
        let page = self
            .get(
                &c,
                &keys,
                &format!("/{}", c.page_id),
                &[("fields", "followers_count,fan_count")],
            )
            .await?;
        Ok(ProfileCounts {
            followers: page["followers_count"]
                .as_i64()
                .or_else(|| page["fan_count"].as_i64())
                .unwrap_or(0),
            // A Page follows no one, and the Pages API gives no post count.
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
        for id in remote_ids.iter().filter(|id| !id.starts_with(meta::DM)) {
            // `GET /{post-id}?fields=reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0),shares`.
            let post = match self
                .get(
                    &c,
                    &keys,
                    &format!("/{id}"),
                    &[(
                        "fields",
                        "id,reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0),shares",
                    )],
                )
                .await
            {
                Ok(p) => p,
                Err(NetworkError::Rejected {
                    cause: Rejection::Status(400 | 404),
                    ..
                }) => continue,
                Err(e) => return Err(e),
            };
            // `GET /{post-id}/insights?metric=post_impressions` (Page Post Insights, lifetime). A comment has
            // none: its counts stand without impressions.
            let insights: Vec<Value> = self
                .graph
                .get::<Page<Value>>(
                    H,
                    &v(&format!("/{id}/insights")),
                    &c.access_token,
                    &[("metric", "post_impressions")],
                    &keys,
                )
                .await
                .map(|p| p.data)
                .unwrap_or_default();
            let impressions = insights
                .iter()
                .find(|m| m["name"] == "post_impressions")
                .and_then(|m| m["values"][0]["value"].as_i64());
            out.push(PostCounts {
                remote_id: id.clone(),
                likes: post["reactions"]["summary"]["total_count"]
                    .as_i64()
                    .unwrap_or(0),
                reposts: post["shares"]["count"].as_i64().unwrap_or(0),
                replies: post["comments"]["summary"]["total_count"]
                    .as_i64()
                    .unwrap_or(0),
                quotes: 0,
                impressions,
            });
        }
        Ok(out)
    }
}

#[async_trait]
impl OAuthNetwork for Facebook {
    fn kind(&self) -> NetworkKind {
        NetworkKind::Facebook
    }

    fn scopes(&self) -> &'static [&'static str] {
        SCOPES
    }

    fn uses_pkce(&self) -> bool {
        // The code is exchanged with the app secret, server to server.
        false
    }

    fn authorize_url(&self, app: &App, request: &Authorize) -> String {
        meta::login::dialog_url(&self.graph, app, request, SCOPES)
    }

    async fn exchange(
        &self,
        app: &App,
        code: &str,
        _code_verifier: &str,
        redirect_uri: &str,
    ) -> Result<Vec<Granted>, ConnectError> {
        let pages = meta::login::pages(&self.graph, app, code, redirect_uri, "Facebook").await?;
        if pages.is_empty() {
            return Err(ConnectError::Refused(
                "no Page was granted; choose at least one Page in the Facebook window".into(),
            ));
        }
        pages
            .into_iter()
            .map(|p| {
                let credentials = Credentials {
                    page_id: p.id.clone(),
                    access_token: p.access_token,
                    app_id: app.client_id.clone(),
                };
                Ok(Granted {
                    account: Connected {
                        handle: if p.name.is_empty() {
                            p.id
                        } else {
                            p.name.clone()
                        },
                        display_name: p.name,
                        credentials: serde_json::to_value(credentials)
                            .map_err(|e| ConnectError::Refused(e.to_string()))?,
                    },
                    // A Page token from a long-lived user token does not expire.
                    expires_at: None,
                    refreshable: false,
                })
            })
            .collect()
    }

    async fn refresh(&self, app: &App, credentials: &Value) -> Result<Refreshed, NetworkError> {
        let account = Account {
            profile_id: 0,
            handle: String::new(),
            credentials: credentials.clone(),
        };
        let (mut c, keys) = Self::credentials(&account)?;
        if c.app_id.is_empty() {
            c.app_id = app.client_id.clone();
        }
        // A Page token does not expire; asking for the Page proves it was not revoked.
        self.get(&c, &keys, &format!("/{}", c.page_id), &[("fields", "id")])
            .await?;
        Ok(Refreshed::Renewed {
            credentials: serde_json::to_value(&c)
                .map_err(|e| NetworkError::rejected(e.to_string()))?,
            expires_at: None,
        })
    }
}
