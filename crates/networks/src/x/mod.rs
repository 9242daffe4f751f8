//! X (formerly Twitter), through the X API v2 with OAuth 2.0 user-context tokens from the workspace's own app.
//!
//! Calls made (each cited where it is made, with the test that covers it in `tests.rs`):
//! - connect: `GET https://x.com/i/oauth2/authorize` (the person's browser, PKCE `S256`), `POST /2/oauth2/token`
//!   (`authorization_code` with the `code_verifier`; `refresh_token`), `GET /2/users/me`;
//! - publish: `POST /2/media/upload` (`tweet_image`), `POST /2/media/metadata` (alt text), `POST /2/tweets` (with
//!   `media.media_ids`, `reply.in_reply_to_tweet_id`); an answer to a direct message:
//!   `POST /2/dm_conversations/:id/messages`;
//! - reconcile: `GET /2/users/:id/tweets` with `start_time`, paged with `pagination_token` (an answer to a direct
//!   message: `GET /2/dm_conversations/:id/dm_events`);
//! - inbox: `GET /2/users/:id/mentions` (`since_id`, `pagination_token`), `GET /2/dm_events` (`pagination_token`);
//! - metrics: `GET /2/users/me` (`public_metrics`), `GET /2/tweets?ids=` (`public_metrics`, `non_public_metrics`).
//!
//! **Never twice.** X keeps no idempotency key, so [`Network::dedupes_repeats`] is false. After a send that got no
//! answer, [`Network::look_up`] reads every post of the account created since the intent was recorded (a little
//! before, for clock skew) and matches the exact text (with X's `t.co` links expanded back, its media links dropped,
//! its HTML entities undone) and the number of images. It answers [`Lookup::Absent`] only when it read all of them.
//!
//! **Limits.** Every answer's `x-rate-limit-limit/remaining/reset` is kept per endpoint and account; `POST /2/tweets`
//! also reports `x-app-limit-24hour-*` (the app's day, shared by every account) and `x-user-limit-24hour-*`. A budget
//! at its last few requests holds calls until its reset instead of spending them.

#[cfg(test)]
mod tests;

use crate::connect::{ConnectError, Connected};
use crate::http::{self, Budget, Budgets, HttpConfig, not_understood, read_json};
use crate::oauth::{App, Authorize, Endpoints, Granted, OAuthNetwork, Refreshed};
use crate::{
    Account, Attempt, Inbound, InboundKind, InboundPage, Lookup, Network, NetworkError, Outbound,
    PostCounts, ProfileCounts, Published, Rejection,
};
use async_trait::async_trait;
use reqwest::header::HeaderMap;
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use sangam_domain::{Millis, NetworkKind, now_millis};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The scopes asked for: read and write posts, read the account, stay connected, read and answer DMs, upload media.
pub const SCOPES: &[&str] = &[
    "tweet.read",
    "tweet.write",
    "users.read",
    "offline.access",
    "dm.read",
    "dm.write",
    "media.write",
];
/// X takes up to 4 images in one post.
pub const MAX_IMAGES: usize = 4;
/// Posts and messages asked for per page (the endpoints' maximum is 100).
const PAGE: usize = 100;
/// `GET /2/tweets` takes up to 100 ids.
const LOOKUP_BATCH: usize = 100;
/// How far before the recorded intent the reconciling lookup starts, for the difference between our clock and X's.
const CLOCK_SKEW_MS: Millis = 5 * 60 * 1000;
/// Timeline pages read while reconciling before giving up as unsure (500 posts since the send).
const LOOKUP_PAGES: usize = 5;

/// What an X profile stores, sealed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    pub access_token: String,
    /// Given with `offline.access`; X rotates it at every refresh.
    #[serde(default)]
    pub refresh_token: Option<String>,
    #[serde(default)]
    pub expires_at: Option<Millis>,
    pub user_id: String,
    pub username: String,
    /// The app the token was granted to, whose day-long limit every account shares.
    #[serde(default)]
    pub client_id: String,
}

/// The X connector. One per process; accounts are passed with each call.
pub struct X {
    http: reqwest::Client,
    endpoints: Endpoints,
    budgets: Budgets,
}

impl std::fmt::Debug for X {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("X")
            .field("endpoints", &self.endpoints)
            .finish()
    }
}

#[derive(Debug, Deserialize)]
struct Envelope<T> {
    data: Option<T>,
    #[serde(default)]
    includes: Includes,
    #[serde(default)]
    meta: Meta,
}

#[derive(Debug, Default, Deserialize)]
struct Includes {
    #[serde(default)]
    users: Vec<User>,
}

