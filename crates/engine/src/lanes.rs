//! Per-network lanes: a network may hold at most `size` of the engine's slots with publish jobs (half of them by
//! default, one at least), so a network that has gone slow (timeouts, a stalled server) cannot take every slot while
//! posts for the other networks wait behind it. A publish job waits a moment for a seat in its lane (a fast network
//! frees one within milliseconds); one that still finds it full is put back for a moment without counting an
//! attempt. Nothing about it was tried, so "intent before the call" is untouched.

use sangam_domain::NetworkKind;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How long a publish job whose lane is full waits before it is claimed again.
pub(crate) const LANE_FULL_RETRY_MS: i64 = 250;

/// How long a publish job waits in the process for a seat before it gives its slot back.
const SEAT_WAIT: Duration = Duration::from_millis(200);

pub(crate) struct Lanes {
    size: usize,
    lanes: Mutex<HashMap<NetworkKind, Arc<Semaphore>>>,
}

/// A place taken in a network's lane, given back when dropped (whatever way the job ends).
pub(crate) struct Seat {
    _permit: OwnedSemaphorePermit,
}

impl Lanes {
    /// Lanes for an engine running `concurrency` jobs at once: `size` seats per network when given, else half the
    /// slots; never fewer than one nor more than the slots.
    pub(crate) fn new(concurrency: usize, size: Option<usize>) -> Self {
        let size = size.unwrap_or(concurrency / 2).clamp(1, concurrency.max(1));
        Lanes {
            size,
            lanes: Mutex::new(HashMap::new()),
        }
    }

    fn lane(&self, network: NetworkKind) -> Arc<Semaphore> {
        let mut lanes = self.lanes.lock().unwrap_or_else(|e| e.into_inner());
        lanes
            .entry(network)
            .or_insert_with(|| Arc::new(Semaphore::new(self.size)))
            .clone()
    }

    /// A seat in `network`'s lane, or `None` when the lane is full.
    pub(crate) fn take(&self, network: NetworkKind) -> Option<Seat> {
        let permit = self.lane(network).try_acquire_owned().ok()?;
        Some(Seat { _permit: permit })
    }

    /// A seat in `network`'s lane, waiting a moment for one to come free; `None` when the lane stayed full.
    pub(crate) async fn wait_for(&self, network: NetworkKind) -> Option<Seat> {
        if let Some(seat) = self.take(network) {
            return Some(seat);
        }
        let lane = self.lane(network);
        match tokio::time::timeout(SEAT_WAIT, lane.acquire_owned()).await {
            Ok(Ok(permit)) => Some(Seat { _permit: permit }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn a_network_takes_at_most_half_the_slots_and_gives_them_back() {
        let lanes = Lanes::new(4, None);
        let a = lanes.take(NetworkKind::Mastodon);
        let b = lanes.take(NetworkKind::Mastodon);
        assert!(a.is_some() && b.is_some());
        assert!(lanes.take(NetworkKind::Mastodon).is_none(), "two of four");
        assert!(
            lanes.take(NetworkKind::Sandbox).is_some(),
            "another network still gets in"
        );
        drop(a);
        assert!(lanes.take(NetworkKind::Mastodon).is_some());
        assert!(
            Lanes::new(1, None).take(NetworkKind::Bluesky).is_some(),
            "one slot at least"
        );
    }

    #[test]
    fn a_configured_lane_size_is_kept_within_the_slots() {
        let lanes = Lanes::new(8, Some(3));
        let seats: Vec<_> = (0..3)
            .filter_map(|_| lanes.take(NetworkKind::Bluesky))
            .collect();
        assert_eq!(seats.len(), 3);
        assert!(lanes.take(NetworkKind::Bluesky).is_none(), "three seats");
        let wide = Lanes::new(2, Some(10));
        let seats: Vec<_> = (0..5)
            .filter_map(|_| wide.take(NetworkKind::Bluesky))
            .collect();
        assert_eq!(seats.len(), 2, "never more seats than slots");
    }

    #[tokio::test]
    async fn a_job_waits_for_a_seat_that_comes_free() {
        let lanes = Arc::new(Lanes::new(2, Some(1)));
        let held = lanes.take(NetworkKind::Mastodon);
        assert!(held.is_some());
        let waiting = {
            let lanes = lanes.clone();
            tokio::spawn(async move { lanes.wait_for(NetworkKind::Mastodon).await.is_some() })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        drop(held);
        assert!(
            waiting.await.unwrap(),
            "the freed seat went to the waiting job"
        );
        let _again = lanes.take(NetworkKind::Mastodon);
        assert!(
            lanes.wait_for(NetworkKind::Mastodon).await.is_none(),
            "a lane that stays full sends the job back"
        );
    }
}
