//! Goals: set one (objective, catalogue metric, scope, baseline, target, period, owner) and see where it stands. The
//! figures are the reports' own, computed for "the period so far" at up to [`MAX_POINTS`] days, so a goal's number
//! always equals the report's number for the same scope and dates.

use crate::AppState;
use crate::error::AppError;
use crate::time_fmt;
use sangam_domain::ErrorCode;
use sangam_domain::business_hours::BusinessHours;
use sangam_domain::goals::{self as rules, GoalStatus};
use sangam_domain::metrics::{Figure, Unit};
use sangam_domain::now_millis;
use sangam_domain::reports::{self as calc, Period};
use sangam_store::goals::{self, Goal, NewGoal};
use sangam_store::reports as store;
use sangam_store::users::User;

const DAY: i64 = 24 * 3600 * 1000;
/// At most this many days of the period so far are computed for the trend.
pub const MAX_POINTS: i64 = 20;

#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct GoalInput {
    pub objective: String,
    pub metric_id: String,
    /// Profiles the goal covers (the form's profile picker sends one `profile` per ticked box); none for every
    /// profile.
    #[serde(default)]
    pub profile: Vec<i64>,
    /// Tags picked from the tags in use (one `tag` per ticked box).
    #[serde(default)]
    pub tag: Vec<String>,
    /// Comma-separated profile ids, as older API clients send them; added to `profile`.
    #[serde(default)]
    pub profiles: String,
    /// Comma-separated tags (new ones typed in the form, or from API clients); added to `tag`.
    #[serde(default)]
    pub tags: String,
    pub baseline: f64,
    pub target: f64,
    /// YYYY-MM-DD in the creator's time zone.
    pub start: String,
    /// YYYY-MM-DD, last day included.
    pub end: String,
    pub owner_id: i64,
}

pub async fn create(state: &AppState, user: &User, input: GoalInput) -> Result<Goal, AppError> {
    let objective = input.objective.trim();
    if objective.is_empty() || objective.chars().count() > 500 {
        return Err(AppError::refuse(ErrorCode::GoalObjectiveInvalid));
    }
    if !rules::TRACKABLE.contains(&input.metric_id.as_str()) {
        return Err(AppError::refuse(ErrorCode::GoalMetricInvalid));
    }
    if !input.baseline.is_finite() || !input.target.is_finite() || input.baseline == input.target {
        return Err(AppError::refuse(ErrorCode::GoalTargetInvalid));
    }
    let tz = time_fmt::zone(&user.time_zone);
    let day = |s: &str| {
        time_fmt::parse_local(&format!("{}T00:00", s.trim()), &tz)
            .ok_or_else(|| AppError::refuse(ErrorCode::GoalDatesInvalid))
    };
    let starts_at = crate::input::check_time("start", day(&input.start)?)?;
    let ends_at = crate::input::check_time("end", day(&input.end)? + DAY)?;
    if ends_at <= starts_at {
        return Err(AppError::refuse(ErrorCode::GoalDatesInvalid).with("case", "order"));
    }
    let mut profile_ids: Vec<i64> = input.profile.clone();
    for s in input.profiles.split(',').filter(|s| !s.trim().is_empty()) {
        match s.trim().parse() {
            Ok(id) => profile_ids.push(id),
            Err(_) => {
                return Err(AppError::refuse(ErrorCode::GoalProfilesInvalid));
            }
        }
    }
    profile_ids.sort_unstable();
    profile_ids.dedup();
    let known: Vec<i64> = sangam_store::profiles::list(&state.db, user.workspace_id)
        .await?
        .iter()
        .map(|p| p.id)
        .collect();
    if profile_ids.iter().any(|p| !known.contains(p)) {
        return Err(AppError::refuse(ErrorCode::GoalProfilesInvalid));
    }
    let mut tags: Vec<String> = input
        .tag
        .iter()
        .map(String::as_str)
        .chain(input.tags.split(','))
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty())
        .collect();
    tags.sort();
    tags.dedup();
    // The owner named by the request must be a person of this workspace.
    sangam_store::users::active_in_workspace(&state.db, user.workspace_id, input.owner_id).await?;
    let goal = goals::create(
        &state.db,
        NewGoal {
            workspace_id: user.workspace_id,
            objective,
            metric_id: &input.metric_id,
            profile_ids: &profile_ids,
            tags: &tags,
            baseline: input.baseline,
            target: input.target,
            starts_at,
            ends_at,
            owner_id: input.owner_id,
            created_by: user.id,
        },
        now_millis(),
    )
    .await?;
    crate::audit::log(
        state,
        user,
        "goal_created",
        "goal",
        Some(goal.id),
        &goal.metric_id,
    )
    .await;
    Ok(goal)
}

