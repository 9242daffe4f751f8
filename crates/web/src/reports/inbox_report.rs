//! The inbox and team report: volume, first-response and resolution times in and out of business hours, per person
//! and overall, with the benchmarks and the messages they were read from.

use super::benchmarks::benchmark_table;
use super::build::Inputs;
use super::view::{Cell, Chart, Column, ReportView, Table, col, compare_table, metric_col, num};
use crate::error::AppError;
use sangam_domain::metrics::{self, Figure};
use sangam_domain::reports::{self as calc, Hours};
use sangam_store::reports as store;

/// Adds this report's charts and tables to `view`.
pub(super) async fn add(inputs: &Inputs<'_>, view: &mut ReportView) -> Result<(), AppError> {
    let (state, viewer, t, period) = (inputs.state, inputs.viewer, inputs.t, inputs.period);
    let (comparison, f, refs, benchmarks) = (
        inputs.comparison,
        &inputs.f,
        &inputs.refs,
        &inputs.benchmarks,
    );
    let networks = &inputs.networks;
    let messages = store::message_rows(&state.db, viewer.workspace_id, refs, period).await?;
    let report = calc::inbox_report(period, &messages, &viewer.hours);
    view.charts.push(Chart {
        id: "volume",
        title: t.t("report-chart-volume"),
        svg: crate::ui::svg::bars(
            f,
            &report
                .volume_by_kind
                .iter()
                .map(|(k, n)| (t.named("kind", k), Figure::Count(*n)))
                .collect::<Vec<_>>(),
            &t.t("glossary-messages_received-name"),
        ),
        legend: None,
    });
    let rows_link = Some("#messages".to_string());
    view.tables.push(Table {
        id: "volume",
        title: t.t("report-volume-table"),
        note: None,
        columns: vec![
            col(t, "report-col-kind"),
            metric_col(t, "messages_received"),
        ],
        rows: report
            .volume_by_kind
            .iter()
            .map(|(k, n)| {
                vec![
                    Cell::text(t.named("kind", k)),
                    f.count("messages_received", Some(*n), rows_link.clone()),
                ]
            })
            .chain([vec![
                Cell::text(t.t("report-all-kinds")),
                f.count(
                    "messages_received",
                    Some(report.messages_received),
                    rows_link.clone(),
                ),
            ]])
            .collect(),
    });
    let response_row = |first: Cell, l: &calc::ResponseLine| {
        let times = |pick: fn(&metrics::ResponseTimes) -> f64| {
            f.cell(
                "first_response_time",
                Figure::duration(l.first_response.as_ref().map(pick)),
                rows_link.clone(),
            )
        };
        vec![
            first,
            f.count("response_rate", Some(l.actionable), rows_link.clone()),
            f.count("messages_handled", Some(l.answered), rows_link.clone()),
            f.cell("response_rate", l.response_rate, rows_link.clone()),
            times(|r| r.mean),
            times(|r| r.median),
            times(|r| r.fastest as f64),
            times(|r| r.slowest as f64),
        ]
    };
    let response_columns = |first: &str| {
        vec![
            col(t, first),
            Column {
                label: t.t("report-col-actionable"),
                metric: Some("response_rate"),
                sort: None,
            },
            metric_col(t, "messages_handled"),
            metric_col(t, "response_rate"),
            Column {
                label: t.t("report-col-frt-mean"),
                metric: Some("first_response_time"),
                sort: None,
            },
            Column {
                label: t.t("report-col-frt-median"),
                metric: Some("first_response_time"),
                sort: None,
            },
            Column {
                label: t.t("report-col-frt-fastest"),
                metric: Some("first_response_time"),
                sort: None,
            },
            Column {
                label: t.t("report-col-frt-slowest"),
                metric: Some("first_response_time"),
                sort: None,
            },
        ]
    };
    view.tables.push(Table {
        id: "responses",
        title: t.t("report-responses-table"),
        note: Some(t.t("report-responses-note")),
        columns: response_columns("report-col-hours"),
        rows: report
            .overall
            .iter()
            .map(|l| {
                response_row(
                    Cell::text(t.t(&format!("report-hours-{}", l.hours.as_str()))),
                    l,
                )
            })
            .collect(),
    });
    view.tables.push(Table {
        id: "members",
        title: t.t("report-members-table"),
        note: Some(t.t("report-members-note")),
        columns: response_columns("report-col-member"),
        rows: report
            .members
            .iter()
            .map(|l| response_row(Cell::text(l.member_name.clone().unwrap_or_default()), l))
            .collect(),
    });
    let all = report.overall.iter().find(|l| l.hours == Hours::All);
    if let (Some(c), Some(all)) = (comparison, all) {
        let before = calc::inbox_report(
            c,
            &store::message_rows(&state.db, viewer.workspace_id, refs, c).await?,
            &viewer.hours,
        );
        let b = before.overall.iter().find(|l| l.hours == Hours::All);
        let median = |l: Option<&calc::ResponseLine>| {
            Figure::duration(l.and_then(|l| l.first_response.as_ref()).map(|r| r.median))
        };
        view.tables.push(compare_table(
            t,
            f,
            &[
                (
                    "messages_received",
                    num(report.messages_received),
                    num(before.messages_received),
                ),
                (
                    "response_rate",
                    all.response_rate,
                    b.map_or(Figure::NoData, |b| b.response_rate),
                ),
                ("first_response_time", median(Some(all)), median(b)),
            ],
        ));
    }
    if let Some(all) = all {
        let mean = Figure::duration(all.first_response.as_ref().map(|r| r.mean));
        view.tables.push(benchmark_table(
            t,
            f,
            benchmarks,
            networks,
            &[
                ("response_rate", "average", all.response_rate),
                ("response_rate", "threshold_at_least", all.response_rate),
                ("first_response_time", "average", mean),
                ("first_response_time", "threshold_at_most", mean),
            ],
        ));
    }
    let profile_names: std::collections::BTreeMap<i64, String> = refs
        .iter()
        .map(|p| (p.profile_id, p.name.clone()))
        .collect();
    view.tables.push(Table {
        id: "messages",
        title: t.t("report-messages-table"),
        note: Some(t.t("report-messages-note")),
        columns: vec![
            col(t, "report-col-message"),
            col(t, "report-col-profile"),
            col(t, "report-col-kind"),
            col(t, "report-col-received"),
            col(t, "report-col-hidden"),
            col(t, "report-col-first-reply"),
            metric_col(t, "first_response_time"),
            col(t, "report-col-member"),
        ],
        rows: messages
            .iter()
            .map(|m| {
                vec![
                    Cell {
                        text: m.message_id.to_string(),
                        rows: Some(format!("/inbox/{}", m.message_id)),
                        ..Cell::default()
                    },
                    Cell::text(
                        profile_names
                            .get(&m.profile_id)
                            .cloned()
                            .unwrap_or_default(),
                    ),
                    Cell::text(t.named("kind", &m.kind)),
                    Cell::text(t.time(m.received_at)),
                    Cell::text(if m.hidden {
                        t.t("report-yes")
                    } else {
                        String::new()
                    }),
                    Cell::text(m.first_reply_at.map(|r| t.time(r)).unwrap_or_default()),
                    f.cell(
                        "first_response_time",
                        m.first_response_ms()
                            .map_or(Figure::NoData, Figure::Duration),
                        None,
                    ),
                    Cell::text(m.responder_name.clone().unwrap_or_default()),
                ]
            })
            .collect(),
    });
    Ok(())
}
