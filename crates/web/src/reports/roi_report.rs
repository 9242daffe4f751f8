//! The campaign ROI report: per campaign (a post tag) and period, clicks on its tracked links, the conversions
//! attributed to it, the team's time on its posts and conversations priced at each person's hourly cost, the spend
//! entered for it, and `social_roi` = (value − cost) ÷ cost × 100. Every input is listed below the figures, row by
//! row, and each figure links to its rows. People's hourly costs are never shown, only a campaign's labour cost.

use super::build::Inputs;
use super::view::{Cell, Chart, Column, ReportView, Table, col, metric_col};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::reports::ReportParams;
use axum::Json;
use axum::extract::{Query, State};
use jiff::tz::TimeZone;
use sangam_domain::Millis;
use sangam_domain::metrics::{Currency, Figure};
use sangam_domain::reports::Period;
use sangam_domain::roi::{self as calc, Click, Return, WorkItem};
use sangam_store::conversions::{self, ConversionRow};
use sangam_store::links::{self, ClickRow};
use sangam_store::roi::{self as store, Spend};
use sangam_store::users::User;
use serde::Serialize;

/// The most input rows a table lists (the figures are computed from all of them).
const MAX_LISTED: usize = 2_000;

/// One campaign's line.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CampaignLine {
    pub campaign: String,
    /// `link_clicks`.
    pub clicks: i64,
    /// `unique_visitors`.
    pub unique_visitors: i64,
    /// `conversions`, in the workspace's currency.
    pub conversions: i64,
    /// Conversions in another currency: listed, not counted in the value.
    pub conversions_other_currency: i64,
    /// Milliseconds of the team's work attributed to the campaign.
    pub work_ms: Millis,
    /// Work by people who have no hourly cost set: counted in `work_ms`, costing nothing.
    pub unpriced_work_ms: Millis,
    #[serde(flatten)]
    pub money: Return,
}

/// A piece of work on a campaign, with who did it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WorkRow {
    pub campaign: String,
    pub person: String,
    #[serde(flatten)]
    pub item: WorkItem,
}

/// The report and every row it was computed from.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RoiReport {
    pub period: Period,
    /// The currency every amount is in (hundredths of it).
    pub currency: String,
    pub campaigns: Vec<CampaignLine>,
    pub clicks: Vec<ClickRow>,
    pub conversions: Vec<ConversionRow>,
    /// Work attributed to each campaign (a post with two campaigns counts in both), with the person's name.
    pub work: Vec<WorkRow>,
    pub spend: Vec<Spend>,
}

/// Computes the report for `period`, for the campaigns in `only` (all when empty).
pub async fn compute(
    state: &AppState,
    workspace_id: i64,
    period: Period,
    only: &[String],
) -> Result<RoiReport, AppError> {
    let db = &state.db;
    let (from, to) = (period.from, period.to);
    let currency = store::currency(db, workspace_id).await?;
    let clicks = links::clicks(db, workspace_id, from, to, None).await?;
    let conversions = conversions::list(db, workspace_id, from, to, None).await?;
    let spend = store::spend(db, workspace_id, from, to, None).await?;
    let rows = store::work_rows(db, workspace_id, from, to).await?;
    let mut names: Vec<String> = store::campaigns(db, workspace_id)
        .await?
        .into_iter()
        .filter(|c| only.is_empty() || only.contains(c))
        .collect();
    names.sort();
    let mut lines = vec![];
    let mut work = vec![];
    for campaign in names {
        let of_clicks: Vec<Click<'_>> = clicks
            .iter()
            .filter(|c| c.campaign == campaign)
            .map(|c| Click {
                salt_day: &c.salt_day,
                visitor: &c.visitor,
            })
            .collect();
        let of_conversions: Vec<&ConversionRow> = conversions
            .iter()
            .filter(|c| c.campaign.as_deref() == Some(campaign.as_str()))
            .collect();
        let (same, other): (Vec<&ConversionRow>, Vec<&ConversionRow>) =
            of_conversions.iter().partition(|c| c.currency == currency);
        let items = calc::campaign_work(
            &campaign,
            &rows.sessions,
            &rows.touches,
            &rows.inbox,
            &rows.message_posts,
            &rows.post_campaigns,
        );
        let rate = |user: i64| {
            rows.people
                .iter()
                .find(|(id, _, _)| *id == user)
                .and_then(|(_, _, r)| *r)
        };
        let priced: Vec<(Millis, i64)> = items
            .iter()
            .filter_map(|w| rate(w.user_id).map(|r| (w.ms, r)))
            .collect();
        let spend_minor: i64 = spend
            .iter()
            .filter(|s| s.campaign == campaign)
            .map(|s| s.amount_minor)
            .sum();
        let value_minor: i64 = same.iter().map(|c| c.value_minor).sum();
        let line = CampaignLine {
            clicks: calc::clicks(&of_clicks),
            unique_visitors: calc::unique_visitors(&of_clicks),
            conversions: same.iter().map(|c| c.count).sum(),
            conversions_other_currency: other.iter().map(|c| c.count).sum(),
            work_ms: items.iter().map(|w| w.ms).sum(),
            unpriced_work_ms: items
                .iter()
                .filter(|w| rate(w.user_id).is_none())
                .map(|w| w.ms)
                .sum(),
            money: calc::campaign_return(value_minor, &priced, spend_minor),
            campaign: campaign.clone(),
        };
        let has_anything = line.clicks > 0
            || !of_conversions.is_empty()
            || line.work_ms > 0
            || line.money.spend_minor > 0;
        if has_anything || only.contains(&campaign) {
            for w in items {
                let name = rows
                    .people
                    .iter()
                    .find(|(id, _, _)| *id == w.user_id)
                    .map(|(_, n, _)| n.clone())
                    .unwrap_or_default();
                work.push(WorkRow {
                    campaign: campaign.clone(),
                    person: name,
                    item: w,
                });
            }
            lines.push(line);
        }
    }
    let kept = |c: &str| lines.iter().any(|l| l.campaign == c);
    Ok(RoiReport {
        period,
        clicks: clicks.into_iter().filter(|c| kept(&c.campaign)).collect(),
        conversions: conversions
            .into_iter()
            .filter(|c| c.campaign.as_deref().is_some_and(kept))
            .collect(),
        spend: spend.into_iter().filter(|s| kept(&s.campaign)).collect(),
        currency,
        campaigns: lines,
        work,
    })
}

