//! Care in action: heartbeats, check-ins, and the figures of "My week" and the team page. The formulas live in
//! `sangam_domain::care`; this module reads the store and applies them.
//!
//! Privacy is by construction: [`TeamWeek`] has no field that could hold one person's check-in or note, and the only
//! reader of notes, [`my_week`], reads the caller's own rows.

use crate::AppState;
use crate::error::AppError;
use sangam_domain::ErrorCode;
use sangam_domain::approval::{ApprovalState, Decision};
use sangam_domain::business_hours::{BusinessHours, ReplyClock};
use sangam_domain::care::{
    self, CheckinAggregate, DAY, Day, FocusKind, TREND_WEEKS, WEEK, Waiting, Watched,
};
use sangam_domain::{Millis, PostStatus, now_millis};
use sangam_store::care as store;
use sangam_store::care::OwnCheckin;
use sangam_store::inbox::{self, Person};
use sangam_store::users::User;
use sangam_store::{approvals, posts};
use serde::Serialize;

/// Records one editor heartbeat.
pub async fn heartbeat(state: &AppState, user: &User, kind: &str) -> Result<(), AppError> {
    let kind =
        FocusKind::parse(kind).ok_or_else(|| AppError::refuse(ErrorCode::FocusKindInvalid))?;
    store::heartbeat(&state.db, user.workspace_id, user.id, kind, now_millis()).await?;
    Ok(())
}

pub const NOTE_MAX_CHARS: usize = sangam_domain::text_limits::max_chars::CHECK_IN_NOTE;

/// Saves this week's check-in for `user` (replacing an earlier one this week).
pub async fn check_in(
    state: &AppState,
    user: &User,
    energy: i64,
    workload: i64,
    note: &str,
) -> Result<(), AppError> {
    if !care::valid_score(energy) || !care::valid_score(workload) {
        return Err(AppError::refuse(ErrorCode::CheckinInvalid));
    }
    let note = note.trim();
    if note.chars().count() > NOTE_MAX_CHARS {
        return Err(AppError::refuse(ErrorCode::CheckinNoteTooLong).with("max", NOTE_MAX_CHARS));
    }
    let person = inbox::person(&state.db, user.id).await?;
    let now = now_millis();
    let week = care::week_start(&hours_of(&person), now);
    store::save_checkin(
        &state.db,
        user.workspace_id,
        user.id,
        week,
        energy,
        workload,
        note,
        now,
    )
    .await?;
    // Not written to the activity log: managers read the audit log, and a check-in is nobody's business but its
    // author's (the team page shows how many people checked in, never who).
    Ok(())
}

fn hours_of(p: &Person) -> BusinessHours {
    BusinessHours::new(p.work_start_min, p.work_end_min, &p.time_zone)
}

/// Where a person's time went over a window, in minutes, and what they got done.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Load {
    pub inbox_min: i64,
    pub compose_min: i64,
    pub approval_min: i64,
    pub report_min: i64,
    pub messages_handled: usize,
    pub posts_shipped: i64,
}

/// A person's wellbeing figures over a window.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Wellbeing {
    /// Abusive messages opened through the shield over the window.
    pub exposure: usize,
    /// ... and today, against the daily budget.
    pub exposure_today: usize,
    pub budget: i64,
    pub after_hours: usize,
    pub weekend: usize,
    /// Days running at or over the exposure budget, up to today.
    pub exposure_streak: usize,
    /// Days running with 10 or more actions outside business hours, up to today.
    pub after_hours_streak: usize,
}

/// The figures of one person for one window.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PersonFigures {
    pub user_id: i64,
    pub name: String,
    pub load: Load,
    pub wellbeing: Wellbeing,
}

/// Everything one read of a person's log gives: enough for any window inside `from..to`.
struct Log {
    hours: BusinessHours,
    actions: Vec<care::Action>,
    spans: Vec<care::FocusSpan>,
    openings: Vec<Millis>,
}

async fn read_log(state: &AppState, p: &Person, from: Millis, to: Millis) -> Result<Log, AppError> {
    Ok(Log {
        hours: hours_of(p),
        actions: store::actions(&state.db, p.user_id, from, to).await?,
        spans: store::focus_spans(&state.db, p.user_id, from, to).await?,
        openings: store::openings(&state.db, p.user_id, from, to).await?,
    })
}

impl Log {
    fn load(&self, from: Millis, to: Millis, posts_shipped: i64) -> Load {
        let actions: Vec<care::Action> = self
            .actions
            .iter()
            .filter(|a| a.at >= from && a.at < to)
            .cloned()
            .collect();
        let spans: Vec<care::FocusSpan> = self
            .spans
            .iter()
            .filter(|s| s.end > from && s.start < to)
            .map(|s| care::FocusSpan {
                kind: s.kind,
                start: s.start.max(from),
                end: s.end.min(to),
            })
            .collect();
        Load {
            inbox_min: care::minutes(care::inbox_time(&actions)),
            compose_min: care::minutes(care::focus_time(&spans, FocusKind::Compose)),
            approval_min: care::minutes(care::focus_time(&spans, FocusKind::Review)),
            report_min: care::minutes(care::focus_time(&spans, FocusKind::Report)),
            messages_handled: care::messages_handled(&actions),
            posts_shipped,
        }
    }

