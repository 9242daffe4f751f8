//! Bluesky (the AT Protocol), through a thin XRPC client of our own over reqwest.
//!
//! Calls made:
//! - session: `com.atproto.server.createSession` (handle + app password) only when there is no usable session, then
//!   `com.atproto.server.refreshSession`; sessions live in memory per profile and refreshed tokens go to the
//!   [`CredentialSink`] to be stored, so a restart does not log in again either (Bluesky allows 30 logins per 5 minutes
//!   and 300 a day per account);
//! - publish: `com.atproto.identity.resolveHandle` (mentions), `com.atproto.repo.uploadBlob` (images),
//!   `app.bsky.feed.getPosts` (the parent of a reply, for root and parent), `com.atproto.repo.createRecord` with
//!   `rkey` fixed by the idempotency key, `com.atproto.repo.getRecord` (reconciling);
//! - inbox: `app.bsky.notification.listNotifications` (mention, reply, quote);
//! - metrics: `app.bsky.actor.getProfile`, `app.bsky.feed.getPosts`.
//!
//! **Never twice.** The record key is a TID derived from the delivery's idempotency key ([`tid`]), so a repeat
//! `createRecord` names a record that already exists and cannot make a second post; the connector then reads that
//! record and reports it as published. The same lookup answers [`Network::find_published`], for as long as the post
//! exists.

mod audience;
pub mod facets;
pub mod public;
pub mod search;
#[cfg(test)]
mod tests;
pub mod tid;
mod xrpc;

use crate::connect::{ConnectError, Connected};
use crate::http::{self, Budgets, HttpConfig};
use crate::{
    Account, Inbound, InboundKind, InboundPage, Network, NetworkError, Outbound, PostCounts,
    ProfileCounts, Published,
};
use async_trait::async_trait;
use reqwest::{Method, Url};
use sangam_domain::{Millis, NetworkKind};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Arc;
use xrpc::{Body, CallError, Xrpc};

pub const POST_COLLECTION: &str = "app.bsky.feed.post";
/// Bluesky's limits on images: four per post, a million bytes each.
pub const MAX_IMAGES: usize = 4;
pub const MAX_IMAGE_BYTES: usize = 1_000_000;
pub const MEDIA_LIMITS: sangam_domain::MediaLimits = sangam_domain::MediaLimits {
    max_images: MAX_IMAGES,
    max_image_bytes: MAX_IMAGE_BYTES,
};
/// Notifications asked for per page, and pages read per poll at most.
const NOTIFICATION_PAGE: usize = 100;
const MAX_PAGES: usize = 10;
/// Posts asked for per `getPosts` call (Bluesky's maximum).
const POSTS_BATCH: usize = 25;
/// Where Bluesky accounts live unless the person says otherwise.
pub const DEFAULT_SERVICE: &str = "https://bsky.social";

/// What a Bluesky profile stores, sealed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    /// The PDS or entryway, e.g. `https://bsky.social/`.
    pub service: String,
    /// The handle (or email) to log in with.
    pub identifier: String,
    /// An app password (Settings > Privacy and security > App passwords), never the account password.
    pub app_password: String,
    #[serde(default)]
    pub did: String,
    #[serde(default)]
    pub handle: String,
    #[serde(default)]
    pub access_jwt: Option<String>,
    #[serde(default)]
    pub refresh_jwt: Option<String>,
}

/// Receives credentials the connector changed (a refreshed session), to store them sealed.
pub trait CredentialSink: Send + Sync {
    fn updated(&self, profile_id: i64, credentials: serde_json::Value);
}

#[derive(Clone)]
struct Session {
    /// Which login this session belongs to; a reconnect with another password starts afresh.
    login: String,
    did: String,
    handle: String,
    access_jwt: String,
    refresh_jwt: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SessionAnswer {
    did: String,
    handle: String,
    access_jwt: String,
    refresh_jwt: String,
}

/// Counts of how sessions were obtained, so tests can hold the connector to "never a login per action".
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SessionStats {
    pub created: u64,
    pub refreshed: u64,
}

/// The Bluesky connector. One per process; sessions are kept per profile.
pub struct Bluesky {
    config: HttpConfig,
    http: reqwest::Client,
    budgets: Budgets,
    sessions: tokio::sync::Mutex<HashMap<i64, Session>>,
    stats: std::sync::Mutex<SessionStats>,
    sink: Option<Arc<dyn CredentialSink>>,
}

impl std::fmt::Debug for Bluesky {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bluesky")
            .field("config", &self.config)
            .finish()
    }
}

