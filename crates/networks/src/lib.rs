//! The outside world. Every social network Sangam speaks to implements [`Network`]; the engine only ever sees this
//! trait, so the sandbox, Mastodon and Bluesky travel the same path from the composer to the network and back.

pub mod audience;
pub mod bluesky;
pub mod connect;
pub mod facebook;
pub mod http;
pub mod instagram;
pub mod link_preview;
pub mod linkedin;
pub mod listen;
pub mod mastodon;
pub mod media_limits;
pub mod meta;
pub mod oauth;
pub mod public;
pub mod sandbox;
pub mod threads;
pub mod x;

use async_trait::async_trait;
use sangam_domain::{Millis, NetworkKind};
use serde::{Deserialize, Serialize};

/// The account on a network that a profile stands for, with what is needed to speak as it.
#[derive(Clone, PartialEq, Eq)]
pub struct Account {
    /// Our profile id, for logs.
    pub profile_id: i64,
    /// The account's handle on the network, e.g. `@acme@mastodon.social` or `acme.bsky.social`.
    pub handle: String,
    /// Decrypted credentials as the connector stored them (token, app password, instance URL...). Never logged.
    pub credentials: serde_json::Value,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("profile_id", &self.profile_id)
            .field("handle", &self.handle)
            .field("credentials", &"<redacted>")
            .finish()
    }
}

/// One piece of content going out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outbound {
    /// Fixed when the delivery is created and sent with every attempt, so the network can refuse a repeat.
    pub idempotency_key: String,
    pub text: String,
    /// Remote id of the message this answers, for replies.
    pub in_reply_to: Option<String>,
    /// Images, in order, each with its alt text.
    pub images: Vec<Image>,
    /// A content warning shown before the text, where the network has one (Mastodon's spoiler text).
    pub content_warning: Option<String>,
    /// The text's language as an ISO 639-1 code, e.g. `en`, `hi`.
    pub language: Option<String>,
    /// A preview of the first link in the text, fetched by Sangam, for networks that take one from the client
    /// (Bluesky's `app.bsky.embed.external`). Networks that build their own card (Mastodon) ignore it.
    pub link_card: Option<LinkCard>,
}

/// A link's preview card: what the linked page says about itself (its `og:` tags or title).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkCard {
    pub url: String,
    pub title: String,
    pub description: String,
    /// The page's preview image, when it had one within the size cap.
    pub thumb: Option<Image>,
}

/// An image attached to an outbound post.
#[derive(Clone, PartialEq, Eq)]
pub struct Image {
    pub bytes: Vec<u8>,
    /// `image/png`, `image/jpeg`...
    pub mime: String,
    /// The description read out by screen readers.
    pub alt: String,
}

impl std::fmt::Debug for Image {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Image")
            .field("bytes", &self.bytes.len())
            .field("mime", &self.mime)
            .field("alt", &self.alt)
            .finish()
    }
}

/// Where a published piece of content lives on the network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    pub remote_id: String,
    pub url: String,
    pub published_at: Millis,
}

/// What kind of inbound message arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InboundKind {
    Mention,
    Reply,
    Comment,
    DirectMessage,
    Quote,
}

/// A message from the public, normalised across networks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbound {
    /// Unique per profile on that network; the store upserts by (profile, remote id).
    pub remote_id: String,
    pub kind: InboundKind,
    pub author_handle: String,
    pub author_name: String,
    pub author_followers: Option<i64>,
    pub text: String,
    pub url: Option<String>,
    /// Remote id of our post (or message) this answers, where there is one.
    pub in_reply_to: Option<String>,
    /// Groups messages of one conversation (thread root or DM conversation id).
    pub conversation_id: String,
    pub received_at: Millis,
}

/// One page of inbound messages. The caller stores the messages, then stores `next_cursor`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundPage {
    pub messages: Vec<Inbound>,
    /// Cursor to pass next time; `None` keeps the old one.
    pub next_cursor: Option<String>,
    /// True when the network has more right now: call again at once with `next_cursor`.
    pub more: bool,
}

/// Counts a network reports for a profile at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileCounts {
    pub followers: i64,
    pub following: i64,
    pub posts: i64,
}

/// Counts a network reports for one published post at one moment. `None` means "not reported by this network",
/// which is never the same as zero.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostCounts {
    pub remote_id: String,
    pub likes: i64,
    pub reposts: i64,
    pub replies: i64,
    pub quotes: i64,
    pub impressions: Option<i64>,
}

/// A send that got no answer, as the publisher recorded it, for networks that must look the post up by what it
/// said rather than by a key (Facebook, Instagram, Threads keep no idempotency key).
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    /// What was sent, with its idempotency key.
    pub content: &'a Outbound,
    /// When the intent was recorded, just before the first call: the post, if it exists, was created after it.
    pub sent_at: Option<Millis>,
}

/// What looking up an earlier send found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The post is on the network.
    Found(Published),
    /// The network proved it absent (the account's posts since the send were all read, none matched): sending it
    /// now cannot make a second one.
    Absent,
    /// The network cannot say; the reason is for the person who decides.
    Unsure(String),
}

/// The failures a real network gives, so the publisher can tell "try later" from "never" from "no idea".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetworkError {
    /// No answer in time. For a publish call the post may or may not exist now.
    #[error("the network did not answer in time")]
    Timeout,
    /// Too many requests; the network says when to come back.
    #[error("the network is rate limiting us; retry after {retry_after_ms} ms")]
    RateLimited { retry_after_ms: i64 },
    /// The network is having trouble (5xx, connection refused) or cannot be reached. Nothing was accepted.
    #[error("the network is unavailable: {detail}")]
    Unavailable { cause: Outage, detail: String },
    /// The network refused the request for good (too long, forbidden content, bad media).
    #[error("the network refused it: {detail}")]
    Rejected { cause: Rejection, detail: String },
    /// The token or password no longer works: the profile needs reconnecting.
    #[error("the network no longer accepts our credentials: {0}")]
    AuthExpired(String),
}