/// `YYYY-MM-DD` of `at` in `tz`.
pub fn day_in(at: Millis, tz: &TimeZone) -> String {
    super::build::day(at, tz)
}

fn local(at: Millis, tz: &TimeZone) -> String {
    crate::time_fmt::local(at, tz)
}

/// Adds this report's chart and tables to `view`.
pub(super) async fn add(inputs: &Inputs<'_>, view: &mut ReportView) -> Result<(), AppError> {
    let (t, f, tz) = (inputs.t, &inputs.f, &inputs.tz);
    let report = compute(
        inputs.state,
        inputs.viewer.workspace_id,
        inputs.period,
        &inputs.params.tags,
    )
    .await?;
    let currency = Currency::parse(&report.currency).unwrap_or(Currency::Inr);
    let money = |minor: i64| Figure::Money { minor, currency };
    let roi = |r: &Return| r.roi_percent.map_or(Figure::NoData, Figure::Percent);
    view.charts.push(Chart {
        id: "roi",
        title: t.t("report-chart-roi"),
        svg: crate::ui::svg::bars(
            f,
            &report
                .campaigns
                .iter()
                .map(|l| (l.campaign.clone(), roi(&l.money)))
                .collect::<Vec<_>>(),
            &t.t("glossary-social_roi-name"),
        ),
        legend: None,
    });
    let rows = |anchor: &str| Some(format!("#{anchor}"));
    view.tables.push(Table {
        id: "roi",
        title: t.t("report-roi-table"),
        note: Some(t.t("report-roi-note")),
        columns: vec![
            col(t, "report-col-campaign"),
            metric_col(t, "link_clicks"),
            metric_col(t, "unique_visitors"),
            metric_col(t, "conversions"),
            metric_col(t, "conversion_value"),
            col(t, "report-col-work"),
            Column {
                label: t.t("report-col-labour-cost"),
                metric: Some("campaign_cost"),
                sort: None,
            },
            Column {
                label: t.t("report-col-spend"),
                metric: Some("campaign_cost"),
                sort: None,
            },
            metric_col(t, "campaign_cost"),
            metric_col(t, "social_roi"),
        ],
        rows: report
            .campaigns
            .iter()
            .map(|l| {
                let mut work = Cell::text(f.duration(l.work_ms));
                work.rows = rows("work");
                work.figure = Some(Figure::Duration(l.work_ms));
                vec![
                    Cell::text(l.campaign.clone()),
                    f.cell("link_clicks", Figure::Count(l.clicks), rows("clicks")),
                    f.cell(
                        "unique_visitors",
                        Figure::Count(l.unique_visitors),
                        rows("clicks"),
                    ),
                    f.cell(
                        "conversions",
                        Figure::Count(l.conversions),
                        rows("conversions"),
                    ),
                    f.cell(
                        "conversion_value",
                        money(l.money.value_minor),
                        rows("conversions"),
                    ),
                    work,
                    f.cell("campaign_cost", money(l.money.labour_minor), rows("work")),
                    f.cell("campaign_cost", money(l.money.spend_minor), rows("spend")),
                    f.cell("campaign_cost", money(l.money.cost_minor), rows("work")),
                    f.cell("social_roi", roi(&l.money), None),
                ]
            })
            .collect(),
    });
    let listed =
        |n: usize| (n > MAX_LISTED).then(|| t.t1("report-roi-listed", "count", MAX_LISTED));
    view.tables.push(Table {
        id: "clicks",
        title: t.t("report-roi-clicks"),
        note: listed(report.clicks.len()).or_else(|| Some(t.t("report-roi-clicks-note"))),
        columns: vec![
            col(t, "report-col-time"),
            col(t, "report-col-campaign"),
            col(t, "report-col-link"),
            col(t, "report-col-network"),
            col(t, "report-col-post"),
            col(t, "report-col-visitor-day"),
        ],
        rows: report
            .clicks
            .iter()
            .take(MAX_LISTED)
            .map(|c| {
                let mut post = Cell::text(c.post_id.map(|p| format!("#{p}")).unwrap_or_default());
                post.rows = c.post_id.map(|p| format!("/posts/{p}"));
                vec![
                    Cell::text(local(c.at, tz)),
                    Cell::text(c.campaign.clone()),
                    Cell::text(c.code.clone()),
                    Cell::text(
                        c.network
                            .as_deref()
                            .map(|n| super::network_name(t, n))
                            .unwrap_or_default(),
                    ),
                    post,
                    Cell::text(c.salt_day.clone()),
                ]
            })
            .collect(),
    });
    view.tables.push(Table {
        id: "conversions",
        title: t.t("report-roi-conversions"),
        note: listed(report.conversions.len()),
        columns: vec![
            col(t, "report-col-time"),
            col(t, "report-col-campaign"),
            col(t, "report-col-link"),
            metric_col(t, "conversions"),
            metric_col(t, "conversion_value"),
            col(t, "report-col-external-id"),
            col(t, "report-col-source"),
        ],
        rows: report
            .conversions
            .iter()
            .take(MAX_LISTED)
            .map(|c| {
                let value = match Currency::parse(&c.currency) {
                    Some(cur) => f.cell(
                        "conversion_value",
                        Figure::Money {
                            minor: c.value_minor,
                            currency: cur,
                        },
                        None,
                    ),
                    None => Cell::text(c.currency.clone()),
                };
                vec![
                    Cell::text(local(c.at, tz)),
                    Cell::text(c.campaign.clone().unwrap_or_default()),
                    Cell::text(c.link_code.clone().unwrap_or_default()),
                    f.cell("conversions", Figure::Count(c.count), None),
                    value,
                    Cell::text(c.external_id.clone().unwrap_or_default()),
                    Cell::text(t.t(&format!("conversions-source-{}", c.source))),
                ]
            })
            .collect(),
    });
    view.tables.push(Table {
        id: "work",
        title: t.t("report-roi-work"),
        note: listed(report.work.len()).or_else(|| Some(t.t("report-roi-work-note"))),
        columns: vec![
            col(t, "report-col-campaign"),
            col(t, "report-col-person"),
            col(t, "report-col-work-kind"),
            col(t, "report-col-time"),
            col(t, "report-col-work"),
            col(t, "report-col-post"),
        ],
        rows: report
            .work
            .iter()
            .take(MAX_LISTED)
            .map(
                |WorkRow {
                     campaign,
                     person: name,
                     item: w,
                 }| {
                    let mut on = Cell::text(match (w.post_id, w.message_id) {
                        (Some(p), _) => format!("#{p}"),
                        _ => String::new(),
                    });
                    on.rows = match (w.post_id, w.message_id) {
                        (_, Some(m)) => Some(format!("/inbox/{m}")),
                        (Some(p), None) => Some(format!("/posts/{p}")),
                        _ => None,
                    };
                    let mut ms = Cell::text(f.duration(w.ms));
                    ms.figure = Some(Figure::Duration(w.ms));
                    vec![
                        Cell::text(campaign.clone()),
                        Cell::text(name.clone()),
                        Cell::text(t.t(&format!("report-work-{}", w.kind))),
                        Cell::text(local(w.at, tz)),
                        ms,
                        on,
                    ]
                },
            )
            .collect(),
    });
    view.tables.push(Table {
        id: "spend",
        title: t.t("report-roi-spend"),
        note: None,
        columns: vec![
            col(t, "report-col-time"),
            col(t, "report-col-campaign"),
            col(t, "report-col-spend"),
            col(t, "report-col-note"),
        ],
        rows: report
            .spend
            .iter()
            .map(|s| {
                vec![
                    Cell::text(day_in(s.spent_at, tz)),
                    Cell::text(s.campaign.clone()),
                    f.cell("campaign_cost", money(s.amount_minor), None),
                    Cell::text(s.note.clone()),
                ]
            })
            .collect(),
    });
    Ok(())
}

/// Records that the person opened one campaign's ROI report (report time on the page is then that campaign's work).
pub async fn viewed(state: &AppState, user: &User, pairs: &[(String, String)]) {
    let tz = crate::time_fmt::zone(&user.time_zone);
    if let Ok(params) = ReportParams::parse(pairs, &tz)
        && let [campaign] = params.tags.as_slice()
    {
        crate::audit::log(state, user, "roi_viewed", "campaign", None, campaign).await;
    }
}

#[utoipa::path(get, path = "/api/v1/reports/roi", tag = "reports",
    responses((status = 200, body = RoiReport), (status = 422, body = crate::error::ErrorBody)))]
pub async fn api(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Json<RoiReport>, AppError> {
    let tz = crate::time_fmt::zone(&user.time_zone);
    let params = ReportParams::parse(&pairs, &tz)?;
    let period = params.period(&tz)?;
    Ok(Json(
        compute(&state, user.workspace_id, period, &params.tags).await?,
    ))
}
