//! The metric catalogue: every number Sangam shows is one of these entries, with its formula, denominator, unit, the
//! rule for combining it over posts or profiles, and the networks that do not report what it needs. The pure functions
//! below are those formulas; reports call them and the tests check them against hand-computed examples.
//!
//! Names and formulas here are the English reference (the API returns them); pages show the translation kept under
//! `glossary-{id}-*` in the web crate's locales.

use crate::{Millis, NetworkKind};
use serde::Serialize;

/// What a figure counts or measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A whole number of things (followers, posts, messages).
    Count,
    /// A percentage (already multiplied by 100).
    Percent,
    /// A duration, in milliseconds.
    Duration,
    /// A share of money over money, as a percentage.
    ReturnPercent,
    /// An amount of money.
    Money,
}

/// How a metric combines over several posts, profiles or days. Reach is the reason this exists: the same person
/// reached by two posts is one person, so reach is averaged per post and never summed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// The latest snapshot in the period, per profile; profiles are added up.
    LatestPerProfile,
    /// Added up over posts, profiles or messages.
    Sum,
    /// Computed per post, then the median over the posts that have a value.
    MedianOverPosts,
    /// Averaged per post; never summed across posts.
    AveragePerPostNeverSummed,
    /// Computed once from the period's totals (numerator and denominator summed first).
    RatioOfTotals,
    /// One value per conversation; shown as mean, median, fastest and slowest.
    Distribution,
}

/// One entry of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MetricDef {
    /// Stable id: the anchor on `/glossary`, the key in exports and the API.
    pub id: &'static str,
    pub name: &'static str,
    pub formula: &'static str,
    /// What the figure is divided by, when it is a rate.
    pub denominator: Option<&'static str>,
    pub unit: Unit,
    pub aggregation: Aggregation,
    /// Networks that do not report what this metric needs: it shows "not reported by this network", never zero.
    #[schema(value_type = Vec<NetworkKind>)]
    pub unavailable_on: &'static [NetworkKind],
}

/// Networks that report neither impressions nor reach.
const NO_VIEWS: &[NetworkKind] = &[
    NetworkKind::Sandbox,
    NetworkKind::Mastodon,
    NetworkKind::Bluesky,
];

/// Networks that report no reach (distinct viewers) for a post: X counts impressions only, and LinkedIn's share
/// statistics' `uniqueImpressionsCount` is not collected; Threads' media insights have none. Facebook
/// (`post_total_media_view_unique`) and Instagram (`reach`) report it, but snapshots have no reach column yet.
const NO_REACH: &[NetworkKind] = &[
    NetworkKind::Sandbox,
    NetworkKind::Mastodon,
    NetworkKind::Bluesky,
    NetworkKind::Facebook,
    NetworkKind::Instagram,
    NetworkKind::Threads,
    NetworkKind::LinkedIn,
    NetworkKind::X,
];

/// Networks whose connector does not list the accounts behind likes, reposts and quotes.
const NO_AUDIENCE_LISTS: &[NetworkKind] = &[
    NetworkKind::Facebook,
    NetworkKind::Instagram,
    NetworkKind::Threads,
    NetworkKind::LinkedIn,
    NetworkKind::X,
];

/// Networks whose connector does not list a profile's followers (Mastodon, Bluesky and the sandbox do).
const NO_FOLLOWER_LISTS: &[NetworkKind] = NO_AUDIENCE_LISTS;

