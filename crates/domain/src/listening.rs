//! Listening: what a topic's traffic means. Spikes are judged against the topic's own recent normal, and share of voice
//! compares our brand's topic with the competitors' topics over the same period and networks. Pure functions; the
//! store supplies the rows and the pages show the method written here.

use crate::Millis;
use serde::Serialize;

/// One hour: the width of a listening bucket.
pub const BUCKET_MS: Millis = 3_600_000;
/// How many earlier buckets make the recent normal.
pub const BASELINE_BUCKETS: usize = 24;
/// Fewest earlier buckets before any spike is judged (a new topic has no normal yet).
pub const MIN_BASELINE_BUCKETS: usize = 6;
/// How many scaled MADs above the median a bucket must be.
pub const MAD_MULTIPLIER: f64 = 3.0;
/// MAD x 1.4826 estimates the standard deviation of normally distributed counts.
pub const MAD_SCALE: f64 = 1.4826;
/// A volume spike is at least this many posts above the median (flat traffic has a MAD of 0).
pub const MIN_VOLUME_RISE: f64 = 5.0;
/// A negative-share spike is at least this much above the median share (0 to 1)...
pub const MIN_NEGATIVE_RISE: f64 = 0.15;
/// ...in a bucket of at least this many posts.
pub const MIN_NEGATIVE_POSTS: i64 = 8;

/// The method, as the page states it.
pub const SPIKE_METHOD: &str = "A bucket is one hour. A spike is an hour whose volume is above median + 3 x 1.4826 x MAD of the previous 24 hours (and at least 5 posts above the median), or whose share of negative posts is above median + 3 x 1.4826 x MAD of the previous hours' shares (and at least 15 points above it, in an hour of at least 8 posts). At least 6 earlier hours are needed.";

/// What rose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SpikeKind {
    Volume,
    Negative,
}

impl SpikeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SpikeKind::Volume => "volume",
            SpikeKind::Negative => "negative",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "volume" => Some(SpikeKind::Volume),
            "negative" => Some(SpikeKind::Negative),
            _ => None,
        }
    }
}

impl TryFrom<String> for SpikeKind {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        SpikeKind::parse(&s).ok_or(s)
    }
}

/// One hour of a topic's traffic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, utoipa::ToSchema)]
pub struct Bucket {
    pub start: Millis,
    pub posts: i64,
    pub negative: i64,
    pub positive: i64,
}

impl Bucket {
    pub fn negative_share(&self) -> Option<f64> {
        (self.posts > 0).then(|| self.negative as f64 / self.posts as f64)
    }
}

/// A spike found in a bucket, with the numbers that decided it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Spike {
    pub kind: SpikeKind,
    pub window_start: Millis,
    /// Posts in the hour (volume) or the share of negative posts, 0 to 1 (negative).
    pub observed: f64,
    pub median: f64,
    pub mad: f64,
    pub threshold: f64,
}

pub fn bucket_start(at: Millis) -> Millis {
    at.div_euclid(BUCKET_MS) * BUCKET_MS
}

