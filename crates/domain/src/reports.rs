//! Reports as arithmetic over raw rows. The store reads rows (snapshots, deliveries, messages) and nothing else; every
//! figure is computed here with the catalogue's formulas ([`crate::metrics`]), so the oracle tests can recompute a
//! report from the same rows by hand and compare.

use crate::business_hours::BusinessHours;
use crate::metrics::{self, Figure, ResponseTimes};
use crate::{Millis, NetworkKind};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;
use std::collections::BTreeMap;

/// A report's period: `[from, to)` in UTC milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Period {
    pub from: Millis,
    pub to: Millis,
}

impl Period {
    /// The period of the same length just before this one: the default comparison.
    pub fn previous(self) -> Period {
        Period {
            from: self.from - (self.to - self.from),
            to: self.from,
        }
    }

    pub fn contains(self, at: Millis) -> bool {
        at >= self.from && at < self.to
    }
}

/// A profile the report covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ProfileRef {
    pub profile_id: i64,
    pub name: String,
    pub network: NetworkKind,
}

/// One follower snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FollowerPoint {
    pub profile_id: i64,
    pub taken_at: Millis,
    pub followers: i64,
}

/// One published delivery (a post on one profile) with its latest engagement snapshot and the follower count at the
/// time it was published. Counts are `None` when no snapshot has been taken yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PostRow {
    pub delivery_id: i64,
    pub post_id: i64,
    pub profile_id: i64,
    pub published_at: Millis,
    pub body: String,
    pub likes: Option<i64>,
    pub reposts: Option<i64>,
    pub replies: Option<i64>,
    pub quotes: Option<i64>,
    /// `None`: not reported by this network (or not measured yet).
    pub impressions: Option<i64>,
    pub followers_at_post: Option<i64>,
    pub tags: Vec<String>,
}

impl PostRow {
    /// Engagements from the latest snapshot, or `None` when the post has not been measured yet.
    pub fn engagements(&self) -> Option<i64> {
        Some(metrics::engagements(
            self.likes?,
            self.reposts?,
            self.replies?,
            self.quotes?,
        ))
    }
}