fn login_fingerprint(c: &Credentials) -> String {
    let digest = Sha256::digest(format!(
        "{}\n{}\n{}",
        c.service, c.identifier, c.app_password
    ));
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// `at://did/collection/rkey` into its parts.
fn parse_at_uri(uri: &str) -> Option<(&str, &str, &str)> {
    let rest = uri.strip_prefix("at://")?;
    let mut parts = rest.splitn(3, '/');
    Some((parts.next()?, parts.next()?, parts.next()?))
}

fn post_url(author: &str, uri: &str) -> String {
    let rkey = parse_at_uri(uri).map(|(_, _, r)| r).unwrap_or_default();
    format!("https://bsky.app/profile/{author}/post/{rkey}")
}

fn parse_time(raw: &str) -> Option<Millis> {
    raw.parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_millisecond())
}

impl Bluesky {
    pub fn new(config: HttpConfig) -> Result<Bluesky, NetworkError> {
        Ok(Bluesky {
            http: config.client()?,
            config,
            budgets: Budgets::default(),
            sessions: tokio::sync::Mutex::new(HashMap::new()),
            stats: std::sync::Mutex::new(SessionStats::default()),
            sink: None,
        })
    }

    /// Where refreshed sessions are sent to be stored.
    pub fn with_credential_sink(mut self, sink: Arc<dyn CredentialSink>) -> Self {
        self.sink = Some(sink);
        self
    }

    pub fn session_stats(&self) -> SessionStats {
        self.stats.lock().map(|s| *s).unwrap_or_default()
    }

    fn base(&self, service: &str) -> Result<Url, NetworkError> {
        http::base_url(service, &self.config)
            .map_err(|e| NetworkError::rejected(format!("Bluesky service address: {e}")))
    }

