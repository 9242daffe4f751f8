//! Report pages: profile performance, post performance, tags and campaigns, inbox and team; their CSV exports, the
//! printable page, read-only share links, and the glossary every figure links to.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::i18n::{self, Tr};
use crate::reports::{self, Compare, ReportKind, ReportParams, ReportView, Viewer};
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use sangam_domain::ErrorCode;
use sangam_domain::metrics::{CATALOGUE, MetricDef};
use sangam_domain::now_millis;
use sangam_store::reports as store;
use sangam_store::users::User;

pub struct ProfileChoice {
    pub id: i64,
    pub label: String,
    pub checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/report.html")]
pub struct ReportPage {
    pub page: Chrome,
    pub t: Tr,
    pub report: ReportView,
    pub query: String,
    pub kinds: Vec<(&'static str, String, bool)>,
    pub profiles: Vec<ProfileChoice>,
    /// The watched competitors, on the competitor report only.
    pub competitors: Vec<ProfileChoice>,
    pub tag: String,
    pub compare: &'static str,
    pub compare_from: String,
    pub compare_to: String,
    pub shared_link: Option<String>,
    pub can_share: bool,
    pub lang: String,
    pub shared: bool,
}

/// The printable page and the page behind a share link: the report alone, no navigation, no script.
#[derive(Template, WebTemplate)]
#[template(path = "pages/report_print.html")]
pub struct ReportPrintPage {
    pub t: Tr,
    pub report: ReportView,
    pub query: String,
    pub lang: String,
    pub shared: bool,
    pub expires: Option<String>,
}

type Pairs = Vec<(String, String)>;

async fn view_for(
    state: &AppState,
    user: &User,
    kind: ReportKind,
    pairs: &Pairs,
) -> Result<(Tr, ReportParams, ReportView), AppError> {
    let t = Tr::new(&user.language, &user.time_zone);
    let params = ReportParams::parse(pairs, t.zone())?;
    let hours = Viewer::hours_of(state, user.id, &user.time_zone).await;
    let viewer = Viewer {
        workspace_id: user.workspace_id,
        t: &t,
        hours,
    };
    let view = reports::build(state, &viewer, kind, &params).await?;
    crate::audit::log(state, user, "report_viewed", "report", None, kind.slug()).await;
    Ok((t, params, view))
}

pub(crate) async fn page(
    state: &AppState,
    user: User,
    kind: ReportKind,
    pairs: Pairs,
    shared_link: Option<String>,
) -> Result<ReportPage, PageError> {
    let (t, params, report) = view_for(state, &user, kind, &pairs).await.for_user(&user)?;
    let choices = reports::profile_choices(state, user.workspace_id)
        .await
        .for_user(&user)?;
    let (compare, compare_from, compare_to) = match params.compare {
        Compare::Previous => ("previous", String::new(), String::new()),
        Compare::Off => ("none", String::new(), String::new()),
        Compare::Custom(a, b) => ("custom", a.to_string(), b.to_string()),
    };
    let competitors = if kind == ReportKind::Competitors {
        crate::competitors::report::choices(state, &user, &params)
            .await
            .for_user(&user)?
    } else {
        Vec::new()
    };
    Ok(ReportPage {
        competitors,
        page: Chrome::new(
            &user,
            if kind == ReportKind::Audience {
                "audience"
            } else {
                "reports"
            },
            &format!("report-{}-title", kind.slug()),
        ),
        kinds: ReportKind::ALL
            .into_iter()
            .map(|k| {
                (
                    k.slug(),
                    t.t(&format!("report-{}-title", k.slug())),
                    k == kind,
                )
            })
            .collect(),
        profiles: choices
            .into_iter()
            .map(|p| ProfileChoice {
                checked: params.profiles.contains(&p.id),
                label: format!(
                    "{} ({})",
                    p.display_name,
                    reports::network_name(&t, p.network.as_str())
                ),
                id: p.id,
            })
            .collect(),
        tag: params.tags.join(", "),
        compare,
        compare_from,
        compare_to,
        query: params.query(),
        shared_link,
        can_share: user.role.can(sangam_domain::Permission::ShareReports),
        lang: user.language.clone(),
        shared: false,
        t,
        report,
    })
}

pub async fn profiles(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(pairs): Query<Pairs>,
) -> Result<ReportPage, PageError> {
    page(&state, user, ReportKind::Profiles, pairs, None).await
}

pub async fn posts(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(pairs): Query<Pairs>,
) -> Result<ReportPage, PageError> {
    page(&state, user, ReportKind::Posts, pairs, None).await
}

pub async fn tags(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(pairs): Query<Pairs>,
) -> Result<ReportPage, PageError> {
    page(&state, user, ReportKind::Tags, pairs, None).await
}

pub async fn inbox(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(pairs): Query<Pairs>,
) -> Result<ReportPage, PageError> {
    page(&state, user, ReportKind::Inbox, pairs, None).await
}

pub async fn roi(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(pairs): Query<Pairs>,
) -> Result<ReportPage, PageError> {
    reports::roi_report::viewed(&state, &user, &pairs).await;
    page(&state, user, ReportKind::Roi, pairs, None).await
}

/// The Audience page (`/audience`, and `/reports/audience` among the reports).
pub async fn audience(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(pairs): Query<Pairs>,
) -> Result<ReportPage, PageError> {
    page(&state, user, ReportKind::Audience, pairs, None).await
}

fn kind_of(pairs: &Pairs) -> Result<ReportKind, AppError> {
    pairs
        .iter()
        .find(|(k, _)| k == "report")
        .and_then(|(_, v)| ReportKind::parse(v))
        .ok_or_else(|| AppError::refuse(ErrorCode::ReportUnknown))
}

/// `GET /reports/export?report=..&table=..&<params>`: one table as CSV, as an attachment.
pub async fn export(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(pairs): Query<Pairs>,
) -> Result<Response, AppError> {
    let kind = kind_of(&pairs)?;
    let (t, params, view) = view_for(&state, &user, kind, &pairs).await?;
    let wanted = pairs
        .iter()
        .find(|(k, _)| k == "table")
        .map(|(_, v)| v.as_str());
    let table = view
        .tables
        .iter()
        .find(|t| Some(t.id) == wanted)
        .or_else(|| view.tables.first())
        .ok_or_else(|| AppError::NotFound("That table".into()))?;
    crate::audit::log(
        &state,
        &user,
        "report_exported",
        "report",
        None,
        kind.slug(),
    )
    .await;
    let name = format!(
        "sangam-{}-{}-{}-{}.csv",
        kind.slug(),
        table.id,
        params.from,
        params.to
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        reports::csv(&t, table),
    )
        .into_response())
}

/// `GET /reports/print?report=..&<params>`: the report alone, for printing or saving as PDF.
pub async fn print(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(pairs): Query<Pairs>,
) -> Result<ReportPrintPage, AppError> {
    let kind = kind_of(&pairs)?;
    let (t, params, report) = view_for(&state, &user, kind, &pairs).await?;
    Ok(ReportPrintPage {
        t,
        report,
        query: params.query(),
        lang: user.language.clone(),
        shared: false,
        expires: None,
    })
}

#[derive(serde::Deserialize)]
pub struct ShareForm {
    report: String,
    query: String,
    #[serde(default)]
    days: Option<i64>,
}

/// `POST /reports/share`: makes a read-only link and shows it once on the report page.
pub async fn share(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<ShareForm>,
) -> Result<ReportPage, PageError> {
    let kind = ReportKind::parse(&form.report)
        .ok_or_else(|| AppError::refuse(ErrorCode::ReportUnknown).with("case", "bare"))
        .for_user(&user)?;
    let pairs = reports::pairs(&form.query);
    let tz = crate::time_fmt::zone(&user.time_zone);
    let params = ReportParams::parse(&pairs, &tz).for_user(&user)?;
    let (token, _) = reports::share(
        &state,
        &user,
        kind,
        &params,
        form.days.unwrap_or(reports::SHARE_DAYS),
    )
    .await
    .for_user(&user)?;
    // The link leaves the app (mail, chat): absolute, from the configured public address.
    let link = state.config.absolute(&format!("/shared/{token}"));
    page(&state, user, kind, pairs, Some(link)).await
}

/// `GET /shared/{token}`: the one report the link names, for someone without an account. Days and hours are those
/// of the person who shared it.
pub async fn shared(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<ReportPrintPage, AppError> {
    let share = store::share_by_token(
        &state.db,
        &crate::auth::tokens::digest(&token),
        now_millis(),
    )
    .await
    .map_err(|_| AppError::NotFound("This shared report (the link may have expired)".into()))?;
    let owner = sangam_store::users::get(&state.db, share.created_by).await?;
    let kind = ReportKind::parse(&share.report)
        .ok_or_else(|| AppError::NotFound("This shared report".into()))?;
    let t = Tr::new(&owner.language, &owner.time_zone);
    let params = ReportParams::parse(&reports::pairs(&share.params), t.zone())?;
    let hours = Viewer::hours_of(&state, owner.id, &owner.time_zone).await;
    let viewer = Viewer {
        workspace_id: share.workspace_id,
        t: &t,
        hours,
    };
    let mut report = reports::build(&state, &viewer, kind, &params).await?;
    // Links into the app would only ask a visitor to sign in; anchors on this page and sources stay.
    for table in &mut report.tables {
        for row in &mut table.rows {
            for cell in row {
                if cell
                    .rows
                    .as_deref()
                    .is_some_and(|r| !r.starts_with('#') && !r.starts_with("https://"))
                {
                    cell.rows = None;
                }
            }
        }
        for c in &mut table.columns {
            c.sort = None;
        }
    }
    Ok(ReportPrintPage {
        expires: Some(t.time(share.expires_at)),
        lang: owner.language.clone(),
        query: params.query(),
        t,
        report,
        shared: true,
    })
}

/// One glossary entry, in the reader's language.
pub struct Entry {
    pub def: &'static MetricDef,
    pub name: String,
    pub formula: String,
    pub denominator: Option<String>,
    pub unit: String,
    pub aggregation: String,
    pub unavailable: String,
}

/// A benchmark row of the glossary, in the reader's language.
pub struct BenchmarkRow {
    pub metric_id: String,
    pub labels: reports::BenchmarkLabels,
    pub url: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/glossary.html")]
pub struct GlossaryPage {
    pub t: Tr,
    pub entries: Vec<Entry>,
    pub benchmarks: Vec<BenchmarkRow>,
}

#[derive(serde::Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
}

/// The glossary's language: `?lang=` when the reader picked one on the page, else the signed-in person's setting,
/// else what their browser asks for (`Accept-Language`), else English.
async fn glossary_language(
    state: &AppState,
    q: &LangQuery,
    request: axum::extract::Request,
) -> String {
    if let Some(lang) = q.lang.as_deref().filter(|l| i18n::is_supported(l)) {
        return lang.to_string();
    }
    let (parts, _) = request.into_parts();
    let session = parts.extensions.get::<tower_sessions::Session>().cloned();
    if let Ok(Some(user)) = crate::auth::identify(state, &parts, session.as_ref()).await {
        return user.language;
    }
    i18n::from_accept_language(&parts.headers).to_string()
}

/// `GET /glossary`: every metric's definition, open to anyone (shared reports link here), in the reader's language.
pub async fn glossary(
    State(state): State<AppState>,
    Query(q): Query<LangQuery>,
    request: axum::extract::Request,
) -> Result<GlossaryPage, AppError> {
    let lang = glossary_language(&state, &q, request).await;
    let t = Tr::new(&lang, "UTC");
    let f = reports::Fmt::new(&t);
    let entries = CATALOGUE
        .iter()
        .map(|def| Entry {
            name: t.t(&format!("glossary-{}-name", def.id)),
            formula: t.t(&format!("glossary-{}-formula", def.id)),
            denominator: def
                .denominator
                .map(|_| t.t(&format!("glossary-{}-denominator", def.id))),
            unit: t.t(&format!("glossary-unit-{}", unit_id(def))),
            aggregation: t.t(&format!("glossary-agg-{}", agg_id(def))),
            unavailable: if def.unavailable_on.is_empty() {
                t.t("glossary-available-everywhere")
            } else {
                def.unavailable_on
                    .iter()
                    .map(|n| reports::network_name(&t, n.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            def,
        })
        .collect();
    let benchmarks = store::benchmarks(&state.db)
        .await?
        .iter()
        .map(|b| BenchmarkRow {
            metric_id: b.metric_id.clone(),
            labels: reports::benchmark_labels(&t, &f, b),
            url: b.url.clone(),
        })
        .collect();
    Ok(GlossaryPage {
        entries,
        benchmarks,
        t,
    })
}

fn unit_id(def: &MetricDef) -> &'static str {
    use sangam_domain::metrics::Unit::*;
    match def.unit {
        Count => "count",
        Percent => "percent",
        Duration => "duration",
        ReturnPercent => "return_percent",
        Money => "money",
    }
}

fn agg_id(def: &MetricDef) -> &'static str {
    use sangam_domain::metrics::Aggregation::*;
    match def.aggregation {
        LatestPerProfile => "latest_per_profile",
        Sum => "sum",
        MedianOverPosts => "median_over_posts",
        AveragePerPostNeverSummed => "average_per_post_never_summed",
        RatioOfTotals => "ratio_of_totals",
        Distribution => "distribution",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_entry_is_defined_in_english_and_hindi() {
        for lang in ["en-US", "hi-IN"] {
            let t = Tr::new(lang, "UTC");
            for def in CATALOGUE {
                let mut ids = vec![
                    format!("glossary-{}-name", def.id),
                    format!("glossary-{}-formula", def.id),
                    format!("glossary-unit-{}", unit_id(def)),
                    format!("glossary-agg-{}", agg_id(def)),
                ];
                if def.denominator.is_some() {
                    ids.push(format!("glossary-{}-denominator", def.id));
                }
                for id in ids {
                    let text = t.t(&id);
                    assert!(!text.is_empty() && text != id, "{lang}: {id} is missing");
                }
            }
        }
    }
}
