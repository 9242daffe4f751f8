//! When a network stops accepting a profile's credentials (a Mastodon token revoked, a Bluesky app password deleted):
//! the profile is marked `needs_reconnect`, the workspace's Admins are told once, and the deliveries waiting for it
//! stay `scheduled`, held, instead of failing. Reconnecting the profile sends them at once ([`resume_waiting`]).

use crate::JobError;
use crate::jobs;
use sangam_domain::{Millis, Role};
use sangam_store::activity::{self, NewActivity};
use sangam_store::{Db, notifications, posts, profiles, users};

/// How long a delivery held for a reconnect waits before it is tried again by itself (a reconnect does not wait).
pub const RECHECK_MS: i64 = 15 * 60_000;

/// The sentence a held delivery carries while its profile waits to be reconnected.
pub fn held_reason(handle: &str, detail: &str) -> String {
    format!(
        "Waiting for the profile @{} to be reconnected ({detail}). It will be sent once it is.",
        handle.trim_start_matches('@')
    )
}

/// Marks the profile `needs_reconnect`; the first time (per lapse) the workspace's Admins get a notification linking
/// to the Profiles page, and the audit log says so. Returns whether this call changed the profile.
pub async fn needs_reconnect(
    db: &Db,
    workspace_id: i64,
    profile_id: i64,
    handle: &str,
    detail: &str,
    now: Millis,
) -> Result<bool, JobError> {
    if !profiles::mark_needs_reconnect(db, profile_id).await? {
        return Ok(false);
    }
    let handle = handle.trim_start_matches('@');
    let message = format!(
        "The network no longer accepts Sangam's credentials for @{handle} ({detail}). Reconnect it on the Profiles \
         page; posts waiting for it are held until then."
    );
    for user in users::list_active(db, workspace_id).await? {
        if user.role == Role::Admin {
            notifications::notify(
                db,
                workspace_id,
                user.id,
                "profile_needs_reconnect",
                &message,
                "/profiles",
                now,
            )
            .await?;
        }
    }
    let entry = NewActivity {
        workspace_id,
        user_id: None,
        action: "needs_reconnect",
        object_kind: "profile",
        object_id: Some(profile_id),
        detail,
    };
    activity::record(db, entry, now).await?;
    Ok(true)
}

/// After a reconnect: every delivery of the profile that is due and still waiting gets a publish job now. Returns
/// how many jobs were added.
pub async fn resume_waiting(db: &Db, profile_id: i64, now: Millis) -> Result<usize, JobError> {
    let mut enqueued = 0;
    for delivery in posts::overdue(db, now, 10_000).await? {
        if delivery.profile_id == profile_id
            && send_now(db, delivery.id, "reconnected", now).await?
        {
            enqueued += 1;
        }
    }
    Ok(enqueued)
}

/// After an approval: the post's deliveries that are already due go out now instead of at the held post's next
/// look (up to 30 s later). Deliveries still in the future keep their own job. Returns how many jobs were added.
pub async fn send_approved_now(db: &Db, post_id: i64, now: Millis) -> Result<usize, JobError> {
    let mut enqueued = 0;
    for delivery in posts::overdue(db, now, 10_000).await? {
        if delivery.post_id == post_id && send_now(db, delivery.id, "approved", now).await? {
            enqueued += 1;
        }
    }
    Ok(enqueued)
}

/// A publish job for `delivery_id` due now. A delivery may already have a (postponed) job; two jobs for one delivery
/// are harmless, since only one can record the intent to send.
async fn send_now(db: &Db, delivery_id: i64, why: &str, now: Millis) -> Result<bool, JobError> {
    Ok(jobs::enqueue(db, &jobs::publish_now(delivery_id, why, now), now).await?)
}
