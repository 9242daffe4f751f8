//! The review's figures for one week. Every figure the reports also show is computed here by the reports' own calls
//! (the store's rows, then `sangam_domain::reports`), the goals' by the goals page's own status, and the team's by
//! the care page's own team week, so each figure in the review is the figure on those pages for that week. What only
//! the review has (which posts did well or badly and what they share, the sentiment trend, the themes) is computed
//! from the same rows and stated as comparisons with counts, never as causes.

use crate::AppState;
use crate::error::AppError;
use crate::reports::Viewer;
use sangam_domain::Millis;
use sangam_domain::goals::GoalStatus;
use sangam_domain::metrics::{self, Figure};
use sangam_domain::reports::{
    self as calc, InboxReport, Period, PostLine, PostRow, PostSort, ProfilePerformance, ProfileRef,
};
use sangam_store::goals::{self, Goal};
use sangam_store::reports as store;
use sangam_store::review::{self as reviews, MessageText, Review};
use sangam_store::users::User;
use sangam_text::language::LanguageIdentifier;
use sangam_text::themes::{self, Theme};
use serde::Serialize;
use std::collections::BTreeMap;

/// A post is "well above" its profile's median when its rate is at least this many times the median, "well below"
/// at or under its inverse.
pub const WELL_ABOVE: f64 = 1.5;
/// Themes kept per list.
pub const THEMES: usize = 10;

/// The whole review of one week.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReviewFigures {
    pub review: Review,
    pub period: Period,
    /// The week before, the comparison of every "change from last week".
    pub previous: Period,
    /// The profile performance report for the week (the reports' own figures).
    pub profiles: ProfilePerformance,
    /// The post performance report's lines for the week, highest engagement rate first.
    pub posts: Vec<PostLine>,
    pub worked: Vec<PostVsMedian>,
    pub did_not: Vec<PostVsMedian>,
    /// What the week's posts share, as comparisons of median engagement rates with counts.
    pub shared: Vec<Comparison>,
    pub goals: Vec<GoalLine>,
    pub inbox: InboxReport,
    pub inbox_previous: InboxReport,
    pub sla_minutes: i64,
    /// Actionable messages whose first reply came within the SLA, by the report's own first-response times.
    pub within_sla: i64,
    pub sentiment: Vec<SentimentDay>,
    pub sentiment_previous: SentimentDay,
    pub complaints: Vec<ThemeLine>,
    pub praise: Vec<ThemeLine>,
    pub team: Option<TeamLine>,
    /// Competitor and listening highlights: Sangam does not collect them yet, and the review says so.
    pub listening_available: bool,
}

/// A post well above or below its profile's median engagement rate for the week.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PostVsMedian {
    pub line: PostLine,
    /// The profile's median engagement rate per follower over its posts of the week (the profile report's figure).
    pub profile_median: f64,
    pub rate: f64,
    /// rate / median.
    pub times: f64,
}

/// Posts with a trait against posts without it: median engagement rate per follower and counts.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Comparison {
    /// time_slot, format, language, length, tag.
    pub attribute: String,
    pub value: String,
    pub with_median: Figure,
    pub without_median: Figure,
    pub with_posts: i64,
    pub without_posts: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GoalLine {
    pub goal: Goal,
    pub status: GoalStatus,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct SentimentDay {
    /// The day's local date (empty for a whole-week total).
    pub day: String,
    pub positive: i64,
    pub neutral: i64,
    pub negative: i64,
}

/// A theme with its messages.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ThemeLine {
    pub phrase: String,
    pub count: i64,
    pub previous: i64,
    pub change: i64,
    pub related: Vec<String>,
    /// (message id, text) of up to three messages that raised it.
    pub examples: Vec<(i64, String)>,
}

/// The team's week as the care page's team aggregates: totals only, never a person.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TeamLine {
    pub people: usize,
    pub inbox_min: i64,
    pub compose_min: i64,
    pub approval_min: i64,
    pub report_min: i64,
    pub messages_handled: usize,
    pub posts_shipped: i64,
    /// Abusive messages opened through the shield, the team's total.
    pub exposure: usize,
    pub after_hours: usize,
    /// The check-in average of the review's week, only when three or more people checked in and the week has ended.
    pub checkin: Option<sangam_domain::care::CheckinAggregate>,
    pub checkin_people: usize,
}

