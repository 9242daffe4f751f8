//! The sandbox network: a built-in, seeded, simulated social network behind the same [`Network`] trait as Mastodon
//! and Bluesky. It powers `sangam demo`, lets a team practise, and lets chaos tests meet timeouts, 429s and 5xx.
//!
//! It stands for a network outside our process, so it keeps its own SQLite file (see [`ledger`]): what it accepted
//! survives a SIGKILL of Sangam, and two `sangam serve` processes on one machine see one network. Everything else it
//! reports (followers, engagement, the inbox) is a pure function of the seed, the clock and the stored posts, so a
//! demo is the same every time and a test can ask about any moment.

mod audience;
mod chatter;
mod clicks;
mod clock;
mod competitors;
mod engagement;
mod engagers;
mod faults;
mod ledger;
mod mix;
mod traffic;
mod voices;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use sangam_domain::{MediaLimits, Millis, NetworkKind, text_limits::count_for};

pub use chatter::{SPIKE_POSTS, is_spike_hour};
pub use clicks::SentClicks;
pub use clock::{Clock, ManualClock, SystemClock};
pub use competitors::handles as competitor_handles;
pub use faults::Faults;
pub use ledger::{SandboxImage, SandboxLinkCard, SandboxPost};
pub use traffic::MessageTruth;
pub use voices::{Language, Tone};

use crate::{
    Account, Inbound, InboundPage, Network, NetworkError, Outbound, PostCounts, ProfileCounts,
    Published,
};
use faults::Fate;
use ledger::{Extras, Ledger, id_from_remote_id};
use traffic::{PAGE_SIZE, Stream};

/// Where sandbox posts claim to live. The `.invalid` top-level domain guarantees nothing ever fetches them.
const SANDBOX_ORIGIN: &str = "https://sandbox.sangam.invalid";
/// What the sandbox takes in images: four per post, like the real networks, and up to 5 MB each (more generous than
/// Bluesky, stricter than most Mastodon instances, so a team practising meets a limit that is neither).
pub const MEDIA_LIMITS: MediaLimits = MediaLimits {
    max_images: 4,
    max_image_bytes: 5_000_000,
};
/// Alt text the sandbox keeps per image, as Mastodon does.
pub const MAX_ALT_CHARS: usize = 1_500;
/// How far back the sandbox still hands out inbound messages.
const INBOX_RETENTION: Millis = 30 * clock::DAY;

/// How the simulated network behaves.
#[derive(Clone)]
pub struct SandboxConfig {
    /// Same seed, same followers, engagement and inbox.
    pub seed: u64,
    /// Failures injected into `publish`.
    pub faults: Faults,
    /// Share of inbound messages that are abusive, 0 to 1.
    pub abusive_share: f64,
    /// Average inbound messages per profile per hour; 0 for a silent network.
    pub messages_per_hour: f64,
    /// How far back a profile's first inbox fetch (no cursor yet) reaches, so a fresh demo has messages waiting.
    pub inbox_history_ms: Millis,
    /// Report impressions on posts. Off by default: like Mastodon and Bluesky, the sandbox reports none.
    pub report_impressions: bool,
    /// A slow network: how long a publish call takes before the post is stored, and after it is stored before the
    /// answer comes back. Crash tests use the second to kill Sangam while the post exists but the answer has not
    /// arrived.
    pub accept_delay_ms: u64,
    pub answer_delay_ms: u64,
    /// Where "now" comes from.
    pub clock: Arc<dyn Clock>,
    /// Whether a repeated idempotency key returns the first post (like Mastodon and Bluesky) or makes another one
    /// (like Facebook, Instagram, Threads, LinkedIn and X). Off, [`Network::dedupes_repeats`] says false and the
    /// publisher must prove by lookup that a post is absent before sending it again; a repeat that slips through is
    /// counted by [`Sandbox::repeated_texts`] and [`Sandbox::posts_with_key_count`].
    pub dedupes: bool,
}

