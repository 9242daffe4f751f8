//! The jobs the engine runs, as the rest of Sangam asks for them: typed constructors (from `sangam_domain::job`,
//! which alone spells payloads and keys, so the store can schedule publishing inside its own transactions) and one
//! way to enqueue them.

use sangam_domain::Millis;
use sangam_store::{Db, StoreError};

pub use sangam_domain::job::{
    JobKind, MuteRequest, Planned, Work, mute, publish, publish_now, recurring,
    refresh_competitors_now,
};

/// Enqueues `job`. False when a job with its key exists already (which is the point of the key).
pub async fn enqueue(db: &Db, job: &Planned, now: Millis) -> Result<bool, StoreError> {
    sangam_store::jobs::enqueue(db, job.into(), now).await
}