pub const CATALOGUE: &[MetricDef] = &[
    MetricDef {
        id: "followers",
        name: "Followers",
        formula: "the latest follower count snapshot taken in the period, per profile",
        denominator: None,
        unit: Unit::Count,
        aggregation: Aggregation::LatestPerProfile,
        unavailable_on: &[],
    },
    MetricDef {
        id: "net_follower_growth",
        name: "Net follower growth",
        formula: "followers at the last snapshot in the period - followers at the first snapshot in the period",
        denominator: None,
        unit: Unit::Count,
        aggregation: Aggregation::Sum,
        unavailable_on: &[],
    },
    MetricDef {
        id: "audience_growth_rate",
        name: "Audience growth rate",
        formula: "(followers_end - followers_start) / followers_start x 100, first and last snapshots in the period",
        denominator: Some("followers at the first snapshot in the period"),
        unit: Unit::Percent,
        aggregation: Aggregation::RatioOfTotals,
        unavailable_on: &[],
    },
    MetricDef {
        id: "posts_published",
        name: "Posts published",
        formula: "deliveries published in the period (one per profile), excluding replies and deleted posts",
        denominator: None,
        unit: Unit::Count,
        aggregation: Aggregation::Sum,
        unavailable_on: &[],
    },
    MetricDef {
        id: "posts_per_week",
        name: "Posts per week",
        formula: "posts published in the period / (days in the period / 7): a count per week, not a rate",
        denominator: None,
        unit: Unit::Count,
        aggregation: Aggregation::RatioOfTotals,
        unavailable_on: &[],
    },
    MetricDef {
        id: "engagements",
        name: "Engagements",
        formula: "likes + reposts + replies + quotes, from each post's latest snapshot",
        denominator: None,
        unit: Unit::Count,
        aggregation: Aggregation::Sum,
        unavailable_on: &[],
    },
    MetricDef {
        id: "impressions",
        name: "Impressions",
        formula: "times the post was shown, as the network reports it, from each post's latest snapshot",
        denominator: None,
        unit: Unit::Count,
        aggregation: Aggregation::Sum,
        unavailable_on: NO_VIEWS,
    },
    MetricDef {
        id: "reach",
        name: "Reach",
        formula: "distinct accounts that saw the post, as the network reports it",
        denominator: None,
        unit: Unit::Count,
        aggregation: Aggregation::AveragePerPostNeverSummed,
        unavailable_on: NO_REACH,
    },
    MetricDef {
        id: "engagement_rate_per_follower",
        name: "Engagement rate (per follower)",
        formula: "engagements on the post / followers at post time x 100; the median over posts",
        denominator: Some(
            "followers at the profile's latest snapshot at or before the post was published",
        ),
        unit: Unit::Percent,
        aggregation: Aggregation::MedianOverPosts,
        unavailable_on: &[],
    },
    MetricDef {
        id: "engagement_rate_per_impression",
        name: "Engagement rate (per impression)",
        formula: "engagements on the post / impressions of the post x 100; the median over posts with impressions",
        denominator: Some("impressions of the post"),
        unit: Unit::Percent,
        aggregation: Aggregation::MedianOverPosts,
        unavailable_on: NO_VIEWS,
    },
    MetricDef {
        id: "amplification_rate",
        name: "Amplification rate",
        formula: "reposts of the post / followers at post time x 100; the median over posts",
        denominator: Some("followers at post time"),
        unit: Unit::Percent,
        aggregation: Aggregation::MedianOverPosts,
        unavailable_on: &[],
    },
    MetricDef {
        id: "applause_rate",
        name: "Applause rate",
        formula: "likes of the post / followers at post time x 100; the median over posts",
        denominator: Some("followers at post time"),
        unit: Unit::Percent,
        aggregation: Aggregation::MedianOverPosts,
        unavailable_on: &[],
    },
    MetricDef {
        id: "conversation_rate",
        name: "Conversation rate",
        formula: "replies to the post / followers at post time x 100; the median over posts",
        denominator: Some("followers at post time"),
        unit: Unit::Percent,
        aggregation: Aggregation::MedianOverPosts,
        unavailable_on: &[],
    },
    MetricDef {
        id: "messages_received",
        name: "Messages received",
        formula: "inbound messages that arrived in the period",
        denominator: None,
        unit: Unit::Count,
        aggregation: Aggregation::Sum,
        unavailable_on: &[],
    },
    MetricDef {
        id: "response_rate",
        name: "Response rate",
        formula: "actionable inbound messages answered / actionable inbound messages x 100; spam and hidden excluded",
        denominator: Some(
            "actionable inbound messages that arrived in the period (not spam, not hidden)",
        ),
        unit: Unit::Percent,
        aggregation: Aggregation::RatioOfTotals,
        unavailable_on: &[],
    },
    MetricDef {
        id: "first_response_time",
        name: "First response time",
        formula: "time of the first reply - arrival time, per answered message; mean, median, fastest, slowest",
        denominator: None,
        unit: Unit::Duration,
        aggregation: Aggregation::Distribution,
        unavailable_on: &[],
    },
    MetricDef {
        id: "messages_handled",
        name: "Messages handled",
        formula: "messages a person gave the first reply to, in the period",
        denominator: None,
        unit: Unit::Count,
        aggregation: Aggregation::Sum,
        unavailable_on: &[],
    },
    MetricDef {
        id: "share_of_voice",
        name: "Share of voice",
        formula: "our mentions / (our mentions + competitors' mentions) x 100, same period and networks",
        denominator: Some("our mentions + competitors' mentions"),
        unit: Unit::Percent,
        aggregation: Aggregation::RatioOfTotals,
        unavailable_on: &[],
    },
    MetricDef {
        id: "positive_share_of_voice",
        name: "Positive share of voice",
        formula: "our positive mentions / (our positive mentions + competitors' positive mentions) x 100, same period and networks; a mention is positive when its sentiment label is positive",
        denominator: Some("our positive mentions + competitors' positive mentions"),
        unit: Unit::Percent,
        aggregation: Aggregation::RatioOfTotals,
        unavailable_on: &[],
    },
    MetricDef {
        id: "social_roi",
        name: "Social ROI",
        formula: "(attributed value - cost) / cost x 100; cost = sum of hours x each person's hourly rate + spend",
        denominator: Some("cost: hours x hourly rate + spend"),
        unit: Unit::ReturnPercent,
        aggregation: Aggregation::RatioOfTotals,
        unavailable_on: &[],
    },
    MetricDef {
        id: "link_clicks",
        name: "Link clicks",
        formula: "requests for a Sangam short link by a person (GET with a browser's user agent); crawlers, the networks' link previewers and HEAD requests are not counted",
        denominator: None,
        unit: Unit::Count,
        aggregation: Aggregation::Sum,
        unavailable_on: &[],
    },
    MetricDef {
        id: "unique_visitors",
        name: "Unique visitors",
        formula: "different (UTC day, visitor) pairs among the clicks; visitor = SHA-256(the day's salt, address, user agent), the salt deleted after its day",
        denominator: None,
        unit: Unit::Count,
        aggregation: Aggregation::Sum,
        unavailable_on: &[],
    },
    MetricDef {
        id: "conversions",
        name: "Conversions",
        formula: "sum of the count of the conversions attributed to the campaign (named on the conversion, through its short link, or through the click id)",
        denominator: None,
        unit: Unit::Count,
        aggregation: Aggregation::Sum,
        unavailable_on: &[],
    },
    MetricDef {
        id: "conversion_value",
        name: "Conversion value",
        formula: "sum of the value of the conversions attributed to the campaign, in the workspace's currency",
        denominator: None,
        unit: Unit::Money,
        aggregation: Aggregation::Sum,
        unavailable_on: &[],
    },
    MetricDef {
        id: "campaign_cost",
        name: "Campaign cost",
        formula: "sum over people of hours of work on the campaign x their hourly cost, plus the spend entered for the campaign",
        denominator: None,
        unit: Unit::Money,
        aggregation: Aggregation::Sum,
        unavailable_on: &[],
    },
    MetricDef {
        id: "audience_engagers",
        name: "Engagers",
        formula: "distinct accounts with at least one engagement (like, repost, quote, reply, mention) in the period, per profile; profiles are added up",
        denominator: None,
        unit: Unit::Count,
        aggregation: Aggregation::Sum,
        unavailable_on: NO_AUDIENCE_LISTS,
    },
    MetricDef {
        id: "audience_engagements",
        name: "Engagements by account",
        formula: "engagements in the period whose account the network names (likes and reposts from the network's lists, quotes, replies and mentions), each (account, kind, post) once",
        denominator: None,
        unit: Unit::Count,
        aggregation: Aggregation::Sum,
        unavailable_on: NO_AUDIENCE_LISTS,
    },
    MetricDef {
        id: "new_engagers",
        name: "New engagers",
        formula: "engagers in the period whose first engagement with the profile ever is in the period",
        denominator: None,
        unit: Unit::Count,
        aggregation: Aggregation::Sum,
        unavailable_on: NO_AUDIENCE_LISTS,
    },
    MetricDef {
        id: "returning_engagers",
        name: "Returning engagers",
        formula: "engagers in the period who had engaged with the profile before the period started",
        denominator: None,
        unit: Unit::Count,
        aggregation: Aggregation::Sum,
        unavailable_on: NO_AUDIENCE_LISTS,
    },
    MetricDef {
        id: "followers_gained",
        name: "Followers gained",
        formula: "accounts in the last complete follower list at or before the period's end that were not in the last complete list at or before its start (the first list in the period when none is earlier)",
        denominator: None,
        unit: Unit::Count,
        aggregation: Aggregation::Sum,
        unavailable_on: NO_FOLLOWER_LISTS,
    },
    MetricDef {
        id: "followers_lost",
        name: "Followers lost",
        formula: "accounts in the last complete follower list at or before the period's start (the first list in the period when none is earlier) that are not in the last complete list at or before its end",
        denominator: None,
        unit: Unit::Count,
        aggregation: Aggregation::Sum,
        unavailable_on: NO_FOLLOWER_LISTS,
    },
    MetricDef {
        id: "engager_language_share",
        name: "Engagers by language",
        formula: "engagers in the period whose own words are in the language / engagers in the period x 100; the language of their replies, mentions and quotes, else of their bio",
        denominator: Some("engagers in the period"),
        unit: Unit::Percent,
        aggregation: Aggregation::RatioOfTotals,
        unavailable_on: NO_AUDIENCE_LISTS,
    },
    MetricDef {
        id: "engagements_by_hour",
        name: "Engagements by hour and weekday",
        formula: "engagements in the period counted by the hour and the weekday at which they happened, in the viewer's time zone",
        denominator: None,
        unit: Unit::Count,
        aggregation: Aggregation::Sum,
        unavailable_on: NO_AUDIENCE_LISTS,
    },
    MetricDef {
        id: "segment_engagements",
        name: "Target audience engagements",
        formula: "engagements in the period by accounts that match the segment (every criterion set: language, a bio word, a place in the bio, follower bounds, follower or not)",
        denominator: None,
        unit: Unit::Count,
        aggregation: Aggregation::Sum,
        unavailable_on: NO_AUDIENCE_LISTS,
    },
    MetricDef {
        id: "segment_share",
        name: "Reach of the target audience",
        formula: "engagements by accounts matching the segment / engagements by account x 100, per post, campaign or day",
        denominator: Some("engagements by account in the same post, campaign or day"),
        unit: Unit::Percent,
        aggregation: Aggregation::RatioOfTotals,
        unavailable_on: NO_AUDIENCE_LISTS,
    },
];