    fn days(&self, from: Millis, to: Millis) -> Vec<Day> {
        let actions: Vec<care::Action> = self
            .actions
            .iter()
            .filter(|a| a.at >= from && a.at < to)
            .cloned()
            .collect();
        let openings: Vec<Millis> = self
            .openings
            .iter()
            .copied()
            .filter(|at| *at >= from && *at < to)
            .collect();
        care::days(&self.hours, &actions, &openings, from, to - 1)
    }

    fn wellbeing(&self, from: Millis, now: Millis, budget: i64) -> Wellbeing {
        let week = self.days(from, now + 1);
        let recent = self.days(now - 14 * DAY, now + 1);
        Wellbeing {
            exposure: week.iter().map(|d| d.exposure).sum(),
            exposure_today: recent.last().map(|d| d.exposure).unwrap_or(0),
            budget,
            after_hours: week.iter().map(|d| d.after_hours).sum(),
            weekend: week.iter().map(|d| d.weekend).sum(),
            exposure_streak: care::alert_run(&recent, Watched::Exposure, budget).len(),
            after_hours_streak: care::alert_run(&recent, Watched::AfterHours, budget).len(),
        }
    }
}

/// One week of a person's trend.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WeekRow {
    pub week_start: Millis,
    pub load: Load,
    pub exposure: usize,
    pub after_hours: usize,
    pub weekend: usize,
}

/// "My week": the person's own figures, 12 weeks of trend, and their own check-ins with notes.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MyWeek {
    pub week_start: Millis,
    pub figures: PersonFigures,
    /// Oldest first; the last is this week.
    pub trend: Vec<WeekRow>,
    /// Newest first.
    pub checkins: Vec<OwnCheckin>,
    /// Whether the person has checked in this week.
    pub checked_in: bool,
    /// Posts waiting on this person's approval.
    pub waiting_on_me: Option<Waiting>,
}

pub async fn my_week(state: &AppState, user: &User) -> Result<MyWeek, AppError> {
    let person = inbox::person(&state.db, user.id).await?;
    let budget = inbox::settings(&state.db, user.workspace_id)
        .await?
        .exposure_budget;
    let now = now_millis();
    let hours = hours_of(&person);
    let weeks = care::week_starts(&hours, now, TREND_WEEKS);
    let first = weeks.first().copied().unwrap_or(now - WEEK);
    let this_week = weeks.last().copied().unwrap_or(now - WEEK);
    let log = read_log(state, &person, first.min(now - 15 * DAY), now + 1).await?;
    let mut trend = Vec::with_capacity(weeks.len());
    for (i, start) in weeks.iter().enumerate() {
        let end = weeks.get(i + 1).copied().unwrap_or(now + 1);
        let shipped = store::posts_shipped(&state.db, user.id, *start, end).await?;
        let days = log.days(*start, end);
        trend.push(WeekRow {
            week_start: *start,
            load: log.load(*start, end, shipped),
            exposure: days.iter().map(|d| d.exposure).sum(),
            after_hours: days.iter().map(|d| d.after_hours).sum(),
            weekend: days.iter().map(|d| d.weekend).sum(),
        });
    }
    let load = trend.last().map(|w| w.load.clone()).unwrap_or_default();
    let checkins = store::own_checkins(&state.db, user.id, first).await?;
    let waiting = approvals_waiting(state, user.workspace_id, now).await?;
    Ok(MyWeek {
        week_start: this_week,
        figures: PersonFigures {
            user_id: user.id,
            name: user.name.clone(),
            load,
            wellbeing: log.wellbeing(this_week, now, budget),
        },
        checked_in: checkins.iter().any(|c| c.week_start == this_week),
        checkins,
        trend,
        waiting_on_me: waiting.into_iter().find(|w| w.approver == user.id),
    })
}

/// **approvals-waiting** for the workspace: per approver, the posts whose current step waits on them and the oldest
/// wait (since the post's last submission).
pub async fn approvals_waiting(
    state: &AppState,
    workspace_id: i64,
    now: Millis,
) -> Result<Vec<Waiting>, AppError> {
    let mut pending = Vec::new();
    for post in posts::with_status(&state.db, workspace_id, PostStatus::PendingApproval).await? {
        if let ApprovalState::Waiting { waiting_on, .. } =
            crate::approvals::actions::state_of(state, &post).await?
        {
            let since = approvals::trail(&state.db, post.id)
                .await?
                .iter()
                .rev()
                .find(|r| r.decision == Decision::Submitted)
                .map(|r| r.at)
                .unwrap_or(post.created_at);
            pending.extend(waiting_on.into_iter().map(|a| (a, since)));
        }
    }
    Ok(care::approvals_waiting(&pending, now))
}

/// One approver's queue on the team page.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WaitingRow {
    pub name: String,
    pub posts: usize,
    pub oldest_ms: Millis,
}

