//! The audience: who engages with a profile, and which of them a workspace wants to reach (its target segments).
//! The figures are the catalogue's `audience_*`, `new_engagers`, `returning_engagers`, `engager_language_share`,
//! `engagements_by_hour`, `segment_engagements` and `segment_share`; the functions below are their formulas, computed
//! from the stored rows (one row per engagement, one per engager).

use crate::Millis;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// What an account did.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EngagementKind {
    Like,
    Repost,
    Quote,
    Reply,
    Mention,
}

impl EngagementKind {
    pub const ALL: [EngagementKind; 5] = [
        EngagementKind::Like,
        EngagementKind::Repost,
        EngagementKind::Quote,
        EngagementKind::Reply,
        EngagementKind::Mention,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            EngagementKind::Like => "like",
            EngagementKind::Repost => "repost",
            EngagementKind::Quote => "quote",
            EngagementKind::Reply => "reply",
            EngagementKind::Mention => "mention",
        }
    }

    pub fn parse(s: &str) -> Option<EngagementKind> {
        EngagementKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl TryFrom<String> for EngagementKind {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        EngagementKind::parse(&s).ok_or(s)
    }
}

/// An account as a profile meets it, with what segments are matched on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Engager {
    pub id: i64,
    pub profile_id: i64,
    pub handle: String,
    pub name: String,
    pub bio: Option<String>,
    /// Followers of the account itself, where the network says.
    pub followers: Option<i64>,
    /// The language of its own words (ISO 639-1), where known.
    pub lang: Option<String>,
    /// Whether it follows the profile, by the profile's latest complete follower list; `None` with no such list.
    pub follows_us: Option<bool>,
}

/// One engagement, as the report reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Engagement {
    pub engager_id: i64,
    pub profile_id: i64,
    pub kind: EngagementKind,
    pub at: Millis,
    /// Our post it was on, when known.
    pub post_id: Option<i64>,
}

/// A target audience. Every criterion that is set must hold; within a list, any entry will do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Segment {
    pub id: i64,
    pub name: String,
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
    /// Words or phrases, any of which in the bio matches (whole words, any case).
    pub bio_words: Vec<String>,
    /// Places, any of which named in the bio matches (whole words, any case).
    pub places: Vec<String>,
    pub min_followers: Option<i64>,
    pub max_followers: Option<i64>,
    /// `Some(true)`: followers only; `Some(false)`: non-followers only.
    pub followers: Option<bool>,
}

impl Segment {
    /// Whether `e` belongs to the segment. A criterion on something unknown about the account (no bio, no follower
    /// count, no follower list) does not hold: the account is not counted as reached.
    pub fn matches(&self, e: &Engager) -> bool {
        let bio = e.bio.as_deref().unwrap_or("");
        let lang_ok = self.languages.is_empty()
            || e.lang
                .as_deref()
                .is_some_and(|l| self.languages.iter().any(|x| x.eq_ignore_ascii_case(l)));
        let words_ok = self.bio_words.is_empty() || self.bio_words.iter().any(|w| names(bio, w));
        let places_ok = self.places.is_empty() || self.places.iter().any(|p| names(bio, p));
        let min_ok = self
            .min_followers
            .is_none_or(|min| e.followers.is_some_and(|f| f >= min));
        let max_ok = self
            .max_followers
            .is_none_or(|max| e.followers.is_some_and(|f| f <= max));
        let follows_ok = self.followers.is_none_or(|want| e.follows_us == Some(want));
        lang_ok && words_ok && places_ok && min_ok && max_ok && follows_ok
    }
}

