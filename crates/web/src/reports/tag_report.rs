//! The tags and campaigns report: engagements per tag, beside the earlier period's.

use super::build::Inputs;
use super::view::{Cell, Chart, Column, ReportView, Table, col, metric_col};
use crate::error::AppError;
use sangam_domain::metrics::Figure;
use sangam_domain::reports as calc;
use sangam_store::reports as store;

/// Adds this report's charts and tables to `view`.
pub(super) async fn add(inputs: &Inputs<'_>, view: &mut ReportView) -> Result<(), AppError> {
    let (state, viewer, t, params) = (inputs.state, inputs.viewer, inputs.t, inputs.params);
    let (period, comparison, f, refs) = (inputs.period, inputs.comparison, &inputs.f, &inputs.refs);
    let rows = store::post_rows(&state.db, viewer.workspace_id, refs, period, &params.tags).await?;
    let lines = calc::tag_lines(&rows);
    view.charts.push(Chart {
        id: "tags",
        title: t.t("report-chart-tags"),
        svg: crate::ui::svg::bars(
            f,
            &lines
                .iter()
                .map(|l| (l.tag.clone(), Figure::Count(l.engagements)))
                .collect::<Vec<_>>(),
            &t.t("glossary-engagements-name"),
        ),
        legend: None,
    });
    let before = match comparison {
        Some(c) => Some(calc::tag_lines(
            &store::post_rows(&state.db, viewer.workspace_id, refs, c, &params.tags).await?,
        )),
        None => None,
    };
    let mut columns = vec![
        col(t, "report-col-tag"),
        metric_col(t, "posts_published"),
        metric_col(t, "engagements"),
        metric_col(t, "impressions"),
        metric_col(t, "engagement_rate_per_follower"),
    ];
    if before.is_some() {
        columns.push(Column {
            label: t.t("report-col-engagements-before"),
            metric: Some("engagements"),
            sort: None,
        });
    }
    let table_rows = lines
        .iter()
        .map(|l| {
            let mut p = params.clone();
            p.tags = vec![l.tag.clone()];
            let link = Some(format!("/reports/posts?{}#posts", p.query()));
            let mut row = vec![
                Cell::text(l.tag.clone()),
                f.count("posts_published", Some(l.posts_published), link.clone()),
                f.count("engagements", Some(l.engagements), link.clone()),
                f.cell("impressions", l.impressions, link.clone()),
                f.cell(
                    "engagement_rate_per_follower",
                    l.engagement_rate_per_follower,
                    link.clone(),
                ),
            ];
            if let Some(b) = &before {
                let then = b.iter().find(|x| x.tag == l.tag).map(|x| x.engagements);
                row.push(f.count("engagements", Some(then.unwrap_or(0)), None));
            }
            row
        })
        .collect();
    view.tables.push(Table {
        id: "tags",
        title: t.t("report-tags-table"),
        note: Some(t.t("report-tags-note")),
        columns,
        rows: table_rows,
    });
    Ok(())
}
