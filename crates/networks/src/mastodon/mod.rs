//! Mastodon, any instance, through a thin client of our own over reqwest.
//!
//! Calls made (see `docs` in the report and the tests beside each):
//! - connect: `POST /api/v1/apps`, `GET /oauth/authorize` (in the person's browser), `POST /oauth/token`,
//!   `GET /api/v1/accounts/verify_credentials`; or a pasted token checked with `verify_credentials`;
//! - publish: `POST /api/v2/media` (+ `GET /api/v1/media/:id` while it answers 206), `POST /api/v1/statuses` with
//!   `Idempotency-Key`;
//! - inbox: `GET /api/v1/notifications?types[]=mention&types[]=quote` and `GET /api/v1/conversations`, paged with `min_id`;
//! - metrics: `GET /api/v1/accounts/verify_credentials`, `GET /api/v1/statuses?id[]=`.
//!
//! **Never twice.** Mastodon remembers an `Idempotency-Key` for one hour (its Redis key expires after 3600 s): a repeat
//! inside that hour returns the first status instead of creating a second. A status does not carry its key, so
//! [`Mastodon::find_published`] cannot look a key up; the resend with the same key *is* the lookup. So the connector
//! says it dedupes repeats, with a window ([`DEDUPE_WINDOW_MS`], kept under the hour), and the publisher stops
//! resending past it and leaves the delivery `unknown` for a person.

mod api;
mod audience;
mod html;
pub mod public;
pub mod search;
#[cfg(test)]
mod tests;

use crate::connect::{ConnectError, Connected};
use crate::http::{self, Budgets, HttpConfig};
use crate::{
    Account, Inbound, InboundKind, InboundPage, Network, NetworkError, Outbound, PostCounts,
    ProfileCounts, Published, Rejection,
};
use api::Api;
use async_trait::async_trait;
use reqwest::{Method, StatusCode, Url};
use sangam_domain::{MediaLimits, Millis, NetworkKind};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::Duration;

/// Mastodon forgets idempotency keys after an hour; we stop trusting them a little earlier.
pub const DEDUPE_WINDOW_MS: Millis = 50 * 60 * 1000;
/// Notifications and conversations asked for per page (Mastodon's maximum is 40 and 80).
const PAGE: usize = 40;
/// Statuses asked for per `GET /api/v1/statuses?id[]=` call.
const STATUS_BATCH: usize = 20;
/// Scopes Sangam asks for: reading the inbox and counts, writing statuses and media.
pub const SCOPES: &str = "read write";

/// What a Mastodon profile stores, sealed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    /// The instance's base address, e.g. `https://mastodon.social/`.
    pub instance: String,
    pub access_token: String,
    /// Our account's id on the instance, to tell our own statuses from others'.
    pub account_id: String,
    /// The app registration, kept so a reconnect can reuse it.
    #[serde(default)]
    pub client_id: Option<String>,
    #[serde(default)]
    pub client_secret: Option<String>,
    /// `public`, `unlisted`, `private` or `direct`.
    #[serde(default = "public")]
    pub visibility: String,
}

/// Mastodon's documented defaults (4 attachments; `image_size_limit` 16 MB since 4.0), used when an instance does
/// not say or cannot be asked.
pub const DEFAULT_MEDIA_LIMITS: MediaLimits = MediaLimits {
    max_images: 4,
    max_image_bytes: 16 * 1024 * 1024,
};

fn public() -> String {
    "public".into()
}

/// How the connector waits for media to be processed.
#[derive(Debug, Clone)]
pub struct MediaPolling {
    pub every: Duration,
    pub attempts: u32,
}

impl Default for MediaPolling {
    fn default() -> Self {
        MediaPolling {
            every: Duration::from_secs(1),
            attempts: 60,
        }
    }
}

/// The Mastodon connector. One per process; accounts are passed with each call.
pub struct Mastodon {
    config: HttpConfig,
    http: reqwest::Client,
    budgets: Budgets,
    media: MediaPolling,
    /// Our account id per (instance, token), for credentials stored without it.
    account_ids: Mutex<HashMap<String, String>>,
}

impl std::fmt::Debug for Mastodon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mastodon")
            .field("config", &self.config)
            .finish()
    }
}

