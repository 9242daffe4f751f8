//! The competitor report: our chosen profiles and up to 20 competitors side by side for a period, every line computed
//! by `sangam_domain::competitors::line` (the profile report's formulas), with followers over time, best posts,
//! posting times in the viewer's time zone and hashtags used. One [`compute`] feeds the JSON API and the view that the
//! page, the printable page, the share link and the CSV read.

use crate::AppState;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::reports::page::ProfileChoice;
use crate::reports::{Cell, Chart, Fmt, Inputs, ReportParams, ReportView, Table, col, metric_col};
use jiff::tz::TimeZone;
use sangam_domain::competitors::{self as calc, Account, Line, MAX_COMPARED, Side};
use sangam_domain::metrics::Figure;
use sangam_domain::reports::{FollowerPoint, HeatCell, Period, PostRow, ProfileRef, best_times};
use sangam_domain::{ErrorCode, Millis};
use sangam_store::competitors::{self as store, Competitor};
use sangam_store::reports as ours;
use sangam_store::users::User;
use serde::Serialize;

/// Best posts listed per account, and hashtags and posting slots per account.
const BEST_PER_ACCOUNT: usize = 3;
const TAGS_PER_ACCOUNT: usize = 10;
const SLOTS_PER_ACCOUNT: usize = 5;

/// A post among an account's best.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BestPost {
    pub account: Account,
    pub published_at: Millis,
    pub text: String,
    /// Where the post lives on its network (our own posts: their page in Sangam).
    pub url: String,
    pub engagements: i64,
    pub engagement_rate_per_follower: Figure,
}

/// When an account posts: the week's cells (viewer's time zone) that had posts.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PostingTimes {
    pub account: Account,
    pub cells: Vec<HeatCell>,
}

/// The report and the rows behind it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CompetitorReport {
    pub period: Period,
    /// Our profiles first, then the competitors, in the order chosen.
    pub lines: Vec<Line>,
    pub best_posts: Vec<BestPost>,
    /// Time zone of `posting_times`: the viewer's.
    pub time_zone: String,
    pub posting_times: Vec<PostingTimes>,
    /// Every follower snapshot of the period, per account (our profiles' and the competitors').
    pub followers: Vec<(Account, Vec<FollowerPoint>)>,
}

/// The competitors a report covers: the ones chosen, or the first 20 watched; more than 20 chosen is refused.
pub async fn chosen(
    state: &AppState,
    workspace_id: i64,
    ids: &[i64],
) -> Result<Vec<Competitor>, AppError> {
    if ids.len() > MAX_COMPARED {
        return Err(AppError::refuse(ErrorCode::CompetitorTooMany));
    }
    let watched = store::list(&state.db, workspace_id).await?;
    Ok(if ids.is_empty() {
        watched.into_iter().take(MAX_COMPARED).collect()
    } else {
        watched
            .into_iter()
            .filter(|c| ids.contains(&c.id))
            .collect()
    })
}

/// The competitor checkboxes of the report's filter form.
pub(crate) async fn choices(
    state: &AppState,
    user: &User,
    params: &ReportParams,
) -> Result<Vec<ProfileChoice>, AppError> {
    let t = Tr::new(&user.language, &user.time_zone);
    Ok(store::list(&state.db, user.workspace_id)
        .await?
        .into_iter()
        .map(|c| ProfileChoice {
            checked: params.competitors.contains(&c.id),
            label: format!(
                "{} ({})",
                c.display_name,
                crate::reports::network_name(&t, c.network.as_str())
            ),
            id: c.id,
        })
        .collect())
}

fn our_account(r: &ProfileRef) -> Account {
    Account {
        side: Side::Us,
        id: r.profile_id,
        name: r.name.clone(),
        handle: String::new(),
        network: r.network,
    }
}

