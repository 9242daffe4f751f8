//! Meta's token answers: `{"access_token", "token_type", "expires_in"}` from every exchange and refresh
//! (Facebook's `fb_exchange_token`, Instagram's `ig_exchange_token` / `ig_refresh_token`, Threads'
//! `th_exchange_token` / `th_refresh_token`).

use sangam_domain::Millis;
use serde::Deserialize;

#[derive(Clone, Deserialize)]
pub struct LongLived {
    pub access_token: String,
    /// Seconds; absent for tokens that do not expire.
    #[serde(default)]
    pub expires_in: Option<i64>,
    /// Instagram Login and Threads name the account the token speaks for.
    #[serde(default)]
    pub user_id: Option<serde_json::Value>,
}

impl std::fmt::Debug for LongLived {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LongLived")
            .field("access_token", &"<redacted>")
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// When a token given `now` with `expires_in` seconds stops working.
pub fn expires_at(now: Millis, expires_in: Option<i64>) -> Option<Millis> {
    expires_in.filter(|s| *s > 0).map(|s| now + s * 1000)
}
