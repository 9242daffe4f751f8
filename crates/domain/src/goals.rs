//! Goals measured with the catalogue: which metrics a goal can follow, how far along it is, and where the linear
//! trend of the period so far says it will end (with the uncertainty of that line stated, never hidden).

use crate::metrics::{Figure, Forecast, Unit, linear_forecast};
use crate::reports::{Hours, InboxReport, ProfileFigures};

/// Metrics a goal can follow: each is computed by the profile or the inbox report for "the period so far".
pub const TRACKABLE: &[&str] = &[
    "followers",
    "net_follower_growth",
    "audience_growth_rate",
    "posts_published",
    "engagements",
    "engagement_rate_per_follower",
    "amplification_rate",
    "applause_rate",
    "conversation_rate",
    "messages_received",
    "response_rate",
];

/// Whether the metric comes from the inbox report (otherwise from the profile report).
pub fn from_inbox(metric: &str) -> bool {
    matches!(metric, "messages_received" | "response_rate")
}

/// The goal's metric read from a profile report's totals.
pub fn profile_value(metric: &str, f: &ProfileFigures) -> Figure {
    let n = Figure::count;
    match metric {
        "followers" => n(f.followers),
        "net_follower_growth" => n(f.net_follower_growth),
        "audience_growth_rate" => f.audience_growth_rate,
        "posts_published" => n(Some(f.posts_published)),
        "engagements" => n(Some(f.engagements)),
        "engagement_rate_per_follower" => f.engagement_rate_per_follower,
        "amplification_rate" => f.amplification_rate,
        "applause_rate" => f.applause_rate,
        "conversation_rate" => f.conversation_rate,
        _ => Figure::NoData,
    }
}

/// The goal's metric read from an inbox report (all hours).
pub fn inbox_value(metric: &str, r: &InboxReport) -> Figure {
    match metric {
        "messages_received" => Figure::Count(r.messages_received),
        "response_rate" => r
            .overall
            .iter()
            .find(|l| l.hours == Hours::All)
            .map_or(Figure::NoData, |l| l.response_rate),
        _ => Figure::NoData,
    }
}

/// How far from the baseline to the target the current value is, as a percentage (may pass 100 or go below 0).
pub fn progress(baseline: f64, target: f64, current: f64) -> Option<f64> {
    let span = target - baseline;
    (span != 0.0).then(|| (current - baseline) / span * 100.0)
}

/// Where the goal stands: its current value, progress, and the forecast at the end of its period.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct GoalStatus {
    pub current: Figure,
    pub progress: Option<f64>,
    pub forecast: Option<Forecast>,
    /// Whether the forecast reaches the target (in the target's direction).
    pub on_track: Option<bool>,
}

/// `points` are (days since the start, value of the period so far, in the metric's `unit`); `end_day` is the period's
/// length in days.
pub fn status(
    unit: Unit,
    baseline: f64,
    target: f64,
    points: &[(f64, f64)],
    end_day: f64,
) -> GoalStatus {
    let current = points.last().map_or(Figure::NoData, |p| unit.figure(p.1));
    let forecast = linear_forecast(points, end_day);
    let on_track = forecast.map(|f| {
        if target >= baseline {
            f.value >= target
        } else {
            f.value <= target
        }
    });
    GoalStatus {
        progress: current.value().and_then(|c| progress(baseline, target, c)),
        current,
        forecast,
        on_track,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn progress_runs_from_baseline_to_target_either_way() {
        assert_eq!(progress(1000.0, 1200.0, 1100.0), Some(50.0));
        assert_eq!(progress(10.0, 5.0, 7.5), Some(50.0));
        assert_eq!(progress(3.0, 3.0, 3.0), None);
    }

    #[test]
    fn a_steady_climb_is_forecast_to_reach_its_target() {
        // 1000 followers, +10 a day for 10 days; 30-day goal of 1250: the line reaches 1300.
        let points: Vec<(f64, f64)> = (0..10)
            .map(|d| (d as f64, 1000.0 + 10.0 * d as f64))
            .collect();
        let s = status(Unit::Count, 1000.0, 1250.0, &points, 30.0);
        assert_eq!(s.current, Figure::Count(1090));
        assert!((s.forecast.unwrap().value - 1300.0).abs() < 1e-9);
        assert_eq!(s.on_track, Some(true));
        let short = status(Unit::Count, 1000.0, 1400.0, &points, 30.0);
        assert_eq!(short.on_track, Some(false));
        assert_eq!(
            status(Unit::Percent, 0.0, 1.0, &[], 30.0).current,
            Figure::NoData
        );
    }

    #[test]
    fn every_trackable_metric_is_in_the_catalogue() {
        for m in TRACKABLE {
            assert!(crate::metrics::def(m).is_some(), "{m}");
        }
    }
}
