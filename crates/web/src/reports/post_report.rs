//! The post performance report: the best times to post, each post's figures (sortable), and the comparison with the
//! earlier period.

use super::benchmarks::network_name;
use super::build::Inputs;
use super::view::{Cell, Chart, Column, ReportView, Table, col, compare_table, metric_col, num};
use crate::error::AppError;
use sangam_domain::reports::{self as calc, PostSort};
use sangam_store::reports as store;

/// Adds this report's charts and tables to `view`.
pub(super) async fn add(inputs: &Inputs<'_>, view: &mut ReportView) -> Result<(), AppError> {
    let (state, viewer, t, params) = (inputs.state, inputs.viewer, inputs.t, inputs.params);
    let (period, comparison, f, tz) = (inputs.period, inputs.comparison, &inputs.f, &inputs.tz);
    let refs = &inputs.refs;
    let rows = store::post_rows(&state.db, viewer.workspace_id, refs, period, &params.tags).await?;
    view.charts.push(Chart {
        id: "best-times",
        title: t.t("report-chart-best-times"),
        svg: crate::ui::svg::heat_map(f, &calc::best_times(&rows, tz)),
        legend: Some(t.t("chart-heat-legend")),
    });
    let lines = calc::post_lines(refs, &rows, params.sort);
    let sort_link = |s: PostSort| {
        Some(format!(
            "/reports/posts?{}#posts",
            params.with_sort(s).query()
        ))
    };
    let mut columns = vec![
        Column {
            sort: sort_link(PostSort::Published),
            ..col(t, "report-col-published")
        },
        col(t, "report-col-profile"),
        col(t, "report-col-post"),
        col(t, "report-col-tags"),
    ];
    for (metric, sort) in [
        ("likes", Some(PostSort::Likes)),
        ("reposts", Some(PostSort::Reposts)),
        ("replies", Some(PostSort::Replies)),
        ("quotes", None),
        ("engagements", Some(PostSort::Engagements)),
        ("impressions", None),
        (
            "engagement_rate_per_follower",
            Some(PostSort::EngagementRate),
        ),
        ("engagement_rate_per_impression", None),
    ] {
        let mut c = match metric {
            "likes" | "reposts" | "replies" | "quotes" => Column {
                label: t.t(&format!("metric-{metric}")),
                metric: Some("engagements"),
                sort: None,
            },
            m => metric_col(t, m),
        };
        c.sort = sort.and_then(sort_link);
        columns.push(c);
    }
    let table_rows = lines
        .iter()
        .map(|l| {
            let link = Some(format!("/posts/{}", l.row.post_id));
            let c = |v: Option<i64>| f.count("engagements", v, link.clone());
            vec![
                Cell::text(t.time(l.row.published_at)),
                Cell::text(format!(
                    "{} ({})",
                    l.profile_name,
                    network_name(t, l.network.as_str())
                )),
                Cell {
                    text: l.row.body.chars().take(80).collect(),
                    rows: link.clone(),
                    ..Cell::default()
                },
                Cell::text(l.row.tags.join(", ")),
                c(l.row.likes),
                c(l.row.reposts),
                c(l.row.replies),
                c(l.row.quotes),
                c(l.engagements),
                f.cell("impressions", l.impressions, link.clone()),
                f.cell(
                    "engagement_rate_per_follower",
                    l.engagement_rate_per_follower,
                    link.clone(),
                ),
                f.cell(
                    "engagement_rate_per_impression",
                    l.engagement_rate_per_impression,
                    link.clone(),
                ),
            ]
        })
        .collect();
    view.tables.push(
        Table {
            id: "posts",
            title: t.t("report-posts-table"),
            note: Some(t.t("report-posts-note")),
            columns,
            rows: table_rows,
        }
        .without_unreported(t),
    );
    if let Some(c) = comparison {
        let before =
            store::post_rows(&state.db, viewer.workspace_id, refs, c, &params.tags).await?;
        let now_fig = calc::profile_performance(period, refs, &[], &rows).total;
        let then_fig = calc::profile_performance(c, refs, &[], &before).total;
        view.tables.push(compare_table(
            t,
            f,
            &[
                (
                    "posts_published",
                    num(now_fig.posts_published),
                    num(then_fig.posts_published),
                ),
                (
                    "engagements",
                    num(now_fig.engagements),
                    num(then_fig.engagements),
                ),
                (
                    "engagement_rate_per_follower",
                    now_fig.engagement_rate_per_follower,
                    then_fig.engagement_rate_per_follower,
                ),
            ],
        ));
    }
    Ok(())
}
