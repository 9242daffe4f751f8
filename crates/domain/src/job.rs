//! The work Sangam does by itself, as the job lease stores it: a kind (a stored word), a payload and a unique key.
//! This module is the one place that writes and reads payloads and keys, so the store (which schedules publishing
//! inside its own transactions), the engine (which plans and runs the rest) and the web (which asks for a mute) cannot
//! disagree about their spelling. The formats are those of existing databases: a delivery id or a period as decimal
//! text, a mute request as JSON.

use crate::Millis;
use serde::{Deserialize, Serialize};

/// Attempts a publish job gets before it is dead.
pub const PUBLISH_ATTEMPTS: i64 = 8;
/// Attempts recurring work gets: its next period plans it again anyway.
const RECURRING_ATTEMPTS: i64 = 3;
const MUTE_ATTEMPTS: i64 = 5;
/// Attempts one webhook delivery gets before it is given up (with back-off, about a day at the default pace).
pub const WEBHOOK_ATTEMPTS: i64 = 12;

/// What kind of work a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobKind {
    /// Publishes (or reconciles) one delivery.
    Publish,
    CollectMetrics,
    Sweep,
    IngestInbound,
    /// The daily care check: streaks over a wellbeing threshold alert the person's managers.
    CareAlerts,
    WeeklyDigest,
    /// Mutes or blocks an author on the network itself.
    MuteAuthor,
    /// Sends one event to one webhook (a row of `webhook_deliveries`).
    DeliverWebhook,
    /// Drafts each workspace's weekly review once its week (in the leader's time zone) has ended.
    DraftReviews,
    /// Renews app-network tokens before they expire, and warns a week before one that cannot be renewed expires.
    RefreshTokens,
    /// Collects who engaged with each profile (likers, reposters, quoters, followers) within a bounded budget.
    CollectAudience,
    /// Reads the watched competitors' public counts and recent posts (back-filling the ones just added).
    RefreshCompetitors,
    /// Runs the listening topics that are due and raises their spikes.
    Listen,
}

impl JobKind {
    pub const ALL: [JobKind; 13] = [
        JobKind::Publish,
        JobKind::CollectMetrics,
        JobKind::Sweep,
        JobKind::IngestInbound,
        JobKind::CareAlerts,
        JobKind::WeeklyDigest,
        JobKind::MuteAuthor,
        JobKind::DeliverWebhook,
        JobKind::DraftReviews,
        JobKind::RefreshTokens,
        JobKind::CollectAudience,
        JobKind::RefreshCompetitors,
        JobKind::Listen,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            JobKind::Publish => "publish",
            JobKind::CollectMetrics => "collect_metrics",
            JobKind::Sweep => "sweep",
            JobKind::IngestInbound => "ingest_inbound",
            JobKind::CareAlerts => "care_alerts",
            JobKind::WeeklyDigest => "weekly_digest",
            JobKind::MuteAuthor => "mute_author",
            JobKind::DeliverWebhook => "deliver_webhook",
            JobKind::DraftReviews => "draft_reviews",
            JobKind::RefreshCompetitors => "refresh_competitors",
            JobKind::RefreshTokens => "refresh_tokens",
            JobKind::CollectAudience => "collect_audience",
            JobKind::Listen => "listen",
        }
    }

    pub fn parse(s: &str) -> Option<JobKind> {
        JobKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A person's request to mute or block an author on the network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MuteRequest {
    pub workspace_id: i64,
    pub profile_id: i64,
    pub author_handle: String,
    /// `mute` or `block`.
    pub action: String,
    pub user_id: i64,
}

/// A job's work with its payload read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    Publish {
        delivery_id: i64,
    },
    /// Recurring work for the period that starts at `period` (for metrics, the instant the snapshots are taken at; for
    /// the digest, the week's end).
    Recurring {
        kind: JobKind,
        period: Millis,
    },
    MuteAuthor(MuteRequest),
    DeliverWebhook {
        delivery_id: i64,
    },
}

/// A stored job whose kind or payload this version cannot read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a {kind:?} job with the payload {payload:?} is not one Sangam can run")]
pub struct UnreadableJob {
    pub kind: String,
    pub payload: String,
}

impl Work {
    pub fn kind(&self) -> JobKind {
        match self {
            Work::Publish { .. } => JobKind::Publish,
            Work::Recurring { kind, .. } => *kind,
            Work::MuteAuthor(_) => JobKind::MuteAuthor,
            Work::DeliverWebhook { .. } => JobKind::DeliverWebhook,
        }
    }

    /// The payload as stored.
    pub fn payload(&self) -> String {
        match self {
            Work::Publish { delivery_id } => delivery_id.to_string(),
            Work::Recurring { period, .. } => period.to_string(),
            Work::DeliverWebhook { delivery_id } => delivery_id.to_string(),
            // A struct of integers and strings always serialises.
            Work::MuteAuthor(request) => serde_json::to_string(request).unwrap_or_default(),
        }
    }

    /// Reads a stored job back.
    pub fn read(kind: &str, payload: &str) -> Result<Work, UnreadableJob> {
        let unreadable = || UnreadableJob {
            kind: kind.to_string(),
            payload: payload.to_string(),
        };
        let kind = JobKind::parse(kind).ok_or_else(unreadable)?;
        match kind {
            JobKind::Publish => Ok(Work::Publish {
                delivery_id: payload.parse().map_err(|_| unreadable())?,
            }),
            JobKind::MuteAuthor => serde_json::from_str(payload)
                .map(Work::MuteAuthor)
                .map_err(|_| unreadable()),
            JobKind::DeliverWebhook => Ok(Work::DeliverWebhook {
                delivery_id: payload.parse().map_err(|_| unreadable())?,
            }),
            kind => Ok(Work::Recurring {
                kind,
                period: payload.parse().map_err(|_| unreadable())?,
            }),
        }
    }
}

