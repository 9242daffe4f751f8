//! Reports for pages, exports, print and share links: the parameters (period, comparison, profiles, tags), the
//! figures computed by `sangam_domain::reports` from the store's raw rows, and one view of them (sections of tables
//! and charts) that the page, the printable page, the shared page and the CSV export all read. Every figure names its
//! catalogue entry; every table can be exported.

use crate::AppState;
use crate::error::AppError;
use crate::i18n::Tr;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use sangam_domain::ErrorCode;
use sangam_domain::business_hours::BusinessHours;
use sangam_domain::metrics::{self, Figure, NumberStyle, Unit};
use sangam_domain::reports::{self as calc, Hours, Period, PostSort, ProfileFigures};
use sangam_domain::{Millis, now_millis};
use sangam_store::reports::{self as store, Benchmark};
use sangam_store::{inbox, profiles};

/// The four reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    Profiles,
    Posts,
    Tags,
    Inbox,
}

impl ReportKind {
    pub const ALL: [ReportKind; 4] = [
        ReportKind::Profiles,
        ReportKind::Posts,
        ReportKind::Tags,
        ReportKind::Inbox,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            ReportKind::Profiles => "profiles",
            ReportKind::Posts => "posts",
            ReportKind::Tags => "tags",
            ReportKind::Inbox => "inbox",
        }
    }

    pub fn parse(s: &str) -> Option<ReportKind> {
        ReportKind::ALL.into_iter().find(|k| k.slug() == s)
    }
}

/// How the comparison period is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    Previous,
    Off,
    Custom(Date, Date),
}

/// What a report covers. Dates are whole days in the viewer's time zone, both ends included.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportParams {
    pub from: Date,
    pub to: Date,
    pub compare: Compare,
    pub profiles: Vec<i64>,
    pub tags: Vec<String>,
    pub sort: PostSort,
}

/// The default period: the last 28 days, today included.
pub const DEFAULT_DAYS: i64 = 28;

impl ReportParams {
    /// Reads `from`, `to`, `compare` (previous | none | custom with `compare_from`/`compare_to`), repeated `profile`
    /// and `tag`, and `sort`.
    pub fn parse(pairs: &[(String, String)], tz: &TimeZone) -> Result<ReportParams, AppError> {
        let today = jiff::Timestamp::from_millisecond(now_millis())
            .map(|t| t.to_zoned(tz.clone()).date())
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, v)| key == k && !v.trim().is_empty())
                .map(|(_, v)| v.trim())
        };
        let date = |k: &str| -> Result<Option<Date>, AppError> {
            get(k)
                .map(|v| {
                    v.parse::<Date>()
                        .map_err(|_| {
                            AppError::refuse(ErrorCode::ReportDateInvalid).with("field", k)
                        })
                        .and_then(|d| crate::input::check_date(k, d))
                })
                .transpose()
        };
        let to = date("to")?.unwrap_or(today);
        let from = match date("from")? {
            Some(d) => d,
            None => to
                .checked_sub(jiff::Span::new().days(DEFAULT_DAYS - 1))
                .map_err(|e| AppError::Internal(e.to_string()))?,
        };
        if from > to {
            return Err(AppError::refuse(ErrorCode::ReportPeriodInvalid));
        }
        if (to - from).get_days() > 3 * 366 {
            return Err(AppError::refuse(ErrorCode::ReportPeriodTooLong));
        }
        let compare = match get("compare") {
            Some("none") => Compare::Off,
            Some("custom") => match (date("compare_from")?, date("compare_to")?) {
                (Some(a), Some(b)) if a <= b => Compare::Custom(a, b),
                _ => {
                    return Err(AppError::refuse(ErrorCode::ReportCompareInvalid));
                }
            },
            _ => Compare::Previous,
        };
        let profiles = pairs
            .iter()
            .filter(|(k, _)| k == "profile")
            .filter_map(|(_, v)| v.trim().parse::<i64>().ok())
            .collect();
        let tags = pairs
            .iter()
            .filter(|(k, v)| k == "tag" && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_lowercase())
            .collect();
        let sort = get("sort")
            .and_then(PostSort::parse)
            .unwrap_or(PostSort::Published);
        Ok(ReportParams {
            from,
            to,
            compare,
            profiles,
            tags,
            sort,
        })
    }

    /// The parameters as a query string, for links to the same report, its exports and share links.
    pub fn query(&self) -> String {
        let enc = crate::auth::urlencode;
        let mut q = vec![format!("from={}", self.from), format!("to={}", self.to)];
        match self.compare {
            Compare::Previous => {}
            Compare::Off => q.push("compare=none".into()),
            Compare::Custom(a, b) => {
                q.push("compare=custom".into());
                q.push(format!("compare_from={a}"));
                q.push(format!("compare_to={b}"));
            }
        }
        q.extend(self.profiles.iter().map(|p| format!("profile={p}")));
        q.extend(self.tags.iter().map(|t| format!("tag={}", enc(t))));
        if self.sort != PostSort::Published {
            q.push(format!("sort={}", self.sort.as_str()));
        }
        q.join("&")
    }

    /// The same parameters with the profile filter replaced.
    pub fn with_profiles(&self, profiles: Vec<i64>) -> ReportParams {
        ReportParams {
            profiles,
            ..self.clone()
        }
    }

    pub fn with_sort(&self, sort: PostSort) -> ReportParams {
        ReportParams {
            sort,
            ..self.clone()
        }
    }

    pub fn period(&self, tz: &TimeZone) -> Result<Period, AppError> {
        span(self.from, self.to, tz)
    }

    pub fn comparison(&self, tz: &TimeZone) -> Result<Option<Period>, AppError> {
        Ok(match self.compare {
            Compare::Off => None,
            Compare::Previous => Some(self.period(tz)?.previous()),
            Compare::Custom(a, b) => Some(span(a, b, tz)?),
        })
    }
}