impl SandboxConfig {
    /// A calm network: no faults, six messages an hour, one in ten abusive, real time.
    pub fn seeded(seed: u64) -> Self {
        SandboxConfig {
            seed,
            faults: Faults::NONE,
            abusive_share: 0.1,
            messages_per_hour: 6.0,
            inbox_history_ms: clock::DAY,
            report_impressions: false,
            accept_delay_ms: 0,
            answer_delay_ms: 0,
            clock: Arc::new(SystemClock),
            dedupes: true,
        }
    }

    /// A network having a bad day (see [`Faults::CHAOS`]), for chaos tests.
    pub fn chaos(seed: u64) -> Self {
        SandboxConfig::seeded(seed).with_faults(Faults::CHAOS)
    }

    pub fn with_faults(mut self, faults: Faults) -> Self {
        self.faults = faults;
        self
    }

    /// A network without idempotency: repeats make new posts (see [`SandboxConfig::dedupes`]).
    pub fn without_dedupe(mut self) -> Self {
        self.dedupes = false;
        self
    }

    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Says what is wrong with the configuration in a sentence, or nothing.
    fn problem(&self) -> Option<String> {
        let shares = [
            (
                "faults.timeout_after_accept",
                self.faults.timeout_after_accept,
            ),
            ("faults.rate_limited", self.faults.rate_limited),
            ("faults.server_error", self.faults.server_error),
            ("abusive_share", self.abusive_share),
        ];
        if let Some((name, value)) = shares.iter().find(|(_, v)| !(0.0..=1.0).contains(v)) {
            return Some(format!(
                "{name} is {value}, but it is a share and must be between 0 and 1"
            ));
        }
        let failing =
            self.faults.timeout_after_accept + self.faults.rate_limited + self.faults.server_error;
        if failing > 1.0 {
            return Some(format!(
                "the fault shares add up to {failing}, more than every call"
            ));
        }
        if self.messages_per_hour.is_nan() || self.messages_per_hour < 0.0 {
            return Some(format!(
                "messages_per_hour is {}, but it cannot be negative",
                self.messages_per_hour
            ));
        }
        if self.faults.retry_after_ms < 0 || self.inbox_history_ms < 0 {
            return Some(
                "faults.retry_after_ms and inbox_history_ms cannot be negative".to_string(),
            );
        }
        None
    }
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig::seeded(1)
    }
}

impl std::fmt::Debug for SandboxConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxConfig")
            .field("seed", &self.seed)
            .field("faults", &self.faults)
            .field("abusive_share", &self.abusive_share)
            .field("messages_per_hour", &self.messages_per_hour)
            .field("inbox_history_ms", &self.inbox_history_ms)
            .field("report_impressions", &self.report_impressions)
            .field("accept_delay_ms", &self.accept_delay_ms)
            .field("answer_delay_ms", &self.answer_delay_ms)
            .field("now", &self.clock.now())
            .finish()
    }
}

/// Why the sandbox could not start or answer a test's question.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("the sandbox network's file {path} could not be opened or prepared: {source}")]
    Open { path: PathBuf, source: sqlx::Error },
    #[error("the sandbox network is misconfigured: {0}")]
    Config(String),
    #[error("the sandbox network's storage failed: {0}")]
    Storage(#[from] sqlx::Error),
}

/// The simulated network. Cheap to share behind an `Arc`; every method takes `&self`.
pub struct Sandbox {
    ledger: Ledger,
    config: SandboxConfig,
    /// Publish calls so far, so that retries of one key meet fresh dice.
    publish_calls: AtomicU64,
    /// The audience that follows Sangam's short links in published posts.
    clicks: clicks::Clicks,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("config", &self.config)
            .finish()
    }
}