/// The catalogue entry `id`.
pub fn def(id: &str) -> Option<&'static MetricDef> {
    CATALOGUE.iter().find(|m| m.id == id)
}

impl MetricDef {
    pub fn available_on(&self, network: NetworkKind) -> bool {
        !self.unavailable_on.contains(&network)
    }
}

/// A currency a money figure is kept in; every one of these has two decimal places of minor unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum Currency {
    Inr,
    Usd,
    Eur,
    Gbp,
}

impl Currency {
    pub fn code(self) -> &'static str {
        match self {
            Currency::Inr => "INR",
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
            Currency::Gbp => "GBP",
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Currency::Inr => "₹",
            Currency::Usd => "$",
            Currency::Eur => "€",
            Currency::Gbp => "£",
        }
    }

    pub fn parse(code: &str) -> Option<Currency> {
        [Currency::Inr, Currency::Usd, Currency::Eur, Currency::Gbp]
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(code.trim()))
    }
}

/// A computed figure, typed by what it is: a count can never be shown as a percentage, because how a figure is
/// written follows from its variant, not from the column it sits in. "Not reported" and "no data" are kept apart from
/// zero so a page never shows 0 for a number the network does not give us.
///
/// Over JSON: `{"unit": "count", "value": 435}`, `{"unit": "percent", "value": 4.0}` (already multiplied by 100),
/// `{"unit": "duration", "value": 60000}` (milliseconds), `{"unit": "money", "value": {"minor": 123456, "currency":
/// "INR"}}`, and `{"unit": "not_reported"}` / `{"unit": "no_data"}` without a value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(tag = "unit", content = "value", rename_all = "snake_case")]
pub enum Figure {
    /// A whole number of things (followers, posts, messages).
    Count(i64),
    /// A percentage, already multiplied by 100.
    Percent(f64),
    /// A duration in milliseconds.
    Duration(Millis),
    /// An amount of money in the currency's minor unit (paise, cents).
    Money { minor: i64, currency: Currency },
    /// The network does not report what this metric needs.
    NotReported,
    /// Nothing to compute from in this period (no posts, no snapshots, a zero denominator).
    NoData,
}

