//! The verbs that run by themselves: publishing deliveries, collecting metrics, sweeping for overdue work. One
//! [`runner`] claims jobs from the lease table and hands each to its verb, so several `sangam serve` processes on one
//! PostgreSQL share the work without doing any of it twice.

pub mod analysis;
pub mod audience;
pub mod care;
pub mod collector;
pub mod competitors;
pub mod digest;
pub mod ingester;
pub mod jobs;
mod lanes;
pub mod listening;
pub mod mail;
pub mod metrics;
pub mod moderation;
pub mod publisher;
pub mod reconnect;
pub mod registry;
pub mod review;
pub mod runner;
pub mod sweeper;
pub mod team_sentiment;
pub mod token_refresh;
pub mod webhooks;

pub use analysis::{TextModel, TrainedWorkspace};
pub use metrics::EngineMetrics;
pub use registry::Networks;
pub use runner::{Engine, EngineConfig};

/// Why a job could not finish, and whether running it again later may help.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("{0}")]
    Store(#[from] sangam_store::StoreError),
    #[error("no connector for the {0} network is configured")]
    NoConnector(sangam_domain::NetworkKind),
    #[error("the job's payload {0:?} is not what this kind of job expects")]
    BadPayload(String),
    #[error("{reason}")]
    Retry { reason: String, after_ms: i64 },
}