impl Sandbox {
    /// Opens (creating if missing) the sandbox's file. Several processes may open the same file.
    pub async fn open(path: &Path, config: SandboxConfig) -> Result<Sandbox, SandboxError> {
        check(&config)?;
        let ledger = Ledger::open_file(path)
            .await
            .map_err(|source| SandboxError::Open {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(Sandbox::with_ledger(ledger, config))
    }

    /// A sandbox that forgets everything when dropped, for tests.
    pub async fn in_memory(config: SandboxConfig) -> Result<Sandbox, SandboxError> {
        check(&config)?;
        let ledger = Ledger::open_in_memory().await?;
        Ok(Sandbox::with_ledger(ledger, config))
    }

    fn with_ledger(ledger: Ledger, config: SandboxConfig) -> Sandbox {
        Sandbox {
            ledger,
            config,
            publish_calls: AtomicU64::new(0),
            clicks: clicks::Clicks::default(),
        }
    }

    pub fn config(&self) -> &SandboxConfig {
        &self.config
    }

    /// Lets the simulated audience follow Sangam's short links (`{public_url}/l/...`) in the posts it publishes.
    pub fn follow_links_under(&self, public_url: &str) {
        self.clicks.follow_links_under(public_url);
    }

    /// What the audience sent for each short link it followed, so far in this process.
    pub fn clicks_sent(&self) -> Vec<SentClicks> {
        self.clicks.sent()
    }

    /// How many different people of the simulated audience follow `link` in a post of `handle` (one of them twice,
    /// so they click it one time more than this).
    pub fn people_following(&self, handle: &str, link: &str) -> u32 {
        clicks::people(self.config.seed, handle, link)
    }

    /// The sandbox's idea of now.
    pub fn now(&self) -> Millis {
        self.config.clock.now()
    }

    /// Follower, following and post counts as they were (or will be) at `at`, for back-filling history.
    pub async fn profile_counts_at(
        &self,
        handle: &str,
        at: Millis,
    ) -> Result<ProfileCounts, NetworkError> {
        let posts = self
            .ledger
            .posts_until(handle, at)
            .await
            .map_err(unavailable)?;
        let seed = self.config.seed;
        Ok(ProfileCounts {
            followers: audience::followers(seed, handle, at, &posts),
            following: audience::following(seed, handle, at),
            posts: audience::earlier_posts(seed, handle) + posts.len() as i64,
        })
    }

    /// Engagement on the handle's posts as it stood at `at`. Posts that are not the handle's, or not yet published
    /// at `at`, are left out.
    pub async fn post_counts_at(
        &self,
        handle: &str,
        remote_ids: &[String],
        at: Millis,
    ) -> Result<Vec<PostCounts>, NetworkError> {
        let mut counts = Vec::with_capacity(remote_ids.len());
        for remote_id in remote_ids {
            let Some(id) = id_from_remote_id(remote_id) else {
                continue;
            };
            let Some(post) = self.ledger.by_id(handle, id).await.map_err(unavailable)? else {
                continue;
            };
            if post.published_at <= at {
                counts.push(engagement::post_counts(
                    self.config.seed,
                    &post,
                    at,
                    self.config.report_impressions,
                ));
            }
        }
        Ok(counts)
    }

    /// The inbox page `inbound` would give at `at`.
    pub async fn inbound_at(
        &self,
        handle: &str,
        cursor: Option<&str>,
        at: Millis,
    ) -> Result<InboundPage, NetworkError> {
        let Some(stream) = self.stream(handle) else {
            return Ok(empty_page());
        };
        let first = match cursor.map(|c| (c, c.trim().parse::<i64>())) {
            Some((_, Ok(last_delivered))) => last_delivered + 1,
            Some((unreadable, Err(_))) => {
                // Not a cursor we gave out. Starting over from the history window is safe: the store upserts by
                // remote id, so messages seen before are not stored twice.
                tracing::warn!(
                    handle,
                    cursor = unreadable,
                    "sandbox: unreadable inbox cursor, starting over"
                );
                stream.first_arriving(at - self.config.inbox_history_ms)
            }
            None => stream.first_arriving(at - self.config.inbox_history_ms),
        };
        // Like real networks, the sandbox keeps a month of notifications: a cursor older than that resumes there.
        let first = first.max(stream.first_arriving(at - INBOX_RETENTION));
        let last = stream.last_arrived(at);
        if first > last {
            return Ok(empty_page());
        }
        let end = last.min(first + PAGE_SIZE - 1);
        let posts = self
            .ledger
            .posts_until(handle, at)
            .await
            .map_err(unavailable)?;
        let messages: Vec<Inbound> = (first..=end)
            .map(|slot| stream.message(slot, &posts))
            .collect();
        Ok(InboundPage {
            messages,
            next_cursor: Some(end.to_string()),
            more: end < last,
        })
    }

    /// What an inbound message was meant to be (tone and language), for scoring Sangam's text analysis against the
    /// truth. `None` for ids the sandbox did not produce for this handle.
    pub fn message_truth(&self, handle: &str, remote_id: &str) -> Option<MessageTruth> {
        let slot = remote_id
            .strip_prefix("msg-")?
            .strip_prefix(handle)?
            .strip_prefix('-')?
            .parse::<i64>()
            .ok()?;
        Some(self.stream(handle)?.truth(slot))
    }

    /// How many posts this handle holds under this key: 1 after a publish, never 2.
    pub async fn posts_with_key_count(&self, handle: &str, key: &str) -> Result<i64, SandboxError> {
        Ok(self.ledger.count_with_key(handle, key).await?)
    }

    /// A post as the public sees it on the sandbox (its page at `SANDBOX_ORIGIN/@handle/sbx-N`, which Sangam serves at
    /// [`public_path`]): everything it was published with. `None` for a post the sandbox does not hold.
    pub async fn public_post(
        &self,
        handle: &str,
        remote_id: &str,
    ) -> Result<Option<SandboxPost>, SandboxError> {
        let Some(id) = id_from_remote_id(remote_id) else {
            return Ok(None);
        };
        Ok(self.ledger.by_id_with_extras(handle, id).await?)
    }

    /// Every post the sandbox holds, oldest first.
    pub async fn all_posts(&self) -> Result<Vec<SandboxPost>, SandboxError> {
        Ok(self.ledger.all().await?)
    }

    /// Number of (handle, key) pairs holding more than one post. Always 0; chaos tests assert it.
    pub async fn repeated_keys(&self) -> Result<i64, SandboxError> {
        Ok(self.ledger.repeated_keys().await?)
    }

    /// Number of (handle, text) pairs published more than once under different keys: a duplicate as the public sees
    /// it. A chaos run that publishes distinct texts should see 0.
    pub async fn repeated_texts(&self) -> Result<i64, SandboxError> {
        Ok(self.ledger.repeated_texts().await?)
    }

    fn stream<'a>(&self, handle: &'a str) -> Option<Stream<'a>> {
        Stream::new(
            self.config.seed,
            handle,
            self.config.messages_per_hour,
            self.config.abusive_share,
        )
    }