impl Mastodon {
    pub fn new(config: HttpConfig) -> Result<Mastodon, NetworkError> {
        Ok(Mastodon {
            http: config.client()?,
            config,
            budgets: Budgets::default(),
            media: MediaPolling::default(),
            account_ids: Mutex::new(HashMap::new()),
        })
    }

    pub fn with_media_polling(mut self, media: MediaPolling) -> Self {
        self.media = media;
        self
    }

    fn credentials(account: &Account) -> Result<Credentials, NetworkError> {
        serde_json::from_value(account.credentials.clone()).map_err(|e| {
            NetworkError::AuthExpired(format!(
                "the stored Mastodon credentials are incomplete: {e}"
            ))
        })
    }

    fn api<'a>(&'a self, base: &'a Url, token: Option<&'a str>) -> Api<'a> {
        let budget_key = format!("{base}|{}", token.unwrap_or(""));
        Api {
            http: &self.http,
            base,
            token,
            budgets: &self.budgets,
            budget_key,
        }
    }

    fn base(&self, instance: &str) -> Result<Url, NetworkError> {
        http::base_url(instance, &self.config)
            .map_err(|e| NetworkError::rejected(format!("instance address: {e}")))
    }

    // --- Connecting ---------------------------------------------------------------------------------------------

    /// Registers Sangam as an app on the instance (`POST /api/v1/apps`) for the OAuth code flow.
    pub async fn register_app(
        &self,
        instance: &str,
        redirect_uri: &str,
    ) -> Result<AppRegistration, ConnectError> {
        let base = http::base_url(instance, &self.config)?;
        let api = self.api(&base, None);
        let req = api
            .request(Method::POST, "/api/v1/apps")
            .map_err(|e| ConnectError::from_network(e, "Mastodon"))?
            .form(&[
                ("client_name", "Sangam"),
                ("redirect_uris", redirect_uri),
                ("scopes", SCOPES),
            ]);
        let app: api::App = api
            .json(req)
            .await
            .map_err(|e| ConnectError::from_network(e, "Mastodon"))?;
        Ok(AppRegistration {
            instance: base.to_string(),
            client_id: app.client_id,
            client_secret: app.client_secret,
            redirect_uri: redirect_uri.to_string(),
        })
    }

    /// Trades the code the instance sent back (`POST /oauth/token`) for a token, and checks it.
    pub async fn finish_oauth(
        &self,
        app: &AppRegistration,
        code: &str,
    ) -> Result<Connected, ConnectError> {
        let base = http::base_url(&app.instance, &self.config)?;
        let api = self.api(&base, None);
        let req = api
            .request(Method::POST, "/oauth/token")
            .map_err(|e| ConnectError::from_network(e, "Mastodon"))?
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("client_id", app.client_id.as_str()),
                ("client_secret", app.client_secret.as_str()),
                ("redirect_uri", app.redirect_uri.as_str()),
                ("scope", SCOPES),
            ]);
        let token: api::Token = api.json(req).await.map_err(|e| match e {
            NetworkError::Rejected {
                cause: Rejection::Status(400),
                detail,
            } => ConnectError::WrongCredentials(detail),
            e => ConnectError::from_network(e, "Mastodon"),
        })?;
        let mut connected = self
            .connect_with_token(&app.instance, &token.access_token)
            .await?;
        connected.credentials["client_id"] = app.client_id.clone().into();
        connected.credentials["client_secret"] = app.client_secret.clone().into();
        Ok(connected)
    }

    /// Connects with a token the person pasted (from the instance's Preferences > Development), or one the OAuth
    /// flow produced: `GET /api/v1/accounts/verify_credentials` says whose it is.
    pub async fn connect_with_token(
        &self,
        instance: &str,
        token: &str,
    ) -> Result<Connected, ConnectError> {
        let base = http::base_url(instance, &self.config)?;
        let token = token.trim();
        if token.is_empty() {
            return Err(ConnectError::WrongCredentials(
                "the access token is empty".into(),
            ));
        }
        let me = self
            .api(&base, Some(token))
            .verify_credentials()
            .await
            .map_err(|e| ConnectError::from_network(e, "Mastodon"))?;
        let host = base.host_str().unwrap_or_default();
        let port = base.port().map(|p| format!(":{p}")).unwrap_or_default();
        let credentials = Credentials {
            instance: base.to_string(),
            access_token: token.to_string(),
            account_id: me.id,
            client_id: None,
            client_secret: None,
            visibility: public(),
        };
        Ok(Connected {
            handle: format!("@{}@{host}{port}", me.username),
            display_name: if me.display_name.is_empty() {
                me.username
            } else {
                me.display_name
            },
            credentials: serde_json::to_value(credentials)
                .map_err(|e| ConnectError::Refused(e.to_string()))?,
        })
    }

    // --- Publishing ---------------------------------------------------------------------------------------------

    /// `POST /api/v2/media`, then `GET /api/v1/media/:id` while the instance is still processing it.
    async fn upload(&self, api: &Api<'_>, image: &crate::Image) -> Result<String, NetworkError> {
        let part = reqwest::multipart::Part::bytes(image.bytes.clone())
            .file_name("image")
            .mime_str(&image.mime)
            .map_err(|e| NetworkError::rejected(format!("image type {}: {e}", image.mime)))?;
        let form = reqwest::multipart::Form::new()
            .part("file", part)
            .text("description", image.alt.clone());
        let req = api.request(Method::POST, "/api/v2/media")?.multipart(form);
        let response = api.send(req).await?;
        let processing = response.status() == StatusCode::ACCEPTED;
        let media: api::Media = api::read_json(response).await?;
        if !processing && media.url.is_some() {
            return Ok(media.id);
        }
        for _ in 0..self.media.attempts {
            tokio::time::sleep(self.media.every).await;
            let req = api.request(Method::GET, &format!("/api/v1/media/{}", media.id))?;
            let response = api.send(req).await?;
            if response.status() == StatusCode::OK {
                return Ok(media.id);
            }
        }
        Err(NetworkError::unavailable(
            "the instance is still processing the image; try again later",
        ))
    }

    /// The instance's limits on images (`configuration.media_attachments.image_size_limit` and
    /// `configuration.statuses.max_media_attachments`), from `/api/v2/instance`, or `/api/v1/instance` on instances
    /// older than 4.0. Fields the instance leaves out take Mastodon's documented defaults.
    pub async fn media_limits(&self, account: &Account) -> Result<MediaLimits, NetworkError> {
        let creds = Self::credentials(account)?;
        let base = self.base(&creds.instance)?;
        let api = self.api(&base, Some(&creds.access_token));
        let mut instance: serde_json::Value = serde_json::Value::Null;
        for path in ["/api/v2/instance", "/api/v1/instance"] {
            let response = api.send(api.request(Method::GET, path)?).await;
            match response {
                Ok(r) if r.status().is_success() => {
                    instance = api::read_json(r).await?;
                    break;
                }
                Ok(_) | Err(NetworkError::Rejected { .. }) => continue,
                Err(e) => return Err(e),
            }
        }
        if instance.is_null() {
            return Err(NetworkError::rejected(
                "the instance does not describe itself at /api/v2/instance or /api/v1/instance",
            ));
        }
        let config = &instance["configuration"];
        let as_usize = |v: &serde_json::Value| v.as_u64().and_then(|n| usize::try_from(n).ok());
        Ok(MediaLimits {
            max_images: as_usize(&config["statuses"]["max_media_attachments"])
                .unwrap_or(DEFAULT_MEDIA_LIMITS.max_images),
            max_image_bytes: as_usize(&config["media_attachments"]["image_size_limit"])
                .unwrap_or(DEFAULT_MEDIA_LIMITS.max_image_bytes),
        })
    }

    async fn our_account_id(
        &self,
        api: &Api<'_>,
        creds: &Credentials,
    ) -> Result<String, NetworkError> {
        if !creds.account_id.is_empty() {
            return Ok(creds.account_id.clone());
        }
        if let Some(id) = self
            .account_ids
            .lock()
            .ok()
            .and_then(|m| m.get(&api.budget_key).cloned())
        {
            return Ok(id);
        }
        let me = api.verify_credentials().await?;
        if let Ok(mut m) = self.account_ids.lock() {
            m.insert(api.budget_key.clone(), me.id.clone());
        }
        Ok(me.id)
    }
}