/// The figures of one line of the profile performance report (one profile, or all of them).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ProfileFigures {
    pub followers: Option<i64>,
    pub followers_start: Option<i64>,
    pub net_follower_growth: Option<i64>,
    pub audience_growth_rate: Figure,
    pub posts_published: i64,
    /// Posts with at least one engagement snapshot.
    pub posts_measured: i64,
    pub likes: i64,
    pub reposts: i64,
    pub replies: i64,
    pub quotes: i64,
    pub engagements: i64,
    pub impressions: Figure,
    pub engagement_rate_per_follower: Figure,
    pub engagement_rate_per_impression: Figure,
    pub amplification_rate: Figure,
    pub applause_rate: Figure,
    pub conversation_rate: Figure,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ProfileLine {
    pub profile: Option<ProfileRef>,
    pub figures: ProfileFigures,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ProfilePerformance {
    pub period: Period,
    pub lines: Vec<ProfileLine>,
    pub total: ProfileFigures,
}

/// Profile performance over `profiles`: `followers` are the period's snapshots, `posts` the deliveries published in
/// the period.
pub fn profile_performance(
    period: Period,
    profiles: &[ProfileRef],
    followers: &[FollowerPoint],
    posts: &[PostRow],
) -> ProfilePerformance {
    let networks: BTreeMap<i64, NetworkKind> =
        profiles.iter().map(|p| (p.profile_id, p.network)).collect();
    let mut lines = Vec::new();
    let mut ends = Vec::new();
    for profile in profiles {
        let (first, last) = first_and_last(followers, profile.profile_id, period);
        ends.push((first, last));
        let own: Vec<&PostRow> = posts
            .iter()
            .filter(|p| p.profile_id == profile.profile_id)
            .collect();
        lines.push(ProfileLine {
            profile: Some(profile.clone()),
            figures: figures(first, last, &own, &[profile.network]),
        });
    }
    // Totals: followers add up across profiles (each profile's own audience); growth is computed on the profiles that
    // have both a first and a last snapshot.
    let with_both: Vec<(i64, i64)> = ends
        .iter()
        .filter_map(|(a, b)| Some(((*a)?, (*b)?)))
        .collect();
    let (start, end) = if with_both.is_empty() {
        (None, None)
    } else {
        (
            Some(with_both.iter().map(|p| p.0).sum()),
            Some(with_both.iter().map(|p| p.1).sum()),
        )
    };
    let covered: Vec<&PostRow> = posts
        .iter()
        .filter(|p| networks.contains_key(&p.profile_id))
        .collect();
    let nets: Vec<NetworkKind> = profiles.iter().map(|p| p.network).collect();
    let total = figures(start, end, &covered, &nets);
    ProfilePerformance {
        period,
        lines,
        total,
    }
}

/// The follower counts of the first and the last of `id`'s snapshots in the period.
pub fn first_and_last(
    followers: &[FollowerPoint],
    id: i64,
    period: Period,
) -> (Option<i64>, Option<i64>) {
    let points = || {
        followers
            .iter()
            .filter(move |f| f.profile_id == id && period.contains(f.taken_at))
    };
    (
        points().min_by_key(|f| f.taken_at).map(|f| f.followers),
        points().max_by_key(|f| f.taken_at).map(|f| f.followers),
    )
}

/// The figures of one line from its first and last follower counts and its posts: what the profile performance
/// report computes per profile, and the competitor report per account on either side.
pub fn line_figures(
    start: Option<i64>,
    end: Option<i64>,
    posts: &[&PostRow],
    networks: &[NetworkKind],
) -> ProfileFigures {
    figures(start, end, posts, networks)
}

fn figures(
    start: Option<i64>,
    end: Option<i64>,
    posts: &[&PostRow],
    networks: &[NetworkKind],
) -> ProfileFigures {
    let measured: Vec<&&PostRow> = posts.iter().filter(|p| p.engagements().is_some()).collect();
    let sum =
        |f: fn(&PostRow) -> Option<i64>| -> i64 { measured.iter().filter_map(|p| f(p)).sum() };
    let views_reported = networks
        .iter()
        .any(|n| metrics::def("impressions").is_some_and(|m| m.available_on(*n)))
        || measured.iter().any(|p| p.impressions.is_some());
    let impressions = if !views_reported {
        Figure::NotReported
    } else if measured.iter().any(|p| p.impressions.is_some()) {
        Figure::Count(measured.iter().filter_map(|p| p.impressions).sum::<i64>())
    } else {
        Figure::NoData
    };
    let per_follower = |part: fn(&PostRow) -> Option<i64>| {
        metrics::median_rate(
            measured
                .iter()
                .filter_map(|p| Some((part(p)?, p.followers_at_post))),
        )
    };
    let er_impression = if views_reported {
        metrics::engagement_rate_per_impression(
            measured
                .iter()
                .filter_map(|p| Some((p.engagements()?, p.impressions))),
        )
    } else {
        Figure::NotReported
    };
    ProfileFigures {
        followers: end,
        followers_start: start,
        net_follower_growth: start.zip(end).map(|(s, e)| e - s),
        audience_growth_rate: match (start, end) {
            (Some(s), Some(e)) => metrics::audience_growth_rate(s, e),
            _ => Figure::NoData,
        },
        posts_published: posts.len() as i64,
        posts_measured: measured.len() as i64,
        likes: sum(|p| p.likes),
        reposts: sum(|p| p.reposts),
        replies: sum(|p| p.replies),
        quotes: sum(|p| p.quotes),
        engagements: sum(PostRow::engagements),
        impressions,
        engagement_rate_per_follower: per_follower(PostRow::engagements),
        engagement_rate_per_impression: er_impression,
        amplification_rate: per_follower(|p| p.reposts),
        applause_rate: per_follower(|p| p.likes),
        conversation_rate: per_follower(|p| p.replies),
    }
}

/// One line of the post performance report.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct PostLine {
    pub row: PostRow,
    pub network: NetworkKind,
    pub profile_name: String,
    /// `None` until the post has been measured.
    pub engagements: Option<i64>,
    pub impressions: Figure,
    pub engagement_rate_per_follower: Figure,
    pub engagement_rate_per_impression: Figure,
}

