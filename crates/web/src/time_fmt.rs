//! Times are stored in UTC and shown in the viewer's time zone.

use jiff::tz::TimeZone;
use jiff::{Timestamp, civil};
use sangam_domain::Millis;

/// The viewer's zone, falling back to UTC for a name the time-zone database does not know.
pub fn zone(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or(TimeZone::UTC)
}

/// `2026-11-26 14:05` in the viewer's zone.
pub fn local(millis: Millis, tz: &TimeZone) -> String {
    match Timestamp::from_millisecond(millis) {
        Ok(ts) => ts
            .to_zoned(tz.clone())
            .strftime("%Y-%m-%d %H:%M")
            .to_string(),
        Err(_) => String::from("-"),
    }
}

/// ISO 8601 with offset, for `<time datetime=...>`.
pub fn iso(millis: Millis) -> String {
    Timestamp::from_millisecond(millis)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// Reads the composer's `datetime-local` value (`2026-11-26T14:05`) as a time in the viewer's zone. In a daylight
/// saving gap the later valid time is taken; in an overlap, the earlier.
pub fn parse_local(value: &str, tz: &TimeZone) -> Option<Millis> {
    let dt: civil::DateTime = value.trim().parse().ok()?;
    let zoned = tz.to_ambiguous_zoned(dt).compatible().ok()?;
    Some(zoned.timestamp().as_millisecond())
}

/// The value for a `datetime-local` input showing `millis` in the viewer's zone.
pub fn to_local_input(millis: Millis, tz: &TimeZone) -> String {
    match Timestamp::from_millisecond(millis) {
        Ok(ts) => ts
            .to_zoned(tz.clone())
            .strftime("%Y-%m-%dT%H:%M")
            .to_string(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_local_time_in_kolkata_is_stored_as_utc() {
        let tz = zone("Asia/Kolkata");
        let ms = parse_local("2026-11-26T10:30", &tz).unwrap();
        assert_eq!(iso(ms), "2026-11-26T05:00:00Z");
        assert_eq!(local(ms, &tz), "2026-11-26 10:30");
    }

    #[test]
    fn a_time_in_the_spring_forward_gap_moves_to_the_next_valid_minute() {
        let tz = zone("Europe/London");
        let ms = parse_local("2026-03-29T01:30", &tz).unwrap();
        assert_eq!(iso(ms), "2026-03-29T01:30:00Z");
    }

    #[test]
    fn unknown_zones_fall_back_to_utc() {
        assert_eq!(local(0, &zone("Mars/Olympus")), "1970-01-01 00:00");
    }
}
