//! The audience report: who engaged (per profile and in all), by kind, the top engagers, new and returning ones,
//! followers gained and lost, the engagers' languages, the hours and weekdays they engage in (the viewer's zone), and
//! the reach of each target segment per post, campaign and day. One of the reports (`ReportKind::Audience`), so the
//! page, CSV, printable page and share links are the reports'.

use crate::AppState;
use crate::error::AppError;
use crate::reports::build::Inputs;
use crate::reports::view::{col, metric_col};
use crate::reports::{Cell, Chart, ReportView, Table};
use jiff::tz::TimeZone;
use sangam_domain::NetworkKind;
use sangam_domain::audience::Share;
use sangam_domain::metrics::{self, Figure};
use sangam_domain::reports::{Period, ProfileRef};
use sangam_store::audience::{self as store, AudienceReport};

/// Posts listed per segment: the ones that reached it best.
pub const BEST_POSTS: usize = 10;

/// Whether `network` lists what `metric` needs.
fn reported(metric: &str, network: NetworkKind) -> bool {
    metrics::CATALOGUE
        .iter()
        .find(|m| m.id == metric)
        .is_none_or(|m| !m.unavailable_on.contains(&network))
}

/// The report for `refs` over `period`, with every segment of the workspace.
pub async fn compute(
    state: &AppState,
    workspace_id: i64,
    refs: &[ProfileRef],
    period: Period,
    tz: &TimeZone,
) -> Result<AudienceReport, AppError> {
    let profiles: Vec<(i64, bool)> = refs
        .iter()
        .map(|r| (r.profile_id, reported("followers_gained", r.network)))
        .collect();
    let segments = store::segments(&state.db, workspace_id).await?;
    Ok(store::report(
        &state.db,
        workspace_id,
        &profiles,
        period.from,
        period.to,
        tz,
        &segments,
    )
    .await?)
}

fn share_cells(f: &crate::reports::Fmt<'_>, s: &Share) -> Vec<Cell> {
    vec![
        f.cell("segment_engagements", Figure::Count(s.reached), None),
        f.cell("audience_engagements", Figure::Count(s.engagements), None),
        f.cell(
            "segment_share",
            s.percent.map_or(Figure::NoData, Figure::Percent),
            None,
        ),
    ]
}