/// `[local midnight of from, local midnight after to)`.
fn span(from: Date, to: Date, tz: &TimeZone) -> Result<Period, AppError> {
    let start = |d: Date| -> Result<Millis, AppError> {
        Ok(tz
            .to_ambiguous_zoned(d.to_datetime(jiff::civil::Time::midnight()))
            .compatible()
            .map_err(|e| AppError::Internal(e.to_string()))?
            .timestamp()
            .as_millisecond())
    };
    let next = to
        .tomorrow()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Period {
        from: start(from)?,
        to: start(next)?,
    })
}

// ---------------------------------------------------------------------------------------------------------------
// The view: sections of tables and charts.

/// One cell. `metric` links the figure to its catalogue entry; `rows` to the rows it was computed from; `figure` is
/// the typed value the text was written from (pages mark the unit, CSV writes the number).
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub text: String,
    pub metric: Option<&'static str>,
    pub rows: Option<String>,
    /// "not reported by this network" and "no data" are styled apart from numbers.
    pub missing: bool,
    pub figure: Option<Figure>,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell {
            text: s.into(),
            ..Cell::default()
        }
    }

    /// The unit of the figure in this cell, for the page's `data-unit` (empty for text and missing figures).
    pub fn unit(&self) -> &'static str {
        match self.figure.and_then(Figure::unit) {
            Some(u) => unit_slug(u),
            None => "",
        }
    }
}

/// A unit's stable name: `data-unit` on pages, the unit of CSV headers.
pub fn unit_slug(u: Unit) -> &'static str {
    match u {
        Unit::Count => "count",
        Unit::Percent | Unit::ReturnPercent => "percent",
        Unit::Duration => "duration",
        Unit::Money => "money",
    }
}

