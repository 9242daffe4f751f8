//! Building a report: the inputs every report reads, gathered once, then the report's own builder.

use super::fmt::Fmt;
use super::params::{ReportKind, ReportParams};
use super::view::ReportView;
use super::{inbox_report, post_report, profile_report, roi_report, tag_report};
use crate::AppState;
use crate::error::AppError;
use crate::i18n::Tr;
use jiff::tz::TimeZone;
use sangam_domain::Millis;
use sangam_domain::business_hours::BusinessHours;
use sangam_domain::reports::Period;
use sangam_domain::reports::ProfileRef;
use sangam_store::inbox;
use sangam_store::reports::{self as store, Benchmark};

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

/// What every report's builder reads: who is looking, the period and its comparison, the profiles, the figure
/// writer and the published benchmarks.
pub(crate) struct Inputs<'a> {
    pub state: &'a AppState,
    pub viewer: &'a Viewer<'a>,
    pub t: &'a Tr,
    pub tz: TimeZone,
    pub params: &'a ReportParams,
    pub period: Period,
    pub comparison: Option<Period>,
    pub refs: Vec<ProfileRef>,
    pub f: Fmt<'a>,
    pub benchmarks: Vec<Benchmark>,
    pub networks: Vec<sangam_domain::NetworkKind>,
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
    let inputs = Inputs {
        state,
        viewer,
        t,
        tz,
        params,
        period,
        comparison,
        refs,
        f,
        benchmarks,
        networks,
    };
    match kind {
        ReportKind::Profiles => profile_report::add(&inputs, &mut view).await?,
        ReportKind::Posts => post_report::add(&inputs, &mut view).await?,
        ReportKind::Tags => tag_report::add(&inputs, &mut view).await?,
        ReportKind::Inbox => inbox_report::add(&inputs, &mut view).await?,
        ReportKind::Roi => roi_report::add(&inputs, &mut view).await?,
        ReportKind::Audience => crate::audience::report::add(&inputs, &mut view).await?,
        ReportKind::Competitors => crate::competitors::report::add(&inputs, &mut view).await?,
    }
    Ok(view)
}

pub(super) fn day(at: Millis, tz: &TimeZone) -> String {
    jiff::Timestamp::from_millisecond(at)
        .map(|t| t.to_zoned(tz.clone()).date().to_string())
        .unwrap_or_default()
}
