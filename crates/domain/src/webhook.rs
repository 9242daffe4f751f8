//! Outgoing webhooks: the events other systems can hear about, the envelope every payload comes in (versioned by
//! [`SCHEMA`]), the signature header a receiver checks, and the back-off between attempts. The envelope of an event is
//! fixed when the event is recorded, so every attempt sends the same bytes with the same event id and a receiver can
//! drop repeats.

use crate::Millis;
use serde::{Deserialize, Serialize};

/// The payload schema: a receiver reads `schema` first and refuses a version it does not know.
pub const SCHEMA: &str = "sangam.webhook.v1";

/// The header carrying the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">` (a second `v1=` while an
/// old secret is still honoured after a rotation).
pub const SIGNATURE_HEADER: &str = "Sangam-Signature";
/// The event's id, repeated as a header so a receiver can drop a repeat before parsing the body.
pub const EVENT_ID_HEADER: &str = "Sangam-Event-Id";
pub const EVENT_TYPE_HEADER: &str = "Sangam-Event-Type";

/// How many bytes of a receiver's answer the delivery log keeps.
pub const RESPONSE_KEPT_BYTES: usize = 512;

/// What happened. The spelling is the wire's `type` and the stored word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub enum EventType {
    /// A delivery reached its network: one per post and profile.
    #[serde(rename = "post.published")]
    PostPublished,
    /// A delivery ended failed (the network refused it, or every retry ran out).
    #[serde(rename = "delivery.failed")]
    DeliveryFailed,
    /// A delivery was sent and no answer came: it may or may not be on the network.
    #[serde(rename = "delivery.unknown")]
    DeliveryUnknown,
    /// A post was sent for approval.
    #[serde(rename = "approval.requested")]
    ApprovalRequested,
    /// An approver approved, rejected or asked for changes.
    #[serde(rename = "approval.decided")]
    ApprovalDecided,
    /// A message from the public arrived in the inbox.
    #[serde(rename = "message.received")]
    MessageReceived,
    /// A message the analysis marked abusive arrived.
    #[serde(rename = "message.abusive")]
    MessageAbusive,
    /// The crisis switch paused publishing.
    #[serde(rename = "crisis.paused")]
    CrisisPaused,
    /// Publishing resumed after a crisis pause.
    #[serde(rename = "crisis.resumed")]
    CrisisResumed,
    /// A goal's metric reached its target.
    #[serde(rename = "goal.reached")]
    GoalReached,
    /// A listening topic's volume or negative share rose beyond its recent normal: once per spike.
    #[serde(rename = "listening.spike")]
    ListeningSpike,
    /// Sent by "send a test event"; never by anything else.
    #[serde(rename = "webhook.test")]
    Test,
}

impl EventType {
    /// The events a webhook can subscribe to (the test event goes to whichever webhook asks for it).
    pub const SUBSCRIBABLE: [EventType; 11] = [
        EventType::PostPublished,
        EventType::DeliveryFailed,
        EventType::DeliveryUnknown,
        EventType::ApprovalRequested,
        EventType::ApprovalDecided,
        EventType::MessageReceived,
        EventType::MessageAbusive,
        EventType::CrisisPaused,
        EventType::CrisisResumed,
        EventType::GoalReached,
        EventType::ListeningSpike,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            EventType::PostPublished => "post.published",
            EventType::DeliveryFailed => "delivery.failed",
            EventType::DeliveryUnknown => "delivery.unknown",
            EventType::ApprovalRequested => "approval.requested",
            EventType::ApprovalDecided => "approval.decided",
            EventType::MessageReceived => "message.received",
            EventType::MessageAbusive => "message.abusive",
            EventType::CrisisPaused => "crisis.paused",
            EventType::CrisisResumed => "crisis.resumed",
            EventType::GoalReached => "goal.reached",
            EventType::ListeningSpike => "listening.spike",
            EventType::Test => "webhook.test",
        }
    }

    pub fn parse(s: &str) -> Option<EventType> {
        EventType::SUBSCRIBABLE
            .into_iter()
            .chain([EventType::Test])
            .find(|e| e.as_str() == s)
    }

    /// The Fluent key naming the event on the settings page.
    pub fn message_id(self) -> String {
        format!("webhook-event-{}", self.as_str().replace('.', "-"))
    }
}

/// Where one event stands for one webhook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Not yet answered with a 2xx; attempts go on with back-off.
    Pending,
    /// A receiver answered 2xx; it is never sent again.
    Delivered,
    /// Every attempt failed; nothing more is sent.
    Failed,
}

impl DeliveryStatus {
    pub const fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<DeliveryStatus> {
        [
            DeliveryStatus::Pending,
            DeliveryStatus::Delivered,
            DeliveryStatus::Failed,
        ]
        .into_iter()
        .find(|d| d.as_str() == s)
    }
}