/// How the post table is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PostSort {
    Published,
    Engagements,
    EngagementRate,
    Likes,
    Reposts,
    Replies,
}

impl PostSort {
    pub const ALL: [PostSort; 6] = [
        PostSort::Published,
        PostSort::Engagements,
        PostSort::EngagementRate,
        PostSort::Likes,
        PostSort::Reposts,
        PostSort::Replies,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PostSort::Published => "published",
            PostSort::Engagements => "engagements",
            PostSort::EngagementRate => "engagement_rate",
            PostSort::Likes => "likes",
            PostSort::Reposts => "reposts",
            PostSort::Replies => "replies",
        }
    }

    pub fn parse(s: &str) -> Option<PostSort> {
        PostSort::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// Every published post with its figures, newest first or by the chosen figure (largest first; unmeasured last).
pub fn post_lines(profiles: &[ProfileRef], posts: &[PostRow], sort: PostSort) -> Vec<PostLine> {
    let mut lines: Vec<PostLine> = posts
        .iter()
        .filter_map(|row| {
            let profile = profiles.iter().find(|p| p.profile_id == row.profile_id)?;
            let engagements = row.engagements();
            let views = metrics::def("impressions")
                .is_some_and(|m| m.available_on(profile.network))
                || row.impressions.is_some();
            let impressions = match (views, row.impressions) {
                (false, _) => Figure::NotReported,
                (true, Some(i)) => Figure::Count(i),
                (true, None) => Figure::NoData,
            };
            let er_follower = metrics::median_rate(engagements.map(|e| (e, row.followers_at_post)));
            let er_impression = if views {
                metrics::engagement_rate_per_impression(engagements.map(|e| (e, row.impressions)))
            } else {
                Figure::NotReported
            };
            Some(PostLine {
                row: row.clone(),
                network: profile.network,
                profile_name: profile.name.clone(),
                engagements,
                impressions,
                engagement_rate_per_follower: er_follower,
                engagement_rate_per_impression: er_impression,
            })
        })
        .collect();
    let key = |l: &PostLine| -> Option<f64> {
        match sort {
            PostSort::Published => Some(l.row.published_at as f64),
            PostSort::Engagements => l.engagements.map(|e| e as f64),
            PostSort::EngagementRate => l.engagement_rate_per_follower.value(),
            PostSort::Likes => l.row.likes.map(|v| v as f64),
            PostSort::Reposts => l.row.reposts.map(|v| v as f64),
            PostSort::Replies => l.row.replies.map(|v| v as f64),
        }
    };
    // Largest first, ties by newest then delivery id, so the order is the same on every database.
    lines.sort_by(|a, b| {
        let (ka, kb) = (key(a), key(b));
        kb.partial_cmp(&ka)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(b.row.published_at.cmp(&a.row.published_at))
            .then(b.row.delivery_id.cmp(&a.row.delivery_id))
    });
    lines
}

/// One cell of the best-time heat map: posts published in that local weekday and hour, and the median engagement rate
/// per follower of those posts (the figure the cell is shaded by, see [`heat_shades`]).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct HeatCell {
    /// 0 = Monday .. 6 = Sunday, in the viewer's time zone.
    pub weekday: u8,
    pub hour: u8,
    pub posts: i64,
    pub engagement_rate_per_follower: Figure,
}

