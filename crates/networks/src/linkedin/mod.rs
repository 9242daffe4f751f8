//! LinkedIn organisation pages (Community Management API) and members, through the versioned REST API
//! (`/rest/...`, `LinkedIn-Version` and `X-Restli-Protocol-Version: 2.0.0` on every call) with 3-legged OAuth 2.0
//! tokens from the workspace's own app.
//!
//! Calls made (each cited where it is made, with the test that covers it in `tests.rs`):
//! - connect: `GET https://www.linkedin.com/oauth/v2/authorization` (the person's browser), `POST /oauth/v2/accessToken`
//!   (`authorization_code`; `refresh_token` where the app was granted refresh tokens), `GET /v2/userinfo` (OpenID),
//!   `GET /rest/organizationAcls?q=roleAssignee` (pages the member administers), `GET /rest/organizations/{id}`;
//! - publish: `POST /rest/images?action=initializeUpload`, `PUT {uploadUrl}`, `POST /rest/posts` (with `altText`);
//!   a reply: `POST /rest/socialActions/{urn}/comments`;
//! - reconcile: `GET /rest/posts?q=author` (newest first) or `GET /rest/socialActions/{urn}/comments`;
//! - inbox: `GET /rest/posts?q=author` then `GET /rest/socialActions/{urn}/comments` per recent post, and for pages
//!   `GET /rest/organizationalEntityNotifications?q=criteria` (`SHARE_MENTION`) with `GET /rest/posts/{urn}`;
//! - metrics: `GET /rest/networkSizes/{org}` (followers), `GET /rest/organizationalEntityShareStatistics`
//!   (impressions, reach, likes, comments, shares of a page's posts), `GET /rest/socialActions/{urn}` (a member's).
//!
//! **Never twice.** LinkedIn keeps no idempotency key, so [`Network::dedupes_repeats`] is false; [`Network::look_up`]
//! reads the author's posts newest first back to the recorded intent (less a clock skew) and matches the exact
//! commentary and number of images, and answers [`Lookup::Absent`] only when it reached posts older than that.
//!
//! **Limits.** LinkedIn states no remaining budget in its answers; it answers 429 once an application's or a member's
//! daily limit for a resource is spent, saying which in its message. That 429 holds every later call of the same app
//! (or member) to that resource until the limit resets (at midnight UTC, or `Retry-After` when given).

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
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use sangam_domain::{Millis, NetworkKind, now_millis};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The versioned API this connector was written against (`YYYYMM`; LinkedIn keeps a version for a year).
pub const VERSION: &str = "202605";
/// Members: OpenID sign-in and posting as themselves. Pages: posting, reading and administering (statistics).
pub const SCOPES: &[&str] = &[
    "openid",
    "profile",
    "w_member_social",
    "w_organization_social",
    "r_organization_social",
    "rw_organization_admin",
];
/// A multi-image post holds up to 20 images (Posts API, MultiImage).
pub const MAX_IMAGES: usize = 20;
/// Posts asked for per page of `q=author` (the finder's maximum is 100).
const PAGE: usize = 50;
/// Recent posts whose comments the inbox reads.
const INBOX_POSTS: usize = 10;
const CLOCK_SKEW_MS: Millis = 5 * 60 * 1000;
const LOOKUP_PAGES: usize = 5;
const DAY_MS: Millis = 24 * 60 * 60 * 1000;

/// What a LinkedIn profile stores, sealed. A member and each page they administer are separate profiles, each with
/// the same token and its own `author`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    pub access_token: String,
    #[serde(default)]
    pub refresh_token: Option<String>,
    #[serde(default)]
    pub expires_at: Option<Millis>,
    /// `urn:li:organization:{id}` for a page, `urn:li:person:{id}` for a member: who posts.
    pub author: String,
    /// The member who granted the token.
    pub member: String,
    #[serde(default)]
    pub client_id: String,
}

impl Credentials {
    fn organization(&self) -> Option<&str> {
        self.author
            .starts_with("urn:li:organization:")
            .then_some(self.author.as_str())
    }
}

pub struct LinkedIn {
    http: reqwest::Client,
    endpoints: Endpoints,
    budgets: Budgets,
}

impl std::fmt::Debug for LinkedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LinkedIn")
            .field("endpoints", &self.endpoints)
            .finish()
    }
}