/// An app registered on an instance, kept between sending the person to the instance and their coming back.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppRegistration {
    pub instance: String,
    pub client_id: String,
    pub client_secret: String,
    pub redirect_uri: String,
}

impl std::fmt::Debug for AppRegistration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppRegistration")
            .field("instance", &self.instance)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

impl AppRegistration {
    /// Where to send the person to approve Sangam (`GET /oauth/authorize`).
    pub fn authorize_url(&self, state: &str) -> Result<Url, ConnectError> {
        let mut url = Url::parse(&self.instance)
            .and_then(|u| u.join("/oauth/authorize"))
            .map_err(|_| {
                ConnectError::Address(http::AddressProblem::NotAUrl(self.instance.clone()))
            })?;
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &self.client_id)
            .append_pair("redirect_uri", &self.redirect_uri)
            .append_pair("scope", SCOPES)
            .append_pair("state", state);
        Ok(url)
    }
}

/// The inbox cursor: the newest notification and conversation seen. Stored as `n=<id>;c=<id>`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Cursor {
    notifications: Option<String>,
    conversations: Option<String>,
}

impl Cursor {
    fn parse(raw: Option<&str>) -> Cursor {
        let mut cursor = Cursor::default();
        for part in raw.unwrap_or_default().split(';') {
            match part.split_once('=') {
                Some(("n", v)) if !v.is_empty() => cursor.notifications = Some(v.to_string()),
                Some(("c", v)) if !v.is_empty() => cursor.conversations = Some(v.to_string()),
                _ => {}
            }
        }
        cursor
    }