#[derive(Debug, Clone)]
pub struct Column {
    pub label: String,
    pub metric: Option<&'static str>,
    /// A link that sorts the table by this column.
    pub sort: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Table {
    /// Stable name: the anchor on the page and the `table` of the CSV export.
    pub id: &'static str,
    pub title: String,
    pub note: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The unit of column `i`, read from the figures of ours in it (so a column of counts linked to a rate's
    /// definition is still a column of counts).
    pub fn unit_of(&self, i: usize) -> Option<Unit> {
        let mut units = self.rows.iter().filter_map(|r| {
            r.get(i)
                .filter(|c| c.metric.is_some())
                .and_then(|c| c.figure)
                .and_then(Figure::unit)
        });
        let first = units.next()?;
        units.all(|u| u == first).then_some(first)
    }

    /// Whether some column holds figures of different units (the comparison table: one metric per row).
    fn mixed_units(&self) -> bool {
        (0..self.columns.len()).any(|i| {
            self.unit_of(i).is_none()
                && self.rows.iter().any(|r| {
                    r.get(i)
                        .filter(|c| c.metric.is_some())
                        .and_then(|c| c.figure)
                        .and_then(Figure::unit)
                        .is_some()
                })
        })
    }

    /// Leaves out the metric columns whose every figure is "not reported by this network" (impressions on sandbox,
    /// Mastodon and Bluesky), and says in the note which ones were left out, so the table fits the screen without
    /// a column of the same words.
    fn without_unreported(mut self, t: &Tr) -> Table {
        if self.rows.is_empty() {
            return self;
        }
        let unreported: Vec<usize> = (0..self.columns.len())
            .filter(|i| {
                self.columns[*i].metric.is_some()
                    && self
                        .rows
                        .iter()
                        .all(|r| r.get(*i).and_then(|c| c.figure) == Some(Figure::NotReported))
            })
            .collect();
        if unreported.is_empty() {
            return self;
        }
        let names: Vec<String> = unreported
            .iter()
            .map(|i| self.columns[*i].label.clone())
            .collect();
        for i in unreported.iter().rev() {
            self.columns.remove(*i);
            for r in &mut self.rows {
                if *i < r.len() {
                    r.remove(*i);
                }
            }
        }
        let left_out = t.t1("report-columns-not-reported", "metrics", names.join(", "));
        self.note = Some(match self.note {
            Some(n) => format!("{n} {left_out}"),
            None => left_out,
        });
        self
    }
}

#[derive(Debug, Clone)]
pub struct ReportView {
    pub kind: ReportKind,
    pub title: String,
    pub period_label: String,
    pub compare_label: Option<String>,
    pub params: ReportParams,
    /// Server-drawn SVG charts (markup built here with every text escaped).
    pub charts: Vec<Chart>,
    pub tables: Vec<Table>,
}

#[derive(Debug, Clone)]
pub struct Chart {
    pub id: &'static str,
    pub title: String,
    pub svg: String,
    /// What the chart's marks mean (shade, lines, bands), in words beside it.
    pub legend: Option<String>,
}

/// Writes figures in the viewer's language: digit grouping, percent, durations with localised units, money. How a
/// figure is written follows from its type only.
pub struct Fmt<'a> {
    pub t: &'a Tr,
    pub style: NumberStyle,
}

impl<'a> Fmt<'a> {
    pub fn new(t: &'a Tr) -> Fmt<'a> {
        Fmt {
            t,
            style: NumberStyle::for_language(t.lang()),
        }
    }

    /// The figure's text, and whether it is a missing figure (styled apart).
    pub fn figure(&self, f: Figure) -> (String, bool) {
        match f {
            Figure::Count(n) => (self.style.integer(n), false),
            Figure::Percent(v) => (self.style.percent(v), false),
            Figure::Duration(ms) => (self.duration(ms), false),
            Figure::Money { minor, currency } => (self.style.money(minor, currency), false),
            Figure::NotReported => (self.t.t("report-not-reported"), true),
            Figure::NoData => (self.t.t("report-no-data"), true),
        }
    }

    pub fn text(&self, f: Figure) -> String {
        self.figure(f).0
    }

    /// `1 h 14 min` / `1 घंटा 14 मिनट`, to the minute.
    pub fn duration(&self, ms: Millis) -> String {
        let minutes = ms.abs() / 60_000;
        let (h, m) = (minutes / 60, minutes % 60);
        let sign = if ms < 0 && minutes > 0 { "-" } else { "" };
        let mins = self.t.t_count("figure-minutes", "count", m);
        if h > 0 {
            format!(
                "{sign}{} {mins}",
                self.t.t_count("figure-hours", "count", h)
            )
        } else {
            format!("{sign}{mins}")
        }
    }

    /// The change from `then` to `now`: counts and durations as a signed difference, percentages in points.
    pub fn change(&self, now: Figure, then: Figure) -> String {
        let sign = |d: f64| if d < 0.0 { "-" } else { "+" };
        match (now, then) {
            (Figure::Count(a), Figure::Count(b)) => {
                format!(
                    "{}{}",
                    sign((a - b) as f64),
                    self.style.integer((a - b).abs())
                )
            }
            (Figure::Percent(a), Figure::Percent(b)) => {
                let d = a - b;
                format!(
                    "{}{} {}",
                    sign(d),
                    self.style.decimal(d.abs(), 2),
                    self.t.t("report-points")
                )
            }
            (Figure::Duration(a), Figure::Duration(b)) => {
                format!("{}{}", sign((a - b) as f64), self.duration((a - b).abs()))
            }
            (
                Figure::Money {
                    minor: a,
                    currency: c,
                },
                Figure::Money {
                    minor: b,
                    currency: d,
                },
            ) if c == d => format!(
                "{}{}",
                sign((a - b) as f64),
                self.style.money((a - b).abs(), c)
            ),
            _ => self.t.t("report-no-data"),
        }
    }

    pub fn cell(&self, metric: &'static str, f: Figure, rows: Option<String>) -> Cell {
        let (text, missing) = self.figure(f);
        Cell {
            text,
            metric: Some(metric),
            rows,
            missing,
            figure: Some(f),
        }
    }

    fn count(&self, metric: &'static str, v: Option<i64>, rows: Option<String>) -> Cell {
        self.cell(metric, Figure::count(v), rows)
    }
}

fn col(t: &Tr, label_id: &str) -> Column {
    Column {
        label: t.t(label_id),
        metric: None,
        sort: None,
    }
}

fn metric_col(t: &Tr, metric: &'static str) -> Column {
    Column {
        label: t.t(&format!("glossary-{metric}-name")),
        metric: Some(metric),
        sort: None,
    }
}

/// Everything a report needs to know about who is looking.
pub struct Viewer<'a> {
    pub workspace_id: i64,
    pub t: &'a Tr,
    pub hours: BusinessHours,
}

impl Viewer<'_> {
    /// The viewer's business hours (inbox settings), in their zone; the workspace default when unset.
    pub async fn hours_of(state: &AppState, user_id: i64, zone: &str) -> BusinessHours {
        match inbox::person(&state.db, user_id).await {
            Ok(p) => BusinessHours::new(p.work_start_min, p.work_end_min, zone),
            Err(_) => BusinessHours::new(
                sangam_domain::business_hours::DEFAULT_START_MIN,
                sangam_domain::business_hours::DEFAULT_END_MIN,
                zone,
            ),
        }
    }
}

