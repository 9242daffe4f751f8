//! Followers, following and post counts: what the sandbox reports about a profile at a moment.
//!
//! Followers are a pure function of (seed, handle, time) plus a small lift from each post, so the demo can back-fill
//! 90 days of snapshots by asking about the past, and two processes asking about the same moment agree.

use sangam_domain::Millis;

use super::clock::{DAY, day_of, weekday_of};
use super::ledger::SandboxPost;
use super::mix::Mix;

/// The day audiences start moving (2024-01-01). Before it every profile sits at its starting size.
const ORIGIN_DAY: i64 = 19_723;

pub(crate) fn followers(seed: u64, handle: &str, at: Millis, posts: &[SandboxPost]) -> i64 {
    let organic = starting_followers(seed, handle) + drift_until(seed, handle, at);
    let lift: f64 = posts
        .iter()
        .map(|post| lift_from_post(seed, post, at))
        .sum();
    (organic + lift).round().max(0.0) as i64
}

pub(crate) fn following(seed: u64, handle: &str, at: Millis) -> i64 {
    let start = 30
        + Mix::new(seed)
            .text("following-start")
            .text(handle)
            .below(400) as i64;
    // People follow a few more accounts over time, about one a week.
    start + (day_of(at) - ORIGIN_DAY).max(0) / 7
}

/// Posts made before Sangam was connected, so a new profile does not look empty.
pub(crate) fn earlier_posts(seed: u64, handle: &str) -> i64 {
    10 + Mix::new(seed).text("earlier-posts").text(handle).below(300) as i64
}

fn starting_followers(seed: u64, handle: &str) -> f64 {
    (120 + Mix::new(seed)
        .text("followers-start")
        .text(handle)
        .below(4_000)) as f64
}

/// How many people a day this profile tends to win, before weekday and luck.
fn daily_appetite(seed: u64, handle: &str) -> f64 {
    (3 + Mix::new(seed).text("appetite").text(handle).below(25)) as f64
}

/// Sum of net daily changes from the origin to `at`, with today's change counted in proportion to the hour.
fn drift_until(seed: u64, handle: &str, at: Millis) -> f64 {
    let today = day_of(at);
    if today < ORIGIN_DAY {
        return 0.0;
    }
    let appetite = daily_appetite(seed, handle);
    let full_days: f64 = (ORIGIN_DAY..today)
        .map(|day| net_change(seed, handle, appetite, day))
        .sum();
    let part_of_today = at.rem_euclid(DAY) as f64 / DAY as f64;
    full_days + net_change(seed, handle, appetite, today) * part_of_today
}

/// Followers won minus followers lost on one day. Most days are positive; weekends are quieter; now and then a bad
/// day (a bot purge, an unpopular take) loses more than it wins, so growth charts show real dips.
fn net_change(seed: u64, handle: &str, appetite: f64, day: i64) -> f64 {
    let dice = |what: &str| Mix::new(seed).text(what).text(handle).int(day).unit();
    let weekday_effect = if weekday_of(day * DAY) >= 5 { 0.6 } else { 1.1 };
    let won = appetite * weekday_effect * (0.4 + 1.2 * dice("won"));
    let mut lost = appetite * 0.25 * dice("lost");
    if dice("bad-day") < 0.04 {
        lost += appetite * 3.0 * dice("bad-day-size");
    }
    won - lost
}

/// Each post brings a few followers, arriving over the day after it goes out.
fn lift_from_post(seed: u64, post: &SandboxPost, at: Millis) -> f64 {
    let age = at - post.published_at;
    // A reply is read by the people in its thread, not the profile's audience: it wins no followers. (The demo answers
    // hundreds of messages at start-up; counting them would make every follower chart jump on its last day.)
    if age <= 0 || post.in_reply_to.is_some() {
        return 0.0;
    }
    let size = (2 + Mix::new(seed).text("post-lift").int(post.id).below(7)) as f64;
    size * (age as f64 / DAY as f64).min(1.0)
}