    fn render(&self) -> String {
        format!(
            "n={};c={}",
            self.notifications.as_deref().unwrap_or_default(),
            self.conversations.as_deref().unwrap_or_default()
        )
    }
}

/// Mastodon ids are decimal strings that sort as numbers.
fn newer(a: &str, b: &str) -> bool {
    (a.len(), a) > (b.len(), b)
}

fn max_id<'a>(ids: impl Iterator<Item = &'a str>) -> Option<String> {
    ids.fold(None::<&str>, |best, id| match best {
        Some(b) if !newer(id, b) => Some(b),
        _ => Some(id),
    })
    .map(str::to_string)
}

fn to_inbound(status: &api::Status, our_id: &str) -> Inbound {
    let kind = if status.visibility == "direct" {
        InboundKind::DirectMessage
    } else if status.in_reply_to_account_id.as_deref() == Some(our_id) {
        InboundKind::Reply
    } else {
        InboundKind::Mention
    };
    let body = html::to_text(&status.content);
    let text = if status.spoiler_text.is_empty() {
        body
    } else {
        format!("{}\n\n{body}", status.spoiler_text)
    };
    Inbound {
        remote_id: status.id.clone(),
        kind,
        author_handle: format!("@{}", status.account.acct),
        author_name: if status.account.display_name.is_empty() {
            status.account.username.clone()
        } else {
            status.account.display_name.clone()
        },
        author_followers: Some(status.account.followers_count),
        text,
        url: status.url.clone().or_else(|| Some(status.uri.clone())),
        in_reply_to: status.in_reply_to_id.clone(),
        // Mastodon's API has no thread id: a message is grouped with the one it answers.
        conversation_id: status
            .in_reply_to_id
            .clone()
            .unwrap_or_else(|| status.id.clone()),
        received_at: api::parse_time(&status.created_at).unwrap_or_else(sangam_domain::now_millis),
    }
}

fn published(status: &api::Status) -> Published {
    Published {
        remote_id: status.id.clone(),
        url: status.url.clone().unwrap_or_else(|| status.uri.clone()),
        published_at: api::parse_time(&status.created_at).unwrap_or_else(sangam_domain::now_millis),
    }
}

#[async_trait]
impl Network for Mastodon {
    fn kind(&self) -> NetworkKind {
        NetworkKind::Mastodon
    }