/// Builds the report `kind` for `params`.
pub async fn build(
    state: &AppState,
    viewer: &Viewer<'_>,
    kind: ReportKind,
    params: &ReportParams,
) -> Result<ReportView, AppError> {
    let t = viewer.t;
    let tz = t.zone().clone();
    let period = params.period(&tz)?;
    let comparison = params.comparison(&tz)?;
    let refs = store::profile_refs(&state.db, viewer.workspace_id, &params.profiles).await?;
    let mut view = ReportView {
        kind,
        title: t.t(&format!("report-{}-title", kind.slug())),
        period_label: format!("{} – {}", params.from, params.to),
        compare_label: comparison.map(|c| format!("{} – {}", day(c.from, &tz), day(c.to - 1, &tz))),
        params: params.clone(),
        charts: vec![],
        tables: vec![],
    };
    let f = Fmt::new(t);
    let benchmarks = store::benchmarks(&state.db).await?;
    let mut networks: Vec<sangam_domain::NetworkKind> = refs.iter().map(|r| r.network).collect();
    networks.sort_by_key(|n| n.as_str());
    networks.dedup();
    match kind {
        ReportKind::Profiles => {
            let load = |p: Period| {
                let refs = refs.clone();
                async move {
                    let points = store::follower_points(&state.db, &refs, p).await?;
                    let posts =
                        store::post_rows(&state.db, viewer.workspace_id, &refs, p, &params.tags)
                            .await?;
                    Ok::<_, AppError>((
                        calc::profile_performance(p, &refs, &points, &posts),
                        points,
                    ))
                }
            };
            let (report, points) = load(period).await?;
            let history = store::follower_history(&state.db, &refs, period).await?;
            view.charts.push(Chart {
                id: "followers",
                title: t.t("report-chart-followers"),
                svg: crate::ui::svg::lines(&f, &refs, &history, period),
                legend: Some(t.t("chart-followers-legend")),
            });
            let posts_link =
                |ids: Vec<i64>| format!("/reports/posts?{}", params.with_profiles(ids).query());
            let mut rows = vec![];
            for line in &report.lines {
                let Some(p) = &line.profile else { continue };
                rows.push(profile_row(
                    &f,
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
                &f,
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
                    &f,
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
            view.tables.push(snapshot_table(t, &f, &refs, &points));
            view.tables.push(benchmark_table(
                t,
                &f,
                &benchmarks,
                &networks,
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
        }
        ReportKind::Posts => {
            let rows =
                store::post_rows(&state.db, viewer.workspace_id, &refs, period, &params.tags)
                    .await?;
            view.charts.push(Chart {
                id: "best-times",
                title: t.t("report-chart-best-times"),
                svg: crate::ui::svg::heat_map(&f, &calc::best_times(&rows, &tz)),
                legend: Some(t.t("chart-heat-legend")),
            });
            let lines = calc::post_lines(&refs, &rows, params.sort);
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
                    store::post_rows(&state.db, viewer.workspace_id, &refs, c, &params.tags)
                        .await?;
                let now_fig = calc::profile_performance(period, &refs, &[], &rows).total;
                let then_fig = calc::profile_performance(c, &refs, &[], &before).total;
                view.tables.push(compare_table(
                    t,
                    &f,
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
        }
        ReportKind::Tags => {
            let rows =
                store::post_rows(&state.db, viewer.workspace_id, &refs, period, &params.tags)
                    .await?;
            let lines = calc::tag_lines(&rows);
            view.charts.push(Chart {
                id: "tags",
                title: t.t("report-chart-tags"),
                svg: crate::ui::svg::bars(
                    &f,
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
                    &store::post_rows(&state.db, viewer.workspace_id, &refs, c, &params.tags)
                        .await?,
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
        }
        ReportKind::Inbox => {
            let messages =
                store::message_rows(&state.db, viewer.workspace_id, &refs, period).await?;
            let report = calc::inbox_report(period, &messages, &viewer.hours);
            view.charts.push(Chart {
                id: "volume",
                title: t.t("report-chart-volume"),
                svg: crate::ui::svg::bars(
                    &f,
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
                    &store::message_rows(&state.db, viewer.workspace_id, &refs, c).await?,
                    &viewer.hours,
                );
                let b = before.overall.iter().find(|l| l.hours == Hours::All);
                let median = |l: Option<&calc::ResponseLine>| {
                    Figure::duration(l.and_then(|l| l.first_response.as_ref()).map(|r| r.median))
                };
                view.tables.push(compare_table(
                    t,
                    &f,
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
                    &f,
                    &benchmarks,
                    &networks,
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
        }
    }
    Ok(view)
}

fn day(at: Millis, tz: &TimeZone) -> String {
    jiff::Timestamp::from_millisecond(at)
        .map(|t| t.to_zoned(tz.clone()).date().to_string())
        .unwrap_or_default()
}

fn opt(v: Option<i64>) -> Figure {
    Figure::count(v)
}

fn num(v: i64) -> Figure {
    Figure::Count(v)
}

fn profile_columns(t: &Tr) -> Vec<Column> {
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

fn profile_row(f: &Fmt<'_>, p: &ProfileFigures, first: Cell, posts: &str) -> Vec<Cell> {
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

fn compare_table(t: &Tr, f: &Fmt<'_>, figures: &[(&'static str, Figure, Figure)]) -> Table {
    Table {
        id: "comparison",
        title: t.t("report-comparison-table"),
        note: Some(t.t("report-comparison-note")),
        columns: vec![
            col(t, "report-col-metric"),
            col(t, "report-col-this-period"),
            col(t, "report-col-comparison-period"),
            col(t, "report-col-change"),
        ],
        rows: figures
            .iter()
            .map(|(metric, now, then)| {
                let change = f.change(*now, *then);
                vec![
                    Cell {
                        text: t.t(&format!("glossary-{metric}-name")),
                        metric: Some(metric),
                        ..Cell::default()
                    },
                    f.cell(metric, *now, None),
                    f.cell(metric, *then, None),
                    Cell::text(change),
                ]
            })
            .collect(),
    }
}

fn snapshot_table(
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
fn benchmark_table(
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

// ---------------------------------------------------------------------------------------------------------------
// CSV

/// A cell made safe for spreadsheets: a leading `=`, `+`, `-`, `@` (or tab / carriage return) would start a formula,
/// so such cells get a `'` in front; then quoted per RFC 4180.
pub fn csv_cell(s: &str) -> String {
    let neutral = match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    };
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// The unit as a CSV header writes it, after the label: `(count)`, `(%)`, `(s)`, `(INR)`.
fn csv_unit(t: &Tr, table: &Table, i: usize) -> Option<String> {
    let unit = table.unit_of(i)?;
    Some(match unit {
        Unit::Money => table
            .rows
            .iter()
            .find_map(|r| match r.get(i).and_then(|c| c.figure) {
                Some(Figure::Money { currency, .. }) => Some(currency.code().to_string()),
                _ => None,
            })
            .unwrap_or_else(|| "INR".into()),
        u => t.t(&format!("csv-unit-{}", unit_slug(u))),
    })
}

/// A figure as a spreadsheet reads it: a plain number in the unit the header names (percent without the sign,
/// durations in seconds, money in major units), no grouping; missing figures stay words so they never read as zero.
fn csv_value(cell: &Cell) -> String {
    match cell.figure {
        Some(Figure::Count(n)) => n.to_string(),
        Some(Figure::Percent(v)) => format!("{v:.4}"),
        Some(Figure::Duration(ms)) => (ms as f64 / 1000.0).round().to_string(),
        Some(Figure::Money { minor, .. }) => {
            let sign = if minor < 0 { "-" } else { "" };
            format!(
                "{sign}{}.{:02}",
                minor.unsigned_abs() / 100,
                minor.unsigned_abs() % 100
            )
        }
        Some(Figure::NotReported | Figure::NoData) | None => csv_cell(&cell.text),
    }
}

/// One table as CSV: a header row (label, catalogue id and unit) then the rows.
pub fn csv(t: &Tr, table: &Table) -> String {
    let mut out = String::new();
    let header: Vec<String> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut h = c.label.clone();
            if let Some(m) = c.metric {
                h.push_str(&format!(" [{m}]"));
            }
            if let Some(u) = csv_unit(t, table, i) {
                h.push_str(&format!(" ({u})"));
            }
            csv_cell(&h)
        })
        .collect();
    // A table whose columns mix units (one metric per row) says each row's unit in a last column instead.
    let per_row = table.mixed_units();
    out.push_str(&header.join(","));
    if per_row {
        out.push(',');
        out.push_str(&csv_cell(&t.t("csv-unit-column")));
    }
    out.push_str("\r\n");
    for row in &table.rows {
        // A benchmark's value cell keeps its words (the statistic); figures of our own are numbers.
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                if c.metric.is_some() {
                    csv_value(c)
                } else {
                    csv_cell(&c.text)
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        if per_row {
            let unit = row
                .iter()
                .filter(|c| c.metric.is_some())
                .find_map(|c| c.figure.and_then(Figure::unit));
            out.push(',');
            if let Some(u) = unit {
                out.push_str(&csv_cell(&t.t(&format!("csv-unit-{}", unit_slug(u)))));
            }
        }
        out.push_str("\r\n");
    }
    out
}

// ---------------------------------------------------------------------------------------------------------------
// Share links

/// How long a share link lives unless asked otherwise.
pub const SHARE_DAYS: i64 = 7;

/// Creates a read-only link to `kind` with `params`; returns the token (shown once).
pub async fn share(
    state: &AppState,
    user: &sangam_store::users::User,
    kind: ReportKind,
    params: &ReportParams,
    days: i64,
) -> Result<(String, Millis), AppError> {
    let days = days.clamp(1, 90);
    let token = crate::auth::tokens::generate();
    let now = now_millis();
    let expires = now + days * 24 * 3600 * 1000;
    store::create_share(
        &state.db,
        user.workspace_id,
        kind.slug(),
        &params.query(),
        &crate::auth::tokens::digest(&token),
        expires,
        user.id,
        now,
    )
    .await?;
    crate::audit::log(state, user, "report_shared", "report", None, kind.slug()).await;
    Ok((token, expires))
}

/// Parses a stored query string back into pairs.
pub fn pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            Some((k.to_string(), percent_decode(v)))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The workspace's profiles, for the report filter.
pub async fn profile_choices(
    state: &AppState,
    workspace_id: i64,
) -> Result<Vec<profiles::Profile>, AppError> {
    Ok(profiles::list(&state.db, workspace_id).await?)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_formulas_are_neutralised() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-5"), "'-5");
        assert_eq!(csv_cell("@cmd"), "'@cmd");
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
    }

    #[test]
    fn parameters_survive_a_round_trip_through_the_query_string() {
        let tz = TimeZone::get("Asia/Kolkata").unwrap();
        let p = ReportParams::parse(
            &pairs("from=2026-11-01&to=2026-11-07&compare=custom&compare_from=2026-10-01&compare_to=2026-10-07&profile=3&profile=4&tag=diwali%20sale&sort=likes"),
            &tz,
        )
        .unwrap();
        assert_eq!(p.profiles, vec![3, 4]);
        assert_eq!(p.tags, vec!["diwali sale".to_string()]);
        assert_eq!(ReportParams::parse(&pairs(&p.query()), &tz).unwrap(), p);
        // Days are the viewer's: 1 November in Kolkata starts at 18:30 UTC the day before.
        let period = p.period(&tz).unwrap();
        assert_eq!(period.from, 1_793_471_400_000);
        assert_eq!(period.to - period.from, 7 * 24 * 3600 * 1000);
    }
}
