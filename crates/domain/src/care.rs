//! Care: the social team's workload and wellbeing, as plain formulas over the activity log, the editor's focus
//! heartbeats and the shield's openings. Each figure has an id; its formula is written out in words on the page
//! (`care-formula-<id>` in the locales) and here, beside the code that computes it. There is no combined score: a
//! person and their manager read the figures themselves.

use crate::Millis;
use crate::business_hours::BusinessHours;
use jiff::civil::{Date, Weekday};
use jiff::{Timestamp, Zoned};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

pub const MINUTE: Millis = 60_000;
pub const DAY: Millis = 24 * 60 * MINUTE;
pub const WEEK: Millis = 7 * DAY;

/// The browser says "the editor had focus for the last 15 s" this often.
pub const HEARTBEAT_MS: Millis = 15_000;
/// A heartbeat later than this after the previous one starts a new focus session (a missed beat or two is tolerated).
pub const FOCUS_GAP_MS: Millis = 3 * HEARTBEAT_MS;
/// One message never counts for more than this: an open tab left overnight is not work.
pub const INBOX_CAP_MS: Millis = 30 * MINUTE;
/// Actions outside business hours (weekends included) on one day that make it an "over" day.
pub const AFTER_HOURS_THRESHOLD: usize = 10;
/// An alert goes to the managers when a figure is over its threshold this many days running.
pub const ALERT_DAYS: usize = 3;
/// Check-in figures are shown to managers only for groups of at least this many people.
pub const MIN_GROUP: usize = 3;
/// How far the trends reach.
pub const TREND_WEEKS: usize = 12;

/// The figures, by id. The page shows `care-formula-<id>` next to each.
pub const FIGURES: &[&str] = &[
    "inbox-time",
    "compose-time",
    "approval-time",
    "report-time",
    "messages-handled",
    "posts-shipped",
    "approvals-waiting",
    "exposure",
    "after-hours",
    "weekend",
    "streak",
    "checkin",
    "sla-breaches",
];

/// One line of a person's activity log, as the formulas need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub at: Millis,
    pub action: String,
    pub object_kind: String,
    pub object_id: Option<i64>,
}

/// What an editor or page was focused on while its heartbeats arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FocusKind {
    Compose,
    Review,
    Report,
}

impl FocusKind {
    pub const ALL: [FocusKind; 3] = [FocusKind::Compose, FocusKind::Review, FocusKind::Report];

