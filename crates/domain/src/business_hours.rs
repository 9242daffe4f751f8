//! Business hours and reply timers. A person works `start..end` (minutes after local midnight) on Monday to Friday in
//! their own time zone; the workspace's SLA says how many business minutes the first reply may take. Pure functions
//! over UTC milliseconds, so the inbox, the reports and the tests agree on every clock.

use crate::Millis;
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

/// The workspace default: first reply within 4 business hours.
pub const DEFAULT_SLA_MINUTES: i64 = 240;
/// 09:00 and 17:00.
pub const DEFAULT_START_MIN: i64 = 9 * 60;
pub const DEFAULT_END_MIN: i64 = 17 * 60;

const MINUTE: Millis = 60_000;

#[derive(Debug, Clone)]
pub struct BusinessHours {
    pub start_min: i64,
    pub end_min: i64,
    pub zone: TimeZone,
}

impl Default for BusinessHours {
    fn default() -> Self {
        BusinessHours {
            start_min: DEFAULT_START_MIN,
            end_min: DEFAULT_END_MIN,
            zone: TimeZone::UTC,
        }
    }
}

impl BusinessHours {
    /// Hours in the named IANA zone; an unknown zone falls back to UTC rather than failing a page.
    pub fn new(start_min: i64, end_min: i64, zone: &str) -> Self {
        let start_min = start_min.clamp(0, 24 * 60);
        let end_min = end_min.clamp(start_min, 24 * 60);
        BusinessHours {
            start_min,
            end_min,
            zone: TimeZone::get(zone).unwrap_or(TimeZone::UTC),
        }
    }

    fn works_on(date: Date) -> bool {
        !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
    }

    /// The working window of one local date in UTC milliseconds, or `None` on a weekend or an empty day.
    fn window(&self, date: Date) -> Option<(Millis, Millis)> {
        if !Self::works_on(date) || self.end_min <= self.start_min {
            return None;
        }
        let at = |minutes: i64| -> Option<Millis> {
            let midnight = date.to_zoned(self.zone.clone()).ok()?;
            // Minutes are added in civil time so a DST change moves the window with the clock on the wall.
            let civil = midnight
                .datetime()
                .checked_add(jiff::Span::new().minutes(minutes))
                .ok()?;
            Some(
                civil
                    .to_zoned(self.zone.clone())
                    .ok()?
                    .timestamp()
                    .as_millisecond(),
            )
        };
        Some((at(self.start_min)?, at(self.end_min)?))
    }

    fn local_date(&self, at: Millis) -> Option<Date> {
        let ts = Timestamp::from_millisecond(at).ok()?;
        Some(Zoned::new(ts, self.zone.clone()).date())
    }

    /// Whether `at` falls inside business hours.
    pub fn is_open(&self, at: Millis) -> bool {
        self.local_date(at)
            .and_then(|d| self.window(d))
            .is_some_and(|(s, e)| s <= at && at < e)
    }

    /// Business milliseconds between `from` and `to` (0 when `to` is not after `from`).
    pub fn between(&self, from: Millis, to: Millis) -> Millis {
        if to <= from {
            return 0;
        }
        let (Some(mut date), Some(last)) = (self.local_date(from), self.local_date(to)) else {
            return 0;
        };
        let mut total = 0;
        while date <= last {
            if let Some((s, e)) = self.window(date) {
                total += (e.min(to) - s.max(from)).max(0);
            }
            match date.tomorrow() {
                Ok(d) => date = d,
                Err(_) => break,
            }
        }
        total
    }

    /// The moment `business_ms` of business time after `from` has passed: a reply timer's deadline.
    pub fn add(&self, from: Millis, business_ms: Millis) -> Millis {
        let Some(mut date) = self.local_date(from) else {
            return from;
        };
        let mut left = business_ms.max(0);
        // A year of days is more than any SLA needs; the bound keeps a zero-hour configuration from looping.
        for _ in 0..370 {
            if let Some((s, e)) = self.window(date) {
                let begin = s.max(from);
                if begin < e {
                    if begin + left <= e {
                        return begin + left;
                    }
                    left -= e - begin;
                }
            }
            match date.tomorrow() {
                Ok(d) => date = d,
                Err(_) => break,
            }
        }
        from + business_ms
    }
}

