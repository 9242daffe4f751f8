//! Competitor profiles as arithmetic over raw rows, side by side with our own. A competitor's posts are read into the
//! same [`PostRow`] our own deliveries are, and every figure of a line comes from [`reports::line_figures`], the
//! function the profile performance report uses: engagement rate per follower, amplification, applause and
//! conversation rates, audience growth are the catalogue's formulas for both sides, so the lines compare. What only
//! the competitor report has (posts per week, hashtags used, best posts) is defined here.

use crate::reports::{self, FollowerPoint, Period, PostRow, ProfileFigures};
use crate::{Millis, NetworkKind};
use serde::Serialize;
use std::collections::BTreeMap;

/// The most competitors one report puts beside us (Sprout's competitor groups hold 20).
pub const MAX_COMPARED: usize = 20;

const WEEK_MS: Millis = 7 * 24 * 3_600_000;

/// Which side of the comparison a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// One of our own profiles.
    Us,
    Competitor,
}

/// An account a line of the report stands for: one of our profiles, or a competitor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Account {
    pub side: Side,
    /// The profile id (ours) or the competitor id.
    pub id: i64,
    pub name: String,
    pub handle: String,
    pub network: NetworkKind,
}

/// One line of the competitor report.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Line {
    pub account: Account,
    /// The profile performance report's figures, by the same formulas.
    pub figures: ProfileFigures,
    /// `posts_per_week`; `None` for an empty period.
    pub posts_per_week: Option<f64>,
    /// Hashtags used in the period's posts, most used first (ties alphabetically), with the number of posts.
    pub hashtags: Vec<(String, i64)>,
}

/// `posts_per_week`: posts published in the period / (the period's length in days / 7). `None` for an empty period.
pub fn posts_per_week(posts: usize, period: Period) -> Option<f64> {
    let length = period.to - period.from;
    (length > 0).then(|| posts as f64 * WEEK_MS as f64 / length as f64)
}

/// Hashtags across posts (each post's tags counted once), most used first, ties alphabetically.
pub fn hashtags<'a>(posts: impl IntoIterator<Item = &'a PostRow>) -> Vec<(String, i64)> {
    let mut counts: BTreeMap<&str, i64> = BTreeMap::new();
    for p in posts {
        let mut seen: Vec<&str> = p.tags.iter().map(String::as_str).collect();
        seen.sort_unstable();
        seen.dedup();
        for t in seen {
            *counts.entry(t).or_default() += 1;
        }
    }
    let mut out: Vec<(String, i64)> = counts
        .into_iter()
        .map(|(t, n)| (t.to_string(), n))
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// The `n` posts with the most engagements (measured posts only), ties by newest then id.
pub fn best_posts(posts: &[PostRow], n: usize) -> Vec<&PostRow> {
    let mut measured: Vec<&PostRow> = posts.iter().filter(|p| p.engagements().is_some()).collect();
    measured.sort_by(|a, b| {
        b.engagements()
            .cmp(&a.engagements())
            .then(b.published_at.cmp(&a.published_at))
            .then(b.delivery_id.cmp(&a.delivery_id))
    });
    measured.truncate(n);
    measured
}

/// One line: `followers` are the account's first and last snapshots in the period (any order), `posts` its posts
/// published in the period.
pub fn line(
    account: Account,
    period: Period,
    followers: &[FollowerPoint],
    posts: &[PostRow],
) -> Line {
    let (first, last) = reports::first_and_last(followers, account.id, period);
    let own: Vec<&PostRow> = posts
        .iter()
        .filter(|p| p.profile_id == account.id && period.contains(p.published_at))
        .collect();
    Line {
        figures: reports::line_figures(first, last, &own, &[account.network]),
        posts_per_week: posts_per_week(own.len(), period),
        hashtags: hashtags(own.iter().copied()),
        account,
    }
}

/// Hashtags written in a text (`#word`, letters, digits, `_`; any script), lower case, in order, once each. Used where
/// a network does not hand the tags over separately (the sandbox) and for our own posts.
pub fn hashtags_in(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i] == '#' && (i == 0 || !is_tag_char(chars[i - 1]));
        if starts {
            let tag: String = chars[i + 1..]
                .iter()
                .take_while(|c| is_tag_char(**c))
                .collect();
            i += 1 + tag.chars().count();
            let tag = tag.to_lowercase();
            if !tag.is_empty() && !tag.chars().all(|c| c.is_ascii_digit()) && !out.contains(&tag) {
                out.push(tag);
            }
        } else {
            i += 1;
        }
    }
    out
}

fn is_tag_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || matches!(c, '\u{0900}'..='\u{097F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(id: i64, at: Millis, likes: Option<i64>, tags: &[&str]) -> PostRow {
        PostRow {
            delivery_id: id,
            post_id: id,
            profile_id: 1,
            published_at: at,
            body: String::new(),
            likes,
            reposts: likes.map(|_| 1),
            replies: likes.map(|_| 0),
            quotes: likes.map(|_| 0),
            impressions: None,
            followers_at_post: Some(100),
            tags: tags.iter().map(|t| t.to_string()).collect(),
        }
    }

    #[test]
    fn hashtags_are_found_in_any_script_once_each() {
        assert_eq!(
            hashtags_in("New menu #Chai #chai, #मसाला and a#b not, #123 neither; (#Launch_2026)"),
            vec!["chai", "मसाला", "launch_2026"]
        );
    }

    #[test]
    fn posts_per_week_follows_the_period_length() {
        let two_weeks = Period {
            from: 0,
            to: 2 * WEEK_MS,
        };
        assert_eq!(posts_per_week(6, two_weeks), Some(3.0));
        assert_eq!(posts_per_week(1, Period { from: 5, to: 5 }), None);
    }

    #[test]
    fn best_posts_are_the_most_engaged_measured_ones_and_hashtags_are_counted_per_post() {
        let posts = vec![
            post(1, 10, Some(5), &["a", "b"]),
            post(2, 20, None, &["a"]),
            post(3, 30, Some(9), &["b"]),
            post(4, 40, Some(5), &["c"]),
        ];
        let best: Vec<i64> = best_posts(&posts, 2)
            .iter()
            .map(|p| p.delivery_id)
            .collect();
        assert_eq!(best, vec![3, 4]);
        assert_eq!(
            hashtags(&posts),
            vec![("a".into(), 2), ("b".into(), 2), ("c".into(), 1)]
        );
    }
}
