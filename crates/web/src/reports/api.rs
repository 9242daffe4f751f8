//! Reports over JSON: the same figures as the pages, computed by `sangam_domain::reports` from the store's raw rows,
//! with the metric catalogue and the benchmarks they are defined by. Parameters as on the pages: `from` and `to`
//! (YYYY-MM-DD, the caller's time zone, both days included), `compare` (previous | none | custom with
//! `compare_from`/`compare_to`), repeated `profile` and `tag`, and `sort` for posts.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::reports::{ReportParams, Viewer};
use axum::Json;
use axum::extract::{Query, State};
use sangam_domain::metrics::{CATALOGUE, MetricDef};
use sangam_domain::reports::{
    self as calc, HeatCell, InboxReport, Period, PostLine, ProfilePerformance, ProfileRef, TagLine,
};
use sangam_store::reports::{self as store, Benchmark};
use sangam_store::users::User;
use serde::Serialize;

type Pairs = Vec<(String, String)>;

/// A report for the period and, when asked, the comparison period.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Compared<T> {
    pub period: Period,
    pub report: T,
    pub comparison: Option<T>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PostReport {
    pub posts: Vec<PostLine>,
    /// 7 x 24 cells, Monday first, in the caller's time zone.
    pub best_times: Vec<HeatCell>,
}

struct Ctx {
    refs: Vec<ProfileRef>,
    params: ReportParams,
    period: Period,
    comparison: Option<Period>,
}

async fn ctx(state: &AppState, user: &User, pairs: &Pairs) -> Result<Ctx, AppError> {
    let tz = crate::time_fmt::zone(&user.time_zone);
    let params = ReportParams::parse(pairs, &tz)?;
    Ok(Ctx {
        refs: store::profile_refs(&state.db, user.workspace_id, &params.profiles).await?,
        period: params.period(&tz)?,
        comparison: params.comparison(&tz)?,
        params,
    })
}

#[utoipa::path(get, path = "/api/v1/metrics", tag = "reports",
    responses((status = 200, body = Vec<MetricDef>, description = "The metric catalogue: every figure's definition")))]
pub async fn metrics() -> Json<&'static [MetricDef]> {
    Json(CATALOGUE)
}

#[utoipa::path(get, path = "/api/v1/benchmarks", tag = "reports",
    responses((status = 200, body = Vec<Benchmark>, description = "Published industry figures with formula, source, year and sample")))]
pub async fn benchmarks(State(state): State<AppState>) -> Result<Json<Vec<Benchmark>>, AppError> {
    Ok(Json(store::benchmarks(&state.db).await?))
}

async fn profile_report(
    state: &AppState,
    user: &User,
    c: &Ctx,
    p: Period,
) -> Result<ProfilePerformance, AppError> {
    let points = store::follower_points(&state.db, &c.refs, p).await?;
    let posts = store::post_rows(&state.db, user.workspace_id, &c.refs, p, &c.params.tags).await?;
    Ok(calc::profile_performance(p, &c.refs, &points, &posts))
}

#[utoipa::path(get, path = "/api/v1/reports/profiles", tag = "reports",
    responses((status = 200, body = Compared<ProfilePerformance>), (status = 422, body = crate::error::ErrorBody)))]
pub async fn profiles(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(pairs): Query<Pairs>,
) -> Result<Json<Compared<ProfilePerformance>>, AppError> {
    let c = ctx(&state, &user, &pairs).await?;
    let report = profile_report(&state, &user, &c, c.period).await?;
    let comparison = match c.comparison {
        Some(p) => Some(profile_report(&state, &user, &c, p).await?),
        None => None,
    };
    Ok(Json(Compared {
        period: c.period,
        report,
        comparison,
    }))
}

#[utoipa::path(get, path = "/api/v1/reports/posts", tag = "reports",
    responses((status = 200, body = PostReport), (status = 422, body = crate::error::ErrorBody)))]
pub async fn posts(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(pairs): Query<Pairs>,
) -> Result<Json<PostReport>, AppError> {
    let c = ctx(&state, &user, &pairs).await?;
    let rows = store::post_rows(
        &state.db,
        user.workspace_id,
        &c.refs,
        c.period,
        &c.params.tags,
    )
    .await?;
    let tz = crate::time_fmt::zone(&user.time_zone);
    Ok(Json(PostReport {
        best_times: calc::best_times(&rows, &tz),
        posts: calc::post_lines(&c.refs, &rows, c.params.sort),
    }))
}

#[utoipa::path(get, path = "/api/v1/reports/tags", tag = "reports",
    responses((status = 200, body = Compared<Vec<TagLine>>), (status = 422, body = crate::error::ErrorBody)))]
pub async fn tags(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(pairs): Query<Pairs>,
) -> Result<Json<Compared<Vec<TagLine>>>, AppError> {
    let c = ctx(&state, &user, &pairs).await?;
    let lines = |p: Period| {
        let c = &c;
        let user = &user;
        let state = &state;
        async move {
            let rows =
                store::post_rows(&state.db, user.workspace_id, &c.refs, p, &c.params.tags).await?;
            Ok::<_, AppError>(calc::tag_lines(&rows))
        }
    };
    let report = lines(c.period).await?;
    let comparison = match c.comparison {
        Some(p) => Some(lines(p).await?),
        None => None,
    };
    Ok(Json(Compared {
        period: c.period,
        report,
        comparison,
    }))
}

#[utoipa::path(get, path = "/api/v1/reports/inbox", tag = "reports",
    responses((status = 200, body = Compared<InboxReport>), (status = 422, body = crate::error::ErrorBody)))]
pub async fn inbox(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(pairs): Query<Pairs>,
) -> Result<Json<Compared<InboxReport>>, AppError> {
    let c = ctx(&state, &user, &pairs).await?;
    let hours = Viewer::hours_of(&state, user.id, &user.time_zone).await;
    let report_for = |p: Period| {
        let (c, user, state, hours) = (&c, &user, &state, &hours);
        async move {
            let rows = store::message_rows(&state.db, user.workspace_id, &c.refs, p).await?;
            Ok::<_, AppError>(calc::inbox_report(p, &rows, hours))
        }
    };
    let report = report_for(c.period).await?;
    let comparison = match c.comparison {
        Some(p) => Some(report_for(p).await?),
        None => None,
    };
    Ok(Json(Compared {
        period: c.period,
        report,
        comparison,
    }))
}
