//! Audience collection: who engaged with each profile. Replies, mentions and quotes come from the inbox (already
//! stored, no network call); likes, reposts and quotes from the network's lists of each recent post; bios and follower
//! counts from the network's profile lookup; follower lists at most every few hours. A run is its own recurring job
//! (it never takes a publish lane or the ingester's job), spends at most [`CALLS_PER_PROFILE`] network calls per
//! profile and stops before half its lease is used; what it did not reach, the next run picks up. A rate limit ends
//! the profile's run at once: the network said when to come back and the next period is later than that.

use crate::{JobError, Networks};
use sangam_domain::Millis;
use sangam_domain::audience::EngagementKind;
use sangam_networks::audience::{Member, PROFILES_PER_CALL, Reaction};
use sangam_networks::{Account, Network, NetworkError};
use sangam_store::Db;
use sangam_store::audience::{self as store, NewEngagement};
use sangam_store::profiles::{self, Profile};
use sangam_store::secrets::SecretBox;
use sangam_text::language::LanguageIdentifier;

/// Network calls one profile may spend in one run on its posts' lists, on profile lookups and on its follower list:
/// each has its own share, so long lists never starve the lookups or the follower list.
pub const LIST_CALLS: usize = 40;
pub const LOOKUP_CALLS: usize = 10;
/// Pages of a follower list read in one run: past this, the listing is kept as incomplete.
pub const FOLLOWER_PAGES: usize = 20;
/// Network calls one profile may spend in one run, in all.
pub const CALLS_PER_PROFILE: usize = LIST_CALLS + LOOKUP_CALLS + FOLLOWER_PAGES;
/// Pages of one post's list read in one run.
const PAGES_PER_LIST: usize = 5;
/// How often a profile's follower list is taken.
pub const FOLLOWER_LIST_EVERY_MS: Millis = 6 * 3_600_000;
/// Posts whose lists are read: the ones published in the last two weeks (later engagement is rare and the lists long).
const LISTS_FOR_MS: Millis = 14 * 24 * 3_600_000;
/// Inbox messages turned into engagements per profile and run.
const MESSAGES_PER_RUN: i64 = 2_000;
/// Engagers looked up per profile and run.
const LOOKUPS_PER_RUN: i64 = 200;

/// What one run did, for the log and tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Collected {
    pub engagements: usize,
    pub looked_up: usize,
    pub follower_lists: usize,
    pub calls: usize,
}

impl std::ops::AddAssign for Collected {
    fn add_assign(&mut self, o: Collected) {
        self.engagements += o.engagements;
        self.looked_up += o.looked_up;
        self.follower_lists += o.follower_lists;
        self.calls += o.calls;
    }
}

pub struct AudienceCollector<'a> {
    pub db: &'a Db,
    pub secrets: &'a SecretBox,
    pub networks: &'a Networks,
    /// The run stops starting new work at this moment (half the job's lease).
    pub until: Millis,
}

/// The calls left to one profile's run.
struct Budget {
    left: usize,
    used: usize,
}

impl Budget {
    fn take(&mut self) -> bool {
        if self.left == 0 {
            return false;
        }
        self.left -= 1;
        self.used += 1;
        true
    }
}

/// Why one profile's run stopped early: the network (rate limited, down, credentials lapsed) or the database.
enum Stop {
    Network(NetworkError),
    Store(sangam_store::StoreError),
}

impl From<sangam_store::StoreError> for Stop {
    fn from(e: sangam_store::StoreError) -> Stop {
        Stop::Store(e)
    }
}

impl From<NetworkError> for Stop {
    fn from(e: NetworkError) -> Stop {
        Stop::Network(e)
    }
}

