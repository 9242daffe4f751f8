//! Time as the sandbox sees it: real time by default, a hand-turned clock in tests and back-fills.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use sangam_domain::Millis;

/// Where the sandbox reads "now". Followers, engagement and the inbox are functions of it.
pub trait Clock: Send + Sync {
    fn now(&self) -> Millis;
}

/// The wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Millis {
        sangam_domain::now_millis()
    }
}

/// A clock that only moves when told, for tests and for practice runs that fast-forward a week.
#[derive(Debug, Default)]
pub struct ManualClock {
    now: AtomicI64,
}

impl ManualClock {
    pub fn at(now: Millis) -> Arc<ManualClock> {
        Arc::new(ManualClock {
            now: AtomicI64::new(now),
        })
    }

    pub fn set(&self, now: Millis) {
        self.now.store(now, Ordering::SeqCst);
    }

    pub fn advance(&self, by: Millis) {
        self.now.fetch_add(by, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Millis {
        self.now.load(Ordering::SeqCst)
    }
}

pub(crate) const MINUTE: Millis = 60_000;
pub(crate) const HOUR: Millis = 60 * MINUTE;
pub(crate) const DAY: Millis = 24 * HOUR;

/// Days since 1970-01-01 (UTC).
pub(crate) fn day_of(at: Millis) -> i64 {
    at.div_euclid(DAY)
}

/// 0 = Monday ... 6 = Sunday, in UTC. 1970-01-01 was a Thursday.
pub(crate) fn weekday_of(at: Millis) -> i64 {
    (day_of(at) + 3).rem_euclid(7)
}

/// 0..=23, in UTC.
pub(crate) fn hour_of(at: Millis) -> i64 {
    at.rem_euclid(DAY) / HOUR
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_and_hours_are_utc() {
        // 2024-01-01T09:30:00Z was a Monday.
        let monday_morning = 1_704_101_400_000;
        assert_eq!(weekday_of(monday_morning), 0);
        assert_eq!(hour_of(monday_morning), 9);
        assert_eq!(weekday_of(monday_morning + 6 * DAY), 6);
    }
}
