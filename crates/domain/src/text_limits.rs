//! What Sangam accepts, in one place: counting a post's length the way each network counts it (so the composer's
//! counter and the server agree with the network: Bluesky counts graphemes (300), Mastodon counts characters with
//! every link as 23 (500)), and the stated limit of every other text, date and number a person or client can send.
//! The web checks requests against these and the OpenAPI document states them (`maxLength`, `minimum`, `maximum`).

use crate::Millis;
use crate::network::NetworkKind;
use std::ops::RangeInclusive;
use unicode_segmentation::UnicodeSegmentation;

/// Longest text fields, in characters (Unicode scalar values).
pub mod max_chars {
    /// A person's, a rule's, a token's, a step's, an outside approver's name.
    pub const NAME: usize = 100;
    /// An email address (RFC 5321's path limit).
    pub const EMAIL: usize = 254;
    /// A password; argon2 takes any length, this bounds the work one request can ask for.
    pub const PASSWORD: usize = 1_000;
    /// An inbox tag or a post tag.
    pub const TAG: usize = 40;
    /// A post's text as composed, before each network's own limit is applied.
    pub const POST_TEXT: usize = 10_000;
    /// A reply from the inbox.
    pub const REPLY: usize = 5_000;
    /// A note on a message, a saved reply, a review note.
    pub const NOTE: usize = 5_000;
    /// A private check-in note.
    pub const CHECK_IN_NOTE: usize = 2_000;
    /// Why publishing is paused (shown on every page while it is).
    pub const REASON: usize = 500;
    /// A goal's objective.
    pub const OBJECTIVE: usize = 500;
    /// An image's alt text.
    pub const ALT_TEXT: usize = 1_500;
    /// A URL (a profile's server, a link).
    pub const URL: usize = 2_000;
    /// A search or filter word in a query string.
    pub const QUERY: usize = 200;
    /// Any other text field of a request; nothing legitimate is longer.
    pub const ANY: usize = 20_000;
}

/// Whether `text` is at most `max` characters.
pub fn within(text: &str, max: usize) -> bool {
    // Bytes bound characters from above: most texts need no count.
    text.len() <= max || text.chars().count() <= max
}

/// The first and last day (inclusive) a date from a person may name: reports, goals, schedules.
pub const EARLIEST_DATE: jiff::civil::Date = jiff::civil::date(2000, 1, 1);
pub const LATEST_DATE: jiff::civil::Date = jiff::civil::date(2099, 12, 31);

/// The same range as UTC milliseconds: 2000-01-01T00:00:00Z to 2100-01-01T00:00:00Z (exclusive).
pub const EARLIEST_TIME: Millis = 946_684_800_000;
pub const LATEST_TIME: Millis = 4_102_444_800_000 - 1;

/// Whether a date lies in [`EARLIEST_DATE`]..=[`LATEST_DATE`].
pub fn date_in_range(date: jiff::civil::Date) -> bool {
    (EARLIEST_DATE..=LATEST_DATE).contains(&date)
}

/// Whether a time (a schedule, a period bound) lies in [`EARLIEST_TIME`]..=[`LATEST_TIME`].
pub fn time_in_range(at: Millis) -> bool {
    (EARLIEST_TIME..=LATEST_TIME).contains(&at)
}

/// The sentence for a date or time outside the range.
pub const DATE_RANGE_SENTENCE: &str = "Dates must lie between 2000-01-01 and 2099-12-31.";

/// Numbers with a stated range.
pub mod ranges {
    use super::RangeInclusive;
    /// A weekly check-in's energy.
    pub const ENERGY: RangeInclusive<i64> = 1..=5;
    /// Days an outside approver's link lasts.
    pub const LINK_DAYS: RangeInclusive<i64> = 1..=30;
    /// A count a person types (a goal's target, a follower threshold, a budget).
    pub const COUNT: RangeInclusive<i64> = 0..=1_000_000_000_000;
    /// Rows one page of a list may ask for.
    pub const PAGE_SIZE: RangeInclusive<i64> = 1..=500;
}