/// One event as every receiver gets it (schema `sangam.webhook.v1`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(example = json!({
    "schema": "sangam.webhook.v1",
    "id": "0b9f3c7e-1d2a-4c5b-9e8f-7a6b5c4d3e2f",
    "type": "post.published",
    "occurred_at": "2026-12-01T15:04:05.123Z",
    "workspace": {"id": 1, "name": "Marketing"},
    "data": {"post_id": 12, "delivery_id": 30, "profile_id": 2, "network": "mastodon", "handle": "@brand",
             "remote_url": "https://mastodon.social/@brand/1"}
}))]
pub struct Envelope {
    /// Always `sangam.webhook.v1` for this shape.
    pub schema: String,
    /// The event's id (a UUID): the same on every attempt, so a receiver can drop repeats.
    pub id: String,
    /// What happened.
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// When it happened, RFC 3339 in UTC.
    pub occurred_at: String,
    pub workspace: WorkspaceRef,
    /// The event's own fields; see each event type.
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct WorkspaceRef {
    pub id: i64,
    pub name: String,
}

impl Envelope {
    pub fn new(
        id: String,
        event_type: EventType,
        occurred_at: Millis,
        workspace: WorkspaceRef,
        data: serde_json::Value,
    ) -> Envelope {
        let occurred_at = jiff::Timestamp::from_millisecond(occurred_at)
            .map(|t| format!("{t:.3}"))
            .unwrap_or_default();
        Envelope {
            schema: SCHEMA.to_string(),
            id,
            event_type,
            occurred_at,
            workspace,
            data,
        }
    }
}

/// The bytes the signature covers: the timestamp, a dot, and the body exactly as sent.
pub fn signed_bytes(timestamp: i64, body: &[u8]) -> Vec<u8> {
    let mut out = format!("{timestamp}.").into_bytes();
    out.extend_from_slice(body);
    out
}

/// The signature header's value for the signatures given (hex), newest secret first.
pub fn signature_value(timestamp: i64, signatures: &[String]) -> String {
    let mut out = format!("t={timestamp}");
    for s in signatures {
        out.push_str(",v1=");
        out.push_str(s);
    }
    out
}

/// How long to wait after failed attempt `attempt` (1 for the first): exponential from `base_ms`, doubling each
/// time, at most `cap_ms`, and "equal jitter": half of it fixed, the other half scaled by `unit` (a random number in
/// [0, 1)), so receivers that fell over together are not all retried at the same instant.
pub fn backoff_ms(attempt: i64, base_ms: i64, cap_ms: i64, unit: f64) -> i64 {
    let doublings = attempt.clamp(1, 40) - 1;
    let full = base_ms
        .max(1)
        .saturating_mul(1_i64 << doublings.min(30))
        .min(cap_ms.max(1));
    let half = full / 2;
    half + ((full - half) as f64 * unit.clamp(0.0, 1.0)) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_type_reads_back_and_matches_its_wire_spelling() {
        for e in EventType::SUBSCRIBABLE.into_iter().chain([EventType::Test]) {
            assert_eq!(EventType::parse(e.as_str()), Some(e));
            assert_eq!(
                serde_json::to_value(e).ok(),
                Some(serde_json::Value::String(e.as_str().to_string()))
            );
        }
        assert_eq!(EventType::parse("post.deleted"), None);
    }

    #[test]
    fn back_off_doubles_with_jitter_and_stops_at_its_cap() {
        assert_eq!(backoff_ms(1, 1_000, 60_000, 0.0), 500);
        assert_eq!(backoff_ms(1, 1_000, 60_000, 1.0), 1_000);
        assert_eq!(backoff_ms(3, 1_000, 60_000, 0.0), 2_000);
        assert_eq!(backoff_ms(3, 1_000, 60_000, 1.0), 4_000);
        assert_eq!(backoff_ms(30, 1_000, 60_000, 1.0), 60_000);
        assert!(backoff_ms(2, 1_000, 60_000, 0.5) >= 1_000);
    }

    #[test]
    fn the_envelope_names_its_schema_and_a_utc_time() {
        let e = Envelope::new(
            "id-1".into(),
            EventType::Test,
            1_764_601_445_123,
            WorkspaceRef {
                id: 1,
                name: "T".into(),
            },
            serde_json::json!({}),
        );
        let v = serde_json::to_value(&e).unwrap_or_default();
        assert_eq!(v["schema"], SCHEMA);
        assert_eq!(v["type"], "webhook.test");
        assert_eq!(v["occurred_at"], "2025-12-01T15:04:05.123Z");
        assert_eq!(
            signature_value(5, &["ab".into(), "cd".into()]),
            "t=5,v1=ab,v1=cd"
        );
        assert_eq!(signed_bytes(5, b"{}"), b"5.{}".to_vec());
    }
}