/// The review's figures as `viewer` sees them (the inbox split by their business hours, as on the reports).
pub async fn compute(
    state: &AppState,
    viewer: &User,
    review: Review,
) -> Result<ReviewFigures, AppError> {
    let db = &state.db;
    let ws = viewer.workspace_id;
    let period = Period {
        from: review.week_start,
        to: review.week_end,
    };
    let previous = Period {
        from: sangam_engine::review::week_of(&review.time_zone, review.week_start - 1).0,
        to: review.week_start,
    };
    let refs = store::profile_refs(db, ws, &[]).await?;
    let points = store::follower_points(db, &refs, period).await?;
    let rows = store::post_rows(db, ws, &refs, period, &[]).await?;
    let profiles = calc::profile_performance(period, &refs, &points, &rows);
    let posts = calc::post_lines(&refs, &rows, PostSort::EngagementRate);
    let (worked, did_not) = versus_median(&profiles, &posts);
    let tz = crate::time_fmt::zone(&review.time_zone);
    let ids: Vec<i64> = rows.iter().map(|r| r.post_id).collect();
    let with_image = reviews::posts_with_images(db, &ids).await?;
    let shared = comparisons(&rows, &with_image, &tz);

    let hours = Viewer::hours_of(state, viewer.id, &viewer.time_zone).await;
    let messages = store::message_rows(db, ws, &refs, period).await?;
    let inbox = calc::inbox_report(period, &messages, &hours);
    let before = store::message_rows(db, ws, &refs, previous).await?;
    let inbox_previous = calc::inbox_report(previous, &before, &hours);
    let settings = sangam_store::inbox::settings(db, ws).await?;
    let sla_ms = settings.sla_minutes * 60_000;
    let within_sla = messages
        .iter()
        .filter(|m| m.actionable() && m.first_response_ms().is_some_and(|d| d <= sla_ms))
        .count() as i64;

    let profile_ids: Vec<i64> = refs.iter().map(|r| r.profile_id).collect();
    let texts = reviews::message_texts(db, ws, &profile_ids, period.from, period.to).await?;
    let texts_before =
        reviews::message_texts(db, ws, &profile_ids, previous.from, previous.to).await?;
    let sentiment = sentiment_days(&texts, &tz);
    let sentiment_previous = total(&texts_before);
    let complaints = theme_lines(&texts, &texts_before, "negative");
    let praise = theme_lines(&texts, &texts_before, "positive");

    let mut goals = Vec::new();
    for goal in goals::list(db, ws).await? {
        if goal.starts_at < period.to && goal.ends_at > period.from {
            let (status, _) = crate::goals::actions::status(state, &goal, &hours).await?;
            goals.push(GoalLine { goal, status });
        }
    }
    // Off track first, then those without a forecast, then on track.
    goals.sort_by_key(|g| match g.status.on_track {
        Some(false) => 0,
        None => 1,
        Some(true) => 2,
    });
    let team = team(state, viewer, period.from).await?;
    Ok(ReviewFigures {
        review,
        period,
        previous,
        profiles,
        posts,
        worked,
        did_not,
        shared,
        goals,
        inbox,
        inbox_previous,
        sla_minutes: settings.sla_minutes,
        within_sla,
        sentiment,
        sentiment_previous,
        complaints,
        praise,
        team,
        listening_available: false,
    })
}

/// Posts well above and well below their profile's median rate, by how much; the best and worst first.
fn versus_median(
    profiles: &ProfilePerformance,
    posts: &[PostLine],
) -> (Vec<PostVsMedian>, Vec<PostVsMedian>) {
    let medians: BTreeMap<i64, f64> = profiles
        .lines
        .iter()
        .filter_map(|l| {
            let p: &ProfileRef = l.profile.as_ref()?;
            Some((
                p.profile_id,
                l.figures.engagement_rate_per_follower.value()?,
            ))
        })
        .collect();
    let mut above = Vec::new();
    let mut below = Vec::new();
    for line in posts {
        let (Some(median), Some(rate)) = (
            medians.get(&line.row.profile_id).copied(),
            line.engagement_rate_per_follower.value(),
        ) else {
            continue;
        };
        if median <= 0.0 {
            continue;
        }
        let times = rate / median;
        let v = PostVsMedian {
            line: line.clone(),
            profile_median: median,
            rate,
            times,
        };
        if times >= WELL_ABOVE {
            above.push(v);
        } else if times <= 1.0 / WELL_ABOVE {
            below.push(v);
        }
    }
    above.sort_by(|a, b| b.times.total_cmp(&a.times));
    below.sort_by(|a, b| a.times.total_cmp(&b.times));
    (above, below)
}

/// The traits a post has, as (attribute, value) pairs.
fn traits(
    row: &PostRow,
    with_image: &[i64],
    tz: &jiff::tz::TimeZone,
    languages: &LanguageIdentifier,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some((_, hour)) = calc::local_weekday_hour(row.published_at, tz) {
        let slot = match hour {
            5..=11 => "morning",
            12..=16 => "afternoon",
            17..=21 => "evening",
            _ => "night",
        };
        out.push(("time_slot".into(), slot.into()));
    }
    let format = if with_image.contains(&row.post_id) {
        "image"
    } else if row.body.contains("http://") || row.body.contains("https://") {
        "link"
    } else {
        "text"
    };
    out.push(("format".into(), format.into()));
    let lang = languages.detect(&row.body).lang;
    out.push(("language".into(), lang));
    let chars = row.body.chars().count();
    let length = match chars {
        0..=80 => "short",
        81..=200 => "medium",
        _ => "long",
    };
    out.push(("length".into(), length.into()));
    for tag in &row.tags {
        out.push(("tag".into(), tag.clone()));
    }
    out
}