fn their_account(c: &Competitor) -> Account {
    Account {
        side: Side::Competitor,
        id: c.id,
        name: c.display_name.clone(),
        handle: c.handle.clone(),
        network: c.network,
    }
}

/// One account's rows, as the formulas read them.
struct Rows {
    account: Account,
    points: Vec<FollowerPoint>,
    history: Vec<FollowerPoint>,
    posts: Vec<PostRow>,
    urls: Vec<String>,
}

/// Computes the report for `period`: `profiles` are ours (all when empty), `competitors` theirs.
pub async fn compute(
    state: &AppState,
    workspace_id: i64,
    period: Period,
    profiles: &[i64],
    competitor_ids: &[i64],
    zone: &TimeZone,
) -> Result<CompetitorReport, AppError> {
    let db = &state.db;
    let refs = ours::profile_refs(db, workspace_id, profiles).await?;
    let theirs = chosen(state, workspace_id, competitor_ids).await?;
    let mut sides: Vec<Rows> = Vec::new();
    let points = ours::follower_points(db, &refs, period).await?;
    let history = ours::follower_history(db, &refs, period).await?;
    let rows = ours::post_rows(db, workspace_id, &refs, period, &[]).await?;
    for r in &refs {
        let posts: Vec<PostRow> = rows
            .iter()
            .filter(|p| p.profile_id == r.profile_id)
            .cloned()
            .map(|mut p| {
                // Our posts' tags are campaigns; the hashtags are in the text, as a competitor's are.
                p.tags = calc::hashtags_in(&p.body);
                p
            })
            .collect();
        sides.push(Rows {
            account: our_account(r),
            points: points
                .iter()
                .filter(|p| p.profile_id == r.profile_id)
                .copied()
                .collect(),
            history: history
                .iter()
                .filter(|p| p.profile_id == r.profile_id)
                .copied()
                .collect(),
            urls: posts
                .iter()
                .map(|p| format!("/posts/{}", p.post_id))
                .collect(),
            posts,
        });
    }
    let ids: Vec<i64> = theirs.iter().map(|c| c.id).collect();
    let points = store::follower_points(db, &ids, period).await?;
    let history = store::follower_history(db, &ids, period).await?;
    let posts = store::post_rows(db, &ids, period).await?;
    for c in &theirs {
        let own: Vec<&store::CompetitorPost> =
            posts.iter().filter(|p| p.row.profile_id == c.id).collect();
        sides.push(Rows {
            account: their_account(c),
            points: points
                .iter()
                .filter(|p| p.profile_id == c.id)
                .copied()
                .collect(),
            history: history
                .iter()
                .filter(|p| p.profile_id == c.id)
                .copied()
                .collect(),
            urls: own.iter().map(|p| p.url.clone()).collect(),
            posts: own.iter().map(|p| p.row.clone()).collect(),
        });
    }
    let mut report = CompetitorReport {
        period,
        lines: Vec::new(),
        best_posts: Vec::new(),
        time_zone: zone.iana_name().unwrap_or("UTC").to_string(),
        posting_times: Vec::new(),
        followers: Vec::new(),
    };
    for side in sides {
        report.lines.push(calc::line(
            side.account.clone(),
            period,
            &side.points,
            &side.posts,
        ));
        for best in calc::best_posts(&side.posts, BEST_PER_ACCOUNT) {
            let i = side
                .posts
                .iter()
                .position(|p| p.delivery_id == best.delivery_id)
                .unwrap_or_default();
            report.best_posts.push(BestPost {
                account: side.account.clone(),
                published_at: best.published_at,
                text: best.body.clone(),
                url: side.urls.get(i).cloned().unwrap_or_default(),
                engagements: best.engagements().unwrap_or_default(),
                engagement_rate_per_follower: sangam_domain::metrics::median_rate(
                    best.engagements().map(|e| (e, best.followers_at_post)),
                ),
            });
        }
        report.posting_times.push(PostingTimes {
            account: side.account.clone(),
            cells: best_times(&side.posts, zone)
                .into_iter()
                .filter(|c| c.posts > 0)
                .collect(),
        });
        report.followers.push((side.account, side.history));
    }
    Ok(report)
}

