//! Sign-in attempts are limited per email and per client address, so a password cannot be guessed at speed.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const MAX_FAILURES: usize = 5;
pub const WINDOW: Duration = Duration::from_secs(300);

#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl LoginLimiter {
    /// Whether `key` may try again now.
    pub fn allowed(&self, key: &str) -> bool {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let recent = map.entry(key.to_string()).or_default();
        recent.retain(|t| t.elapsed() < WINDOW);
        recent.len() < MAX_FAILURES
    }

    pub fn failed(&self, key: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(key.to_string()).or_default().push(Instant::now());
    }

    pub fn succeeded(&self, key: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_lock_the_door_and_success_reopens_it() {
        let l = LoginLimiter::default();
        for _ in 0..MAX_FAILURES {
            assert!(l.allowed("a@x"));
            l.failed("a@x");
        }
        assert!(!l.allowed("a@x"));
        assert!(l.allowed("b@x"), "other people are not affected");
        l.succeeded("a@x");
        assert!(l.allowed("a@x"));
    }
}