impl AudienceCollector<'_> {
    /// Collects for every profile. One profile's failure does not stop the others.
    pub async fn collect_all(&self, now: Millis) -> Result<Collected, JobError> {
        let languages = LanguageIdentifier::new();
        let mut total = Collected::default();
        for profile in profiles::list_all(self.db).await? {
            if sangam_domain::now_millis() >= self.until {
                tracing::info!(
                    "audience collection stopped for this run (time's up); the next run goes on"
                );
                break;
            }
            match self.collect(&profile, &languages, now).await {
                Ok(done) => total += done,
                Err(e) => {
                    tracing::warn!(profile = profile.id, error = %e, "collecting the audience failed")
                }
            }
        }
        Ok(total)
    }

    /// Collects one profile's audience.
    pub async fn collect(
        &self,
        profile: &Profile,
        languages: &LanguageIdentifier,
        now: Millis,
    ) -> Result<Collected, JobError> {
        let mut done = Collected {
            engagements: self.engagements_from_inbox(profile, now).await?,
            ..Collected::default()
        };
        let Some(network) = self.networks.get(profile.network) else {
            return Ok(done);
        };
        let account = Account {
            profile_id: profile.id,
            handle: profile.handle.clone(),
            credentials: profiles::credentials(self.db, self.secrets, profile.id).await?,
        };
        let budget = |left| Budget { left, used: 0 };
        let (mut followers, mut lists, mut lookups) = (
            budget(FOLLOWER_PAGES),
            budget(LIST_CALLS),
            budget(LOOKUP_CALLS),
        );
        let run = Run {
            db: self.db,
            network: network.as_ref(),
            account: &account,
            profile,
            languages,
            now,
        };
        let outcome = async {
            done.follower_lists += run.follower_list(&mut followers).await?;
            done.engagements += run.lists(&mut lists).await?;
            done.looked_up += run.look_up(&mut lookups).await?;
            Ok::<(), Stop>(())
        }
        .await;
        done.calls = followers.used + lists.used + lookups.used;
        match outcome {
            Ok(()) => Ok(done),
            Err(Stop::Network(NetworkError::RateLimited { retry_after_ms })) => {
                tracing::info!(
                    profile = profile.id,
                    retry_after_ms,
                    "audience collection paused by the network's rate limit"
                );
                Ok(done)
            }
            Err(Stop::Network(e)) => Err(crate::collector::lapsed(self.db, profile, e).await),
            Err(Stop::Store(e)) => Err(e.into()),
        }
    }

    /// The profile's replies, mentions, comments and quotes from the inbox, as engagements.
    async fn engagements_from_inbox(
        &self,
        profile: &Profile,
        now: Millis,
    ) -> Result<usize, JobError> {
        let since = now - LISTS_FOR_MS * 26;
        let mut stored = 0;
        for m in store::unrecorded_messages(self.db, profile.id, since, MESSAGES_PER_RUN).await? {
            let kind = match m.kind.as_str() {
                "quote" => EngagementKind::Quote,
                "mention" => EngagementKind::Mention,
                _ => EngagementKind::Reply,
            };
            let engager = store::engager(
                self.db,
                profile.workspace_id,
                profile.id,
                &m.author_handle,
                &m.author_name,
                now,
            )
            .await?;
            if m.lang != "und" {
                store::wrote_in(self.db, engager, &m.lang).await?;
            }
            let e = NewEngagement {
                workspace_id: profile.workspace_id,
                profile_id: profile.id,
                engager_id: engager,
                kind,
                subject: &m.remote_id,
                delivery_id: m.delivery_id,
                at: m.received_at,
            };
            stored += store::record(self.db, &e).await? as usize;
        }
        Ok(stored)
    }
}

/// One profile's run against its network.
struct Run<'a> {
    db: &'a Db,
    network: &'a dyn Network,
    account: &'a Account,
    profile: &'a Profile,
    languages: &'a LanguageIdentifier,
    now: Millis,
}