/// One week of the team's check-ins: an aggregate, or nothing when fewer than three people checked in or the week
/// has not ended. A running week's average would change with each new check-in, and the change would give away the
/// newcomer's answers; an ended week's set is fixed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CheckinWeek {
    pub week_start: Millis,
    /// How many people checked in (shown even when the figures are not).
    pub people: usize,
    /// The week has not ended: its figures are not shown yet.
    pub in_progress: bool,
    pub aggregate: Option<CheckinAggregate>,
}

/// The manager's team page: the team's week. Per person only load, exposure and after-hours; check-ins as
/// aggregates.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TeamWeek {
    pub week_start: Millis,
    pub people: Vec<PersonFigures>,
    pub totals: Load,
    /// **sla-breaches**: messages still waiting for a first reply past the reply-timer SLA.
    pub sla_breaches: usize,
    pub sla_minutes: i64,
    pub approvals_waiting: Vec<WaitingRow>,
    /// Oldest first.
    pub checkin_trend: Vec<CheckinWeek>,
}

pub async fn team_week(state: &AppState, viewer: &User) -> Result<TeamWeek, AppError> {
    team_week_at(state, viewer, now_millis()).await
}

/// The team's week as it stood at `now`: each person's week on their own calendar up to that moment. The weekly
/// review asks for the last moment of its week, so a past week's load is that week's, not this one's.
pub async fn team_week_at(
    state: &AppState,
    viewer: &User,
    now: Millis,
) -> Result<TeamWeek, AppError> {
    let now = now.min(now_millis());
    let settings = inbox::settings(&state.db, viewer.workspace_id).await?;
    let team = inbox::people(&state.db, viewer.workspace_id).await?;
    let me = inbox::person(&state.db, viewer.id).await?;
    let weeks = care::week_starts(&hours_of(&me), now, TREND_WEEKS);
    let this_week = weeks.last().copied().unwrap_or(now - WEEK);
    let mut people = Vec::with_capacity(team.len());
    let mut totals = Load::default();
    for p in &team {
        // Each person's week on their own calendar.
        let start = care::week_start(&hours_of(p), now);
        let log = read_log(state, p, start.min(now - 15 * DAY), now + 1).await?;
        let shipped = store::posts_shipped(&state.db, p.user_id, start, now + 1).await?;
        let load = log.load(start, now + 1, shipped);
        totals.inbox_min += load.inbox_min;
        totals.compose_min += load.compose_min;
        totals.approval_min += load.approval_min;
        totals.report_min += load.report_min;
        totals.messages_handled += load.messages_handled;
        totals.posts_shipped += load.posts_shipped;
        people.push(PersonFigures {
            user_id: p.user_id,
            name: p.name.clone(),
            load,
            wellbeing: log.wellbeing(start, now, settings.exposure_budget),
        });
    }
    let mut sla_breaches = 0;
    for (received_at, assigned_to) in
        store::unanswered(&state.db, viewer.workspace_id, now - 30 * DAY).await?
    {
        let hours = team
            .iter()
            .find(|p| Some(p.user_id) == assigned_to)
            .map(hours_of)
            .unwrap_or_else(|| hours_of(&me));
        if ReplyClock::of(&hours, settings.sla_minutes, received_at, None, now).is_overdue() {
            sla_breaches += 1;
        }
    }
    let names = sangam_store::users::list(&state.db, viewer.workspace_id).await?;
    let approvals_waiting = approvals_waiting(state, viewer.workspace_id, now)
        .await?
        .into_iter()
        .map(|w| WaitingRow {
            name: names
                .iter()
                .find(|u| u.id == w.approver)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            posts: w.posts,
            oldest_ms: w.oldest_ms,
        })
        .collect();
    let first = weeks.first().copied().unwrap_or(now - WEEK);
    // People's weeks start at their own local Monday, within a day of the viewer's.
    let figures =
        store::team_checkin_figures(&state.db, viewer.workspace_id, first - DAY, now + WEEK)
            .await?;
    let checkin_trend = weeks
        .iter()
        .map(|w| {
            let in_week: Vec<_> = figures
                .iter()
                .filter(|(start, _)| *start >= w - DAY && *start < w + WEEK - DAY)
                .map(|(_, f)| *f)
                .collect();
            let people: std::collections::HashSet<i64> =
                in_week.iter().map(|f| f.user_id).collect();
            let in_progress = *w == this_week;
            CheckinWeek {
                week_start: *w,
                people: people.len(),
                in_progress,
                aggregate: if in_progress {
                    None
                } else {
                    care::checkin_aggregate(&in_week)
                },
            }
        })
        .collect();
    Ok(TeamWeek {
        week_start: this_week,
        people,
        totals,
        sla_breaches,
        sla_minutes: settings.sla_minutes,
        approvals_waiting,
        checkin_trend,
    })
}

/// Whether `user` has checked in this week (on their own calendar).
pub async fn checked_in(state: &AppState, user: &User) -> Result<bool, AppError> {
    let person = inbox::person(&state.db, user.id).await?;
    let week = care::week_start(&hours_of(&person), now_millis());
    Ok(store::own_checkins(&state.db, user.id, week)
        .await?
        .iter()
        .any(|c| c.week_start == week))
}
