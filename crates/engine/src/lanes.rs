//! Per-network lanes: a network may hold at most half of the engine's slots (one at least) with publish jobs, so a
//! network that has gone slow (timeouts, a stalled server) cannot take every slot while posts for the other networks
//! wait behind it. A publish job that finds its lane full is put back for a moment without counting an attempt;
//! nothing about it was tried, so "intent before the call" is untouched.

use sangam_domain::NetworkKind;
use std::collections::HashMap;
use std::sync::Mutex;

/// How long a publish job whose lane is full waits before it is claimed again.
pub(crate) const LANE_FULL_RETRY_MS: i64 = 250;

pub(crate) struct Lanes {
    size: usize,
    busy: Mutex<HashMap<NetworkKind, usize>>,
}

/// A place taken in a network's lane, given back when dropped (whatever way the job ends).
pub(crate) struct Seat<'a> {
    lanes: &'a Lanes,
    network: NetworkKind,
}

impl Lanes {
    /// Lanes for an engine running `concurrency` jobs at once.
    pub(crate) fn new(concurrency: usize) -> Self {
        Lanes {
            size: (concurrency / 2).max(1),
            busy: Mutex::new(HashMap::new()),
        }
    }

    /// A seat in `network`'s lane, or `None` when the lane is full.
    pub(crate) fn take(&self, network: NetworkKind) -> Option<Seat<'_>> {
        let mut busy = self.busy.lock().unwrap_or_else(|e| e.into_inner());
        let n = busy.entry(network).or_default();
        if *n >= self.size {
            return None;
        }
        *n += 1;
        Some(Seat {
            lanes: self,
            network,
        })
    }
}

impl Drop for Seat<'_> {
    fn drop(&mut self) {
        let mut busy = self.lanes.busy.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = busy.get_mut(&self.network) {
            *n = n.saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_network_takes_at_most_half_the_slots_and_gives_them_back() {
        let lanes = Lanes::new(4);
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
            Lanes::new(1).take(NetworkKind::Bluesky).is_some(),
            "one slot at least"
        );
    }
}