fn account_name(t: &Tr, a: &Account) -> String {
    format!(
        "{} ({})",
        a.name,
        crate::reports::network_name(t, a.network.as_str())
    )
}

fn side_name(t: &Tr, a: &Account) -> String {
    match a.side {
        Side::Us => t.t("report-side-us"),
        Side::Competitor => t.t("report-side-competitor"),
    }
}

/// The weekday's name in the viewer's language (0 = Monday).
fn weekday(t: &Tr, d: u8) -> String {
    const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    t.t(&format!("weekday-{}", DAYS[d as usize % 7]))
}

/// Adds the report's chart and tables to `view`.
pub(crate) async fn add(inputs: &Inputs<'_>, view: &mut ReportView) -> Result<(), AppError> {
    let (t, f, tz) = (inputs.t, &inputs.f, &inputs.tz);
    let report = compute(
        inputs.state,
        inputs.viewer.workspace_id,
        inputs.period,
        &inputs.params.profiles,
        &inputs.params.competitors,
        tz,
    )
    .await?;
    // The chart draws one line per account; our profiles keep their ids, competitors take negative ones so the two
    // never share a line.
    let chart_id = |a: &Account| match a.side {
        Side::Us => a.id,
        Side::Competitor => -a.id,
    };
    let refs: Vec<ProfileRef> = report
        .followers
        .iter()
        .map(|(a, _)| ProfileRef {
            profile_id: chart_id(a),
            name: a.name.clone(),
            network: a.network,
        })
        .collect();
    let points: Vec<FollowerPoint> = report
        .followers
        .iter()
        .flat_map(|(a, pts)| {
            pts.iter().map(|p| FollowerPoint {
                profile_id: chart_id(a),
                ..*p
            })
        })
        .collect();
    view.charts.push(Chart {
        id: "competitor-followers",
        title: t.t("report-chart-competitor-followers"),
        svg: crate::ui::svg::lines(f, &refs, &points, inputs.period),
        legend: Some(t.t("chart-followers-legend")),
    });
    view.tables.push(side_by_side(t, f, &report));
    view.tables.push(best_table(t, f, &report));
    view.tables.push(times_table(t, f, &report));
    view.tables.push(hashtag_table(t, &report));
    Ok(())
}