/// The start of the local calendar day containing `at` in `zone` (an unknown zone counts as UTC): where a person's
/// daily exposure budget starts again.
pub fn local_day_start(at: Millis, zone: &str) -> Millis {
    let tz = TimeZone::get(zone).unwrap_or(TimeZone::UTC);
    Timestamp::from_millisecond(at)
        .ok()
        .and_then(|ts| Zoned::new(ts, tz).start_of_day().ok())
        .map(|z| z.timestamp().as_millisecond())
        .unwrap_or(at - at.rem_euclid(24 * 3_600_000))
}

/// Where a conversation stands against its reply timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyClock {
    /// Answered after this many business milliseconds; `within` says whether that met the SLA.
    Answered { business_ms: Millis, within: bool },
    /// Waiting; this many business milliseconds are left (negative: overdue by that much).
    Waiting { left_ms: Millis, deadline: Millis },
}

impl ReplyClock {
    pub fn of(
        hours: &BusinessHours,
        sla_minutes: i64,
        received_at: Millis,
        first_reply_at: Option<Millis>,
        now: Millis,
    ) -> ReplyClock {
        let sla = sla_minutes * MINUTE;
        match first_reply_at {
            Some(at) => {
                let business_ms = hours.between(received_at, at);
                ReplyClock::Answered {
                    business_ms,
                    within: business_ms <= sla,
                }
            }
            None => {
                let deadline = hours.add(received_at, sla);
                let left_ms = if now <= deadline {
                    hours.between(now, deadline)
                } else {
                    -hours.between(deadline, now).max(1)
                };
                ReplyClock::Waiting { left_ms, deadline }
            }
        }
    }

    pub fn is_overdue(&self) -> bool {
        match self {
            ReplyClock::Answered { within, .. } => !within,
            ReplyClock::Waiting { left_ms, .. } => *left_ms < 0,
        }
    }
}