/// For every trait some but not all measured posts have: the median rate of posts with it against those without.
fn comparisons(rows: &[PostRow], with_image: &[i64], tz: &jiff::tz::TimeZone) -> Vec<Comparison> {
    let languages = LanguageIdentifier::new();
    let measured: Vec<(&PostRow, Vec<(String, String)>)> = rows
        .iter()
        .filter(|r| r.engagements().is_some())
        .map(|r| (r, traits(r, with_image, tz, &languages)))
        .collect();
    let mut seen: Vec<(String, String)> = measured.iter().flat_map(|(_, t)| t.clone()).collect();
    seen.sort();
    seen.dedup();
    let rate_pairs = |rows: &[&PostRow]| {
        metrics::median_rate(
            rows.iter()
                .filter_map(|p| Some((p.engagements()?, p.followers_at_post))),
        )
    };
    let mut out: Vec<Comparison> = seen
        .into_iter()
        .filter_map(|(attribute, value)| {
            let key = (attribute.clone(), value.clone());
            let (with, without): (Vec<_>, Vec<_>) =
                measured.iter().partition(|(_, t)| t.contains(&key));
            if with.is_empty() || without.is_empty() {
                return None;
            }
            let with: Vec<&PostRow> = with.iter().map(|(r, _)| *r).collect();
            let without: Vec<&PostRow> = without.iter().map(|(r, _)| *r).collect();
            Some(Comparison {
                attribute,
                value,
                with_median: rate_pairs(&with),
                without_median: rate_pairs(&without),
                with_posts: with.len() as i64,
                without_posts: without.len() as i64,
            })
        })
        .collect();
    let gap = |c: &Comparison| match (c.with_median.value(), c.without_median.value()) {
        (Some(a), Some(b)) => (a - b).abs(),
        _ => 0.0,
    };
    out.sort_by(|a, b| gap(b).total_cmp(&gap(a)));
    out
}

fn count_into(day: &mut SentimentDay, label: &str) {
    match label {
        "positive" => day.positive += 1,
        "negative" => day.negative += 1,
        _ => day.neutral += 1,
    }
}

fn sentiment_days(texts: &[MessageText], tz: &jiff::tz::TimeZone) -> Vec<SentimentDay> {
    let mut days: BTreeMap<String, SentimentDay> = BTreeMap::new();
    for m in texts {
        let day = jiff::Timestamp::from_millisecond(m.received_at)
            .map(|t| t.to_zoned(tz.clone()).date().to_string())
            .unwrap_or_default();
        let entry = days.entry(day.clone()).or_insert_with(|| SentimentDay {
            day,
            ..SentimentDay::default()
        });
        count_into(entry, &m.sentiment_label);
    }
    days.into_values().collect()
}

fn total(texts: &[MessageText]) -> SentimentDay {
    let mut t = SentimentDay::default();
    for m in texts {
        count_into(&mut t, &m.sentiment_label);
    }
    t
}

/// The themes of this week's messages with sentiment `label` against last week's.
fn theme_lines(texts: &[MessageText], before: &[MessageText], label: &str) -> Vec<ThemeLine> {
    let now: Vec<&MessageText> = texts
        .iter()
        .filter(|m| m.sentiment_label == label)
        .collect();
    let then: Vec<&str> = before
        .iter()
        .filter(|m| m.sentiment_label == label)
        .map(|m| m.text.as_str())
        .collect();
    let now_texts: Vec<&str> = now.iter().map(|m| m.text.as_str()).collect();
    themes::themes(&now_texts, &then, THEMES)
        .into_iter()
        .map(|t: Theme| ThemeLine {
            change: t.change(),
            count: t.count as i64,
            previous: t.previous as i64,
            examples: t
                .examples
                .iter()
                .filter_map(|&i| now.get(i).map(|m| (m.id, m.text.clone())))
                .collect(),
            related: t.related,
            phrase: t.phrase,
        })
        .collect()
}

/// The care page's team figures for the review's week, as team totals only; the check-in average where it may be
/// shown.
async fn team(
    state: &AppState,
    viewer: &User,
    week_start: Millis,
) -> Result<Option<TeamLine>, AppError> {
    if !viewer.role.can(sangam_domain::Permission::ViewTeamCare) {
        return Ok(None);
    }
    // The team as it stood at the week's last moment (or now, for the week still running).
    let last_moment = week_start + sangam_domain::care::WEEK - 1;
    let week = crate::care::actions::team_week_at(state, viewer, last_moment).await?;
    let day = sangam_domain::care::DAY;
    let checkin = week
        .checkin_trend
        .iter()
        .find(|w| (w.week_start - week_start).abs() < day);
    Ok(Some(TeamLine {
        people: week.people.len(),
        inbox_min: week.totals.inbox_min,
        compose_min: week.totals.compose_min,
        approval_min: week.totals.approval_min,
        report_min: week.totals.report_min,
        messages_handled: week.totals.messages_handled,
        posts_shipped: week.totals.posts_shipped,
        exposure: week.people.iter().map(|p| p.wellbeing.exposure).sum(),
        after_hours: week.people.iter().map(|p| p.wellbeing.after_hours).sum(),
        checkin: checkin.and_then(|c| c.aggregate),
        checkin_people: checkin.map_or(0, |c| c.people),
    }))
}