#[derive(Debug, Default, Deserialize)]
struct Meta {
    #[serde(default)]
    next_token: Option<String>,
    #[serde(default)]
    newest_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct User {
    id: String,
    username: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    public_metrics: Option<UserMetrics>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct UserMetrics {
    #[serde(default)]
    followers_count: i64,
    #[serde(default)]
    following_count: i64,
    #[serde(default)]
    tweet_count: i64,
}

#[derive(Debug, Clone, Deserialize)]
struct Tweet {
    id: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    author_id: Option<String>,
    #[serde(default)]
    conversation_id: Option<String>,
    #[serde(default)]
    in_reply_to_user_id: Option<String>,
    #[serde(default)]
    referenced_tweets: Vec<Referenced>,
    #[serde(default)]
    entities: Option<Entities>,
    #[serde(default)]
    attachments: Option<Attachments>,
    #[serde(default)]
    public_metrics: Option<TweetMetrics>,
    #[serde(default)]
    non_public_metrics: Option<NonPublicMetrics>,
}

#[derive(Debug, Clone, Deserialize)]
struct Referenced {
    #[serde(rename = "type")]
    kind: String,
    id: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct Entities {
    #[serde(default)]
    urls: Vec<UrlEntity>,
}

#[derive(Debug, Clone, Deserialize)]
struct UrlEntity {
    url: String,
    #[serde(default)]
    expanded_url: Option<String>,
    #[serde(default)]
    media_key: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct Attachments {
    #[serde(default)]
    media_keys: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct TweetMetrics {
    #[serde(default)]
    like_count: i64,
    #[serde(default)]
    retweet_count: i64,
    #[serde(default)]
    reply_count: i64,
    #[serde(default)]
    quote_count: i64,
    #[serde(default)]
    impression_count: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct NonPublicMetrics {
    #[serde(default)]
    impression_count: Option<i64>,
}

#[derive(Debug, Clone, Deserialize)]
struct DmEvent {
    id: String,
    #[serde(default)]
    event_type: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    sender_id: Option<String>,
    #[serde(default)]
    dm_conversation_id: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Media {
    id: String,
}

#[derive(Debug, Deserialize)]
struct Created {
    id: String,
}

#[derive(Debug, Deserialize)]
struct Token {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    expires_in: Option<i64>,
}

impl X {
    pub fn new(http: HttpConfig, endpoints: Endpoints) -> Result<X, NetworkError> {
        Ok(X {
            http: http.client()?,
            endpoints,
            budgets: Budgets::default(),
        })
    }

    /// `https://api.x.com{path}`, or the stand-in's.
    fn api(&self, path: &str) -> String {
        match &self.endpoints {
            Endpoints::Official => format!("https://api.x.com{path}"),
            Endpoints::At(base) => format!("{base}{path}"),
        }
    }

    fn credentials(account: &Account) -> Result<Credentials, NetworkError> {
        serde_json::from_value(account.credentials.clone()).map_err(|e| {
            NetworkError::AuthExpired(format!("the stored X credentials are incomplete: {e}"))
        })
    }

    fn request(&self, method: Method, path: &str, token: &str) -> RequestBuilder {
        self.http.request(method, self.api(path)).bearer_auth(token)
    }

    /// Sends after checking the budgets `keys` (per endpoint and account, per app), records what the answer says
    /// of them, and maps error statuses.
    async fn send(
        &self,
        req: RequestBuilder,
        route: &str,
        creds: &Credentials,
    ) -> Result<Response, NetworkError> {
        let now = now_millis();
        let keys = Keys::new(route, creds);
        for key in keys.all() {
            self.budgets.check(key, now)?;
        }
        let response = req.send().await.map_err(|e| http::transport_error(&e))?;
        let headers = response.headers();
        for (key, budget) in keys.read(headers) {
            self.budgets.record(key, budget);
        }
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let retry_after_ms = retry_after_ms(headers, now);
        let detail = error_detail(response).await;
        Err(match status {
            StatusCode::UNAUTHORIZED => NetworkError::AuthExpired(detail),
            StatusCode::TOO_MANY_REQUESTS => NetworkError::RateLimited { retry_after_ms },
            other => http::status_error(other, &detail),
        })
    }

    async fn json<T: DeserializeOwned>(
        &self,
        req: RequestBuilder,
        route: &str,
        creds: &Credentials,
    ) -> Result<T, NetworkError> {
        read_json(self.send(req, route, creds).await?).await
    }

    /// `POST /2/oauth2/token` (https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/user-access-token):
    /// a confidential client authenticates with HTTP Basic (client id and secret).
    async fn token(&self, app: &App, form: &[(&str, &str)]) -> Result<Token, NetworkError> {
        let req = self
            .http
            .post(self.api("/2/oauth2/token"))
            .basic_auth(&app.client_id, Some(&app.client_secret))
            .form(form);
        let response = req.send().await.map_err(|e| http::transport_error(&e))?;
        let status = response.status();
        if status.is_success() {
            return read_json(response).await;
        }
        let now = now_millis();
        let retry_after_ms = retry_after_ms(response.headers(), now);
        let detail = error_detail(response).await;
        Err(match status {
            // An unknown, used or revoked code or refresh token: `400 invalid_request` / `invalid_grant`.
            StatusCode::BAD_REQUEST | StatusCode::UNAUTHORIZED => NetworkError::AuthExpired(detail),
            StatusCode::TOO_MANY_REQUESTS => NetworkError::RateLimited { retry_after_ms },
            other => http::status_error(other, &detail),
        })
    }

    /// `GET /2/users/me` (https://docs.x.com/x-api/users/user-lookup-me): whose token this is, with its counts.
    async fn me(&self, creds: &Credentials) -> Result<User, NetworkError> {
        let req = self
            .request(Method::GET, "/2/users/me", &creds.access_token)
            .query(&[("user.fields", "public_metrics")]);
        let envelope: Envelope<User> = self.json(req, "users/me", creds).await?;
        envelope
            .data
            .ok_or_else(|| not_understood("GET /2/users/me answered without data"))
    }

    /// `POST /2/media/upload` (https://docs.x.com/x-api/media/upload-media), multipart with `media_category`
    /// `tweet_image` (or `dm_image` for a direct message); then `POST /2/media/metadata` (https://docs.x.com/x-api/media/create-media-metadata) with the alt
    /// text in `metadata.alt_text.text`.
    async fn upload(
        &self,
        creds: &Credentials,
        image: &crate::Image,
        category: &'static str,
    ) -> Result<String, NetworkError> {
        let part = reqwest::multipart::Part::bytes(image.bytes.clone())
            .file_name("image")
            .mime_str(&image.mime)
            .map_err(|e| NetworkError::rejected(format!("image type {}: {e}", image.mime)))?;
        let form = reqwest::multipart::Form::new()
            .part("media", part)
            .text("media_category", category)
            .text("media_type", image.mime.clone());
        let req = self
            .request(Method::POST, "/2/media/upload", &creds.access_token)
            .multipart(form);
        let media: Envelope<Media> = self.json(req, "media/upload", creds).await?;
        let id = media
            .data
            .ok_or_else(|| not_understood("the media upload answered without an id"))?
            .id;
        if !image.alt.trim().is_empty() {
            let body = serde_json::json!({"id": id, "metadata": {"alt_text": {"text": image.alt}}});
            let req = self
                .request(Method::POST, "/2/media/metadata", &creds.access_token)
                .json(&body);
            self.send(req, "media/metadata", creds).await?;
        }
        Ok(id)
    }

    /// An answer to a direct message: `POST /2/dm_conversations/:dm_conversation_id/messages`
    /// (https://docs.x.com/x-api/direct-messages/create-dm-message-by-conversation-id), with at most one image.
    async fn send_dm(
        &self,
        creds: &Credentials,
        conversation: &str,
        content: &Outbound,
    ) -> Result<Published, NetworkError> {
        #[derive(Deserialize)]
        struct Sent {
            dm_event_id: String,
        }
        if content.images.len() > 1 {
            return Err(NetworkError::rejected(
                "X takes one image in a direct message",
            ));
        }
        let mut body = serde_json::json!({ "text": content.text });
        if let Some(image) = content.images.first() {
            let id = self.upload(creds, image, "dm_image").await?;
            body["attachments"] = serde_json::json!([{ "media_id": id }]);
        }
        let req = self
            .request(
                Method::POST,
                &format!("/2/dm_conversations/{conversation}/messages"),
                &creds.access_token,
            )
            .json(&body);
        let sent: Envelope<Sent> = self.json(req, "dm:post", creds).await?;
        let sent = sent
            .data
            .ok_or_else(|| not_understood("the direct message was sent without an id"))?;
        Ok(Published {
            remote_id: dm_id(conversation, &sent.dm_event_id),
            url: format!("https://x.com/messages/{conversation}"),
            published_at: now_millis(),
        })
    }

    /// A lost answer to a direct message: `GET /2/dm_conversations/:id/dm_events`
    /// (https://docs.x.com/x-api/direct-messages/get-dm-events-for-a-dm-conversation), newest first, our messages
    /// since the send matched by their text.
    async fn look_up_dm(
        &self,
        creds: &Credentials,
        conversation: &str,
        content: &Outbound,
        since: Millis,
    ) -> Result<Lookup, NetworkError> {
        let wanted = content.text.trim();
        let max = PAGE.to_string();
        let mut page: Option<String> = None;
        for _ in 0..LOOKUP_PAGES {
            let mut query: Vec<(&str, &str)> = vec![
                ("max_results", &max),
                ("event_types", "MessageCreate"),
                ("dm_event.fields", "id,text,event_type,created_at,sender_id"),
            ];
            if let Some(token) = &page {
                query.push(("pagination_token", token));
            }
            let req = self
                .request(
                    Method::GET,
                    &format!("/2/dm_conversations/{conversation}/dm_events"),
                    &creds.access_token,
                )
                .query(&query);
            let events: Envelope<Vec<DmEvent>> = self.json(req, "dm:events", creds).await?;
            let mut reached_older = false;
            for event in events.data.iter().flatten() {
                let at = parse_time(event.created_at.as_deref());
                if at.is_some_and(|t| t < since) {
                    reached_older = true;
                    continue;
                }
                if event.sender_id.as_deref() == Some(creds.user_id.as_str())
                    && event.text.trim() == wanted
                {
                    return Ok(Lookup::Found(Published {
                        remote_id: dm_id(conversation, &event.id),
                        url: format!("https://x.com/messages/{conversation}"),
                        published_at: at.unwrap_or(since),
                    }));
                }
            }
            match events.meta.next_token {
                Some(next) if !reached_older => page = Some(next),
                _ => return Ok(Lookup::Absent),
            }
        }
        Ok(Lookup::Unsure(
            "The conversation has too many messages since this answer was sent; X was not searched further.".into(),
        ))
    }

    fn published(creds: &Credentials, id: &str, at: Millis) -> Published {
        Published {
            remote_id: id.to_string(),
            url: format!("https://x.com/{}/status/{id}", creds.username),
            published_at: at,
        }
    }

    fn granted(creds: Credentials, me: User) -> Result<Granted, ConnectError> {
        let expires_at = creds.expires_at;
        let refreshable = creds.refresh_token.is_some();
        Ok(Granted {
            account: Connected {
                handle: me.username.clone(),
                display_name: if me.name.is_empty() {
                    me.username
                } else {
                    me.name
                },
                credentials: serde_json::to_value(creds)
                    .map_err(|e| ConnectError::Refused(e.to_string()))?,
            },
            expires_at,
            refreshable,
        })
    }
}

/// The budgets one call spends: its endpoint's window for the account, and for `POST /2/tweets` the day-long windows
/// of the account and of the app.
struct Keys {
    endpoint: String,
    user_day: Option<String>,
    app_day: Option<String>,
}

impl Keys {
    fn new(route: &str, creds: &Credentials) -> Keys {
        let tweets = route == "tweets:post";
        Keys {
            endpoint: format!("x|{route}|user:{}", creds.user_id),
            user_day: tweets.then(|| format!("x|tweets-day|user:{}", creds.user_id)),
            app_day: tweets.then(|| format!("x|tweets-day|app:{}", creds.client_id)),
        }
    }

    fn all(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.endpoint.as_str())
            .chain(self.user_day.as_deref())
            .chain(self.app_day.as_deref())
    }

    fn read<'a>(&'a self, headers: &HeaderMap) -> Vec<(&'a str, Budget)> {
        let mut found = Vec::new();
        if let Some(b) = budget(headers, "x-rate-limit") {
            found.push((self.endpoint.as_str(), b));
        }
        if let (Some(key), Some(b)) = (&self.user_day, budget(headers, "x-user-limit-24hour")) {
            found.push((key.as_str(), b));
        }
        if let (Some(key), Some(b)) = (&self.app_day, budget(headers, "x-app-limit-24hour")) {
            found.push((key.as_str(), b));
        }
        found
    }
}

fn header_i64(headers: &HeaderMap, name: &str) -> Option<i64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// `{prefix}-remaining` and `{prefix}-reset` (seconds since the epoch), as X's rate-limit headers give them
/// (https://docs.x.com/x-api/fundamentals/rate-limits).
fn budget(headers: &HeaderMap, prefix: &str) -> Option<Budget> {
    Some(Budget {
        remaining: header_i64(headers, &format!("{prefix}-remaining"))?,
        reset_at: header_i64(headers, &format!("{prefix}-reset"))? * 1000,
    })
}

/// When to come back after a 429: the latest reset among the windows that are spent, else `Retry-After`, else 15 min.
fn retry_after_ms(headers: &HeaderMap, now: Millis) -> i64 {
    let spent = ["x-rate-limit", "x-user-limit-24hour", "x-app-limit-24hour"]
        .iter()
        .filter_map(|p| budget(headers, p))
        .filter(|b| b.remaining <= 0)
        .map(|b| b.reset_at)
        .max();
    if let Some(at) = spent.or_else(|| budget(headers, "x-rate-limit").map(|b| b.reset_at)) {
        return (at - now).max(1_000);
    }
    header_i64(headers, "retry-after")
        .map(|s| s * 1000)
        .unwrap_or(15 * 60 * 1000)
}

/// X's error bodies: `{"title", "detail"}` (v2 problems), `{"errors": [{"message"}]}`, or OAuth's
/// `{"error", "error_description"}`.
async fn error_detail(response: Response) -> String {
    let text = response.text().await.unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let field = |name: &str| v.get(name).and_then(|e| e.as_str()).map(str::to_string);
    field("detail")
        .or_else(|| field("error_description"))
        .or_else(|| {
            v["errors"][0]["message"]
                .as_str()
                .or_else(|| v["errors"][0]["detail"].as_str())
                .map(str::to_string)
        })
        .or_else(|| field("title"))
        .or_else(|| field("error"))
        .unwrap_or_else(|| text.chars().take(200).collect())
}

fn parse_time(raw: Option<&str>) -> Option<Millis> {
    raw?.trim()
        .parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_millisecond())
}

/// X ids are decimal snowflakes: longer is newer, then by digits.
fn newer(a: &str, b: &str) -> bool {
    (a.len(), a) > (b.len(), b)
}

/// The text as it was sent: `t.co` links expanded back, media links (X appends one per post with media) dropped, the
/// `@mentions` X puts before a reply's text dropped, and `&amp;`, `&lt;`, `&gt;` undone.
fn sent_text(tweet: &Tweet, sent_starts_with_mention: bool) -> String {
    let mut text = tweet.text.clone();
    if let Some(entities) = &tweet.entities {
        for url in &entities.urls {
            let with = match (&url.media_key, &url.expanded_url) {
                (Some(_), _) => "",
                (None, Some(expanded)) => expanded.as_str(),
                (None, None) => continue,
            };
            text = text.replacen(&url.url, with, 1);
        }
    }
    let mut text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    if !sent_starts_with_mention && tweet.in_reply_to_user_id.is_some() {
        while text.starts_with('@') {
            text = text
                .split_once(char::is_whitespace)
                .map(|(_, rest)| rest.trim_start().to_string())
                .unwrap_or_default();
        }
    }
    text.trim().to_string()
}

/// The inbox cursor. Mentions page from newest back to `since_id`: `m` is the `since_id` in force, `mn` the newest
/// id of the walk under way, `mp` its next page. DM events have no `since_id`: `d` is the newest event already read,
/// `dn` and `dp` the walk under way. Stored as `m=..;mn=..;mp=..;d=..;dn=..;dp=..`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Cursor {
    mentions: Walk,
    dms: Walk,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Walk {
    /// Everything at or before this id has been read.
    done: Option<String>,
    /// The newest id seen by the walk under way, which becomes `done` when it ends.
    newest: Option<String>,
    /// The next page of the walk under way.
    page: Option<String>,
}

impl Walk {
    /// Ends the walk (no more pages, or the read part was reached): what it saw is read.
    fn finish(&mut self) {
        if let Some(newest) = self.newest.take() {
            self.done = Some(newest);
        }
        self.page = None;
    }

    fn saw(&mut self, id: Option<&str>) {
        if let Some(id) = id
            && self.newest.as_deref().is_none_or(|n| newer(id, n))
        {
            self.newest = Some(id.to_string());
        }
    }
}

impl Cursor {
    fn parse(raw: Option<&str>) -> Cursor {
        let mut cursor = Cursor::default();
        for part in raw.unwrap_or_default().split(';') {
            let Some((k, v)) = part.split_once('=') else {
                continue;
            };
            if v.is_empty() {
                continue;
            }
            let slot = match k {
                "m" => &mut cursor.mentions.done,
                "mn" => &mut cursor.mentions.newest,
                "mp" => &mut cursor.mentions.page,
                "d" => &mut cursor.dms.done,
                "dn" => &mut cursor.dms.newest,
                "dp" => &mut cursor.dms.page,
                _ => continue,
            };
            *slot = Some(v.to_string());
        }
        cursor
    }

    fn render(&self) -> String {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        format!(
            "m={};mn={};mp={};d={};dn={};dp={}",
            s(&self.mentions.done),
            s(&self.mentions.newest),
            s(&self.mentions.page),
            s(&self.dms.done),
            s(&self.dms.newest),
            s(&self.dms.page)
        )
    }
}

fn to_inbound(tweet: &Tweet, users: &HashMap<&str, &User>, our_id: &str) -> Inbound {
    let author = tweet
        .author_id
        .as_deref()
        .and_then(|id| users.get(id).copied());
    let replied_to = tweet
        .referenced_tweets
        .iter()
        .find(|r| r.kind == "replied_to")
        .map(|r| r.id.clone());
    let quoted = tweet.referenced_tweets.iter().find(|r| r.kind == "quoted");
    let kind = if tweet.in_reply_to_user_id.as_deref() == Some(our_id) {
        InboundKind::Reply
    } else if quoted.is_some() {
        InboundKind::Quote
    } else {
        InboundKind::Mention
    };
    let username = author.map(|a| a.username.clone()).unwrap_or_default();
    Inbound {
        remote_id: tweet.id.clone(),
        kind,
        author_handle: format!("@{username}"),
        author_name: author
            .map(|a| a.name.clone())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| username.clone()),
        author_followers: author
            .and_then(|a| a.public_metrics.as_ref())
            .map(|m| m.followers_count),
        text: sent_text(tweet, true),
        url: Some(format!("https://x.com/{username}/status/{}", tweet.id)),
        in_reply_to: replied_to.or_else(|| quoted.map(|q| q.id.clone())),
        conversation_id: tweet
            .conversation_id
            .clone()
            .unwrap_or_else(|| tweet.id.clone()),
        received_at: parse_time(tweet.created_at.as_deref()).unwrap_or_else(now_millis),
    }
}

fn dm_inbound(event: &DmEvent, users: &HashMap<&str, &User>) -> Inbound {
    let sender = event
        .sender_id
        .as_deref()
        .and_then(|id| users.get(id).copied());
    let username = sender.map(|a| a.username.clone()).unwrap_or_default();
    let conversation = event
        .dm_conversation_id
        .clone()
        .unwrap_or_else(|| event.id.clone());
    Inbound {
        // The conversation travels in the id, so that an answer from the inbox goes back into it.
        remote_id: dm_id(&conversation, &event.id),
        kind: InboundKind::DirectMessage,
        author_handle: format!("@{username}"),
        author_name: sender
            .map(|a| a.name.clone())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| username.clone()),
        author_followers: sender
            .and_then(|a| a.public_metrics.as_ref())
            .map(|m| m.followers_count),
        text: event.text.clone(),
        url: None,
        in_reply_to: None,
        conversation_id: conversation,
        received_at: parse_time(event.created_at.as_deref()).unwrap_or_else(now_millis),
    }
}

/// A direct message's id as Sangam keeps it: `dm:{conversation}:{event}`.
fn dm_id(conversation: &str, event: &str) -> String {
    format!("dm:{conversation}:{event}")
}

/// The conversation of a direct message kept as [`dm_id`], for answers that go back into it.
fn dm_conversation(id: &str) -> Option<&str> {
    id.strip_prefix("dm:")?.rsplit_once(':').map(|(c, _)| c)
}

const USER_FIELDS: &str = "username,name,public_metrics";

#[async_trait]
impl Network for X {
    fn kind(&self) -> NetworkKind {
        NetworkKind::X
    }

    async fn publish(
        &self,
        account: &Account,
        content: &Outbound,
    ) -> Result<Published, NetworkError> {
        let creds = Self::credentials(account)?;
        if let Some(conversation) = content.in_reply_to.as_deref().and_then(dm_conversation) {
            return self.send_dm(&creds, conversation, content).await;
        }
        if content.images.len() > MAX_IMAGES {
            return Err(NetworkError::rejected("X takes at most 4 images in a post"));
        }
        // Before anything is uploaded: a spent day (app or account) must not leave orphaned media behind.
        let now = now_millis();
        for key in Keys::new("tweets:post", &creds).all() {
            self.budgets.check(key, now)?;
        }
        let mut media_ids = Vec::new();
        for image in &content.images {
            media_ids.push(self.upload(&creds, image, "tweet_image").await?);
        }
        let mut body = serde_json::json!({ "text": content.text });
        if !media_ids.is_empty() {
            body["media"] = serde_json::json!({ "media_ids": media_ids });
        }
        if let Some(parent) = &content.in_reply_to {
            body["reply"] = serde_json::json!({ "in_reply_to_tweet_id": parent });
        }
        // Links: X builds its own card from the first link in the text, so `content.link_card` is not sent; X has no
        // content warning either.
        // `POST /2/tweets` (https://docs.x.com/x-api/posts/create-post).
        let req = self
            .request(Method::POST, "/2/tweets", &creds.access_token)
            .json(&body);
        let created: Envelope<Created> = self.json(req, "tweets:post", &creds).await?;
        let created = created
            .data
            .ok_or_else(|| not_understood("POST /2/tweets answered without the post"))?;
        Ok(Self::published(&creds, &created.id, now_millis()))
    }

    async fn find_published(
        &self,
        _account: &Account,
        _idempotency_key: &str,
    ) -> Result<Option<Published>, NetworkError> {
        // A post does not carry our key; `look_up` matches by what was sent instead.
        Ok(None)
    }

    async fn look_up(
        &self,
        account: &Account,
        attempt: &Attempt<'_>,
    ) -> Result<Lookup, NetworkError> {
        let creds = Self::credentials(account)?;
        let Some(sent_at) = attempt.sent_at else {
            return Ok(Lookup::Unsure(
                "Sangam has no record of when this post was sent, so X cannot be searched for it."
                    .into(),
            ));
        };
        let content = attempt.content;
        let since = sent_at - CLOCK_SKEW_MS;
        if let Some(conversation) = content.in_reply_to.as_deref().and_then(dm_conversation) {
            return self.look_up_dm(&creds, conversation, content, since).await;
        }
        let start_time = jiff::Timestamp::from_millisecond(since)
            .map_err(|e| NetworkError::rejected(format!("time {since}: {e}")))?
            .strftime("%Y-%m-%dT%H:%M:%SZ")
            .to_string();
        let wanted = content.text.trim();
        let mentions_first = wanted.starts_with('@');
        let mut page: Option<String> = None;
        for _ in 0..LOOKUP_PAGES {
            // `GET /2/users/:id/tweets` (https://docs.x.com/x-api/users/get-posts), newest first, replies included.
            let max = PAGE.to_string();
            let mut query: Vec<(&str, &str)> = vec![
                ("max_results", &max),
                ("start_time", &start_time),
                (
                    "tweet.fields",
                    "created_at,entities,attachments,in_reply_to_user_id,referenced_tweets",
                ),
            ];
            if let Some(token) = &page {
                query.push(("pagination_token", token));
            }
            let req = self
                .request(
                    Method::GET,
                    &format!("/2/users/{}/tweets", creds.user_id),
                    &creds.access_token,
                )
                .query(&query);
            let timeline: Envelope<Vec<Tweet>> = self.json(req, "users/tweets", &creds).await?;
            let found = timeline.data.unwrap_or_default().into_iter().find(|t| {
                let created = parse_time(t.created_at.as_deref());
                let images = t.attachments.as_ref().map_or(0, |a| a.media_keys.len());
                created.is_none_or(|c| c >= since)
                    && images == content.images.len()
                    && sent_text(t, mentions_first) == wanted
                    && content.in_reply_to.as_ref().is_none_or(|parent| {
                        t.referenced_tweets
                            .iter()
                            .any(|r| r.kind == "replied_to" && &r.id == parent)
                    })
            });
            if let Some(tweet) = found {
                let at = parse_time(tweet.created_at.as_deref()).unwrap_or(sent_at);
                return Ok(Lookup::Found(Self::published(&creds, &tweet.id, at)));
            }
            match timeline.meta.next_token {
                Some(next) => page = Some(next),
                None => return Ok(Lookup::Absent),
            }
        }
        Ok(Lookup::Unsure(format!(
            "The account posted more than {} times since this post was sent; X was not searched further.",
            LOOKUP_PAGES * PAGE
        )))
    }

    fn dedupes_repeats(&self) -> bool {
        false
    }

    async fn inbound(
        &self,
        account: &Account,
        cursor: Option<&str>,
    ) -> Result<InboundPage, NetworkError> {
        let creds = Self::credentials(account)?;
        let mut cursor = Cursor::parse(cursor);
        let max = PAGE.to_string();
        let mut by_id: BTreeMap<(usize, String), Inbound> = BTreeMap::new();

        // `GET /2/users/:id/mentions` (https://docs.x.com/x-api/users/get-mentions), newest first.
        let mut query: Vec<(&str, &str)> = vec![
            ("max_results", &max),
            (
                "tweet.fields",
                "created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,entities",
            ),
            ("expansions", "author_id"),
            ("user.fields", USER_FIELDS),
        ];
        if let Some(since) = &cursor.mentions.done {
            query.push(("since_id", since));
        }
        if let Some(token) = &cursor.mentions.page {
            query.push(("pagination_token", token));
        }
        let req = self
            .request(
                Method::GET,
                &format!("/2/users/{}/mentions", creds.user_id),
                &creds.access_token,
            )
            .query(&query);
        let mentions: Envelope<Vec<Tweet>> = self.json(req, "users/mentions", &creds).await?;
        let users: HashMap<&str, &User> = mentions
            .includes
            .users
            .iter()
            .map(|u| (u.id.as_str(), u))
            .collect();
        for tweet in mentions.data.iter().flatten() {
            if tweet.author_id.as_deref() == Some(creds.user_id.as_str()) {
                continue;
            }
            by_id
                .entry((tweet.id.len(), tweet.id.clone()))
                .or_insert_with(|| to_inbound(tweet, &users, &creds.user_id));
        }
        cursor.mentions.saw(mentions.meta.newest_id.as_deref());
        for tweet in mentions.data.iter().flatten() {
            cursor.mentions.saw(Some(&tweet.id));
        }
        // The first read ever takes the newest page only: the inbox starts now, not with years of mentions.
        let mut more = false;
        match mentions.meta.next_token {
            Some(next) if cursor.mentions.done.is_some() => {
                cursor.mentions.page = Some(next);
                more = true;
            }
            _ => cursor.mentions.finish(),
        }

        // `GET /2/dm_events` (https://docs.x.com/x-api/direct-messages/get-dm-events), newest first, last 30 days.
        let mut query: Vec<(&str, &str)> = vec![
            ("max_results", &max),
            ("event_types", "MessageCreate"),
            (
                "dm_event.fields",
                "id,text,event_type,dm_conversation_id,created_at,sender_id",
            ),
            ("expansions", "sender_id"),
            ("user.fields", USER_FIELDS),
        ];
        if let Some(token) = &cursor.dms.page {
            query.push(("pagination_token", token));
        }
        let req = self
            .request(Method::GET, "/2/dm_events", &creds.access_token)
            .query(&query);
        let dms: Envelope<Vec<DmEvent>> = self.json(req, "dm_events", &creds).await?;
        let users: HashMap<&str, &User> = dms
            .includes
            .users
            .iter()
            .map(|u| (u.id.as_str(), u))
            .collect();
        let mut reached_read = false;
        for event in dms.data.iter().flatten() {
            cursor.dms.saw(Some(&event.id));
            if cursor
                .dms
                .done
                .as_deref()
                .is_some_and(|done| !newer(&event.id, done))
            {
                reached_read = true;
                continue;
            }
            if event.event_type != "MessageCreate"
                || event.sender_id.as_deref() == Some(creds.user_id.as_str())
            {
                continue;
            }
            by_id
                .entry((event.id.len(), event.id.clone()))
                .or_insert_with(|| dm_inbound(event, &users));
        }
        match dms.meta.next_token {
            Some(next) if cursor.dms.done.is_some() && !reached_read => {
                cursor.dms.page = Some(next);
                more = true;
            }
            _ => cursor.dms.finish(),
        }
        Ok(InboundPage {
            messages: by_id.into_values().collect(),
            next_cursor: Some(cursor.render()),
            more,
        })
    }

    async fn profile_counts(&self, account: &Account) -> Result<ProfileCounts, NetworkError> {
        let creds = Self::credentials(account)?;
        let metrics = self.me(&creds).await?.public_metrics.unwrap_or_default();
        Ok(ProfileCounts {
            followers: metrics.followers_count,
            following: metrics.following_count,
            posts: metrics.tweet_count,
        })
    }

    async fn post_counts(
        &self,
        account: &Account,
        remote_ids: &[String],
    ) -> Result<Vec<PostCounts>, NetworkError> {
        let creds = Self::credentials(account)?;
        let mut counts = Vec::new();
        for chunk in remote_ids.chunks(LOOKUP_BATCH) {
            let ids = chunk.join(",");
            // `GET /2/tweets` (https://docs.x.com/x-api/posts/get-posts-by-ids). `non_public_metrics` are given for
            // the account's own posts of the last 30 days only; when X refuses them, the public counts still come.
            let mut tweets = None;
            for fields in ["public_metrics,non_public_metrics", "public_metrics"] {
                let req = self
                    .request(Method::GET, "/2/tweets", &creds.access_token)
                    .query(&[("ids", ids.as_str()), ("tweet.fields", fields)]);
                match self
                    .json::<Envelope<Vec<Tweet>>>(req, "tweets:get", &creds)
                    .await
                {
                    Ok(found) => {
                        tweets = Some(found);
                        break;
                    }
                    Err(NetworkError::Rejected {
                        cause: Rejection::Status(400 | 403),
                        ..
                    }) if fields.contains("non_public") => continue,
                    Err(e) => return Err(e),
                }
            }
            let tweets = tweets.and_then(|t| t.data).unwrap_or_default();
            counts.extend(tweets.into_iter().map(|t| {
                let public = t.public_metrics.unwrap_or_default();
                PostCounts {
                    remote_id: t.id,
                    likes: public.like_count,
                    reposts: public.retweet_count,
                    replies: public.reply_count,
                    quotes: public.quote_count,
                    impressions: t
                        .non_public_metrics
                        .and_then(|n| n.impression_count)
                        .or(public.impression_count),
                }
            }));
        }
        Ok(counts)
    }
}

#[async_trait]
impl OAuthNetwork for X {
    fn kind(&self) -> NetworkKind {
        NetworkKind::X
    }

    fn scopes(&self) -> &'static [&'static str] {
        SCOPES
    }

    fn uses_pkce(&self) -> bool {
        true
    }

    /// `GET https://x.com/i/oauth2/authorize`
    /// (https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/authorization-code).
    fn authorize_url(&self, app: &App, request: &Authorize) -> String {
        let base = match &self.endpoints {
            Endpoints::Official => "https://x.com/i/oauth2/authorize".to_string(),
            Endpoints::At(base) => format!("{base}/i/oauth2/authorize"),
        };
        crate::oauth::code_request_url(&base, app, request, &SCOPES.join(" "), true)
    }

    async fn exchange(
        &self,
        app: &App,
        code: &str,
        code_verifier: &str,
        redirect_uri: &str,
    ) -> Result<Vec<Granted>, ConnectError> {
        let token = self
            .token(
                app,
                &[
                    ("grant_type", "authorization_code"),
                    ("code", code),
                    ("redirect_uri", redirect_uri),
                    ("code_verifier", code_verifier),
                    ("client_id", &app.client_id),
                ],
            )
            .await
            .map_err(|e| ConnectError::from_network(e, "X"))?;
        let mut creds = Credentials {
            access_token: token.access_token,
            refresh_token: token.refresh_token,
            expires_at: token.expires_in.map(|s| now_millis() + s * 1000),
            user_id: String::new(),
            username: String::new(),
            client_id: app.client_id.clone(),
        };
        let me = self
            .me(&creds)
            .await
            .map_err(|e| ConnectError::from_network(e, "X"))?;
        creds.user_id = me.id.clone();
        creds.username = me.username.clone();
        Ok(vec![Self::granted(creds, me)?])
    }

    async fn refresh(
        &self,
        app: &App,
        credentials: &serde_json::Value,
    ) -> Result<Refreshed, NetworkError> {
        let mut creds: Credentials = serde_json::from_value(credentials.clone()).map_err(|e| {
            NetworkError::AuthExpired(format!("the stored X credentials are incomplete: {e}"))
        })?;
        let Some(refresh_token) = creds.refresh_token.clone() else {
            return Ok(Refreshed::CannotRefresh);
        };
        let token = self
            .token(
                app,
                &[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", &refresh_token),
                    ("client_id", &app.client_id),
                ],
            )
            .await?;
        creds.access_token = token.access_token;
        // X rotates refresh tokens: the old one stops working once the new one is issued.
        creds.refresh_token = token.refresh_token.or(Some(refresh_token));
        creds.expires_at = token.expires_in.map(|s| now_millis() + s * 1000);
        creds.client_id = app.client_id.clone();
        let expires_at = creds.expires_at;
        Ok(Refreshed::Renewed {
            credentials: serde_json::to_value(creds)
                .map_err(|e| NetworkError::rejected(e.to_string()))?,
            expires_at,
        })
    }
}

#[cfg(test)]
mod cursor_tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn the_cursor_survives_a_round_trip() {
        let c = Cursor {
            mentions: Walk {
                done: Some("10".into()),
                newest: Some("19".into()),
                page: Some("tok".into()),
            },
            dms: Walk {
                done: Some("7".into()),
                ..Walk::default()
            },
        };
        assert_eq!(Cursor::parse(Some(&c.render())), c);
        assert_eq!(Cursor::parse(Some("garbage")), Cursor::default());
    }

    #[test]
    fn the_sent_text_comes_back_from_what_x_shows() {
        let tweet: Tweet = serde_json::from_value(serde_json::json!({
            "id": "1", "text": "@acme Fresh &amp; hot: https://t.co/abc https://t.co/pic",
            "in_reply_to_user_id": "9",
            "entities": {"urls": [
                {"url": "https://t.co/abc", "expanded_url": "https://example.com/menu"},
                {"url": "https://t.co/pic", "expanded_url": "https://x.com/acme/status/1/photo/1", "media_key": "3_1"}
            ]}
        }))
        .unwrap();
        assert_eq!(
            sent_text(&tweet, false),
            "Fresh & hot: https://example.com/menu"
        );
        assert_eq!(
            sent_text(&tweet, true),
            "@acme Fresh & hot: https://example.com/menu"
        );
    }
}