    fn published(&self, post: &SandboxPost) -> Published {
        let remote_id = post.remote_id();
        Published {
            url: format!(
                "{SANDBOX_ORIGIN}/@{}/{remote_id}",
                post.handle.trim_start_matches('@')
            ),
            remote_id,
            published_at: post.published_at,
        }
    }
}

/// Where Sangam serves a sandbox post's public page, for a URL the sandbox gave (`None` for other URLs).
pub fn public_path(url: &str) -> Option<String> {
    let rest = url.strip_prefix(SANDBOX_ORIGIN)?;
    rest.starts_with("/@").then(|| format!("/sandbox{rest}"))
}

fn check(config: &SandboxConfig) -> Result<(), SandboxError> {
    match config.problem() {
        Some(problem) => Err(SandboxError::Config(problem)),
        None => Ok(()),
    }
}

fn empty_page() -> InboundPage {
    InboundPage {
        messages: Vec::new(),
        next_cursor: None,
        more: false,
    }
}

/// The sandbox's own storage failing looks, to the caller, like a network having trouble: worth retrying.
fn unavailable(error: sqlx::Error) -> NetworkError {
    NetworkError::unavailable(format!("the sandbox's storage failed: {error}"))
}

/// Refuses what a real network would refuse for good, in words a person can act on.
fn validate(content: &Outbound) -> Result<(), NetworkError> {
    if content.idempotency_key.trim().is_empty() {
        return Err(NetworkError::rejected(
            "the sandbox needs an idempotency key with every post, so that a repeat cannot publish twice",
        ));
    }
    if content.text.trim().is_empty() {
        return Err(NetworkError::rejected(
            "the post has no text; the sandbox does not publish empty posts",
        ));
    }
    let limit = NetworkKind::Sandbox.text_limit();
    let length = count_for(NetworkKind::Sandbox, &content.text);
    if length > limit {
        return Err(NetworkError::rejected(format!(
            "the post is {length} characters long and the sandbox accepts at most {limit}"
        )));
    }
    let sizes: Vec<sangam_domain::post::ImageSize> = content
        .images
        .iter()
        .enumerate()
        .map(|(i, image)| sangam_domain::post::ImageSize {
            position: i + 1,
            bytes: image.bytes.len(),
        })
        .collect();
    MEDIA_LIMITS
        .check(NetworkKind::Sandbox, &sizes)
        .map_err(|e| NetworkError::rejected(e.to_string()))?;
    if let Some(long) = content
        .images
        .iter()
        .position(|i| i.alt.chars().count() > MAX_ALT_CHARS)
    {
        return Err(NetworkError::rejected(format!(
            "the alt text of image {} is longer than the {MAX_ALT_CHARS} characters the sandbox keeps",
            long + 1
        )));
    }
    Ok(())
}

