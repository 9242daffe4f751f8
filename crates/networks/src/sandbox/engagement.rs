//! Likes, reposts, replies and quotes on a published post: a pure function of the seed, the post (id, text, when it
//! went out) and its age, so snapshots taken at any moment, by any process, agree.
//!
//! The shape teams expect to find in their reports: counts climb fast in the first hours and settle after about two
//! days; weekday mornings and evenings (UTC) do better than nights and weekends; a longer post that asks a question or
//! carries a hashtag does a little better, and questions draw replies.

use sangam_domain::Millis;

use super::clock::{HOUR, hour_of, weekday_of};
use super::ledger::SandboxPost;
use super::mix::Mix;
use crate::PostCounts;

/// Likes an ordinary post would settle at with no timing or content effects.
const TYPICAL_LIKES: f64 = 24.0;
/// Hours for the counts to reach about 63% of their final value; after 48 hours they are within 2% of it.
const SETTLING_HOURS: f64 = 12.0;

pub(crate) fn post_counts(
    seed: u64,
    post: &SandboxPost,
    at: Millis,
    report_impressions: bool,
) -> PostCounts {
    let grown = growth(at - post.published_at);
    let appeal =
        timing_effect(post.published_at) * content_effect(&post.text) * luck(seed, post.id);
    let dice = |what: &str| Mix::new(seed).text(what).int(post.id).unit();
    let likes = TYPICAL_LIKES * appeal;
    let reposts = likes * (0.1 + 0.2 * dice("reposts"));
    let asks = if post.text.contains('?') { 2.0 } else { 1.0 };
    let replies = likes * (0.03 + 0.07 * dice("replies")) * asks;
    let quotes = likes * (0.01 + 0.04 * dice("quotes"));
    let impressions = likes * (20.0 + 30.0 * dice("impressions"));
    let settled = |final_count: f64| (final_count * grown).floor() as i64;
    PostCounts {
        remote_id: post.remote_id(),
        likes: settled(likes),
        reposts: settled(reposts),
        replies: settled(replies),
        quotes: settled(quotes),
        impressions: report_impressions.then(|| settled(impressions)),
    }
}

/// Share of the final counts reached at this age: 0 before publication, then 1 - e^(-hours / 12).
fn growth(age: Millis) -> f64 {
    if age <= 0 {
        return 0.0;
    }
    let hours = age as f64 / HOUR as f64;
    1.0 - (-hours / SETTLING_HOURS).exp()
}

fn timing_effect(published_at: Millis) -> f64 {
    let day = if weekday_of(published_at) < 5 {
        1.0
    } else {
        0.7
    };
    let hour = match hour_of(published_at) {
        7..=10 => 1.4,
        17..=21 => 1.3,
        0..=5 => 0.5,
        _ => 1.0,
    };
    day * hour
}

fn content_effect(text: &str) -> f64 {
    let length = text.chars().count().min(280) as f64 / 280.0;
    let question = if text.contains('?') { 1.15 } else { 1.0 };
    let hashtag = if text.contains('#') { 1.1 } else { 1.0 };
    (0.85 + 0.3 * length) * question * hashtag
}

/// Some posts just land and some do not: a factor between 0.5 and 2, skewed towards the middle.
fn luck(seed: u64, id: i64) -> f64 {
    let a = Mix::new(seed).text("luck-a").int(id).unit();
    let b = Mix::new(seed).text("luck-b").int(id).unit();
    2f64.powf(a + b - 1.0)
}