/// Whether `text` holds `phrase` as whole words, ignoring case ("Pune" in "Pune, India" but not in "Punekar").
pub fn names(text: &str, phrase: &str) -> bool {
    let phrase = phrase.trim().to_lowercase();
    if phrase.is_empty() {
        return false;
    }
    let text = text.to_lowercase();
    let mut start = 0;
    while let Some(i) = text[start..].find(&phrase) {
        let at = start + i;
        let end = at + phrase.len();
        let before = text[..at].chars().next_back();
        let after = text[end..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if boundary(before) && boundary(after) {
            return true;
        }
        start = at + text[at..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// An engager and how often they engaged in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TopEngager {
    pub engager_id: i64,
    pub engagements: i64,
}

/// The audience figures for a period.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AudienceFigures {
    /// `audience_engagers`.
    pub engagers: i64,
    /// `audience_engagements`.
    pub engagements: i64,
    /// Engagements per kind, every kind listed.
    pub by_kind: Vec<(EngagementKind, i64)>,
    pub new_engagers: i64,
    pub returning_engagers: i64,
    /// Most engagements first, then the lower id; at most [`TOP_ENGAGERS`].
    pub top: Vec<TopEngager>,
    /// (language or "und", engagers), most first, then by code.
    pub languages: Vec<(String, i64)>,
    /// Engagements per hour of the day (0–23) in the viewer's zone.
    pub hours: Vec<i64>,
    /// Engagements per weekday, Monday first, in the viewer's zone.
    pub weekdays: Vec<i64>,
}

/// Time zones' offsets are multiples of this.
pub const QUARTER_HOUR: Millis = 15 * 60_000;

/// How many top engagers are listed.
pub const TOP_ENGAGERS: usize = 20;

/// The period's figures from its engagements. `first_at` holds, per engager, the time of their first engagement with
/// the profile ever (at or before the period's ones); `from` is the period's start.
pub fn figures(
    in_period: &[Engagement],
    engagers: &HashMap<i64, Engager>,
    first_at: &HashMap<i64, Millis>,
    from: Millis,
    tz: &TimeZone,
) -> AudienceFigures {
    let mut per_engager: HashMap<i64, i64> = HashMap::new();
    let mut by_kind: BTreeMap<EngagementKind, i64> =
        EngagementKind::ALL.iter().map(|k| (*k, 0)).collect();
    let mut hours = vec![0; 24];
    let mut weekdays = vec![0; 7];
    // Every zone's offset is a whole number of quarter hours: one conversion per quarter hour, not per engagement.
    let mut local: HashMap<i64, Option<(usize, usize)>> = HashMap::new();
    for e in in_period {
        *per_engager.entry(e.engager_id).or_default() += 1;
        *by_kind.entry(e.kind).or_default() += 1;
        let slot = e.at.div_euclid(QUARTER_HOUR);
        let at = local
            .entry(slot)
            .or_insert_with(|| local_hour_and_weekday(slot * QUARTER_HOUR, tz));
        if let Some((hour, weekday)) = *at {
            hours[hour] += 1;
            weekdays[weekday] += 1;
        }
    }
    let returning = per_engager
        .keys()
        .filter(|id| first_at.get(id).is_some_and(|first| *first < from))
        .count() as i64;
    let mut top: Vec<TopEngager> = per_engager
        .iter()
        .map(|(id, n)| TopEngager {
            engager_id: *id,
            engagements: *n,
        })
        .collect();
    top.sort_by(|a, b| {
        b.engagements
            .cmp(&a.engagements)
            .then(a.engager_id.cmp(&b.engager_id))
    });
    top.truncate(TOP_ENGAGERS);
    let mut languages: HashMap<String, i64> = HashMap::new();
    for id in per_engager.keys() {
        let lang = engagers
            .get(id)
            .and_then(|e| e.lang.clone())
            .unwrap_or_else(|| "und".to_string());
        *languages.entry(lang).or_default() += 1;
    }
    let mut languages: Vec<(String, i64)> = languages.into_iter().collect();
    languages.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    AudienceFigures {
        engagers: per_engager.len() as i64,
        engagements: in_period.len() as i64,
        by_kind: by_kind.into_iter().collect(),
        new_engagers: per_engager.len() as i64 - returning,
        returning_engagers: returning,
        top,
        languages,
        hours,
        weekdays,
    }
}

/// Engagers, engagements, new and returning engagers of `in_period` (the per-profile line of the report), by the same
/// formulas as [`figures`].
pub fn counts(
    in_period: &[&Engagement],
    first_at: &HashMap<i64, Millis>,
    from: Millis,
) -> (i64, i64, i64, i64) {
    let engagers: HashSet<i64> = in_period.iter().map(|e| e.engager_id).collect();
    let returning = engagers
        .iter()
        .filter(|id| first_at.get(id).is_some_and(|first| *first < from))
        .count() as i64;
    let n = engagers.len() as i64;
    (n, in_period.len() as i64, n - returning, returning)
}

/// The hour (0–23) and weekday (0 = Monday) of `at` in `tz`.
pub fn local_hour_and_weekday(at: Millis, tz: &TimeZone) -> Option<(usize, usize)> {
    let z = jiff::Timestamp::from_millisecond(at)
        .ok()?
        .to_zoned(tz.clone());
    Some((
        z.hour() as usize,
        z.weekday().to_monday_zero_offset() as usize,
    ))
}

/// `YYYY-MM-DD` of `at` in `tz`.
pub fn local_day(at: Millis, tz: &TimeZone) -> String {
    jiff::Timestamp::from_millisecond(at)
        .map(|t| t.to_zoned(tz.clone()).date().to_string())
        .unwrap_or_default()
}

/// Engagements from a segment out of all, for one post, campaign or day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Share {
    /// `segment_engagements`.
    pub reached: i64,
    /// `audience_engagements`.
    pub engagements: i64,
    /// `segment_share`; `None` when there were no engagements.
    pub percent: Option<f64>,
}

impl Share {
    pub fn of(reached: i64, engagements: i64) -> Share {
        Share {
            reached,
            engagements,
            percent: (engagements > 0).then(|| reached as f64 / engagements as f64 * 100.0),
        }
    }
}

/// The ids of the engagers in `engagers` that match `segment`.
pub fn members(segment: &Segment, engagers: &HashMap<i64, Engager>) -> HashSet<i64> {
    engagers
        .values()
        .filter(|e| segment.matches(e))
        .map(|e| e.id)
        .collect()
}

/// A segment's share of `in_period` overall and grouped by `key` (a post, a campaign, a day); groups sorted by key.
pub fn shares_by<K: Ord + Clone>(
    in_period: &[Engagement],
    members: &HashSet<i64>,
    key: impl Fn(&Engagement) -> Vec<K>,
) -> Vec<(K, Share)> {
    let mut groups: BTreeMap<K, (i64, i64)> = BTreeMap::new();
    for e in in_period {
        let hit = members.contains(&e.engager_id) as i64;
        for k in key(e) {
            let g = groups.entry(k).or_default();
            g.0 += hit;
            g.1 += 1;
        }
    }
    groups
        .into_iter()
        .map(|(k, (reached, all))| (k, Share::of(reached, all)))
        .collect()
}

/// A segment's share of all of `in_period`.
pub fn share(in_period: &[Engagement], members: &HashSet<i64>) -> Share {
    let reached = in_period
        .iter()
        .filter(|e| members.contains(&e.engager_id))
        .count() as i64;
    Share::of(reached, in_period.len() as i64)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn engager(id: i64, bio: &str, followers: Option<i64>, lang: Option<&str>) -> Engager {
        Engager {
            id,
            profile_id: 1,
            handle: format!("p{id}"),
            name: String::new(),
            bio: Some(bio.to_string()),
            followers,
            lang: lang.map(str::to_string),
            follows_us: Some(id % 2 == 0),
        }
    }

    #[test]
    fn places_and_words_match_whole_words_in_any_case() {
        assert!(names("Chai lover from PUNE, India", "pune"));
        assert!(!names("Punekar at heart", "pune"));
        assert!(names("Lives in New Delhi.", "new delhi"));
        assert!(names("दिल्ली में रहता हूँ", "दिल्ली"));
        assert!(!names("anything", " "));
    }

    #[test]
    fn every_criterion_set_must_hold_and_unknowns_do_not_match() {
        let seg = Segment {
            id: 1,
            name: "Pune foodies".into(),
            languages: vec!["hi".into(), "en".into()],
            bio_words: vec!["food".into(), "chef".into()],
            places: vec!["Pune".into()],
            min_followers: Some(100),
            max_followers: Some(10_000),
            followers: Some(true),
        };
        assert!(seg.matches(&engager(2, "Food blogger, Pune", Some(500), Some("en"))));
        assert!(
            !seg.matches(&engager(3, "Food blogger, Pune", Some(500), Some("en"))),
            "not a follower"
        );
        assert!(
            !seg.matches(&engager(4, "Food blogger, Pune", None, Some("en"))),
            "count unknown"
        );
        assert!(!seg.matches(&engager(6, "Food blogger, Pune", Some(50_000), Some("en"))));
        assert!(!seg.matches(&engager(8, "Food blogger, Mumbai", Some(500), Some("en"))));
        assert!(!seg.matches(&engager(10, "Food blogger, Pune", Some(500), Some("ta"))));
        let anyone = Segment {
            languages: vec![],
            bio_words: vec![],
            places: vec![],
            min_followers: None,
            max_followers: None,
            followers: None,
            ..seg
        };
        assert!(anyone.matches(&engager(3, "", None, None)));
    }

    #[test]
    fn hours_and_weekdays_are_the_viewers() {
        // 2026-03-01 20:00 UTC is a Sunday; in Kolkata it is Monday 01:30.
        let at = 1_772_395_200_000;
        let kolkata = TimeZone::get("Asia/Kolkata").unwrap();
        assert_eq!(local_hour_and_weekday(at, &kolkata), Some((1, 0)));
        assert_eq!(local_hour_and_weekday(at, &TimeZone::UTC), Some((20, 6)));
    }
}
