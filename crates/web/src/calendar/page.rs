//! The calendar: a month or a week of scheduled and published posts, per profile, in the viewer's time zone. Posts
//! can be dragged to another day (the time of day is kept); the keyboard alternative is "Move to" on each post.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::ui::{Chrome, PageError, WithUser};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use sangam_domain::{Millis, Permission};
use sangam_store::posts::{self, Post};
use sangam_store::profiles;

/// One post as a calendar entry.
pub struct Entry {
    pub id: i64,
    pub time: String,
    pub text: String,
    pub status: String,
    /// The post's one status word (`scheduled`, `published`...), shown on the chip.
    pub life: &'static str,
    /// `published`, `failed`... the worst state among its deliveries, for the colour.
    pub state: String,
    pub profiles: String,
    pub movable: bool,
}

pub struct Day {
    pub date: String,
    pub number: i8,
    pub in_range: bool,
    pub today: bool,
    pub entries: Vec<Entry>,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/calendar.html")]
pub struct CalendarPage {
    pub page: Chrome,
    pub view: String,
    pub label: String,
    pub weeks: Vec<Vec<Day>>,
    pub prev: String,
    pub next: String,
    pub profiles: Vec<(i64, String)>,
    pub profile: Option<i64>,
    pub can_move: bool,
    pub here: String,
}

impl CalendarPage {
    pub fn is_profile(&self, id: &i64) -> bool {
        self.profile == Some(*id)
    }
}

#[derive(serde::Deserialize, Default)]
pub struct CalendarQuery {
    view: Option<String>,
    date: Option<String>,
    profile: Option<i64>,
}

/// The first and last instants (UTC millis, end exclusive) of a local calendar day. Days around a daylight-saving
/// change are 23 or 25 hours long, so this is computed in the zone, not as 24 hours.
pub fn day_range(date: Date, tz: &TimeZone) -> Option<(Millis, Millis)> {
    let start = date.to_zoned(tz.clone()).ok()?.timestamp().as_millisecond();
    let end = date
        .tomorrow()
        .ok()?
        .to_zoned(tz.clone())
        .ok()?
        .timestamp()
        .as_millisecond();
    Some((start, end))
}

/// The Monday on or before `date`.
pub fn monday_of(date: Date) -> Date {
    let back = date.weekday().to_monday_zero_offset();
    date.checked_sub(i64::from(back).days()).unwrap_or(date)
}

/// The weeks shown for the month of `date`: Monday of the week holding the 1st to Sunday of the week holding the last.
pub fn month_days(date: Date) -> Vec<Date> {
    let first = date.first_of_month();
    let last = date.last_of_month();
    let mut day = monday_of(first);
    let mut days = Vec::new();
    while day <= last || day.weekday() != Weekday::Monday {
        days.push(day);
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    days
}

fn local_date(millis: Millis, tz: &TimeZone) -> Option<Date> {
    Some(
        Timestamp::from_millisecond(millis)
            .ok()?
            .to_zoned(tz.clone())
            .date(),
    )
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Query(q): Query<CalendarQuery>,
) -> Result<CalendarPage, PageError> {
    let page = Chrome::new(&user, "calendar", "calendar-title");
    let tz = page.t.zone().clone();
    let today = Timestamp::now().to_zoned(tz.clone()).date();
    let anchor = q
        .date
        .as_deref()
        .and_then(|d| d.parse::<Date>().ok())
        .unwrap_or(today);
    let week = q.view.as_deref() == Some("week");
    let days: Vec<Date> = if week {
        let monday = monday_of(anchor);
        (0..7)
            .filter_map(|i| monday.checked_add(i.days()).ok())
            .collect()
    } else {
        month_days(anchor)
    };
    let (Some(first), Some(last)) = (days.first().copied(), days.last().copied()) else {
        return Err(crate::AppError::Internal("empty calendar".into())).for_user(&user);
    };
    let from = day_range(first, &tz).map(|r| r.0).unwrap_or_default();
    let to = day_range(last, &tz).map(|r| r.1).unwrap_or_default();
    let mut found = posts::between(&state.db, user.workspace_id, from, to)
        .await
        .for_user(&user)?;
    if let Some(profile) = q.profile {
        found.retain(|p| p.deliveries.iter().any(|d| d.profile_id == profile));
    }
    let can_move = user.role.can(Permission::ComposePosts);
    let entry = |p: &Post| Entry {
        id: p.id,
        time: crate::time_fmt::local(p.scheduled_at, &tz)
            .split(' ')
            .nth(1)
            .unwrap_or_default()
            .to_string(),
        text: p.body.chars().take(80).collect(),
        status: p.status.as_str().to_string(),
        life: p.life.as_str(),
        state: worst_state(p),
        profiles: p
            .deliveries
            .iter()
            .map(|d| format!("@{}", d.profile_handle))
            .collect::<Vec<_>>()
            .join(" "),
        movable: can_move
            && !p.life.has_gone_out()
            && p.deliveries
                .iter()
                .all(|d| d.state == sangam_domain::DeliveryState::Scheduled),
    };
    let cells: Vec<Day> = days
        .iter()
        .map(|d| Day {
            date: d.to_string(),
            number: d.day(),
            in_range: week || d.month() == anchor.month(),
            today: *d == today,
            entries: found
                .iter()
                .filter(|p| local_date(p.scheduled_at, &tz) == Some(*d))
                .map(entry)
                .collect(),
        })
        .collect();
    let mut weeks = Vec::new();
    let mut iter = cells.into_iter().peekable();
    while iter.peek().is_some() {
        weeks.push(iter.by_ref().take(7).collect());
    }
    let (prev, next, label) = if week {
        let prev = anchor.checked_sub(7.days()).unwrap_or(anchor);
        let next = anchor.checked_add(7.days()).unwrap_or(anchor);
        (prev, next, format!("{} – {}", first, last))
    } else {
        let prev = anchor
            .first_of_month()
            .checked_sub(1.day())
            .unwrap_or(anchor);
        let next = anchor
            .last_of_month()
            .checked_add(1.day())
            .unwrap_or(anchor);
        (prev, next, anchor.strftime("%Y-%m").to_string())
    };
    let view = if week { "week" } else { "month" }.to_string();
    let profile_param = q
        .profile
        .map(|p| format!("&profile={p}"))
        .unwrap_or_default();
    let profiles = profiles::list(&state.db, user.workspace_id)
        .await
        .for_user(&user)?
        .into_iter()
        .map(|p| (p.id, p.display_name))
        .collect();
    Ok(CalendarPage {
        here: format!("/calendar?view={view}&date={anchor}{profile_param}"),
        prev: format!("/calendar?view={view}&date={prev}{profile_param}"),
        next: format!("/calendar?view={view}&date={next}{profile_param}"),
        page,
        view,
        label,
        weeks,
        profiles,
        profile: q.profile,
        can_move,
    })
}

fn worst_state(p: &Post) -> String {
    use sangam_domain::DeliveryState::*;
    let order = [Failed, Unknown, Sending, Scheduled, Published, Cancelled];
    order
        .iter()
        .find(|s| p.deliveries.iter().any(|d| d.state == **s))
        .map_or("scheduled", |s| s.as_str())
        .to_string()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn days_around_daylight_saving_changes_are_23_and_25_hours_long() {
        let london = TimeZone::get("Europe/London").unwrap();
        let spring = day_range("2026-03-29".parse().unwrap(), &london).unwrap();
        assert_eq!(spring.1 - spring.0, 23 * 3_600_000);
        let autumn = day_range("2026-10-25".parse().unwrap(), &london).unwrap();
        assert_eq!(autumn.1 - autumn.0, 25 * 3_600_000);
        let normal = day_range("2026-11-26".parse().unwrap(), &london).unwrap();
        assert_eq!(normal.1 - normal.0, 24 * 3_600_000);
    }

    #[test]
    fn a_month_grid_starts_on_monday_and_covers_whole_weeks() {
        let days = month_days("2026-11-15".parse().unwrap());
        assert_eq!(days.first().unwrap().to_string(), "2026-10-26");
        assert_eq!(days.last().unwrap().to_string(), "2026-12-06");
        assert_eq!(days.len() % 7, 0);
    }

    #[test]
    fn a_post_late_in_the_evening_in_kolkata_sits_on_the_next_utc_day_but_its_local_day() {
        let kolkata = TimeZone::get("Asia/Kolkata").unwrap();
        // 2026-11-26 20:00 UTC is 2026-11-27 01:30 in Kolkata.
        let ms = "2026-11-26T20:00:00Z"
            .parse::<Timestamp>()
            .unwrap()
            .as_millisecond();
        assert_eq!(local_date(ms, &kolkata).unwrap().to_string(), "2026-11-27");
    }
}