/// Adds the audience report's charts and tables to `view`.
pub(crate) async fn add(inputs: &Inputs<'_>, view: &mut ReportView) -> Result<(), AppError> {
    let (t, f, tz) = (inputs.t, &inputs.f, &inputs.tz);
    let report = compute(
        inputs.state,
        inputs.viewer.workspace_id,
        &inputs.refs,
        inputs.period,
        tz,
    )
    .await?;
    let name_of = |id: i64| {
        inputs
            .refs
            .iter()
            .find(|r| r.profile_id == id)
            .map(|r| {
                format!(
                    "{} ({})",
                    r.name,
                    crate::reports::network_name(t, r.network.as_str())
                )
            })
            .unwrap_or_default()
    };
    let network_of = |id: i64| {
        inputs
            .refs
            .iter()
            .find(|r| r.profile_id == id)
            .map(|r| r.network)
    };
    let count_or_unreported = |metric: &'static str, profile: i64, v: Option<i64>| {
        let figure = match (network_of(profile), v) {
            (Some(n), _) if !reported(metric, n) => Figure::NotReported,
            (_, Some(v)) => Figure::Count(v),
            (_, None) => Figure::NoData,
        };
        f.cell(metric, figure, None)
    };

    // Who engaged, per profile and in all.
    let fig = &report.figures;
    let mut rows: Vec<Vec<Cell>> = report
        .profiles
        .iter()
        .map(|p| {
            vec![
                Cell::text(name_of(p.profile_id)),
                count_or_unreported("audience_engagers", p.profile_id, Some(p.engagers)),
                count_or_unreported("audience_engagements", p.profile_id, Some(p.engagements)),
                count_or_unreported("new_engagers", p.profile_id, Some(p.new_engagers)),
                count_or_unreported(
                    "returning_engagers",
                    p.profile_id,
                    Some(p.returning_engagers),
                ),
                count_or_unreported("followers_gained", p.profile_id, p.gained),
                count_or_unreported("followers_lost", p.profile_id, p.lost),
            ]
        })
        .collect();
    let sum = |v: Vec<Option<i64>>| {
        let known: Vec<i64> = v.into_iter().flatten().collect();
        if known.is_empty() {
            Figure::NoData
        } else {
            Figure::Count(known.iter().sum())
        }
    };
    rows.push(vec![
        Cell::text(t.t("audience-all-profiles")),
        f.cell("audience_engagers", Figure::Count(fig.engagers), None),
        f.cell("audience_engagements", Figure::Count(fig.engagements), None),
        f.cell("new_engagers", Figure::Count(fig.new_engagers), None),
        f.cell(
            "returning_engagers",
            Figure::Count(fig.returning_engagers),
            None,
        ),
        f.cell(
            "followers_gained",
            sum(report.profiles.iter().map(|p| p.gained).collect()),
            None,
        ),
        f.cell(
            "followers_lost",
            sum(report.profiles.iter().map(|p| p.lost).collect()),
            None,
        ),
    ]);
    view.tables.push(Table {
        id: "audience",
        title: t.t("audience-table-who"),
        note: Some(t.t("audience-table-who-note")),
        columns: vec![
            col(t, "report-col-profile"),
            metric_col(t, "audience_engagers"),
            metric_col(t, "audience_engagements"),
            metric_col(t, "new_engagers"),
            metric_col(t, "returning_engagers"),
            metric_col(t, "followers_gained"),
            metric_col(t, "followers_lost"),
        ],
        rows,
    });

    view.tables.push(Table {
        id: "kinds",
        title: t.t("audience-table-kinds"),
        note: None,
        columns: vec![
            col(t, "audience-col-kind"),
            metric_col(t, "audience_engagements"),
        ],
        rows: fig
            .by_kind
            .iter()
            .map(|(k, n)| {
                vec![
                    Cell::text(t.t(&format!("audience-kind-{}", k.as_str()))),
                    f.cell("audience_engagements", Figure::Count(*n), None),
                ]
            })
            .collect(),
    });

    let lang_name = |code: &str| {
        t.maybe(&format!("lang-{code}"))
            .unwrap_or_else(|| code.to_string())
    };
    let yes_no = |v: Option<bool>| match v {
        Some(true) => t.t("audience-yes"),
        Some(false) => t.t("audience-no"),
        None => t.t("audience-unknown"),
    };
    view.tables.push(Table {
        id: "engagers",
        title: t.t("audience-table-top"),
        note: Some(t.t("audience-table-top-note")),
        columns: vec![
            col(t, "audience-col-account"),
            col(t, "audience-col-name"),
            col(t, "report-col-profile"),
            metric_col(t, "audience_engagements"),
            col(t, "audience-col-language"),
            col(t, "audience-col-their-followers"),
            col(t, "audience-col-follows-us"),
            col(t, "audience-col-bio"),
        ],
        rows: report
            .top_engagers
            .iter()
            .zip(&fig.top)
            .map(|(e, top)| {
                vec![
                    Cell::text(e.handle.clone()),
                    Cell::text(e.name.clone()),
                    Cell::text(name_of(e.profile_id)),
                    f.cell("audience_engagements", Figure::Count(top.engagements), None),
                    Cell::text(e.lang.as_deref().map(lang_name).unwrap_or_default()),
                    Cell::text(e.followers.map(|n| n.to_string()).unwrap_or_default()),
                    Cell::text(yes_no(e.follows_us)),
                    Cell::text(e.bio.clone().unwrap_or_default()),
                ]
            })
            .collect(),
    });

    let lang_share = |n: i64| {
        if fig.engagers > 0 {
            Figure::Percent(n as f64 / fig.engagers as f64 * 100.0)
        } else {
            Figure::NoData
        }
    };
    view.charts.push(Chart {
        id: "languages",
        title: t.t("audience-chart-languages"),
        svg: crate::ui::svg::bars(
            f,
            &fig.languages
                .iter()
                .map(|(l, n)| (lang_name(l), lang_share(*n)))
                .collect::<Vec<_>>(),
            &t.t("glossary-engager_language_share-name"),
        ),
        legend: None,
    });
    view.tables.push(Table {
        id: "languages",
        title: t.t("audience-table-languages"),
        note: Some(t.t("audience-table-languages-note")),
        columns: vec![
            col(t, "audience-col-language"),
            metric_col(t, "audience_engagers"),
            metric_col(t, "engager_language_share"),
        ],
        rows: fig
            .languages
            .iter()
            .map(|(l, n)| {
                vec![
                    Cell::text(lang_name(l)),
                    f.cell("audience_engagers", Figure::Count(*n), None),
                    f.cell("engager_language_share", lang_share(*n), None),
                ]
            })
            .collect(),
    });

    view.charts.push(Chart {
        id: "hours",
        title: t.t("audience-chart-hours"),
        svg: crate::ui::svg::bars(
            f,
            &fig.hours
                .iter()
                .enumerate()
                .map(|(h, n)| (format!("{h:02}:00"), Figure::Count(*n)))
                .collect::<Vec<_>>(),
            &t.t("glossary-engagements_by_hour-name"),
        ),
        legend: Some(t.t1("audience-zone", "zone", tz.iana_name().unwrap_or("UTC"))),
    });
    view.tables.push(Table {
        id: "hours",
        title: t.t("audience-table-hours"),
        note: Some(t.t1("audience-zone", "zone", tz.iana_name().unwrap_or("UTC"))),
        columns: vec![
            col(t, "audience-col-hour"),
            metric_col(t, "engagements_by_hour"),
        ],
        rows: fig
            .hours
            .iter()
            .enumerate()
            .map(|(h, n)| {
                vec![
                    Cell::text(format!("{h:02}:00")),
                    f.cell("engagements_by_hour", Figure::Count(*n), None),
                ]
            })
            .collect(),
    });
    const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    view.tables.push(Table {
        id: "weekdays",
        title: t.t("audience-table-weekdays"),
        note: None,
        columns: vec![
            col(t, "audience-col-weekday"),
            metric_col(t, "engagements_by_hour"),
        ],
        rows: fig
            .weekdays
            .iter()
            .zip(WEEKDAYS)
            .map(|(n, d)| {
                vec![
                    Cell::text(t.t(&format!("weekday-{d}"))),
                    f.cell("engagements_by_hour", Figure::Count(*n), None),
                ]
            })
            .collect(),
    });

    // The target audience.
    let seg_note = if report.segments.is_empty() {
        t.t("audience-no-segments")
    } else {
        t.t("audience-table-segments-note")
    };
    view.tables.push(Table {
        id: "segments",
        title: t.t("audience-table-segments"),
        note: Some(seg_note),
        columns: vec![
            col(t, "audience-col-segment"),
            col(t, "audience-col-members"),
            metric_col(t, "segment_engagements"),
            metric_col(t, "audience_engagements"),
            metric_col(t, "segment_share"),
        ],
        rows: report
            .segments
            .iter()
            .map(|s| {
                let mut row = vec![
                    Cell::text(s.segment.name.clone()),
                    f.cell("audience_engagers", Figure::Count(s.members), None),
                ];
                row.extend(share_cells(f, &s.overall));
                row
            })
            .collect(),
    });
    let text_of = |post: i64| {
        report
            .posts
            .iter()
            .find(|(id, _)| *id == post)
            .map(|(_, text)| text.chars().take(80).collect::<String>())
            .unwrap_or_default()
    };
    view.tables.push(Table {
        id: "segment-posts",
        title: t.t("audience-table-segment-posts"),
        note: Some(t.t1("audience-table-segment-posts-note", "count", BEST_POSTS)),
        columns: vec![
            col(t, "audience-col-segment"),
            col(t, "report-col-post"),
            metric_col(t, "segment_engagements"),
            metric_col(t, "audience_engagements"),
            metric_col(t, "segment_share"),
        ],
        rows: report
            .segments
            .iter()
            .flat_map(|s| {
                s.posts.iter().take(BEST_POSTS).map(|(post, share)| {
                    let mut p = Cell::text(text_of(*post));
                    p.rows = Some(format!("/posts/{post}"));
                    let mut row = vec![Cell::text(s.segment.name.clone()), p];
                    row.extend(share_cells(f, share));
                    row
                })
            })
            .collect(),
    });
    view.tables.push(Table {
        id: "segment-campaigns",
        title: t.t("audience-table-segment-campaigns"),
        note: None,
        columns: vec![
            col(t, "audience-col-segment"),
            col(t, "report-col-campaign"),
            metric_col(t, "segment_engagements"),
            metric_col(t, "audience_engagements"),
            metric_col(t, "segment_share"),
        ],
        rows: report
            .segments
            .iter()
            .flat_map(|s| {
                s.campaigns.iter().map(|(c, share)| {
                    let mut row = vec![Cell::text(s.segment.name.clone()), Cell::text(c.clone())];
                    row.extend(share_cells(f, share));
                    row
                })
            })
            .collect(),
    });
    view.tables.push(Table {
        id: "segment-days",
        title: t.t("audience-table-segment-days"),
        note: None,
        columns: vec![
            col(t, "audience-col-segment"),
            col(t, "audience-col-day"),
            metric_col(t, "segment_engagements"),
            metric_col(t, "audience_engagements"),
            metric_col(t, "segment_share"),
        ],
        rows: report
            .segments
            .iter()
            .flat_map(|s| {
                s.days.iter().map(|(d, share)| {
                    let mut row = vec![Cell::text(s.segment.name.clone()), Cell::text(d.clone())];
                    row.extend(share_cells(f, share));
                    row
                })
            })
            .collect(),
    });
    Ok(())
}