impl Figure {
    /// The number in the figure's own unit (count, percent, milliseconds, major currency units), for sorting and
    /// arithmetic; `None` when there is no number.
    pub fn value(self) -> Option<f64> {
        match self {
            Figure::Count(n) => Some(n as f64),
            Figure::Percent(v) => Some(v),
            Figure::Duration(ms) => Some(ms as f64),
            Figure::Money { minor, .. } => Some(minor as f64 / 100.0),
            Figure::NotReported | Figure::NoData => None,
        }
    }

    /// The unit of a figure that has a number.
    pub fn unit(self) -> Option<Unit> {
        match self {
            Figure::Count(_) => Some(Unit::Count),
            Figure::Percent(_) => Some(Unit::Percent),
            Figure::Duration(_) => Some(Unit::Duration),
            Figure::Money { .. } => Some(Unit::Money),
            Figure::NotReported | Figure::NoData => None,
        }
    }

    pub fn is_missing(self) -> bool {
        matches!(self, Figure::NotReported | Figure::NoData)
    }

    /// A count, or "no data" when there is none.
    pub fn count(v: Option<i64>) -> Figure {
        v.map_or(Figure::NoData, Figure::Count)
    }

    /// A percentage, or "no data" when there is none.
    pub fn percent(v: Option<f64>) -> Figure {
        v.map_or(Figure::NoData, Figure::Percent)
    }