/// What the sandbox keeps of a post besides its text (everything it received; image bytes only counted).
fn extras(content: &Outbound) -> Extras<'_> {
    Extras {
        images: content
            .images
            .iter()
            .map(|i| (i.mime.as_str(), i.bytes.len(), i.alt.as_str()))
            .collect(),
        language: content.language.as_deref(),
        content_warning: content.content_warning.as_deref().filter(|w| !w.is_empty()),
        link_card: content.link_card.as_ref().map(|c| {
            (
                c.url.as_str(),
                c.title.as_str(),
                c.description.as_str(),
                c.thumb.as_ref().map(|t| t.bytes.len()),
            )
        }),
    }
}

async fn pause(ms: u64) {
    if ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    }
}

#[async_trait]
impl Network for Sandbox {
    fn kind(&self) -> NetworkKind {
        NetworkKind::Sandbox
    }

    async fn publish(
        &self,
        account: &Account,
        content: &Outbound,
    ) -> Result<Published, NetworkError> {
        validate(content)?;
        let call = self.publish_calls.fetch_add(1, Ordering::Relaxed);
        let fate = self
            .config
            .faults
            .roll(self.config.seed, &content.idempotency_key, call);
        match fate {
            Fate::RateLimit => {
                return Err(NetworkError::RateLimited {
                    retry_after_ms: self.config.faults.retry_after_ms,
                });
            }
            Fate::ServerError => {
                return Err(NetworkError::unavailable(
                    "the sandbox answered 503 Service Unavailable (injected fault); nothing was published",
                ));
            }
            Fate::Deliver | Fate::AcceptThenTimeout => {}
        }
        pause(self.config.accept_delay_ms).await;
        // A network without idempotency takes a repeat as a new post.
        let key = match self.config.dedupes {
            true => content.idempotency_key.clone(),
            false => self
                .ledger
                .key_for_repeat(&account.handle, &content.idempotency_key)
                .await
                .map_err(unavailable)?,
        };
        let post = self
            .ledger
            .accept(
                &account.handle,
                &key,
                &content.text,
                content.in_reply_to.as_deref(),
                &extras(content),
                self.now(),
            )
            .await
            .map_err(unavailable)?;
        self.clicks.visit(self.config.seed, &post);
        pause(self.config.answer_delay_ms).await;
        if fate == Fate::AcceptThenTimeout {
            // The post is on the network now; only the answer is lost, as when a connection drops mid-response.
            return Err(NetworkError::Timeout);
        }
        Ok(self.published(&post))
    }