/// Mastodon counts every URL as this many characters, whatever its real length.
pub const MASTODON_URL_LENGTH: usize = 23;

pub fn count_for(network: NetworkKind, text: &str) -> usize {
    match network {
        NetworkKind::Bluesky => text.graphemes(true).count(),
        NetworkKind::Mastodon | NetworkKind::Sandbox => mastodon_length(text),
        NetworkKind::X => x_length(text),
        NetworkKind::Facebook
        | NetworkKind::Instagram
        | NetworkKind::Threads
        | NetworkKind::LinkedIn => text.chars().count(),
    }
}

/// X's weighted length (twitter-text v3): code points in the Latin, general punctuation and similar ranges weigh 1,
/// every other code point (CJK, emoji) weighs 2 (Devanagari, below U+10FF, weighs 1), and each `http(s)://` link weighs 23; the limit of 280 is
/// in these units.
fn x_length(text: &str) -> usize {
    text.split_inclusive(char::is_whitespace)
        .map(|word| {
            let bare = word.trim_end();
            if bare.starts_with("http://") || bare.starts_with("https://") {
                MASTODON_URL_LENGTH + (word.len() - bare.len())
            } else {
                word.chars().map(x_weight).sum()
            }
        })
        .sum()
}

fn x_weight(c: char) -> usize {
    let light =
        matches!(u32::from(c), 0..=0x10FF | 0x2000..=0x200D | 0x2010..=0x201F | 0x2032..=0x2037);
    if light { 1 } else { 2 }
}

/// Characters, with each `http(s)://` link counted as [`MASTODON_URL_LENGTH`].
fn mastodon_length(text: &str) -> usize {
    text.split_inclusive(char::is_whitespace)
        .map(|word| {
            let bare = word.trim_end();
            let trailing = word.chars().count() - bare.chars().count();
            if bare.starts_with("http://") || bare.starts_with("https://") {
                MASTODON_URL_LENGTH + trailing
            } else {
                word.chars().count()
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bluesky_counts_a_family_emoji_as_one() {
        assert_eq!(count_for(NetworkKind::Bluesky, "👨‍👩‍👧"), 1);
        assert_eq!(count_for(NetworkKind::Bluesky, "नमस्ते"), 3);
    }

    #[test]
    fn x_weighs_emoji_double_devanagari_single_and_every_link_as_23() {
        assert_eq!(count_for(NetworkKind::X, "hello"), 5);
        assert_eq!(count_for(NetworkKind::X, "नमस्ते"), 6);
        assert_eq!(count_for(NetworkKind::X, "日本"), 4);
        assert_eq!(count_for(NetworkKind::X, "hi 😀"), 5);
        assert_eq!(
            count_for(
                NetworkKind::X,
                "see https://example.com/a/very/long/path/indeed"
            ),
            27
        );
    }

    #[test]
    fn the_time_range_is_the_date_range_in_utc() {
        let start = jiff::civil::date(2000, 1, 1)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map(|z| z.timestamp().as_millisecond());
        let end = jiff::civil::date(2100, 1, 1)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .map(|z| z.timestamp().as_millisecond() - 1);
        assert_eq!(start.ok(), Some(EARLIEST_TIME));
        assert_eq!(end.ok(), Some(LATEST_TIME));
        assert!(date_in_range(LATEST_DATE) && !date_in_range(jiff::civil::date(9999, 12, 31)));
        assert!(!time_in_range(i64::MAX) && time_in_range(EARLIEST_TIME));
    }

    #[test]
    fn within_counts_characters_not_bytes() {
        assert!(within("नमस्ते", 6));
        assert!(!within("नमस्ते", 5));
        assert!(within("", 0));
    }

    #[test]
    fn mastodon_counts_every_link_as_twenty_three() {
        let long = "see https://example.com/a/very/long/path/that/goes/on/and/on now";
        assert_eq!(
            count_for(NetworkKind::Mastodon, long),
            "see ".len() + 23 + " now".len()
        );
        assert_eq!(count_for(NetworkKind::Mastodon, "hi"), 2);
    }
}