    fn xrpc<'a>(&'a self, base: &'a Url, key: &'a str) -> Xrpc<'a> {
        Xrpc {
            http: &self.http,
            base,
            budgets: &self.budgets,
            budget_key: key,
        }
    }

    fn credentials(account: &Account) -> Result<Credentials, NetworkError> {
        serde_json::from_value(account.credentials.clone()).map_err(|e| {
            NetworkError::AuthExpired(format!(
                "the stored Bluesky credentials are incomplete: {e}"
            ))
        })
    }

    async fn create_session(&self, base: &Url, creds: &Credentials) -> Result<Session, CallError> {
        let answer: SessionAnswer = self
            .xrpc(base, &creds.identifier)
            .call(
                Method::POST,
                "com.atproto.server.createSession",
                &[],
                Body::Json(serde_json::json!({
                    "identifier": creds.identifier,
                    "password": creds.app_password,
                })),
                None,
            )
            .await
            .map_err(|e| match e {
                // A wrong or revoked app password: no refresh will help.
                CallError::Session(m) => CallError::Network(NetworkError::AuthExpired(m)),
                other => other,
            })?;
        if let Ok(mut s) = self.stats.lock() {
            s.created += 1;
        }
        Ok(Session {
            login: login_fingerprint(creds),
            did: answer.did,
            handle: answer.handle,
            access_jwt: answer.access_jwt,
            refresh_jwt: answer.refresh_jwt,
        })
    }

    async fn refresh_session(&self, base: &Url, session: &Session) -> Result<Session, CallError> {
        let answer: SessionAnswer = self
            .xrpc(base, &session.did)
            .call(
                Method::POST,
                "com.atproto.server.refreshSession",
                &[],
                Body::None,
                Some(&session.refresh_jwt),
            )
            .await?;
        if let Ok(mut s) = self.stats.lock() {
            s.refreshed += 1;
        }
        Ok(Session {
            login: session.login.clone(),
            did: answer.did,
            handle: answer.handle,
            access_jwt: answer.access_jwt,
            refresh_jwt: answer.refresh_jwt,
        })
    }

    /// A usable session for the account: the cached one, else the stored tokens, else a fresh login.
    async fn session(
        &self,
        account: &Account,
        base: &Url,
        creds: &Credentials,
        stale: Option<&Session>,
    ) -> Result<Session, NetworkError> {
        let mut sessions = self.sessions.lock().await;
        let login = login_fingerprint(creds);
        if let Some(s) = sessions.get(&account.profile_id)
            && s.login == login
            && stale.is_none_or(|old| old.access_jwt != s.access_jwt)
        {
            // Another call refreshed it while we waited for the lock.
            return Ok(s.clone());
        }
        let known = match stale {
            Some(old) => Some(old.clone()),
            None => match (&creds.access_jwt, &creds.refresh_jwt) {
                (Some(access), Some(refresh)) if !creds.did.is_empty() => Some(Session {
                    login: login.clone(),
                    did: creds.did.clone(),
                    handle: creds.handle.clone(),
                    access_jwt: access.clone(),
                    refresh_jwt: refresh.clone(),
                }),
                _ => None,
            },
        };
        let session = match known {
            Some(old) if stale.is_none() => {
                // Stored tokens from an earlier run: use them as they are, refresh when they are refused.
                sessions.insert(account.profile_id, old.clone());
                return Ok(old);
            }
            Some(old) => match self.refresh_session(base, &old).await {
                Ok(s) => s,
                Err(CallError::Session(_)) | Err(CallError::Xrpc { .. }) => self
                    .create_session(base, creds)
                    .await
                    .map_err(CallError::into_network)?,
                Err(e) => return Err(e.into_network()),
            },
            None => self
                .create_session(base, creds)
                .await
                .map_err(CallError::into_network)?,
        };
        sessions.insert(account.profile_id, session.clone());
        drop(sessions);
        self.store(account, creds, &session);
        Ok(session)
    }

    fn store(&self, account: &Account, creds: &Credentials, session: &Session) {
        let Some(sink) = &self.sink else { return };
        let updated = Credentials {
            did: session.did.clone(),
            handle: session.handle.clone(),
            access_jwt: Some(session.access_jwt.clone()),
            refresh_jwt: Some(session.refresh_jwt.clone()),
            ..creds.clone()
        };
        if let Ok(value) = serde_json::to_value(updated) {
            sink.updated(account.profile_id, value);
        }
    }

    /// Calls as the account, refreshing (or, failing that, logging in again) once when the session has expired.
    async fn call<T: serde::de::DeserializeOwned>(
        &self,
        account: &Account,
        method: Method,
        nsid: &str,
        query: &[(&str, &str)],
        body: impl Fn() -> Body,
    ) -> Result<(T, Session), CallError> {
        let creds = Self::credentials(account)?;
        let base = self.base(&creds.service)?;
        let mut session = self.session(account, &base, &creds, None).await?;
        for attempt in 0..2 {
            let result = self
                .xrpc(&base, &session.did)
                .call(
                    method.clone(),
                    nsid,
                    query,
                    body(),
                    Some(&session.access_jwt),
                )
                .await;
            match result {
                Err(CallError::Session(_)) if attempt == 0 => {
                    session = self.session(account, &base, &creds, Some(&session)).await?;
                }
                Err(CallError::Session(m)) => {
                    return Err(CallError::Network(NetworkError::AuthExpired(m)));
                }
                other => return other.map(|v| (v, session)),
            }
        }
        Err(CallError::Network(NetworkError::AuthExpired(
            "the session could not be renewed".into(),
        )))
    }

    // --- Connecting ---------------------------------------------------------------------------------------------

    /// Logs in once with the handle and app password and keeps the session's tokens in the credentials.
    pub async fn connect(
        &self,
        service: &str,
        identifier: &str,
        app_password: &str,
    ) -> Result<Connected, ConnectError> {
        let service = if service.trim().is_empty() {
            DEFAULT_SERVICE
        } else {
            service
        };
        let base = http::base_url(service, &self.config)?;
        let identifier = identifier.trim().trim_start_matches('@');
        if identifier.is_empty() || app_password.trim().is_empty() {
            return Err(ConnectError::WrongCredentials(
                "the handle and the app password are both needed".into(),
            ));
        }
        let mut creds = Credentials {
            service: base.to_string(),
            identifier: identifier.to_string(),
            app_password: app_password.trim().to_string(),
            did: String::new(),
            handle: String::new(),
            access_jwt: None,
            refresh_jwt: None,
        };
        let session = self
            .create_session(&base, &creds)
            .await
            .map_err(|e| ConnectError::from_network(e.into_network(), "Bluesky"))?;
        let profile: serde_json::Value = self
            .xrpc(&base, &session.did)
            .call(
                Method::GET,
                "app.bsky.actor.getProfile",
                &[("actor", &session.did)],
                Body::None,
                Some(&session.access_jwt),
            )
            .await
            .unwrap_or_default();
        let display_name = profile["displayName"]
            .as_str()
            .filter(|s| !s.is_empty())
            .unwrap_or(&session.handle)
            .to_string();
        creds.did = session.did.clone();
        creds.handle = session.handle.clone();
        creds.access_jwt = Some(session.access_jwt);
        creds.refresh_jwt = Some(session.refresh_jwt);
        Ok(Connected {
            handle: session.handle,
            display_name,
            credentials: serde_json::to_value(creds)
                .map_err(|e| ConnectError::Refused(e.to_string()))?,
        })
    }

    // --- Publishing ---------------------------------------------------------------------------------------------

    async fn resolve_handle(&self, account: &Account, handle: &str) -> Option<String> {
        let answer: Result<(serde_json::Value, _), _> = self
            .call(
                account,
                Method::GET,
                "com.atproto.identity.resolveHandle",
                &[("handle", handle)],
                || Body::None,
            )
            .await;
        answer
            .ok()
            .and_then(|(v, _)| v["did"].as_str().map(str::to_string))
    }

    async fn facets(&self, account: &Account, text: &str) -> Vec<serde_json::Value> {
        let mut out = Vec::new();
        for span in facets::detect(text) {
            let did = match &span {
                facets::Span::Mention { handle, .. } => {
                    // A handle that does not resolve stays plain text.
                    match self.resolve_handle(account, handle).await {
                        Some(did) => Some(did),
                        None => continue,
                    }
                }
                _ => None,
            };
            out.extend(facets::facet_json(&span, did.as_deref()));
        }
        out
    }

    async fn images(
        &self,
        account: &Account,
        content: &Outbound,
    ) -> Result<Option<serde_json::Value>, NetworkError> {
        if content.images.is_empty() {
            return Ok(None);
        }
        if content.images.len() > MAX_IMAGES {
            return Err(NetworkError::rejected(format!(
                "Bluesky takes at most {MAX_IMAGES} images"
            )));
        }
        let mut images = Vec::new();
        for image in &content.images {
            if image.bytes.len() > MAX_IMAGE_BYTES {
                return Err(NetworkError::rejected(format!(
                    "an image is {} bytes; Bluesky takes at most {MAX_IMAGE_BYTES}",
                    image.bytes.len()
                )));
            }
            let (answer, _): (serde_json::Value, _) = self
                .call(
                    account,
                    Method::POST,
                    "com.atproto.repo.uploadBlob",
                    &[],
                    || Body::Bytes {
                        bytes: image.bytes.clone(),
                        mime: image.mime.clone(),
                    },
                )
                .await
                .map_err(CallError::into_network)?;
            images.push(serde_json::json!({"alt": image.alt, "image": answer["blob"]}));
        }
        Ok(Some(
            serde_json::json!({"$type": "app.bsky.embed.images", "images": images}),
        ))
    }

    /// `app.bsky.embed.external` for the post's link card, its preview image uploaded as a blob. Bluesky takes one
    /// embed per post: images, when there are any, win (the post page says the card was left out).
    async fn external(
        &self,
        account: &Account,
        content: &Outbound,
    ) -> Result<Option<serde_json::Value>, NetworkError> {
        let Some(card) = &content.link_card else {
            return Ok(None);
        };
        let mut external = serde_json::json!({
            "uri": card.url,
            "title": card.title,
            "description": card.description,
        });
        if let Some(thumb) = card
            .thumb
            .as_ref()
            .filter(|t| t.bytes.len() <= MAX_IMAGE_BYTES)
        {
            let (answer, _): (serde_json::Value, _) = self
                .call(
                    account,
                    Method::POST,
                    "com.atproto.repo.uploadBlob",
                    &[],
                    || Body::Bytes {
                        bytes: thumb.bytes.clone(),
                        mime: thumb.mime.clone(),
                    },
                )
                .await
                .map_err(CallError::into_network)?;
            external["thumb"] = answer["blob"].clone();
        }
        Ok(Some(
            serde_json::json!({"$type": "app.bsky.embed.external", "external": external}),
        ))
    }

    /// `{root, parent}` for a reply to `parent_uri`: the parent's own root when it is itself a reply.
    async fn reply_ref(
        &self,
        account: &Account,
        parent_uri: &str,
    ) -> Result<serde_json::Value, NetworkError> {
        let (answer, _): (serde_json::Value, _) = self
            .call(
                account,
                Method::GET,
                "app.bsky.feed.getPosts",
                &[("uris", parent_uri)],
                || Body::None,
            )
            .await
            .map_err(CallError::into_network)?;
        let post = answer["posts"]
            .as_array()
            .and_then(|p| p.first())
            .ok_or_else(|| NetworkError::rejected("the post being answered no longer exists"))?;
        let parent = serde_json::json!({"uri": post["uri"], "cid": post["cid"]});
        let root = match post["record"]["reply"]["root"] {
            serde_json::Value::Object(_) => post["record"]["reply"]["root"].clone(),
            _ => parent.clone(),
        };
        Ok(serde_json::json!({"root": root, "parent": parent}))
    }

    /// The record under our key, if it exists.
    async fn get_record(
        &self,
        account: &Account,
        rkey: &str,
    ) -> Result<Option<Published>, NetworkError> {
        let creds = Self::credentials(account)?;
        let base = self.base(&creds.service)?;
        let session = self.session(account, &base, &creds, None).await?;
        let did = session.did.clone();
        let query = [
            ("repo", did.as_str()),
            ("collection", POST_COLLECTION),
            ("rkey", rkey),
        ];
        let result: Result<(serde_json::Value, Session), CallError> = self
            .call(
                account,
                Method::GET,
                "com.atproto.repo.getRecord",
                &query,
                || Body::None,
            )
            .await;
        match result {
            Ok((record, session)) => {
                let uri = record["uri"].as_str().unwrap_or_default().to_string();
                let author = if session.handle.is_empty() {
                    &session.did
                } else {
                    &session.handle
                };
                Ok(Some(Published {
                    url: post_url(author, &uri),
                    published_at: record["value"]["createdAt"]
                        .as_str()
                        .and_then(parse_time)
                        .unwrap_or_else(sangam_domain::now_millis),
                    remote_id: uri,
                }))
            }
            Err(CallError::Xrpc { error, .. }) if error == "RecordNotFound" => Ok(None),
            // Older PDS versions answer a missing record with a plain 400 "Could not locate record".
            Err(CallError::Xrpc { message, .. }) if message.contains("Could not locate record") => {
                Ok(None)
            }
            Err(e) => Err(e.into_network()),
        }
    }
}