    /// A duration in milliseconds (rounded), or "no data".
    pub fn duration(ms: Option<f64>) -> Figure {
        ms.map_or(Figure::NoData, |v| Figure::Duration(v.round() as Millis))
    }
}

impl Unit {
    /// A raw number read as a figure of this unit (money is read in major units of rupees).
    pub fn figure(self, v: f64) -> Figure {
        match self {
            Unit::Count => Figure::Count(v.round() as i64),
            Unit::Percent | Unit::ReturnPercent => Figure::Percent(v),
            Unit::Duration => Figure::Duration(v.round() as Millis),
            Unit::Money => Figure::Money {
                minor: (v * 100.0).round() as i64,
                currency: Currency::Inr,
            },
        }
    }
}

/// How a language writes numbers: Latin digits, `.` for decimals, and its digit grouping (en-US 1,234,567; hi-IN
/// groups by two after the first three: 12,34,567).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberStyle {
    EnUs,
    HiIn,
}

impl NumberStyle {
    pub fn for_language(code: &str) -> NumberStyle {
        if code.starts_with("hi") {
            NumberStyle::HiIn
        } else {
            NumberStyle::EnUs
        }
    }

    fn group(self, digits: &str) -> String {
        let d: Vec<char> = digits.chars().collect();
        if d.len() <= 3 {
            return digits.to_string();
        }
        let (head, tail) = d.split_at(d.len() - 3);
        let size = match self {
            NumberStyle::EnUs => 3,
            NumberStyle::HiIn => 2,
        };
        let mut groups: Vec<String> = Vec::new();
        let mut end = head.len();
        while end > 0 {
            let start = end.saturating_sub(size);
            groups.push(head[start..end].iter().collect());
            end = start;
        }
        groups.reverse();
        format!("{},{}", groups.join(","), tail.iter().collect::<String>())
    }

    /// A whole number with grouping: `-1,234`.
    pub fn integer(self, n: i64) -> String {
        let sign = if n < 0 { "-" } else { "" };
        format!("{sign}{}", self.group(&n.unsigned_abs().to_string()))
    }

