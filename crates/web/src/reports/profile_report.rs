//! The profile performance report: followers over time, each profile's figures and the total, the comparison with the
//! earlier period, the snapshots they were read from and the published benchmarks.

use super::benchmarks::{benchmark_table, network_name};
use super::build::Inputs;
use super::fmt::Fmt;
use super::view::{
    Cell, Chart, Column, ReportView, Table, col, compare_table, metric_col, num, opt,
};
use crate::error::AppError;
use crate::i18n::Tr;
use sangam_domain::metrics::Figure;
use sangam_domain::reports::{self as calc, Period, ProfileFigures};
use sangam_store::reports as store;

/// Adds this report's charts and tables to `view`.
pub(super) async fn add(inputs: &Inputs<'_>, view: &mut ReportView) -> Result<(), AppError> {
    let (state, viewer, t, params) = (inputs.state, inputs.viewer, inputs.t, inputs.params);
    let (period, comparison, f, refs) = (inputs.period, inputs.comparison, &inputs.f, &inputs.refs);
    let (benchmarks, networks) = (&inputs.benchmarks, &inputs.networks);
    let load = |p: Period| {
        let refs = refs.clone();
        async move {
            let points = store::follower_points(&state.db, &refs, p).await?;
            let posts =
                store::post_rows(&state.db, viewer.workspace_id, &refs, p, &params.tags).await?;
            Ok::<_, AppError>((calc::profile_performance(p, &refs, &points, &posts), points))
        }
    };
    let (report, points) = load(period).await?;
    let history = store::follower_history(&state.db, refs, period).await?;
    view.charts.push(Chart {
        id: "followers",
        title: t.t("report-chart-followers"),
        svg: crate::ui::svg::lines(f, refs, &history, period),
        legend: Some(t.t("chart-followers-legend")),
    });
    let posts_link =
        |ids: Vec<i64>| format!("/reports/posts?{}", params.with_profiles(ids).query());
    let mut rows = vec![];
    for line in &report.lines {
        let Some(p) = &line.profile else { continue };
        rows.push(profile_row(
            f,
            &line.figures,
            Cell::text(format!(
                "{} ({})",
                p.name,
                network_name(t, p.network.as_str())
            )),
            &posts_link(vec![p.profile_id]),
        ));
    }
    rows.push(profile_row(
        f,
        &report.total,
        Cell::text(t.t("report-all-profiles")),
        &posts_link(params.profiles.clone()),
    ));
    view.tables.push(
        Table {
            id: "profiles",
            title: t.t("report-profiles-table"),
            note: Some(t.t("report-profiles-note")),
            columns: profile_columns(t),
            rows,
        }
        .without_unreported(t),
    );
    if let Some(c) = comparison {
        let (before, _) = load(c).await?;
        view.tables.push(compare_table(
            t,
            f,
            &[
                (
                    "followers",
                    opt(report.total.followers),
                    opt(before.total.followers),
                ),
                (
                    "audience_growth_rate",
                    report.total.audience_growth_rate,
                    before.total.audience_growth_rate,
                ),
                (
                    "posts_published",
                    num(report.total.posts_published),
                    num(before.total.posts_published),
                ),
                (
                    "engagements",
                    num(report.total.engagements),
                    num(before.total.engagements),
                ),
                (
                    "engagement_rate_per_follower",
                    report.total.engagement_rate_per_follower,
                    before.total.engagement_rate_per_follower,
                ),
                (
                    "engagement_rate_per_impression",
                    report.total.engagement_rate_per_impression,
                    before.total.engagement_rate_per_impression,
                ),
            ],
        ));
    }
    view.tables.push(snapshot_table(t, f, refs, &points));
    view.tables.push(benchmark_table(
        t,
        f,
        benchmarks,
        networks,
        &[
            (
                "engagement_rate_per_follower",
                "median",
                report.total.engagement_rate_per_follower,
            ),
            (
                "engagement_rate_per_impression",
                "median",
                report.total.engagement_rate_per_impression,
            ),
        ],
    ));
    Ok(())
}

pub(super) fn profile_columns(t: &Tr) -> Vec<Column> {
    let mut c = vec![col(t, "report-col-profile")];
    for m in [
        "followers",
        "net_follower_growth",
        "audience_growth_rate",
        "posts_published",
        "engagements",
        "impressions",
        "engagement_rate_per_follower",
        "engagement_rate_per_impression",
        "amplification_rate",
        "applause_rate",
        "conversation_rate",
    ] {
        c.push(metric_col(t, m));
    }
    c
}

pub(super) fn profile_row(f: &Fmt<'_>, p: &ProfileFigures, first: Cell, posts: &str) -> Vec<Cell> {
    let snaps = Some("#snapshots".to_string());
    let posts = Some(format!("{posts}#posts"));
    vec![
        first,
        f.count("followers", p.followers, snaps.clone()),
        f.count("net_follower_growth", p.net_follower_growth, snaps.clone()),
        f.cell("audience_growth_rate", p.audience_growth_rate, snaps),
        f.count("posts_published", Some(p.posts_published), posts.clone()),
        f.count("engagements", Some(p.engagements), posts.clone()),
        f.cell("impressions", p.impressions, posts.clone()),
        f.cell(
            "engagement_rate_per_follower",
            p.engagement_rate_per_follower,
            posts.clone(),
        ),
        f.cell(
            "engagement_rate_per_impression",
            p.engagement_rate_per_impression,
            posts.clone(),
        ),
        f.cell("amplification_rate", p.amplification_rate, posts.clone()),
        f.cell("applause_rate", p.applause_rate, posts.clone()),
        f.cell("conversation_rate", p.conversation_rate, posts),
    ]
}

pub(super) fn snapshot_table(
    t: &Tr,
    f: &Fmt<'_>,
    refs: &[calc::ProfileRef],
    points: &[calc::FollowerPoint],
) -> Table {
    let mut points = points.to_vec();
    points.sort_by_key(|p| (p.profile_id, p.taken_at));
    Table {
        id: "snapshots",
        title: t.t("report-snapshots-table"),
        note: Some(t.t("report-snapshots-note")),
        columns: vec![
            col(t, "report-col-profile"),
            col(t, "report-col-taken"),
            metric_col(t, "followers"),
        ],
        rows: points
            .iter()
            .map(|p| {
                vec![
                    Cell::text(
                        refs.iter()
                            .find(|r| r.profile_id == p.profile_id)
                            .map(|r| r.name.clone())
                            .unwrap_or_default(),
                    ),
                    Cell::text(t.time(p.taken_at)),
                    f.cell("followers", Figure::Count(p.followers), None),
                ]
            })
            .collect(),
    }
}