pub fn median(values: &[f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Median absolute deviation from the median.
pub fn mad(values: &[f64]) -> f64 {
    let m = median(values);
    let deviations: Vec<f64> = values.iter().map(|v| (v - m).abs()).collect();
    median(&deviations)
}

fn threshold(baseline: &[f64], min_rise: f64) -> (f64, f64, f64) {
    let m = median(baseline);
    let d = mad(baseline);
    (m, d, (m + MAD_MULTIPLIER * MAD_SCALE * d).max(m + min_rise))
}

/// The spikes of `current` judged against `previous` (the hours before it, oldest first; only the last
/// [`BASELINE_BUCKETS`] count). A bucket with no posts counts as zero volume and is left out of the shares.
pub fn spikes(previous: &[Bucket], current: &Bucket) -> Vec<Spike> {
    let previous = &previous[previous.len().saturating_sub(BASELINE_BUCKETS)..];
    if previous.len() < MIN_BASELINE_BUCKETS {
        return Vec::new();
    }
    let mut out = Vec::new();
    let volumes: Vec<f64> = previous.iter().map(|b| b.posts as f64).collect();
    let (m, d, t) = threshold(&volumes, MIN_VOLUME_RISE);
    let observed = current.posts as f64;
    if observed > t {
        out.push(Spike {
            kind: SpikeKind::Volume,
            window_start: current.start,
            observed,
            median: m,
            mad: d,
            threshold: t,
        });
    }
    let shares: Vec<f64> = previous.iter().filter_map(Bucket::negative_share).collect();
    if let Some(share) = current.negative_share()
        && current.posts >= MIN_NEGATIVE_POSTS
        && shares.len() >= MIN_BASELINE_BUCKETS
    {
        let (m, d, t) = threshold(&shares, MIN_NEGATIVE_RISE);
        if share > t {
            out.push(Spike {
                kind: SpikeKind::Negative,
                window_start: current.start,
                observed: share,
                median: m,
                mad: d,
                threshold: t,
            });
        }
    }
    out
}

/// Every hour from `from` to `to` (both bucket starts), with the posts' counts; hours without posts are zero.
pub fn fill_buckets(from: Millis, to: Millis, posts: &[(Millis, bool, bool)]) -> Vec<Bucket> {
    let from = bucket_start(from);
    let to = bucket_start(to);
    let n = ((to - from) / BUCKET_MS + 1).max(0) as usize;
    let mut out: Vec<Bucket> = (0..n)
        .map(|i| Bucket {
            start: from + i as Millis * BUCKET_MS,
            ..Bucket::default()
        })
        .collect();
    for &(at, negative, positive) in posts {
        let i = (bucket_start(at) - from) / BUCKET_MS;
        if let Some(b) = usize::try_from(i).ok().and_then(|i| out.get_mut(i)) {
            b.posts += 1;
            b.negative += i64::from(negative);
            b.positive += i64::from(positive);
        }
    }
    out
}

/// positive_share_of_voice: our positive mentions / (our positive mentions + competitors' positive mentions) x 100.
pub fn positive_share_of_voice(
    ours_positive: i64,
    competitors_positive: i64,
) -> crate::metrics::Figure {
    crate::metrics::share_of_voice(ours_positive, competitors_positive)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(counts: &[i64]) -> Vec<Bucket> {
        counts
            .iter()
            .enumerate()
            .map(|(i, &posts)| Bucket {
                start: i as Millis * BUCKET_MS,
                posts,
                negative: posts / 5,
                positive: 0,
            })
            .collect()
    }

    #[test]
    fn median_and_mad_by_hand() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        // deviations from 2: 1, 0, 1, 2, 8 -> median 1
        assert_eq!(mad(&[1.0, 2.0, 3.0, 4.0, 10.0]), 1.0);
    }

    #[test]
    fn a_busy_hour_over_the_threshold_is_a_volume_spike() {
        let previous = hours(&[10, 12, 9, 11, 10, 13, 10, 11]);
        // median 10.5, MAD 1 -> threshold 10.5 + 3 x 1.4826 = 14.95, but at least 10.5 + 5 = 15.5
        let found = spikes(
            &previous,
            &Bucket {
                start: 99,
                posts: 16,
                negative: 3,
                positive: 0,
            },
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, SpikeKind::Volume);
        assert!((found[0].threshold - 15.5).abs() < 1e-9);
        assert!(
            spikes(
                &previous,
                &Bucket {
                    start: 99,
                    posts: 15,
                    negative: 3,
                    positive: 0
                }
            )
            .is_empty()
        );
    }

    #[test]
    fn a_new_topic_has_no_normal_yet() {
        assert!(
            spikes(
                &hours(&[0, 0, 0]),
                &Bucket {
                    start: 9,
                    posts: 500,
                    negative: 0,
                    positive: 0
                }
            )
            .is_empty()
        );
    }

    #[test]
    fn a_turn_to_negative_is_a_spike_even_at_normal_volume() {
        let previous = hours(&[10, 10, 10, 10, 10, 10, 10]);
        let found = spikes(
            &previous,
            &Bucket {
                start: 9,
                posts: 10,
                negative: 7,
                positive: 0,
            },
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, SpikeKind::Negative);
    }

    #[test]
    fn buckets_fill_the_gaps_with_zeros() {
        let b = fill_buckets(
            0,
            3 * BUCKET_MS + 5,
            &[(10, true, false), (2 * BUCKET_MS + 1, false, true)],
        );
        assert_eq!(
            b.iter().map(|b| b.posts).collect::<Vec<_>>(),
            vec![1, 0, 1, 0]
        );
        assert_eq!(b[0].negative, 1);
        assert_eq!(b[2].positive, 1);
    }
}