impl Run<'_> {
    fn lang_of(&self, text: &str) -> Option<String> {
        let lang = self.languages.detect(text).lang;
        (lang != "und").then_some(lang)
    }

    /// Likers, reposters and quoters of the profile's recent posts, newest post first.
    async fn lists(&self, budget: &mut Budget) -> Result<usize, Stop> {
        let posts = store::posts_to_list(self.db, self.profile.id, self.now - LISTS_FOR_MS).await?;
        let mut stored = 0;
        for reaction in Reaction::ALL {
            for (delivery_id, remote_id) in &posts {
                let mut cursor: Option<String> = None;
                for _ in 0..PAGES_PER_LIST {
                    if !budget.take() {
                        return Ok(stored);
                    }
                    let page = self
                        .network
                        .engagers(self.account, remote_id, reaction, cursor.as_deref())
                        .await?;
                    // Not listed by this network: no other post will be either.
                    let Some(page) = page else {
                        break;
                    };
                    for member in &page.members {
                        stored += self
                            .store_member(member, reaction, remote_id, *delivery_id)
                            .await?;
                    }
                    cursor = page.next_cursor;
                    if cursor.is_none() {
                        break;
                    }
                }
            }
        }
        Ok(stored)
    }

    async fn store_member(
        &self,
        m: &Member,
        reaction: Reaction,
        our_post: &str,
        delivery_id: i64,
    ) -> Result<usize, Stop> {
        let db = self.db;
        let p = self.profile;
        let engager =
            store::engager(db, p.workspace_id, p.id, &m.handle, &m.name, self.now).await?;
        if m.bio.is_some() || m.followers.is_some() {
            let bio_lang = m.bio.as_deref().and_then(|b| self.lang_of(b));
            store::looked_up(
                db,
                engager,
                m.bio.as_deref(),
                m.followers,
                bio_lang.as_deref(),
                self.now,
            )
            .await?;
        }
        let (kind, subject) = match (reaction, &m.own_post) {
            (Reaction::Like, _) => (EngagementKind::Like, our_post),
            (Reaction::Repost, _) => (EngagementKind::Repost, our_post),
            (Reaction::Quote, Some((quote_id, text))) => {
                if let Some(lang) = self.lang_of(text) {
                    store::wrote_in(db, engager, &lang).await?;
                }
                (EngagementKind::Quote, quote_id.as_str())
            }
            (Reaction::Quote, None) => (EngagementKind::Quote, our_post),
        };
        let e = NewEngagement {
            workspace_id: p.workspace_id,
            profile_id: p.id,
            engager_id: engager,
            kind,
            subject,
            delivery_id: Some(delivery_id),
            at: m.at.unwrap_or(self.now),
        };
        Ok(store::record(db, &e).await? as usize)
    }

    /// Bios and follower counts of engagers not yet looked up.
    async fn look_up(&self, budget: &mut Budget) -> Result<usize, Stop> {
        let waiting = store::not_looked_up(self.db, self.profile.id, LOOKUPS_PER_RUN).await?;
        let mut done = 0;
        for chunk in waiting.chunks(PROFILES_PER_CALL) {
            if !budget.take() {
                break;
            }
            let handles: Vec<String> = chunk.iter().map(|(_, h)| h.clone()).collect();
            let found = self
                .network
                .account_profiles(self.account, &handles)
                .await?;
            for (id, handle) in chunk {
                // Not offered by the network, or the account is gone: marked looked up, so it is not asked again.
                let p = found
                    .as_ref()
                    .and_then(|f| f.iter().find(|p| p.handle == *handle));
                let bio = p.and_then(|p| p.bio.as_deref());
                let bio_lang = bio.and_then(|b| self.lang_of(b));
                store::looked_up(
                    self.db,
                    *id,
                    bio,
                    p.and_then(|p| p.followers),
                    bio_lang.as_deref(),
                    self.now,
                )
                .await?;
                done += 1;
            }
        }
        Ok(done)
    }

    /// Takes the follower list when the last one is older than [`FOLLOWER_LIST_EVERY_MS`].
    async fn follower_list(&self, budget: &mut Budget) -> Result<usize, Stop> {
        let last = store::last_follower_list_at(self.db, self.profile.id).await?;
        if last.is_some_and(|at| self.now - at < FOLLOWER_LIST_EVERY_MS) {
            return Ok(0);
        }
        let mut handles = Vec::new();
        let mut cursor: Option<String> = None;
        let mut complete = false;
        for _ in 0..FOLLOWER_PAGES {
            if !budget.take() {
                return Ok(0);
            }
            let Some(page) = self
                .network
                .followers(self.account, cursor.as_deref())
                .await?
            else {
                return Ok(0);
            };
            handles.extend(page.members.into_iter().map(|m| m.handle));
            cursor = page.next_cursor;
            if cursor.is_none() {
                complete = true;
                break;
            }
        }
        store::record_followers(self.db, self.profile.id, self.now, &handles, complete).await?;
        Ok(1)
    }
}