/// A job to enqueue: its work, when it is due, the key that keeps it from being enqueued twice, and its attempts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub work: Work,
    payload: String,
    pub run_at: Millis,
    pub unique_key: String,
    pub max_attempts: i64,
}

impl Planned {
    fn new(work: Work, run_at: Millis, unique_key: String, max_attempts: i64) -> Planned {
        Planned {
            payload: work.payload(),
            work,
            run_at,
            unique_key,
            max_attempts,
        }
    }

    pub fn kind(&self) -> JobKind {
        self.work.kind()
    }

    /// The work's payload as stored.
    pub fn payload(&self) -> &str {
        &self.payload
    }
}

/// Publishes `delivery_id` at `scheduled_at`. The key names the attempt: rescheduling or retrying a delivery gives a
/// new key, while the sweeper and the composer can never enqueue the same attempt twice.
pub fn publish(delivery_id: i64, scheduled_at: Millis, run_at: Millis) -> Planned {
    Planned::new(
        Work::Publish { delivery_id },
        run_at,
        format!("publish:{delivery_id}:{scheduled_at}"),
        PUBLISH_ATTEMPTS,
    )
}

/// Publishes `delivery_id` at `now` for a reason other than its schedule (`why`: reconnected, approved...): a job of
/// its own beside any the delivery has, since only one of them can record the intent to send.
pub fn publish_now(delivery_id: i64, why: &str, now: Millis) -> Planned {
    Planned::new(
        Work::Publish { delivery_id },
        now,
        format!("{why}:{delivery_id}:{now}"),
        PUBLISH_ATTEMPTS,
    )
}

/// Checks an `unknown` delivery with its network again (a publish job, which reconciles before it sends anything).
pub fn reconcile(delivery_id: i64, now: Millis) -> Planned {
    publish_now(delivery_id, "reconcile", now)
}

/// Recurring work of `kind` for the period of length `every` that holds `now`, keyed by the period so that every
/// process may plan it and only one row results.
pub fn recurring(kind: JobKind, every: Millis, now: Millis) -> Planned {
    let period = now / every * every;
    Planned::new(
        Work::Recurring { kind, period },
        period,
        format!("{}:{period}", kind.as_str()),
        RECURRING_ATTEMPTS,
    )
}

/// Reads the competitors now rather than at the next period (one was just added and waits for its back-fill): the
/// same recurring work under a key of its own.
pub fn refresh_competitors_now(now: Millis) -> Planned {
    Planned::new(
        Work::Recurring {
            kind: JobKind::RefreshCompetitors,
            period: now,
        },
        now,
        format!("refresh_competitors:now:{now}"),
        RECURRING_ATTEMPTS,
    )
}

/// Mutes or blocks an author on the network, once per (profile, author, action).
pub fn mute(request: MuteRequest, now: Millis) -> Planned {
    let key = format!(
        "mute:{}:{}:{}",
        request.profile_id, request.author_handle, request.action
    );
    Planned::new(Work::MuteAuthor(request), now, key, MUTE_ATTEMPTS)
}

/// Sends webhook delivery `delivery_id` (one event to one webhook), once: the key is the delivery's.
pub fn webhook(delivery_id: i64, now: Millis) -> Planned {
    Planned::new(
        Work::DeliverWebhook { delivery_id },
        now,
        format!("webhook:{delivery_id}"),
        WEBHOOK_ATTEMPTS,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_and_keys_keep_the_format_existing_databases_hold() {
        let job = publish(42, 1_000, 900);
        assert_eq!(
            (job.kind().as_str(), job.payload(), job.unique_key.as_str()),
            ("publish", "42", "publish:42:1000")
        );
        assert_eq!(job.run_at, 900);
        assert_eq!(reconcile(7, 5).unique_key, "reconcile:7:5");
        let sweep = recurring(JobKind::Sweep, 60_000, 125_000);
        assert_eq!(
            (sweep.payload(), sweep.unique_key.as_str()),
            ("120000", "sweep:120000")
        );
        assert_eq!(sweep.run_at, 120_000);
    }

    #[test]
    fn every_job_reads_back_as_the_work_it_was_planned_for() {
        let request = MuteRequest {
            workspace_id: 1,
            profile_id: 2,
            author_handle: "@troll".into(),
            action: "block".into(),
            user_id: 3,
        };
        for job in [
            publish(42, 1, 1),
            recurring(JobKind::WeeklyDigest, 7, 100),
            mute(request, 0),
            webhook(9, 0),
        ] {
            assert_eq!(
                Work::read(job.kind().as_str(), job.payload()),
                Ok(job.work.clone())
            );
        }
        for kind in JobKind::ALL {
            assert_eq!(JobKind::parse(kind.as_str()), Some(kind));
        }
    }

    #[test]
    fn a_job_this_version_cannot_read_is_an_error() {
        assert!(Work::read("publish", "forty-two").is_err());
        assert!(Work::read("mute_author", "{}").is_err());
        assert!(Work::read("teleport", "1").is_err());
    }
}
