//! Injected failures, so that chaos tests meet the three ways a real publish call goes wrong.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::mix::Mix;

/// How often `publish` fails, as probabilities per call. The three are drawn in this order from one roll, so their sum
/// is the share of calls that fail (keep it at or below 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Faults {
    /// The post is stored, then the caller gets `Timeout`: it exists remotely but we never heard so.
    pub timeout_after_accept: f64,
    /// `RateLimited { retry_after_ms }`, nothing stored (HTTP 429 with Retry-After).
    pub rate_limited: f64,
    /// `Unavailable`, nothing stored (HTTP 5xx).
    pub server_error: f64,
    /// What a rate-limited answer tells the caller to wait.
    pub retry_after_ms: i64,
}

impl Faults {
    /// A network that never fails: the demo's default.
    pub const NONE: Faults = Faults {
        timeout_after_accept: 0.0,
        rate_limited: 0.0,
        server_error: 0.0,
        retry_after_ms: 1_000,
    };

    /// A bad day: about one call in four fails, in every way at once.
    pub const CHAOS: Faults = Faults {
        timeout_after_accept: 0.1,
        rate_limited: 0.1,
        server_error: 0.05,
        retry_after_ms: 50,
    };
}

impl Default for Faults {
    fn default() -> Self {
        Faults::NONE
    }
}

/// What the dice say about one publish call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fate {
    Deliver,
    AcceptThenTimeout,
    RateLimit,
    ServerError,
}

impl Faults {
    /// Rolls the fate of one call. `attempt` counts publish calls on this sandbox, so that a retry of the same key can
    /// meet a different fate while a run stays reproducible from its seed and call order.
    pub(crate) fn roll(&self, seed: u64, idempotency_key: &str, attempt: u64) -> Fate {
        let key_hash = Mix::new(0).text(idempotency_key).finish();
        let mut rng =
            StdRng::seed_from_u64(seed ^ key_hash ^ attempt.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let roll: f64 = rng.random();
        let mut bar = self.timeout_after_accept;
        if roll < bar {
            return Fate::AcceptThenTimeout;
        }
        bar += self.rate_limited;
        if roll < bar {
            return Fate::RateLimit;
        }
        bar += self.server_error;
        if roll < bar {
            return Fate::ServerError;
        }
        Fate::Deliver
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_faults_always_delivers_and_certain_faults_always_fail() {
        for attempt in 0..100 {
            assert_eq!(Faults::NONE.roll(1, "k", attempt), Fate::Deliver);
        }
        let always_busy = Faults {
            rate_limited: 1.0,
            ..Faults::NONE
        };
        for attempt in 0..100 {
            assert_eq!(always_busy.roll(1, "k", attempt), Fate::RateLimit);
        }
    }

    #[test]
    fn chaos_fails_about_as_often_as_configured() {
        let failures = (0..10_000)
            .filter(|attempt| Faults::CHAOS.roll(9, "key", *attempt) != Fate::Deliver)
            .count();
        assert!(
            (2_000..3_000).contains(&failures),
            "{failures} of 10000 failed"
        );
    }
}