/// Why a network could not be reached, for callers that answer the reasons differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outage {
    /// A 5xx answer, a refused or broken connection.
    Down,
    /// The name resolves only to private or local addresses, which Sangam does not contact
    /// ([`http::HttpConfig::allow_private`] is off).
    NoPublicAddress,
}

/// Why a network refused a request, for callers that act on the reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// An HTTP error status other than authentication and rate limits, e.g. 404 for an endpoint this server lacks.
    Status(u16),
    /// The answer was not the JSON the connector expects: likely not this network's server at all.
    NotUnderstood,
    /// Refused for what was sent: text too long, media the network does not take, a vanished post.
    Content,
}

impl NetworkError {
    /// The network is down or the connection failed.
    pub fn unavailable(detail: impl Into<String>) -> Self {
        NetworkError::Unavailable {
            cause: Outage::Down,
            detail: detail.into(),
        }
    }

    /// The network refused what was sent.
    pub fn rejected(detail: impl Into<String>) -> Self {
        NetworkError::Rejected {
            cause: Rejection::Content,
            detail: detail.into(),
        }
    }

    /// Whether trying the same call again later could succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            NetworkError::RateLimited { .. }
                | NetworkError::Unavailable { .. }
                | NetworkError::Timeout
        )
    }
}

/// A social network as the engine sees it.
#[async_trait]
pub trait Network: Send + Sync {
    fn kind(&self) -> NetworkKind;

    /// Publishes `content` as `account`. A repeat with the same idempotency key must not create a second post: it
    /// returns the first one, or fails with `Rejected` when the network cannot say which it was.
    async fn publish(
        &self,
        account: &Account,
        content: &Outbound,
    ) -> Result<Published, NetworkError>;

    /// Looks up what an earlier publish with this idempotency key produced, to reconcile a send that got no answer.
    /// `Ok(None)` means the network is sure nothing was published under that key.
    async fn find_published(
        &self,
        account: &Account,
        idempotency_key: &str,
    ) -> Result<Option<Published>, NetworkError>;

    /// Looks up what an earlier send became. The default asks [`Network::find_published`] by key, where `None` only
    /// means "not found under that key". Networks without idempotency keys override it to match the account's recent
    /// posts against what was sent, and answer [`Lookup::Absent`] only when that proves the post was never made.
    async fn look_up(
        &self,
        account: &Account,
        attempt: &Attempt<'_>,
    ) -> Result<Lookup, NetworkError> {
        Ok(
            match self
                .find_published(account, &attempt.content.idempotency_key)
                .await?
            {
                Some(published) => Lookup::Found(published),
                None => {
                    Lookup::Unsure("The network has no record of this post under its key.".into())
                }
            },
        )
    }

    /// Whether resending with the same idempotency key is safe (the network deduplicates it). When it is not, a send
    /// that got no answer and cannot be found stays `unknown` for a person to decide.
    fn dedupes_repeats(&self) -> bool;

    /// How long after a send the network still recognises its idempotency key, when it forgets (Mastodon keeps keys
    /// for an hour). `None`: for as long as the post exists. Past the window a resend could duplicate, so the
    /// publisher stops resending and leaves the delivery for a person.
    fn dedupe_window_ms(&self) -> Option<Millis> {
        None
    }

    /// Inbound messages after `cursor` (oldest first), at most one page.
    async fn inbound(
        &self,
        account: &Account,
        cursor: Option<&str>,
    ) -> Result<InboundPage, NetworkError>;

    /// Follower, following and post counts now.
    async fn profile_counts(&self, account: &Account) -> Result<ProfileCounts, NetworkError>;

    /// Engagement counts now for the given published posts. Posts the network no longer knows are left out.
    async fn post_counts(
        &self,
        account: &Account,
        remote_ids: &[String],
    ) -> Result<Vec<PostCounts>, NetworkError>;

    /// Mutes (or, with `block`, blocks) an author for the account, so the team stops hearing from them. `Ok(false)`
    /// means the network offers no such call; Sangam then only hides the author's messages itself.
    async fn mute_author(
        &self,
        account: &Account,
        author_handle: &str,
        block: bool,
    ) -> Result<bool, NetworkError> {
        let _ = (account, author_handle, block);
        Ok(false)
    }

    /// One page of the accounts that liked, reposted or quoted our post `remote_id`. `Ok(None)`: this network does
    /// not list them (the audience figures then say "not reported by this network").
    async fn engagers(
        &self,
        account: &Account,
        remote_id: &str,
        reaction: audience::Reaction,
        cursor: Option<&str>,
    ) -> Result<Option<audience::MemberPage>, NetworkError> {
        let _ = (account, remote_id, reaction, cursor);
        Ok(None)
    }

    /// One page of the profile's followers. `Ok(None)`: this network does not list them.
    async fn followers(
        &self,
        account: &Account,
        cursor: Option<&str>,
    ) -> Result<Option<audience::MemberPage>, NetworkError> {
        let _ = (account, cursor);
        Ok(None)
    }

    /// The profiles (bio, follower count) of the accounts `handles`, at most [`audience::PROFILES_PER_CALL`] of
    /// them; accounts the network no longer knows are left out. `Ok(None)`: this network has no such lookup.
    async fn account_profiles(
        &self,
        account: &Account,
        handles: &[String],
    ) -> Result<Option<Vec<audience::AccountProfile>>, NetworkError> {
        let _ = (account, handles);
        Ok(None)
    }
}