fn to_inbound(n: &serde_json::Value) -> Option<Inbound> {
    let kind = match n["reason"].as_str()? {
        "mention" => InboundKind::Mention,
        "reply" => InboundKind::Reply,
        "quote" => InboundKind::Quote,
        _ => return None,
    };
    let uri = n["uri"].as_str()?.to_string();
    let record = &n["record"];
    let author = &n["author"];
    let handle = author["handle"].as_str().unwrap_or_default();
    let in_reply_to = match kind {
        InboundKind::Quote => n["reasonSubject"]
            .as_str()
            .or_else(|| record["embed"]["record"]["uri"].as_str())
            .map(str::to_string),
        _ => record["reply"]["parent"]["uri"]
            .as_str()
            .map(str::to_string),
    };
    let conversation_id = record["reply"]["root"]["uri"]
        .as_str()
        .unwrap_or(&uri)
        .to_string();
    Some(Inbound {
        url: Some(post_url(handle, &uri)),
        kind,
        author_handle: handle.to_string(),
        author_name: author["displayName"]
            .as_str()
            .filter(|s| !s.is_empty())
            .unwrap_or(handle)
            .to_string(),
        author_followers: None,
        text: record["text"].as_str().unwrap_or_default().to_string(),
        in_reply_to,
        conversation_id,
        received_at: record["createdAt"]
            .as_str()
            .or_else(|| n["indexedAt"].as_str())
            .and_then(parse_time)
            .unwrap_or_else(sangam_domain::now_millis),
        remote_id: uri,
    })
}