#[derive(Debug, Deserialize)]
struct Elements<T> {
    #[serde(default = "Vec::new")]
    elements: Vec<T>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Post {
    id: String,
    #[serde(default)]
    author: String,
    #[serde(default)]
    commentary: String,
    #[serde(default)]
    created_at: Option<Millis>,
    #[serde(default)]
    published_at: Option<Millis>,
    #[serde(default)]
    content: Option<serde_json::Value>,
}

impl Post {
    fn images(&self) -> usize {
        match &self.content {
            Some(c)
                if c.get("media").is_some_and(|m| {
                    m["id"]
                        .as_str()
                        .is_some_and(|id| id.starts_with("urn:li:image:"))
                }) =>
            {
                1
            }
            Some(c) => c["multiImage"]["images"].as_array().map_or(0, Vec::len),
            None => 0,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Comment {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    comment_urn: Option<String>,
    #[serde(rename = "$URN", default)]
    urn: Option<String>,
    #[serde(default)]
    actor: String,
    #[serde(default)]
    object: Option<String>,
    #[serde(default)]
    message: Message,
    #[serde(default)]
    created: Option<Stamp>,
    #[serde(default)]
    parent_comment: Option<String>,
}

impl Comment {
    /// `urn:li:comment:({post},{id})`, from the answer's fields or built from the post and id.
    fn urn(&self, post: &str) -> String {
        self.comment_urn
            .clone()
            .or_else(|| self.urn.clone())
            .unwrap_or_else(|| {
                format!(
                    "urn:li:comment:({},{})",
                    self.object.as_deref().unwrap_or(post),
                    self.id.as_deref().unwrap_or_default()
                )
            })
    }

    fn time(&self) -> Option<Millis> {
        self.created.as_ref().map(|c| c.time)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
struct Message {
    #[serde(default)]
    text: String,
}

#[derive(Debug, Clone, Deserialize)]
struct Stamp {
    time: Millis,
}

#[derive(Debug, Deserialize)]
struct Token {
    access_token: String,
    #[serde(default)]
    expires_in: Option<i64>,
    #[serde(default)]
    refresh_token: Option<String>,
}

#[derive(Debug, Deserialize)]
struct UserInfo {
    sub: String,
    #[serde(default)]
    name: String,
}

#[derive(Debug, Deserialize)]
struct Acl {
    organization: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Organization {
    #[serde(default)]
    localized_name: String,
    #[serde(default)]
    vanity_name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Notification {
    #[serde(default)]
    action: String,
    #[serde(default)]
    generated_activity: Option<String>,
    #[serde(default)]
    source_post: Option<String>,
    #[serde(default)]
    last_modified_at: Option<Millis>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ShareStatistic {
    #[serde(default)]
    share: Option<String>,
    #[serde(default)]
    ugc_post: Option<String>,
    total_share_statistics: ShareCounts,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ShareCounts {
    #[serde(default)]
    impression_count: Option<i64>,
    #[serde(default)]
    like_count: i64,
    #[serde(default)]
    comment_count: i64,
    #[serde(default)]
    share_count: i64,
}

/// LinkedIn's "little text": these characters are markup in `commentary` and are sent escaped with a backslash.
const RESERVED: &[char] = &[
    '\\', '|', '{', '}', '@', '[', ']', '(', ')', '<', '>', '#', '*', '_', '~',
];

fn escape_little(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if RESERVED.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn unescape_little(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(next) = chars.next()
        {
            out.push(next);
            continue;
        }
        out.push(c);
    }
    out
}

/// A URN in a path segment: `:`, `(`, `)` and `,` percent-encoded.
fn encode(urn: &str) -> String {
    let mut out = String::new();
    for b in urn.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The post a comment URN `urn:li:comment:({post},{id})` belongs to.
fn comment_post(urn: &str) -> Option<&str> {
    let inner = urn.strip_prefix("urn:li:comment:(")?.strip_suffix(')')?;
    inner.rsplit_once(',').map(|(post, _)| post)
}

/// The next midnight UTC after `now`, when LinkedIn's daily limits reset.
fn next_midnight(now: Millis) -> Millis {
    (now / DAY_MS + 1) * DAY_MS
}

/// `{"message": ..., "serviceErrorCode": ...}` (REST), or OAuth's `{"error", "error_description"}`.
async fn error_detail(response: Response) -> String {
    let text = response.text().await.unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    ["message", "error_description", "error"]
        .iter()
        .find_map(|k| v.get(*k).and_then(|m| m.as_str()).map(str::to_string))
        .unwrap_or_else(|| text.chars().take(200).collect())
}

impl LinkedIn {
    pub fn new(http: HttpConfig, endpoints: Endpoints) -> Result<LinkedIn, NetworkError> {
        Ok(LinkedIn {
            http: http.client()?,
            endpoints,
            budgets: Budgets::default(),
        })
    }

    fn api(&self, path: &str) -> String {
        match &self.endpoints {
            Endpoints::Official => format!("https://api.linkedin.com{path}"),
            Endpoints::At(base) => format!("{base}{path}"),
        }
    }

    fn www(&self, path: &str) -> String {
        match &self.endpoints {
            Endpoints::Official => format!("https://www.linkedin.com{path}"),
            Endpoints::At(base) => format!("{base}{path}"),
        }
    }

    fn credentials(account: &Account) -> Result<Credentials, NetworkError> {
        serde_json::from_value(account.credentials.clone()).map_err(|e| {
            NetworkError::AuthExpired(format!(
                "the stored LinkedIn credentials are incomplete: {e}"
            ))
        })
    }

    /// A versioned REST call: `{api}/rest{path_and_query}` with the version headers.
    fn rest(&self, method: Method, path: &str, token: &str) -> RequestBuilder {
        self.http
            .request(method, self.api(&format!("/rest{path}")))
            .bearer_auth(token)
            .header("LinkedIn-Version", VERSION)
            .header("X-Restli-Protocol-Version", "2.0.0")
    }

    /// Sends after checking the resource's budgets (the app's and the member's), maps statuses, and on a 429 holds
    /// the budget the message names until the daily reset.
    async fn send(
        &self,
        req: RequestBuilder,
        resource: &str,
        creds: &Credentials,
    ) -> Result<Response, NetworkError> {
        let now = now_millis();
        let app_key = format!("linkedin|{resource}|app:{}", creds.client_id);
        let member_key = format!("linkedin|{resource}|member:{}", creds.member);
        self.budgets.check(&app_key, now)?;
        self.budgets.check(&member_key, now)?;
        let response = req.send().await.map_err(|e| http::transport_error(&e))?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<i64>().ok())
            .map(|s| now + s * 1000);
        let detail = error_detail(response).await;
        Err(match status {
            StatusCode::UNAUTHORIZED => NetworkError::AuthExpired(detail),
            StatusCode::TOO_MANY_REQUESTS => {
                let reset_at = retry_after.unwrap_or_else(|| next_midnight(now));
                let key = if detail.to_ascii_uppercase().contains("APPLICATION") {
                    app_key
                } else {
                    member_key
                };
                self.budgets.record(
                    &key,
                    Budget {
                        remaining: 0,
                        reset_at,
                    },
                );
                NetworkError::RateLimited {
                    retry_after_ms: (reset_at - now).max(1_000),
                }
            }
            other => http::status_error(other, &detail),
        })
    }

    async fn json<T: DeserializeOwned>(
        &self,
        req: RequestBuilder,
        resource: &str,
        creds: &Credentials,
    ) -> Result<T, NetworkError> {
        read_json(self.send(req, resource, creds).await?).await
    }

    /// `POST https://www.linkedin.com/oauth/v2/accessToken`
    /// (https://learn.microsoft.com/linkedin/shared/authentication/authorization-code-flow and
    /// .../programmatic-refresh-tokens): the client id and secret go in the form.
    async fn token(&self, form: &[(&str, &str)]) -> Result<Token, NetworkError> {
        let response = self
            .http
            .post(self.www("/oauth/v2/accessToken"))
            .form(form)
            .send()
            .await
            .map_err(|e| http::transport_error(&e))?;
        let status = response.status();
        if status.is_success() {
            return read_json(response).await;
        }
        let detail = error_detail(response).await;
        Err(match status {
            StatusCode::BAD_REQUEST | StatusCode::UNAUTHORIZED => NetworkError::AuthExpired(detail),
            StatusCode::TOO_MANY_REQUESTS => NetworkError::RateLimited {
                retry_after_ms: 60_000,
            },
            other => http::status_error(other, &detail),
        })
    }

    /// `POST /rest/images?action=initializeUpload`, then `PUT` the bytes to the `uploadUrl` it gives
    /// (https://learn.microsoft.com/linkedin/marketing/community-management/shares/images-api).
    async fn upload(
        &self,
        creds: &Credentials,
        image: &crate::Image,
    ) -> Result<String, NetworkError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Init {
            upload_url: String,
            image: String,
        }
        #[derive(Deserialize)]
        struct Value {
            value: Init,
        }
        let body = serde_json::json!({"initializeUploadRequest": {"owner": creds.author}});
        let req = self
            .rest(
                Method::POST,
                "/images?action=initializeUpload",
                &creds.access_token,
            )
            .json(&body);
        let init: Value = self.json(req, "images", creds).await?;
        let url = &init.value.upload_url;
        if !self.upload_url_allowed(url) {
            return Err(NetworkError::rejected(format!(
                "LinkedIn gave an upload address outside LinkedIn: {url}"
            )));
        }
        let req = self
            .http
            .put(url)
            .bearer_auth(&creds.access_token)
            .header(reqwest::header::CONTENT_TYPE, &image.mime)
            .body(image.bytes.clone());
        self.send(req, "images-upload", creds).await?;
        Ok(init.value.image)
    }

    /// The upload address comes from LinkedIn's answer: only LinkedIn's own https hosts (or the stand-in) are used.
    fn upload_url_allowed(&self, url: &str) -> bool {
        match &self.endpoints {
            Endpoints::At(base) => url.starts_with(&format!("{base}/")),
            Endpoints::Official => reqwest::Url::parse(url).is_ok_and(|u| {
                u.scheme() == "https"
                    && u.host_str().is_some_and(|h| {
                        h == "linkedin.com"
                            || h.ends_with(".linkedin.com")
                            || h.ends_with(".licdn.com")
                    })
            }),
        }
    }

    /// `GET /rest/posts?q=author` (https://learn.microsoft.com/linkedin/marketing/community-management/shares/posts-api),
    /// newest first.
    async fn posts_by_author(
        &self,
        creds: &Credentials,
        start: usize,
        count: usize,
    ) -> Result<Vec<Post>, NetworkError> {
        let path = format!(
            "/posts?q=author&author={}&count={count}&start={start}&sortBy=CREATED",
            encode(&creds.author)
        );
        let req = self.rest(Method::GET, &path, &creds.access_token);
        let page: Elements<Post> = self.json(req, "posts", creds).await?;
        Ok(page.elements)
    }

    /// `GET /rest/socialActions/{urn}/comments`
    /// (https://learn.microsoft.com/linkedin/marketing/community-management/shares/comments-api).
    async fn comments(
        &self,
        creds: &Credentials,
        target: &str,
        start: usize,
    ) -> Result<Vec<Comment>, NetworkError> {
        let path = format!(
            "/socialActions/{}/comments?count=100&start={start}",
            encode(target)
        );
        let req = self.rest(Method::GET, &path, &creds.access_token);
        let page: Elements<Comment> = self.json(req, "comments", creds).await?;
        Ok(page.elements)
    }

    fn post_url(urn: &str) -> String {
        format!("https://www.linkedin.com/feed/update/{urn}/")
    }

    /// A comment on a post, or a reply under a comment (`parentComment`), as the profile's author.
    async fn comment(
        &self,
        creds: &Credentials,
        target: &str,
        text: &str,
    ) -> Result<Published, NetworkError> {
        let (object, parent) = match comment_post(target) {
            Some(post) => (post.to_string(), Some(target.to_string())),
            None => (target.to_string(), None),
        };
        let mut body = serde_json::json!({
            "actor": creds.author, "object": object, "message": {"text": text},
        });
        if let Some(parent) = &parent {
            body["parentComment"] = parent.as_str().into();
        }
        // `POST /rest/socialActions/{urn}/comments` (Comments API, "Create a Comment").
        let req = self
            .rest(
                Method::POST,
                &format!("/socialActions/{}/comments", encode(target)),
                &creds.access_token,
            )
            .json(&body);
        let response = self.send(req, "comments", creds).await?;
        let id_header = response
            .headers()
            .get("x-restli-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let mut created: Comment = read_json(response).await.unwrap_or(Comment {
            id: None,
            comment_urn: None,
            urn: None,
            actor: creds.author.clone(),
            object: Some(object.clone()),
            message: Message::default(),
            created: None,
            parent_comment: None,
        });
        if created.id.is_none() {
            created.id = id_header;
        }
        Ok(Published {
            remote_id: created.urn(&object),
            url: Self::post_url(&object),
            published_at: created.time().unwrap_or_else(now_millis),
        })
    }

    fn inbound_comment(&self, comment: &Comment, post: &str) -> Inbound {
        let urn = comment.urn(post);
        Inbound {
            remote_id: urn.clone(),
            kind: InboundKind::Comment,
            author_handle: comment.actor.clone(),
            author_name: comment.actor.clone(),
            author_followers: None,
            text: unescape_little(&comment.message.text),
            url: Some(Self::post_url(post)),
            in_reply_to: Some(
                comment
                    .parent_comment
                    .clone()
                    .unwrap_or_else(|| post.to_string()),
            ),
            conversation_id: post.to_string(),
            received_at: comment.time().unwrap_or_else(now_millis),
        }
    }

    /// Organisation pages: posts that mention the page since `since`, from
    /// `GET /rest/organizationalEntityNotifications?q=criteria` (Organization Social Action Notifications), each read
    /// with `GET /rest/posts/{urn}`. Returns the messages and the newest notification time.
    async fn mentions(
        &self,
        creds: &Credentials,
        org: &str,
        since: Millis,
    ) -> Result<(Vec<Inbound>, Option<Millis>), NetworkError> {
        let now = now_millis();
        let path = format!(
            "/organizationalEntityNotifications?q=criteria&actions=List(SHARE_MENTION)&organizationalEntity={}\
             &timeRange=(start:{since},end:{now})&count=100",
            encode(org)
        );
        let req = self.rest(Method::GET, &path, &creds.access_token);
        let page: Elements<Notification> = self.json(req, "notifications", creds).await?;
        let mut newest = None::<Millis>;
        let mut found = Vec::new();
        for n in page.elements.iter().filter(|n| n.action == "SHARE_MENTION") {
            let at = n.last_modified_at.unwrap_or(now);
            if at <= since {
                continue;
            }
            newest = Some(newest.map_or(at, |m| m.max(at)));
            let Some(urn) = n.generated_activity.as_deref().or(n.source_post.as_deref()) else {
                continue;
            };
            let req = self.rest(
                Method::GET,
                &format!("/posts/{}", encode(urn)),
                &creds.access_token,
            );
            let post: Post = match self.json(req, "posts", creds).await {
                Ok(post) => post,
                // Deleted since, or not visible to the page: nothing to answer.
                Err(NetworkError::Rejected {
                    cause: Rejection::Status(403 | 404),
                    ..
                }) => continue,
                Err(e) => return Err(e),
            };
            found.push(Inbound {
                remote_id: post.id.clone(),
                kind: InboundKind::Mention,
                author_handle: post.author.clone(),
                author_name: post.author.clone(),
                author_followers: None,
                text: unescape_little(&post.commentary),
                url: Some(Self::post_url(&post.id)),
                in_reply_to: None,
                conversation_id: post.id.clone(),
                received_at: post.created_at.unwrap_or(at),
            });
        }
        Ok((found, newest))
    }
}

/// The inbox cursor: the newest comment time and the newest mention notification time read, as `c=<ms>;m=<ms>`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Cursor {
    comments: Option<Millis>,
    mentions: Option<Millis>,
}

impl Cursor {
    fn parse(raw: Option<&str>) -> Cursor {
        let mut cursor = Cursor::default();
        for part in raw.unwrap_or_default().split(';') {
            match part.split_once('=') {
                Some(("c", v)) => cursor.comments = v.parse().ok(),
                Some(("m", v)) => cursor.mentions = v.parse().ok(),
                _ => {}
            }
        }
        cursor
    }

    fn render(&self) -> String {
        let s = |v: Option<Millis>| v.map(|v| v.to_string()).unwrap_or_default();
        format!("c={};m={}", s(self.comments), s(self.mentions))
    }
}

#[async_trait]
impl Network for LinkedIn {
    fn kind(&self) -> NetworkKind {
        NetworkKind::LinkedIn
    }

    async fn publish(
        &self,
        account: &Account,
        content: &Outbound,
    ) -> Result<Published, NetworkError> {
        let creds = Self::credentials(account)?;
        if let Some(target) = &content.in_reply_to {
            return self.comment(&creds, target, &content.text).await;
        }
        if content.images.len() > MAX_IMAGES {
            return Err(NetworkError::rejected(
                "LinkedIn takes at most 20 images in a post",
            ));
        }
        let mut images = Vec::new();
        for image in &content.images {
            let id = self.upload(&creds, image).await?;
            images.push(serde_json::json!({"id": id, "altText": image.alt}));
        }
        let mut body = serde_json::json!({
            "author": creds.author,
            "commentary": escape_little(&content.text),
            "visibility": "PUBLIC",
            "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [],
                             "thirdPartyDistributionChannels": []},
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": false,
        });
        match images.len() {
            0 => {
                // A link: LinkedIn takes the article's card from the client (source, title, description).
                if let Some(card) = &content.link_card {
                    body["content"] = serde_json::json!({"article": {
                        "source": card.url, "title": card.title, "description": card.description}});
                }
            }
            1 => body["content"] = serde_json::json!({"media": images[0]}),
            _ => body["content"] = serde_json::json!({"multiImage": {"images": images}}),
        }
        // `POST /rest/posts` (Posts API, "Create a Post"): 201 with the post's URN in `x-restli-id`.
        let req = self
            .rest(Method::POST, "/posts", &creds.access_token)
            .json(&body);
        let response = self.send(req, "posts", &creds).await?;
        let urn = response
            .headers()
            .get("x-restli-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
            .ok_or_else(|| not_understood("LinkedIn created the post without saying its id"))?;
        Ok(Published {
            url: Self::post_url(&urn),
            remote_id: urn,
            published_at: now_millis(),
        })
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
                "Sangam has no record of when this post was sent, so LinkedIn cannot be searched for it.".into(),
            ));
        };
        let since = sent_at - CLOCK_SKEW_MS;
        let content = attempt.content;
        let wanted = content.text.trim();
        if let Some(target) = &content.in_reply_to {
            for page in 0..LOOKUP_PAGES {
                let comments = self.comments(&creds, target, page * 100).await?;
                let found = comments.iter().find(|c| {
                    c.actor == creds.author
                        && c.time().is_none_or(|t| t >= since)
                        && unescape_little(&c.message.text).trim() == wanted
                });
                if let Some(c) = found {
                    let post = comment_post(target).unwrap_or(target);
                    return Ok(Lookup::Found(Published {
                        remote_id: c.urn(post),
                        url: Self::post_url(post),
                        published_at: c.time().unwrap_or(sent_at),
                    }));
                }
                if comments.len() < 100 {
                    return Ok(Lookup::Absent);
                }
            }
        } else {
            for page in 0..LOOKUP_PAGES {
                let posts = self.posts_by_author(&creds, page * PAGE, PAGE).await?;
                let mut reached_older = posts.len() < PAGE;
                for post in &posts {
                    let created = post.created_at.or(post.published_at);
                    if created.is_some_and(|c| c < since) {
                        reached_older = true;
                        continue;
                    }
                    if post.images() == content.images.len()
                        && unescape_little(&post.commentary).trim() == wanted
                    {
                        return Ok(Lookup::Found(Published {
                            remote_id: post.id.clone(),
                            url: Self::post_url(&post.id),
                            published_at: created.unwrap_or(sent_at),
                        }));
                    }
                }
                if reached_older {
                    return Ok(Lookup::Absent);
                }
            }
        }
        Ok(Lookup::Unsure(
            "The profile has too many posts or comments since this one was sent; LinkedIn was not searched further."
                .into(),
        ))
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
        let now = now_millis();
        let mut by_id: BTreeMap<String, Inbound> = BTreeMap::new();

        // Comments on the profile's recent posts, newer than the newest already read.
        let since = cursor.comments.unwrap_or(now - 7 * DAY_MS);
        let mut newest = cursor.comments;
        for post in self.posts_by_author(&creds, 0, INBOX_POSTS).await? {
            for comment in self.comments(&creds, &post.id, 0).await? {
                let Some(at) = comment.time() else { continue };
                if at <= since || comment.actor == creds.author {
                    continue;
                }
                newest = Some(newest.map_or(at, |n| n.max(at)));
                let inbound = self.inbound_comment(&comment, &post.id);
                by_id.entry(inbound.remote_id.clone()).or_insert(inbound);
            }
        }
        cursor.comments = newest.or(Some(since));

        // Mentions of a page (members have no such feed).
        if let Some(org) = creds.organization() {
            let since = cursor.mentions.unwrap_or(now - 7 * DAY_MS);
            let (mentions, newest) = self.mentions(&creds, org, since).await?;
            for m in mentions {
                by_id.entry(m.remote_id.clone()).or_insert(m);
            }
            cursor.mentions = newest.or(Some(since));
        }
        let mut messages: Vec<Inbound> = by_id.into_values().collect();
        messages.sort_by_key(|m| m.received_at);
        Ok(InboundPage {
            messages,
            next_cursor: Some(cursor.render()),
            more: false,
        })
    }

    async fn profile_counts(&self, account: &Account) -> Result<ProfileCounts, NetworkError> {
        let creds = Self::credentials(account)?;
        let Some(org) = creds.organization() else {
            return Err(NetworkError::rejected(
                "LinkedIn reports follower counts for organisation pages only",
            ));
        };
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Size {
            first_degree_size: i64,
        }
        // `GET /rest/networkSizes/{org}?edgeType=COMPANY_FOLLOWED_BY_MEMBER` (Organization Lookup API, follower count).
        let req = self.rest(
            Method::GET,
            &format!(
                "/networkSizes/{}?edgeType=COMPANY_FOLLOWED_BY_MEMBER",
                encode(org)
            ),
            &creds.access_token,
        );
        let size: Size = self.json(req, "networkSizes", &creds).await?;
        Ok(ProfileCounts {
            followers: size.first_degree_size,
            // A page follows no one on LinkedIn, and the API gives no post count.
            following: 0,
            posts: 0,
        })
    }

    async fn post_counts(
        &self,
        account: &Account,
        remote_ids: &[String],
    ) -> Result<Vec<PostCounts>, NetworkError> {
        let creds = Self::credentials(account)?;
        let mut counts = Vec::new();
        if let Some(org) = creds.organization() {
            // `GET /rest/organizationalEntityShareStatistics?q=organizationalEntity` with `shares=List(..)` and
            // `ugcPosts=List(..)` (Organization Share Statistics): lifetime counts per post.
            let list = |prefix: &str| {
                remote_ids
                    .iter()
                    .filter(|id| id.starts_with(prefix))
                    .map(|id| encode(id))
                    .collect::<Vec<_>>()
                    .join(",")
            };
            let (shares, ugc) = (list("urn:li:share:"), list("urn:li:ugcPost:"));
            let mut path = format!(
                "/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity={}",
                encode(org)
            );
            if !shares.is_empty() {
                path.push_str(&format!("&shares=List({shares})"));
            }
            if !ugc.is_empty() {
                path.push_str(&format!("&ugcPosts=List({ugc})"));
            }
            if shares.is_empty() && ugc.is_empty() {
                return Ok(counts);
            }
            let req = self.rest(Method::GET, &path, &creds.access_token);
            let stats: Elements<ShareStatistic> = self.json(req, "shareStatistics", &creds).await?;
            for s in stats.elements {
                let Some(id) = s.share.or(s.ugc_post) else {
                    continue;
                };
                let t = s.total_share_statistics;
                counts.push(PostCounts {
                    remote_id: id,
                    likes: t.like_count,
                    reposts: t.share_count,
                    replies: t.comment_count,
                    quotes: 0,
                    impressions: t.impression_count,
                });
            }
            return Ok(counts);
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Likes {
            #[serde(default)]
            total_likes: i64,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Comments {
            #[serde(default)]
            aggregated_total_comments: i64,
        }
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Summary {
            likes_summary: Likes,
            comments_summary: Comments,
        }
        for id in remote_ids {
            // `GET /rest/socialActions/{urn}` (Social Actions API): a member's post's likes and comments.
            let req = self.rest(
                Method::GET,
                &format!("/socialActions/{}", encode(id)),
                &creds.access_token,
            );
            match self.json::<Summary>(req, "socialActions", &creds).await {
                Ok(s) => counts.push(PostCounts {
                    remote_id: id.clone(),
                    likes: s.likes_summary.total_likes,
                    reposts: 0,
                    replies: s.comments_summary.aggregated_total_comments,
                    quotes: 0,
                    impressions: None,
                }),
                Err(NetworkError::Rejected {
                    cause: Rejection::Status(404),
                    ..
                }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(counts)
    }
}

#[async_trait]
impl OAuthNetwork for LinkedIn {
    fn kind(&self) -> NetworkKind {
        NetworkKind::LinkedIn
    }

    fn scopes(&self) -> &'static [&'static str] {
        SCOPES
    }

    /// LinkedIn offers PKCE to native apps only; a web app authenticates the exchange with its client secret.
    fn uses_pkce(&self) -> bool {
        false
    }

    /// `GET https://www.linkedin.com/oauth/v2/authorization` (Authorization Code Flow, step 2).
    fn authorize_url(&self, app: &App, request: &Authorize) -> String {
        let endpoint = self.www("/oauth/v2/authorization");
        crate::oauth::code_request_url(&endpoint, app, request, &SCOPES.join(" "), false)
    }

    async fn exchange(
        &self,
        app: &App,
        code: &str,
        _code_verifier: &str,
        redirect_uri: &str,
    ) -> Result<Vec<Granted>, ConnectError> {
        let fail = |e| ConnectError::from_network(e, "LinkedIn");
        let token = self
            .token(&[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", redirect_uri),
                ("client_id", &app.client_id),
                ("client_secret", &app.client_secret),
            ])
            .await
            .map_err(fail)?;
        let expires_at = token.expires_in.map(|s| now_millis() + s * 1000);
        let mut creds = Credentials {
            access_token: token.access_token,
            refresh_token: token.refresh_token,
            expires_at,
            author: String::new(),
            member: String::new(),
            client_id: app.client_id.clone(),
        };
        // `GET /v2/userinfo` (Sign In with LinkedIn using OpenID Connect).
        let req = self
            .http
            .get(self.api("/v2/userinfo"))
            .bearer_auth(&creds.access_token);
        let me: UserInfo = self.json(req, "userinfo", &creds).await.map_err(fail)?;
        creds.member = format!("urn:li:person:{}", me.sub);
        creds.author = creds.member.clone();
        let refreshable = creds.refresh_token.is_some();
        let grant =
            |creds: &Credentials, handle: String, name: String| -> Result<Granted, ConnectError> {
                Ok(Granted {
                    account: Connected {
                        handle,
                        display_name: name,
                        credentials: serde_json::to_value(creds)
                            .map_err(|e| ConnectError::Refused(e.to_string()))?,
                    },
                    expires_at,
                    refreshable,
                })
            };
        let member_name = if me.name.is_empty() {
            "LinkedIn member".to_string()
        } else {
            me.name.clone()
        };
        let mut granted = vec![grant(&creds, member_name.clone(), member_name)?];

        // `GET /rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED` (Organization Access Control).
        let req = self.rest(
            Method::GET,
            "/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED&count=100",
            &creds.access_token,
        );
        let acls: Elements<Acl> = match self.json(req, "organizationAcls", &creds).await {
            Ok(acls) => acls,
            // The app lacks the Community Management product, or the member administers no page: the member only.
            Err(NetworkError::Rejected {
                cause: Rejection::Status(403),
                ..
            }) => Elements {
                elements: Vec::new(),
            },
            Err(e) => return Err(fail(e)),
        };
        for acl in acls.elements {
            let Some(id) = acl.organization.strip_prefix("urn:li:organization:") else {
                continue;
            };
            // `GET /rest/organizations/{id}` (Organization Lookup API).
            let req = self.rest(
                Method::GET,
                &format!("/organizations/{id}"),
                &creds.access_token,
            );
            let org: Organization = self
                .json(req, "organizations", &creds)
                .await
                .map_err(fail)?;
            let mut page = creds.clone();
            page.author = acl.organization.clone();
            let name = if org.localized_name.is_empty() {
                acl.organization.clone()
            } else {
                org.localized_name
            };
            let handle = org.vanity_name.unwrap_or_else(|| id.to_string());
            granted.push(grant(&page, handle, name)?);
        }
        Ok(granted)
    }

    async fn refresh(
        &self,
        app: &App,
        credentials: &serde_json::Value,
    ) -> Result<Refreshed, NetworkError> {
        let mut creds: Credentials = serde_json::from_value(credentials.clone()).map_err(|e| {
            NetworkError::AuthExpired(format!(
                "the stored LinkedIn credentials are incomplete: {e}"
            ))
        })?;
        // Refresh tokens are given only to apps LinkedIn enabled for them; the others reconnect every 60 days.
        let Some(refresh_token) = creds.refresh_token.clone() else {
            return Ok(Refreshed::CannotRefresh);
        };
        let token = self
            .token(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", &refresh_token),
                ("client_id", &app.client_id),
                ("client_secret", &app.client_secret),
            ])
            .await?;
        creds.access_token = token.access_token;
        creds.refresh_token = token.refresh_token.or(Some(refresh_token));
        creds.expires_at = token.expires_in.map(|s| now_millis() + s * 1000);
        let expires_at = creds.expires_at;
        Ok(Refreshed::Renewed {
            credentials: serde_json::to_value(creds)
                .map_err(|e| NetworkError::rejected(e.to_string()))?,
            expires_at,
        })
    }
}

#[cfg(test)]
mod unit_tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn little_text_is_escaped_and_read_back() {
        let text = "Chai & coffee (50% off) #monsoon @today_only";
        let escaped = escape_little(text);
        assert_eq!(
            escaped,
            "Chai & coffee \\(50% off\\) \\#monsoon \\@today\\_only"
        );
        assert_eq!(unescape_little(&escaped), text);
    }

    #[test]
    fn comment_urns_name_their_post_and_cursors_round_trip() {
        assert_eq!(
            comment_post("urn:li:comment:(urn:li:share:7,123)"),
            Some("urn:li:share:7")
        );
        assert_eq!(comment_post("urn:li:share:7"), None);
        let c = Cursor {
            comments: Some(5),
            mentions: None,
        };
        assert_eq!(Cursor::parse(Some(&c.render())), c);
        assert_eq!(encode("urn:li:share:1"), "urn%3Ali%3Ashare%3A1");
        assert_eq!(next_midnight(DAY_MS + 5), 2 * DAY_MS);
    }
}
