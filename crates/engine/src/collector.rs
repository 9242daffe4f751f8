//! The metric collector: asks each profile's network for its counts and stores them as raw, timestamped snapshots.
//! Charts and reports read only these rows.

use crate::{JobError, Networks};
use sangam_domain::Millis;
use sangam_networks::{Account, NetworkError};
use sangam_store::Db;
use sangam_store::posts;
use sangam_store::profiles::{self, Profile};
use sangam_store::secrets::SecretBox;
use sangam_store::snapshots::{self, PostSnapshot, ProfileSnapshot};

/// Posts older than this are no longer measured: their engagement has settled.
const MEASURE_POSTS_FOR_MS: i64 = 30 * 24 * 3600 * 1000;

pub struct Collector<'a> {
    pub db: &'a Db,
    pub secrets: &'a SecretBox,
    pub networks: &'a Networks,
}

impl Collector<'_> {
    /// Snapshots every profile at `taken_at`. One profile's failure does not stop the others; the first error is
    /// returned after all were tried.
    pub async fn collect_all(&self, taken_at: Millis) -> Result<usize, JobError> {
        let mut stored = 0;
        let mut first_error = None;
        for profile in profiles::list_all(self.db).await? {
            match self.collect(&profile, taken_at).await {
                Ok(n) => stored += n,
                Err(e) => {
                    tracing::warn!(profile = profile.id, error = %e, "collecting metrics failed");
                    first_error.get_or_insert(e);
                }
            }
        }
        match first_error {
            Some(e) if stored == 0 => Err(e),
            _ => Ok(stored),
        }
    }

    /// Stores one profile snapshot and one snapshot per recently published post. Returns the number of rows written.
    pub async fn collect(&self, profile: &Profile, taken_at: Millis) -> Result<usize, JobError> {
        let network = self
            .networks
            .get(profile.network)
            .ok_or(JobError::NoConnector(profile.network))?;
        let account = Account {
            profile_id: profile.id,
            handle: profile.handle.clone(),
            credentials: profiles::credentials(self.db, self.secrets, profile.id).await?,
        };
        let counts = match network.profile_counts(&account).await {
            Ok(counts) => counts,
            Err(e) => return Err(lapsed(self.db, profile, e).await),
        };
        let snapshot = ProfileSnapshot {
            profile_id: profile.id,
            taken_at,
            followers: counts.followers,
            following: counts.following,
            posts: counts.posts,
        };
        snapshots::record_profile(self.db, &snapshot).await?;

        let published =
            posts::published_since(self.db, profile.id, taken_at - MEASURE_POSTS_FOR_MS).await?;
        let remote_ids: Vec<String> = published
            .iter()
            .filter_map(|d| d.remote_id.clone())
            .collect();
        if remote_ids.is_empty() {
            return Ok(1);
        }
        let counts = match network.post_counts(&account, &remote_ids).await {
            Ok(counts) => counts,
            Err(e) => return Err(lapsed(self.db, profile, e).await),
        };
        let mut written = 1;
        for c in counts {
            let Some(delivery) = published
                .iter()
                .find(|d| d.remote_id.as_deref() == Some(c.remote_id.as_str()))
            else {
                continue;
            };
            let snap = PostSnapshot {
                delivery_id: delivery.id,
                taken_at,
                likes: c.likes,
                reposts: c.reposts,
                replies: c.replies,
                quotes: c.quotes,
                impressions: c.impressions,
            };
            snapshots::record_post(self.db, &snap).await?;
            written += 1;
        }
        Ok(written)
    }
}

/// A network error as a retry; when the network no longer accepts the profile's credentials, the profile is marked
/// `needs_reconnect` too (the Admins are told once).
pub(crate) async fn lapsed(db: &Db, profile: &Profile, e: NetworkError) -> JobError {
    if let NetworkError::AuthExpired(detail) = &e
        && let Err(store) = crate::reconnect::needs_reconnect(
            db,
            profile.workspace_id,
            profile.id,
            &profile.handle,
            detail,
            sangam_domain::now_millis(),
        )
        .await
    {
        return store;
    }
    retry(e.to_string())
}

fn retry(reason: String) -> JobError {
    JobError::Retry {
        reason,
        after_ms: 60_000,
    }
}