    /// A number with `places` decimals and grouping.
    pub fn decimal(self, v: f64, places: usize) -> String {
        let text = format!("{:.*}", places, v.abs());
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        let negative = v < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
        let sign = if negative { "-" } else { "" };
        if frac.is_empty() {
            format!("{sign}{}", self.group(int))
        } else {
            format!("{sign}{}.{frac}", self.group(int))
        }
    }

    /// A percentage with two decimals (`4.00%`), three below 0.1 so a small rate keeps its digits (`0.035%`).
    pub fn percent(self, v: f64) -> String {
        let places = if v != 0.0 && v.abs() < 0.1 { 3 } else { 2 };
        format!("{}%", self.decimal(v, places))
    }

    /// Money with its symbol and two decimals: `₹12,34,567.50`.
    pub fn money(self, minor: i64, currency: Currency) -> String {
        let sign = if minor < 0 { "-" } else { "" };
        let abs = minor.unsigned_abs();
        format!(
            "{sign}{}{}.{:02}",
            currency.symbol(),
            self.group(&(abs / 100).to_string()),
            abs % 100
        )
    }
}

/// `numerator / denominator x 100`, or nothing when the denominator is not positive.
pub fn percent(numerator: i64, denominator: i64) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64 * 100.0)
}

/// audience_growth_rate: (end - start) / start x 100.
pub fn audience_growth_rate(followers_start: i64, followers_end: i64) -> Figure {
    Figure::percent(percent(followers_end - followers_start, followers_start))
}

/// engagements: likes + reposts + replies + quotes.
pub fn engagements(likes: i64, reposts: i64, replies: i64, quotes: i64) -> i64 {
    likes + reposts + replies + quotes
}

/// The median; the mean of the two middle values when the count is even. `None` for no values.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

/// The median of per-post rates `part / base x 100`, skipping posts whose base is unknown or not positive.
pub fn median_rate(pairs: impl IntoIterator<Item = (i64, Option<i64>)>) -> Figure {
    let rates: Vec<f64> = pairs
        .into_iter()
        .filter_map(|(part, base)| base.and_then(|b| percent(part, b)))
        .collect();
    Figure::percent(median(&rates))
}

/// engagement_rate_per_impression over posts: `(engagements, impressions)`; `None` impressions means the network did
/// not report them. If no post has impressions, the figure is "not reported", not zero.
pub fn engagement_rate_per_impression(
    posts: impl IntoIterator<Item = (i64, Option<i64>)>,
) -> Figure {
    let posts: Vec<_> = posts.into_iter().collect();
    if !posts.is_empty() && posts.iter().all(|(_, i)| i.is_none()) {
        return Figure::NotReported;
    }
    median_rate(posts)
}

/// response_rate: answered / actionable x 100.
pub fn response_rate(answered: i64, actionable: i64) -> Figure {
    Figure::percent(percent(answered, actionable))
}

/// share_of_voice: ours / (ours + competitors) x 100.
pub fn share_of_voice(ours: i64, competitors: i64) -> Figure {
    Figure::percent(percent(ours, ours + competitors))
}

/// social_roi: (value - cost) / cost x 100, cost = labour cost (Σ hours x each person's hourly rate) + spend; all
/// in the same currency. No cost: no figure.
pub fn social_roi(attributed_value: f64, labour_cost: f64, spend: f64) -> Figure {
    let cost = labour_cost + spend;
    if cost > 0.0 {
        Figure::Percent((attributed_value - cost) / cost * 100.0)
    } else {
        Figure::NoData
    }
}

/// First response times of a set of messages: mean, median, fastest and slowest, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ResponseTimes {
    pub count: usize,
    pub mean: f64,
    pub median: f64,
    pub fastest: i64,
    pub slowest: i64,
}

pub fn response_times(durations: &[i64]) -> Option<ResponseTimes> {
    let fastest = *durations.iter().min()?;
    let slowest = *durations.iter().max()?;
    let as_f: Vec<f64> = durations.iter().map(|d| *d as f64).collect();
    Some(ResponseTimes {
        count: durations.len(),
        mean: as_f.iter().sum::<f64>() / as_f.len() as f64,
        median: median(&as_f)?,
        fastest,
        slowest,
    })
}