    async fn find_published(
        &self,
        account: &Account,
        idempotency_key: &str,
    ) -> Result<Option<Published>, NetworkError> {
        let post = self
            .ledger
            .by_key(&account.handle, idempotency_key)
            .await
            .map_err(unavailable)?;
        Ok(post.map(|post| self.published(&post)))
    }

    /// The sandbox holds every post under its key, so a key it does not hold was never published: the lookup is
    /// proof either way (which is what lets the publisher resend on it when repeats are not deduplicated).
    async fn look_up(
        &self,
        account: &Account,
        attempt: &crate::Attempt<'_>,
    ) -> Result<crate::Lookup, NetworkError> {
        Ok(
            match self
                .find_published(account, &attempt.content.idempotency_key)
                .await?
            {
                Some(published) => crate::Lookup::Found(published),
                None => crate::Lookup::Absent,
            },
        )
    }

    fn dedupes_repeats(&self) -> bool {
        self.config.dedupes
    }

    async fn inbound(
        &self,
        account: &Account,
        cursor: Option<&str>,
    ) -> Result<InboundPage, NetworkError> {
        self.inbound_at(&account.handle, cursor, self.now()).await
    }

    async fn profile_counts(&self, account: &Account) -> Result<ProfileCounts, NetworkError> {
        self.profile_counts_at(&account.handle, self.now()).await
    }

    async fn post_counts(
        &self,
        account: &Account,
        remote_ids: &[String],
    ) -> Result<Vec<PostCounts>, NetworkError> {
        self.post_counts_at(&account.handle, remote_ids, self.now())
            .await
    }

    async fn engagers(
        &self,
        account: &Account,
        remote_id: &str,
        reaction: crate::audience::Reaction,
        cursor: Option<&str>,
    ) -> Result<Option<crate::audience::MemberPage>, NetworkError> {
        let post = match id_from_remote_id(remote_id) {
            Some(id) => self
                .ledger
                .by_id(&account.handle, id)
                .await
                .map_err(unavailable)?,
            None => None,
        };
        let seed = self.config.seed;
        Ok(Some(post.map_or_else(Default::default, |post| {
            engagers::engagers_page(seed, &post, reaction, cursor, self.now())
        })))
    }

    async fn followers(
        &self,
        account: &Account,
        cursor: Option<&str>,
    ) -> Result<Option<crate::audience::MemberPage>, NetworkError> {
        let (seed, now) = (self.config.seed, self.now());
        Ok(Some(engagers::followers_page(
            seed,
            &account.handle,
            cursor,
            now,
        )))
    }

    async fn account_profiles(
        &self,
        _account: &Account,
        handles: &[String],
    ) -> Result<Option<Vec<crate::audience::AccountProfile>>, NetworkError> {
        Ok(Some(engagers::profiles(self.config.seed, handles)))
    }
}

#[cfg(test)]
mod tests;

/// The sandbox's simulated competitors ([`competitors`]), read as anyone on the network would, at the sandbox's now.
#[async_trait]
impl crate::public::PublicProfiles for Sandbox {
    fn kind(&self) -> NetworkKind {
        NetworkKind::Sandbox
    }

    async fn lookup(
        &self,
        handle: &str,
    ) -> Result<Option<crate::public::PublicAccount>, NetworkError> {
        Ok(competitors::lookup(self.config.seed, handle, self.now()))
    }

    async fn posts(
        &self,
        account: &crate::public::PublicAccount,
        cursor: Option<&str>,
    ) -> Result<crate::public::PublicPage, NetworkError> {
        Ok(competitors::page(
            self.config.seed,
            &account.remote_id,
            cursor,
            self.now(),
        ))
    }
}