    async fn publish(
        &self,
        account: &Account,
        content: &Outbound,
    ) -> Result<Published, NetworkError> {
        let creds = Self::credentials(account)?;
        let base = self.base(&creds.instance)?;
        let api = self.api(&base, Some(&creds.access_token));
        if content.images.len() > 4 {
            return Err(NetworkError::rejected("Mastodon takes at most 4 images"));
        }
        let mut media_ids = Vec::new();
        for image in &content.images {
            media_ids.push(self.upload(&api, image).await?);
        }
        let mut body = serde_json::json!({
            "status": content.text,
            "visibility": creds.visibility,
        });
        if !media_ids.is_empty() {
            body["media_ids"] = media_ids.into();
        }
        if let Some(cw) = content.content_warning.as_deref().filter(|s| !s.is_empty()) {
            body["spoiler_text"] = cw.into();
            body["sensitive"] = true.into();
        }
        if let Some(language) = &content.language {
            body["language"] = language.as_str().into();
        }
        if let Some(parent) = &content.in_reply_to {
            body["in_reply_to_id"] = parent.as_str().into();
        }
        // `content.link_card` is left out on purpose: Mastodon fetches the first link itself and builds its own card
        // (there is no API field for one); the post page says so for Mastodon deliveries.
        let req = api
            .request(Method::POST, "/api/v1/statuses")?
            .header("Idempotency-Key", &content.idempotency_key)
            .json(&body);
        let status: api::Status = api.json(req).await?;
        Ok(published(&status))
    }

    async fn find_published(
        &self,
        _account: &Account,
        _idempotency_key: &str,
    ) -> Result<Option<Published>, NetworkError> {
        // A status does not carry its idempotency key, so it cannot be looked up by it; the publisher resends with
        // the same key inside DEDUPE_WINDOW_MS instead, which Mastodon answers with the first status.
        Ok(None)
    }

    fn dedupes_repeats(&self) -> bool {
        true
    }

    fn dedupe_window_ms(&self) -> Option<Millis> {
        Some(DEDUPE_WINDOW_MS)
    }

    async fn inbound(
        &self,
        account: &Account,
        cursor: Option<&str>,
    ) -> Result<InboundPage, NetworkError> {
        let creds = Self::credentials(account)?;
        let base = self.base(&creds.instance)?;
        let api = self.api(&base, Some(&creds.access_token));
        let our_id = self.our_account_id(&api, &creds).await?;
        let mut cursor = Cursor::parse(cursor);
        let limit = PAGE.to_string();

        // Quotes are their own notification type since Mastodon 4.5; older instances match none of them.
        let mut query: Vec<(&str, &str)> = vec![
            ("types[]", "mention"),
            ("types[]", "quote"),
            ("limit", &limit),
        ];
        if let Some(min) = &cursor.notifications {
            query.push(("min_id", min));
        }
        let req = api
            .request(Method::GET, "/api/v1/notifications")?
            .query(&query);
        let notifications: api::Page<api::Notification> = api.page(req).await?;

        let mut query: Vec<(&str, &str)> = vec![("limit", &limit)];
        if let Some(min) = &cursor.conversations {
            query.push(("min_id", min));
        }
        let req = api
            .request(Method::GET, "/api/v1/conversations")?
            .query(&query);
        let conversations: api::Page<api::Conversation> = api.page(req).await?;

        let more = notifications.items.len() >= PAGE || conversations.items.len() >= PAGE;
        // One status can arrive both as a mention and as a conversation's last message: keyed by status id, once.
        let mut by_id: BTreeMap<(usize, String), Inbound> = BTreeMap::new();
        let statuses = notifications
            .items
            .iter()
            .filter(|n| n.kind == "mention" || n.kind == "quote")
            .filter_map(|n| n.status.as_ref().map(|s| (s, n.kind == "quote")))
            .chain(
                conversations
                    .items
                    .iter()
                    .filter_map(|c| c.last_status.as_ref().map(|s| (s, false))),
            )
            .filter(|(s, _)| s.account.id != our_id);
        for (status, quote) in statuses {
            let inbound = by_id
                .entry((status.id.len(), status.id.clone()))
                .or_insert_with(|| to_inbound(status, &our_id));
            if quote && inbound.kind != InboundKind::DirectMessage {
                inbound.kind = InboundKind::Quote;
            }
        }
        if let Some(newest) = notifications
            .newer_than
            .or_else(|| max_id(notifications.items.iter().map(|n| n.id.as_str())))
        {
            cursor.notifications = Some(newest);
        }
        // A conversation pages by its last status id.
        if let Some(newest) = conversations.newer_than.or_else(|| {
            max_id(
                conversations
                    .items
                    .iter()
                    .filter_map(|c| c.last_status.as_ref().map(|s| s.id.as_str())),
            )
        }) {
            cursor.conversations = Some(newest);
        }
        Ok(InboundPage {
            messages: by_id.into_values().collect(),
            next_cursor: Some(cursor.render()),
            more,
        })
    }