/// The weekday x hour grid (7 x 24 cells, Monday first) of posts published, in the time zone `zone`.
pub fn best_times(posts: &[PostRow], zone: &TimeZone) -> Vec<HeatCell> {
    // Every time zone's offset is a whole number of quarter hours, so the local weekday and hour are the same across
    // a UTC quarter hour: converted once per quarter, not once per post (a year of a busy account is thousands).
    const QUARTER: Millis = 15 * 60_000;
    let mut local: std::collections::HashMap<Millis, Option<(u8, u8)>> = Default::default();
    let mut cells: BTreeMap<(u8, u8), Vec<&PostRow>> = BTreeMap::new();
    for p in posts {
        let quarter = p.published_at.div_euclid(QUARTER);
        let at = *local
            .entry(quarter)
            .or_insert_with(|| local_weekday_hour(quarter * QUARTER, zone));
        if let Some((d, h)) = at {
            cells.entry((d, h)).or_default().push(p);
        }
    }
    let mut out = Vec::with_capacity(7 * 24);
    for weekday in 0..7u8 {
        for hour in 0..24u8 {
            let in_cell = cells.get(&(weekday, hour)).cloned().unwrap_or_default();
            out.push(HeatCell {
                weekday,
                hour,
                posts: in_cell.len() as i64,
                engagement_rate_per_follower: metrics::median_rate(
                    in_cell
                        .iter()
                        .filter_map(|p| Some((p.engagements()?, p.followers_at_post))),
                ),
            });
        }
    }
    out
}

/// How dark each heat-map cell is drawn, from 0 to 1: its median engagement rate per follower over the highest median
/// in the grid. How many posts a cell had never enters the shade (a busy hour that does badly stays light). `None`
/// for a cell with no measured post.
pub fn heat_shades(cells: &[HeatCell]) -> Vec<Option<f64>> {
    let max = cells
        .iter()
        .filter_map(|c| c.engagement_rate_per_follower.value())
        .fold(0.0, f64::max);
    cells
        .iter()
        .map(|c| {
            c.engagement_rate_per_follower.value().map(|v| {
                if max > 0.0 {
                    (v / max).clamp(0.0, 1.0)
                } else {
                    0.0
                }
            })
        })
        .collect()
}

/// Monday-based weekday and hour of `at` in `zone`.
pub fn local_weekday_hour(at: Millis, zone: &TimeZone) -> Option<(u8, u8)> {
    let z = Timestamp::from_millisecond(at).ok()?.to_zoned(zone.clone());
    let weekday = z.weekday().to_monday_zero_offset() as u8;
    Some((weekday, z.hour() as u8))
}

/// One line of the tags and campaigns report. A post with two tags counts in both lines, so lines do not add up to
/// the profile totals.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TagLine {
    pub tag: String,
    pub posts_published: i64,
    pub engagements: i64,
    pub impressions: Figure,
    pub engagement_rate_per_follower: Figure,
    pub delivery_ids: Vec<i64>,
}

pub fn tag_lines(posts: &[PostRow]) -> Vec<TagLine> {
    let mut by_tag: BTreeMap<&str, Vec<&PostRow>> = BTreeMap::new();
    for p in posts {
        for t in &p.tags {
            by_tag.entry(t.as_str()).or_default().push(p);
        }
    }
    by_tag
        .into_iter()
        .map(|(tag, rows)| {
            let any_views = rows.iter().any(|p| p.impressions.is_some());
            TagLine {
                tag: tag.to_string(),
                posts_published: rows.len() as i64,
                engagements: rows.iter().filter_map(|p| p.engagements()).sum(),
                impressions: if any_views {
                    Figure::Count(rows.iter().filter_map(|p| p.impressions).sum::<i64>())
                } else {
                    Figure::NotReported
                },
                engagement_rate_per_follower: metrics::median_rate(
                    rows.iter()
                        .filter_map(|p| Some((p.engagements()?, p.followers_at_post))),
                ),
                delivery_ids: rows.iter().map(|p| p.delivery_id).collect(),
            }
        })
        .collect()
}

/// One inbound message, as the inbox and team report reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MessageRow {
    pub message_id: i64,
    pub profile_id: i64,
    pub kind: String,
    pub received_at: Millis,
    pub hidden: bool,
    pub first_reply_at: Option<Millis>,
    /// Who wrote the first reply in the conversation after this message arrived.
    pub responder_id: Option<i64>,
    pub responder_name: Option<String>,
}

impl MessageRow {
    /// Actionable: not hidden (spam and abuse the team hid are not owed an answer).
    pub fn actionable(&self) -> bool {
        !self.hidden
    }

    pub fn first_response_ms(&self) -> Option<Millis> {
        self.first_reply_at.map(|r| r - self.received_at)
    }
}