#[async_trait]
impl Network for Bluesky {
    fn kind(&self) -> NetworkKind {
        NetworkKind::Bluesky
    }

    async fn publish(
        &self,
        account: &Account,
        content: &Outbound,
    ) -> Result<Published, NetworkError> {
        let rkey = tid::for_idempotency_key(&content.idempotency_key);
        let embed = match self.images(account, content).await? {
            Some(images) => Some(images),
            None => self.external(account, content).await?,
        };
        // Bluesky has no content warning a client can set (its labels are a fixed list), so
        // `content.content_warning` is not sent; the post page says so for Bluesky deliveries.
        let facets = self.facets(account, &content.text).await;
        let now = jiff::Timestamp::now();
        let mut record = serde_json::json!({
            "$type": POST_COLLECTION,
            "text": content.text,
            "createdAt": now.to_string(),
        });
        if !facets.is_empty() {
            record["facets"] = facets.into();
        }
        if let Some(embed) = embed {
            record["embed"] = embed;
        }
        if let Some(language) = &content.language {
            record["langs"] = serde_json::json!([language]);
        }
        if let Some(parent) = &content.in_reply_to {
            record["reply"] = self.reply_ref(account, parent).await?;
        }
        let creds = Self::credentials(account)?;
        let base = self.base(&creds.service)?;
        let session = self.session(account, &base, &creds, None).await?;
        let body = serde_json::json!({
            "repo": session.did,
            "collection": POST_COLLECTION,
            "rkey": rkey,
            "record": record,
        });
        let result: Result<(serde_json::Value, Session), CallError> = self
            .call(
                account,
                Method::POST,
                "com.atproto.repo.createRecord",
                &[],
                || Body::Json(body.clone()),
            )
            .await;
        match result {
            Ok((answer, session)) => {
                let uri = answer["uri"].as_str().unwrap_or_default().to_string();
                let author = if session.handle.is_empty() {
                    &session.did
                } else {
                    &session.handle
                };
                Ok(Published {
                    url: post_url(author, &uri),
                    remote_id: uri,
                    published_at: now.as_millisecond(),
                })
            }
            // A record under our key exists already: an earlier attempt got through. Report that one.
            Err(CallError::Xrpc {
                error,
                message,
                status,
            }) => match self.get_record(account, &rkey).await? {
                Some(published) => Ok(published),
                None => Err(http::status_error(status, &format!("{error}: {message}"))),
            },
            Err(CallError::Network(outage @ NetworkError::Unavailable { .. })) => {
                // Some PDS versions answer a duplicate key with a 500; look before calling it an outage.
                match self.get_record(account, &rkey).await {
                    Ok(Some(published)) => Ok(published),
                    _ => Err(outage),
                }
            }
            Err(e) => Err(e.into_network()),
        }
    }