/// A straight line fitted by least squares to `(x, y)` points, and where it reaches at `at`, with the standard error
/// of that prediction (the uncertainty a goal page states). `None` with fewer than three points or one distinct x.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Forecast {
    pub slope: f64,
    pub intercept: f64,
    pub at: f64,
    pub value: f64,
    /// Standard error of the predicted value at `at`; a 95% range is about +/- 2 of these.
    pub standard_error: f64,
    pub points: usize,
}

pub fn linear_forecast(points: &[(f64, f64)], at: f64) -> Option<Forecast> {
    let n = points.len();
    if n < 3 {
        return None;
    }
    let nf = n as f64;
    let mx = points.iter().map(|p| p.0).sum::<f64>() / nf;
    let my = points.iter().map(|p| p.1).sum::<f64>() / nf;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx).powi(2)).sum();
    if sxx <= 0.0 {
        return None;
    }
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let slope = sxy / sxx;
    let intercept = my - slope * mx;
    let sse: f64 = points
        .iter()
        .map(|p| (p.1 - (intercept + slope * p.0)).powi(2))
        .sum();
    let s2 = sse / (nf - 2.0);
    let standard_error = (s2 * (1.0 + 1.0 / nf + (at - mx).powi(2) / sxx)).sqrt();
    Some(Forecast {
        slope,
        intercept,
        at,
        value: intercept + slope * at,
        standard_error,
        points: n,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_design_entry_is_in_the_catalogue_once() {
        for id in [
            "followers",
            "audience_growth_rate",
            "engagements",
            "engagement_rate_per_follower",
            "engagement_rate_per_impression",
            "amplification_rate",
            "applause_rate",
            "conversation_rate",
            "response_rate",
            "first_response_time",
            "share_of_voice",
            "social_roi",
            "posts_published",
            "messages_received",
            "reach",
        ] {
            assert_eq!(CATALOGUE.iter().filter(|m| m.id == id).count(), 1, "{id}");
        }
    }

    #[test]
    fn reach_is_averaged_per_post_and_never_summed() {
        let reach = def("reach").unwrap();
        assert_eq!(reach.aggregation, Aggregation::AveragePerPostNeverSummed);
        assert!(!reach.available_on(NetworkKind::Mastodon));
        assert!(!reach.available_on(NetworkKind::Bluesky));
        assert!(
            def("engagement_rate_per_follower")
                .unwrap()
                .available_on(NetworkKind::Bluesky)
        );
    }

    #[test]
    fn linkedin_and_x_report_impressions_but_no_reach() {
        for network in [NetworkKind::LinkedIn, NetworkKind::X] {
            assert!(def("impressions").unwrap().available_on(network));
            assert!(
                def("engagement_rate_per_impression")
                    .unwrap()
                    .available_on(network)
            );
            assert!(!def("reach").unwrap().available_on(network));
        }
    }

    #[test]
    fn rates_have_a_denominator_and_counts_do_not() {
        for m in CATALOGUE {
            match m.unit {
                Unit::Percent | Unit::ReturnPercent => assert!(m.denominator.is_some(), "{}", m.id),
                Unit::Count | Unit::Duration | Unit::Money => {
                    assert!(m.denominator.is_none(), "{}", m.id)
                }
            }
        }
    }

    #[test]
    fn audience_growth_by_hand() {
        // 200 -> 230 followers: +30 on 200 is 15%.
        assert_eq!(audience_growth_rate(200, 230), Figure::Percent(15.0));
        assert_eq!(audience_growth_rate(200, 150), Figure::Percent(-25.0));
        assert_eq!(audience_growth_rate(0, 10), Figure::NoData);
    }

    #[test]
    fn medians_by_hand() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0]), Some(3.0));
        assert_eq!(median(&[5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }

    #[test]
    fn engagement_rate_per_follower_is_the_median_of_per_post_rates() {
        // Posts: 10 of 1000 (1%), 30 of 1000 (3%), 5 of 250 (2%), one with no follower count (skipped).
        let f = median_rate([
            (10, Some(1000)),
            (30, Some(1000)),
            (5, Some(250)),
            (7, None),
        ]);
        assert_eq!(f, Figure::Percent(2.0));
        assert_eq!(median_rate([]), Figure::NoData);
    }

    #[test]
    fn impressions_missing_everywhere_is_not_reported_never_zero() {
        assert_eq!(
            engagement_rate_per_impression([(10, None), (3, None)]),
            Figure::NotReported
        );
        // 10 of 200 = 5%, 1 of 100 = 1%: median 3%.
        assert_eq!(
            engagement_rate_per_impression([(10, Some(200)), (1, Some(100)), (4, None)]),
            Figure::Percent(3.0)
        );
        assert_eq!(engagement_rate_per_impression([]), Figure::NoData);
    }

    #[test]
    fn response_share_and_roi_by_hand() {
        assert_eq!(engagements(1, 2, 3, 4), 10);
        assert_eq!(response_rate(9, 10), Figure::Percent(90.0));
        assert_eq!(response_rate(0, 0), Figure::NoData);
        assert_eq!(share_of_voice(25, 75), Figure::Percent(25.0));
        // Cost 10 h x 50 + 500 = 1000; value 1500: ROI 50%.
        assert_eq!(social_roi(1500.0, 500.0, 500.0), Figure::Percent(50.0));
        assert_eq!(social_roi(1.0, 0.0, 0.0), Figure::NoData);
    }

    #[test]
    fn response_times_by_hand() {
        let t = response_times(&[60_000, 180_000, 120_000, 600_000]).unwrap();
        assert_eq!(t.count, 4);
        assert_eq!(t.mean, 240_000.0);
        assert_eq!(t.median, 150_000.0);
        assert_eq!(t.fastest, 60_000);
        assert_eq!(t.slowest, 600_000);
        assert_eq!(response_times(&[]), None);
    }

    #[test]
    fn numbers_are_grouped_the_way_each_language_writes_them() {
        assert_eq!(NumberStyle::EnUs.integer(1_234_567), "1,234,567");
        assert_eq!(NumberStyle::HiIn.integer(1_234_567), "12,34,567");
        assert_eq!(NumberStyle::HiIn.integer(-435), "-435");
        assert_eq!(NumberStyle::EnUs.decimal(12345.678, 2), "12,345.68");
        assert_eq!(NumberStyle::EnUs.decimal(-0.001, 2), "0.00");
        assert_eq!(NumberStyle::EnUs.percent(4.0), "4.00%");
        assert_eq!(NumberStyle::EnUs.percent(0.035), "0.035%");
        assert_eq!(NumberStyle::EnUs.percent(0.0), "0.00%");
        assert_eq!(
            NumberStyle::HiIn.money(123_456_750, Currency::Inr),
            "₹12,34,567.50"
        );
        assert_eq!(NumberStyle::EnUs.money(-1_050, Currency::Usd), "-$10.50");
    }

    #[test]
    fn a_figure_carries_its_unit_over_json() {
        let j = |f: Figure| serde_json::to_value(f).unwrap();
        assert_eq!(j(Figure::Count(435))["unit"], "count");
        assert_eq!(j(Figure::Count(435))["value"], 435);
        assert_eq!(j(Figure::Percent(4.0))["unit"], "percent");
        assert_eq!(j(Figure::NotReported)["unit"], "not_reported");
        assert_eq!(
            j(Figure::Money {
                minor: 100,
                currency: Currency::Inr
            })["value"]["currency"],
            "INR"
        );
        assert_eq!(Unit::Count.figure(3.4), Figure::Count(3));
    }

    #[test]
    fn a_straight_line_forecasts_itself_with_no_uncertainty() {
        let f = linear_forecast(&[(0.0, 100.0), (1.0, 110.0), (2.0, 120.0)], 10.0).unwrap();
        assert!((f.value - 200.0).abs() < 1e-9);
        assert!(f.standard_error.abs() < 1e-9);
        let noisy = linear_forecast(
            &[(0.0, 100.0), (1.0, 115.0), (2.0, 118.0), (3.0, 131.0)],
            10.0,
        )
        .unwrap();
        assert!(noisy.standard_error > 0.0);
        assert!(linear_forecast(&[(0.0, 1.0), (1.0, 2.0)], 5.0).is_none());
    }
}