    pub fn as_str(self) -> &'static str {
        match self {
            FocusKind::Compose => "compose",
            FocusKind::Review => "review",
            FocusKind::Report => "report",
        }
    }

    pub fn parse(s: &str) -> Option<FocusKind> {
        FocusKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A run of heartbeats: focused from `start` to `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FocusSpan {
    pub kind: FocusKind,
    pub start: Millis,
    pub end: Millis,
}

/// **inbox-time** = Σ over each message you replied to or closed: min(reply or close − the last time you opened it
/// before that, 30 min). Opening without replying or closing counts nothing; a reply with no open before it counts
/// nothing (it was written elsewhere, for example through the API).
pub fn inbox_time(actions: &[Action]) -> Millis {
    inbox_work(actions).iter().map(|w| w.2).sum()
}

/// The parts of **inbox-time**, one per reply or close that counted: (message, when replied or closed, time counted).
pub fn inbox_work(actions: &[Action]) -> Vec<(i64, Millis, Millis)> {
    let mut sorted: Vec<&Action> = actions
        .iter()
        .filter(|a| a.object_kind == "message")
        .collect();
    sorted.sort_by_key(|a| a.at);
    let mut opened: HashMap<i64, Millis> = HashMap::new();
    let mut out = vec![];
    for a in sorted {
        let Some(id) = a.object_id else { continue };
        match a.action.as_str() {
            "viewed" | "opened" => {
                opened.insert(id, a.at);
            }
            "replied" | "closed" => {
                if let Some(from) = opened.remove(&id) {
                    out.push((id, a.at, (a.at - from).clamp(0, INBOX_CAP_MS)));
                }
            }
            _ => {}
        }
    }
    out
}

/// **compose-time**, **approval-time**, **report-time** = Σ over focus sessions of that kind: last heartbeat − first
/// heartbeat + 15 s. A session is heartbeats no more than 45 s apart, sent every 15 s while the page is visible and
/// (for the composer) the editor has the keyboard focus.
pub fn focus_time(spans: &[FocusSpan], kind: FocusKind) -> Millis {
    spans
        .iter()
        .filter(|s| s.kind == kind)
        .map(|s| (s.end - s.start).max(0))
        .sum()
}

/// **messages-handled** = the number of different messages you replied to or closed.
pub fn messages_handled(actions: &[Action]) -> usize {
    actions
        .iter()
        .filter(|a| a.object_kind == "message" && matches!(a.action.as_str(), "replied" | "closed"))
        .filter_map(|a| a.object_id)
        .collect::<HashSet<_>>()
        .len()
}

/// The local calendar date of `at` in the person's time zone.
pub fn local_date(hours: &BusinessHours, at: Millis) -> Option<Date> {
    let ts = Timestamp::from_millisecond(at).ok()?;
    Some(Zoned::new(ts, hours.zone.clone()).date())
}

fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// Where one action falls on the person's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Working,
    /// A weekday, before or after business hours.
    AfterHours,
    Weekend,
}

/// **after-hours** = actions on a weekday outside your business hours (in your time zone);
/// **weekend** = actions on a Saturday or Sunday (in your time zone).
pub fn when(hours: &BusinessHours, at: Millis) -> When {
    match local_date(hours, at) {
        Some(d) if is_weekend(d) => When::Weekend,
        _ if hours.is_open(at) => When::Working,
        _ => When::AfterHours,
    }
}

/// One person's day, on their own calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Day {
    pub date: String,
    pub actions: usize,
    pub after_hours: usize,
    pub weekend: usize,
    /// Abusive messages opened through the shield.
    pub exposure: usize,
}

impl Day {
    /// Actions outside business hours, weekends included: what the after-hours threshold counts.
    pub fn outside_hours(&self) -> usize {
        self.after_hours + self.weekend
    }
}

/// The person's days from the local date of `from` to the local date of `to` (inclusive), each with its counts.
/// Days are calendar days in the person's time zone, so a late evening in Delhi is not split at UTC midnight.
pub fn days(
    hours: &BusinessHours,
    actions: &[Action],
    openings: &[Millis],
    from: Millis,
    to: Millis,
) -> Vec<Day> {
    let (Some(mut date), Some(last)) = (local_date(hours, from), local_date(hours, to)) else {
        return Vec::new();
    };
    let mut by_date: BTreeMap<Date, Day> = BTreeMap::new();
    while date <= last {
        by_date.insert(
            date,
            Day {
                date: date.to_string(),
                actions: 0,
                after_hours: 0,
                weekend: 0,
                exposure: 0,
            },
        );
        match date.tomorrow() {
            Ok(d) => date = d,
            Err(_) => break,
        }
    }
    for a in actions {
        if let Some(day) = local_date(hours, a.at).and_then(|d| by_date.get_mut(&d)) {
            day.actions += 1;
            match when(hours, a.at) {
                When::Working => {}
                When::AfterHours => day.after_hours += 1,
                When::Weekend => day.weekend += 1,
            }
        }
    }
    for at in openings {
        if let Some(day) = local_date(hours, *at).and_then(|d| by_date.get_mut(&d)) {
            day.exposure += 1;
        }
    }
    by_date.into_values().collect()
}

/// A figure that can be over its threshold on a day, and so raise an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Watched {
    /// Abusive messages opened reached the daily budget.
    Exposure,
    /// Actions outside business hours (weekends included) reached [`AFTER_HOURS_THRESHOLD`].
    AfterHours,
}

impl Watched {
    pub const ALL: [Watched; 2] = [Watched::Exposure, Watched::AfterHours];

    pub fn as_str(self) -> &'static str {
        match self {
            Watched::Exposure => "exposure",
            Watched::AfterHours => "after-hours",
        }
    }

    /// Whether `day` is over this figure's threshold; `budget` is the daily exposure budget.
    pub fn is_over(self, day: &Day, budget: i64) -> bool {
        match self {
            Watched::Exposure => budget >= 0 && day.exposure as i64 >= budget.max(1),
            Watched::AfterHours => day.outside_hours() >= AFTER_HOURS_THRESHOLD,
        }
    }

    /// The day's value of this figure.
    pub fn value(self, day: &Day) -> usize {
        match self {
            Watched::Exposure => day.exposure,
            Watched::AfterHours => day.outside_hours(),
        }
    }
}

/// **streak** = the number of consecutive days, ending with the last day shown, on which the figure was at or over its
/// threshold (exposure: the daily budget; after-hours: 10 actions outside business hours, weekends included).
pub fn streak(days: &[Day], figure: Watched, budget: i64) -> usize {
    days.iter()
        .rev()
        .take_while(|d| figure.is_over(d, budget))
        .count()
}

/// The run of days an alert looks at: the streak up to today when today is already over, else the streak of complete
/// days up to yesterday (a morning that has not yet reached the threshold does not end a run of hard days).
pub fn alert_run(days: &[Day], figure: Watched, budget: i64) -> &[Day] {
    let upto = if streak(days, figure, budget) > 0 {
        days
    } else {
        days.split_last()
            .map(|(_, before)| before)
            .unwrap_or_default()
    };
    &upto[upto.len() - streak(upto, figure, budget)..]
}

/// Posts waiting on one approver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Waiting {
    pub approver: i64,
    pub posts: usize,
    /// How long the oldest has waited.
    pub oldest_ms: Millis,
}

/// **approvals-waiting** = for each approver, the posts whose current step waits on them, and now − the oldest
/// post's submission. `pending` holds (approver, submitted at), one row per post and approver.
pub fn approvals_waiting(pending: &[(i64, Millis)], now: Millis) -> Vec<Waiting> {
    let mut by: BTreeMap<i64, Waiting> = BTreeMap::new();
    for (approver, since) in pending {
        let w = by.entry(*approver).or_insert(Waiting {
            approver: *approver,
            posts: 0,
            oldest_ms: 0,
        });
        w.posts += 1;
        w.oldest_ms = w.oldest_ms.max(now - since);
    }
    by.into_values().collect()
}

/// One person's check-in figures, without the note.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckinFigures {
    pub user_id: i64,
    pub energy: i64,
    pub workload: i64,
}

/// A group's check-in, shown to managers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CheckinAggregate {
    pub people: usize,
    pub energy: f64,
    pub workload: f64,
}

/// **checkin** = for the team: the mean energy and the mean workload (1-5) of one week's check-ins, shown only when at
/// least 3 different people checked in; never anyone's own figures or note.
pub fn checkin_aggregate(entries: &[CheckinFigures]) -> Option<CheckinAggregate> {
    let people: HashSet<i64> = entries.iter().map(|e| e.user_id).collect();
    if people.len() < MIN_GROUP {
        return None;
    }
    let n = entries.len() as f64;
    Some(CheckinAggregate {
        people: people.len(),
        energy: entries.iter().map(|e| e.energy as f64).sum::<f64>() / n,
        workload: entries.iter().map(|e| e.workload as f64).sum::<f64>() / n,
    })
}

/// A check-in value is a whole number from 1 to 5.
pub fn valid_score(v: i64) -> bool {
    (1..=5).contains(&v)
}

/// The start (local Monday 00:00, as UTC millis) of the week containing `at` in the person's time zone.
pub fn week_start(hours: &BusinessHours, at: Millis) -> Millis {
    let Ok(ts) = Timestamp::from_millisecond(at) else {
        return at;
    };
    let z = Zoned::new(ts, hours.zone.clone());
    let back = i64::from(z.date().weekday().to_monday_zero_offset());
    z.date()
        .checked_sub(jiff::Span::new().days(back))
        .ok()
        .and_then(|d| d.to_zoned(hours.zone.clone()).ok())
        .map(|z| z.timestamp().as_millisecond())
        .unwrap_or(at - at.rem_euclid(WEEK))
}

/// The starts of the last `n` weeks, oldest first, the last being the week containing `now`.
pub fn week_starts(hours: &BusinessHours, now: Millis, n: usize) -> Vec<Millis> {
    let mut out = Vec::with_capacity(n);
    let mut start = week_start(hours, now);
    for _ in 0..n {
        out.push(start);
        // Half a week back lands safely inside the previous week whatever the DST shift.
        start = week_start(hours, start - WEEK / 2);
    }
    out.reverse();
    out
}

/// Minutes, rounded, for display.
pub fn minutes(ms: Millis) -> i64 {
    (ms + MINUTE / 2) / MINUTE
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use jiff::tz::TimeZone;

    fn at(s: &str, zone: &str) -> Millis {
        let dt: jiff::civil::DateTime = s.parse().unwrap();
        dt.to_zoned(TimeZone::get(zone).unwrap())
            .unwrap()
            .timestamp()
            .as_millisecond()
    }

    fn act(at: Millis, action: &str, id: i64) -> Action {
        Action {
            at,
            action: action.into(),
            object_kind: "message".into(),
            object_id: Some(id),
        }
    }

    #[test]
    fn inbox_time_runs_from_the_last_open_to_the_reply_and_is_capped() {
        let t0 = at("2025-06-03T10:00", "UTC");
        let actions = vec![
            // Message 1: opened, opened again 2 min later, replied 3 min after that: 3 min.
            act(t0, "viewed", 1),
            act(t0 + 2 * MINUTE, "viewed", 1),
            act(t0 + 5 * MINUTE, "replied", 1),
            // Message 2: opened and closed 2 hours later: capped at 30 min.
            act(t0 + 10 * MINUTE, "viewed", 2),
            act(t0 + 130 * MINUTE, "closed", 2),
            // Message 3: opened, never answered: nothing.
            act(t0 + 11 * MINUTE, "opened", 3),
            // Message 4: replied without an open (the API): nothing.
            act(t0 + 12 * MINUTE, "replied", 4),
        ];
        assert_eq!(inbox_time(&actions), 3 * MINUTE + 30 * MINUTE);
        assert_eq!(messages_handled(&actions), 3);
    }

    #[test]
    fn inbox_time_does_not_depend_on_the_order_rows_arrive_in() {
        let t0 = 1_000_000;
        let mut actions = vec![act(t0 + 60_000, "replied", 9), act(t0, "viewed", 9)];
        assert_eq!(inbox_time(&actions), 60_000);
        actions.reverse();
        assert_eq!(inbox_time(&actions), 60_000);
    }

    #[test]
    fn focus_time_adds_the_sessions_of_one_kind() {
        let spans = [
            FocusSpan {
                kind: FocusKind::Compose,
                start: 0,
                end: 90_000,
            },
            FocusSpan {
                kind: FocusKind::Compose,
                start: 1_000_000,
                end: 1_015_000,
            },
            FocusSpan {
                kind: FocusKind::Review,
                start: 0,
                end: 60_000,
            },
        ];
        assert_eq!(focus_time(&spans, FocusKind::Compose), 105_000);
        assert_eq!(focus_time(&spans, FocusKind::Review), 60_000);
        assert_eq!(focus_time(&spans, FocusKind::Report), 0);
    }

    #[test]
    fn after_hours_and_weekends_follow_the_persons_own_clock() {
        // 09:00-17:00 in Kolkata (UTC+05:30).
        let hours = BusinessHours::new(540, 1020, "Asia/Kolkata");
        // Tuesday 08:59 and 17:00 local are outside; 09:00 and 16:59 inside.
        assert_eq!(
            when(&hours, at("2025-06-03T08:59", "Asia/Kolkata")),
            When::AfterHours
        );
        assert_eq!(
            when(&hours, at("2025-06-03T09:00", "Asia/Kolkata")),
            When::Working
        );
        assert_eq!(
            when(&hours, at("2025-06-03T16:59", "Asia/Kolkata")),
            When::Working
        );
        assert_eq!(
            when(&hours, at("2025-06-03T17:00", "Asia/Kolkata")),
            When::AfterHours
        );
        // 20:00 UTC on Friday is 01:30 on Saturday in Kolkata: weekend, not a late Friday.
        assert_eq!(when(&hours, at("2025-06-06T20:00", "UTC")), When::Weekend);
        // 04:00 UTC on a Tuesday is 09:30 in Kolkata: working, though it is night in UTC business terms.
        assert_eq!(when(&hours, at("2025-06-03T04:00", "UTC")), When::Working);
    }

    #[test]
    fn days_are_split_at_local_midnight() {
        let hours = BusinessHours::new(540, 1020, "Asia/Kolkata");
        let from = at("2025-06-02T00:00", "Asia/Kolkata"); // Monday
        let to = at("2025-06-04T23:59", "Asia/Kolkata"); // Wednesday
        let actions = vec![
            // 18:45 UTC Monday is 00:15 Tuesday in Kolkata: after hours, on Tuesday.
            act(at("2025-06-02T18:45", "UTC"), "viewed", 1),
            act(at("2025-06-03T10:00", "Asia/Kolkata"), "replied", 1),
        ];
        let openings = vec![at("2025-06-04T11:00", "Asia/Kolkata")];
        let d = days(&hours, &actions, &openings, from, to);
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].date, "2025-06-02");
        assert_eq!((d[0].actions, d[0].after_hours), (0, 0));
        assert_eq!((d[1].actions, d[1].after_hours), (2, 1));
        assert_eq!(d[2].exposure, 1);
    }

    fn day(after_hours: usize, weekend: usize, exposure: usize) -> Day {
        Day {
            date: String::new(),
            actions: after_hours + weekend,
            after_hours,
            weekend,
            exposure,
        }
    }

    #[test]
    fn a_streak_counts_the_days_over_the_threshold_up_to_today() {
        let budget = 20;
        let ds = vec![
            day(0, 0, 25),
            day(0, 0, 3),
            day(0, 0, 20),
            day(0, 0, 21),
            day(0, 0, 30),
        ];
        assert_eq!(streak(&ds, Watched::Exposure, budget), 3);
        // 6 after hours + 4 on a weekend = 10: over.
        let ds = vec![day(6, 4, 0), day(12, 0, 0), day(9, 0, 0)];
        assert_eq!(streak(&ds, Watched::AfterHours, budget), 0);
        let ds = vec![day(6, 4, 0), day(12, 0, 0)];
        assert_eq!(streak(&ds, Watched::AfterHours, budget), 2);
    }

    #[test]
    fn a_quiet_morning_does_not_end_a_streak_of_hard_days() {
        let ds = vec![day(0, 0, 20), day(0, 0, 22), day(0, 0, 25), day(0, 0, 2)];
        assert_eq!(streak(&ds, Watched::Exposure, 20), 0);
        assert_eq!(alert_run(&ds, Watched::Exposure, 20), &ds[0..3]);
        let ds = vec![day(0, 0, 20), day(0, 0, 2), day(0, 0, 25)];
        assert_eq!(alert_run(&ds, Watched::Exposure, 20), &ds[2..]);
        assert!(alert_run(&[], Watched::Exposure, 20).is_empty());
    }

    #[test]
    fn a_budget_of_zero_never_makes_every_day_an_exposure_day() {
        assert!(!Watched::Exposure.is_over(&day(0, 0, 0), 0));
        assert!(Watched::Exposure.is_over(&day(0, 0, 1), 0));
    }

    #[test]
    fn approvals_waiting_counts_posts_and_the_oldest_wait_per_approver() {
        let now = 10 * DAY;
        let w = approvals_waiting(
            &[(7, now - DAY), (7, now - 3 * DAY), (8, now - MINUTE)],
            now,
        );
        assert_eq!(
            w,
            vec![
                Waiting {
                    approver: 7,
                    posts: 2,
                    oldest_ms: 3 * DAY
                },
                Waiting {
                    approver: 8,
                    posts: 1,
                    oldest_ms: MINUTE
                }
            ]
        );
    }

    #[test]
    fn check_ins_of_fewer_than_three_people_are_not_aggregated() {
        let e = |user_id, energy, workload| CheckinFigures {
            user_id,
            energy,
            workload,
        };
        assert_eq!(checkin_aggregate(&[e(1, 5, 1), e(2, 1, 5)]), None);
        // The same person twice is still one person.
        assert_eq!(
            checkin_aggregate(&[e(1, 5, 1), e(1, 4, 2), e(2, 1, 5)]),
            None
        );
        let a = checkin_aggregate(&[e(1, 5, 1), e(2, 1, 5), e(3, 3, 3)]).unwrap();
        assert_eq!(a.people, 3);
        assert!((a.energy - 3.0).abs() < 1e-9 && (a.workload - 3.0).abs() < 1e-9);
        assert!(valid_score(1) && valid_score(5) && !valid_score(0) && !valid_score(6));
    }

    #[test]
    fn weeks_start_on_the_local_monday() {
        let hours = BusinessHours::new(540, 1020, "Asia/Kolkata");
        // Sunday 20:00 UTC is Monday 01:30 in Kolkata: its own new week.
        let sunday_night = at("2025-06-08T20:00", "UTC");
        assert_eq!(
            week_start(&hours, sunday_night),
            at("2025-06-09T00:00", "Asia/Kolkata")
        );
        let utc = BusinessHours::default();
        assert_eq!(
            week_start(&utc, sunday_night),
            at("2025-06-02T00:00", "UTC")
        );
        let weeks = week_starts(&utc, sunday_night, 3);
        assert_eq!(
            weeks,
            vec![
                at("2025-05-19T00:00", "UTC"),
                at("2025-05-26T00:00", "UTC"),
                at("2025-06-02T00:00", "UTC")
            ]
        );
    }

    #[test]
    fn a_week_across_a_dst_change_starts_at_local_midnight() {
        // Europe/London moved to summer time on Sunday 2025-03-30.
        let hours = BusinessHours::new(540, 1020, "Europe/London");
        let weeks = week_starts(&hours, at("2025-04-01T12:00", "Europe/London"), 2);
        assert_eq!(
            weeks,
            vec![
                at("2025-03-24T00:00", "Europe/London"),
                at("2025-03-31T00:00", "Europe/London")
            ]
        );
        assert_eq!(weeks[1] - weeks[0], WEEK - 3_600_000);
    }
}