    async fn find_published(
        &self,
        account: &Account,
        idempotency_key: &str,
    ) -> Result<Option<Published>, NetworkError> {
        self.get_record(account, &tid::for_idempotency_key(idempotency_key))
            .await
    }

    fn dedupes_repeats(&self) -> bool {
        true
    }

    async fn inbound(
        &self,
        account: &Account,
        cursor: Option<&str>,
    ) -> Result<InboundPage, NetworkError> {
        // Bluesky pages notifications backwards (newest first, the cursor leads to older ones). Our cursor is the
        // `indexedAt` of the newest notification taken, with the URIs taken at exactly that time (several often
        // share it); a poll reads back until it passes that time, skipping those URIs.
        let mark = Mark::parse(cursor);
        let limit = NOTIFICATION_PAGE.to_string();
        let mut page_cursor: Option<String> = None;
        let mut taken: Vec<serde_json::Value> = Vec::new();
        let mut next = Mark::default();
        for _ in 0..MAX_PAGES {
            let mut query: Vec<(&str, &str)> = vec![("limit", &limit)];
            if let Some(c) = &page_cursor {
                query.push(("cursor", c));
            }
            let (answer, _): (serde_json::Value, _) = self
                .call(
                    account,
                    Method::GET,
                    "app.bsky.notification.listNotifications",
                    &query,
                    || Body::None,
                )
                .await
                .map_err(CallError::into_network)?;
            let notifications = answer["notifications"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let mut reached_mark = false;
            for n in notifications.iter() {
                let indexed = n["indexedAt"].as_str().unwrap_or_default();
                let uri = n["uri"].as_str().unwrap_or_default();
                if mark.is_older(indexed) {
                    reached_mark = true;
                    break;
                }
                next.see(indexed, uri);
                if !mark.has(indexed, uri) {
                    taken.push(n.clone());
                }
            }
            page_cursor = answer["cursor"].as_str().map(str::to_string);
            // The first poll of a profile takes one page; later ones read back to the mark.
            if reached_mark
                || mark.at.is_none()
                || page_cursor.is_none()
                || notifications.is_empty()
            {
                break;
            }
        }
        let mut messages: Vec<Inbound> = taken.iter().filter_map(to_inbound).collect();
        messages.sort_by(|a, b| {
            a.received_at
                .cmp(&b.received_at)
                .then(a.remote_id.cmp(&b.remote_id))
        });
        messages.dedup_by(|a, b| a.remote_id == b.remote_id);
        let next = if next.at.is_some() {
            next.merge(&mark)
        } else {
            mark
        };
        Ok(InboundPage {
            messages,
            next_cursor: next.render(),
            more: false,
        })
    }

    async fn mute_author(
        &self,
        account: &Account,
        author_handle: &str,
        block: bool,
    ) -> Result<bool, NetworkError> {
        let actor = author_handle.trim_start_matches('@').to_string();
        if !block {
            let body = serde_json::json!({ "actor": actor });
            let _: (serde_json::Value, Session) = self
                .call(
                    account,
                    Method::POST,
                    "app.bsky.graph.muteActor",
                    &[],
                    || Body::Json(body.clone()),
                )
                .await
                .map_err(CallError::into_network)?;
            return Ok(true);
        }
        let did = match actor.starts_with("did:") {
            true => actor.clone(),
            false => self.resolve_handle(account, &actor).await.ok_or_else(|| {
                NetworkError::rejected(format!("the handle {actor} could not be resolved"))
            })?,
        };
        let creds = Self::credentials(account)?;
        let base = self.base(&creds.service)?;
        let session = self.session(account, &base, &creds, None).await?;
        let body = serde_json::json!({
            "repo": session.did,
            "collection": "app.bsky.graph.block",
            "record": { "$type": "app.bsky.graph.block", "subject": did, "createdAt": jiff::Timestamp::now().to_string() },
        });
        let _: (serde_json::Value, Session) = self
            .call(
                account,
                Method::POST,
                "com.atproto.repo.createRecord",
                &[],
                || Body::Json(body.clone()),
            )
            .await
            .map_err(CallError::into_network)?;
        Ok(true)
    }

    async fn profile_counts(&self, account: &Account) -> Result<ProfileCounts, NetworkError> {
        let creds = Self::credentials(account)?;
        let base = self.base(&creds.service)?;
        let session = self.session(account, &base, &creds, None).await?;
        let (p, _): (serde_json::Value, _) = self
            .call(
                account,
                Method::GET,
                "app.bsky.actor.getProfile",
                &[("actor", &session.did)],
                || Body::None,
            )
            .await
            .map_err(CallError::into_network)?;
        Ok(ProfileCounts {
            followers: p["followersCount"].as_i64().unwrap_or(0),
            following: p["followsCount"].as_i64().unwrap_or(0),
            posts: p["postsCount"].as_i64().unwrap_or(0),
        })
    }

    async fn post_counts(
        &self,
        account: &Account,
        remote_ids: &[String],
    ) -> Result<Vec<PostCounts>, NetworkError> {
        let mut counts = Vec::new();
        for chunk in remote_ids.chunks(POSTS_BATCH) {
            let query: Vec<(&str, &str)> = chunk.iter().map(|u| ("uris", u.as_str())).collect();
            let (answer, _): (serde_json::Value, _) = self
                .call(
                    account,
                    Method::GET,
                    "app.bsky.feed.getPosts",
                    &query,
                    || Body::None,
                )
                .await
                .map_err(CallError::into_network)?;
            for p in answer["posts"].as_array().into_iter().flatten() {
                counts.push(PostCounts {
                    remote_id: p["uri"].as_str().unwrap_or_default().to_string(),
                    likes: p["likeCount"].as_i64().unwrap_or(0),
                    reposts: p["repostCount"].as_i64().unwrap_or(0),
                    replies: p["replyCount"].as_i64().unwrap_or(0),
                    quotes: p["quoteCount"].as_i64().unwrap_or(0),
                    impressions: None,
                });
            }
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
            .map(Some)
    }

    async fn followers(
        &self,
        account: &Account,
        cursor: Option<&str>,
    ) -> Result<Option<crate::audience::MemberPage>, NetworkError> {
        self.followers_page(account, cursor).await.map(Some)
    }

    async fn account_profiles(
        &self,
        account: &Account,
        handles: &[String],
    ) -> Result<Option<Vec<crate::audience::AccountProfile>>, NetworkError> {
        self.profiles_of(account, handles).await.map(Some)
    }
}

/// The inbox cursor: the newest `indexedAt` taken and the notification URIs taken at exactly that time. Stored as
/// `<indexedAt>` followed by ` <uri>` for each.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Mark {
    at: Option<String>,
    uris: Vec<String>,
}

impl Mark {
    fn parse(raw: Option<&str>) -> Mark {
        let mut parts = raw.unwrap_or_default().split_whitespace();
        Mark {
            at: parts.next().map(str::to_string),
            uris: parts.map(str::to_string).collect(),
        }
    }

