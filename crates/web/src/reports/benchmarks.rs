//! Published benchmarks beside our figures: their words in the reader's language, and the table that compares only
//! what is comparable.

use super::fmt::Fmt;
use super::view::{Cell, Table, col};
use crate::i18n::Tr;
use sangam_domain::Millis;
use sangam_domain::metrics::Figure;
use sangam_store::reports::Benchmark;

/// A benchmark's value as a figure of the unit it was published in.
pub fn benchmark_figure(b: &Benchmark) -> Figure {
    match b.unit.as_str() {
        "milliseconds" => Figure::Duration(b.value.round() as Millis),
        "count" => Figure::Count(b.value.round() as i64),
        _ => Figure::Percent(b.value),
    }
}

/// A benchmark's words in the reader's language: metric, network and industry, the statistic and the value.
pub struct BenchmarkLabels {
    pub metric: String,
    pub network: String,
    pub statistic: String,
    pub value: String,
    pub source: String,
}

pub fn benchmark_labels(t: &Tr, f: &Fmt<'_>, b: &Benchmark) -> BenchmarkLabels {
    let industry = if b.industry == "all industries" {
        t.t("benchmark-industry-all")
    } else {
        b.industry.clone()
    };
    BenchmarkLabels {
        metric: t.t(&format!("glossary-{}-name", b.metric_id)),
        network: format!("{} · {industry}", network_name(t, &b.network)),
        statistic: t.t(&format!("benchmark-statistic-{}", b.statistic)),
        value: f.text(benchmark_figure(b)),
        source: format!(
            "{}{} — {}",
            b.source,
            b.year.map(|y| format!(", {y}")).unwrap_or_default(),
            b.sample
        ),
    }
}

/// A network's name as a reader says it ("all" is every network of the source's sample).
pub fn network_name(t: &Tr, network: &str) -> String {
    let id = format!("benchmark-network-{network}");
    let name = t.t(&id);
    if name == id {
        network.to_string()
    } else {
        name
    }
}

/// Our figure beside each published benchmark of the same metric, for the same network as the profiles in the
/// report. A benchmark of another network (Facebook or TikTok beside a sandbox, Mastodon or Bluesky profile), or of
/// many networks at once, says nothing about these profiles, so it is not set beside them; when none matches, the
/// note says there is no benchmark for these networks. A matching benchmark is compared only when its statistic
/// (median, average, threshold) is the one our figure is; otherwise the row says why not.
pub(super) fn benchmark_table(
    t: &Tr,
    f: &Fmt<'_>,
    benchmarks: &[Benchmark],
    networks: &[sangam_domain::NetworkKind],
    ours: &[(&'static str, &'static str, Figure)],
) -> Table {
    let metric_ids: Vec<&str> = ours.iter().map(|o| o.0).collect();
    let rows: Vec<Vec<Cell>> = benchmarks
        .iter()
        .filter(|b| metric_ids.contains(&b.metric_id.as_str()))
        .filter(|b| networks.iter().any(|n| n.as_str() == b.network))
        .filter_map(|b| {
            let (metric, _, figure) = ours
                .iter()
                .find(|(m, s, _)| *m == b.metric_id && *s == b.statistic)
                .or_else(|| ours.iter().find(|(m, _, _)| *m == b.metric_id))?;
            let same_statistic = ours
                .iter()
                .any(|(m, s, _)| *m == b.metric_id && *s == b.statistic);
            let theirs = benchmark_figure(b);
            let comparable = theirs.unit() == figure.unit();
            let verdict = match (same_statistic && comparable, figure.value(), theirs.value()) {
                (false, _, _) => t.t("report-benchmark-different-formula"),
                (true, None, _) | (true, _, None) => t.t("report-benchmark-nothing-to-compare"),
                (true, Some(v), Some(bv)) => {
                    let ok = match b.statistic.as_str() {
                        "threshold_at_most" => v <= bv,
                        _ => v >= bv,
                    };
                    let key = match (b.statistic.as_str(), ok) {
                        ("threshold_at_least" | "threshold_at_most", true) => {
                            "report-benchmark-meets"
                        }
                        ("threshold_at_least" | "threshold_at_most", false) => {
                            "report-benchmark-misses"
                        }
                        (_, true) => "report-benchmark-above",
                        (_, false) => "report-benchmark-below",
                    };
                    t.t(key)
                }
            };
            let labels = benchmark_labels(t, f, b);
            Some(vec![
                Cell {
                    text: labels.metric,
                    metric: Some(metric),
                    ..Cell::default()
                },
                Cell::text(labels.network),
                Cell {
                    text: format!("{} ({})", labels.value, labels.statistic),
                    figure: Some(theirs),
                    ..Cell::default()
                },
                f.cell(metric, *figure, None),
                Cell::text(verdict),
                Cell {
                    text: labels.source,
                    rows: Some(b.url.clone()),
                    ..Cell::default()
                },
            ])
        })
        .collect();
    let note = if rows.is_empty() {
        let mut names: Vec<String> = networks
            .iter()
            .map(|n| network_name(t, n.as_str()))
            .collect();
        names.dedup();
        t.t1("report-benchmarks-none", "networks", names.join(", "))
    } else {
        t.t("report-benchmarks-note")
    };
    Table {
        id: "benchmarks",
        title: t.t("report-benchmarks-table"),
        note: Some(note),
        columns: vec![
            col(t, "report-col-metric"),
            col(t, "report-col-network"),
            col(t, "report-col-benchmark"),
            col(t, "report-col-ours"),
            col(t, "report-col-verdict"),
            col(t, "report-col-source"),
        ],
        rows,
    }
}