    async fn mute_author(
        &self,
        account: &Account,
        author_handle: &str,
        block: bool,
    ) -> Result<bool, NetworkError> {
        #[derive(serde::Deserialize)]
        struct Found {
            id: String,
        }
        let creds = Self::credentials(account)?;
        let base = self.base(&creds.instance)?;
        let api = self.api(&base, Some(&creds.access_token));
        let acct = author_handle.trim_start_matches('@');
        let lookup = api
            .request(Method::GET, "/api/v1/accounts/lookup")?
            .query(&[("acct", acct)]);
        let found: Found = api.json(lookup).await?;
        let verb = if block { "block" } else { "mute" };
        api.send(api.request(
            Method::POST,
            &format!("/api/v1/accounts/{}/{verb}", found.id),
        )?)
        .await?;
        Ok(true)
    }

    async fn profile_counts(&self, account: &Account) -> Result<ProfileCounts, NetworkError> {
        let creds = Self::credentials(account)?;
        let base = self.base(&creds.instance)?;
        let me = self
            .api(&base, Some(&creds.access_token))
            .verify_credentials()
            .await?;
        Ok(ProfileCounts {
            followers: me.followers_count,
            following: me.following_count,
            posts: me.statuses_count,
        })
    }

    async fn post_counts(
        &self,
        account: &Account,
        remote_ids: &[String],
    ) -> Result<Vec<PostCounts>, NetworkError> {
        let creds = Self::credentials(account)?;
        let base = self.base(&creds.instance)?;
        let api = self.api(&base, Some(&creds.access_token));
        let mut counts = Vec::new();
        for chunk in remote_ids.chunks(STATUS_BATCH) {
            let query: Vec<(&str, &str)> = chunk.iter().map(|id| ("id[]", id.as_str())).collect();
            let req = api.request(Method::GET, "/api/v1/statuses")?.query(&query);
            let statuses: Vec<api::Status> = match api.json(req).await {
                // Instances before 4.3 have no batch lookup: one status at a time.
                Err(NetworkError::Rejected {
                    cause: Rejection::Status(404),
                    ..
                }) => {
                    let mut found = Vec::new();
                    for id in chunk {
                        let req = api.request(Method::GET, &format!("/api/v1/statuses/{id}"))?;
                        match api.json(req).await {
                            Ok(status) => found.push(status),
                            Err(NetworkError::Rejected {
                                cause: Rejection::Status(404),
                                ..
                            }) => {}
                            Err(e) => return Err(e),
                        }
                    }
                    found
                }
                other => other?,
            };
            counts.extend(statuses.into_iter().map(|s| PostCounts {
                remote_id: s.id,
                likes: s.favourites_count,
                reposts: s.reblogs_count,
                replies: s.replies_count,
                quotes: s.quotes_count,
                impressions: None,
            }));
        }
        Ok(counts)
    }

    async fn engagers(
        &self,
        account: &Account,
        remote_id: &str,
        reaction: crate::audience::Reaction,
        cursor: Option<&str>,
    ) -> Result<Option<crate::audience::MemberPage>, NetworkError> {
        self.engagers_page(account, remote_id, reaction, cursor)
            .await
    }

    async fn followers(
        &self,
        account: &Account,
        cursor: Option<&str>,
    ) -> Result<Option<crate::audience::MemberPage>, NetworkError> {
        self.followers_page(account, cursor).await.map(Some)
    }
}

#[cfg(test)]
mod cursor_tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn the_cursor_survives_a_round_trip() {
        let c = Cursor {
            notifications: Some("109".into()),
            conversations: None,
        };
        assert_eq!(Cursor::parse(Some(&c.render())), c);
        assert_eq!(Cursor::parse(None), Cursor::default());
        assert_eq!(Cursor::parse(Some("garbage")), Cursor::default());
    }

    #[test]
    fn ids_compare_as_numbers() {
        assert!(newer("100", "99"));
        assert_eq!(
            max_id(["99", "100", "7"].into_iter()).as_deref(),
            Some("100")
        );
    }
}