/// Which messages a line of the response figures covers, by arrival time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Hours {
    All,
    Business,
    Off,
}

impl Hours {
    pub const ALL: [Hours; 3] = [Hours::All, Hours::Business, Hours::Off];

    pub fn as_str(self) -> &'static str {
        match self {
            Hours::All => "all",
            Hours::Business => "business",
            Hours::Off => "off",
        }
    }

    fn admits(self, hours: &BusinessHours, at: Millis) -> bool {
        match self {
            Hours::All => true,
            Hours::Business => hours.is_open(at),
            Hours::Off => !hours.is_open(at),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ResponseLine {
    pub hours: Hours,
    /// `None`: the whole team; otherwise the member who gave the first reply.
    pub member_id: Option<i64>,
    pub member_name: Option<String>,
    pub actionable: i64,
    pub answered: i64,
    pub response_rate: Figure,
    pub first_response: Option<ResponseTimes>,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct InboxReport {
    pub period: Period,
    /// Messages received by kind (mention, reply, direct message...).
    pub volume_by_kind: Vec<(String, i64)>,
    pub messages_received: i64,
    /// Overall lines for all / business / off hours.
    pub overall: Vec<ResponseLine>,
    /// Per member (all hours): messages they handled and their first-response times.
    pub members: Vec<ResponseLine>,
}

/// The inbox and team report over messages that arrived in the period; `hours` splits business from off hours.
pub fn inbox_report(period: Period, messages: &[MessageRow], hours: &BusinessHours) -> InboxReport {
    let in_period: Vec<&MessageRow> = messages
        .iter()
        .filter(|m| period.contains(m.received_at))
        .collect();
    let mut kinds: BTreeMap<&str, i64> = BTreeMap::new();
    for m in &in_period {
        *kinds.entry(m.kind.as_str()).or_default() += 1;
    }
    let line = |h: Hours, rows: &[&MessageRow], member: Option<(i64, String)>| {
        let rows: Vec<&&MessageRow> = rows
            .iter()
            .filter(|m| m.actionable() && h.admits(hours, m.received_at))
            .collect();
        let durations: Vec<Millis> = rows.iter().filter_map(|m| m.first_response_ms()).collect();
        let actionable = rows.len() as i64;
        let answered = durations.len() as i64;
        ResponseLine {
            hours: h,
            member_id: member.as_ref().map(|m| m.0),
            member_name: member.map(|m| m.1),
            actionable,
            answered,
            response_rate: metrics::response_rate(answered, actionable),
            first_response: metrics::response_times(&durations),
        }
    };
    let overall = Hours::ALL
        .into_iter()
        .map(|h| line(h, &in_period, None))
        .collect();
    let mut members: BTreeMap<i64, (String, Vec<&MessageRow>)> = BTreeMap::new();
    for m in &in_period {
        if let (Some(id), Some(_)) = (m.responder_id, m.first_reply_at) {
            members
                .entry(id)
                .or_insert_with(|| (m.responder_name.clone().unwrap_or_default(), Vec::new()))
                .1
                .push(m);
        }
    }
    let members = members
        .into_iter()
        .map(|(id, (name, rows))| line(Hours::All, &rows, Some((id, name))))
        .collect();
    InboxReport {
        period,
        volume_by_kind: kinds.into_iter().map(|(k, n)| (k.to_string(), n)).collect(),
        messages_received: in_period.len() as i64,
        overall,
        members,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(hour: u8, posts: i64, rate: Figure) -> HeatCell {
        HeatCell {
            weekday: 0,
            hour,
            posts,
            engagement_rate_per_follower: rate,
        }
    }

    #[test]
    fn a_heat_cell_is_shaded_by_its_median_rate_not_by_its_post_count() {
        let cells = [
            cell(9, 12, Figure::Percent(1.0)),
            cell(18, 1, Figure::Percent(4.0)),
            cell(20, 3, Figure::NoData),
            cell(21, 0, Figure::NoData),
        ];
        assert_eq!(heat_shades(&cells), vec![Some(0.25), Some(1.0), None, None]);
    }
}
