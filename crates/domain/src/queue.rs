//! Queue time slots: each profile has weekly times ("Mon 09:00"), in the profile's own time zone; "add to queue"
//! takes the next one not already used. Computed on wall-clock time in the zone, so a 09:00 slot stays 09:00 across
//! daylight-saving changes.

use crate::Millis;
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

/// A weekly slot: day of the week (0 = Monday) and minute of the day.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    utoipa::ToSchema,
)]
pub struct Slot {
    pub weekday: i8,
    pub minute: i16,
}

impl Slot {
    pub fn new(weekday: i8, minute: i16) -> Option<Slot> {
        ((0..7).contains(&weekday) && (0..1440).contains(&minute))
            .then_some(Slot { weekday, minute })
    }

    /// "Mon 09:00".
    pub fn label(&self) -> String {
        const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        format!(
            "{} {:02}:{:02}",
            DAYS[self.weekday as usize],
            self.minute / 60,
            self.minute % 60
        )
    }

    /// Reads "Mon 09:00"; several slots may be given as "Mon-Fri 09:00 13:00" (see [`parse_slots`]).
    fn day(name: &str) -> Option<i8> {
        let i = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .iter()
            .position(|d| name.eq_ignore_ascii_case(d))?;
        Some(i as i8)
    }
}

/// Parses lines like `Mon-Fri 09:00 13:00` or `Sat 10:30`, one rule per line. Errors name the line.
pub fn parse_slots(text: &str) -> Result<Vec<Slot>, String> {
    let mut slots = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut words = line.split_whitespace();
        let days = words.next().unwrap_or_default();
        let (from, to) = match days.split_once('-') {
            Some((a, b)) => (Slot::day(a), Slot::day(b)),
            None => (Slot::day(days), Slot::day(days)),
        };
        let (Some(from), Some(to)) = (from, to) else {
            return Err(format!(
                "\"{line}\": start with a day such as Mon or a range such as Mon-Fri."
            ));
        };
        let times: Vec<&str> = words.collect();
        if times.is_empty() {
            return Err(format!("\"{line}\": add at least one time such as 09:00."));
        }
        for time in times {
            let minute = time
                .split_once(':')
                .and_then(|(h, m)| Some(h.parse::<i16>().ok()? * 60 + m.parse::<i16>().ok()?))
                .filter(|m| (0..1440).contains(m))
                .ok_or_else(|| format!("\"{time}\" is not a time such as 09:00."))?;
            let mut day = from;
            loop {
                slots.extend(Slot::new(day, minute));
                if day == to {
                    break;
                }
                day = (day + 1) % 7;
            }
        }
    }
    slots.sort();
    slots.dedup();
    Ok(slots)
}

fn weekday_index(d: Weekday) -> i8 {
    d.to_monday_zero_offset()
}

/// The first slot strictly after `after` whose instant is not in `taken`, looking up to eight weeks ahead. A slot in
/// a daylight-saving gap moves to the next valid time (as a clock would).
pub fn next_free(slots: &[Slot], tz: &TimeZone, after: Millis, taken: &[Millis]) -> Option<Millis> {
    if slots.is_empty() {
        return None;
    }
    let start: Date = Timestamp::from_millisecond(after)
        .ok()?
        .to_zoned(tz.clone())
        .date();
    let mut ordered = slots.to_vec();
    ordered.sort();
    for offset in 0..56 {
        let day = start.checked_add(offset.days()).ok()?;
        for slot in ordered
            .iter()
            .filter(|s| s.weekday == weekday_index(day.weekday()))
        {
            let dt = day.at((slot.minute / 60) as i8, (slot.minute % 60) as i8, 0, 0);
            let at = tz
                .to_ambiguous_zoned(dt)
                .compatible()
                .ok()?
                .timestamp()
                .as_millisecond();
            if at > after && !taken.contains(&at) {
                return Some(at);
            }
        }
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ms(s: &str) -> Millis {
        s.parse::<Timestamp>().unwrap().as_millisecond()
    }

    #[test]
    fn weekday_ranges_and_several_times_are_read() {
        let slots = parse_slots("Mon-Fri 09:00 13:00\nSat 10:30").unwrap();
        assert_eq!(slots.len(), 11);
        assert_eq!(slots[0].label(), "Mon 09:00");
        assert!(parse_slots("Funday 09:00").unwrap_err().contains("Funday"));
        assert!(parse_slots("Mon 25:00").unwrap_err().contains("25:00"));
        assert_eq!(
            parse_slots("Sat-Mon 08:00").unwrap().len(),
            3,
            "ranges wrap over the weekend"
        );
    }

    #[test]
    fn the_next_free_slot_skips_taken_ones_and_weekends() {
        let slots = parse_slots("Mon-Fri 09:00").unwrap();
        let utc = TimeZone::UTC;
        // Thursday 2026-11-26 10:00 UTC: Thursday's slot has passed, Friday's is taken, so Monday.
        let friday = ms("2026-11-27T09:00:00Z");
        assert_eq!(
            next_free(&slots, &utc, ms("2026-11-26T10:00:00Z"), &[friday]),
            Some(ms("2026-11-30T09:00:00Z"))
        );
        assert_eq!(next_free(&[], &utc, 0, &[]), None);
    }

    #[test]
    fn a_nine_oclock_slot_stays_nine_oclock_across_the_clock_change() {
        let london = TimeZone::get("Europe/London").unwrap();
        let slots = parse_slots("Sat-Mon 09:00").unwrap();
        // Saturday 28 March 2026 is GMT (09:00Z); Sunday 29 is BST (08:00Z).
        let sat = next_free(&slots, &london, ms("2026-03-28T00:00:00Z"), &[]).unwrap();
        assert_eq!(sat, ms("2026-03-28T09:00:00Z"));
        let sun = next_free(&slots, &london, sat, &[]).unwrap();
        assert_eq!(sun, ms("2026-03-29T08:00:00Z"));
    }

    #[test]
    fn a_slot_in_the_spring_forward_gap_moves_to_the_next_valid_minute() {
        let london = TimeZone::get("Europe/London").unwrap();
        let slots = parse_slots("Sun 01:30").unwrap();
        let at = next_free(&slots, &london, ms("2026-03-28T12:00:00Z"), &[]).unwrap();
        assert_eq!(
            at,
            ms("2026-03-29T01:30:00Z"),
            "01:30 does not exist that night; 02:30 BST does"
        );
    }
}
