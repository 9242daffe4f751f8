//! Sangam's nouns and rules. Nothing here does I/O: the store persists these types, the engine moves them, the web
//! shows them.

pub mod access;
pub mod approval;
pub mod audience;
pub mod business_hours;
pub mod care;
pub mod competitors;
pub mod delivery;
pub mod error_code;
pub mod goals;
pub mod job;
pub mod listening;
pub mod message;
pub mod metrics;
pub mod network;
pub mod post;
pub mod profile;
pub mod queue;
pub mod reports;
pub mod roi;
pub mod rules;
pub mod text_limits;
pub mod untrusted;
pub mod webhook;
pub mod word;

pub use access::{Permission, Role};
pub use approval::PostStatus;
pub use delivery::{DeliveryState, Outcome};
pub use error_code::ErrorCode;
pub use job::JobKind;
pub use message::{AbuseLabel, MessageKind, MessageStatus, Sentiment};
pub use network::NetworkKind;
pub use post::{MediaLimits, Post, PostError, PostLife};
pub use profile::ProfileStatus;

/// Milliseconds since the Unix epoch, UTC. Every stored time is one of these, so that SQLite and PostgreSQL compare and
/// bucket times the same way; pages convert to the viewer's time zone.
pub type Millis = i64;

/// The current time as stored.
pub fn now_millis() -> Millis {
    jiff::Timestamp::now().as_millisecond()
}