fn side_by_side(t: &Tr, f: &Fmt<'_>, report: &CompetitorReport) -> Table {
    let mut columns = vec![col(t, "report-col-account"), col(t, "report-col-side")];
    for m in [
        "followers",
        "net_follower_growth",
        "audience_growth_rate",
        "posts_published",
        "posts_per_week",
        "engagements",
        "engagement_rate_per_follower",
        "amplification_rate",
        "applause_rate",
        "conversation_rate",
    ] {
        columns.push(metric_col(t, m));
    }
    columns.push(col(t, "report-col-hashtags"));
    let rows = report
        .lines
        .iter()
        .map(|l| {
            let p = &l.figures;
            let per_week = Cell {
                text: l
                    .posts_per_week
                    .map(|v| f.style.decimal(v, 1))
                    .unwrap_or_else(|| t.t("report-no-data")),
                metric: Some("posts_per_week"),
                missing: l.posts_per_week.is_none(),
                ..Cell::default()
            };
            vec![
                Cell::text(account_name(t, &l.account)),
                Cell::text(side_name(t, &l.account)),
                f.cell("followers", Figure::count(p.followers), None),
                f.cell(
                    "net_follower_growth",
                    Figure::count(p.net_follower_growth),
                    None,
                ),
                f.cell("audience_growth_rate", p.audience_growth_rate, None),
                f.cell(
                    "posts_published",
                    Figure::Count(p.posts_published),
                    Some("#best".into()),
                ),
                per_week,
                f.cell("engagements", Figure::Count(p.engagements), None),
                f.cell(
                    "engagement_rate_per_follower",
                    p.engagement_rate_per_follower,
                    None,
                ),
                f.cell("amplification_rate", p.amplification_rate, None),
                f.cell("applause_rate", p.applause_rate, None),
                f.cell("conversation_rate", p.conversation_rate, None),
                Cell::text(
                    l.hashtags
                        .iter()
                        .take(5)
                        .map(|(tag, _)| format!("#{tag}"))
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
            ]
        })
        .collect();
    Table {
        id: "competitors",
        title: t.t("report-competitors-table"),
        note: Some(t.t("report-competitors-note")),
        columns,
        rows,
    }
}

fn best_table(t: &Tr, f: &Fmt<'_>, report: &CompetitorReport) -> Table {
    Table {
        id: "best",
        title: t.t("report-competitors-best"),
        note: None,
        columns: vec![
            col(t, "report-col-account"),
            col(t, "report-col-time"),
            col(t, "report-col-post"),
            metric_col(t, "engagements"),
            metric_col(t, "engagement_rate_per_follower"),
        ],
        rows: report
            .best_posts
            .iter()
            .map(|b| {
                let mut post = Cell::text(b.text.clone());
                post.rows = (!b.url.is_empty()).then(|| b.url.clone());
                vec![
                    Cell::text(account_name(t, &b.account)),
                    Cell::text(t.time(b.published_at)),
                    post,
                    f.cell("engagements", Figure::Count(b.engagements), None),
                    f.cell(
                        "engagement_rate_per_follower",
                        b.engagement_rate_per_follower,
                        None,
                    ),
                ]
            })
            .collect(),
    }
}

fn times_table(t: &Tr, f: &Fmt<'_>, report: &CompetitorReport) -> Table {
    let mut rows = Vec::new();
    for times in &report.posting_times {
        let mut cells = times.cells.clone();
        cells.sort_by(|a, b| {
            b.posts
                .cmp(&a.posts)
                .then(a.weekday.cmp(&b.weekday))
                .then(a.hour.cmp(&b.hour))
        });
        for c in cells.iter().take(SLOTS_PER_ACCOUNT) {
            rows.push(vec![
                Cell::text(account_name(t, &times.account)),
                Cell::text(weekday(t, c.weekday)),
                Cell::text(format!("{:02}:00", c.hour)),
                f.cell("posts_published", Figure::Count(c.posts), None),
                f.cell(
                    "engagement_rate_per_follower",
                    c.engagement_rate_per_follower,
                    None,
                ),
            ]);
        }
    }
    Table {
        id: "times",
        title: t.t("report-competitors-times"),
        note: Some(t.t1("report-competitors-times-note", "zone", &report.time_zone)),
        columns: vec![
            col(t, "report-col-account"),
            col(t, "report-col-weekday"),
            col(t, "report-col-hour"),
            metric_col(t, "posts_published"),
            metric_col(t, "engagement_rate_per_follower"),
        ],
        rows,
    }
}

fn hashtag_table(t: &Tr, report: &CompetitorReport) -> Table {
    let mut rows = Vec::new();
    for l in &report.lines {
        for (tag, n) in l.hashtags.iter().take(TAGS_PER_ACCOUNT) {
            let mut count = Cell::text(n.to_string());
            count.figure = Some(Figure::Count(*n));
            rows.push(vec![
                Cell::text(account_name(t, &l.account)),
                Cell::text(format!("#{tag}")),
                count,
            ]);
        }
    }
    Table {
        id: "hashtags",
        title: t.t("report-competitors-hashtags"),
        note: None,
        columns: vec![
            col(t, "report-col-account"),
            col(t, "report-col-hashtags"),
            col(t, "report-col-posts"),
        ],
        rows,
    }
}