/// The unit of the goal's metric (counts for anything the catalogue does not know, which creation refuses anyway).
pub fn goal_unit(metric: &str) -> Unit {
    sangam_domain::metrics::def(metric).map_or(Unit::Count, |m| m.unit)
}

/// The goal's metric for `[goal start, until)`, exactly as the report computes it. `inbox` holds the messages of the
/// goal's whole span so far, read once: the trend's points each take the ones that arrived before their day instead
/// of asking the database again (the responder lookup per message made a 20-point trend cost 20 inbox reports).
async fn value_until(
    state: &AppState,
    goal: &Goal,
    hours: &BusinessHours,
    inbox: Option<&[sangam_domain::reports::MessageRow]>,
    until: i64,
) -> Result<Figure, AppError> {
    let refs = store::profile_refs(&state.db, goal.workspace_id, &goal.profile_ids).await?;
    let period = Period {
        from: goal.starts_at,
        to: until,
    };
    if let Some(all) = inbox {
        let rows: Vec<sangam_domain::reports::MessageRow> = all
            .iter()
            .filter(|r| r.received_at < until)
            .cloned()
            .collect();
        Ok(rules::inbox_value(
            &goal.metric_id,
            &calc::inbox_report(period, &rows, hours),
        ))
    } else {
        let points = store::follower_points(&state.db, &refs, period).await?;
        let posts =
            store::post_rows(&state.db, goal.workspace_id, &refs, period, &goal.tags).await?;
        Ok(rules::profile_value(
            &goal.metric_id,
            &calc::profile_performance(period, &refs, &points, &posts).total,
        ))
    }
}

/// Where the goal stands now, with the points (days since start, value so far) its trend was fitted to.
pub async fn status(
    state: &AppState,
    goal: &Goal,
    hours: &BusinessHours,
) -> Result<(GoalStatus, Vec<(f64, f64)>), AppError> {
    let now = now_millis();
    let until = now.min(goal.ends_at);
    let days = ((until - goal.starts_at) as f64 / DAY as f64)
        .ceil()
        .max(0.0) as i64;
    let step = (days / MAX_POINTS).max(1);
    let inbox = if rules::from_inbox(&goal.metric_id) {
        let refs = store::profile_refs(&state.db, goal.workspace_id, &goal.profile_ids).await?;
        let span = Period {
            from: goal.starts_at,
            to: until,
        };
        Some(store::message_rows(&state.db, goal.workspace_id, &refs, span).await?)
    } else {
        None
    };
    let mut points = Vec::new();
    let mut k = step;
    while k <= days {
        let at = (goal.starts_at + k * DAY).min(until);
        if let Some(v) = value_until(state, goal, hours, inbox.as_deref(), at)
            .await?
            .value()
        {
            points.push(((at - goal.starts_at) as f64 / DAY as f64, v));
        }
        k += step;
    }
    let last_x = (until - goal.starts_at) as f64 / DAY as f64;
    if days > 0
        && points.last().is_none_or(|p| p.0 < last_x)
        && let Some(v) = value_until(state, goal, hours, inbox.as_deref(), until)
            .await?
            .value()
    {
        points.push((last_x, v));
    }
    let end_day = (goal.ends_at - goal.starts_at) as f64 / DAY as f64;
    let status = rules::status(
        goal_unit(&goal.metric_id),
        goal.baseline,
        goal.target,
        &points,
        end_day,
    );
    crate::webhooks::actions::goal_seen(state, goal, &status).await?;
    Ok((status, points))
}
