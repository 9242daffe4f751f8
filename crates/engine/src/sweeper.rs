//! The sweeper: a safety net run every minute. It makes sure every overdue delivery has a publish job (after a
//! restart, an import, or a job that was lost), and that no delivery is left `sending` with nobody to finish it. It
//! also clears what is kept only for a while: expired sessions, idempotency keys, sign-in failure counts.

use crate::JobError;
use crate::jobs;
use sangam_domain::now_millis;
use sangam_store::jobs::NewJob;
use sangam_store::{Db, posts};

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub enqueued: usize,
    pub marked_unknown: usize,
    pub expired_sessions: u64,
    /// Idempotency keys past the 24 hours they are kept for, and sign-in failure counts past theirs.
    pub expired_idempotency_keys: u64,
    pub expired_sign_in_failures: u64,
}

pub async fn sweep(db: &Db) -> Result<Swept, JobError> {
    let now = now_millis();
    let mut swept = Swept::default();
    let planned: Vec<jobs::Planned> = posts::overdue(db, now, 10_000)
        .await?
        .into_iter()
        .map(|delivery| jobs::publish(delivery.id, delivery.scheduled_at, now))
        .collect();
    let offered: Vec<NewJob<'_>> = planned.iter().map(NewJob::from).collect();
    swept.enqueued = sangam_store::jobs::enqueue_missing(db, &offered, now).await?;
    for id in posts::orphaned_sending(db, 10_000).await? {
        let reason = "Sending stopped without an answer and could not be checked. Use \"check the network\" before \
                      sending again.";
        if posts::mark_unknown(db, id, reason, now).await? {
            swept.marked_unknown += 1;
        }
    }
    // Expired sessions are already refused on load; removing them keeps the table small.
    swept.expired_sessions = sangam_store::sessions::DbSessionStore::new(db.clone())
        .delete_expired(now)
        .await?;
    swept.expired_idempotency_keys =
        sangam_store::idempotency::forget_before(db, now - sangam_store::idempotency::KEEP_MS)
            .await?;
    swept.expired_sign_in_failures = sangam_store::users::forget_sign_in_failures(
        db,
        now - sangam_store::users::SIGN_IN_FAILURES_KEPT_MS,
    )
    .await?;
    Ok(swept)
}