    fn render(&self) -> Option<String> {
        let at = self.at.as_ref()?;
        Some(
            std::iter::once(at.as_str())
                .chain(self.uris.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(" "),
        )
    }

    /// Whether a notification at `indexed` is before the mark (compared as instants, not strings).
    fn is_older(&self, indexed: &str) -> bool {
        let Some(at) = &self.at else { return false };
        match (parse_time(indexed), parse_time(at)) {
            (Some(a), Some(m)) => a < m,
            _ => indexed < at.as_str(),
        }
    }

    fn same_time(&self, indexed: &str) -> bool {
        self.at.as_deref().is_some_and(|at| {
            at == indexed || (parse_time(at).is_some() && parse_time(at) == parse_time(indexed))
        })
    }

    fn has(&self, indexed: &str, uri: &str) -> bool {
        self.same_time(indexed) && self.uris.iter().any(|u| u == uri)
    }

    /// Notes a notification read this poll (newest first): the first sets the time, later ones at that time join.
    fn see(&mut self, indexed: &str, uri: &str) {
        if self.at.is_none() {
            self.at = Some(indexed.to_string());
        }
        if self.same_time(indexed) && !self.uris.iter().any(|u| u == uri) {
            self.uris.push(uri.to_string());
        }
    }

    /// A new mark at the old mark's time keeps the old URIs too.
    fn merge(mut self, old: &Mark) -> Mark {
        if let Some(at) = &old.at
            && self.same_time(at)
        {
            for uri in &old.uris {
                if !self.uris.contains(uri) {
                    self.uris.push(uri.clone());
                }
            }
        }
        self
    }
}
