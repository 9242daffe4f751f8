//! A `Delivery` is one post going to one profile. Its state machine is the heart of the promise "never twice, never
//! silently missed": the intent to send (`Sending`, with the idempotency key) is committed before the network is
//! called, so a crash leaves a trace that the publisher reconciles instead of blindly resending.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Waiting for its time.
    Scheduled,
    /// Intent recorded; the network call is (or was, before a crash) in flight.
    Sending,
    /// The network has it; remote id and URL are stored.
    Published,
    /// The network refused it, or retries ran out. The reason is stored.
    Failed,
    /// Sent, but no answer came and the network could not confirm either way. Needs a person or a reconcile.
    Unknown,
    /// Withdrawn before it was sent.
    Cancelled,
}

impl DeliveryState {
    pub const ALL: [DeliveryState; 6] = [
        DeliveryState::Scheduled,
        DeliveryState::Sending,
        DeliveryState::Published,
        DeliveryState::Failed,
        DeliveryState::Unknown,
        DeliveryState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Scheduled => "scheduled",
            DeliveryState::Sending => "sending",
            DeliveryState::Published => "published",
            DeliveryState::Failed => "failed",
            DeliveryState::Unknown => "unknown",
            DeliveryState::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<DeliveryState> {
        DeliveryState::ALL.into_iter().find(|d| d.as_str() == s)
    }

    /// Whether a person may ask for this delivery to be tried again. Only a delivery the network never got (failed)
    /// may be resent; an `Unknown` one must be reconciled first.
    pub fn can_retry(self) -> bool {
        self == DeliveryState::Failed
    }

    /// Whether the delivery has reached an end that needs nothing more from the publisher.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            DeliveryState::Published | DeliveryState::Failed | DeliveryState::Cancelled
        )
    }
}

impl std::fmt::Display for DeliveryState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What one attempt to publish a delivery came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Published {
        remote_id: String,
        url: String,
    },
    /// Not sent, try later (rate limit, 5xx, connection refused): the delivery goes back to `Scheduled`.
    Deferred {
        reason: String,
        retry_after_ms: i64,
    },
    /// The network refused it for good.
    Failed {
        reason: String,
    },
    /// Sent, no answer.
    Unknown {
        reason: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_deliveries_are_never_blindly_retried() {
        assert!(!DeliveryState::Unknown.can_retry());
        assert!(DeliveryState::Failed.can_retry());
        assert!(!DeliveryState::Published.can_retry());
    }

    #[test]
    fn states_round_trip_through_their_names() {
        for s in DeliveryState::ALL {
            assert_eq!(DeliveryState::parse(s.as_str()), Some(s));
        }
    }
}