/// "2 h 05 min", for clocks on pages.
pub fn format_duration(ms: Millis) -> String {
    let minutes = ms.abs() / MINUTE;
    let (h, m) = (minutes / 60, minutes % 60);
    if h > 0 {
        format!("{h} h {m:02} min")
    } else {
        format!("{m} min")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn at(s: &str, zone: &str) -> Millis {
        let dt: jiff::civil::DateTime = s.parse().unwrap();
        dt.to_zoned(TimeZone::get(zone).unwrap())
            .unwrap()
            .timestamp()
            .as_millisecond()
    }

    const H: Millis = 3_600_000;

    #[test]
    fn a_message_on_a_tuesday_morning_is_due_four_hours_later() {
        let hours = BusinessHours::default();
        let from = at("2025-06-03T10:00", "UTC");
        assert_eq!(hours.add(from, 4 * H), at("2025-06-03T14:00", "UTC"));
        assert_eq!(hours.between(from, at("2025-06-03T14:00", "UTC")), 4 * H);
    }

    #[test]
    fn friday_afternoon_messages_are_due_on_monday() {
        let hours = BusinessHours::default();
        let from = at("2025-06-06T15:00", "UTC"); // a Friday
        assert_eq!(hours.add(from, 4 * H), at("2025-06-09T11:00", "UTC"));
        assert_eq!(
            hours.between(from, at("2025-06-09T11:00", "UTC")),
            4 * H,
            "the weekend does not count"
        );
    }

    #[test]
    fn weekend_and_night_arrivals_start_the_clock_at_the_next_opening() {
        let hours = BusinessHours::default();
        let saturday = at("2025-06-07T12:00", "UTC");
        assert_eq!(hours.add(saturday, H), at("2025-06-09T10:00", "UTC"));
        let night = at("2025-06-03T22:30", "UTC");
        assert_eq!(hours.add(night, 30 * 60_000), at("2025-06-04T09:30", "UTC"));
        assert!(!hours.is_open(saturday));
        assert!(!hours.is_open(night));
        assert!(hours.is_open(at("2025-06-03T09:00", "UTC")));
        assert!(!hours.is_open(at("2025-06-03T17:00", "UTC")));
    }

    #[test]
    fn hours_follow_the_persons_time_zone() {
        let kolkata = BusinessHours::new(9 * 60, 17 * 60, "Asia/Kolkata");
        // 04:00 UTC is 09:30 in Kolkata.
        assert!(kolkata.is_open(at("2025-06-03T04:00", "UTC")));
        assert!(!BusinessHours::default().is_open(at("2025-06-03T04:00", "UTC")));
        // Friday 16:00 IST plus 2 business hours ends Monday 10:00 IST.
        let from = at("2025-06-06T16:00", "Asia/Kolkata");
        assert_eq!(
            kolkata.add(from, 2 * H),
            at("2025-06-09T10:00", "Asia/Kolkata")
        );
    }

    #[test]
    fn the_weekend_falls_on_local_dates_not_utc_dates() {
        // Monday 08:00 in Auckland is still Sunday in UTC: it is a working day there.
        let auckland = BusinessHours::new(8 * 60, 17 * 60, "Pacific/Auckland");
        let monday = at("2025-06-09T08:30", "Pacific/Auckland");
        assert!(auckland.is_open(monday));
        assert!(!BusinessHours::default().is_open(monday));
    }

    #[test]
    fn a_daylight_saving_change_keeps_the_wall_clock_hours() {
        // New York springs forward on Sunday 9 March 2025; Monday still opens at 09:00 local.
        let ny = BusinessHours::new(9 * 60, 17 * 60, "America/New_York");
        let friday = at("2025-03-07T16:00", "America/New_York");
        assert_eq!(
            ny.add(friday, 2 * H),
            at("2025-03-10T10:00", "America/New_York")
        );
        assert_eq!(
            ny.between(friday, at("2025-03-10T10:00", "America/New_York")),
            2 * H
        );
    }

    #[test]
    fn clocks_say_answered_waiting_or_overdue() {
        let hours = BusinessHours::default();
        let from = at("2025-06-03T10:00", "UTC");
        let answered = ReplyClock::of(&hours, 240, from, Some(from + H), from + 2 * H);
        assert_eq!(
            answered,
            ReplyClock::Answered {
                business_ms: H,
                within: true
            }
        );
        let waiting = ReplyClock::of(&hours, 240, from, None, from + H);
        assert!(matches!(waiting, ReplyClock::Waiting { left_ms, .. } if left_ms == 3 * H));
        let late = ReplyClock::of(&hours, 240, from, None, from + 5 * H);
        assert!(late.is_overdue());
        assert!(matches!(late, ReplyClock::Waiting { left_ms, .. } if left_ms == -H));
        assert_eq!(format_duration(-H - 5 * 60_000), "1 h 05 min");
    }

    #[test]
    fn a_persons_day_starts_at_their_local_midnight() {
        let at_ = at("2025-06-03T20:00", "UTC"); // 01:30 on the 4th in Kolkata
        assert_eq!(local_day_start(at_, "UTC"), at("2025-06-03T00:00", "UTC"));
        assert_eq!(
            local_day_start(at_, "Asia/Kolkata"),
            at("2025-06-04T00:00", "Asia/Kolkata")
        );
        assert_eq!(
            local_day_start(at_, "Not/AZone"),
            at("2025-06-03T00:00", "UTC")
        );
    }

    #[test]
    fn nonsense_hours_do_not_loop_forever() {
        let closed = BusinessHours::new(600, 600, "UTC");
        let from = at("2025-06-03T10:00", "UTC");
        assert_eq!(closed.between(from, from + 10 * H), 0);
        assert_eq!(closed.add(from, H), from + H);
    }
}
