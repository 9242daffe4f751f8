//! Counters the engine exposes on `/metrics`.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct JobLabels {
    pub kind: String,
    pub outcome: String,
}

#[derive(Clone, Default)]
pub struct EngineMetrics {
    pub jobs: Family<JobLabels, Counter>,
}

impl EngineMetrics {
    pub fn register(&self, registry: &mut Registry) {
        registry.register(
            "sangam_jobs",
            "Jobs run by the engine, by kind and outcome",
            self.jobs.clone(),
        );
    }

    pub fn count(&self, kind: &str, outcome: &str) {
        self.jobs
            .get_or_create(&JobLabels {
                kind: kind.to_string(),
                outcome: outcome.to_string(),
            })
            .inc();
    }
}
